import { X509Certificate } from 'node:crypto';
import { issueClientCert, strangerPki } from '../../../test/support/client-certs';
import { createIntermediateCa, createRootCa } from '../../x509/ca';
import { sha1Fingerprint } from '../../x509/fingerprint';
import { pemToDer } from '../../x509/pem';
import { type ClientCertResult, type TrustSource, verifyClientCertificate } from './client-cert';

const DAY = 86_400_000;
const der = (...pems: string[]) => pems.map(pemToDer);

describe('verifyClientCertificate', () => {
  const root = createRootCa({ commonName: 'net root' });
  const intermediate = createIntermediateCa(root, { commonName: 'net intermediate' });
  const network: TrustSource = { id: 'network', rootsPem: [root.certPem], completingIntermediatesPem: [intermediate.certPem] };
  const leaf = issueClientCert(intermediate);
  const stranger = strangerPki();

  const expectOk = (r: ClientCertResult, improperChain: boolean) => {
    expect(r).toMatchObject({ ok: true, sourceId: 'network', improperChain, fingerprint: leaf.fingerprint });
  };
  const expectRefused = (r: ClientCertResult, reason: RegExp) => {
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  };

  it('accepts a full chain as proper and returns the leaf, its PEM and fingerprint', () => {
    const r = verifyClientCertificate(der(leaf.certPem, intermediate.certPem), [network]);
    expectOk(r, false);
    if (r.ok) {
      expect(r.leaf).toBeInstanceOf(X509Certificate);
      expect(sha1Fingerprint(r.leafPem)).toBe(leaf.fingerprint);
    }
    // Node may append the root from its own store; that changes nothing.
    expectOk(verifyClientCertificate(der(leaf.certPem, intermediate.certPem, root.certPem), [network]), false);
  });

  it('completes a chain sent without the intermediate, flagged improper', () => {
    expectOk(verifyClientCertificate(der(leaf.certPem), [network]), true);
    expectOk(verifyClientCertificate(der(leaf.certPem, root.certPem), [network]), true);
  });

  it('does not complete chains for a source that has nothing to complete them with', () => {
    const rootOnly: TrustSource = { ...network, completingIntermediatesPem: [] };
    expectRefused(verifyClientCertificate(der(leaf.certPem), [rootOnly]), /no path/);
  });

  it('ignores validity dates (the auth policy decides about expired certificates)', () => {
    const expired = issueClientCert(intermediate, { notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(verifyClientCertificate(der(expired.certPem), [network])).toMatchObject({ ok: true, fingerprint: expired.fingerprint });
  });

  it('refuses self-signed leaves and leaves from an unknown CA, with or without their issuers', () => {
    expectRefused(verifyClientCertificate(der(issueClientCert('self').certPem), [network]), /no path/);
    const foreign = issueClientCert(stranger.intermediate);
    expectRefused(verifyClientCertificate(der(foreign.certPem, stranger.intermediate.certPem, stranger.root.certPem), [network]), /no path/);
  });

  it('never lets a client-sent self-signed "intermediate" vouch for a leaf', () => {
    const rogue = createRootCa({ commonName: 'net intermediate', validityDays: 30 }); // same name as ours
    const leafOfRogue = issueClientCert(rogue);
    expectRefused(verifyClientCertificate(der(leafOfRogue.certPem, rogue.certPem), [network]), /no path/);
  });

  it('requires the clientAuth extended key usage on the leaf', () => {
    expectRefused(verifyClientCertificate(der(issueClientCert(intermediate, { eku: 'serverAuth' }).certPem), [network]), /clientAuth/);
    expectRefused(verifyClientCertificate(der(issueClientCert(intermediate, { eku: 'none' }).certPem), [network]), /clientAuth/);
  });

  it('refuses a CA certificate presented as the client certificate, an empty chain and garbage', () => {
    expectRefused(verifyClientCertificate(der(intermediate.certPem), [network]), /CA certificate/);
    expectRefused(verifyClientCertificate(der(root.certPem), [network]), /CA certificate/);
    expectRefused(verifyClientCertificate([], [network]), /no client certificate/);
    expectRefused(verifyClientCertificate([Buffer.from('not a certificate')], [network]), /does not parse/);
    expectRefused(verifyClientCertificate([pemToDer(leaf.certPem), Buffer.from('junk')], [network]), /no path/);
  });

  it('tries sources in order and names the one that vouched', () => {
    const third: TrustSource = { id: 'ca-1', rootsPem: [stranger.root.certPem], completingIntermediatesPem: [] };
    const foreign = issueClientCert(stranger.intermediate);
    expect(verifyClientCertificate(der(foreign.certPem, stranger.intermediate.certPem), [network, third])).toMatchObject({ ok: true, sourceId: 'ca-1', improperChain: false });
    expectOk(verifyClientCertificate(der(leaf.certPem), [network, third]), true);
  });
});
