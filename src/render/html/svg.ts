// Small pieces every SVG chart is built from: a scale with round ticks, the <svg> frame with its
// accessible name, and coordinates printed compactly. Inline SVG in HTML needs no xmlns, so the
// page holds no URL at all.
//
// A chart has no viewBox (issue #21 item 5): it is as wide as the page lets it be and its user unit is the
// CSS pixel, so text keeps its size on a phone. Heights and y are pixels; x along a chart's width is a
// percentage (`pct`), with `dx` for a fixed offset from it; the y axis's labels sit left of x = 0, in the
// gutter the stylesheet leaves (`--gutter`).
import { escapeHtml } from './escape.js';

/**
 * Widths in CSS px the plot area of a chart is laid out for, to decide which labels fit: a wide screen
 * (1280 px: the page's full width), a tablet or a small window (from 610 px), and a phone (390 px). Labels
 * kept only for the wider ones carry `tier-wide` or `tier-mid` and are hidden below them (style.ts).
 */
export const LAYOUT_WIDTHS = { wide: 860, mid: 420, narrow: 250 } as const;

/** `fraction` of the chart's width as an SVG length: 0.125 → "12.5%". */
export function pct(fraction: number): string {
  return `${px(fraction * 100)}%`;
}

/** A coordinate with at most two decimals, without trailing zeros. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export interface Scale {
  /** the top of the axis: a round number ≥ the largest value */
  max: number;
  ticks: number[];
}

/**
 * Round tick values from 0 to at least `max` (steps of 1, 2 or 5 × 10^k, whole numbers only, as
 * every value drawn is a count), about `count` of them.
 */
export function countScale(max: number, count = 4): Scale {
  if (!(max > 0)) return { max: 1, ticks: [0, 1] };
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let tick = 0; tick <= top + step / 2; tick += step) ticks.push(tick);
  return { max: top, ticks };
}

/** Short tick labels: 1,500 → "1.5k", 2,000,000 → "2M". Ticks are axis guides; exact numbers are in titles and tables. */
export function tickLabel(value: number): string {
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (Math.abs(value) >= size) return `${Math.round((value / size) * 10) / 10}${suffix}`;
  }
  return String(value);
}

/**
 * The <svg> element of a chart, named for screen readers by its title and description: as wide as its
 * figure, `height` CSS px tall. `className` adds a class (`labels-left`: a wider gutter for long row labels).
 */
export function svgFrame(id: string, title: string, description: string, height: number, body: string, className = ''): string {
  return (
    `<svg class="chart${className ? ` ${className}` : ''}" id="${id}" width="100%" height="${px(height)}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" data-chart="${id}">` +
    `<title id="${id}-title">${escapeHtml(title)}</title>` +
    `<desc id="${id}-desc">${escapeHtml(description)}</desc>` +
    body +
    '</svg>'
  );
}

export interface TextOptions {
  anchor?: 'start' | 'middle' | 'end';
  className?: string;
  rotate?: number;
}

/**
 * An SVG <text>; `content` is escaped here. `x` is pixels from the plot's left edge (a number) or a length
 * (`pct(…)`); a rotated text takes pixels.
 */
export function svgText(x: number | string, y: number, content: string, options: TextOptions = {}): string {
  const anchor = options.anchor && options.anchor !== 'start' ? ` text-anchor="${options.anchor}"` : '';
  const className = options.className ? ` class="${options.className}"` : '';
  const at = typeof x === 'number' ? px(x) : x;
  const rotate = options.rotate ? ` transform="rotate(${options.rotate} ${at} ${px(y)})"` : '';
  return `<text x="${at}" y="${px(y)}"${anchor}${className}${rotate}>${escapeHtml(content)}</text>`;
}

/**
 * Paths across the chart's width: a nested SVG `height` px tall at `top`, whose x runs from 0 to 100 over
 * the chart's width whatever it is (stretched: preserveAspectRatio none) and whose y is pixels. Lines drawn
 * in it keep their stroke width (`vector-effect: non-scaling-stroke`, style.ts).
 */
export function stretched(top: number, height: number, body: string): string {
  return (
    `<svg class="stretch" y="${px(top)}" width="100%" height="${px(height)}" viewBox="0 0 100 ${px(height)}" preserveAspectRatio="none">` + body + '</svg>'
  );
}

/** Indices of the labels to print on an axis of `count` bands: about `wanted`, always the first and the last. */
export function labelIndices(count: number, wanted: number): number[] {
  if (count <= 0) return [];
  if (count <= wanted) return Array.from({ length: count }, (_, i) => i);
  const step = Math.ceil((count - 1) / (wanted - 1));
  const indices: number[] = [];
  for (let i = 0; i < count; i += step) indices.push(i);
  // Keep the last label, dropping the one before it when the two would overlap.
  if (indices[indices.length - 1] !== count - 1) {
    if (count - 1 - indices[indices.length - 1] < step / 2) indices.pop();
    indices.push(count - 1);
  }
  return indices;
}
