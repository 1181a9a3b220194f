import type { EntityRefDto } from '../../common/http/wire.dto';
import type { AuthenticatorMethod } from '../authenticator.entity';

/**
 * The swagger `authenticatorDetail`. Never a password, hash or salt. Like OpenZiti (omitempty), updb
 * authenticators carry `username` and no certificate fields; cert authenticators carry the certificate
 * fields and no `username`.
 */
export interface AuthenticatorDetailDto {
  id: string;
  createdAt: string;
  updatedAt: string;
  tags: Record<string, unknown>;
  _links: Record<string, { href: string }>;
  method: AuthenticatorMethod;
  identityId: string;
  identity: EntityRefDto;
  username?: string;
  certPem?: string;
  fingerprint?: string;
  isIssuedByNetwork?: boolean;
  isExtendRequested?: boolean;
  isKeyRollRequested?: boolean;
  extendRequestedAt?: string | null;
  lastAuthResolvedToRoot?: boolean;
  lastExtendRolledKeys?: boolean;
}
