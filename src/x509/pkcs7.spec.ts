import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { createIntermediateCa, createRootCa } from './ca';
import { PemError } from './pem';
import { certsOnlyPkcs7Base64 } from './pkcs7';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const withOpenssl = hasOpenssl ? it : it.skip;

describe('certsOnlyPkcs7Base64', () => {
  const root = createRootCa({ commonName: 'p7 root' });
  const inter = createIntermediateCa(root, { commonName: 'p7 intermediate' });
  const b64 = certsOnlyPkcs7Base64([root.certPem, inter.certPem]);
  const der = Buffer.from(b64.replace(/\n/g, ''), 'base64');
  let tmp: string;
  beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ztc-p7-'))));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('wraps base64 at 64 characters joined by \\n', () => {
    const lines = b64.split('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(0, -1).every((l) => l.length === 64)).toBe(true);
    expect(lines[lines.length - 1].length).toBeGreaterThan(0);
    expect(lines[lines.length - 1].length).toBeLessThanOrEqual(64);
    expect(b64).toMatch(/^[A-Za-z0-9+/=\n]+$/);
  });

  it('parses back with forge as SignedData holding exactly those certificates and no signers', () => {
    const asn1 = forge.asn1.fromDer(der.toString('binary'));
    const msg = forge.pkcs7.messageFromAsn1(asn1) as unknown as forge.pkcs7.PkcsSignedData & { type: string };
    expect(msg.type).toBe(forge.pki.oids.signedData);
    expect(msg.certificates.map((c) => forge.pki.certificateToPem(c).replace(/\r\n/g, '\n'))).toEqual([root.certPem, inter.certPem]);
    // forge does not expose an empty signerInfos, so check the structure itself:
    // SignedData { version 1, digestAlgorithms {}, contentInfo { data }, [0] certs, signerInfos {} }
    const signedData = ((asn1.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0];
    const [version, digests, content, certs, signers, ...rest] = signedData.value as forge.asn1.Asn1[];
    expect(rest).toEqual([]);
    expect(forge.util.bytesToHex(version.value as string)).toBe('01');
    expect([digests.type, digests.value]).toEqual([forge.asn1.Type.SET, []]);
    expect((content.value as forge.asn1.Asn1[]).length).toBe(1); // content type only, no content
    expect([certs.tagClass, certs.type, (certs.value as unknown[]).length]).toEqual([forge.asn1.Class.CONTEXT_SPECIFIC, 0, 2]);
    expect([signers.type, signers.value]).toEqual([forge.asn1.Type.SET, []]);
  });

  it('is byte-identical to forge createSignedData output for RSA certificates', () => {
    const p7 = forge.pkcs7.createSignedData();
    for (const pem of [root.certPem, inter.certPem]) p7.addCertificate(pem);
    expect(der.equals(Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary'))).toBe(true);
  });

  it('accepts bundles and drops duplicates; rejects non-certificates', () => {
    expect(certsOnlyPkcs7Base64([root.certPem + inter.certPem, root.certPem])).toBe(b64);
    expect(() => certsOnlyPkcs7Base64([root.keyPem])).toThrow(PemError);
  });

  withOpenssl('is read by openssl pkcs7 -print_certs', () => {
    const file = path.join(tmp, 'cacerts.p7b');
    fs.writeFileSync(file, der);
    const out = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', file, '-print_certs'], { encoding: 'utf8' });
    expect(out.match(/^subject=.*$/gm)).toEqual(['subject=CN = p7 root', 'subject=CN = p7 intermediate']);
    const pems = out.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g) ?? [];
    expect(pems).toEqual([root.certPem, inter.certPem]);
  });

  withOpenssl('embeds non-RSA (EC) certificates verbatim, which forge cannot parse', () => {
    const key = path.join(tmp, 'ec.key');
    const cert = path.join(tmp, 'ec.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', key, '-out', cert, '-subj', '/CN=ec ca', '-days', '1'], { stdio: 'ignore' });
    const ecPem = fs.readFileSync(cert, 'utf8');
    expect(() => forge.pki.certificateFromPem(ecPem)).toThrow();
    const file = path.join(tmp, 'ec.p7b');
    fs.writeFileSync(file, Buffer.from(certsOnlyPkcs7Base64([ecPem, root.certPem]), 'base64'));
    const out = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', file, '-print_certs'], { encoding: 'utf8' });
    const first = out.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/)?.[0] ?? '';
    expect(new X509Certificate(first).raw.equals(new X509Certificate(ecPem).raw)).toBe(true);
  });
});
