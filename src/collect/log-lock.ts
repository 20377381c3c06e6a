// One writer per log. Two collectors appending to one file each cut it back to the size *they* remember after
// a failed write, and each counts only its own events: so a collector takes an exclusive lock for its log
// before it repairs, writes or reads it, and a second one on the same file exits with the holder's pid.
//
// Node has no flock(). The lock is a Unix socket in Linux's abstract namespace, named after the log's device
// and inode: bind() is exclusive, the name belongs to no file (nothing to clean up, no stale lock file), and
// the kernel drops it with the process's last descriptor, so `kill -9` never leaves a stale lock and a new
// collector can start at once. The socket also tells a second collector who holds it: the holder answers
// every connection with its pid. Keyed by inode, not path, two paths to one file (a symlink, a hard link)
// share one lock, and after a SIGHUP the lock follows the new file.
//
// What it does not cover: abstract sockets belong to a network namespace, so collectors in two containers
// with their own networks do not see each other's lock (run one container per log); and elsewhere than Linux
// there is no abstract namespace: the collector says so once and runs without a lock.

import { createConnection, createServer, type Server } from 'node:net';

/** The log's lock is held by another process. */
export class LockHeld extends Error {
  /** the holder's pid, or null when it did not say */
  readonly pid: number | null;
  constructor(pid: number | null) {
    super(pid === null ? 'another process holds its lock' : `another collector (pid ${pid}) is writing to it`);
    this.pid = pid;
  }
}

/** Whether this platform has the lock (Linux's abstract socket namespace). */
export const LOCKS_SUPPORTED = process.platform === 'linux';

/** How long a second collector waits for the holder to say its pid. */
const ASK_TIMEOUT_MS = 1_000;
/** A holder that dies between our failed bind and our question frees the name: try again this many times. */
const BIND_ATTEMPTS = 5;

export class LogLock {
  /** the file this lock is for: `dev:ino` */
  readonly identity: string;
  private readonly server: Server | null;

  private constructor(identity: string, server: Server | null) {
    this.identity = identity;
    this.server = server;
  }

  /** Takes the lock of the file with this device and inode; rejects with LockHeld when another process has it. */
  static async take(file: { dev: number | bigint; ino: number | bigint }): Promise<LogLock> {
    const identity = `${file.dev}:${file.ino}`;
    if (!LOCKS_SUPPORTED) return new LogLock(identity, null);
    const name = `\0bazinga-stats-collect/${identity}`;
    for (let attempt = 1; ; attempt++) {
      const server = createServer((socket) => {
        socket.on('error', () => {});
        socket.end(`${process.pid}\n`);
      });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(name, () => {
            server.off('error', reject);
            resolve();
          });
        });
        server.unref(); // the lock never keeps the process alive by itself
        return new LogLock(identity, server);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        const pid = await askHolder(name);
        if (pid !== 'gone' || attempt >= BIND_ATTEMPTS) throw new LockHeld(pid === 'gone' ? null : pid);
      }
    }
  }

  /** Lets the lock go (closing is enough: the kernel frees the name). */
  release(): Promise<void> {
    const server = this.server;
    if (server === null) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

/** The holder's pid; 'gone' when nobody listens any more (it died meanwhile); null when it did not answer. */
function askHolder(name: string): Promise<number | null | 'gone'> {
  return new Promise((resolve) => {
    let text = '';
    const socket = createConnection(name);
    const timer = setTimeout(() => finish(null), ASK_TIMEOUT_MS);
    const finish = (result: number | null | 'gone') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n') || text.length > 32) finish(/^\d+\n/.test(text) ? Number.parseInt(text, 10) : null);
    });
    socket.on('end', () => finish(/^\d+\n/.test(text) ? Number.parseInt(text, 10) : null));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'gone' : null));
  });
}
