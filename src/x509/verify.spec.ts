import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { type CaMaterial, createIntermediateCa, createRootCa } from './ca';
import { randomSerialHex } from './serial';
import { issueServerCertificate } from './server-cert';
import { certificateKeyMatches, verifyChain } from './verify';

const DAY = 86_400_000;

/** A hand-made certificate, for shapes our issuers refuse to produce (non-CA issuers, loops). */
function craft(opts: { cn: string; issuerCn?: string; ca: boolean; signer?: CaMaterial; keyPem?: string }): CaMaterial {
  const keyPem =
    opts.keyPem ??
    generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialHex();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + DAY);
  cert.setSubject([{ name: 'commonName', value: opts.cn }]);
  const issuerName = opts.signer
    ? forge.pki.certificateFromPem(opts.signer.certPem).subject.attributes
    : [{ name: 'commonName', value: opts.issuerCn ?? opts.cn }];
  cert.setIssuer(issuerName);
  // Deliberately no keyUsage: OpenSSL's checkIssued would already refuse an issuer without
  // keyCertSign, and we want to prove our own basicConstraints check.
  cert.setExtensions([{ name: 'basicConstraints', cA: opts.ca }]);
  const signingKey = opts.signer ? forge.pki.privateKeyFromPem(opts.signer.keyPem) : key;
  cert.sign(signingKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

describe('verifyChain', () => {
  const root = createRootCa({ commonName: 'verify root' });
  const inter = createIntermediateCa(root, { commonName: 'verify intermediate' });
  const leaf = issueServerCertificate(inter, { commonName: 'leaf', dnsNames: ['leaf'], ipAddresses: [], validityDays: 1 });
  const otherRoot = createRootCa({ commonName: 'verify root', keyBits: 1024 }); // same name, other key

  const expectFail = (r: ReturnType<typeof verifyChain>, reason: RegExp) => {
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  };

  it('accepts leaf → intermediate → root and returns the path', () => {
    const r = verifyChain(leaf.certPem, [inter.certPem], [otherRoot.certPem, root.certPem]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.chain.map((c) => c.subject)).toEqual(['CN=leaf', 'CN=verify intermediate', 'CN=verify root']);
    expect(verifyChain(leaf.certPem + inter.certPem, [], [root.certPem]).ok).toBe(true);
    expect(verifyChain(inter.certPem, [], [root.certPem]).ok).toBe(true);
  });

  it('rejects a wrong root (even one with the same name) and a missing intermediate', () => {
    expectFail(verifyChain(leaf.certPem, [inter.certPem], [otherRoot.certPem]), /no path/);
    expectFail(verifyChain(leaf.certPem, [], [root.certPem]), /no path/);
    expectFail(verifyChain(leaf.certPem, [inter.certPem], []), /no trusted roots/);
  });

  it('checks validity unless told not to', () => {
    const later = new Date(Date.now() + 2 * DAY);
    expectFail(verifyChain(leaf.certPem, [inter.certPem], [root.certPem], { at: later }), /leaf certificate expired/);
    expect(verifyChain(leaf.certPem, [inter.certPem], [root.certPem], { at: later, ignoreValidity: true }).ok).toBe(true);
    const earlier = new Date(Date.now() - DAY);
    expectFail(verifyChain(leaf.certPem, [inter.certPem], [root.certPem], { at: earlier }), /not valid before/);
    const farFuture = new Date(Date.now() + 4000 * DAY); // leaf ignored, but the CAs have expired too
    const r = verifyChain(inter.certPem, [], [root.certPem], { at: farFuture });
    expectFail(r, /expired/);
  });

  it('rejects a path through an expired intermediate or an expired root', () => {
    const soon = new Date(Date.now() + 0.75 * DAY);
    const shortInter = createIntermediateCa(root, { commonName: 'short', validityDays: 0.5, keyBits: 1024 });
    const leafOfShort = craft({ cn: 'outlives its issuer', ca: false, signer: shortInter }); // valid 1 day
    expect(verifyChain(leafOfShort.certPem, [shortInter.certPem], [root.certPem]).ok).toBe(true);
    expectFail(verifyChain(leafOfShort.certPem, [shortInter.certPem], [root.certPem], { at: soon }), /intermediate CN=short expired/);
    const shortRoot = createRootCa({ commonName: 'short root', validityDays: 0.5, keyBits: 1024 });
    const leafOfShortRoot = craft({ cn: 'outlives its root', ca: false, signer: shortRoot });
    expect(verifyChain(leafOfShortRoot.certPem, [], [shortRoot.certPem]).ok).toBe(true);
    expectFail(verifyChain(leafOfShortRoot.certPem, [], [shortRoot.certPem], { at: soon }), /trusted root CN=short root expired/);
  });

  it('never trusts a client-supplied self-signed "intermediate"', () => {
    const rogueCa = craft({ cn: 'verify root', ca: true }); // impersonates the root by name
    const rogueLeaf = craft({ cn: 'victim', ca: false, signer: rogueCa });
    expectFail(verifyChain(rogueLeaf.certPem, [rogueCa.certPem], [root.certPem]), /no path/);
    const selfSigned = craft({ cn: 'me', ca: true });
    expectFail(verifyChain(selfSigned.certPem, [selfSigned.certPem], [root.certPem]), /no path/);
  });

  it('backtracks from a dead end: the same intermediate key cross-signed by an untrusted CA', () => {
    const rogueRoot = craft({ cn: 'elsewhere', ca: true });
    const crossSigned = craft({ cn: 'verify intermediate', ca: true, keyPem: inter.keyPem, signer: rogueRoot });
    const r = verifyChain(leaf.certPem, [crossSigned.certPem, rogueRoot.certPem, inter.certPem], [root.certPem]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.chain[1].raw.equals(new X509Certificate(inter.certPem).raw)).toBe(true);
    expectFail(verifyChain(leaf.certPem, [crossSigned.certPem, rogueRoot.certPem], [root.certPem]), /no path/);
  });

  it('rejects a path through a non-CA issuer (and accepts the same shape when it is a CA)', () => {
    const notCa = craft({ cn: 'not a ca', ca: false, signer: root });
    const leafOfNotCa = craft({ cn: 'leaf2', ca: false, signer: notCa });
    expectFail(verifyChain(leafOfNotCa.certPem, [notCa.certPem], [root.certPem]), /not a CA/);
    const realCa = craft({ cn: 'a ca', ca: true, signer: root });
    const leafOfCa = craft({ cn: 'leaf3', ca: false, signer: realCa });
    expect(verifyChain(leafOfCa.certPem, [realCa.certPem], [root.certPem]).ok).toBe(true);
    const notCaRoot = craft({ cn: 'root that is no CA', ca: false });
    const leafOfNotCaRoot = craft({ cn: 'leaf4', ca: false, signer: notCaRoot });
    expectFail(verifyChain(leafOfNotCaRoot.certPem, [], [notCaRoot.certPem]), /not a CA/);
  });

  it('bounds depth and work', () => {
    const keyPem = craft({ cn: 'k', ca: true }).keyPem;
    let issuer = root;
    const deep: CaMaterial[] = [];
    for (let i = 0; i < 10; i++) deep.push((issuer = craft({ cn: `deep ${i}`, ca: true, signer: issuer, keyPem })));
    const deepLeaf = craft({ cn: 'deep leaf', ca: false, signer: issuer });
    expectFail(verifyChain(deepLeaf.certPem, deep.map((d) => d.certPem), [root.certPem]), /longer than 10/);
    expect(verifyChain(deep[7].certPem, deep.map((d) => d.certPem), [root.certPem]).ok).toBe(true);

    // 15 CAs with one name and one key: each "issues" every other, so naive backtracking explodes.
    const loop = Array.from({ length: 15 }, () => craft({ cn: 'loop', ca: true, keyPem }).certPem);
    const loopLeaf = craft({ cn: 'loop leaf', issuerCn: 'loop', ca: false, keyPem });
    const started = Date.now();
    expectFail(verifyChain(loopLeaf.certPem, loop, [root.certPem]), /too many candidate issuers/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['garbage leaf', () => verifyChain('garbage', [], [root.certPem])],
    ['garbage intermediate', () => verifyChain(leaf.certPem, ['garbage'], [root.certPem])],
    ['garbage root', () => verifyChain(leaf.certPem, [inter.certPem], ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'])],
    ['non-string input', () => verifyChain(undefined as unknown as string, [], [root.certPem])],
  ])('returns ok:false, never throws, for %s', (_name, run) => {
    expectFail(run(), /could not parse/);
  });

  it('treats a trusted root presented as the leaf as valid on its own', () => {
    const r = verifyChain(root.certPem, [], [root.certPem]);
    expect(r.ok && r.chain.length).toBe(1);
  });
});

describe('certificateKeyMatches', () => {
  const a = createRootCa({ commonName: 'a', keyBits: 1024 });
  const b = createRootCa({ commonName: 'b', keyBits: 1024 });
  it('is true only for the matching key and false (not throwing) for garbage', () => {
    expect(certificateKeyMatches(a.certPem, a.keyPem)).toBe(true);
    expect(certificateKeyMatches(a.certPem, b.keyPem)).toBe(false);
    expect(certificateKeyMatches(a.certPem, 'garbage')).toBe(false);
    expect(certificateKeyMatches('garbage', a.keyPem)).toBe(false);
  });
});
