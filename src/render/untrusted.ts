// Text from the log (versions, commands), from the command line (filter values) and from files (paths,
// the --exclude-installs file) is untrusted: any client can put a terminal escape, a bidi override or a
// line break in a version. This is the one rule every human format and every stderr message applies:
// the characters that act rather than print are shown as visible escapes, never written raw. JSON keeps
// the exact string (JSON escapes it itself); CSV keeps it too, and only neutralises formulas.

/**
 * Characters that act instead of print:
 * - C0 controls U+0000–U+001F (ESC starts terminal sequences, CR rewrites a line, BEL, NUL…) and DEL;
 * - C1 controls U+0080–U+009F (CSI U+009B and OSC U+009D start sequences on their own in some terminals);
 * - bidi marks, embeddings, overrides and isolates (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069),
 *   which reorder the text after them ("Trojan Source");
 * - the line and paragraph separators U+2028/U+2029, which break lines in editors and some renderers.
 */
const ACTING = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every acting character as a visible escape: ESC → `\x1b`, CR → `\x0d`, LF → `\x0a`,
 * U+202E → `\u202e`. Everything else, backslashes included, is unchanged, so ordinary text reads as it is.
 */
export function visible(text: string): string {
  ACTING.lastIndex = 0;
  return ACTING.test(text) ? text.replace(ACTING, escapeOne) : text;
}

const ACTING_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * As `visible`, but a line feed stays: for HTML, where the page's own hover titles are several lines
 * and a line feed from the log is only white space (it cannot end a cell or a tag).
 */
export function visibleInHtml(text: string): string {
  ACTING_BUT_LF.lastIndex = 0;
  return ACTING_BUT_LF.test(text) ? text.replace(ACTING_BUT_LF, escapeOne) : text;
}

/** Cells that a spreadsheet would read as a formula (OWASP "CSV Injection"), and the quote that marks a neutralised one. */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * A CSV text cell from the log, neutralised: when it starts with `=`, `+`, `-`, `@`, a tab, a carriage
 * return or a single quote, a single quote is put in front of it. To undo: drop the first character of a
 * text cell that starts with `'`. (The quote case makes the rule reversible: `'=1` becomes `''=1`.)
 * Numbers are never passed here: they are the report's, not the log's.
 */
export function csvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Text for a Markdown table cell or inline text: made visible, then every character Markdown or the HTML
 * inside it would act on is escaped (`&` and `<`, `>` as entities, so `&lt;b&gt;` stays text, and `|`,
 * backticks, emphasis and link characters with a backslash).
 */
export function markdownText(text: string): string {
  return visible(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]|#!~])/g, '\\$1');
}
