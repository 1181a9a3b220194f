import 'reflect-metadata';
import { ApiError } from '../../common/errors/api-error';
import { createValidationPipe } from '../../common/http/validation';
import { validateAuthenticateBody, wellFormedAuthenticateBody } from './authenticate-body';
import { AuthenticateDto, EnvInfoDto, SdkInfoDto } from './authenticate.dto';

const pipe = createValidationPipe();
const viaPipe = (body: unknown): Promise<unknown> =>
  Promise.resolve(pipe.transform(body, { type: 'body', metatype: AuthenticateDto })).then(
    (v) => ({ ok: v }),
    (e: unknown) => ({ error: e instanceof ApiError ? { code: e.code, status: e.status, cause: e.cause } : String(e) }),
  );

const long = (n: number) => 'x'.repeat(n);

/** Bodies the quick path must take: what SDKs send. */
const WELL_FORMED: unknown[] = [
  { username: 'admin', password: 'secret' },
  { username: long(4), password: long(5) },
  { username: long(100), password: long(100) },
  { username: 'user@example.com', password: 'pässwörd-ünïcode' },
  { username: 'admin', password: 'secret', configTypes: ['host.v1', 'intercept.v1'], extra: { nested: true }, n: 5 },
  { username: 'admin', password: 'secret', configTypes: [] },
  { username: 'admin', password: 'secret', envInfo: { os: 'linux', arch: 'amd64', osRelease: '6.1', osVersion: '#1 SMP', domain: long(253), hostname: 'h', unknown: 1 } },
  { username: 'admin', password: 'secret', sdkInfo: { type: 'ziti-sdk-golang', branch: 'main', version: 'v1.2.3', revision: 'abc', appId: 'app', appVersion: long(255), zz: [1] } },
  { username: 'admin', password: 'secret', envInfo: {}, sdkInfo: {} },
  { username: 'admin', password: 'secret', envInfo: { os: null }, sdkInfo: { type: null } },
  { username: null, password: null, configTypes: null, envInfo: null, sdkInfo: null },
  {},
  { other: 'ignored' },
];

/** Bodies the quick path must hand to the pipe (each refused there, or needing its exact rules). */
const OTHERS: unknown[] = [
  undefined,
  null,
  'text',
  42,
  [1, 2],
  [],
  { username: 5, password: 'secret' },
  { username: 'abc', password: 'secret' },
  { username: long(101), password: 'secret' },
  { username: 'admin', password: 'four' },
  { username: 'admin', password: long(101) },
  { username: 'admin', password: { a: 1 } },
  { username: '😀😀', password: 'secret' },
  { username: 'admin', password: '😀😀😀😀😀😀' },
  { username: 'admin', password: 'secret', configTypes: 'host.v1' },
  { username: 'admin', password: 'secret', configTypes: ['a', 2] },
  { username: 'admin', password: 'secret', configTypes: { 0: 'a' } },
  { username: 'admin', password: 'secret', envInfo: 'linux' },
  { username: 'admin', password: 'secret', envInfo: [] },
  { username: 'admin', password: 'secret', envInfo: { os: 1 } },
  { username: 'admin', password: 'secret', envInfo: { hostname: long(254) } },
  { username: 'admin', password: 'secret', sdkInfo: { appId: long(256) } },
  { username: 'admin', password: 'secret', sdkInfo: { version: false } },
  { username: 'admin', password: 'secret', sdkInfo: { version: '😀' } },
];

describe('the authenticate body: quick path and validation pipe agree', () => {
  it.each(WELL_FORMED.map((b) => [JSON.stringify(b), b]))('well formed %s: the quick path answers what the pipe answers', async (_, body) => {
    const quick = wellFormedAuthenticateBody(body);
    expect(quick).not.toBeNull();
    const slow = (await viaPipe(body)) as { ok: AuthenticateDto };
    expect(slow.ok).toBeInstanceOf(AuthenticateDto);
    expect(quick).toEqual(slow.ok);
    expect(quick).toBeInstanceOf(AuthenticateDto);
    if (slow.ok.envInfo) expect(quick?.envInfo).toBeInstanceOf(EnvInfoDto);
    if (slow.ok.sdkInfo) expect(quick?.sdkInfo).toBeInstanceOf(SdkInfoDto);
  });

  it.each(OTHERS.map((b) => [JSON.stringify(b) ?? 'undefined', b]))('other %s: the quick path declines, and the result is the pipe’s', async (_, body) => {
    expect(wellFormedAuthenticateBody(body)).toBeNull();
    const expected = await viaPipe(body);
    const actual = await Promise.resolve()
      .then(() => validateAuthenticateBody(body))
      .then(
        (v) => ({ ok: v }),
        (e: unknown) => ({ error: e instanceof ApiError ? { code: e.code, status: e.status, cause: e.cause } : String(e) }),
      );
    expect(actual).toEqual(expected);
  });

  it('the quick copy does not share arrays or objects with the request', () => {
    const body = { username: 'admin', password: 'secret', configTypes: ['a'], envInfo: { os: 'linux' } };
    const dto = wellFormedAuthenticateBody(body);
    expect(dto?.configTypes).not.toBe(body.configTypes);
    expect(dto?.envInfo).not.toBe(body.envInfo);
  });

  it('refusals carry the field and the rule, as before', async () => {
    expect(await viaPipe({ username: 'abc', password: 'secret' })).toEqual({
      error: { code: 'COULD_NOT_VALIDATE', status: 400, cause: expect.objectContaining({ field: 'username', reason: 'username must be longer than or equal to 4 characters' }) },
    });
  });
});
