/**
 * A minimal DER reader: just enough to walk CRLs and certificate extensions byte-exactly (a signature
 * covers the original bytes, so re-encoding a parsed structure is not an option). No Nest imports; never
 * trusts a length without checking it against the buffer.
 */
export class DerError extends Error {}

export interface Tlv {
  /** The identifier octet (class, constructed bit, tag number < 31). */
  tag: number;
  /** The whole element, header included. */
  raw: Buffer;
  /** The content octets. */
  value: Buffer;
}

export const TAG = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, OID: 0x06, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18, SEQUENCE: 0x30, SET: 0x31 } as const;

/** The element starting at `offset`. */
export function readTlv(buf: Buffer, offset = 0): Tlv {
  if (offset + 2 > buf.length) throw new DerError('truncated element');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  let len = buf[offset + 1];
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // Four length octets cover anything a request body can hold; indefinite lengths are BER, not DER.
    if (n === 0 || n > 4 || offset + 2 + n > buf.length) throw new DerError('unsupported length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[offset + 2 + i];
    header += n;
  }
  const end = offset + header + len;
  if (end > buf.length) throw new DerError('truncated element');
  return { tag, raw: buf.subarray(offset, end), value: buf.subarray(offset + header, end) };
}

/** The single element filling `buf` (trailing bytes are an error). */
export function readOnly(buf: Buffer): Tlv {
  const tlv = readTlv(buf);
  if (tlv.raw.length !== buf.length) throw new DerError('trailing bytes after the element');
  return tlv;
}

/** The elements inside a constructed element. */
export function children(tlv: Tlv): Tlv[] {
  if (!(tlv.tag & 0x20)) throw new DerError('not a constructed element');
  const out: Tlv[] = [];
  for (let pos = 0; pos < tlv.value.length; ) {
    const child = readTlv(tlv.value, pos);
    out.push(child);
    pos += child.raw.length;
  }
  return out;
}

export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new DerError(`expected ${what}`);
  return tlv;
}

/** Dotted OID text. */
export function oidOf(tlv: Tlv): string {
  const b = expectTag(tlv, TAG.OID, 'an OID').value;
  if (b.length === 0) throw new DerError('empty OID');
  const parts: number[] = [Math.min(2, Math.floor(b[0] / 40)), b[0] - Math.min(2, Math.floor(b[0] / 40)) * 40];
  let n = 0;
  for (let i = 1; i < b.length; i++) {
    n = n * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

/** UTCTime or GeneralizedTime (the forms RFC 5280 allows: seconds, `Z`). */
export function timeOf(tlv: Tlv): Date {
  const s = tlv.value.toString('latin1');
  const m =
    tlv.tag === TAG.UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : tlv.tag === TAG.GENERALIZED_TIME ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
  if (!m) throw new DerError('expected a time');
  let year = Number(m[1]);
  // RFC 5280 4.1.2.5.1: two-digit years 50..99 are 19xx.
  if (tlv.tag === TAG.UTC_TIME) year += year >= 50 ? 1900 : 2000;
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  if (Number.isNaN(d.getTime())) throw new DerError('invalid time');
  return d;
}

/** A serial number as lowercase hex without leading zeros (the form revocation lists are compared in). */
export function serialHex(bytes: Buffer | string): string {
  const hex = (typeof bytes === 'string' ? bytes : bytes.toString('hex')).toLowerCase().replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}
