import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

describe('error envelopes over HTTPS', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await TestContext.start();
  });
  afterAll(() => t.stop());

  function expectError(res: { status: number; body: any; headers: Record<string, unknown> }, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
    expect(res.body.meta).toEqual({ apiVersion: '0.0.1', apiEnrollmentVersion: '0.0.1' });
  }

  it('unknown route: 404 NOT_FOUND', async () => {
    expectError(await t.api.get('/edge/management/v1/no-such-thing'), 404, 'NOT_FOUND');
  });

  it('legacy un-prefixed unknown path is a client path, still 404', async () => {
    expectError(await t.api.get('/no-such-thing'), 404, 'NOT_FOUND');
  });

  it('wrong verb on a known path: 405 with Allow', async () => {
    const res = await t.api.delete('/edge/client/v1/version');
    expectError(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toContain('GET');
  });

  it('a body over ZT_MAX_BODY_BYTES: 413 before anything reads it', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    expectError(await t.api.request('POST', '/edge/client/v1/authenticate?method=password', { raw: big }), 413, 'REQUEST_ENTITY_TOO_LARGE');
  });

  it('malformed JSON: 400 COULD_NOT_PARSE_BODY', async () => {
    const res = await t.api.request('POST', '/edge/client/v1/authenticate?method=password', { raw: '{"username": "ab', contentType: 'application/json' });
    expectError(res, 400, 'COULD_NOT_PARSE_BODY');
    expect(res.headers['zt-session']).toBeUndefined();
  });

  it('an unsupported content type: 415 UNSUPPORTED_MEDIA', async () => {
    const res = await t.api.request('POST', '/edge/client/v1/authenticate?method=password', { raw: '<x/>', contentType: 'application/xml' });
    expectError(res, 415, 'UNSUPPORTED_MEDIA');
  });

  it('request ids are unique per request and appear in the logs', async () => {
    const a = await t.api.get('/nope-a');
    const b = await t.api.get('/nope-b');
    expect(a.body.error.requestId).not.toBe(b.body.error.requestId);
    const lines = t.logs.lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === a.body.error.requestId);
    expect(lines.length).toBeGreaterThan(0);
  });

  it('never logs session tokens, authorization headers or query secrets', async () => {
    await t.api.get('/edge/client/v1/version?token=enroll-secret-123', {
      headers: { 'zt-session': 'session-secret-456', authorization: 'Bearer jwt-secret-789', 'mfa-validation-code': '123456' },
    });
    const text = t.logs.text();
    for (const secret of ['enroll-secret-123', 'session-secret-456', 'jwt-secret-789']) expect(text).not.toContain(secret);
  });

  describeWithSwagger('matches the OpenZiti swagger', () => {
    it('404 and 413 envelopes validate as apiErrorEnvelope', async () => {
      expectSchema('client', 'apiErrorEnvelope', (await t.api.get('/edge/client/v1/nothing')).body);
      const big = 'x'.repeat(2 * 1024 * 1024);
      expectSchema('client', 'apiErrorEnvelope', (await t.api.request('POST', '/edge/client/v1/authenticate?method=password', { raw: big })).body);
    });
  });
});
