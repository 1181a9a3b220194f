import { type Reply, call } from './https';

export interface BenchUser {
  username: string;
  password: string;
}

export const CLIENT = '/edge/client/v1';
export const MANAGEMENT = '/edge/management/v1';

/** One password for all of them, so one precomputed hash also serves users seeded straight into the database. */
export const benchUsers = (count: number, runId: string): BenchUser[] =>
  Array.from({ length: count }, (_, i) => ({ username: `bench-${runId}-${i}`, password: `Bench-${runId}-pw!` }));

/** POST /authenticate?method=password; the zt-session token, or an Error carrying the status and body. */
export async function login(url: string, ca: string[], user: BenchUser, api = CLIENT): Promise<string> {
  return (await passwordLogin(url, ca, user, api)).token;
}

/** As login(), plus the id of the identity that logged in (the session detail's `identityId`). */
export async function loginDetail(url: string, ca: string[], user: BenchUser, api = CLIENT): Promise<{ token: string; identityId: string }> {
  const { token, reply } = await passwordLogin(url, ca, user, api);
  return { token, identityId: String((reply.json() as { data: { identityId: unknown } }).data.identityId) };
}

async function passwordLogin(url: string, ca: string[], user: BenchUser, api: string): Promise<{ token: string; reply: Reply }> {
  const reply = await call('POST', `${url}${api}/authenticate?method=password`, ca, { body: user });
  const token = reply.headers['zt-session'];
  if (reply.status !== 200 || typeof token !== 'string') {
    throw new HttpError(`login of ${user.username} answered ${reply.status}: ${reply.text.slice(0, 300)}`, reply.status);
  }
  return { token, reply };
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Creates the users through the management API as the bootstrap admin: one identity plus one updb
 * authenticator each. A 404 (route not there yet) surfaces as HttpError with status 404 so the caller can
 * fall back to seeding the database.
 */
export async function createUsersViaApi(url: string, ca: string[], adminPassword: string, users: BenchUser[]): Promise<void> {
  const admin = await login(url, ca, { username: 'admin', password: adminPassword }, MANAGEMENT);
  const headers = { 'zt-session': admin };
  for (const user of users) {
    const identity = await call('POST', `${url}${MANAGEMENT}/identities`, ca, {
      headers,
      body: { name: user.username, type: 'User', isAdmin: false },
    });
    if (identity.status !== 201) throw new HttpError(`POST /identities answered ${identity.status}: ${identity.text.slice(0, 300)}`, identity.status);
    const identityId = (identity.json() as { data: { id: string } }).data.id;
    const auth = await call('POST', `${url}${MANAGEMENT}/authenticators`, ca, {
      headers,
      body: { method: 'updb', identityId, username: user.username, password: user.password },
    });
    if (auth.status !== 201) throw new HttpError(`POST /authenticators answered ${auth.status}: ${auth.text.slice(0, 300)}`, auth.status);
  }
}
