import { Injectable } from '@nestjs/common';
import { AuthenticatorsService } from '../../authenticators/authenticators.service';
import { PasswordHasher } from '../../common/crypto/password-hasher';
import { ApiError } from '../../common/errors/api-error';
import type { AuthenticateDto } from '../dto/authenticate.dto';
import type { PrimaryMethod, PrimaryProof } from './primary-method';

@Injectable()
export class PasswordMethod implements PrimaryMethod {
  readonly name = 'password' as const;

  constructor(
    private readonly authenticators: AuthenticatorsService,
    private readonly hasher: PasswordHasher,
  ) {}

  async prove(body: AuthenticateDto): Promise<PrimaryProof | null> {
    if (!body.username || !body.password) throw ApiError.validation('username', 'username and password fields are required');
    const authenticator = await this.authenticators.findUpdbByUsername(body.username);
    if (!authenticator?.passwordHash) {
      // Hash a dummy password for unknown usernames so timing does not reveal which usernames exist.
      await this.hasher.verifyDummy(body.password);
      return null;
    }
    const credentialValid = await this.hasher.verify(authenticator.passwordHash, body.password);
    return { identityId: authenticator.identityId, authenticatorId: authenticator.id, credentialValid };
  }
}
