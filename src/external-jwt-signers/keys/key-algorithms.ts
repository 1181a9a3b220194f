import type { KeyObject } from 'node:crypto';

/**
 * The JWS algorithms a verification key may be used with, fixed by the key's own type. Pinning the
 * algorithm to the key closes the classic confusions: `alg: none`, and an HMAC token "signed" with the
 * RSA public key as the secret. Neither is ever in these lists.
 */
export function algorithmsFor(key: KeyObject, jwkAlg?: string): string[] {
  let algs: string[];
  switch (key.asymmetricKeyType) {
    // RSA keys under 2048 bits are refused outright: they can be factored.
    case 'rsa':
      algs = (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] : [];
      break;
    case 'rsa-pss':
      algs = (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? ['PS256', 'PS384', 'PS512'] : [];
      break;
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      algs = curve === 'prime256v1' ? ['ES256'] : curve === 'secp384r1' ? ['ES384'] : curve === 'secp521r1' ? ['ES512'] : [];
      break;
    }
    case 'ed25519':
      algs = ['EdDSA', 'Ed25519'];
      break;
    default:
      algs = [];
  }
  // A JWK that names its algorithm may only be used with that one.
  return jwkAlg ? algs.filter((a) => a === jwkAlg) : algs;
}
