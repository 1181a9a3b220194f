import { randomBytes } from 'node:crypto';

/**
 * A fresh certificate serial number as hex, for forge's `cert.serialNumber`.
 *
 * forge writes the hex verbatim as the DER INTEGER body, so the first byte decides two things:
 * - bit 7 set would make the serial negative (RFC 5280 requires positive serials);
 * - a leading 0x00 byte would be non-minimal DER, which OpenSSL (and so node's X509Certificate)
 *   rejects as "illegal padding".
 * Clearing bits 7-6 and setting bit 6 avoids both while keeping 126 random bits, well above the
 * 64 bits of unpredictability CA/B Forum asks for (it stops chosen-prefix collision tricks).
 */
export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x3f) | 0x40;
  return bytes.toString('hex');
}
