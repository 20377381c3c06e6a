// An in-memory DuckDB for one test file (test/engines-sql.test.ts, test/slow/engines-duckdb.test.ts): opened
// before the file's tests, closed after them; `connection()` is valid inside a test.

import { after, before } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export function inMemoryDuckDb(): { connection(): DuckDBConnection } {
  let instance: DuckDBInstance | undefined;
  let connection: DuckDBConnection | undefined;
  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  after(() => {
    connection?.closeSync();
    instance?.closeSync();
  });
  return {
    connection() {
      if (connection === undefined) throw new Error('DuckDB is opened before the tests');
      return connection;
    },
  };
}
