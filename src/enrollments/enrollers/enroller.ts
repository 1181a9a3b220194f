import type { AuthenticatorEntity } from '../../authenticators/authenticator.entity';
import type { EnrollmentEntity, EnrollmentMethod } from '../enrollment.entity';

/** What an enrolling client sent, whatever the route and media type. */
export interface EnrollInput {
  /** PEM CSR (ott). */
  csrPem?: string;
  /** The new password (updb). */
  password?: string;
  /** The TLS client certificate chain as DER, leaf first (ottca, ca); empty or absent when none was sent. */
  clientChain?: Buffer[];
  /** The name the client asked for (ca: the `[requestedName]` of the CA's identity name format). */
  name?: string;
}

/** What the client gets back: the certificate chain for ott, nothing for updb, ottca and ca. */
export interface EnrollResult {
  cert?: string;
}

/** An enrollment ready to be completed: the authenticator to create and the answer to give once it exists. */
export interface PreparedEnrollment {
  authenticator: AuthenticatorEntity;
  result: EnrollResult;
}

/**
 * One enrollment method (house style rule 13, mirroring authentication's methods). `prepare` does the slow
 * work (signing a CSR, hashing a password) and writes nothing; EnrollService then consumes the enrollment
 * and saves the prepared authenticator in one transaction, so a token can only ever produce one.
 */
export interface Enroller {
  readonly method: EnrollmentMethod;
  prepare(enrollment: EnrollmentEntity, input: EnrollInput): Promise<PreparedEnrollment>;
}
