import { isoTime } from './iso-time';

describe('isoTime', () => {
  it('writes what Date#toISOString writes, for random instants and the edges', () => {
    const edges = [0, 1, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999, 4_107_542_399_999, 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001, 8.64e15];
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const random = Array.from({ length: 200_000 }, () => Math.floor(next() * 253_402_300_800_000));
    const now = Date.now();
    const recent = Array.from({ length: 20_000 }, (_, i) => now + i * 37_777);
    for (const t of [...edges, ...random, ...recent]) {
      const d = new Date(t);
      if (isoTime(d) !== d.toISOString()) throw new Error(`${t}: ${isoTime(d)} != ${d.toISOString()}`);
    }
    expect(isoTime(new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 7)))).toBe('2024-02-29T23:59:59.007Z');
  });
});
