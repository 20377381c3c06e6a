// `--exclude-installs FILE`, read the same way by the reports and the collector's live report.

import { readFile } from 'node:fs/promises';
import { usageError } from '../errors.js';
import { parseUuid } from '../parse/uuid.js';
import { shortText } from '../render/shown.js';

/** Reads `--exclude-installs FILE`: one uuid a line; blank lines and `#` comments are skipped. */
export async function readExcludeFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`--exclude-installs: ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`);
  }
  const uuids: string[] = [];
  const words = new Uint32Array(4);
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const bytes = Buffer.from(line);
    // the line is echoed cut to 200 characters, as versions are for people: a megabyte of junk is one short line
    if (!parseUuid(bytes, 0, bytes.length, words)) throw usageError(`--exclude-installs: ${path}:${i + 1}: '${shortText(line)}' is not a uuid`);
    uuids.push(line);
  });
  return uuids;
}
