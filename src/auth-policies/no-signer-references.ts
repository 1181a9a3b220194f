import { Injectable } from '@nestjs/common';
import { SignerReferences } from './signer-references';

/**
 * There is no external-JWT-signer table yet, so no signer id exists and no signer references a policy:
 * every id in `primary.extJwt.allowedSigners` or `secondary.requireExtJwtSigner` answers 404 NOT_FOUND.
 * The external-JWT-signer module will provide the real SignerReferences and replace this binding in
 * AuthPoliciesModule (through a global provider or forwardRef, since that module also uses
 * AuthPoliciesService); this file is then deleted.
 */
@Injectable()
export class NoSignerReferences extends SignerReferences {
  async exists(): Promise<Set<string>> {
    return new Set();
  }

  async enrollingWith(): Promise<string[]> {
    return [];
  }
}
