import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ApiSessionEntity } from '../../src/api-sessions/api-session.entity';
import { ApiSessionRepository } from '../../src/api-sessions/api-session.repository';
import { AuthPolicyEntity } from '../../src/auth-policies/auth-policy.entity';
import { FastSql } from '../../src/database/fast-sql';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { IdentityEntity } from '../../src/identities/identity.entity';
import { IdentityRepository } from '../../src/identities/identity.repository';
import { MfaEntity } from '../../src/mfa/mfa.entity';
import { IdentityLockoutRepository } from '../../src/lockout/identity-lockout.repository';
import { PrincipalRepository } from '../../src/security/principal.repository';
import { insertIdentityRow } from '../factories/identity.factory';
import { describeEachDatabase } from '../support/databases';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

function session(identityId: string, id: string): ApiSessionEntity {
  return Object.assign(new ApiSessionEntity(), {
    id,
    tokenHash: `hash-${id}`,
    identityId,
    authenticatorId: 'auth-1',
    ipAddress: '127.0.0.1',
    configTypes: ['a', 'b'],
    mfaRequired: true,
    mfaComplete: false,
    isCertExtendable: false,
    improperClientCertChain: true,
    lastActivityAt: new Date(T0 + 1),
    tags: { team: 'blue', n: 2 },
    createdAt: new Date(T0),
    updatedAt: new Date(T0 + 2),
  });
}

/** The login and per-request fast path must store and read exactly what the ORM does, on both engines. */
describeEachDatabase('fast SQL path', (db) => {
  let ds: DataSource;
  let fast: FastSql;
  let tx: TransactionRunner;
  let insert: (s: ApiSessionEntity) => ReturnType<ReturnType<FastSql['inserter']>>;

  beforeAll(async () => {
    ds = await db().open();
    fast = new FastSql(ds);
    tx = new TransactionRunner(ds);
    insert = fast.inserter(ApiSessionEntity);
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('an inserted entity reads back equal through the ORM and through a reader', async () => {
    const identityId = await insertIdentityRow(ds);
    const s = session(identityId, `s-${identityId}`);
    expect(await tx.runStatements([insert(s)])).toBe(true);
    expect(await ds.getRepository(ApiSessionEntity).findOneBy({ id: s.id })).toEqual({ ...s });
    const reader = fast.reader(ApiSessionEntity, 's');
    const row = await fast.one(`SELECT ${reader.select} FROM api_sessions s WHERE s.id = :id`, { id: s.id });
    const read = reader.read(row!);
    expect(read).toBeInstanceOf(ApiSessionEntity);
    expect({ ...read }).toEqual({ ...s });
  });

  it('a partial reader reads only the named columns, as plain objects', async () => {
    const identityId = await insertIdentityRow(ds);
    const reader = fast.reader(IdentityEntity, 'i', ['id', 'isAdmin', 'disabledAt'] as const);
    const row = await fast.one(`SELECT ${reader.select} FROM identities i WHERE i.id = :id`, { id: identityId });
    expect(reader.read(row!)).toEqual({ id: identityId, isAdmin: false, disabledAt: null });
  });

  it('no row: undefined', async () => {
    expect(await fast.one('SELECT i.id AS x FROM identities i WHERE i.id = :id', { id: 'nobody' })).toBeUndefined();
  });

  it('a mustAffect statement that finds no row rolls the whole transaction back', async () => {
    const identityId = await insertIdentityRow(ds);
    const s = session(identityId, `rb-${identityId}`);
    const nothing = { sql: 'UPDATE identities SET failed_attempts = 0 WHERE id = :id RETURNING id', params: { id: 'nobody' }, mustAffect: true };
    expect(await tx.runStatements([insert(s), nothing])).toBe(false);
    expect(await ds.getRepository(ApiSessionEntity).countBy({ id: s.id })).toBe(0);
  });

  it('a failing statement rolls back and rejects; the runner keeps working', async () => {
    const identityId = await insertIdentityRow(ds);
    const s = session(identityId, `dup-${identityId}`);
    // (Matched by message: the driver's error class may come from another test file's realm.)
    await expect(tx.runStatements([insert(s), insert(s)])).rejects.toMatchObject({ message: expect.stringMatching(/unique|duplicate/i) });
    expect(await ds.getRepository(ApiSessionEntity).countBy({ id: s.id })).toBe(0);
    expect(await tx.runStatements([insert(s)])).toBe(true);
  });

  it('the login statements: a disabled identity gets no session; an enabled one has its count reset and its client info saved', async () => {
    const lockout = new IdentityLockoutRepository();
    const identities = new IdentityRepository(ds.getRepository(IdentityEntity));
    const now = new Date(T0 + 60_000);
    const disabled = await insertIdentityRow(ds);
    await ds.getRepository(IdentityEntity).update({ id: disabled }, { disabledAt: new Date(T0), disabledUntil: null, failedAttempts: 2 });
    const refused = session(disabled, `d-${disabled}`);
    expect(await tx.runStatements([lockout.successStatement(disabled, now), insert(refused)], { syncCommit: false })).toBe(false);
    expect(await ds.getRepository(ApiSessionEntity).countBy({ id: refused.id })).toBe(0);
    expect((await ds.getRepository(IdentityEntity).findOneByOrFail({ id: disabled })).failedAttempts).toBe(2);

    const enabled = await insertIdentityRow(ds);
    await ds.getRepository(IdentityEntity).update({ id: enabled }, { failedAttempts: 2 });
    const issued = session(enabled, `e-${enabled}`);
    const steps = [lockout.successStatement(enabled, now), ...identities.clientInfoStatements(enabled, { os: 'linux' }, { type: 'ziti-sdk-go' }, now), insert(issued)];
    expect(await tx.runStatements(steps, { syncCommit: false })).toBe(true);
    const after = await ds.getRepository(IdentityEntity).findOneByOrFail({ id: enabled });
    expect({ failedAttempts: after.failedAttempts, envInfo: after.envInfo, sdkInfo: after.sdkInfo, updatedAt: after.updatedAt }).toEqual({
      failedAttempts: 0,
      envInfo: { os: 'linux' },
      sdkInfo: { type: 'ziti-sdk-go' },
      updatedAt: now,
    });
    expect(await ds.getRepository(ApiSessionEntity).countBy({ id: issued.id })).toBe(1);
    expect(identities.clientInfoStatements(enabled, undefined, undefined, now)).toEqual([]);
  });

  it('a commit that does not wait for the disk is seen at once, and the connection keeps its own durability after it', async () => {
    const level = async (): Promise<unknown> =>
      db().kind === 'sqlite' ? (await ds.query('PRAGMA synchronous'))[0].synchronous : (await ds.query('SHOW synchronous_commit'))[0].synchronous_commit;
    const before = await level();
    const identityId = await insertIdentityRow(ds);
    const kept = session(identityId, `k-${identityId}`);
    expect(await tx.runStatements([insert(kept)], { syncCommit: false })).toBe(true);
    expect(await ds.getRepository(ApiSessionEntity).countBy({ id: kept.id })).toBe(1);
    expect(await level()).toEqual(before);
    // A rolled-back one, and one inside a transaction already open (it commits with that transaction).
    expect(await tx.runStatements([{ sql: 'SELECT id FROM identities WHERE id = :id', params: { id: 'nobody' }, mustAffect: true }], { syncCommit: false })).toBe(false);
    expect(await level()).toEqual(before);
    const nested = session(identityId, `n-${identityId}`);
    await tx.run(async () => {
      if (db().kind === 'sqlite') expect(await fast.transaction([insert(nested)], { syncCommit: false })).toBe(true);
    });
    expect(await level()).toEqual(before);
    if (db().kind === 'sqlite') expect(await ds.getRepository(ApiSessionEntity).countBy({ id: nested.id })).toBe(1);
  });

  it('activity marks only ever move last_activity_at forward, in a commit that does not wait for the disk', async () => {
    const repo = new ApiSessionRepository(ds.getRepository(ApiSessionEntity), ds);
    const identityId = await insertIdentityRow(ds);
    const s = session(identityId, `a-${identityId}`);
    expect(await tx.runStatements([insert(s)])).toBe(true);
    const stored = async () => (await ds.getRepository(ApiSessionEntity).findOneByOrFail({ id: s.id })).lastActivityAt;
    const later = new Date(s.lastActivityAt.getTime() + 60_000);
    expect(await tx.runStatements(repo.activityStatements(new Map([[s.id, later]])), { syncCommit: false })).toBe(true);
    expect(await stored()).toEqual(later);
    // An older mark (a flush that lost a race) leaves the newer one; an unknown session changes nothing.
    await tx.runStatements(repo.activityStatements(new Map([[s.id, s.lastActivityAt], ['nobody', later]])), { syncCommit: false });
    expect(await stored()).toEqual(later);
  });

  it('a lockout that has expired no longer refuses the login statements', async () => {
    const lockout = new IdentityLockoutRepository();
    const id = await insertIdentityRow(ds);
    await ds.getRepository(IdentityEntity).update({ id }, { disabledAt: new Date(T0), disabledUntil: new Date(T0 + 1000) });
    expect(await tx.runStatements([lockout.successStatement(id, new Date(T0 + 999))])).toBe(false);
    expect(await tx.runStatements([lockout.successStatement(id, new Date(T0 + 1000))])).toBe(true);
  });

  it('the login principal: identity (the columns a login reads), policy and whether a verified TOTP exists, in one query', async () => {
    const principals = new PrincipalRepository(ds);
    const id = await insertIdentityRow(ds);
    const p = await principals.forLogin(id);
    // The identity's columns a login needs, read as TypeORM reads them; the rest (JSON columns) are not read.
    const stored = await ds.getRepository(IdentityEntity).findOneByOrFail({ id });
    expect(p?.identity).toEqual({ id, name: stored.name, disabledAt: null, disabledUntil: null });
    await ds.getRepository(IdentityEntity).update({ id }, { disabledAt: new Date(T0), disabledUntil: new Date(T0 + 60_000) });
    expect((await principals.forLogin(id))?.identity).toEqual({ id, name: stored.name, disabledAt: new Date(T0), disabledUntil: new Date(T0 + 60_000) });
    await ds.getRepository(IdentityEntity).update({ id }, { disabledAt: null, disabledUntil: null });
    expect(p?.policy).toEqual(await ds.getRepository(AuthPolicyEntity).findOneBy({ id: 'default' }));
    expect(p?.hasVerifiedTotp).toBe(false);
    const mfa = { id: `m-${id}`, identityId: id, isVerified: false, secretSealed: 'x', recoveryCodeMacs: [], pendingRecoveryCodesSealed: null, lastTotpStep: null, createdAt: new Date(T0), updatedAt: new Date(T0) };
    await ds.getRepository(MfaEntity).insert(mfa);
    expect((await principals.forLogin(id))?.hasVerifiedTotp).toBe(false);
    await ds.getRepository(MfaEntity).update({ id: mfa.id }, { isVerified: true });
    expect((await principals.forLogin(id))?.hasVerifiedTotp).toBe(true);
    expect(await principals.forLogin('nobody')).toBeNull();
  });

  it('a cached query answers from memory only while nothing has been written (a write anywhere is seen at once)', async () => {
    const identityId = await insertIdentityRow(ds);
    let built = 0;
    const q = fast.cached('SELECT i.name AS name FROM identities i WHERE i.id = :id', (row) => {
      built++;
      return { name: row.get('name') };
    });
    const name = async () => (await q.one(identityId, { id: identityId }))?.name;
    const first = await name();
    // Until a write, the same answer goes to every caller (SQLite); PostgreSQL builds one per call.
    const [a, b] = [await q.one(identityId, { id: identityId }), await q.one(identityId, { id: identityId })];
    expect(a).toEqual({ name: first });
    if (db().kind === 'sqlite') {
      expect(a).toBe(b);
      expect(built).toBe(1);
      // Answered on the spot, not through a promise, whether remembered or just read (after a write).
      expect(q.one(identityId, { id: identityId })).toBe(a);
      await ds.getRepository(IdentityEntity).update({ id: identityId }, { name: first as string });
      const reread = q.one(identityId, { id: identityId });
      expect(reread).not.toBeInstanceOf(Promise);
      expect(reread).toEqual({ name: first });
      expect(q.one('none', { id: 'none' })).toBeUndefined();
    } else {
      expect(a).not.toBe(b);
      expect(built).toBe(3);
      expect(q.one(identityId, { id: identityId })).toBeInstanceOf(Promise);
    }
    // A write through the ORM, a raw statement and a plain transaction: each is visible on the next read.
    await ds.getRepository(IdentityEntity).update({ id: identityId }, { name: `${first}-2` });
    expect(await name()).toBe(`${first}-2`);
    await ds.query(ds.driver.escapeQueryWithParameters('UPDATE identities SET name = :n WHERE id = :id', { n: `${first}-3`, id: identityId })[0], [`${first}-3`, identityId]);
    expect(await name()).toBe(`${first}-3`);
    await tx.runStatements([{ sql: 'UPDATE identities SET name = :n WHERE id = :id', params: { n: `${first}-4`, id: identityId } }]);
    expect(await name()).toBe(`${first}-4`);
    // A write elsewhere (another table) also empties it; a delete makes the row disappear.
    await ds.getRepository(IdentityEntity).delete({ id: identityId });
    expect(await name()).toBeUndefined();
  });

  it('the per-request principal: shared, frozen identity and policy; a session of its own for each caller', async () => {
    const repo = new ApiSessionRepository(ds.getRepository(ApiSessionEntity), ds);
    const identityId = await insertIdentityRow(ds);
    const s = session(identityId, `p-${identityId}`);
    expect(await tx.runStatements([insert(s)])).toBe(true);
    const a = await repo.findWithPrincipal(s.tokenHash);
    const b = await repo.findWithPrincipal(s.tokenHash);
    // Synchronous on SQLite (outside a transaction), a promise on PostgreSQL.
    expect(repo.findWithPrincipal(s.tokenHash) instanceof Promise).toBe(db().kind !== 'sqlite');
    expect(a?.session).toEqual({ ...s });
    expect(a?.identity.id).toBe(identityId);
    expect(a?.policy.id).toBe('default');
    expect(a?.certExtend).toEqual({ extendRequested: false, keyRollRequested: false });
    // Nothing a request does to what it was given reaches the next request.
    for (const shared of [a!.identity, a!.policy, a!.certExtend, a!.session.tags, a!.session.configTypes]) expect(Object.isFrozen(shared)).toBe(true);
    expect(() => Object.assign(a!.identity, { isAdmin: true })).toThrow(TypeError);
    a!.session.lastActivityAt = new Date(T0 + 99);
    a!.session.mfaComplete = true;
    expect(b?.session.lastActivityAt).toEqual(new Date(T0 + 1));
    expect(b?.session.mfaComplete).toBe(false);
    expect((await repo.findWithPrincipal(s.tokenHash))?.session).toEqual({ ...s });
    expect(await repo.findWithPrincipal('no-such-hash')).toBeNull();
  });

  it('a cached query inside an open transaction reads the database, and keeps nothing it read there', async () => {
    const identityId = await insertIdentityRow(ds);
    const q = fast.cached('SELECT i.name AS name FROM identities i WHERE i.id = :id', (row) => row.get('name'));
    const name = () => q.one(identityId, { id: identityId });
    const before = await name();
    await tx
      .run(async (m) => {
        await m.getRepository(IdentityEntity).update({ id: identityId }, { name: 'inside' });
        expect(await name()).toBe('inside');
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await name()).toBe(before);
  });
});
