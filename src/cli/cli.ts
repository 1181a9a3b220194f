import { type ParsedArgs, UsageError, parseArgs } from './args';
import { ADMIN_HELP, adminCommand } from './admin.command';
import { ApiCallError } from './api-client';
import { type Io, runSubcommand } from './command';
import { ENROLL } from './enroll.command';
import { LOGIN, LOGOUT, WHOAMI } from './login.command';
import { PKI_HELP, pkiCommand } from './pki.command';
import { RESOURCE_COMMANDS } from './resources.command';

const HELP = `Usage: ztc <command> [options]

Commands:
  enroll <jwt-file>      enroll with an enrollment JWT (key pair made here for ott; password for updb)
  login                  open an API session (password, with TOTP when needed, or certificate)
  whoami                 show the identity and expiry of the saved session
  logout                 end the saved session
  identities             list, create, delete identities (admin)
  auth-policies          list, delete authentication policies (admin)
  enrollments            list, delete enrollments (admin)
  pki init               generate the internal PKI (see: ztc pki --help)
  admin reset-password   set a new default-admin password on a stopped controller
  help                   this text

Every command accepts --help. Errors from the controller print as "ztc: <CODE>: <message>" (exit 1);
usage errors exit 2. Controller commands talk HTTPS only and verify the controller's certificate
(--ca-file, or the CA saved by enroll/login); --insecure skips that check and is unsafe.`;

/** Options that take a value, for all commands (each command then rejects the ones it does not know). */
const VALUED = new Set([
  'dir', 'advertised-address', 'controller', 'ca-file', 'ca-out', 'username', 'identity', 'out',
  'auth-policy', 'updb', 'jwt-out', 'filter', 'limit', 'cert', 'key', 'name',
  'min-password-length', 'max-attempts', 'lockout-minutes', 'expires-in',
]);

type Command = (args: ParsedArgs, out: (s: string) => void, io: Io) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  pki: { run: pkiCommand, help: PKI_HELP },
  admin: { run: adminCommand, help: ADMIN_HELP },
  enroll: { run: (a, _o, io) => runSubcommand(ENROLL, a, io), help: ENROLL.help },
  login: { run: (a, _o, io) => runSubcommand(LOGIN, a, io), help: LOGIN.help },
  whoami: { run: (a, _o, io) => runSubcommand(WHOAMI, a, io), help: WHOAMI.help },
  logout: { run: (a, _o, io) => runSubcommand(LOGOUT, a, io), help: LOGOUT.help },
  identities: { run: (a, _o, io) => RESOURCE_COMMANDS.identities.run(a, io), help: RESOURCE_COMMANDS.identities.help },
  'auth-policies': { run: (a, _o, io) => RESOURCE_COMMANDS['auth-policies'].run(a, io), help: RESOURCE_COMMANDS['auth-policies'].help },
  enrollments: { run: (a, _o, io) => RESOURCE_COMMANDS.enrollments.run(a, io), help: RESOURCE_COMMANDS.enrollments.help },
};

const toStdout = (s: string) => process.stdout.write(`${s}\n`);
const toStderr = (s: string) => process.stderr.write(`${s}\n`);

/**
 * Runs one ztc command; returns the exit code. Results go to `out`; errors, prompts and notes to `err`
 * (stderr by default; when a caller captures `out` only, errors go there too).
 */
export async function runCli(argv: string[], out: (s: string) => void = toStdout, err: (s: string) => void = out === toStdout ? toStderr : out): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? err : out)(HELP);
    return name === undefined ? 2 : 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    err(`ztc: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await cmd.run(parseArgs(rest, VALUED), out, { out, err });
  } catch (e) {
    if (e instanceof UsageError) {
      err(`ztc: ${e.message}\n\n${e.help ?? cmd.help}`);
      return 2;
    }
    const hint = e instanceof ApiCallError && e.status === 401 && e.code === 'UNAUTHORIZED' ? ' (not logged in, or the session ended: run ztc login)' : '';
    err(`ztc: ${(e as Error).message}${hint}`);
    return 1;
  }
}
