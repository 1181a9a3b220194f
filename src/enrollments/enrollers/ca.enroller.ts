import type { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newAuthenticator } from '../../authenticators/new-authenticator';
import { AuthenticatorsService } from '../../authenticators/authenticators.service';
import type { CaEntity } from '../../cas/ca.entity';
import { CasService } from '../../cas/cas.service';
import { certNames } from '../../cas/cert-names';
import { extractExternalId } from '../../cas/external-id-claim';
import { Clock } from '../../common/clock';
import { randomId } from '../../common/crypto/random';
import { ApiError } from '../../common/errors/api-error';
import { constraintViolation } from '../../database/constraint-violation';
import { TransactionRunner } from '../../database/transaction-runner';
import { IdentityEntity } from '../../identities/identity.entity';
import { newIdentity } from '../../identities/new-identity';
import type { EnrollInput, EnrollResult } from './enroller';
import { verifyThirdPartyCert } from './third-party-cert';

/** The identities table's name column. */
const MAX_NAME = 255;
/** Attempts at the create transaction when a concurrent enrollment takes the chosen name first (PostgreSQL). */
const ATTEMPTS = 5;

/**
 * Automatic CA enrollment (reference §7.6): no token; a certificate from a verified CA that allows it is
 * enough to create an identity. The first such CA the TLS client chain verifies to wins (same rules as
 * ottca: ClientAuth EKU, dates, client-sent intermediates only build the path, the CA's CRL).
 *
 * The identity: named by the CA's `identityNameFormat`, type Default, not admin, the default auth policy,
 * the CA's `identityRoles` as role attributes. Then either
 * - the CA has an `externalIdClaim`: the identity gets the external ID read from the certificate and no
 *   authenticator, so certificate login finds it by that ID and the device may rotate its certificate;
 * - otherwise a `cert` authenticator for this certificate (isIssuedByNetwork false).
 * Identity and authenticator are written in one transaction: a refusal leaves nothing behind.
 *
 * This module cannot import IdentitiesModule (that one imports this one), so the identity row is written
 * here with the identities module's own entity and row factory.
 */
@Injectable()
export class CaEnroller {
  constructor(
    private readonly cas: CasService,
    private readonly authenticators: AuthenticatorsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async enroll(input: EnrollInput): Promise<EnrollResult> {
    const cas = await this.cas.listVerifiedAutoEnroll();
    if (cas.length === 0) throw new ApiError('ENROLLMENT_NO_VALID_CAS');
    const now = this.clock.now();
    const cert = verifyThirdPartyCert(input.clientChain, cas, now);
    if (!cert) throw failed(input.clientChain?.length ? 'the client certificate does not chain to a CA that allows automatic enrollment' : 'the request carries no client certificate');
    const { ca } = cert;
    if (await this.cas.isRevoked(ca.id, cert.chainPem)) throw failed('the client certificate is revoked by its CA');

    let externalId: string | null = null;
    if (ca.externalIdClaim) {
      externalId = extractExternalId(ca.externalIdClaim, cert.leaf) ?? null;
      if (!externalId) throw new ApiError('MISSING_CERT_CLAIM', { field: 'externalIdClaim', reason: `the certificate has no ${ca.externalIdClaim.location} value the CA's externalIdClaim selects` });
    }
    const identityId = randomId();
    const baseName = identityName(ca, {
      caName: ca.name,
      caId: ca.id,
      commonName: commonNameOf(cert.leaf),
      requestedName: input.name ? input.name : identityId,
      identityId,
    });

    for (let attempt = 1; ; attempt++) {
      try {
        await this.tx.run(async (m) => {
          if (externalId !== null && (await m.getRepository(IdentityEntity).existsBy({ externalId }))) {
            throw new ApiError('CERT_IN_USE', { message: 'an identity with the external ID of this certificate already exists', data: { externalId } });
          }
          const name = await freeName(baseName, m);
          const identity = newIdentity({ id: identityId, name, externalId, roleAttributes: [...ca.identityRoles] }, now);
          await m.getRepository(IdentityEntity).insert(identity);
          if (externalId === null) {
            const a = newAuthenticator({ identityId, method: 'cert', certPem: cert.chainPem, fingerprint: cert.fingerprint, isIssuedByNetwork: false }, now);
            await this.authenticators.insertPrepared(a, m);
          }
        });
        return {};
      } catch (err) {
        // Only a raw unique violation reaches here (our own refusals are ApiErrors): a concurrent enrollment
        // took the name (or external ID) between our check and our insert. Checking again decides.
        if (attempt >= ATTEMPTS || constraintViolation(err)?.kind !== 'unique') throw err;
      }
    }
  }
}

export type NameFormatValues = Record<'caName' | 'caId' | 'commonName' | 'requestedName' | 'identityId', string>;

/**
 * The CA's `identityNameFormat` with its placeholders filled in one pass (a value that itself looks like
 * a placeholder stays as it is). Unknown bracketed words are left alone, as OpenZiti does.
 */
export function identityName(ca: Pick<CaEntity, 'identityNameFormat'>, values: NameFormatValues): string {
  const format = ca.identityNameFormat || '[caName]-[commonName]';
  return format.replace(/\[(caName|caId|commonName|requestedName|identityId)\]/g, (_, key: keyof NameFormatValues) => values[key]);
}

/**
 * Collision suffix (our choice, documented): the base name, then `-` and a six-digit zero-padded counter,
 * the smallest not taken: `dev`, `dev-000001`, `dev-000002`, ... Always base + one suffix, never
 * OpenZiti's cumulative `dev000001000002`. The base is cut so the suffixed name fits the column.
 */
export function suffixedName(base: string, n: number): string {
  const suffix = `-${String(n).padStart(6, '0')}`;
  return `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
}

async function freeName(baseName: string, m: EntityManager): Promise<string> {
  const base = baseName.slice(0, MAX_NAME);
  const repo = m.getRepository(IdentityEntity);
  if (!(await repo.existsBy({ name: base }))) return base;
  const prefix = suffixedName(base, 1).slice(0, -6);
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows: { name: string }[] = await repo
    .createQueryBuilder('i')
    .select('i.name', 'name')
    .where("i.name LIKE :pattern ESCAPE '\\'", { pattern: `${escaped}%` })
    .getRawMany();
  const taken = new Set(rows.map((r) => r.name));
  for (let n = 1; ; n++) {
    const candidate = suffixedName(base, n);
    if (!taken.has(candidate)) return candidate;
  }
}

/** The subject's first CN, read from the DER; empty when it has none. */
function commonNameOf(leaf: X509Certificate): string {
  return certNames(leaf).commonNames[0] ?? '';
}

function failed(reason: string): ApiError {
  return new ApiError('CERT_FAILED_VALIDATION', { field: 'clientCertificate', reason });
}
