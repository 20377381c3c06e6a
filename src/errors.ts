// One error class for everything a user can cause: a stable code, a one-line message, an exit status.
// The CLI prints `bazinga-stats: <message>` and no stack for these (set BAZINGA_STATS_DEBUG=1 for one).

export type ErrorCode =
  | 'USAGE' // a bad flag or flag value
  | 'INPUT' // a file that cannot be read or decompressed
  | 'OUTPUT'; // the -o file cannot be written

export const EXIT_OK = 0;
/** --strict and at least one invalid line */
export const EXIT_INVALID_LINES = 1;
/** usage errors and unreadable input */
export const EXIT_ERROR = 2;

export class BazingaError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BazingaError';
    this.code = code;
  }
}

export const usageError = (message: string) => new BazingaError('USAGE', message);
export const inputError = (message: string) => new BazingaError('INPUT', message);
