import { existsSync } from 'node:fs';
import { M, SESSION_NOTE, writeSecretFile } from './admin-support';
import { type ParsedArgs, UsageError } from './args';
import { CliError, type Io, type Subcommand, optString } from './command';
import { sessionClient } from './connection';


function wholeNumber(args: ParsedArgs, name: string, help: string): number | undefined {
  const v = optString(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} needs a whole number`, help);
  return Number(v);
}

/** `90m`, `3h`, `7d` → milliseconds. */
function duration(text: string, help: string): number {
  const m = /^(\d+)(m|h|d)$/.exec(text);
  if (!m) throw new UsageError(`--expires-in takes a duration such as 90m, 3h or 7d (got "${text}")`, help);
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}

const POLICY_HELP = `Usage: ztc auth-policies create <name> [--no-cert] [--no-updb] [--no-ext-jwt] [--allow-expired-certs]
                                  [--min-password-length N] [--require-special-char] [--require-number-char]
                                  [--require-mixed-case] [--max-attempts N] [--lockout-minutes N]
                                  [--require-totp] [--json] [--insecure]

Creates an authentication policy. Primary methods are allowed unless --no-<method>; password rules
and lockout default to the default policy's (no rules, no lockout); --max-attempts N locks an identity
after N failed attempts for --lockout-minutes (0: until an admin enables it).
${SESSION_NOTE}`;

async function createPolicy(args: ParsedArgs, io: Io): Promise<number> {
  const [name] = args.positionals;
  const o = args.options;
  const body = {
    name,
    primary: {
      cert: { allowed: o['no-cert'] !== true, allowExpiredCerts: o['allow-expired-certs'] === true },
      updb: {
        allowed: o['no-updb'] !== true,
        minPasswordLength: wholeNumber(args, 'min-password-length', POLICY_HELP) ?? 5,
        requireSpecialChar: o['require-special-char'] === true,
        requireNumberChar: o['require-number-char'] === true,
        requireMixedCase: o['require-mixed-case'] === true,
        maxAttempts: wholeNumber(args, 'max-attempts', POLICY_HELP) ?? 0,
        lockoutDurationMinutes: wholeNumber(args, 'lockout-minutes', POLICY_HELP) ?? 0,
      },
      extJwt: { allowed: o['no-ext-jwt'] !== true, allowedSigners: [] },
    },
    secondary: { requireTotp: o['require-totp'] === true, requireExtJwtSigner: null },
  };
  const { data } = await sessionClient(args).client.call('POST', `${M}/auth-policies`, { json: body });
  io.out(args.options.json ? JSON.stringify({ id: data.id }, null, 2) : `created auth policy ${data.id}`);
  return 0;
}

const ENROLLMENT_HELP = `Usage: ztc enrollments create --identity ID (--ott | --updb USERNAME) [--expires-in 3h]
                                [--jwt-out FILE] [--json] [--insecure]

Creates an enrollment for an existing identity and, with --jwt-out, writes its JWT to FILE (mode 0600;
"-" prints it). The JWT is a credential until used or expired: hand it over privately.
${SESSION_NOTE}`;

async function createEnrollment(args: ParsedArgs, io: Io): Promise<number> {
  const identityId = optString(args, 'identity');
  const updb = optString(args, 'updb');
  if (!identityId) throw new UsageError('--identity is required', ENROLLMENT_HELP);
  if ((args.options.ott === true) === (updb !== undefined)) throw new UsageError('give exactly one of --ott and --updb', ENROLLMENT_HELP);
  const expiresIn = duration(optString(args, 'expires-in') ?? '3h', ENROLLMENT_HELP);
  const jwtOut = optString(args, 'jwt-out');
  // Checked first, so a typo does not leave an enrollment whose JWT went nowhere.
  if (jwtOut !== undefined && jwtOut !== '-' && existsSync(jwtOut)) throw new CliError(`${jwtOut} already exists; not overwriting it`);
  const { client } = sessionClient(args);
  const body = { method: updb !== undefined ? 'updb' : 'ott', identityId, expiresAt: new Date(Date.now() + expiresIn).toISOString(), ...(updb !== undefined ? { username: updb } : {}) };
  const { data } = await client.call('POST', `${M}/enrollments`, { json: body });
  const id = String(data.id);
  let jwt: string | undefined;
  if (jwtOut !== undefined) {
    jwt = String((await client.call('GET', `${M}/enrollments/${id}`)).data.jwt);
    if (jwtOut !== '-') writeSecretFile(jwtOut, `${jwt}\n`);
  }
  if (args.options.json) io.out(JSON.stringify({ id, ...(jwtOut === '-' ? { jwt } : jwtOut ? { jwtFile: jwtOut } : {}) }, null, 2));
  else {
    io.out(`created enrollment ${id}`);
    if (jwtOut === '-') io.out(jwt as string);
    else if (jwtOut) io.out(`enrollment JWT written to ${jwtOut}`);
  }
  return 0;
}

export const CREATE_AUTH_POLICY: Subcommand = {
  help: POLICY_HELP,
  flags: ['no-cert', 'no-updb', 'no-ext-jwt', 'allow-expired-certs', 'min-password-length', 'require-special-char', 'require-number-char', 'require-mixed-case', 'max-attempts', 'lockout-minutes', 'require-totp', 'json', 'insecure'],
  arity: [1, 1],
  run: createPolicy,
};

export const CREATE_ENROLLMENT: Subcommand = {
  help: ENROLLMENT_HELP,
  flags: ['identity', 'ott', 'updb', 'expires-in', 'jwt-out', 'json', 'insecure'],
  arity: [0, 0],
  run: createEnrollment,
};
