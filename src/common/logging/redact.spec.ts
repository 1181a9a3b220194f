import { REDACTED, redact, redactUrl } from './redact';

describe('log redaction', () => {
  it('masks secret-named keys at any depth, case-insensitively', () => {
    const out = redact({
      req: { headers: { Authorization: 'Bearer x', 'zt-session': 'tok', 'MFA-Validation-Code': '123456', accept: 'json' } },
      body: { username: 'alice', password: 'pw', currentPassword: 'old', code: '654321' },
      nested: [{ keyPem: '-----BEGIN' }, { privateKey: 'k' }],
    }) as any;
    expect(out.req.headers).toEqual({ Authorization: REDACTED, 'zt-session': REDACTED, 'MFA-Validation-Code': REDACTED, accept: 'json' });
    expect(out.body).toEqual({ username: 'alice', password: REDACTED, currentPassword: REDACTED, code: REDACTED });
    expect(out.nested).toEqual([{ keyPem: REDACTED }, { privateKey: REDACTED }]);
  });

  it('masks the value of an error cause that names a secret field', () => {
    expect(redact({ cause: { field: 'password', reason: 'too short', value: 'abc' } })).toEqual({ cause: { field: 'password', reason: 'too short', value: REDACTED } });
    expect(redact({ cause: { field: 'primary.updb.password', value: 'x' } })).toEqual({ cause: { field: 'primary.updb.password', value: REDACTED } });
    expect(redact({ cause: { field: 'name', value: 'bob' } })).toEqual({ cause: { field: 'name', value: 'bob' } });
  });

  it('masks secret query parameters in URLs', () => {
    expect(redactUrl('/edge/client/v1/enroll?method=ott&token=abc')).toBe(`/edge/client/v1/enroll?method=ott&token=${encodeURIComponent(REDACTED)}`);
    expect(redactUrl('/version')).toBe('/version');
  });
});
