import { resolve } from 'node:path';
import { hostOf } from '../config/config.schema';
import { initPki, pkiExists } from '../x509/pki-store';
import { type ParsedArgs, UsageError } from './args';

export const PKI_HELP = `Usage: ztc pki init [--dir DIR] [--advertised-address HOST:PORT] [--force]

Generates the controller's internal PKI (root CA, intermediate signing CA, API server certificate)
in DIR (default: $ZT_PKI_DIR or ./pki). Private keys are written with mode 0600.
Existing material is never overwritten unless --force is given.`;

export function pkiCommand(args: ParsedArgs, out: (s: string) => void): number {
  const [sub] = args.positionals;
  if (args.options.help || sub === undefined) {
    out(PKI_HELP);
    return sub === undefined && !args.options.help ? 2 : 0;
  }
  if (sub !== 'init') throw new UsageError(`unknown pki command "${sub}"`);
  const dir = resolve(String(args.options.dir ?? process.env.ZT_PKI_DIR ?? './pki'));
  const address = String(args.options['advertised-address'] ?? process.env.ZT_ADVERTISED_ADDRESS ?? 'localhost:1280');
  const force = args.options.force === true;
  if (pkiExists(dir) && !force) {
    out(`ztc: ${dir} already holds PKI material; use --force to replace it`);
    return 1;
  }
  const pki = initPki(dir, { advertisedHost: hostOf(address), force });
  out(`PKI written to ${dir}\nserver certificate fingerprint (sha1): ${pki.serverFingerprint}`);
  return 0;
}
