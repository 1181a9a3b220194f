import type { TargetToken } from '../external-jwt-signer.entity';

interface BaseEntityDto {
  id: string;
  createdAt: string;
  updatedAt: string;
  _links: { self: { href: string } };
  tags: Record<string, unknown>;
}

/**
 * The management swagger `externalJwtSignerDetail` as it goes on the wire (built by the mapper only).
 * Where OpenZiti sends null for an unset value the swagger marks non-nullable (fingerprint, kid,
 * externalAuthUrl, clientId, scopes), ztc sends null too, as OpenZiti's clients expect.
 */
export interface ExternalJwtSignerDetailDto extends BaseEntityDto {
  name: string;
  enabled: boolean;
  certPem: string | null;
  jwksEndpoint: string | null;
  fingerprint: string | null;
  commonName: string;
  notBefore: string;
  notAfter: string;
  kid: string | null;
  issuer: string;
  audience: string;
  externalAuthUrl: string | null;
  claimsProperty: string;
  useExternalId: boolean;
  clientId: string | null;
  scopes: string[] | null;
  targetToken: TargetToken;
  enrollToCertEnabled: boolean;
  enrollToTokenEnabled: boolean;
  enrollAttributeClaimsSelector?: string;
  enrollAuthPolicyId?: string;
  enrollNameClaimsSelector?: string;
}

/** The client swagger `clientExternalJwtSignerDetail`: what an SDK needs to obtain a token, nothing more. */
export interface ClientExternalJwtSignerDetailDto extends BaseEntityDto {
  name: string;
  externalAuthUrl: string | null;
  clientId: string | null;
  scopes: string[] | null;
  audience: string;
  targetToken: TargetToken;
  enrollToCertEnabled: boolean;
  enrollToTokenEnabled: boolean;
}
