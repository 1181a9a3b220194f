import type { FastifyRequest } from 'fastify';
import { bearerTokens } from './bearer';
import { extJwtChallenge } from './challenges';
import { readPointer } from '../../common/json-pointer';

describe('ext-jwt helpers', () => {
  it('reads claims by JSON pointer, with or without the leading slash', () => {
    const claims = { sub: 's', ext: { 'a/b': 'slash', 't~x': 'tilde', n: { deep: 'd' } }, arr: ['zero'] };
    expect(readPointer(claims, '/sub')).toBe('s');
    expect(readPointer(claims, 'sub')).toBe('s');
    expect(readPointer(claims, '/ext/a~1b')).toBe('slash');
    expect(readPointer(claims, '/ext/t~0x')).toBe('tilde');
    expect(readPointer(claims, '/ext/n/deep')).toBe('d');
    expect(readPointer(claims, '/arr/0')).toBe('zero');
    expect(readPointer(claims, '/missing/x')).toBeUndefined();
    expect(readPointer(claims, '/__proto__')).toBeUndefined();
  });

  it('takes at most three bearer tokens', () => {
    const req = (authorization: string | undefined) => ({ headers: { authorization } }) as unknown as FastifyRequest;
    expect(bearerTokens(req(undefined))).toEqual([]);
    expect(bearerTokens(req('Basic abc'))).toEqual([]);
    expect(bearerTokens(req('Bearer a, bearer b,Bearer c, Bearer d'))).toEqual(['a', 'b', 'c']);
  });

  it('renders the challenges with |-joined ids and issuers', () => {
    expect(extJwtChallenge('primary', 'expired', [{ id: 'a', issuer: 'x' }, { id: 'b', issuer: 'y' }])).toBe(
      'Bearer realm="openziti-primary-ext-jwt" error="expired" error_description="token expired" id="a|b" issuer="x|y"',
    );
  });
});
