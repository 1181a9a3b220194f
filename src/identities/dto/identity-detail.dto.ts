import type { BaseEntityDto, EntityRefDto } from '../../common/http/wire.dto';
import type { IdentityEnrollmentsDto } from '../../enrollments/dto/enrollment-detail.dto';

/** The swagger `identityDetail` as it goes on the wire (built by toIdentityDetail, never by hand). */
export interface IdentityDetailDto extends BaseEntityDto {
  name: string;
  type: EntityRefDto;
  typeId: string;
  isAdmin: boolean;
  isDefaultAdmin: boolean;
  authPolicyId: string;
  authPolicy: EntityRefDto;
  externalId: string | null;
  roleAttributes: string[];
  appData: Record<string, unknown>;
  envInfo: Record<string, unknown>;
  sdkInfo: Record<string, unknown>;
  defaultHostingPrecedence: string;
  defaultHostingCost: number;
  serviceHostingPrecedences: Record<string, string>;
  serviceHostingCosts: Record<string, number>;
  permissions: string[];
  authenticators: { updb?: { id: string; username: string }; cert?: { id: string; fingerprint: string } };
  enrollment: IdentityEnrollmentsDto;
  hasApiSession: boolean;
  isMfaEnabled: boolean;
  hasEdgeRouterConnection: boolean;
  edgeRouterConnectionStatus: 'online' | 'offline' | 'unknown';
  interfaces: never[];
  disabled: boolean;
  disabledAt: string | null;
  disabledUntil: string | null;
}
