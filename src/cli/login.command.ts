import { arch, platform, release } from 'node:os';
import { ApiClient } from './api-client';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import { CliError, type Io, type Subcommand, optString } from './command';
import { DEFAULT_CONTROLLER, TRUST_HELP, apiPath, controllerOrigin, sessionClient, trustFor } from './connection';
import { readIdentityFile } from './identity-file';
import { prompt, readSecret, stdinLine } from './prompt';
import { type SavedSession, removeSession, saveSession, sessionPath } from './session-store';

const LOGIN_HELP = `Usage: ztc login --username NAME [--password-stdin] [--management] [--controller URL] [--ca-file PEM | --insecure]
       ztc login --identity FILE [--management] [--controller URL] [--ca-file PEM]

Opens an API session and keeps it in $ZTC_CONFIG_DIR, $XDG_CONFIG_HOME/ztc or ~/.config/ztc
(session.json, mode 0600) for later commands.

  --username NAME     password login; the password is asked for without echo
  --password-stdin    read the password from the first line of standard input instead; when the
                      identity has TOTP, the code is read from the second line
  --identity FILE     certificate login (mutual TLS) with an OpenZiti identity file, as written by
                      \`ztc enroll\`; the controller URL and CA come from the file
  --management        open the session on the management API (the token works on both)
  --controller URL    https://host:port (default: $ZT_CONTROLLER or ${DEFAULT_CONTROLLER})

When the session comes back partial because the identity has TOTP, ztc asks for the code.

${TRUST_HELP}`;

const WHOAMI_HELP = `Usage: ztc whoami [--json] [--insecure]

Shows the identity of the saved session (name, id, admin) and when the session expires.`;

const LOGOUT_HELP = `Usage: ztc logout [--insecure]

Ends the saved session on the controller and removes the local session file.`;

type Api = 'client' | 'management';

/** The envInfo/sdkInfo every SDK sends at login (reference §3.1); shown to admins on the identity. */
const LOGIN_INFO = {
  envInfo: { os: platform(), arch: arch(), osRelease: release() },
  sdkInfo: { type: 'ztc-cli', version: '0.1.0' },
};

async function login(args: ParsedArgs, io: Io): Promise<number> {
  const username = optString(args, 'username');
  const identityFile = optString(args, 'identity');
  if ((username === undefined) === (identityFile === undefined)) throw new UsageError('give exactly one of --username and --identity', LOGIN_HELP);
  const api: Api = args.options.management ? 'management' : 'client';
  let client: ApiClient;
  let caPem: string | null;
  let data: any;
  let token: string;
  if (identityFile !== undefined) {
    if (args.options['password-stdin'] || args.options.insecure) throw new UsageError('--password-stdin and --insecure do not apply to --identity', LOGIN_HELP);
    const id = readIdentityFile(identityFile);
    const trust = trustFor(args, id.ca);
    caPem = trust.ca!.join('');
    client = new ApiClient(controllerOrigin(optString(args, 'controller') ?? id.ztAPI), { ...trust, cert: id.cert, key: id.key });
    ({ data, token } = await authenticate(client, api, 'cert', LOGIN_INFO));
  } else {
    const trust = trustFor(args);
    caPem = trust.ca ? trust.ca.join('') : null;
    if (trust.insecure) io.err('ztc: warning: --insecure: the controller certificate is not verified');
    client = new ApiClient(controllerOrigin(optString(args, 'controller') ?? (process.env.ZT_CONTROLLER || DEFAULT_CONTROLLER)), trust);
    const fromStdin = args.options['password-stdin'] === true;
    const password = await readSecret(fromStdin, 0, 'password', `Password for ${username}: `);
    ({ data, token } = await authenticate(client, api, 'password', { username, password, ...LOGIN_INFO }));
    data = await secondFactor(client.withToken(token), api, data, fromStdin);
  }
  const session: SavedSession = {
    controller: client.baseUrl,
    api,
    token,
    caPem,
    method: identityFile !== undefined ? 'cert' : 'password',
    identityId: String(data?.identityId ?? data?.identity?.id ?? ''),
    identityName: String(data?.identity?.name ?? ''),
    expiresAt: data?.expiresAt ?? null,
  };
  await endPreviousSession(args);
  const file = saveSession(session);
  io.out(`logged in as ${session.identityName} (${session.identityId}) at ${session.controller}; session expires ${session.expiresAt ?? 'unknown'}`);
  io.err(`session saved to ${file}`);
  return 0;
}

/** A new login replaces the saved session; the old token is ended too rather than left alive until it times out. */
async function endPreviousSession(args: ParsedArgs): Promise<void> {
  try {
    const { client, session } = sessionClient(args);
    await client.send('DELETE', `${apiPath(session.api)}/current-api-session`);
  } catch {
    // No previous session, an unusable file, or an unreachable controller: nothing more to do.
  }
}

async function authenticate(client: ApiClient, api: Api, method: 'password' | 'cert', body: unknown): Promise<{ data: any; token: string }> {
  const { data, headers } = await client.call('POST', `${apiPath(api)}/authenticate?method=${method}`, { json: body });
  const token = String(headers['zt-session'] ?? data?.token ?? '');
  if (!token) throw new CliError('the controller answered without a session token');
  return { data, token };
}

/**
 * A partial session lists what is still owed in `authQueries` (reference §5.3). We can answer TOTP
 * (`MFA`, or `TOTP` in the newer spec); anything else (an external JWT) is beyond a CLI, so the
 * partial session is ended rather than left behind. So is one whose code was wrong.
 */
async function secondFactor(client: ApiClient, api: Api, data: any, fromStdin: boolean): Promise<any> {
  const queries: any[] = Array.isArray(data?.authQueries) ? data.authQueries : [];
  if (queries.length === 0) return data;
  const abandon = () => client.send('DELETE', `${apiPath(api)}/current-api-session`).catch(() => undefined);
  const unsupported = queries.find((q) => q?.typeId !== 'MFA' && q?.typeId !== 'TOTP');
  if (unsupported) {
    await abandon();
    throw new CliError(`the login needs a second factor ztc cannot provide (${String(unsupported?.typeId)})`);
  }
  try {
    const code = fromStdin ? stdinLine(1, 'TOTP code') : await prompt('TOTP code: ', { echo: true });
    await client.call('POST', `${apiPath(api)}/authenticate/mfa`, { json: { code: code.trim() } });
  } catch (e) {
    await abandon();
    throw e;
  }
  return (await client.call('GET', `${apiPath(api)}/current-api-session`)).data;
}

async function whoami(args: ParsedArgs, io: Io): Promise<number> {
  const { client, session } = sessionClient(args);
  const base = apiPath(session.api);
  const current = (await client.call('GET', `${base}/current-api-session`)).data;
  const partial = Array.isArray(current?.authQueries) && current.authQueries.length > 0;
  // /current-identity needs a full session (reference §2); a partial one can only say who it is.
  const identity = partial ? { id: current.identityId, name: current.identity?.name, isAdmin: null } : (await client.call('GET', `${base}/current-identity`)).data;
  saveSession({ ...session, expiresAt: current?.expiresAt ?? session.expiresAt });
  const info = {
    name: identity?.name,
    id: identity?.id,
    admin: identity?.isAdmin,
    controller: session.controller,
    api: session.api,
    authenticatedBy: session.method,
    sessionState: partial ? 'partial' : 'full',
    expiresAt: current?.expiresAt ?? null,
  };
  if (args.options.json) {
    io.out(JSON.stringify(info, null, 2));
    return 0;
  }
  io.out(
    [
      `name:        ${info.name}`,
      `id:          ${info.id}`,
      `admin:       ${info.admin === null ? 'unknown (partial session)' : info.admin ? 'yes' : 'no'}`,
      `controller:  ${info.controller} (${info.api} API, ${info.authenticatedBy} login)`,
      `session:     ${info.sessionState}, expires ${info.expiresAt ?? 'unknown'}`,
    ].join('\n'),
  );
  return 0;
}

async function logout(args: ParsedArgs, io: Io): Promise<number> {
  const { client, session } = sessionClient(args);
  const res = await client.send('DELETE', `${apiPath(session.api)}/current-api-session`).catch((e: Error) => e);
  // The local copy goes in every case: it is useless once the controller ended it, and a logout that
  // leaves the token on disk would surprise. If the controller was unreachable, say the token may live on.
  removeSession();
  if (res instanceof Error) {
    io.err(`ztc: the session file was removed, but the controller was not reached (${res.message}); the token stays valid until it times out`);
    return 1;
  }
  io.out(res.status === 200 ? 'logged out' : `logged out (the controller had already ended the session: ${res.body?.error?.code ?? res.status})`);
  io.err(`removed ${sessionPath()}`);
  return 0;
}

export const LOGIN: Subcommand = {
  help: LOGIN_HELP,
  flags: ['username', 'password-stdin', 'identity', 'management', 'controller', 'ca-file', 'insecure'],
  arity: [0, 0],
  run: login,
};
export const WHOAMI: Subcommand = { help: WHOAMI_HELP, flags: ['json', 'insecure'], arity: [0, 0], run: whoami };
export const LOGOUT: Subcommand = { help: LOGOUT_HELP, flags: ['insecure'], arity: [0, 0], run: logout };
