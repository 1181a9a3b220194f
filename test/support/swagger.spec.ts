import {
  definitionNames,
  describeWithSwagger,
  type EdgeApi,
  expectSchema,
  schemaErrors,
  SWAGGER_SKIP_MESSAGE,
} from './swagger';

const APIS: EdgeApi[] = ['client', 'management'];
const META = { apiVersion: '0.0.1', apiEnrollmentVersion: '0.0.1' };

/** The smallest identity that satisfies management.yml's identityDetail (baseEntity + own required fields). */
function identityDetail(): Record<string, unknown> {
  return {
    id: 'Ld3ZQ1xyS',
    createdAt: '2024-05-01T12:00:00.123456Z',
    updatedAt: '2024-05-01T12:00:00Z',
    _links: { self: { href: './identities/Ld3ZQ1xyS' } },
    name: 'alice',
    type: { id: 'Default', name: 'Default', entity: 'identity-types', _links: { self: { href: './identity-types/Default' } } },
    typeId: 'Default',
    isAdmin: false,
    isDefaultAdmin: false,
    disabled: false,
    authenticators: {},
    enrollment: {},
    envInfo: {},
    sdkInfo: {},
    roleAttributes: null,
    hasApiSession: false,
    hasEdgeRouterConnection: false,
    edgeRouterConnectionStatus: 'offline',
    isMfaEnabled: false,
    serviceHostingCosts: {},
    serviceHostingPrecedences: {},
    defaultHostingCost: 0,
    authPolicyId: 'default',
    authPolicy: { id: 'default', name: 'Default', entity: 'auth-policies', _links: { self: { href: './auth-policies/default' } } },
    externalId: null,
    permissions: [],
  };
}

function identityList(identities: unknown[]): Record<string, unknown> {
  return {
    data: identities,
    meta: { ...META, pagination: { limit: 10, offset: 0, totalCount: identities.length }, filterableFields: ['name'] },
  };
}

describe('swagger helper (always runs)', () => {
  it('has a skip message that names the expected location', () => {
    expect(SWAGGER_SKIP_MESSAGE).toContain('openziti-edge-api');
  });
});

describeWithSwagger('OpenZiti swagger schema helper', () => {
  it.each(APIS)('compiles every definition of %s.yml', (api) => {
    const names = definitionNames(api);
    expect(names.length).toBeGreaterThan(100);
    const failures: string[] = [];
    for (const name of names) {
      try {
        schemaErrors(api, name, {});
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('throws for an unknown definition name', () => {
    expect(() => schemaErrors('client', 'noSuchEnvelope', {})).toThrow(/no definition named "noSuchEnvelope"/);
    expect(() => schemaErrors('management', 'toString', {})).toThrow(/no definition named/);
  });

  describe.each(APIS)('%s.yml envelopes', (api) => {
    it('apiErrorEnvelope: accepts a well-formed error, rejects a string error', () => {
      const valid = { error: { code: 'UNAUTHORIZED', message: 'not authorized', requestId: 'r-1' }, meta: META };
      expect(schemaErrors(api, 'apiErrorEnvelope', valid)).toEqual([]);
      expectSchema(api, 'apiErrorEnvelope', valid);

      expect(schemaErrors(api, 'apiErrorEnvelope', { error: 'x', meta: META })).toContain('/error must be object');
      expect(schemaErrors(api, 'apiErrorEnvelope', { error: valid.error })).toContain(
        "/ must have required property 'meta'",
      );
    });

    it('createEnvelope: accepts id + relative self link, rejects a link without href', () => {
      expectSchema(api, 'createEnvelope', { data: { id: 'abc', _links: { self: { href: './identities/abc' } } }, meta: {} });

      expect(
        schemaErrors(api, 'createEnvelope', { data: { id: 7, _links: { self: { method: 'GET' } } }, meta: {} }),
      ).toEqual(expect.arrayContaining(['/data/id must be string', "/data/_links/self must have required property 'href'"]));
    });

    it('empty: accepts {data: {}, meta: {}}, rejects a missing data', () => {
      expectSchema(api, 'empty', { data: {}, meta: {} });
      expect(schemaErrors(api, 'empty', { meta: {} })).toEqual(["/ must have required property 'data'"]);
    });

    it('listVersionEnvelope (GET / and GET /version)', () => {
      const version = {
        version: 'v0.1.0',
        revision: 'abc123',
        buildDate: '2024-05-01 12:00:00',
        runtimeVersion: 'node-v20.19.0',
        capabilities: [],
        apiVersions: {
          'edge-client': { v1: { path: '/edge/client/v1', apiBaseUrls: ['https://ctrl.example:1280/edge/client/v1'] } },
          'edge-management': { v1: { path: '/edge/management/v1' } },
        },
      };
      expectSchema(api, 'listVersionEnvelope', { data: version, meta: META });

      const broken = { ...version, apiVersions: { 'edge-client': { v1: { version: '1' } } }, capabilities: 'none' };
      expect(schemaErrors(api, 'listVersionEnvelope', { data: broken, meta: META })).toEqual(
        expect.arrayContaining([
          "/data/apiVersions/edge-client/v1 must have required property 'path'",
          '/data/capabilities must be array',
        ]),
      );
    });
  });

  describe('management.yml listIdentitiesEnvelope', () => {
    it('accepts a minimal identity with pagination', () => {
      expectSchema('management', 'listIdentitiesEnvelope', identityList([identityDetail()]));
      expectSchema('management', 'listIdentitiesEnvelope', identityList([]));
    });

    it('honours x-nullable (externalId, roleAttributes, tags, disabledAt) and nothing else', () => {
      const nullable = { ...identityDetail(), tags: null, disabledAt: null, externalId: null, roleAttributes: null };
      expectSchema('management', 'identityDetail', nullable);

      expect(schemaErrors('management', 'identityDetail', { ...identityDetail(), name: null })).toEqual([
        '/name must be string',
      ]);
    });

    it('names a removed required field', () => {
      const { isMfaEnabled: _removed, ...withoutMfa } = identityDetail();
      expect(schemaErrors('management', 'listIdentitiesEnvelope', identityList([withoutMfa]))).toEqual([
        "/data/0 must have required property 'isMfaEnabled'",
      ]);
    });

    it('requires all pagination fields and checks formats', () => {
      const body = identityList([{ ...identityDetail(), createdAt: 'yesterday', edgeRouterConnectionStatus: 'maybe' }]);
      (body.meta as { pagination: Record<string, unknown> }).pagination = { limit: 10, offset: 0 };
      expect(schemaErrors('management', 'listIdentitiesEnvelope', body)).toEqual(
        expect.arrayContaining([
          "/meta/pagination must have required property 'totalCount'",
          '/data/0/createdAt must match format "date-time"',
          '/data/0/edgeRouterConnectionStatus must be equal to one of the allowed values',
        ]),
      );
    });

    it('expectSchema fails with the readable messages', () => {
      const { name: _removed, ...nameless } = identityDetail();
      expect(() => expectSchema('management', 'identityDetail', nameless)).toThrow(
        /must have required property 'name'/,
      );
    });
  });

  it('does not enforce format: uuid (OpenZiti uses it for non-UUID tokens)', () => {
    expect(schemaErrors('client', 'nonceChallenge', { nonce: 'not-a-uuid', keyId: 'k' })).toEqual([]);
  });
});
