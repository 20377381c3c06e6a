// SemVer order in plain SQL (no user-defined function): each distinct version gets a text key whose byte
// order is SemVer 2.0 precedence (src/core/version-order.ts), with the version itself as the tie-break,
// as compareVersions does. The key, all ASCII:
//   not SemVer           '0'                              (below every SemVer string)
//   SemVer               '1' MAJOR MINOR PATCH RELEASE
//   a number             7-digit length, then its digits  (no leading zeros in SemVer: longer is larger)
//   RELEASE              '2' for a release, '1' IDENTIFIERS ' ' for a pre-release (below its release)
//   an identifier        'a' LENGTH DIGITS '!' when numeric, 'b' TEXT '!' when not (numeric ones lower)
// '!' and ' ' sort below every identifier character, so a shorter list of equal identifiers sorts first.

import type { Cte, SqlContext } from './query.js';

const NUMBER = '0|[1-9][0-9]*';
const IDENTIFIER = `(?:${NUMBER}|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)`;
/** groups: 1 major, 2 minor, 3 patch, 4 pre-release */
export const SEMVER_PATTERN = `(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?`;

const number = (digits: string) => `lpad(CAST(length(${digits}) AS VARCHAR), 7, '0') || ${digits}`;

/** `version_order`: one row per version of `counted`, with `sort_key`. */
export function versionOrder({ dialect }: SqlContext): Cte[] {
  return [
    {
      name: 'semver',
      comment: 'each version that occurs, split into SemVer parts when it is SemVer',
      sql: dialect.semverParts('(SELECT DISTINCT version FROM counted) AS v', SEMVER_PATTERN),
    },
    {
      name: 'version_order',
      comment: 'each version with a key whose text order is SemVer precedence (non-SemVer lowest; ties by the version text)',
      sql:
        `SELECT version, CASE WHEN NOT is_semver THEN '0'\n` +
        `  ELSE '1' || ${number('major')} || ${number('minor')} || ${number('patch')}\n` +
        `    || CASE WHEN coalesce(pre, '') = '' THEN '2' ELSE '1' || ${dialect.prereleaseKey('pre')} || ' ' END\n` +
        `  END AS sort_key\n` +
        `FROM semver`,
    },
  ];
}
