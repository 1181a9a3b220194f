import { Injectable } from '@nestjs/common';

/**
 * Facts about an identity's second factors that decide whether a new session starts partial. TOTP
 * enrollment arrives with the MFA module; until then no identity has a verified TOTP.
 */
@Injectable()
export class SecondFactorFacts {
  async hasVerifiedTotp(_identityId: string): Promise<boolean> {
    return false;
  }
}
