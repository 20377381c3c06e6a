// Version adoption: how many installs are on each version now (their latest event carries it),
// against how many ever sent an event with it. Newest first in the version order the caller
// gives (SemVer by default); the latest version is highlighted.
import type { Report } from '../../core/report.js';
import { renderBarChart } from './bars.js';
import { exactShare, formatCount, formatPercent } from './format.js';
import { moreLine, topRows } from '../shown.js';
import { legend, section } from './section.js';
import { countCell, numbersDetails, type FallbackTable } from './table.js';

export function renderVersions(
  versions: Report['versions'],
  uniques: number | undefined,
  compareVersions: (a: string, b: string) => number,
  top: number,
): string {
  if (!versions) return '';
  const { latest } = versions;
  // the top rows of the report's order (by events), then newest first
  const { rows: kept, more } = topRows(versions.rows, top);
  const rows = kept.sort((a, b) => compareVersions(b.version, a.version));
  const table: FallbackTable = {
    caption: `Versions${latest !== null ? `; latest: ${latest}` : ''}; share = current / installs in all (${uniques !== undefined ? formatCount(uniques) : 'n/a'})`,
    columns: [
      { heading: 'version' },
      { heading: 'current installs', numeric: true, field: 'current' },
      { heading: 'share', numeric: true, field: 'share' },
      { heading: 'installs ever', numeric: true, field: 'installs' },
      { heading: 'events', numeric: true, field: 'events' },
    ],
    rows: rows.map((row) => ({
      key: row.version,
      cells: [
        { text: row.version + (row.version === latest ? ' (latest)' : ''), className: row.version === latest ? 'latest' : undefined },
        countCell(row.current),
        { text: `${formatPercent(row.share)} (${exactShare(row.share)})`, value: row.share },
        countCell(row.installs),
        countCell(row.events),
      ],
    })),
  };
  if (rows.length === 0) {
    return section({ id: 'versions', heading: 'Version adoption', lede: 'No versions in the report.', figure: '', details: '' });
  }
  const chart = renderBarChart({
    id: 'chart-versions',
    title: 'Installs per version now',
    description: `Current installs per version (installs whose latest event carries it), over a faint bar of all installs that ever used it.${latest !== null ? ` The latest version, ${latest}, is highlighted.` : ''}`,
    mark: 'version',
    field: 'current',
    categoryLabel: 'version',
    valueLabel: 'installs (solid: on this version now; faint: ever used it)',
    rows: rows.map((row) => ({
      key: row.version,
      label: row.version,
      value: row.current,
      background: row.installs,
      valueText: `${formatCount(row.current)} · ${formatPercent(row.share)}`,
      badge: row.version === latest ? 'latest' : undefined,
      className: row.version === latest ? 'latest' : undefined,
      title:
        `version ${row.version}${row.version === latest ? ' (latest)' : ''}\n` +
        `current installs: ${formatCount(row.current)} (share ${exactShare(row.share)})\n` +
        `installs that ever used it: ${formatCount(row.installs)}\n` +
        `events: ${formatCount(row.events)}`,
    })),
  });
  return section({
    id: 'versions',
    heading: 'Version adoption',
    lede: "Which versions installs run now: the version of each install's latest event.",
    legend: legend([
      { className: 'version latest', label: `latest version${latest !== null ? ` (${latest})` : ''}` },
      { className: 'version', label: 'other versions, installs on them now' },
      { className: 'bar-background', label: 'installs that ever used the version' },
    ]),
    figure: chart,
    note: moreLine(more, 'version') || undefined,
    details: numbersDetails(table),
  });
}
