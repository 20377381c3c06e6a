// The sections `bazinga-stats sql` prints, each a pure function of the settings and the dialect, and the
// text of a run: every statement introduced by a comment naming the JSON key its rows are.
// Only sections whose SQL gives the CLI's numbers on both engines (test/engines-*.test.ts) are listed.

import { activationSql } from './activation.js';
import { adoptionSql } from './adoption.js';
import { activeSql } from './active.js';
import { churnSql } from './churn.js';
import { commandsSql } from './commands.js';
import { periodsSql } from './periods.js';
import type { SqlContext, Statement } from './query.js';
import { retentionSql } from './retention.js';
import { uniquesSql } from './uniques.js';
import { upgradesSql } from './upgrades.js';
import { versionsSql } from './versions.js';

export const SQL_SECTIONS: Record<string, (ctx: SqlContext) => Statement[]> = {
  report: (ctx) => [...uniquesSql(ctx), ...periodsSql(ctx), ...versionsSql(ctx), ...commandsSql(ctx)],
  uniques: uniquesSql,
  daily: periodsSql,
  versions: versionsSql,
  commands: commandsSql,
  upgrades: upgradesSql,
  retention: retentionSql,
  active: activeSql,
  activation: activationSql,
  churn: churnSql,
  adoption: adoptionSql,
};

/** Sections of the CLI that have no SQL yet (or never: quality stays CLI-only), for the usage error. */
export const SQL_NOT_YET = ['quality'];

export function sectionStatements(section: string, ctx: SqlContext): Statement[] {
  return SQL_SECTIONS[section](ctx);
}

/** The statements as one script: `-- section: KEY`, the statement, `;`. */
export function renderStatements(statements: Statement[]): string {
  return statements.map((s) => `-- section: ${s.name}\n${s.sql};\n`).join('\n');
}
