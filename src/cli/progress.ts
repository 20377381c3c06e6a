// A progress line on stderr for long reads: bytes read of the total and the rate, redrawn at most five
// times a second and erased at the end. Shown only when stderr is a terminal, or when asked for.

import type { Source } from '../read/sources.js';
import { visible } from '../render/untrusted.js';

const MB = 1024 * 1024;

export function createProgress(stream: NodeJS.WriteStream) {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(read: number, source: Source) {
      const now = Date.now();
      // nothing for reads that end within a second; then five redraws a second at most
      if (now - started < 1000 || now - lastDraw < 200) return;
      lastDraw = now;
      const seconds = Math.max(0.001, (now - started) / 1000);
      const total = source.size !== null && read <= source.size ? ` of ${(source.size / MB).toFixed(1)} MB (${Math.floor((read / source.size) * 100)}%)` : '';
      stream.write(`\r\x1b[K${visible(source.name)}: ${(read / MB).toFixed(1)} MB${total}, ${(read / MB / seconds).toFixed(0)} MB/s`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
