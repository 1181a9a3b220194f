/**
 * What auth policies need to know about external JWT signers, kept behind an interface so this module does
 * not depend on the signer module (which itself checks `enrollAuthPolicyId` against AuthPoliciesService).
 * Bound in AuthPoliciesModule to ExternalJwtSignerReferences (src/external-jwt-signers).
 */
export abstract class SignerReferences {
  /** The subset of `ids` that name existing external JWT signers. */
  abstract exists(ids: readonly string[]): Promise<Set<string>>;

  /** Ids of the signers whose `enrollAuthPolicyId` is `policyId` (such a policy cannot be deleted). */
  abstract enrollingWith(policyId: string): Promise<string[]>;
}
