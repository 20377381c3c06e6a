// Charts made of text, for the table and Markdown renderers: bars of Unicode eighth blocks and
// sparklines of lower blocks. Pure functions of numbers; no colour, no terminal access.

/** Partial blocks from one eighth to seven eighths of a cell; index k is k+1 eighths. */
const EIGHTHS = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL_BLOCK = '█';

/**
 * A horizontal bar for `value` on a scale where `max` fills `width` cells, to the nearest eighth of
 * a cell. A value above zero always shows at least one eighth (▏), so a small count is never
 * mistaken for none; zero, a negative value, or a scale without room (`max` or `width` ≤ 0) give
 * ''. The bar is not padded: it is at most `width` cells long.
 */
export function bar(value: number, max: number, width: number): string {
  if (!(value > 0) || !(max > 0) || !(width >= 1)) return '';
  const cells = Math.floor(width);
  const eighths = Math.min(cells * 8, Math.max(1, Math.round((value / max) * cells * 8)));
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return FULL_BLOCK.repeat(full) + (rest > 0 ? EIGHTHS[rest - 1] : '');
}

/** Sparkline levels from lowest to highest. */
const LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * One character per value, scaled from zero to the largest value. Zero (and anything not above
 * zero) is always ▁, the lowest block, and a value above zero is always ▂ or higher, so a period
 * without events stands out from a quiet one. ▁ rather than a space keeps the line's shape in
 * Markdown, where runs of spaces collapse. An empty list gives ''.
 */
export function sparkline(values: readonly number[]): string {
  let max = 0;
  for (const value of values) if (value > max) max = value;
  let line = '';
  for (const value of values) {
    if (!(value > 0)) {
      line += LEVELS[0];
      continue;
    }
    // ceil keeps the smallest positive value off the zero level; the largest value reaches █.
    const level = Math.min(LEVELS.length - 1, Math.max(1, Math.ceil((value / max) * (LEVELS.length - 1))));
    line += LEVELS[level];
  }
  return line;
}

/** Where a run of empty periods was left out of a sparkline. */
export const SPARK_GAP = '┆';

/**
 * The sparkline of `values`, with ┆ before value i wherever `gaps` has i (and at the end when it has
 * `values.length`): the periods shown, and where runs of empty ones were left out.
 */
export function sparklineWithGaps(values: readonly number[], gaps?: { has(index: number): boolean }): string {
  const line = sparkline(values);
  if (!gaps) return line;
  let out = '';
  let i = 0;
  for (const char of line) out += (gaps.has(i++) ? SPARK_GAP : '') + char;
  return out + (gaps.has(values.length) ? SPARK_GAP : '');
}

export interface BarWidthLimits {
  /** below this many cells a bar says too little: no bar column at all */
  min: number;
  /** beyond this many cells a bar only takes room */
  max: number;
  /** cells the bar column itself adds around its content (a border and two spaces of padding) */
  chrome: number;
}

export const defaultBarWidthLimits: BarWidthLimits = { min: 10, max: 40, chrome: 3 };

/**
 * How many cells a bar column may take in a table `terminalWidth` cells wide whose other columns
 * (with their borders and padding) take `otherColumnsWidth` cells. Returns 0 — no bar column, plain
 * numbers — when fewer than `limits.min` cells are left, or when the width is unknown (not a
 * positive number), so output to a pipe stays plain unless the caller passes a width.
 */
export function barWidth(terminalWidth: number | undefined, otherColumnsWidth: number, limits: BarWidthLimits = defaultBarWidthLimits): number {
  if (terminalWidth === undefined || !(terminalWidth > 0)) return 0;
  const room = Math.floor(terminalWidth) - Math.ceil(otherColumnsWidth) - limits.chrome;
  if (room < limits.min) return 0;
  return Math.min(room, limits.max);
}
