// Upgrade paths: how many installs moved from one version to another, downgrades marked.
import type { UpgradeRow } from '../../core/report.js';
import { renderBarChart } from './bars.js';
import { formatCount } from './format.js';
import { moreLine, topRows } from '../shown.js';
import { legend, section } from './section.js';
import { countCell, numbersDetails, type FallbackTable } from './table.js';

/** The row key of a move, as marks and table rows carry it. */
export function moveKey(row: UpgradeRow): string {
  return `${row.from} → ${row.to}`;
}

export function renderUpgrades(all: UpgradeRow[] | undefined, top: number): string {
  if (!all) return '';
  const { rows, more } = topRows(all, top);
  if (rows.length === 0) {
    return section({
      id: 'upgrades',
      heading: 'Upgrade paths',
      lede: 'No install changed version between two of its events.',
      figure: '',
      details: '',
    });
  }
  let downgrades = 0;
  for (const row of all) if (row.downgrade) downgrades++;
  const table: FallbackTable = {
    caption: 'Version changes between consecutive events of an install',
    columns: [{ heading: 'from → to' }, { heading: 'installs', numeric: true, field: 'installs' }, { heading: 'direction', field: 'downgrade' }],
    rows: rows.map((row) => ({
      key: moveKey(row),
      cells: [
        moveKey(row),
        countCell(row.installs),
        { text: row.downgrade ? 'downgrade' : 'upgrade', value: String(row.downgrade), className: row.downgrade ? 'downgrade' : undefined },
      ],
    })),
  };
  const chart = renderBarChart({
    id: 'chart-upgrades',
    title: 'Installs per version change',
    description: `Distinct installs that moved from one version to the next, ${formatCount(all.length)} paths; downgrades in red.`,
    mark: 'upgrade',
    field: 'installs',
    categoryLabel: 'from → to',
    valueLabel: 'installs that made the move',
    rows: rows.map((row) => ({
      key: moveKey(row),
      label: moveKey(row),
      value: row.installs,
      valueText: formatCount(row.installs),
      badge: row.downgrade ? 'downgrade' : undefined,
      className: row.downgrade ? 'downgrade' : undefined,
      title: `${moveKey(row)}${row.downgrade ? ' (downgrade)' : ''}\ninstalls: ${formatCount(row.installs)}`,
    })),
  });
  return section({
    id: 'upgrades',
    heading: 'Upgrade paths',
    lede: `How installs move between versions: ${formatCount(all.length)} paths, ${formatCount(downgrades)} of them downgrades.`,
    legend: legend([
      { className: 'upgrade', label: 'upgrade' },
      { className: 'upgrade downgrade', label: 'downgrade (to a lower version)' },
    ]),
    figure: chart,
    note: moreLine(more, 'upgrade path') || undefined,
    details: numbersDetails(table),
  });
}
