import forge from 'node-forge';
import { X509Certificate } from 'node:crypto';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

describe('informational endpoints over HTTPS', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await TestContext.start();
  });
  afterAll(() => t.stop());

  it.each(['/edge/client/v1/version', '/edge/management/v1/version', '/version', '/', '/edge/v1/version'])('GET %s answers the version envelope', async (path) => {
    const res = await t.api.get(path);
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({});
    const v = res.body.data;
    expect(v.version).toMatch(/^v\d+\.\d+\.\d+/);
    expect(v.runtimeVersion).toBe(process.version);
    expect(v.capabilities).toEqual([]);
    const base = `https://${t.config.advertisedAddress}`;
    expect(v.apiVersions['edge-client'].v1).toEqual({ path: '/edge/client/v1', apiBaseUrls: [`${base}/edge/client/v1`] });
    expect(v.apiVersions['edge-management'].v1).toEqual({ path: '/edge/management/v1', apiBaseUrls: [`${base}/edge/management/v1`] });
    expect(v.apiVersions.edge).toEqual(v.apiVersions['edge-client']);
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{8}$/);
    expect(res.headers['ziti-instance-id']).toBeTruthy();
  });

  it('serves the trust bundle as base64 PKCS#7 certs-only', async () => {
    const res = await t.api.get('/.well-known/est/cacerts', { headers: { accept: '*/*' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/pkcs7-mime');
    expect(res.headers['content-transfer-encoding']).toBe('base64');
    expect(res.text.split('\n').every((l) => l.length <= 64)).toBe(true);
    const der = forge.util.decode64(res.text.replace(/\n/g, ''));
    const msg = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(der)) as unknown as { certificates: forge.pki.Certificate[] };
    const served = msg.certificates.map((c) => new X509Certificate(forge.pki.certificateToPem(c)).fingerprint256).sort();
    const expected = t.handle.ctx.pki.trustBundlePem.map((p) => new X509Certificate(p).fingerprint256).sort();
    expect(served).toEqual(expected);
  });

  it('reports health from the database', async () => {
    const res = await t.api.get('/health-checks');
    expect(res.status).toBe(200);
    expect(res.body.data.controller.healthy).toBe(true);
    expect(res.body.data.controller.checks[0]).toMatchObject({ id: 'database', healthy: true });
  });

  it('answers CORS preflights as OpenZiti does', async () => {
    const res = await t.api.request('OPTIONS', '/edge/client/v1/authenticate', {
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'zt-session' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(String(res.headers['access-control-allow-headers'])).toContain('zt-session');
  });

  it('requests but does not require a client certificate', async () => {
    const res = await t.api.get('/version');
    expect(res.status).toBe(200);
  });

  describeWithSwagger('matches the OpenZiti swagger', () => {
    it.each(['client', 'management'] as const)('version envelope validates against %s.yml', async (api) => {
      const res = await t.api.get(`/edge/${api}/v1/version`);
      expectSchema(api, 'listVersionEnvelope', res.body);
    });
  });
});
