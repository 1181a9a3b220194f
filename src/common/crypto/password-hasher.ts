import { Algorithm, hash, verify } from '@node-rs/argon2';

export interface Argon2Params {
  memoryKib: number;
  iterations: number;
  parallelism: number;
}

/**
 * argon2id password hashing (PHC strings carry salt and parameters, so old hashes keep verifying after a
 * parameter change). Defaults are OWASP's m=19 MiB, t=2, p=1 — stronger than OpenZiti's m=3 MiB, t=1.
 */
export class PasswordHasher {
  private dummy: Promise<string>;

  constructor(private readonly params: Argon2Params) {
    // A real hash with the live parameters: verifying against it costs what a real verification costs.
    this.dummy = this.hash('ztc-dummy-password-for-timing');
  }

  hash(password: string): Promise<string> {
    return hash(password, {
      algorithm: Algorithm.Argon2id,
      memoryCost: this.params.memoryKib,
      timeCost: this.params.iterations,
      parallelism: this.params.parallelism,
      outputLen: 32,
    });
  }

  async verify(phc: string, password: string): Promise<boolean> {
    try {
      return await verify(phc, password);
    } catch {
      // A malformed stored hash is a failed verification, never a 500 that tells the caller something.
      return false;
    }
  }

  /** Spends the time of a real verification and fails: used for unknown usernames. */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(await this.dummy, password);
    return false;
  }
}
