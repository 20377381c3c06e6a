import { usageError } from '../errors.js';
export async function sqlCommand(_argv: string[]): Promise<number> {
  throw usageError('sql: not available yet');
}
