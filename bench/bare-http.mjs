// The ceiling of the collect benchmark: a bare node:http server that reads the body, answers 200
// {"status":"ok"} and stores nothing. Prints `listening on PORT` on stderr.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 15 });
    res.end('{"status":"ok"}');
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.stderr.write(`listening on ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
