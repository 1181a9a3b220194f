import type { DetailedPeerCertificate } from 'node:tls';
import type { FastifyRequest } from 'fastify';

/** What this module reads from a TLS socket (a real TLSSocket, or a stub in unit tests). */
export interface PeerCertificateSource {
  getPeerCertificate(detailed: true): DetailedPeerCertificate;
}

/**
 * Longest chain read. A real client chain is leaf + one or two intermediates; anything past this
 * cannot verify anyway (verifyChain's own limit is the same).
 */
const MAX_CHAIN = 10;

/**
 * The client certificate chain of a TLS connection as DER, leaf first, then its issuers in order.
 *
 * `getPeerCertificate(true)` links every certificate to its issuer through `issuerCertificate`; a
 * self-signed root points at itself and nothing stops a crafted chain from looping, so the walk keeps
 * the certificates already taken and stops at the first repeat.
 *
 * Caveat: after the certificates the client sent, Node appends issuers it finds in the server's own
 * `ca` store. That is why the HTTPS listener's `ca` holds only the root: with our intermediate in the
 * store, a client that omitted it would look as if it had sent it, and `improperClientCertChain` could
 * never be detected. An appended root is harmless: it is trusted anyway and never counted as supplied.
 *
 * Returns `[]` when the client sent no certificate (Node then answers an empty object).
 */
export function peerCertificateChain(source: PeerCertificateSource | undefined): Buffer[] {
  if (!source || typeof source.getPeerCertificate !== 'function') return [];
  const chain: Buffer[] = [];
  for (let cert: DetailedPeerCertificate | undefined = source.getPeerCertificate(true); cert; cert = cert.issuerCertificate) {
    const raw = cert.raw;
    if (!Buffer.isBuffer(raw) || raw.length === 0) break;
    if (chain.some((seen) => seen.equals(raw))) break;
    chain.push(raw);
    if (chain.length >= MAX_CHAIN) break;
  }
  return chain;
}

/** The client certificate chain of a Fastify request (`[]` over plain HTTP or without a certificate). */
export function requestCertificateChain(req: FastifyRequest): Buffer[] {
  return peerCertificateChain(req.raw.socket as unknown as PeerCertificateSource | undefined);
}
