import { isIP } from 'node:net';
import { type CaMaterial, DEFAULT_KEY_BITS, buildCertificate, generateRsaKeyPair, loadIssuer, subjectOf } from './forge-cert';

export interface ServerCertOptions {
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
  validityDays?: number;
  keyBits?: number;
}

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

const SERVER_DAYS = 365;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/**
 * A TLS server certificate signed by `issuer` (1 year by default, capped at the issuer's expiry).
 * It carries clientAuth as well as serverAuth so the same identity can also be presented on
 * outbound mutual-TLS connections, not only served.
 */
export function issueServerCertificate(issuer: CaMaterial, opts: ServerCertOptions): IssuedCertificate {
  const signer = loadIssuer(issuer);
  const altNames = [
    ...opts.dnsNames.map((value) => ({ type: 2, value: checkedDnsName(value) })),
    ...opts.ipAddresses.map((ip) => ({ type: 7, ip: checkedIp(ip) })),
  ];
  // TLS clients match host names against SANs only (CN matching is deprecated), so a server
  // certificate without SANs would be useless; refuse rather than emit it.
  if (altNames.length === 0) throw new Error('a server certificate needs at least one DNS name or IP address');
  const keys = generateRsaKeyPair(opts.keyBits ?? DEFAULT_KEY_BITS);
  const certPem = buildCertificate(
    {
      subject: subjectOf(opts.commonName),
      publicKey: keys.publicKey,
      validityDays: opts.validityDays ?? SERVER_DAYS,
      issuer: signer,
      extensions: [
        // An end-entity certificate must never be usable as an issuer.
        { name: 'basicConstraints', critical: true, cA: false },
        { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    },
    signer.key,
  );
  return { certPem, keyPem: keys.keyPem };
}

/**
 * Classifies a host (no port) as an IP SAN or a DNS SAN. Brackets around an IPv6 literal, as in
 * URLs, are accepted. Throws on anything that is neither, e.g. a host with a `:port` left on it.
 */
export function hostSans(host: string): { dnsNames: string[]; ipAddresses: string[] } {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare)) return { dnsNames: [], ipAddresses: [bare] };
  return { dnsNames: [checkedDnsName(bare)], ipAddresses: [] };
}

function checkedDnsName(name: string): string {
  if (!DNS_NAME.test(name)) throw new Error(`not a valid DNS name: ${JSON.stringify(name)}`);
  // DNS is case-insensitive; store one spelling so SAN comparisons are stable.
  return name.toLowerCase().replace(/\.$/, '');
}

function checkedIp(ip: string): string {
  if (!isIP(ip)) throw new Error(`not a valid IP address: ${JSON.stringify(ip)}`);
  return ip;
}
