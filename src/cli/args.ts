/** A small, strict argument parser: `--flag`, `--key value`, `--key=value`, positionals. */
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true>;
}

/**
 * A mistake in how the command was called (exit 2). `help` names the usage text to show with it when
 * it is narrower than the command's own (a subcommand's).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
  }
}

export function parseArgs(argv: string[], valued: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (valued.has(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
    }
  }
  return { positionals, options };
}
