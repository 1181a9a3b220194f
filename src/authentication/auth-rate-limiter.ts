import { ApiError } from '../common/errors/api-error';

/**
 * Bounds the authentication work in flight (each password check costs ~19 MiB and a core for ~10 ms).
 * Past the bound the answer is 429 SERVER_TOO_MANY_REQUESTS with Retry-After, as OpenZiti's limiter does.
 */
export class AuthRateLimiter {
  private inFlight = 0;

  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.max) throw new ApiError('SERVER_TOO_MANY_REQUESTS', undefined, undefined, { 'retry-after': '1' });
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
    }
  }
}
