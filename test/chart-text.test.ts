// Text charts for the table and Markdown output (issue 5: "a bar column (Unicode eighth-blocks,
// scaled to the largest value) … and a sparkline of events per period").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bar, barWidth, sparkline, defaultBarWidthLimits } from '../src/render/chart-text.js';

const BLOCKS = /^[▏▎▍▌▋▊▉█]*$/u;

/** Length of a bar in eighths of a cell. */
function eighths(text: string): number {
  const partial = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  let total = 0;
  for (const char of text) total += char === '█' ? 8 : partial.indexOf(char) + 1;
  return total;
}

test('bar: the largest value fills the width with full blocks', () => {
  assert.equal(bar(250, 250, 10), '█'.repeat(10));
  assert.equal(bar(7, 7, 1), '█');
});

test('bar: scaled to the nearest eighth of a cell', () => {
  assert.equal(bar(50, 100, 10), '█████');
  assert.equal(bar(1, 8, 1), '▏');
  assert.equal(bar(3, 8, 1), '▍');
  assert.equal(bar(7, 8, 1), '▉');
  assert.equal(bar(9, 16, 2), '█▏');
  for (let value = 0; value <= 123; value++) {
    const text = bar(value, 123, 17);
    assert.match(text, BLOCKS);
    assert.equal(eighths(text), value === 0 ? 0 : Math.max(1, Math.round((value / 123) * 17 * 8)));
  }
});

test('bar: never empty for a value above zero, however small', () => {
  assert.equal(bar(1, 1_000_000, 10), '▏');
  assert.equal(bar(0.001, 1, 1), '▏');
});

test('bar: nothing for zero, negatives, an empty scale or no room', () => {
  assert.equal(bar(0, 10, 10), '');
  assert.equal(bar(-3, 10, 10), '');
  assert.equal(bar(5, 0, 10), '');
  assert.equal(bar(5, 10, 0), '');
  assert.equal(bar(Number.NaN, 10, 10), '');
});

test('bar: never longer than the width, even above the scale', () => {
  assert.equal(bar(20, 10, 4), '████');
  assert.equal([...bar(10, 10, 4.9)].length, 4);
});

test('sparkline: one character per value, the largest is █', () => {
  assert.equal(sparkline([1, 2, 3, 4, 5, 6, 7]), '▂▃▄▅▆▇█');
  assert.equal(sparkline([5, 5, 5]), '███');
  assert.equal(sparkline([10]), '█');
});

test('sparkline: zero is always ▁ and a value above zero never is', () => {
  assert.equal(sparkline([0, 0, 0]), '▁▁▁');
  assert.equal(sparkline([0, 1, 1000]), '▁▂█');
  assert.equal(sparkline([1000, 0, 1]), '█▁▂');
  for (const char of sparkline([1, 10, 100, 1000, 10_000])) assert.notEqual(char, '▁');
});

test('sparkline: scaled from zero, not from the smallest value', () => {
  // 100 and 101 are nearly equal: both are near the top, not at opposite ends.
  assert.equal(sparkline([100, 101]), '██');
  assert.equal(sparkline([50, 100]), '▅█');
});

test('sparkline: empty input gives an empty line', () => {
  assert.equal(sparkline([]), '');
});

test('barWidth: what is left of the terminal, capped', () => {
  const { chrome, max, min } = defaultBarWidthLimits;
  assert.equal(barWidth(80, 40), 80 - 40 - chrome);
  assert.equal(barWidth(200, 40), max);
  assert.equal(barWidth(40 + chrome + min, 40), min);
});

test('barWidth: 0 (plain numbers) when too narrow or the width is unknown', () => {
  const { chrome, min } = defaultBarWidthLimits;
  assert.equal(barWidth(40 + chrome + min - 1, 40), 0);
  assert.equal(barWidth(30, 40), 0);
  assert.equal(barWidth(undefined, 10), 0);
  assert.equal(barWidth(0, 10), 0);
  assert.equal(barWidth(Number.NaN, 10), 0);
});

test('barWidth: limits can be changed', () => {
  assert.equal(barWidth(100, 50, { min: 5, max: 100, chrome: 0 }), 50);
  assert.equal(barWidth(54, 50, { min: 5, max: 100, chrome: 0 }), 0);
});
