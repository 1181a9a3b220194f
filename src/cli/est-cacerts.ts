import { derToPem } from '../x509/pem';
import { CliError } from './command';

const OID_SIGNED_DATA = Buffer.from('06092a864886f70d010702', 'hex'); // 1.2.840.113549.1.7.2
const SEQUENCE = 0x30;
const CONTEXT_0 = 0xa0;

interface Tlv {
  tag: number;
  /** Whole element (header + content), and its content. */
  raw: Buffer;
  content: Buffer;
}

/**
 * The certificates of an EST `/.well-known/est/cacerts` answer (reference §7.8): base64 of a DER,
 * certs-only PKCS#7 SignedData. We walk the DER ourselves rather than use forge's pkcs7 model, which
 * re-parses every certificate into its RSA-only certificate model (an EC CA would make it throw); here
 * each certificate is taken byte for byte and parsed by node's X509Certificate in derToPem.
 */
export function parseCaCerts(body: string): string[] {
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  try {
    const contentInfo = children(one(der, SEQUENCE).content);
    if (contentInfo.length < 2 || !contentInfo[0].raw.equals(OID_SIGNED_DATA) || contentInfo[1].tag !== CONTEXT_0) {
      throw new Error('not a PKCS#7 SignedData');
    }
    const signedData = children(one(contentInfo[1].content, SEQUENCE).content);
    const certs = signedData.find((e) => e.tag === CONTEXT_0);
    const pems = certs ? children(certs.content).map((c) => derToPem(c.raw)) : [];
    if (pems.length === 0) throw new Error('it holds no certificates');
    return pems;
  } catch (e) {
    throw new CliError(`the controller's CA bundle (/.well-known/est/cacerts) is unusable: ${(e as Error).message}`);
  }
}

function one(buf: Buffer, tag: number): Tlv {
  const all = children(buf);
  if (all.length !== 1 || all[0].tag !== tag) throw new Error('unexpected DER structure');
  return all[0];
}

/** The consecutive DER elements in `buf` (definite lengths only, as DER requires). */
function children(buf: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = 0; pos < buf.length; ) {
    const tag = buf[pos];
    if ((tag & 0x1f) === 0x1f) throw new Error('multi-byte tags are not expected here');
    let len = buf[pos + 1];
    let header = 2;
    if (len === undefined) throw new Error('truncated DER');
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) throw new Error('unsupported DER length');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + buf[pos + 2 + i];
      header += n;
    }
    const end = pos + header + len;
    if (end > buf.length) throw new Error('truncated DER');
    out.push({ tag, raw: buf.subarray(pos, end), content: buf.subarray(pos + header, end) });
    pos = end;
  }
  return out;
}
