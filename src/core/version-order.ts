// Version order: SemVer 2.0 precedence (https://semver.org/#spec-item-11), pre-releases below their release,
// build metadata ignored; strings that are not SemVer sort below all SemVer ones. Ties (equal precedence, or
// two non-SemVer strings) fall back to plain string order so that sorting is total and stable.

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

interface Parsed {
  core: [bigint, bigint, bigint];
  pre: string[];
}

const cache = new Map<string, Parsed | null>();

function parse(version: string): Parsed | null {
  let parsed = cache.get(version);
  if (parsed === undefined) {
    const m = SEMVER.exec(version);
    parsed = m ? { core: [BigInt(m[1]), BigInt(m[2]), BigInt(m[3])], pre: m[4] ? m[4].split('.') : [] } : null;
    cache.set(version, parsed);
  }
  return parsed;
}

export const isSemver = (version: string) => parse(version) !== null;

const NUMERIC = /^\d+$/;

function compareIdentifiers(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  if (an !== bn) return an ? -1 : 1; // numeric identifiers have lower precedence
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SemVer precedence only: 0 for equal precedence (and for two non-SemVer strings). */
export function comparePrecedence(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  for (let i = 0; i < 3; i++) if (pa.core[i] !== pb.core[i]) return pa.core[i] < pb.core[i] ? -1 : 1;
  if (pa.pre.length === 0 || pb.pre.length === 0) return pb.pre.length - pa.pre.length === 0 ? 0 : pa.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(pa.pre.length, pb.pre.length); i++) {
    const c = compareIdentifiers(pa.pre[i], pb.pre[i]);
    if (c !== 0) return c;
  }
  return pa.pre.length - pb.pre.length;
}

/** The total version order: precedence, then plain string order. Negative when a sorts below b. */
export function compareVersions(a: string, b: string): number {
  return comparePrecedence(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The highest version in the total order, or null for none. */
export function latestVersion(versions: Iterable<string>): string | null {
  let latest: string | null = null;
  for (const v of versions) if (latest === null || compareVersions(v, latest) > 0) latest = v;
  return latest;
}
