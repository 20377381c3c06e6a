// The first place where two JSON values differ, as a short message: a path and the two values. Large
// reports (200,000 versions) make assert's full diff useless and slow; this says where to look.

import { isDeepStrictEqual } from 'node:util';

/** null when equal, key order included (JSON.stringify order is the contract's key order). */
export function firstDifference(actual: unknown, expected: unknown, at = '$'): string | null {
  if (isDeepStrictEqual(actual, expected)) {
    return JSON.stringify(actual) === JSON.stringify(expected) ? null : `${at}: same values, different key order`;
  }
  if (actual !== null && expected !== null && typeof actual === 'object' && typeof expected === 'object') {
    if (Array.isArray(actual) && Array.isArray(expected) && actual.length !== expected.length) {
      const shared = Math.min(actual.length, expected.length);
      for (let i = 0; i < shared; i++) {
        const d = firstDifference(actual[i], expected[i], `${at}[${i}]`);
        if (d !== null) return d;
      }
      return `${at}: CLI has ${actual.length} items, oracle ${expected.length}; first extra: ${show(actual.length > shared ? actual[shared] : expected[shared])}`;
    }
    const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])];
    for (const key of keys) {
      const d = firstDifference(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        Array.isArray(actual) ? `${at}[${key}]` : `${at}.${key}`,
      );
      if (d !== null) return d;
    }
  }
  return `${at}: CLI ${show(actual)}, oracle ${show(expected)}`;
}

const show = (v: unknown) => (JSON.stringify(v) ?? 'undefined').slice(0, 300);
