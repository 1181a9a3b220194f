import type { BuildInfo } from './build-info';

const BINDINGS = { 'edge-client': '/edge/client/v1', 'edge-management': '/edge/management/v1' } as const;

/** `GET /version` (reference §3.10). No OIDC binding is served, so no OIDC_AUTH capability is advertised. */
export function toVersionDetail(info: BuildInfo, advertisedAddress: string): Record<string, unknown> {
  const api = (path: string) => ({ v1: { path, apiBaseUrls: [`https://${advertisedAddress}${path}`] } });
  const apiVersions: Record<string, unknown> = {};
  for (const [binding, path] of Object.entries(BINDINGS)) apiVersions[binding] = api(path);
  // Legacy SDKs read the client API under the `edge` key.
  apiVersions.edge = api(BINDINGS['edge-client']);
  return { ...info, apiVersions, capabilities: [] };
}
