// The cheapest correct endpoint: node:http, the Ed25519 signature verified with node:crypto
// (the public key parsed once), then a constant answer. What a signed request costs at least.
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';

const hex = process.env.PUBLIC_KEY ?? '';
const key = createPublicKey({
  key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') },
  format: 'jwk',
});
const answer = JSON.stringify({ type: 4, data: { content: 'ok', flags: 64 } });
const length = String(Buffer.byteLength(answer));

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const signature = request.headers['x-signature-ed25519'];
    const timestamp = request.headers['x-signature-timestamp'];
    const body = Buffer.concat(chunks);
    const ok =
      typeof signature === 'string' &&
      typeof timestamp === 'string' &&
      verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
    if (!ok) {
      response.writeHead(401).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': length });
    response.end(answer);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ msg: 'ready', port: server.address().port })),
);
