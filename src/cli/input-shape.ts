// An input in which no line is an event: say what it looks like and how to make JSON Lines of it (issue #21
// item 6). A JSON array or a pretty-printed object gives one `not valid JSON` line per line and an empty
// report; the first bytes of the file tell which it is.

import { closeSync, openSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import type { Report } from '../core/report.js';
import { shortText } from '../render/shown.js';
import { visible } from '../render/untrusted.js';

const HEAD = 64 * 1024;

/** The first bytes of a file (decompressed when gzip); null when it cannot be read (stdin, a pipe gone). */
function head(path: string): { text: string; gzip: boolean } | null {
  if (path === '-') return null;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(HEAD);
    const got = readSync(fd, buffer, 0, HEAD, null);
    let bytes = buffer.subarray(0, got);
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    if (gzip) {
      try {
        bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
      } catch {
        return null;
      }
    }
    return { text: bytes.toString('utf8').replace(/^\uFEFF/, ''), gzip };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * What a text that holds no event looks like, and the command that converts it; null when its first line is
 * a JSON object (JSON Lines whose events are invalid: the per-line reasons say why).
 */
export function describeShape(text: string, name: string, gzip = false): string | null {
  const trimmed = text.trimStart();
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
  if (isObject(firstLine)) return null;
  const file = visible(shortText(name));
  // the converting command reads the file, or zcat's output for gzip
  const convert = (tool: string) => (gzip ? `zcat ${file} | ${tool} > events.jsonl` : `${tool} ${file} > events.jsonl`);
  if (trimmed.startsWith('[')) {
    return `${file} looks like a JSON array, not JSON Lines (one object a line); convert it with: ${convert("jq -c '.[]'")}`;
  }
  if (trimmed.startsWith('{')) {
    return `${file} looks like JSON spread over several lines, not JSON Lines (one object a line); convert it with: ${convert('jq -c .')}`;
  }
  if (/^[^{}[\]]*,[^{}[\]]*$/.test(firstLine) && /uuid|command|version|timestamp/i.test(firstLine)) {
    return `${file} looks like CSV (first line: ${visible(shortText(firstLine))}), not JSON Lines; convert it with: ${convert('mlr --icsv --ojsonl cat')}`;
  }
  return `no line of ${file} is a JSON object (the first line starts: ${visible(shortText(firstLine.slice(0, 60)))}); bazinga-stats reads JSON Lines, one object a line`;
}

function isObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * One line when the input had lines but no event and every non-blank line was invalid: what the first input
 * with lines looks like. Null otherwise.
 */
export function inputShapeNote(report: Report, files: string[]): string | null {
  const { events, invalid } = report.input;
  if (events > 0 || invalid === 0) return null;
  const paths = files.length === 0 ? ['-'] : files;
  for (const path of paths) {
    const read = head(path);
    if (read !== null && read.text.trim() !== '') return describeShape(read.text, path, read.gzip);
  }
  return "no line of the input is a JSON object; bazinga-stats reads JSON Lines, one object a line (a JSON array converts with jq -c '.[]')";
}
