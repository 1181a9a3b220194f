import { existsSync } from 'node:fs';
import { M, SESSION_NOTE, writeSecretFile } from './admin-support';
import type { ApiClient } from './api-client';
import { type ParsedArgs, UsageError } from './args';
import { CliError, type Io, type Subcommand, optString, runGroup } from './command';
import { sessionClient } from './connection';
import { table } from './table';
import { CREATE_AUTH_POLICY, CREATE_ENROLLMENT } from './create.commands';

const PAGE = 500;

const listHelp = (what: string, cmd: string) => `Usage: ztc ${cmd} list [--filter EXPR] [--limit N] [--json] [--insecure]

Lists ${what} (all pages, or the first N with --limit). --filter takes the controller's filter
syntax, e.g. 'name contains "dev"'. --json prints the API objects instead of a table.
${SESSION_NOTE}`;

const deleteHelp = (what: string, cmd: string) => `Usage: ztc ${cmd} delete <id> [--json] [--insecure]

Deletes ${what} by id.
${SESSION_NOTE}`;

/** GET every page of a management list (the API caps a page at 500, reference §1.1). */
async function listAll(client: ApiClient, path: string, args: ParsedArgs): Promise<any[]> {
  const limitOpt = optString(args, 'limit');
  const max = limitOpt === undefined ? Infinity : Number(limitOpt);
  if (max !== Infinity && !(Number.isInteger(max) && max >= 1)) throw new UsageError('--limit needs a positive whole number');
  const filter = optString(args, 'filter');
  const items: any[] = [];
  for (;;) {
    const q = new URLSearchParams({ limit: String(Math.min(PAGE, max - items.length)), offset: String(items.length) });
    if (filter !== undefined) q.set('filter', filter);
    const { data } = await client.call<any[]>('GET', `${M}/${path}?${q}`);
    items.push(...data);
    if (data.length === 0 || data.length < PAGE || items.length >= max) return items;
  }
}

function listCommand(what: string, cmd: string, headers: string[], row: (x: any) => unknown[]): Subcommand {
  return {
    help: listHelp(what, cmd),
    flags: ['filter', 'limit', 'json', 'insecure'],
    arity: [0, 0],
    async run(args, io) {
      const items = await listAll(sessionClient(args).client, cmd, args);
      io.out(args.options.json ? JSON.stringify(items, null, 2) : items.length ? table(headers, items.map(row)) : `no ${what}`);
      return 0;
    },
  };
}

function deleteCommand(what: string, cmd: string): Subcommand {
  return {
    help: deleteHelp(what, cmd),
    flags: ['json', 'insecure'],
    arity: [1, 1],
    async run(args, io) {
      const [id] = args.positionals;
      await sessionClient(args).client.call('DELETE', `${M}/${cmd}/${encodeURIComponent(id)}`);
      io.out(args.options.json ? JSON.stringify({ id, deleted: true }) : `deleted ${cmd.replace(/ies$/, 'y').replace(/s$/, '')} ${id}`);
      return 0;
    },
  };
}

const CREATE_HELP = `Usage: ztc identities create <name> [--admin] [--auth-policy ID]
                               [--ott | --updb USERNAME] [--jwt-out FILE] [--json] [--insecure]

Creates an identity (of type Default: OpenZiti folds the older identity types into it).
  --admin             an administrator
  --auth-policy ID    its authentication policy (default: the default policy)
  --ott               with a one-time-token enrollment: the device enrolls with \`ztc enroll\`
                      and gets a client certificate
  --updb USERNAME     with a password enrollment for USERNAME
  --jwt-out FILE      write the enrollment JWT to FILE (mode 0600; "-" prints it). It is a
                      credential until used or expired: hand it over privately.
${SESSION_NOTE}`;

async function createIdentity(args: ParsedArgs, io: Io): Promise<number> {
  const [name] = args.positionals;
  const updb = optString(args, 'updb');
  const method = args.options.ott ? 'ott' : updb !== undefined ? 'updb' : undefined;
  if (args.options.ott && updb !== undefined) throw new UsageError('give at most one of --ott and --updb', CREATE_HELP);
  const jwtOut = optString(args, 'jwt-out');
  if (jwtOut !== undefined && !method) throw new UsageError('--jwt-out needs --ott or --updb', CREATE_HELP);
  // Checked before anything is created, so a typo does not leave an identity whose JWT went nowhere.
  if (jwtOut !== undefined && jwtOut !== '-' && existsSync(jwtOut)) throw new CliError(`${jwtOut} already exists; not overwriting it`);
  const { client } = sessionClient(args);
  const body = {
    name,
    type: 'Default',
    isAdmin: args.options.admin === true,
    authPolicyId: optString(args, 'auth-policy'),
    enrollment: method === 'ott' ? { ott: true } : method === 'updb' ? { updb } : undefined,
  };
  const { data } = await client.call('POST', `${M}/identities`, { json: body });
  const id = String(data.id);
  let jwt: string | undefined;
  if (method && jwtOut !== undefined) {
    jwt = await enrollmentJwt(client, id, method);
    if (jwtOut !== '-') writeSecretFile(jwtOut, `${jwt}\n`);
  }
  if (args.options.json) {
    io.out(JSON.stringify({ id, ...(jwtOut === '-' ? { jwt } : jwtOut ? { jwtFile: jwtOut } : {}) }, null, 2));
    return 0;
  }
  io.out(`created identity ${id}`);
  if (jwtOut === '-') io.out(jwt!);
  else if (jwtOut) io.out(`enrollment JWT written to ${jwtOut}`);
  else if (method) io.err(`the ${method} enrollment JWT was not saved; \`ztc enrollments list\` shows the enrollment`);
  return 0;
}

/** The JWT of the identity's new enrollment: from the identity's `enrollment` field, else its enrollment's detail. */
async function enrollmentJwt(client: ApiClient, identityId: string, method: string): Promise<string> {
  const identity = (await client.call('GET', `${M}/identities/${identityId}`)).data;
  const inline = identity?.enrollment?.[method]?.jwt;
  if (typeof inline === 'string' && inline) return inline;
  const q = new URLSearchParams({ filter: `identityId = "${identityId}"`, limit: String(PAGE) });
  const list = await client.call<any[]>('GET', `${M}/enrollments?${q}`);
  const hit = list.data.find((e) => e?.identityId === identityId && e?.method === method);
  if (!hit) throw new CliError(`identity ${identityId} was created, but its ${method} enrollment was not found`);
  const detail = (await client.call('GET', `${M}/enrollments/${hit.id}`)).data;
  if (typeof detail?.jwt !== 'string') throw new CliError(`enrollment ${hit.id} has no JWT`);
  return detail.jwt;
}

const IDENTITIES_HELP = `Usage: ztc identities list|create|delete ...

  list                   identities, as a table or --json
  create <name> ...      a new identity, optionally with an enrollment (ztc identities create --help)
  delete <id>            remove an identity
${SESSION_NOTE}`;

const AUTH_POLICIES_HELP = `Usage: ztc auth-policies list|create|delete ...

  list                   authentication policies, as a table or --json
  create <name> ...      a new policy (ztc auth-policies create --help)
  delete <id>            remove a policy (not one that identities still use)
${SESSION_NOTE}`;

const ENROLLMENTS_HELP = `Usage: ztc enrollments list|create|delete ...

  list                   outstanding enrollments, as a table or --json
  create ...             an enrollment for an existing identity (ztc enrollments create --help)
  delete <id>            withdraw an enrollment (its JWT stops working)
${SESSION_NOTE}`;

const kinds = (o: unknown) => (o && typeof o === 'object' ? Object.keys(o).join(',') : '');

const IDENTITIES: Record<string, Subcommand> = {
  list: listCommand('identities', 'identities', ['ID', 'NAME', 'TYPE', 'ADMIN', 'AUTH POLICY', 'AUTHENTICATORS', 'ENROLLMENTS'], (x) => [
    x.id,
    x.name,
    x.typeId ?? x.type?.name,
    x.isAdmin,
    x.authPolicy?.name ?? x.authPolicyId,
    kinds(x.authenticators),
    kinds(x.enrollment),
  ]),
  create: { help: CREATE_HELP, flags: ['admin', 'auth-policy', 'ott', 'updb', 'jwt-out', 'json', 'insecure'], arity: [1, 1], run: createIdentity },
  delete: deleteCommand('an identity', 'identities'),
};

const allowed = (p: any) =>
  [p?.primary?.cert?.allowed && 'cert', p?.primary?.updb?.allowed && 'updb', p?.primary?.extJwt?.allowed && 'ext-jwt'].filter(Boolean).join(',');

const AUTH_POLICIES: Record<string, Subcommand> = {
  list: listCommand('auth policies', 'auth-policies', ['ID', 'NAME', 'PRIMARY', 'REQUIRE TOTP', 'REQUIRE EXT-JWT'], (x) => [
    x.id,
    x.name,
    allowed(x),
    x.secondary?.requireTotp,
    x.secondary?.requireExtJwtSigner,
  ]),
  create: CREATE_AUTH_POLICY,
  delete: deleteCommand('an authentication policy', 'auth-policies'),
};

const ENROLLMENTS: Record<string, Subcommand> = {
  list: listCommand('enrollments', 'enrollments', ['ID', 'METHOD', 'IDENTITY', 'USERNAME', 'EXPIRES'], (x) => [
    x.id,
    x.method,
    x.identity?.name ?? x.identityId,
    x.username,
    x.expiresAt,
  ]),
  create: CREATE_ENROLLMENT,
  delete: deleteCommand('an enrollment', 'enrollments'),
};

export const RESOURCE_COMMANDS = {
  identities: { help: IDENTITIES_HELP, run: (a: ParsedArgs, io: Io) => runGroup('identities', IDENTITIES_HELP, IDENTITIES, a, io) },
  'auth-policies': { help: AUTH_POLICIES_HELP, run: (a: ParsedArgs, io: Io) => runGroup('auth-policies', AUTH_POLICIES_HELP, AUTH_POLICIES, a, io) },
  enrollments: { help: ENROLLMENTS_HELP, run: (a: ParsedArgs, io: Io) => runGroup('enrollments', ENROLLMENTS_HELP, ENROLLMENTS, a, io) },
};
