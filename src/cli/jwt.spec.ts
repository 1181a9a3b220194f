import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { decodeJwt, jwtSignatureValid } from './jwt';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const claims = { iss: 'https://ctrl:1280', jti: 'tok', em: 'ott', sub: 'id1' };
const sign = (alg: string, key: Parameters<SignJWT['sign']>[0]) => new SignJWT(claims).setProtectedHeader({ alg, kid: 'k' }).sign(key);

describe('decodeJwt / jwtSignatureValid', () => {
  it.each([
    ['RS256', rsa],
    ['PS256', rsa],
    ['ES256', ec],
  ] as const)('accepts %s signed by the key, and not by another key', async (alg, pair) => {
    const jwt = decodeJwt(await sign(alg, pair.privateKey));
    expect(jwt.claims).toMatchObject(claims);
    expect(jwt.header).toMatchObject({ alg, kid: 'k' });
    expect(jwtSignatureValid(jwt, pair.publicKey)).toBe(true);
    const other = pair === ec ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(jwtSignatureValid(jwt, other.publicKey)).toBe(false);
  });

  it('is false for alg none, for HMAC keyed with the public key, and for an alg that does not fit the key', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = decodeJwt(`${b64({ alg: 'none' })}.${b64(claims)}.`);
    expect(jwtSignatureValid(none, rsa.publicKey)).toBe(false);
    const input = `${b64({ alg: 'HS256' })}.${b64(claims)}`;
    const pubPem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
    const hs = decodeJwt(`${input}.${createHmac('sha256', pubPem).update(input).digest('base64url')}`);
    expect(jwtSignatureValid(hs, rsa.publicKey)).toBe(false);
    expect(jwtSignatureValid(decodeJwt(await sign('RS256', rsa.privateKey)), ec.publicKey)).toBe(false);
    expect(jwtSignatureValid(decodeJwt(await sign('ES256', ec.privateKey)), rsa.publicKey)).toBe(false);
  });

  it('refuses what is not a compact JWT', () => {
    expect(() => decodeJwt('abc')).toThrow('not a JWT');
    expect(() => decodeJwt('a.b.c')).toThrow('not a JWT');
    expect(() => decodeJwt(`${Buffer.from('[1]').toString('base64url')}.e30.`)).toThrow('not a JWT');
  });
});
