import { readFileSync } from 'node:fs';
import { splitPemCertificates } from '../x509/pem';
import { ApiClient, type TlsOptions } from './api-client';
import type { ParsedArgs } from './args';
import { CliError, optString } from './command';
import { type SavedSession, loadSession } from './session-store';

export const DEFAULT_CONTROLLER = 'https://127.0.0.1:1280';

export const TRUST_HELP = `Trust: ztc verifies the controller's TLS certificate against --ca-file (PEM, the controller's CA
certificates; \`ztc enroll\` verifies and saves them) or the CA stored in the identity file / session.
It refuses to connect without one. --insecure skips the check: only for a throw-away test
controller, since anyone on the network path could then read your password or session token.`;

export function apiPath(api: 'client' | 'management'): string {
  return `/edge/${api}/v1`;
}

/** `https://host:port` from a URL; only https, since passwords and tokens travel over it. */
export function controllerOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`not a URL: ${raw}`);
  }
  if (url.protocol !== 'https:') throw new CliError(`the controller URL must be https:// (got ${raw})`);
  return url.origin;
}

export function pemBundle(pem: string, from: string): string[] {
  try {
    return splitPemCertificates(pem);
  } catch (e) {
    throw new CliError(`${from}: ${(e as Error).message}`);
  }
}

/** --ca-file, else a CA we already hold (identity file, session), else only with an explicit --insecure. */
export function trustFor(args: ParsedArgs, storedCaPem?: string | null): TlsOptions {
  const caFile = optString(args, 'ca-file');
  if (caFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(caFile, 'utf8');
    } catch (e) {
      throw new CliError(`cannot read --ca-file: ${(e as Error).message}`);
    }
    return { ca: pemBundle(text, caFile) };
  }
  if (storedCaPem) return { ca: pemBundle(storedCaPem, 'stored CA') };
  if (args.options.insecure) return { insecure: true };
  throw new CliError('no CA certificates to verify the controller against: pass --ca-file FILE, or --insecure to skip the check (unsafe; see --help)');
}

/** A client carrying the saved session's token, trusting what the login trusted. */
export function sessionClient(args: ParsedArgs): { client: ApiClient; session: SavedSession } {
  const session = loadSession();
  if (!session.caPem && !args.options.insecure) {
    // An --insecure login does not make later commands silently insecure: each one has to ask again.
    throw new CliError('this session was opened with --insecure; pass --insecure again to use it, or log in with --ca-file');
  }
  const tls: TlsOptions = session.caPem ? { ca: pemBundle(session.caPem, 'session CA') } : { insecure: true };
  return { client: new ApiClient(session.controller, tls, session.token), session };
}
