import { randomId } from '../common/crypto/random';
import { IdentityEntity, type IdentityType } from './identity.entity';

/** A new identity row with OpenZiti's defaults for every field the caller does not give. */
export function newIdentity(fields: Partial<IdentityEntity> & { name: string }, now: Date): IdentityEntity {
  return Object.assign(new IdentityEntity(), {
    id: randomId(),
    type: 'Default' as IdentityType,
    isAdmin: false,
    isDefaultAdmin: false,
    authPolicyId: 'default',
    externalId: null,
    roleAttributes: [],
    tags: {},
    appData: {},
    envInfo: {},
    sdkInfo: {},
    defaultHostingPrecedence: 'default',
    defaultHostingCost: 0,
    serviceHostingPrecedences: {},
    serviceHostingCosts: {},
    permissions: [],
    disabledAt: null,
    disabledUntil: null,
    failedAttempts: 0,
    createdAt: now,
    updatedAt: now,
    ...fields,
  });
}
