// The floor: node:http reading each request's body and answering a constant. What a request
// costs Node itself on this machine, with no signature checked and no work done.
import { createServer } from 'node:http';

const answer = JSON.stringify({ type: 4, data: { content: 'ok', flags: 64 } });
const length = String(Buffer.byteLength(answer));

const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': length });
    response.end(answer);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ msg: 'ready', port: server.address().port })),
);
