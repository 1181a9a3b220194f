import { readFileSync } from 'node:fs';
import { CliError } from './command';

let stdinLines: string[] | undefined;

/**
 * Line `n` (0-based) of standard input, read once to the end. `--password-stdin` puts the password on
 * line 0; a TOTP code, when the login needs one, is line 1. Reading all of it keeps secrets out of
 * argv (visible to every user through ps) and environment variables.
 */
export function stdinLine(n: number, what: string): string {
  stdinLines ??= readFileSync(0, 'utf8').split(/\r?\n/);
  const line = stdinLines[n];
  if (line === undefined || line === '') throw new CliError(`expected the ${what} on line ${n + 1} of standard input`);
  return line;
}

/**
 * Asks on the terminal (the question goes to stderr, so stdout stays clean for scripts). With
 * `echo: false` nothing typed is shown: the terminal is put in raw mode and we do the line editing.
 */
export function prompt(question: string, opts: { echo: boolean }): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) throw new CliError('standard input is not a terminal to prompt on; use --password-stdin (see --help)');
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new CliError('cancelled'));
        if (ch === '\u007f' || ch === '\b') {
          if (value && opts.echo) process.stderr.write('\b \b');
          value = value.slice(0, -1);
        } else if (ch >= ' ') {
          value += ch;
          if (opts.echo) process.stderr.write(ch);
        }
      }
    };
    input.on('data', onData);
  });
}

/** A secret from stdin line `line` with --password-stdin, else a hidden prompt. */
export async function readSecret(fromStdin: boolean, line: number, what: string, question: string): Promise<string> {
  if (fromStdin) return stdinLine(line, what);
  const value = await prompt(question, { echo: false });
  if (!value) throw new CliError(`no ${what} given`);
  return value;
}
