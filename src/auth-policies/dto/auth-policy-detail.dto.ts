/** The swagger `authPolicyDetail` as it goes on the wire (built by toAuthPolicyDetail, never by hand). */
export interface AuthPolicyDetailDto {
  id: string;
  createdAt: string;
  updatedAt: string;
  _links: { self: { href: string } };
  tags: Record<string, unknown>;
  name: string;
  primary: {
    cert: { allowed: boolean; allowExpiredCerts: boolean };
    updb: {
      allowed: boolean;
      minPasswordLength: number;
      requireSpecialChar: boolean;
      requireNumberChar: boolean;
      requireMixedCase: boolean;
      maxAttempts: number;
      lockoutDurationMinutes: number;
    };
    extJwt: { allowed: boolean; allowedSigners: string[] };
  };
  secondary: { requireTotp: boolean; requireExtJwtSigner: string | null };
}
