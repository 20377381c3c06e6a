// How many marks of each kind the HTML page should draw, worked out from the JSON report (the contract)
// and the rules of docs/charts.md, written here again rather than taken from the renderer (issue 10 item 5:
// a test that asks the code what to expect compares the code with itself).
//
// The rules: no marks at all when no event is counted; one mark per chart per period shown, where a run of
// 6 or more periods with every count but `total` zero is one axis break (no mark), and only the latest 1,000
// bands (periods and breaks) are drawn; the top N rows (N = --top, default 50, 0 = all) of versions, commands
// and upgrade paths; one retention cell per week of each of the latest 52 cohorts. Issue #13's charts
// (docs/charts.md): adoption, one mark per row of the latest 1,000 adoption periods for each top version and
// one for "other"; active, one mark each for DAU, WAU and MAU per row of the latest 1,000; activation, one
// per cohort of the latest 1,000.

type Json = Record<string, any>;

const PERIOD_MARKS = [
  'trend-events',
  'trend-installs',
  'trend-new',
  'trend-total',
  'lifecycle-new',
  'lifecycle-returning',
  'lifecycle-resurrecting',
  'lifecycle-dormant',
] as const;

/** Periods drawn with marks: runs of empty periods of 6+ are breaks; the last 1,000 bands are kept. */
export function periodsWithMarks(periods: Json[]): number {
  const empty = (p: Json) => ['events', 'installs', 'new', 'returning', 'resurrecting', 'dormant'].every((k) => p[k] === 0);
  // bands from the end backwards, so the cut at 1,000 is easy to make
  let bands = 0;
  let marked = 0;
  let run = 0;
  const closeRun = () => {
    if (run >= 6) {
      if (bands < 1000) bands++;
    } else {
      for (let k = 0; k < run && bands < 1000; k++, bands++) marked++;
    }
    run = 0;
  };
  for (let i = periods.length - 1; i >= 0; i--) {
    if (empty(periods[i])) {
      run++;
      continue;
    }
    closeRun();
    if (bands < 1000) {
      bands++;
      marked++;
    }
  }
  closeRun();
  return marked;
}

/**
 * Mark counts by name for the page of `json` (as `--format json` prints it, with the sections `report --format
 * html` adds: upgrades, retention, adoption, active, activation).
 */
export function expectedMarks(json: Json, top = 50): Record<string, number> {
  const marks: Record<string, number> = {};
  const counted = json.input.events - (json.input.outside ?? 0) - json.input.filtered;
  if (counted === 0) return marks;
  const periods: Json[] | undefined = json.daily ?? json.weekly ?? json.monthly;
  const limit = (n: number) => (top === 0 ? n : Math.min(n, top));
  if (periods && periods.length > 0) {
    const n = periodsWithMarks(periods);
    if (n > 0) for (const name of PERIOD_MARKS) marks[name] = n;
  }
  if (json.versions?.length > 0) marks.version = limit(json.versions.length);
  if (json.commands?.length > 0) marks.command = limit(json.commands.length);
  if (json.upgrades?.length > 0) marks.upgrade = limit(json.upgrades.length);
  const latest = (n: number) => Math.min(n, 1000);
  if (json.adoption?.periods?.length > 0) marks.adoption = latest(json.adoption.periods.length) * (json.adoption.top.length + 1);
  if (json.active?.rows?.length > 0) {
    for (const series of ['active-dau', 'active-wau', 'active-mau']) marks[series] = latest(json.active.rows.length);
  }
  if (json.activation?.rows?.length > 0) marks.activation = latest(json.activation.rows.length);
  if (json.retention?.length > 0) {
    marks.retention = (json.retention as Json[]).slice(-52).reduce((cells, row) => cells + row.active.length, 0);
  }
  return marks;
}
