// A period the data covers in part only (core/coverage.ts, issue #21) drawn hatched over its band in every
// time chart, so a short first or last period does not read as a drop; its title says why. The hatching is a
// pattern of the chart's own (ids are per chart) drawn over the marks without taking their hover.

import { pct, px } from './svg.js';

/** Said under a chart with a partial period, and in the numbers table beside its label. */
export const PARTIAL_TEXT = 'Hatched: a period the data starts or ends inside; its numbers cover only part of it.';

/** The hatching of the bands at `indices` of `axis`, from `top` down `height` px; '' when there are none. */
export function partialBands(chartId: string, indices: readonly number[], axis: { band: number; x(i: number): number }, top: number, height: number): string {
  if (indices.length === 0) return '';
  const id = `${chartId}-partial`;
  return (
    `<defs><pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<line class="hatch" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>` +
    indices
      .map(
        (i) =>
          `<rect class="partial" data-partial="${i}" fill="url(#${id})" x="${pct(axis.x(i))}" y="${px(top)}" width="${pct(axis.band)}" height="${px(height)}"/>`,
      )
      .join('')
  );
}

/** A chart's note, with PARTIAL_TEXT when it has partial bands. */
export const withPartialText = (note: string | undefined, indices: readonly number[]) =>
  indices.length === 0 ? note || undefined : note ? `${note} ${PARTIAL_TEXT}` : PARTIAL_TEXT;

/** The indices of the partial rows. */
export const partialIndices = (rows: readonly ({ partial?: boolean } | null)[]) => rows.flatMap((row, i) => (row?.partial ? [i] : []));

/** A period's label in a numbers table, marked when partial. */
export const partialCell = (label: string, partial: boolean | undefined) => (partial ? `${label} (partial)` : label);
