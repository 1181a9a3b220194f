const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from there on toISOString writes six-digit years. */
const YEAR_10000 = 253_402_300_800_000;

/**
 * `Date#toISOString()` (YYYY-MM-DDTHH:mm:ss.sssZ) by integer arithmetic on the epoch milliseconds: every
 * API session answer carries four of these, and the built-in is several times slower. Dates before 1970 or
 * after 9999 take the built-in. iso-time.spec.ts compares the two over random instants.
 */
export function isoTime(d: Date): string {
  const t = d.getTime();
  if (!(t >= 0 && t < YEAR_10000)) return d.toISOString();
  const days = Math.floor(t / DAY_MS);
  let ms = t - days * DAY_MS;
  // Civil date from days since 1970-01-01 (proleptic Gregorian; eras of 400 years).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const mi = Math.floor(ms / 60_000);
  ms -= mi * 60_000;
  const s = Math.floor(ms / 1000);
  ms -= s * 1000;
  const y = year < 1000 ? `${year}`.padStart(4, '0') : `${year}`;
  return `${y}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}.${pad3(ms)}Z`;
}
