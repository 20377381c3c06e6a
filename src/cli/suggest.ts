// "Did you mean": the nearest of a few known names to what was typed (git's and yargs' suggestion), by
// edit distance with transpositions, so `dialy` finds `daily` and `--formt` finds `--format`.

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1];
}

/**
 * The known name nearest to `typed` (case-insensitive), when it is near enough: at most 1 edit for names of up
 * to 4 characters, 2 for longer ones, or `typed` is a prefix of exactly one name. Null otherwise.
 */
export function nearest(typed: string, names: readonly string[]): string | null {
  const lower = typed.toLowerCase();
  if (lower === '') return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best !== null && bestDistance <= (lower.length <= 4 ? 1 : 2)) return best;
  const prefixed = names.filter((name) => name.toLowerCase().startsWith(lower));
  return prefixed.length === 1 ? prefixed[0] : null;
}
