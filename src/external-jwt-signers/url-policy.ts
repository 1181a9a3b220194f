import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Which URLs the controller may fetch on an administrator's behalf (JWKS endpoints). The controller sits
 * inside the network it protects, so a signer's `jwksEndpoint` is a server-side request an admin (or a
 * stolen admin session) aims: it must not reach cloud metadata services (instance credentials) or other
 * hosts only the controller can see. Pure: no Nest, so the key fetcher and the API share one policy.
 */

export type HostLookup = (host: string) => Promise<{ address: string; family: number }[]>;

export interface FetchUrlOptions {
  denyPrivate: boolean;
  denyLoopback: boolean;
  /** Resolver override (tests); defaults to the system resolver, as the later connection uses it. */
  lookup?: HostLookup;
}

export type FetchUrlVerdict = { ok: true; addresses: string[] } | { ok: false; reason: string };

interface RangeGroup {
  what: string;
  applies: (o: FetchUrlOptions) => boolean;
  list: BlockList;
}

function group(what: string, applies: RangeGroup['applies'], v4: string[], v6: string[]): RangeGroup {
  const list = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net, Number(bits), 'ipv4');
    // The same hosts written as IPv6: IPv4-mapped (::ffff:0:0/96) and the NAT64 well-known prefix
    // (64:ff9b::/96) both end up at the IPv4 address. Listed explicitly rather than relying on BlockList
    // matching mapped addresses against IPv4 rules by itself.
    list.addSubnet(`::ffff:${net}`, 96 + Number(bits), 'ipv6');
    list.addSubnet(`64:ff9b::${net}`, 96 + Number(bits), 'ipv6');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net, Number(bits), 'ipv6');
  }
  return { what, applies, list };
}

const always = () => true;

/** Checked in order; the first group an address falls in decides (so metadata wins over "private"). */
const GROUPS: RangeGroup[] = [
  // 169.254.169.254 (AWS, GCP, Azure, OpenStack), fd00:ec2::254 (AWS over IPv6), 100.100.100.200 (Alibaba).
  group('a link-local or cloud metadata address', always, ['169.254.0.0/16', '100.100.100.200/32'], ['fe80::/10', 'fd00:ec2::254/128']),
  // 0.0.0.0 and :: reach the local host on Linux; the rest of 0/8 is not routable.
  group('an unspecified address', always, ['0.0.0.0/8'], ['::/128']),
  // 240/4 is reserved and holds the limited broadcast 255.255.255.255.
  group('a multicast, broadcast or reserved address', always, ['224.0.0.0/4', '240.0.0.0/4'], ['ff00::/8']),
  group('a loopback address', (o) => o.denyLoopback, ['127.0.0.0/8'], ['::1/128']),
  // RFC 1918, carrier-grade NAT (100.64/10), unique-local and deprecated site-local IPv6.
  group('a private address', (o) => o.denyPrivate, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ['fc00::/7', 'fec0::/10']),
];

/** Why `address` is refused under `opts` ("a private address"), or undefined when it is allowed. */
export function refusedAddress(address: string, opts: FetchUrlOptions): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'a malformed address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return GROUPS.find((g) => g.applies(opts) && g.list.check(address, type))?.what;
}

const systemLookup: HostLookup = (host) => dnsLookup(host, { all: true, order: 'verbatim' });

const refuse = (reason: string): FetchUrlVerdict => ({ ok: false, reason });

/**
 * Only http and https; the host is resolved and refused when ANY of its addresses is, since the connection
 * may use any of them. The checked addresses are returned so the caller connects to exactly those (a
 * second resolution could answer differently: DNS rebinding). IP literals in odd notations (decimal, hex,
 * octal) are normalised by the URL parser first, so the dotted address is what is checked.
 */
export async function checkFetchUrl(url: string, opts: FetchUrlOptions): Promise<FetchUrlVerdict> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('not a valid absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return refuse(`scheme "${parsed.protocol.slice(0, -1)}" is not allowed, only http and https`);
  }
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  if (host === '') return refuse('the URL has no host');
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = (await (opts.lookup ?? systemLookup)(host)).map((a) => a.address);
    } catch (e) {
      return refuse(`host "${host}" could not be resolved (${(e as { code?: string }).code ?? 'lookup failed'})`);
    }
    if (addresses.length === 0) return refuse(`host "${host}" has no addresses`);
  }
  for (const address of addresses) {
    const why = refusedAddress(address, opts);
    if (why) return refuse(address === host ? `${address} is ${why}` : `host "${host}" resolves to ${address}, ${why}`);
  }
  return { ok: true, addresses };
}
