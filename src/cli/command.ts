import { type ParsedArgs, UsageError } from './args';

/** Where a command writes: results to `out` (stdout), prompts, warnings and errors to `err` (stderr). */
export interface Io {
  out(s: string): void;
  err(s: string): void;
}

/** A failure the user can act on; printed as `ztc: <message>`, exit 1. */
export class CliError extends Error {}

/** One runnable command (`ztc login`) or subcommand (`ztc identities create`). */
export interface Subcommand {
  help: string;
  /** Options it accepts besides --help; anything else is a usage error. */
  flags: readonly string[];
  /** Positional arguments after the command words: [min, max]. */
  arity: readonly [number, number];
  run(args: ParsedArgs, io: Io): Promise<number> | number;
}

/** Prints help for --help, rejects unknown options and wrong arity, then runs. */
export async function runSubcommand(cmd: Subcommand, args: ParsedArgs, io: Io): Promise<number> {
  if (args.options.help) {
    io.out(cmd.help);
    return 0;
  }
  for (const name of Object.keys(args.options)) {
    if (!cmd.flags.includes(name)) throw new UsageError(`unknown option --${name}`, cmd.help);
  }
  const [min, max] = cmd.arity;
  const n = args.positionals.length;
  if (n < min) throw new UsageError('missing argument', cmd.help);
  if (n > max) throw new UsageError(`unexpected argument "${args.positionals[max]}"`, cmd.help);
  return cmd.run(args, io);
}

/** `ztc <group> <sub> ...`: dispatches on the first positional. */
export async function runGroup(name: string, help: string, subs: Record<string, Subcommand>, args: ParsedArgs, io: Io): Promise<number> {
  const [sub, ...rest] = args.positionals;
  if (sub === undefined) {
    if (args.options.help) {
      io.out(help);
      return 0;
    }
    throw new UsageError(`missing ${name} command`, help);
  }
  const cmd = Object.hasOwn(subs, sub) ? subs[sub] : undefined;
  if (!cmd) throw new UsageError(`unknown ${name} command "${sub}"`, help);
  return runSubcommand(cmd, { ...args, positionals: rest }, io);
}

export function optString(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  return typeof v === 'string' ? v : undefined;
}
