/**
 * Assertions on the edge-API envelopes, shared by the e2e suites. `api` picks the swagger document the body
 * is checked against; it defaults to the Management API, which most suites exercise.
 */
import type { HttpResponse } from './https-client';
import { type EdgeApi, expectSchema, swaggerAvailable } from './swagger';

/**
 * The body conforms to the swagger definition. Suites declared with `describeWithSwagger` only run when
 * the documents are present; the check is skipped only for plain `describe` suites run without them.
 */
export function expectBodySchema(definition: string, res: HttpResponse, api: EdgeApi = 'management'): void {
  if (swaggerAvailable()) expectSchema(api, definition, res.body);
}

/** An `apiErrorEnvelope` with this status and error code and, when `field` is given, that `cause.field`. */
export function expectError(res: HttpResponse, status: number, code: string, field?: string, api: EdgeApi = 'management'): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  if (field !== undefined) expect(res.body.error.cause?.field).toBe(field);
  expectBodySchema('apiErrorEnvelope', res, api);
}

/** The swagger `empty` envelope with 200: `{ data: {}, meta: {} }`, nothing more. */
export function expectEmpty(res: HttpResponse, api: EdgeApi = 'management'): void {
  expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { data: {}, meta: {} } });
  expectBodySchema('empty', res, api);
}

/** The same assertions bound to one API, for suites that run one case on the Client and Management APIs. */
export function onApi(api: EdgeApi) {
  return {
    expectError: (res: HttpResponse, status: number, code: string, field?: string) => expectError(res, status, code, field, api),
    expectEmpty: (res: HttpResponse) => expectEmpty(res, api),
  };
}
