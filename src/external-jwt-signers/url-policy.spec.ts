import { jest } from '@jest/globals';
import { checkFetchUrl, type FetchUrlOptions, type HostLookup, refusedAddress } from './url-policy';

const OPEN: FetchUrlOptions = { denyPrivate: false, denyLoopback: false };
const STRICT: FetchUrlOptions = { denyPrivate: true, denyLoopback: true };

/** A resolver that answers from a table and records what it was asked; unknown names fail like DNS does. */
function fakeDns(table: Record<string, string[]>) {
  const lookup = jest.fn<HostLookup>(async (host) => {
    const found = table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  });
  return lookup;
}

describe('refusedAddress', () => {
  const metadata = 'a link-local or cloud metadata address';
  it.each([
    ['169.254.169.254', metadata],
    ['169.254.0.1', metadata],
    ['169.254.255.255', metadata],
    ['100.100.100.200', metadata],
    ['fe80::1', metadata],
    ['febf:ffff::1', metadata],
    ['fd00:ec2::254', metadata],
    ['::ffff:169.254.169.254', metadata],
    ['::ffff:a9fe:a9fe', metadata],
    ['::ffff:100.100.100.200', metadata],
    ['64:ff9b::a9fe:a9fe', metadata],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['::ffff:0.0.0.0', 'an unspecified address'],
    ['224.0.0.1', 'a multicast, broadcast or reserved address'],
    ['239.255.255.250', 'a multicast, broadcast or reserved address'],
    ['255.255.255.255', 'a multicast, broadcast or reserved address'],
    ['240.0.0.1', 'a multicast, broadcast or reserved address'],
    ['ff02::1', 'a multicast, broadcast or reserved address'],
    ['::ffff:224.0.0.1', 'a multicast, broadcast or reserved address'],
  ])('%s is always refused: %s', (address, what) => {
    expect(refusedAddress(address, OPEN)).toBe(what);
    expect(refusedAddress(address, STRICT)).toBe(what);
  });

  it.each(['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.254', 'fc00::1', 'fd12:3456::1', 'fec0::1', '::ffff:10.1.2.3', '::ffff:c0a8:101', '64:ff9b::a00:1'])(
    'private %s is refused only when denyPrivate',
    (address) => {
      expect(refusedAddress(address, OPEN)).toBeUndefined();
      expect(refusedAddress(address, { denyPrivate: true, denyLoopback: false })).toBe('a private address');
      expect(refusedAddress(address, { denyPrivate: false, denyLoopback: true })).toBeUndefined();
    },
  );

  it.each(['127.0.0.1', '127.1.2.3', '127.255.255.255', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1'])('loopback %s is refused only when denyLoopback', (address) => {
    expect(refusedAddress(address, OPEN)).toBeUndefined();
    expect(refusedAddress(address, { denyPrivate: true, denyLoopback: false })).toBeUndefined();
    expect(refusedAddress(address, { denyPrivate: false, denyLoopback: true })).toBe('a loopback address');
  });

  it.each(['8.8.8.8', '172.15.255.255', '172.32.0.1', '192.169.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '169.255.0.1', '223.255.255.255', '2001:4860:4860::8888', 'fe00::1', '2a00:1450::1', '::ffff:8.8.8.8'])(
    'public %s is allowed even under the strictest options',
    (address) => {
      expect(refusedAddress(address, STRICT)).toBeUndefined();
    },
  );

  it('the AWS IPv6 metadata address is refused although it lies in the private fc00::/7 range', () => {
    expect(refusedAddress('fd00:ec2::254', OPEN)).toBe('a link-local or cloud metadata address');
    expect(refusedAddress('fd00:ec2::253', OPEN)).toBeUndefined();
  });

  it('refuses something that is not an address at all', () => {
    expect(refusedAddress('example.com', OPEN)).toBe('a malformed address');
  });
});

describe('checkFetchUrl', () => {
  it('allows http and https to public and (by default) loopback hosts, returning the checked addresses', async () => {
    await expect(checkFetchUrl('https://8.8.8.8/jwks', OPEN)).resolves.toEqual({ ok: true, addresses: ['8.8.8.8'] });
    await expect(checkFetchUrl('http://127.0.0.1:9/jwks', OPEN)).resolves.toEqual({ ok: true, addresses: ['127.0.0.1'] });
    await expect(checkFetchUrl('http://[2001:db8::1]:8443/keys', OPEN)).resolves.toEqual({ ok: true, addresses: ['2001:db8::1'] });
  });

  it.each(['ftp://x/jwks', 'file:///etc/passwd', 'gopher://example.com/', 'data:application/json,{}', 'javascript:alert(1)', 'ws://example.com/'])('refuses the scheme of %s', async (url) => {
    const verdict = await checkFetchUrl(url, OPEN);
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('only http and https') });
  });

  it.each(['', 'not a url', '/relative/jwks', 'http://', 'http://[fe80::1%25eth0]/'])('refuses %j as not a valid URL', async (url) => {
    expect(await checkFetchUrl(url, OPEN)).toEqual({ ok: false, reason: 'not a valid absolute URL' });
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['http://[fe80::1]/', 'fe80::1'],
    ['http://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254'],
    ['http://100.100.100.200/latest/meta-data', '100.100.100.200'],
    ['http://0.0.0.0:8080/', '0.0.0.0'],
    ['http://[::]/', '::'],
    ['http://255.255.255.255/', '255.255.255.255'],
  ])('refuses %s (checks %s) without asking DNS', async (url, address) => {
    const lookup = fakeDns({});
    const verdict = await checkFetchUrl(url, { ...OPEN, lookup });
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining(`${address} is `) });
    expect(lookup).not.toHaveBeenCalled();
  });

  it.each(['http://2852039166/', 'http://0xA9FEA9FE/', 'http://0251.0376.0251.0376/', 'http://0xa9.0xfe.0xa9.0xfe/', 'http://169.254.43518/', 'http://169.254.169.254./'])(
    '%s is normalised to 169.254.169.254 by the URL parser, and that address is the one refused',
    async (url) => {
      const lookup = fakeDns({});
      expect(await checkFetchUrl(url, { ...OPEN, lookup })).toEqual({ ok: false, reason: '169.254.169.254 is a link-local or cloud metadata address' });
      expect(lookup).not.toHaveBeenCalled();
    },
  );

  it('decimal and short forms of loopback normalise too', async () => {
    for (const url of ['http://2130706433/', 'http://0x7f000001/', 'http://127.1/', 'http://017700000001/']) {
      expect(await checkFetchUrl(url, { ...OPEN, denyLoopback: true })).toEqual({ ok: false, reason: '127.0.0.1 is a loopback address' });
      expect(await checkFetchUrl(url, OPEN)).toEqual({ ok: true, addresses: ['127.0.0.1'] });
    }
  });

  describe('after DNS resolution', () => {
    const lookup = fakeDns({
      'idp.example.com': ['203.0.113.10', '2001:db8::10'],
      'metadata.attacker.example': ['169.254.169.254'],
      'mixed.attacker.example': ['203.0.113.10', '169.254.169.254'],
      'mapped.attacker.example': ['::ffff:169.254.169.254'],
      'v6ll.attacker.example': ['2001:db8::1', 'fe80::1234'],
      'internal.corp.example': ['10.1.2.3'],
      'localhost': ['127.0.0.1', '::1'],
      'empty.example': [],
    });

    it('resolves the host name (not the whole URL) and returns every address', async () => {
      await expect(checkFetchUrl('https://IDP.example.com:8443/realms/x/certs?y=1', { ...OPEN, lookup })).resolves.toEqual({ ok: true, addresses: ['203.0.113.10', '2001:db8::10'] });
      expect(lookup).toHaveBeenLastCalledWith('idp.example.com');
    });

    it.each([
      ['metadata.attacker.example', '169.254.169.254'],
      ['mixed.attacker.example', '169.254.169.254'],
      ['mapped.attacker.example', '::ffff:169.254.169.254'],
      ['v6ll.attacker.example', 'fe80::1234'],
    ])('refuses %s when any address (%s) is link-local or metadata', async (host, address) => {
      expect(await checkFetchUrl(`http://${host}/jwks`, { ...OPEN, lookup })).toEqual({
        ok: false,
        reason: `host "${host}" resolves to ${address}, a link-local or cloud metadata address`,
      });
    });

    it('refuses private and loopback names only when configured to', async () => {
      expect(await checkFetchUrl('http://internal.corp.example/', { ...OPEN, lookup })).toMatchObject({ ok: true });
      expect(await checkFetchUrl('http://internal.corp.example/', { ...OPEN, denyPrivate: true, lookup })).toMatchObject({ ok: false, reason: expect.stringContaining('private address') });
      expect(await checkFetchUrl('http://localhost:8080/', { ...OPEN, lookup })).toEqual({ ok: true, addresses: ['127.0.0.1', '::1'] });
      expect(await checkFetchUrl('http://localhost:8080/', { ...OPEN, denyLoopback: true, lookup })).toMatchObject({ ok: false, reason: expect.stringContaining('loopback address') });
    });

    it('a name that does not resolve, or resolves to nothing, is refused', async () => {
      expect(await checkFetchUrl('http://nope.invalid/', { ...OPEN, lookup })).toEqual({ ok: false, reason: 'host "nope.invalid" could not be resolved (ENOTFOUND)' });
      expect(await checkFetchUrl('http://empty.example/', { ...OPEN, lookup })).toEqual({ ok: false, reason: 'host "empty.example" has no addresses' });
    });

    it('uses the system resolver when none is injected', async () => {
      expect(await checkFetchUrl('http://localhost:9/', OPEN)).toMatchObject({ ok: true });
      expect(await checkFetchUrl('http://localhost:9/', { ...OPEN, denyLoopback: true })).toMatchObject({ ok: false });
      expect(await checkFetchUrl('http://ztc-test.invalid/', OPEN)).toMatchObject({ ok: false, reason: expect.stringContaining('could not be resolved') });
    });
  });
});
