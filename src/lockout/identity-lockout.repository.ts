import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PlannedStatement } from '../database/fast-sql';

/** SQL that is true when the identity is not disabled at :now (OpenZiti's rule, see isDisabled). */
const ENABLED = '(disabled_at IS NULL OR (disabled_until IS NOT NULL AND disabled_until <= :now))';

/**
 * The durable failed-attempt budget. Counting happens in the database with single atomic statements, not
 * in process memory as OpenZiti does, so every controller sharing a database shares the count and no
 * burst of concurrent failures can count past the limit.
 */
@Injectable()
export class IdentityLockoutRepository {
  /**
   * Counts one failure; when it reaches `maxAttempts` the same statement disables the identity and resets
   * the counter. Returns true when this failure locked the identity.
   */
  async registerFailure(m: EntityManager, identityId: string, maxAttempts: number, lockoutMinutes: number, now: Date): Promise<boolean> {
    if (maxAttempts <= 0) return false;
    const until = lockoutMinutes > 0 ? now.getTime() + lockoutMinutes * 60_000 : null;
    const rows = await this.exec(
      m,
      `UPDATE identities SET
         disabled_at = CASE WHEN failed_attempts + 1 >= :max THEN :now ELSE disabled_at END,
         disabled_until = CASE WHEN failed_attempts + 1 >= :max THEN :until ELSE disabled_until END,
         failed_attempts = CASE WHEN failed_attempts + 1 >= :max THEN 0 ELSE failed_attempts + 1 END,
         updated_at = :now
       WHERE id = :id AND ${ENABLED}
       RETURNING disabled_at`,
      { id: identityId, max: maxAttempts, now: now.getTime(), until },
    );
    return rows.length === 1 && rows[0].disabled_at !== null && Number(rows[0].disabled_at) === now.getTime();
  }

  /**
   * The statement of a successful login: resets the count, but only while the identity is enabled. Part of
   * the session-issuing transaction, which it rolls back when the identity is disabled (no row).
   */
  successStatement(identityId: string, now: Date): PlannedStatement {
    return {
      sql: `UPDATE identities SET failed_attempts = 0 WHERE id = :id AND ${ENABLED} RETURNING id`,
      params: { id: identityId, now: now.getTime() },
      mustAffect: true,
    };
  }

  private async exec(m: EntityManager, sql: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const [query, values] = m.connection.driver.escapeQueryWithParameters(sql, params);
    const result = await m.query(query, values);
    // better-sqlite3 returns the RETURNING rows; pg returns [rows, affectedCount] for an UPDATE.
    if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0];
    return result as Record<string, unknown>[];
  }
}
