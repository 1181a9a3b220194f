import { UsageError, parseArgs } from './args';
import { type Subcommand, runGroup } from './command';
import { table } from './table';

describe('command dispatch', () => {
  const out: string[] = [];
  const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
  const sub: Subcommand = { help: 'Usage: ztc g s', flags: ['json', 'name'], arity: [1, 1], run: () => 7 };
  const run = (argv: string[]) => runGroup('g', 'Usage: ztc g', { s: sub }, parseArgs(argv, new Set(['name'])), io);
  beforeEach(() => (out.length = 0));

  it('runs a subcommand with its positionals and known options', async () => {
    await expect(run(['s', 'x', '--json', '--name', 'n'])).resolves.toBe(7);
  });

  it('prints help for the group and the subcommand', async () => {
    await expect(run(['--help'])).resolves.toBe(0);
    await expect(run(['s', '--help'])).resolves.toBe(0);
    expect(out).toEqual(['Usage: ztc g', 'Usage: ztc g s']);
  });

  it.each([
    [['s', 'x', '--bogus'], 'unknown option --bogus', 'Usage: ztc g s'],
    [['s'], 'missing argument', 'Usage: ztc g s'],
    [['s', 'x', 'y'], 'unexpected argument "y"', 'Usage: ztc g s'],
    [['t'], 'unknown g command "t"', 'Usage: ztc g'],
    [['constructor'], 'unknown g command "constructor"', 'Usage: ztc g'],
    [[], 'missing g command', 'Usage: ztc g'],
  ])('%j is a usage error carrying the narrowest help', async (argv, message, help) => {
    const e = await run(argv).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect(e).toMatchObject({ message, help });
  });
});

describe('table', () => {
  it('aligns columns, shows - for empty cells and neutralises control characters', () => {
    expect(table(['ID', 'NAME'], [['1', 'a\u001b[2Jb'], ['22', null], ['3', true]])).toBe('ID  NAME\n1   a?[2Jb\n22  -\n3   yes');
  });
});
