import { call } from './https';

export interface BenchUser {
  username: string;
  password: string;
}

export const CLIENT = '/edge/client/v1';
const MANAGEMENT = '/edge/management/v1';

/** One password for all of them, so one precomputed hash also serves users seeded straight into the database. */
export const benchUsers = (count: number, runId: string): BenchUser[] =>
  Array.from({ length: count }, (_, i) => ({ username: `bench-${runId}-${i}`, password: `Bench-${runId}-pw!` }));

/** POST /authenticate?method=password; the zt-session token, or an Error carrying the status and body. */
export async function login(url: string, ca: string[], user: BenchUser, api = CLIENT): Promise<string> {
  const res = await call('POST', `${url}${api}/authenticate?method=password`, ca, { body: user });
  const token = res.headers['zt-session'];
  if (res.status !== 200 || typeof token !== 'string') {
    throw new HttpError(`login of ${user.username} answered ${res.status}: ${res.text.slice(0, 300)}`, res.status);
  }
  return token;
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
