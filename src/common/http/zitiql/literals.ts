import { errorAt, type ZitiQlError } from './errors';

type Kind = ZitiQlError['kind'];

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};

/**
 * Read a double-quoted string starting at `start` (the opening quote), decoding JSON-style escapes.
 * The decoded text only ever becomes a bound SQL parameter, so quotes, `;` or `--` inside it are
 * harmless; we are strict about escapes anyway so a typo is reported rather than silently kept.
 */
export function readString(input: string, start: number, kind: Kind): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < input.length) {
    const ch = input[i];
    if (ch === '"') return { value, end: i + 1 };
    if (ch !== '\\') {
      value += ch;
      i += 1;
      continue;
    }
    const esc = input[i + 1];
    if (esc !== undefined && Object.hasOwn(SIMPLE_ESCAPES, esc)) {
      value += SIMPLE_ESCAPES[esc];
      i += 2;
    } else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(input.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(input.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (esc === undefined) {
      break;
    } else {
      throw errorAt(kind, i, `invalid escape sequence "\\${esc}"`);
    }
  }
  throw errorAt(kind, start, 'unterminated string');
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parse an RFC 3339 timestamp (`2021-01-02T03:04:05.123+02:00`) to an instant, or return null.
 * Out-of-range parts (month 13, Feb 30, hour 24) are rejected instead of letting Date roll them over.
 * Fractions finer than a millisecond are truncated: Date cannot hold them.
 */
export function parseRfc3339(text: string): Date | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() + (month === 2 ? leapDay(year) : 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (!m[8]) {
    const offHours = Number(m[10]);
    const offMinutes = Number(m[11]);
    if (offHours > 23 || offMinutes > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  const instant = new Date(utc.getTime() - offsetMinutes * 60_000);
  // An offset can push 0000-01-01 or 9999-12-31 outside four-digit years, which SQL cannot store.
  const utcYear = instant.getUTCFullYear();
  return utcYear < 0 || utcYear > 9999 ? null : instant;
}

/** 2000 is a leap year, so the February base above already has 29 days; take one off when needed. */
function leapDay(year: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 0 : -1;
}
