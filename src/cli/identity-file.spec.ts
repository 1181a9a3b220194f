import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityFileJson, readIdentityFile } from './identity-file';

describe('OpenZiti identity files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ztc-idfile-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, doc: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return file;
  };

  it('round-trips inline pem: values', () => {
    const id = { ztAPI: 'https://c:1280/edge/client/v1', key: 'KEY\n', cert: 'CERT\n', ca: 'CA\n' };
    const text = identityFileJson(id);
    expect(JSON.parse(text)).toEqual({ ztAPI: id.ztAPI, id: { key: 'pem:KEY\n', cert: 'pem:CERT\n', ca: 'pem:CA\n' } });
    expect(readIdentityFile(write('a.json', text))).toEqual(id);
  });

  it('reads file:// URLs and paths relative to the identity file', () => {
    writeFileSync(join(dir, 'k.pem'), 'KEY');
    writeFileSync(join(dir, 'c.pem'), 'CERT');
    const file = write('b.json', { ztAPI: 'https://c', id: { key: 'k.pem', cert: `file://${join(dir, 'c.pem')}` } });
    expect(readIdentityFile(file)).toEqual({ ztAPI: 'https://c', key: 'KEY', cert: 'CERT', ca: null });
  });

  it.each([
    ['not JSON', '{', /cannot read identity file/],
    ['no ztAPI', { id: { key: 'pem:k', cert: 'pem:c' } }, /not an OpenZiti identity file/],
    ['no key', { ztAPI: 'https://c', id: { cert: 'pem:c' } }, /id.key and id.cert are required/],
    ['an engine key', { ztAPI: 'https://c', id: { key: 'engine:pkcs11?slot=0', cert: 'pem:c' } }, /engine/],
    ['a missing file', { ztAPI: 'https://c', id: { key: 'nope.pem', cert: 'pem:c' } }, /cannot read id.key/],
  ])('refuses %s', (_name, doc, message) => {
    expect(() => readIdentityFile(write('x.json', doc))).toThrow(message);
  });
});
