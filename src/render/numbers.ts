// How numbers read in the table and Markdown formats.

const grouped = new Intl.NumberFormat('en-US');

/** A number with thousands separators, for people. */
export const formatCount = (n: number) => grouped.format(n);
/** Week k of a retention row as a percentage of the cohort, for people. */
export const formatRetained = (active: number, installs: number) =>
  installs === 0 ? '–' : `${Math.round((active / installs) * 100)}%`;

/** A share as a percentage with one decimal, for people. */
export const formatShare = (share: number) => `${(share * 100).toFixed(1)}%`;
