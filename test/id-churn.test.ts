// Issue #21 item 10: when the ids churn (the real client rewrites its id file on every run), the headline
// says so in every human format, and JSON carries the estimate (installs by init) as its own field.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventLine, runCli, runJson, scratchDir, writeInput } from './support/cli.js';

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

/**
 * Two machines running the churning client: each run's first two events share an id (init, then update),
 * every later run is a fresh id sending one update. 2 machines × (1 id + 3 fresh ids) = 8 ids, 6 update-only.
 */
function churningLog(): string {
  const lines: string[] = [];
  let id = 1;
  for (let machine = 0; machine < 2; machine++) {
    const first = uuid(id++);
    lines.push(eventLine(first, 'init', '1.0.0', `2025-11-0${machine + 1}T10:00:00`));
    lines.push(eventLine(first, 'update', '1.0.0', `2025-11-0${machine + 1}T11:00:00`));
    for (let run = 0; run < 3; run++) lines.push(eventLine(uuid(id++), 'update', '1.0.0', `2025-11-1${run}T10:0${machine}:00`));
  }
  return lines.join('\n') + '\n';
}

const dir = scratchDir();
const log = writeInput(dir, 'churn.jsonl', churningLog());
const note = "8 ids; 75.0% sent only update (the client's id churn): about 2 installs sent init — see quality";

test('uniques and report say the id churn beside the headline in a table', () => {
  for (const command of ['uniques', 'report']) {
    const { stdout, code } = runCli([command, log]);
    assert.equal(code, 0);
    assert.ok(stdout.includes(`Unique installs: 8\n${note}\n`), stdout);
  }
});

test('Markdown says it beside the headline', () => {
  const { stdout } = runCli(['uniques', '--format', 'markdown', log]);
  assert.ok(stdout.includes(`**Unique installs: 8** (${note})`), stdout);
});

test('the HTML page shows ids and installs by init side by side', () => {
  const { stdout } = runCli(['report', '--format', 'html', log]);
  assert.match(
    stdout,
    /data-figure="installs"[^>]*><div class="figure-label">Install ids<\/div><div class="figure-value">8<\/div><div class="figure-detail">75\.0% sent only update/,
  );
  assert.match(stdout, /data-figure="installs-by-init"><div class="figure-label">Installs by init<\/div><div class="figure-value">about 2<\/div>/);
});

test('JSON carries the estimate as its own field, after uniques', () => {
  const { json } = runJson(['uniques', log]);
  assert.deepEqual(Object.keys(json), ['schema', 'input', 'uniques', 'idChurn']);
  assert.deepEqual(json.idChurn, { updateOnlyIds: 6, updateOnlyShare: 0.75, installsByInit: 2, signature: true });
});

test('no note without the signature (20% or less of the ids update-only)', () => {
  const lines = [
    eventLine(uuid(1), 'init', '1.0.0', '2025-11-01T10:00:00'),
    ...[2, 3, 4, 5].map((n) => eventLine(uuid(n), 'init', '1.0.0', '2025-11-01T10:00:00')),
    eventLine(uuid(6), 'update', '1.0.0', '2025-11-02T10:00:00'),
  ];
  // 1 of 6 ids update-only: 16.7%
  const quiet = writeInput(dir, 'quiet.jsonl', lines.join('\n') + '\n');
  const { stdout } = runCli(['uniques', quiet]);
  assert.ok(stdout.endsWith('Unique installs: 6\n'), stdout);
  const { json } = runJson(['uniques', quiet]);
  assert.equal((json.idChurn as { signature: boolean }).signature, false);
});

test('no note with --command or --release (the filter leaves ids without their init)', () => {
  assert.ok(runCli(['uniques', '--command', 'update', log]).stdout.endsWith('Unique installs: 8\n'));
  assert.ok(runCli(['uniques', '--release', '1.*', log]).stdout.endsWith('Unique installs: 8\n'));
});

test('the flags survive --state: an incremental run says what a full run says', () => {
  const state = `${dir}/churn.state`;
  const half = churningLog().split('\n');
  const grown = writeInput(dir, 'grown.jsonl', half.slice(0, 4).join('\n') + '\n');
  assert.equal(runCli(['uniques', '--format', 'json', '--state', state, grown]).code, 0);
  writeInput(dir, 'grown.jsonl', churningLog());
  const incremental = runCli(['uniques', '--format', 'json', '--state', state, grown]);
  assert.equal(incremental.stderr, '');
  assert.deepEqual(JSON.parse(incremental.stdout).idChurn, { updateOnlyIds: 6, updateOnlyShare: 0.75, installsByInit: 2, signature: true });
});
