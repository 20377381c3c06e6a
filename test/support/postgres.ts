// A PostgreSQL server for the engine tests (issue #22): initdb and pg_ctl into a temporary folder, listening
// only on a Unix socket in it (no TCP port), trust authentication, stopped by `stop()` (call it in `after`).
// Run as root (CI, this machine), the server runs as the `postgres` user, as Debian's package sets it up.
//
// The binaries: BAZINGA_STATS_PG_BIN (a folder holding initdb, pg_ctl and psql) if set, else Debian's
// PostgreSQL 15 (/usr/lib/postgresql/15/bin). Without them `postgresMissing()` says how to get them.

import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env.BAZINGA_STATS_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PORT = 54329;

/** Null when the binaries are there; else one line saying how to get them. */
export function postgresMissing(): string | null {
  if (existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'))) return null;
  return `PostgreSQL 15 not found in ${PG_BIN}: apt-get install postgresql-15 (or set BAZINGA_STATS_PG_BIN to a folder with initdb, pg_ctl and psql)`;
}

export interface Postgres {
  /** the folder holding the socket (psql -h) */
  socketDir: string;
  port: number;
  /** runs SQL through psql (-X, ON_ERROR_STOP) and returns its stdout; throws with psql's stderr on an error */
  psql(sql: string): string;
  /** the server's version line */
  version: string;
  stop(): void;
}

const asRoot = userInfo().uid === 0;

/** Runs a server binary as the postgres user when we are root (initdb refuses root). */
function runServerTool(tool: string, args: string[]): void {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), args];
  const run = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`${tool} failed (${run.status}): ${run.stderr || run.stdout}`);
}

export function startPostgres(): Postgres {
  const dir = mkdtempSync(join(tmpdir(), 'bazinga-pg-'));
  if (asRoot) {
    chmodSync(dir, 0o755);
    const pg = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(pg.stdout.trim()), Number(gid.stdout.trim()));
  }
  const data = join(dir, 'data');
  runServerTool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  const options = `-c listen_addresses='' -c unix_socket_directories='${dir}' -p ${PORT} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
  runServerTool('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  const psqlPath = existsSync(join(PG_BIN, 'psql')) ? join(PG_BIN, 'psql') : 'psql';
  const psql = (sql: string): string => {
    const run = spawnSync(psqlPath, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(PORT), '-U', 'postgres', '-d', 'postgres', '-At'], {
      input: sql,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      timeout: 300_000,
    });
    if (run.status !== 0) throw new Error(`psql failed (${run.status}): ${run.stderr}`);
    return run.stdout;
  };
  let stopped = false;
  return {
    socketDir: dir,
    port: PORT,
    psql,
    version: psql('SHOW server_version;').trim(),
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runServerTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** For a script or a shell: `node dist/test/support/postgres.js` starts one and prints how to reach it. */
export function describe(pg: Postgres): string {
  return `psql -h ${pg.socketDir} -p ${pg.port} -U postgres`;
}
