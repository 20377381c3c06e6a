// Everything drawn from the log (versions, commands, periods) is user data: it goes through here
// before it reaches the page, in text and in (double-quoted) attributes alike. Control and bidi
// characters become visible escapes first (the one rule of ../untrusted.ts; a line feed is only white
// space in HTML and stays, for multi-line hover titles), then markup is escaped.
import { visibleInHtml } from '../untrusted.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes a string for HTML text or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return visibleInHtml(text).replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** At most `max` characters (code points), with an ellipsis when cut; escape the result afterwards. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
