import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityViaApi } from '../../factories/identity.factory';
import { PG_URL, postgresDatabase, type TestDatabase } from '../../support/databases';
import { TestContext } from '../../support/test-context';
import { CLIENT, newCsr, pendingEnrollment } from './enroll-support';

// Two controllers on one PostgreSQL database, where transactions really run concurrently (SQLite queues
// them): one token used on both replicas at once still yields exactly one authenticator.
(PG_URL ? describe : describe.skip)('enrollment across two replicas on one PostgreSQL [set TEST_PG_URL to run]', () => {
  let db: TestDatabase;
  let pkiDir: string;
  let a: TestContext;
  let b: TestContext;
  beforeAll(async () => {
    db = postgresDatabase();
    pkiDir = mkdtempSync(join(tmpdir(), 'ztc-pki-'));
    // Replicas share the database, the PKI and the key that seals enrollment tokens.
    const env = { ZT_DB_URL: db.url, ZT_PKI_DIR: pkiDir, ZT_MFA_KEY: randomBytes(32).toString('base64') };
    a = await TestContext.start({ env });
    b = await TestContext.start({ env, clock: a.clock });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
    rmSync(pkiDir, { recursive: true, force: true });
  });

  it('both replicas show the same token and JWT', async () => {
    const { id } = await createIdentityViaApi(a, { enrollment: { ott: true } });
    expect(await pendingEnrollment(b, id, 'ott')).toEqual(await pendingEnrollment(a, id, 'ott'));
  });

  it('one token sent to both replicas at once: one 200, the rest 400 INVALID_ENROLLMENT_TOKEN, one authenticator', async () => {
    for (let round = 0; round < 3; round++) {
      const { id } = await createIdentityViaApi(a, { enrollment: { ott: true } });
      const { token } = await pendingEnrollment(a, id, 'ott');
      const results = await Promise.all([a, b, a, b].map((t) => t.api.post(`${CLIENT}/enroll/ott`, { token, clientCsr: newCsr().csrPem })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400]);
      expect(results.filter((r) => r.status === 400).map((r) => r.body.error.code)).toEqual(Array(3).fill('INVALID_ENROLLMENT_TOKEN'));
      const list = await (await a.admin()).get(`/edge/management/v1/identities/${id}/authenticators`);
      expect(list.body.data).toHaveLength(1);
    }
  });
});
