// The flags a command has beside the report's (export's --rejects, sql's --dialect): taken out of argv
// before the rest goes through the report's parser (cli/arguments.ts), so every shared flag — --tz, --window,
// the filters, -o — is parsed, checked and worded exactly as for a report.

import { usageError } from '../errors.js';

export interface OwnFlag {
  /** a one-letter alias (`-f`) */
  alias?: string;
  /** the values it accepts; null: any */
  choices: readonly string[] | null;
}

/** `--name value`, `--name=value` and `-a value` of the own flags → their values; the other arguments as they were. */
export function takeOwnFlags(argv: string[], flags: Record<string, OwnFlag>): { values: Record<string, string>; rest: string[] } {
  const values: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      // everything after `--` as it is (any number of files: no spread into a call)
      for (const after of argv.slice(i)) rest.push(after);
      break;
    }
    const [head, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    const name = Object.keys(flags).find((n) => head === `--${n}` || (flags[n].alias !== undefined && head === `-${flags[n].alias}`));
    if (name === undefined) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === null && value.startsWith('-') && value !== '-')) throw usageError(`${head} needs a value`);
    if (name in values) throw usageError(`--${name} was given more than once`);
    const choices = flags[name].choices;
    if (choices !== null && !choices.includes(value)) throw usageError(`--${name}: '${value}' is not one of ${choices.join(', ')}`);
    if (value === '') throw usageError(`--${name}: the value is empty`);
    values[name] = value;
  }
  return { values, rest };
}
