import { ApiSessionEntity } from '../api-sessions/api-session.entity';
import { AuthPolicyEntity } from '../auth-policies/auth-policy.entity';
import { CaEntity } from '../cas/ca.entity';
import { AuthenticatorEntity } from '../authenticators/authenticator.entity';
import { IdentityEntity } from '../identities/identity.entity';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { ExternalJwtSignerEntity } from '../external-jwt-signers/external-jwt-signer.entity';
import { MfaEntity } from '../mfa/mfa.entity';
import { ControllerMetaEntity } from './controller-meta.entity';

/** Every entity; modules register their own with forFeature, the data source and TypeORM CLI need them all. */
export const ENTITIES = [ControllerMetaEntity, AuthPolicyEntity, IdentityEntity, AuthenticatorEntity, ApiSessionEntity, MfaEntity, ExternalJwtSignerEntity, EnrollmentEntity, CaEntity];
