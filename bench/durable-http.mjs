// The floor a durable collector is measured against (issue #23): a minimal node:http server that parses each
// body with JSON.parse, appends it as a line, and answers 200 only after one write + one fdatasync for every
// request that arrived meanwhile (group commit). It checks nothing and refuses nothing, so a collector that
// acknowledges only what is on disk cannot beat it. Usage: node durable-http.mjs LOG; prints `listening on PORT`.
import { createServer } from 'node:http';
import { fdatasync, openSync, write } from 'node:fs';

const fd = openSync(process.argv[2], 'a');
let waiting = [];
let busy = false;

function flush() {
  if (busy || waiting.length === 0) return;
  busy = true;
  const group = waiting;
  waiting = [];
  write(fd, Buffer.from(group.map((g) => g.line).join('')), (error) => {
    fdatasync(fd, (syncError) => {
      for (const g of group) g.answer(error || syncError ? 503 : 200);
      busy = false;
      flush();
    });
  });
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const answer = (status) => {
      const body = status === 200 ? '{"status":"ok"}' : '{"error":"no"}';
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
    };
    let event;
    try {
      event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(400);
    }
    waiting.push({ line: JSON.stringify(event) + '\n', answer });
    flush();
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.stderr.write(`listening on ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
