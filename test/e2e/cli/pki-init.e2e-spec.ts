import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/cli';

describe('ztc pki init', () => {
  it('writes the PKI with 0600 keys and refuses to overwrite without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ztc-pki-cli-'));
    const pki = join(dir, 'pki');
    try {
      const out: string[] = [];
      expect(await runCli(['pki', 'init', '--dir', pki, '--advertised-address', 'ctrl.example.com:443'], (s) => out.push(s))).toBe(0);
      expect(out.join('\n')).toMatch(/fingerprint \(sha1\): [0-9a-f]{40}/);
      expect(readdirSync(pki).sort()).toEqual(['intermediate.cert.pem', 'intermediate.key.pem', 'root.cert.pem', 'root.key.pem', 'server.cert.pem', 'server.key.pem']);
      for (const f of readdirSync(pki).filter((f) => f.includes('key'))) expect(statSync(join(pki, f)).mode & 0o777).toBe(0o600);
      expect(await runCli(['pki', 'init', '--dir', pki], () => undefined)).toBe(1);
      expect(await runCli(['pki', 'init', '--dir', pki, '--force'], () => undefined)).toBe(0);
      expect(await runCli(['pki', 'bogus'], () => undefined)).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
