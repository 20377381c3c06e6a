// The frame of every part of the page: a card with a heading, one line saying what it shows,
// the chart, and the chart's numbers as a table.
import { escapeHtml } from './escape.js';

export interface SectionParts {
  id: string;
  heading: string;
  /** one plain-text line under the heading */
  lede: string;
  /** the chart (SVG markup), or '' for a section that is only a note */
  figure: string;
  /** the folded table (markup) */
  details: string;
  /** a legend (markup) shown between the lede and the chart */
  legend?: string;
  /** a plain-text note after the chart, e.g. "showing 30 of 41 rows" */
  note?: string;
}

export function section(parts: SectionParts): string {
  return (
    `<section class="card" id="${parts.id}" aria-labelledby="${parts.id}-heading">` +
    `<h2 id="${parts.id}-heading">${escapeHtml(parts.heading)}</h2>` +
    `<p class="lede">${escapeHtml(parts.lede)}</p>` +
    (parts.legend ?? '') +
    (parts.figure ? `<figure>${parts.figure}</figure>` : '') +
    (parts.note ? `<p class="note">${escapeHtml(parts.note)}</p>` : '') +
    parts.details +
    '</section>\n'
  );
}

/** A legend of coloured swatches; `className` picks the swatch colour from the page's CSS. */
export function legend(entries: { className: string; label: string }[]): string {
  const items = entries.map((entry) => `<li><span class="swatch ${entry.className}" aria-hidden="true"></span>${escapeHtml(entry.label)}</li>`).join('');
  return `<ul class="legend">${items}</ul>`;
}
