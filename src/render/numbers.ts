// How numbers read in the table and Markdown formats.

/** Made on first use: creating it loads ICU's number data, ~20 ms of every run's start-up. */
let grouped: Intl.NumberFormat | null = null;

/** Whole numbers that `groupThousands` reads as Intl does (from 1e21 on, String() writes an exponent). */
export const groupable = (n: number) => Number.isInteger(n) && Math.abs(n) < 1e21;

/** A whole number with thousands separators: 1234567 → "1,234,567" (what Intl's en-US format gives). */
export function groupThousands(n: number): string {
  return (n < 0 || Object.is(n, -0) ? '-' : '') + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number with thousands separators, for people. */
export const formatCount = (n: number) => (groupable(n) ? groupThousands(n) : (grouped ??= new Intl.NumberFormat('en-US')).format(n));
/** Week k of a retention row as a percentage of the cohort, for people. */
export const formatRetained = (active: number, installs: number) => (installs === 0 ? '–' : `${Math.round((active / installs) * 100)}%`);

/**
 * A share as a percentage with one decimal, for people; a share above 0 that would read `0.0%` reads `<0.1%`
 * (as on the HTML page), and one below 1 that would read `100.0%` reads `>99.9%`.
 */
export const formatShare = (share: number) =>
  share > 0 && share < 0.0005 ? '<0.1%' : share < 1 && share >= 0.9995 ? '>99.9%' : `${(share * 100).toFixed(1)}%`;
