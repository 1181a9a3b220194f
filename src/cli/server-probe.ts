import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, connect } from 'node:tls';
import { CliError } from './command';

export interface ProbeResult {
  /** The chain verified against `ca` and the certificate names the host; else why not. */
  problem: string | null;
  cert: X509Certificate;
}

/**
 * Opens a TLS connection to `origin` trusting only `ca`, and reports the server's leaf certificate and
 * whether it verifies (chain and host name). Verification is done after the handshake, not by refusing
 * it, so the caller can explain exactly what did not match.
 */
export function probeServer(origin: string, ca: string[]): Promise<ProbeResult> {
  const url = new URL(origin);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ca, servername: isIP(host) ? undefined : host, rejectUnauthorized: false, timeout: 30_000 }, () => {
      const peer = socket.getPeerCertificate();
      socket.end();
      if (!peer?.raw) return reject(new CliError(`${origin} presented no TLS certificate`));
      const chainProblem = socket.authorized ? null : `chain: ${String(socket.authorizationError)}`;
      const nameProblem = checkServerIdentity(host, peer);
      resolve({ problem: chainProblem ?? (nameProblem ? `host name: ${nameProblem.message}` : null), cert: new X509Certificate(peer.raw) });
    });
    socket.on('timeout', () => socket.destroy(new Error('timed out')));
    socket.on('error', (e) => reject(new CliError(`cannot reach ${origin}: ${e.message}`)));
  });
}
