/** Route prefixes of the two OpenZiti APIs served on the one TLS port. */
export const CLIENT_API = 'edge/client/v1';
export const MANAGEMENT_API = 'edge/management/v1';

/**
 * OpenZiti rewrites legacy paths for old SDKs (reference §0): `/edge/v1/...` is the client API, and any
 * un-prefixed path other than the root aliases is a client API path (`/authenticate` → client authenticate).
 */
export function rewriteLegacyPath(url: string): string {
  if (url === '/edge/v1') return '/edge/client/v1';
  // Every current client's path: decided without splitting the URL (this runs on every request).
  if (url.startsWith('/edge/')) return url.startsWith('/edge/v1/') ? `/edge/client/v1${url.slice('/edge/v1'.length)}` : url;
  const path = url.split('?')[0];
  if (path === '/' || path === '/version' || path.startsWith('/edge/') || path === '/edge') return url;
  if (path.startsWith('/.well-known') || path.startsWith('/fabric') || path.startsWith('/health-checks')) return url;
  return `/edge/client/v1${url}`;
}
