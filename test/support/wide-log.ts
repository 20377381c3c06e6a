// A log wide in every way, for the tests of tables that fit their width (issue #21 item 4).

import { eventLine } from './cli.js';

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const day = (d: number) => new Date(Date.UTC(2025, 0, 6) + d * 86400000).toISOString().slice(0, 10);

/**
 * 40 weeks of a tool with 8 releases (one every 5 weeks), 60 installs, each active about weekly on the release
 * of its week; a long file name for quality's places; duplicates and a busy day so the ledger has places.
 */
export function wideLog(): string {
  const lines: string[] = [];
  for (let install = 0; install < 60; install++) {
    const start = (install * 4) % 200;
    lines.push(eventLine(uuid(install + 1), 'init', `1.${Math.floor(start / 35)}.0`, `${day(start)}T10:00:00`));
    for (let d = start + 7; d < 280; d += 6 + (install % 5))
      lines.push(eventLine(uuid(install + 1), 'update', `1.${Math.floor(d / 35)}.0`, `${day(d)}T10:00:00`));
  }
  // a duplicate and an update-only id
  lines.push(lines[1], eventLine(uuid(999), 'update', '1.7.0', `${day(270)}T10:00:00`));
  return lines.join('\n') + '\n';
}
