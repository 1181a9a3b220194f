import { X509Certificate, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import forge from 'node-forge';
import { sha1Fingerprint } from '../x509/fingerprint';
import { certificateKeyMatches, verifyChain } from '../x509/verify';
import { ApiClient } from './api-client';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import { CliError, type Io, type Subcommand, optString } from './command';
import { apiPath, controllerOrigin, pemBundle } from './connection';
import { parseCaCerts } from './est-cacerts';
import { identityFileJson } from './identity-file';
import { type DecodedJwt, decodeJwt, jwtSignatureValid } from './jwt';
import { prompt, readSecret } from './prompt';
import { probeServer } from './server-probe';

const HELP = `Usage: ztc enroll <jwt-file> --out <identity.json>          (one-time token, "ott")
       ztc enroll <jwt-file> [--password-stdin] [--ca-out FILE]  (password, "updb")
       (either one: [--controller https://host:port] to reach the controller at another address
       than the JWT's issuer; the checks below are the same)
       ztc enroll --ca --cert <cert.pem> --key <key.pem> [--name NAME] --controller URL
                  --ca-file <controller-ca.pem> --out <identity.json>     (automatic, "ca")

Enrolls with the JWT an administrator gave you. Before sending anything, ztc fetches the controller's
CA bundle (/.well-known/est/cacerts) from the JWT's issuer, reconnects trusting only that bundle, and
requires that the controller's certificate verifies against it, that the JWT's key id (kid) is that
certificate's SHA-1 fingerprint and that the JWT is signed with its key. Otherwise it refuses.

ott:  generates a key pair on this machine (the private key never leaves it), sends a certificate
      signing request and writes an OpenZiti identity file (mode 0600) for \`ztc login --identity\`
      and the OpenZiti SDKs. An existing --out file is never overwritten.
updb: sets your password (asked without echo, or the first line of stdin with --password-stdin);
      then log in with \`ztc login --username\`. --ca-out saves the verified CA bundle for --ca-file.
ca:   no JWT: you already hold a key and a certificate from a CA your administrator registered for
      automatic enrollment. ztc presents them over mutual TLS (trusting only --ca-file for the
      controller), the controller creates your identity (--name fills its [requestedName]), and ztc
      writes an identity file (mode 0600) with that key, certificate and the controller CA.`;

interface Trusted {
  origin: string;
  ca: string[];
  serverSha1: string;
  jwt: DecodedJwt;
  claims: { iss: string; jti: string; em: string; sub: string };
}

async function enroll(args: ParsedArgs, io: Io): Promise<number> {
  if (args.options.ca === true) return enrollCa(args, io);
  for (const f of ['cert', 'key', 'name', 'ca-file']) if (args.options[f] !== undefined) throw new UsageError(`--${f} is for automatic CA enrollment (--ca)`, HELP);
  if (args.positionals.length === 0) throw new UsageError('missing argument', HELP);
  const [jwtFile] = args.positionals;
  const out = optString(args, 'out');
  const caOut = optString(args, 'ca-out');
  let text: string;
  try {
    text = readFileSync(jwtFile, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${jwtFile}: ${(e as Error).message}`);
  }
  const jwt = decodeJwt(text);
  const em = jwt.claims.em;
  if (em === 'ott' && out === undefined) throw new UsageError('an ott enrollment needs --out FILE for the identity', HELP);
  if (em !== 'ott' && out !== undefined) throw new UsageError(`--out is for ott enrollments; this JWT is "${String(em)}"`, HELP);
  if (em !== 'updb' && (caOut !== undefined || args.options['password-stdin'])) throw new UsageError('--ca-out and --password-stdin are for updb enrollments', HELP);
  if (em !== 'ott' && em !== 'updb') throw new CliError(`enrollment method "${String(em)}" is not supported by ztc (ott and updb are)`);
  // Reserve the output file before anything else: the token is single-use, so nothing may fail after it is spent.
  const fd = out !== undefined ? reserve(out) : undefined;
  try {
    const override = optString(args, 'controller');
    const trusted = await establishTrust(jwt, override === undefined ? undefined : controllerOrigin(override));
    io.err(`controller ${trusted.origin} verified (server certificate sha1 ${trusted.serverSha1})`);
    if (em === 'ott') await enrollOtt(trusted, fd!, out!, io);
    else await enrollUpdb(trusted, args, caOut, io);
    return 0;
  } catch (e) {
    if (out !== undefined) rmSync(out, { force: true });
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function reserve(path: string): number {
  try {
    return openSync(path, 'wx', 0o600);
  } catch (e) {
    throw new CliError((e as NodeJS.ErrnoException).code === 'EEXIST' ? `${path} already exists; not overwriting it` : `cannot create ${path}: ${(e as Error).message}`);
  }
}

/**
 * The JWT is the only thing the user got through a trusted channel (from their administrator), so it
 * anchors trust: the first fetch of the CA bundle accepts any certificate, and everything after it is
 * checked against the JWT (reference §7.1: kid = SHA-1 of the API server certificate, signed by its key).
 * A man in the middle would have to present a certificate that chains to the bundle it served AND whose
 * key signed this JWT, i.e. the real controller's key.
 */
async function establishTrust(jwt: DecodedJwt, override: string | undefined): Promise<Trusted> {
  const { iss, jti, em, sub } = jwt.claims;
  if (typeof iss !== 'string' || typeof jti !== 'string' || !jti || typeof sub !== 'string') {
    throw new CliError('the JWT lacks the enrollment claims (iss, sub, jti)');
  }
  const origin = override ?? controllerOrigin(iss);
  const firstContact = new ApiClient(origin, { insecure: true });
  const res = await firstContact.send('GET', '/.well-known/est/cacerts');
  if (res.status !== 200) throw new CliError(`${origin}/.well-known/est/cacerts answered ${res.status}`);
  const ca = parseCaCerts(res.text);
  const probe = await probeServer(origin, ca);
  const refuse = (why: string) => new CliError(`refusing to enroll: ${why}`);
  if (probe.problem) throw refuse(`the controller's certificate does not verify against the CA bundle it serves (${probe.problem})`);
  const serverSha1 = sha1Fingerprint(probe.cert.raw);
  const kid = typeof jwt.header.kid === 'string' ? jwt.header.kid.toLowerCase() : undefined;
  // kid and fingerprints are public values, so a plain comparison is fine here.
  if (kid !== serverSha1) throw refuse(`the JWT's kid (${String(jwt.header.kid)}) is not the controller's certificate (sha1 ${serverSha1})`);
  if (!jwtSignatureValid(jwt, probe.cert.publicKey)) throw refuse(`the JWT is not signed by the controller's certificate key (alg ${String(jwt.header.alg)})`);
  return { origin, ca, serverSha1, jwt, claims: { iss, jti, em: String(em), sub } };
}

/** Every later request trusts only the bundle and only the certificate that was just checked. */
function pinnedClient(t: Trusted): ApiClient {
  return new ApiClient(t.origin, { ca: t.ca, pinSha1: t.serverSha1 });
}

async function enrollOtt(t: Trusted, fd: number, out: string, io: Io): Promise<void> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey);
  csr.setSubject([{ name: 'commonName', value: t.claims.sub }]);
  csr.sign(forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  const query = new URLSearchParams({ method: 'ott', token: t.claims.jti });
  const { data } = await pinnedClient(t).call('POST', `${apiPath('client')}/enroll?${query}`, {
    raw: { body: forge.pki.certificationRequestToPem(csr), contentType: 'application/x-pem-file' },
  });
  const chain = typeof data?.cert === 'string' ? data.cert : '';
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(chain);
  } catch {
    throw new CliError('the controller answered without a certificate');
  }
  if (!leaf.publicKey.equals(createPublicKey(publicKey))) throw new CliError('the certificate the controller returned is not for the key generated here');
  const [, ...intermediates] = chain.split(/(?=-----BEGIN CERTIFICATE-----)/);
  const check = verifyChain(chain, intermediates, t.ca);
  if (!check.ok) io.err(`ztc: warning: the issued certificate does not verify against the controller's CA bundle (${check.reason})`);
  const identity = identityFileJson({ ztAPI: `${t.origin}${apiPath('client')}`, key: privateKey, cert: chain, ca: t.ca.join('') });
  writeSync(fd, identity);
  io.out(`enrolled; identity written to ${out} (keep it private: it holds the private key)`);
}

async function enrollUpdb(t: Trusted, args: ParsedArgs, caOut: string | undefined, io: Io): Promise<void> {
  const fromStdin = args.options['password-stdin'] === true;
  const password = await readSecret(fromStdin, 0, 'password', 'New password: ');
  if (!fromStdin && (await prompt('Repeat it: ', { echo: false })) !== password) throw new CliError('the passwords differ');
  const caFd = caOut !== undefined ? reserve(caOut) : undefined;
  try {
    const query = new URLSearchParams({ method: 'updb', token: t.claims.jti });
    const { data } = await pinnedClient(t).call('POST', `${apiPath('client')}/enroll?${query}`, { json: { password } });
    if (caFd !== undefined) writeSync(caFd, t.ca.join(''));
    const user = typeof data?.username === 'string' && data.username ? data.username : 'USERNAME';
    io.out(`password set; log in with: ztc login --username ${user} --controller ${t.origin}${caOut ? ` --ca-file ${caOut}` : ''}`);
  } catch (e) {
    if (caFd !== undefined) rmSync(caOut!, { force: true });
    throw e;
  } finally {
    if (caFd !== undefined) closeSync(caFd);
  }
}

/**
 * `--ca`: automatic CA enrollment (reference §7.6) with a key and certificate the user already has. There
 * is no JWT to anchor trust in, so the controller is trusted through --ca-file only (never --insecure: the
 * identity file must carry a controller CA the user vouched for). The key is checked against the
 * certificate first, and the output file reserved, before anything is sent.
 */
async function enrollCa(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError('--ca takes no JWT file', HELP);
  for (const f of ['password-stdin', 'ca-out']) if (args.options[f] !== undefined) throw new UsageError(`--${f} is not for --ca`, HELP);
  const need = (name: string): string => {
    const v = optString(args, name);
    if (v === undefined) throw new UsageError(`--ca needs --${name}`, HELP);
    return v;
  };
  const certFile = need('cert');
  const keyFile = need('key');
  const controller = need('controller');
  const caFile = need('ca-file');
  const out = need('out');
  const name = optString(args, 'name');
  const origin = controllerOrigin(controller);
  const certPem = readText(certFile, '--cert');
  const keyPem = readText(keyFile, '--key');
  if (!certificateKeyMatches(certPem, keyPem)) throw new CliError(`the key in ${keyFile} is not the key of the (first) certificate in ${certFile}`);
  const ca = pemBundle(readText(caFile, '--ca-file'), caFile);
  const fd = reserve(out);
  try {
    const client = new ApiClient(origin, { ca, cert: certPem, key: keyPem });
    await client.call('POST', `${apiPath('client')}/enroll?method=ca`, name === undefined ? {} : { json: { name } });
    writeSync(fd, identityFileJson({ ztAPI: `${origin}${apiPath('client')}`, key: keyPem, cert: certPem, ca: ca.join('') }));
    io.out(`enrolled; identity written to ${out} (keep it private: it holds the private key)`);
    return 0;
  } catch (e) {
    rmSync(out, { force: true });
    throw e;
  } finally {
    closeSync(fd);
  }
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

export const ENROLL: Subcommand = {
  help: HELP,
  flags: ['out', 'password-stdin', 'ca-out', 'controller', 'ca', 'cert', 'key', 'name', 'ca-file'],
  arity: [0, 1],
  run: enroll,
};
