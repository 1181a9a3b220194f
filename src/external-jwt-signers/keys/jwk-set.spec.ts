import { generateKeyPairSync } from 'node:crypto';
import { createRootCa } from '../../x509/ca';
import { algorithmsFor } from './key-algorithms';
import { certificateKey, parseJwks } from './jwk-set';

describe('JWKS parsing and algorithm pinning', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = generateKeyPairSync('ed25519');

  it('pins algorithms to the key type and never allows none or HMAC', () => {
    expect(algorithmsFor(rsa.publicKey)).toEqual(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']);
    expect(algorithmsFor(ec.publicKey)).toEqual(['ES256']);
    expect(algorithmsFor(ed.publicKey)).toEqual(['EdDSA', 'Ed25519']);
    expect(algorithmsFor(rsa.publicKey, 'RS384')).toEqual(['RS384']);
    expect(algorithmsFor(rsa.publicKey, 'HS256')).toEqual([]);
    for (const k of [rsa.publicKey, ec.publicKey, ed.publicKey]) {
      expect(algorithmsFor(k).some((a) => a === 'none' || a.startsWith('HS'))).toBe(false);
    }
  });

  it('reads keys by kid, skipping encryption keys, kid-less keys and garbage', () => {
    const keys = parseJwks({
      keys: [
        { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'r1', alg: 'RS256' },
        { ...ec.publicKey.export({ format: 'jwk' }), kid: 'e1' },
        { ...ed.publicKey.export({ format: 'jwk' }), kid: 'enc', use: 'enc' },
        { ...ed.publicKey.export({ format: 'jwk' }) },
        { kty: 'RSA', kid: 'broken', n: 'x', e: 'AQAB' },
        { kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' },
      ],
    });
    expect([...keys.keys()].sort()).toEqual(['e1', 'r1']);
    expect(keys.get('r1')?.algorithms).toEqual(['RS256']);
  });

  it('ignores private members a JWKS wrongly publishes', () => {
    const keys = parseJwks({ keys: [{ ...rsa.privateKey.export({ format: 'jwk' }), kid: 'p1' }] });
    expect(keys.get('p1')?.key.type).toBe('public');
  });

  it('prefers the x5c certificate', () => {
    const ca = createRootCa({ commonName: 'jwks-x5c' });
    const der = Buffer.from(ca.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64');
    const keys = parseJwks({ keys: [{ kty: 'RSA', kid: 'x1', n: 'AQAB', e: 'AQAB', x5c: [der] }] });
    expect(keys.get('x1')?.key.equals(certificateKey(ca.certPem).key)).toBe(true);
  });

  it('rejects documents without keys', () => {
    expect(() => parseJwks({})).toThrow();
    expect(() => parseJwks('nope')).toThrow();
  });
});
