// The page's only stylesheet, inlined in <head>. System fonts only: nothing is fetched.
//
// Phones and dark rooms (issue #21 item 5). The charts are not drawings scaled to the page: an SVG chart has
// no viewBox, so its user unit is the CSS pixel and its text is drawn at the size written here, at any width;
// only positions along the x axis are percentages of the chart's width, and the few paths (areas, lines) are
// stretched across it in a nested SVG with strokes that do not scale. Labels that would crowd a narrow chart
// carry a tier class (`tier-wide`, `tier-mid`) and are left out below the widths the tiers were placed for.
// Every colour of text and furniture is a variable, set again under `prefers-color-scheme: dark` with the
// same contrast (every text at least 4.5:1 on its background in both schemes; the browser test measures it).
export const STYLE = `
:root {
  color-scheme: light dark;
  --ink: #1f2937; --muted: #4b5563; --faint: #9ca3af; --line: #e5e7eb; --page: #f5f6f8; --card: #fff; --head: #f3f4f6;
  --axis: #374151; --link: #1d4ed8; --hover: rgba(15, 23, 42, 0.07); --focus: #1d4ed8;
  --events: #2563eb; --installs: #0891b2; --new: #16a34a; --total: #7c3aed;
  --returning: #2563eb; --resurrecting: #f59e0b; --dormant: #dc2626;
  --version: #94a3b8; --latest: #1d4ed8; --ever: #e2e8f0; --command: #0891b2; --upgrade: #16a34a; --downgrade: #b91c1c;
  --gutter: 64px; --none: #f3f4f6;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ink: #e5e7eb; --muted: #a8b0bd; --faint: #6b7280; --line: #313846; --page: #0d1117; --card: #161b22; --head: #1f2630;
    --axis: #d1d5db; --link: #8ab4ff; --hover: rgba(255, 255, 255, 0.09); --focus: #8ab4ff;
    --events: #60a5fa; --installs: #22d3ee; --new: #4ade80; --total: #a78bfa;
    --returning: #60a5fa; --resurrecting: #fbbf24; --dormant: #f87171;
    --version: #64748b; --latest: #8ab4ff; --ever: #2b3442; --command: #22d3ee; --upgrade: #4ade80; --downgrade: #fca5a5;
    --none: #232a35;
  }
}
* { box-sizing: border-box; }
html { background: var(--page); }
body {
  margin: 0 auto; max-width: 1060px; padding: 28px 24px 48px; color: var(--ink); background: var(--page);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header h1 { font-size: 26px; line-height: 1.2; margin: 0 0 4px; letter-spacing: -0.01em; overflow-wrap: anywhere; }
header .subtitle { color: var(--muted); margin: 0 0 16px; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 0 0 18px; font-size: 14px; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.settings {
  display: flex; flex-wrap: wrap; gap: 8px 40px; margin: 0 0 18px; overflow-wrap: anywhere;
  background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 12px 20px; font-size: 13px;
}
.settings dt { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.05em; }
.settings dd { margin: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(180px, 100%), 1fr)); gap: 14px; margin: 0 0 20px; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 14px 18px; }
.figure-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; overflow-wrap: anywhere; }
.figure-value { font-size: 30px; font-weight: 650; line-height: 1.25; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.figure-detail { color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 18px 24px 16px; margin: 0 0 20px; min-width: 0; }
.card h2 { font-size: 19px; margin: 0 0 2px; }
.lede { color: var(--muted); margin: 0 0 10px; font-size: 14px; }
.note { color: var(--muted); font-size: 13px; margin: 4px 0; }
figure { margin: 0; min-width: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; margin: 0; }
svg.chart { display: block; overflow: visible; margin-left: var(--gutter); width: calc(100% - var(--gutter) - 8px); font-size: 12px; }
svg.chart.labels-left { --gutter: 150px; }
svg text { fill: var(--ink); }
.tick-label { fill: var(--muted); font-size: 11px; font-variant-numeric: tabular-nums; }
.axis-label { fill: var(--axis); font-size: 12px; font-weight: 600; }
.panel-title { font-size: 13px; fill: var(--ink); }
.peak-label { fill: var(--muted); font-size: 11px; }
.value-label { font-size: 12px; font-variant-numeric: tabular-nums; }
line.grid { stroke: var(--line); stroke-width: 1; }
line.baseline { stroke: var(--faint); stroke-width: 1; }
line.tick { stroke: var(--faint); }
.stretch { overflow: visible; }
.line, .series { vector-effect: non-scaling-stroke; }
.hit { fill: transparent; }
g[data-mark]:hover > .hit, g.column:hover > .hit { fill: var(--hover); }
.bar.events { fill: var(--events); } .bar.installs { fill: var(--installs); } .bar.new { fill: var(--new); }
.bar.peak { filter: brightness(0.8); }
.area.total { fill: var(--total); fill-opacity: 0.14; }
.line.total { fill: none; stroke: var(--total); stroke-width: 2; stroke-linejoin: round; }
.dot.total { fill: var(--total); }
.seg.new { fill: var(--new); } .seg.returning { fill: var(--returning); }
.seg.resurrecting { fill: var(--resurrecting); } .seg.dormant { fill: var(--dormant); fill-opacity: 0.8; }
rect.partial { pointer-events: none; } .hatch { stroke: var(--muted); stroke-width: 2; stroke-opacity: 0.45; }
rect.gap { fill: var(--line); fill-opacity: 0.6; } line.gap-edge { stroke: var(--faint); stroke-dasharray: 3 3; }
tr.gap td { color: var(--muted); font-style: italic; text-align: center; }
rect.cell.gapped { stroke: var(--card); stroke-width: 1px; }
rect.cell.none { fill: var(--none); } .swatch.none { background: var(--none); }
rect.cell.none + .cell-label { fill: var(--muted); }
.cell-label { font-size: 11px; fill: #111827; }
.cell-label.on-dark { fill: #fff; }
.bars { display: grid; grid-template-columns: fit-content(40%) minmax(0, 1fr) max-content; column-gap: 12px; align-items: center; font-size: 13px; }
.bars-head, .bar-row { display: grid; grid-column: 1 / -1; grid-template-columns: subgrid; align-items: center; }
.bars-head { padding-bottom: 4px; }
.bars-head .axis-label { color: var(--axis); font-size: 12px; font-weight: 600; }
.bars-head .axis-label:first-child { text-align: right; }
.bars-head .axis-label:last-child { grid-column: 2 / -1; }
.bar-row { min-height: 26px; padding: 2px 0; border-radius: 4px; }
.bar-row:hover { background: var(--hover); }
.bar-row .row-label { grid-column: 1; text-align: right; overflow-wrap: anywhere; }
.bar-row .track { grid-column: 2; display: block; width: 100%; min-width: 0; height: 16px; }
.bar-row .value-label { grid-column: 3; white-space: nowrap; }
.row-label.latest { font-weight: 700; color: var(--latest); }
.badge { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; margin-left: 8px; }
.badge.latest { color: var(--latest); } .badge.downgrade { color: var(--downgrade); }
.bar.version { fill: var(--version); } .bar.version.latest { fill: var(--latest); }
.bar-background { fill: var(--ever); }
.bar.command { fill: var(--command); }
.bar.upgrade { fill: var(--upgrade); } .bar.upgrade.downgrade { fill: var(--downgrade); }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 0 0 8px; font-size: 13px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; flex: none; width: 12px; height: 12px; border-radius: 3px; background: var(--faint); }
.swatch.new { background: var(--new); } .swatch.returning { background: var(--returning); }
.swatch.resurrecting { background: var(--resurrecting); } .swatch.dormant { background: var(--dormant); opacity: 0.8; }
.swatch.version { background: var(--version); } .swatch.version.latest { background: var(--latest); }
.swatch.bar-background { background: var(--ever); }
.swatch.upgrade { background: var(--upgrade); } .swatch.upgrade.downgrade { background: var(--downgrade); }
.heat-legend li { gap: 4px; }
.heat-legend .swatch { width: 22px; }
details.numbers { margin-top: 8px; font-size: 14px; }
details.numbers summary { cursor: pointer; color: var(--link); width: max-content; max-width: 100%; min-height: 28px; padding: 3px 0; }
.table-scroll { overflow: auto; max-height: 480px; margin-top: 8px; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding: 8px 10px; font-size: 12px; }
th, td { padding: 4px 10px; border-top: 1px solid var(--line); text-align: left; white-space: nowrap; }
thead th { position: sticky; top: 0; background: var(--head); font-weight: 600; }
th[scope="row"] { font-weight: 500; }
.num { text-align: right; }
td.downgrade, th.latest { color: var(--downgrade); font-weight: 600; }
th.latest { color: var(--latest); }
.empty { text-align: center; padding: 48px 24px; }
.empty h2 { font-size: 24px; }
footer { color: var(--muted); font-size: 12px; margin-top: 28px; }
@media (max-width: 1039px) { .tier-wide { display: none; } }
@media (max-width: 609px) {
  body { padding: 16px 10px 32px; }
  .card { padding: 14px 12px 12px; }
  .settings { gap: 6px 24px; padding: 10px 12px; }
  .figure-value { font-size: 24px; }
  .tier-mid { display: none; }
  .peak-label { transform: translateY(15px); }
  .bars { grid-template-columns: minmax(0, 1fr) max-content; row-gap: 2px; }
  .bars-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 12px; }
  .bars-head .axis-label:first-child { text-align: left; }
  .bar-row .row-label { grid-column: 1; grid-row: 1; text-align: left; }
  .bar-row .value-label { grid-column: 2; grid-row: 1; }
  .bar-row .track { grid-column: 1 / -1; grid-row: 2; }
  svg.chart.labels-left { --gutter: 124px; }
}
@media print { body { max-width: none; } .card, .figure { break-inside: avoid; } }
`;
