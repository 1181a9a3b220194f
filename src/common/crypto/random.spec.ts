import { randomId, randomToken } from './random';

const decoded = (t: string) => Buffer.from(t, 'base64url');

describe('random tokens and ids', () => {
  it('tokens are base64url of the asked number of CSPRNG bytes (256 bits by default)', () => {
    const t = randomToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decoded(t)).toHaveLength(32);
    for (const n of [1, 18, 30, 31, 64, 512, 513, 4096]) expect(decoded(randomToken(n))).toHaveLength(n);
  });

  it('never repeat across many refills of the pool, whatever sizes are asked in between', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      // 30 and 18 do not divide the pool, so requests straddle its end and take a fresh fill.
      const t = randomToken(i % 3 === 0 ? 30 : i % 3 === 1 ? 18 : 32);
      expect(seen.has(t)).toBe(false);
      seen.add(t);
    }
  });

  it('hands out the bytes before wiping them: no token is all zeros, and the bytes look uniform', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2000; i++) {
      const bytes = decoded(randomToken());
      expect(bytes.equals(Buffer.alloc(32))).toBe(false);
      for (const b of bytes) counts[b]++;
    }
    // 64,000 bytes: each value is expected 250 times; a wiped or stuck pool would pile them onto a few values.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(350);
  });

  it('ids are 12 characters of [A-Za-z0-9] and do not repeat', () => {
    const ids = Array.from({ length: 2000 }, () => randomId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(randomId(20)).toHaveLength(20);
  });
});
