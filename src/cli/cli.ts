import { type ParsedArgs, UsageError, parseArgs } from './args';
import { ADMIN_HELP, adminCommand } from './admin.command';
import { PKI_HELP, pkiCommand } from './pki.command';

const HELP = `Usage: ztc <command> [options]

Commands:
  pki init               generate the internal PKI (see: ztc pki --help)
  admin reset-password   set a new default-admin password on a stopped controller
  help            this text

Every command accepts --help.`;

const VALUED = new Set(['dir', 'advertised-address']);

type Command = (args: ParsedArgs, out: (s: string) => void) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  pki: { run: pkiCommand, help: PKI_HELP },
  admin: { run: adminCommand, help: ADMIN_HELP },
};

export async function runCli(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    out(HELP);
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    out(`ztc: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await cmd.run(parseArgs(rest, VALUED), out);
  } catch (e) {
    if (e instanceof UsageError) {
      out(`ztc: ${e.message}\n\n${cmd.help}`);
      return 2;
    }
    out(`ztc: ${(e as Error).message}`);
    return 1;
  }
}
