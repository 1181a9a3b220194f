import type { DetailedPeerCertificate } from 'node:tls';
import { type PeerCertificateSource, peerCertificateChain } from './peer-chain';

/** A stand-in for what TLSSocket.getPeerCertificate(true) returns: only `raw` and `issuerCertificate` matter. */
function node(label: string): DetailedPeerCertificate {
  return { raw: Buffer.from(label) } as DetailedPeerCertificate;
}

function source(first: DetailedPeerCertificate | Record<string, never>): PeerCertificateSource {
  return { getPeerCertificate: () => first as DetailedPeerCertificate };
}

describe('peerCertificateChain', () => {
  it('walks leaf → issuers in order and stops at a self-signed root that points at itself', () => {
    const [leaf, inter, root] = [node('leaf'), node('inter'), node('root')];
    leaf.issuerCertificate = inter;
    inter.issuerCertificate = root;
    root.issuerCertificate = root;
    expect(peerCertificateChain(source(leaf)).map(String)).toEqual(['leaf', 'inter', 'root']);
  });

  it('returns only the leaf when no issuer is linked', () => {
    expect(peerCertificateChain(source(node('leaf'))).map(String)).toEqual(['leaf']);
  });

  it('stops at a loop between distinct objects carrying the same certificate', () => {
    const [leaf, a, b, aAgain] = [node('leaf'), node('a'), node('b'), node('a')];
    leaf.issuerCertificate = a;
    a.issuerCertificate = b;
    b.issuerCertificate = aAgain;
    aAgain.issuerCertificate = b;
    expect(peerCertificateChain(source(leaf)).map(String)).toEqual(['leaf', 'a', 'b']);
  });

  it('caps an endless chain of distinct certificates', () => {
    const first = node('c0');
    let cur = first;
    for (let i = 1; i < 50; i++) {
      const next = node(`c${i}`);
      cur.issuerCertificate = next;
      cur = next;
    }
    expect(peerCertificateChain(source(first))).toHaveLength(10);
  });

  it('is empty without a client certificate, without a TLS socket, or for an unreadable entry', () => {
    // Node answers {} when the client sent no certificate.
    expect(peerCertificateChain(source({}))).toEqual([]);
    expect(peerCertificateChain(undefined)).toEqual([]);
    expect(peerCertificateChain({} as PeerCertificateSource)).toEqual([]);
    const leaf = node('leaf');
    leaf.issuerCertificate = { raw: Buffer.alloc(0) } as DetailedPeerCertificate;
    expect(peerCertificateChain(source(leaf)).map(String)).toEqual(['leaf']);
  });
});
