// Commands: events per command (the bar) and the distinct installs that ran it, in the report's order.
import type { CommandRow } from '../../core/report.js';
import { renderBarChart } from './bars.js';
import { formatCount } from './format.js';
import { moreLine, topRows } from '../shown.js';
import { section } from './section.js';
import { countCell, numbersDetails, type FallbackTable } from './table.js';

export function renderCommands(all: CommandRow[] | undefined, top: number): string {
  if (!all) return '';
  const { rows, more } = topRows(all, top);
  if (rows.length === 0) {
    return section({ id: 'commands', heading: 'Commands', lede: 'No commands in the report.', figure: '', details: '' });
  }
  const table: FallbackTable = {
    caption: 'Commands',
    columns: [{ heading: 'command' }, { heading: 'events', numeric: true, field: 'events' }, { heading: 'installs', numeric: true, field: 'installs' }],
    rows: rows.map((row) => ({ key: row.command, cells: [row.command, countCell(row.events), countCell(row.installs)] })),
  };
  const chart = renderBarChart({
    id: 'chart-commands',
    title: 'Events per command',
    description: 'Events per command; the number of distinct installs that ran it follows each bar.',
    mark: 'command',
    field: 'events',
    categoryLabel: 'command',
    valueLabel: 'events',
    rows: rows.map((row) => ({
      key: row.command,
      label: row.command,
      value: row.events,
      valueText: `${formatCount(row.events)} events · ${formatCount(row.installs)} installs`,
      title: `command ${row.command}\nevents: ${formatCount(row.events)}\ninstalls: ${formatCount(row.installs)}`,
    })),
  });
  return section({
    id: 'commands',
    heading: 'Commands',
    lede: 'What installs do: events per command, and how many installs ran each.',
    figure: chart,
    note: moreLine(more, 'command') || undefined,
    details: numbersDetails(table),
  });
}
