import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT, type CryptoKey } from 'jose';

type Alg = 'RS256' | 'ES256' | 'EdDSA' | 'PS256' | 'ES384';

interface IdpKey {
  kid: string;
  alg: Alg;
  privateKey: CryptoKey;
  jwk: JWK;
}

/**
 * A small identity provider for tests: an HTTP JWKS endpoint on loopback whose keys the tests add,
 * remove and rotate, and a signer for tokens with any claims, headers and times.
 */
export class TestIdp {
  private keys: IdpKey[] = [];
  private server?: Server;
  private down = false;
  /** Every JWKS request seen (to assert refetch behaviour). */
  fetches = 0;
  port = 0;

  constructor(readonly issuer: string) {}

  get jwksUrl(): string {
    return `http://127.0.0.1:${this.port}/jwks.json`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.fetches++;
      if (this.down || req.url !== '/jwks.json') {
        res.writeHead(this.down ? 503 : 404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The endpoint answers 503 while down. */
  setDown(down: boolean): void {
    this.down = down;
  }

  async addKey(kid: string, alg: Alg = 'RS256'): Promise<IdpKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    const key = { kid, alg, privateKey, jwk };
    this.keys.push(key);
    return key;
  }

  removeKey(kid: string): void {
    this.keys = this.keys.filter((k) => k.kid !== kid);
  }

  key(kid: string): IdpKey {
    const k = this.keys.find((x) => x.kid === kid);
    if (!k) throw new Error(`no key ${kid}`);
    return k;
  }

  /** Signs a token; `claims` override the defaults (iss, aud, sub, iat, exp in 5 minutes). */
  async token(kid: string, claims: Record<string, unknown>, opts: { header?: Record<string, unknown>; now?: Date; key?: IdpKey } = {}): Promise<string> {
    const key = opts.key ?? this.key(kid);
    const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
    const body = { iss: this.issuer, iat: now, exp: now + 300, ...claims };
    return new SignJWT(body as Record<string, unknown>).setProtectedHeader({ alg: key.alg, kid, ...opts.header }).sign(key.privateKey);
  }
}

/** An unsigned `alg: none` token (must always be refused). */
export function unsignedToken(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', ...header })}.${b64(claims)}.`;
}
