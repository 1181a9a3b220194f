// Child-process entry: a bare Fastify 5 HTTPS server, the baseline for GET /current-api-session and for cert
// logins. Same key, certificate chain and TLS options as the controller's listener; one route answering a
// fixed JSON body. Env: BENCH_PKI_DIR, BENCH_BODY_FILE, BENCH_ROUTE, BENCH_METHOD (GET unless POST).
// Prints {"port":n} on stdout once listening.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';

async function main(): Promise<void> {
  const pki = process.env.BENCH_PKI_DIR ?? '';
  const read = (f: string) => readFileSync(join(pki, f), 'utf8');
  const body: unknown = JSON.parse(readFileSync(process.env.BENCH_BODY_FILE ?? '', 'utf8'));
  const app = Fastify({
    logger: false,
    https: {
      key: read('server.key.pem'),
      cert: read('server.cert.pem'),
      // Same client-certificate trust as the controller: the root only (it must not fill in intermediates).
      ca: [read('root.cert.pem')],
      requestCert: true,
      rejectUnauthorized: false,
    },
  });
  // Serialised per request, as the controller does, rather than sending a cached string. A POST body is
  // parsed (Fastify's JSON parser) and ignored.
  const method = process.env.BENCH_METHOD === 'POST' ? 'POST' : 'GET';
  app.route({ method, url: process.env.BENCH_ROUTE ?? '/', handler: async () => body });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  process.stdout.write(`${JSON.stringify({ port: addr && typeof addr === 'object' ? addr.port : 0 })}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((e: unknown) => {
  process.stderr.write(`bare-server: ${(e as Error).message}\n`);
  process.exit(1);
});
