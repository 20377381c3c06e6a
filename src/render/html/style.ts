// The page's only stylesheet, inlined in <head>. System fonts only: nothing is fetched.
export const STYLE = `
:root {
  --ink: #1f2937; --muted: #6b7280; --faint: #9ca3af; --line: #e5e7eb; --page: #f5f6f8; --card: #fff;
  --events: #2563eb; --installs: #0891b2; --new: #16a34a; --total: #7c3aed;
  --returning: #2563eb; --resurrecting: #f59e0b; --dormant: #dc2626;
  --version: #94a3b8; --latest: #2563eb; --ever: #e2e8f0; --command: #0891b2; --upgrade: #16a34a; --downgrade: #dc2626;
}
* { box-sizing: border-box; }
html { background: var(--page); }
body {
  margin: 0 auto; max-width: 1060px; padding: 28px 24px 48px; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header h1 { font-size: 26px; line-height: 1.2; margin: 0 0 4px; letter-spacing: -0.01em; }
header .subtitle { color: var(--muted); margin: 0 0 16px; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 0 0 18px; font-size: 14px; }
a { color: var(--events); text-decoration: none; }
a:hover { text-decoration: underline; }
.settings {
  display: flex; flex-wrap: wrap; gap: 8px 40px; margin: 0 0 18px;
  background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 12px 20px; font-size: 13px;
}
.settings dt { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.05em; }
.settings dd { margin: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 14px; margin: 0 0 20px; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 14px 18px; }
.figure-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; overflow-wrap: anywhere; }
.figure-value { font-size: 30px; font-weight: 650; line-height: 1.25; font-variant-numeric: tabular-nums; }
.figure-detail { color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 18px 24px 16px; margin: 0 0 20px; }
.card h2 { font-size: 19px; margin: 0 0 2px; }
.lede { color: var(--muted); margin: 0 0 10px; font-size: 14px; }
.note { color: var(--muted); font-size: 13px; margin: 4px 0; }
figure { margin: 0; }
svg.chart { display: block; height: auto; font-size: 12px; }
svg text { fill: var(--ink); }
.tick-label { fill: var(--muted); font-size: 11px; font-variant-numeric: tabular-nums; }
.axis-label { fill: #374151; font-size: 12px; font-weight: 600; }
.panel-title { font-size: 13px; }
.panel-title.events { fill: var(--events); } .panel-title.installs { fill: var(--installs); }
.panel-title.new { fill: var(--new); } .panel-title.total { fill: var(--total); }
.peak-label { fill: var(--muted); font-size: 11px; }
.value-label { font-size: 12px; font-variant-numeric: tabular-nums; }
.row-label { font-size: 12.5px; }
.row-label.latest { font-weight: 700; fill: var(--latest); }
.badge { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; }
.badge.latest { fill: var(--latest); } .badge.downgrade { fill: var(--downgrade); }
line.grid { stroke: var(--line); stroke-width: 1; }
line.baseline { stroke: var(--faint); stroke-width: 1; }
line.tick { stroke: var(--faint); }
.hit { fill: transparent; }
g[data-mark]:hover > .hit, g.column:hover > .hit { fill: rgba(15, 23, 42, 0.06); }
.bar.events { fill: var(--events); } .bar.installs { fill: var(--installs); } .bar.new { fill: var(--new); }
.bar.peak { filter: brightness(0.8); }
.area.total { fill: var(--total); fill-opacity: 0.14; }
.line.total { fill: none; stroke: var(--total); stroke-width: 2; stroke-linejoin: round; }
.dot.total { fill: var(--total); }
.seg.new { fill: var(--new); } .seg.returning { fill: var(--returning); }
.seg.resurrecting { fill: var(--resurrecting); } .seg.dormant { fill: var(--dormant); fill-opacity: 0.8; }
.bar.version { fill: var(--version); } .bar.version.latest { fill: var(--latest); }
.bar-background { fill: var(--ever); }
rect.gap { fill: var(--line); fill-opacity: 0.6; } line.gap-edge { stroke: var(--faint); stroke-dasharray: 3 3; }
tr.gap td { color: var(--muted); font-style: italic; text-align: center; }
.bar.command { fill: var(--command); }
.bar.upgrade { fill: var(--upgrade); } .bar.upgrade.downgrade { fill: var(--downgrade); }
.cell-label { font-size: 11px; fill: var(--ink); }
.cell-label.on-dark { fill: #fff; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 0 0 8px; font-size: 13px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; background: var(--faint); }
.swatch.new { background: var(--new); } .swatch.returning { background: var(--returning); }
.swatch.resurrecting { background: var(--resurrecting); } .swatch.dormant { background: var(--dormant); opacity: 0.8; }
.swatch.version { background: var(--version); } .swatch.version.latest { background: var(--latest); }
.swatch.bar-background { background: var(--ever); }
.swatch.upgrade { background: var(--upgrade); } .swatch.upgrade.downgrade { background: var(--downgrade); }
.heat-legend li { gap: 4px; }
.heat-legend .swatch { width: 22px; }
details.numbers { margin-top: 8px; font-size: 14px; }
details.numbers summary { cursor: pointer; color: var(--events); width: max-content; }
.table-scroll { overflow: auto; max-height: 480px; margin-top: 8px; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding: 8px 10px; font-size: 12px; }
th, td { padding: 4px 10px; border-top: 1px solid var(--line); text-align: left; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #f9fafb; font-weight: 600; }
th[scope="row"] { font-weight: 500; }
.num { text-align: right; }
td.downgrade, th.latest { color: var(--downgrade); font-weight: 600; }
th.latest { color: var(--latest); }
.empty { text-align: center; padding: 48px 24px; }
.empty h2 { font-size: 24px; }
footer { color: var(--faint); font-size: 12px; margin-top: 28px; }
@media print { body { max-width: none; } .card, .figure { break-inside: avoid; } }
`;
