/**
 * Validates JSON bodies against the `definitions` of OpenZiti's Swagger 2.0 documents
 * (Edge Client API = client.yml, Edge Management API = management.yml).
 *
 * The documents are reference data kept outside the repository, in `<shared>/openziti-edge-api/`,
 * where `<shared>` is $ZTC_SHARED_DIR or else `../shared` relative to the working directory
 * (Jest runs from the repository root). They are never copied into the repository; when they are
 * missing, suites declared with `describeWithSwagger` are skipped with a visible warning.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type EdgeApi = 'client' | 'management';

type SchemaNode = Record<string, unknown>;

const SWAGGER_DIR = path.resolve(
  process.env.ZTC_SHARED_DIR ?? path.join(process.cwd(), '..', 'shared'),
  'openziti-edge-api',
);

const swaggerFile = (api: EdgeApi): string => path.join(SWAGGER_DIR, `${api}.yml`);

export const SWAGGER_SKIP_MESSAGE =
  `OpenZiti swagger documents not found at ${SWAGGER_DIR}: schema checks skipped ` +
  '(set ZTC_SHARED_DIR to the directory that contains openziti-edge-api/)';

export function swaggerAvailable(): boolean {
  try {
    accessSync(swaggerFile('client'), constants.R_OK);
    accessSync(swaggerFile('management'), constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

let skipWarned = false;

/** `describe` when the documents are present, otherwise `describe.skip` plus one console warning. */
export function describeWithSwagger(name: string, fn: () => void): void {
  if (swaggerAvailable()) {
    describe(name, fn);
    return;
  }
  if (!skipWarned) {
    skipWarned = true;
    console.warn(SWAGGER_SKIP_MESSAGE);
  }
  describe.skip(name, fn);
}

// ---------------------------------------------------------------------------------------------
// Swagger 2.0 schema object -> JSON Schema (draft-07, Ajv's default)

const isNode = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Swagger/OpenZiti annotations that have no validation meaning for us. `x-*` is dropped as well. */
const DROPPED_KEYWORDS = new Set(['example', 'discriminator', 'readOnly', 'title', 'externalDocs', 'xml']);

/** Keywords whose value is a map of name -> schema. */
const SCHEMA_MAPS = new Set(['properties', 'definitions', 'patternProperties']);
/** Keywords whose value is one schema (or a boolean, e.g. `additionalProperties: true`). */
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not']);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

function toJsonSchema(node: unknown): unknown {
  if (!isNode(node)) return node;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || DROPPED_KEYWORDS.has(key)) continue;
    if (key === 'type' && value === 'file') continue; // Swagger-only type (multipart upload): accept anything
    if (SCHEMA_MAPS.has(key) && isNode(value)) {
      out[key] = convertMap(value);
    } else if (SCHEMA_VALUES.has(key)) {
      // management.yml has `controllerSettingsList: {type: array, items: null}`: no item schema.
      if (value !== null) out[key] = toJsonSchema(value);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(toJsonSchema);
    } else {
      out[key] = value; // type, format, required, enum, min/max..., description, $ref
    }
  }
  return node['x-nullable'] === true || node['x-isnullable'] === true ? allowNull(out) : out;
}

const convertMap = (schemas: SchemaNode): SchemaNode =>
  Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema(schema)]));

/** go-swagger's `x-nullable`: the value may also be JSON null. */
function allowNull(schema: SchemaNode): SchemaNode {
  // A plain `type: <t>` (no $ref, which would override siblings in Swagger) becomes `[<t>, 'null']`
  // so error messages stay short; everything else ($ref, allOf, no type) is wrapped in anyOf.
  if (typeof schema.type === 'string' && schema.$ref === undefined) {
    const widened: SchemaNode = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null];
    return widened;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

// ---------------------------------------------------------------------------------------------
// Ajv, one instance per API, built on first use (management.yml is ~27k lines)

interface CompiledApi {
  ajv: Ajv;
  schemaId: string;
  definitions: SchemaNode;
}

const compiled = new Map<EdgeApi, CompiledApi>();

function loadApi(api: EdgeApi): CompiledApi {
  const cached = compiled.get(api);
  if (cached) return cached;

  const doc = load(readFileSync(swaggerFile(api), 'utf8'));
  if (!isNode(doc) || !isNode(doc.definitions)) {
    throw new Error(`${swaggerFile(api)} has no "definitions" section`);
  }
  const definitions = doc.definitions;
  const schemaId = `openziti-edge-${api}.json`;

  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    // With strict off Ajv only *warns* about things it cannot check (e.g. an unknown format);
    // make that fail loudly instead of silently validating less than the document says.
    logger: {
      log: () => undefined,
      warn: (...args: unknown[]) => {
        throw new Error(`Ajv warning for ${api}.yml: ${args.join(' ')}`);
      },
      error: (...args: unknown[]) => {
        throw new Error(`Ajv error for ${api}.yml: ${args.join(' ')}`);
      },
    },
  });
  addFormats(ajv); // date-time, uri, url, byte, int32, int64, ...
  // OpenZiti declares `format: uuid` on values that are ids/tokens of its own choosing
  // (management caDetail.verificationToken, client nonceChallenge.nonce) and not necessarily UUIDs:
  // treat it as a plain string rather than reject compatible responses.
  ajv.addFormat('uuid', true);
  // Links are relative references ("./identities/abc") although declared `format: uri`:
  // accept any string that parses as a URI reference.
  ajv.addFormat('uri', (value: string) => URL.canParse(value, 'http://relative.invalid/'));

  const converted = convertMap(definitions) as Record<string, SchemaNode>;
  // `subTags` says its values are objects, but its own description (and every OpenZiti client) uses
  // string, boolean or null values; validate what the description says.
  if (isNode(converted.subTags)) converted.subTags = { type: 'object', additionalProperties: { type: ['string', 'boolean', 'number', 'null'] } };
  ajv.addSchema({ $id: schemaId, definitions: converted });
  const entry = { ajv, schemaId, definitions };
  compiled.set(api, entry);
  return entry;
}

function validatorFor(api: EdgeApi, definition: string): ValidateFunction {
  const { ajv, schemaId, definitions } = loadApi(api);
  if (!Object.hasOwn(definitions, definition)) {
    throw new Error(`${api}.yml has no definition named "${definition}"`);
  }
  const validate = ajv.getSchema(`${schemaId}#/definitions/${definition}`);
  if (!validate) throw new Error(`Ajv could not resolve ${api}.yml definition "${definition}"`);
  return validate;
}

const describeError = (error: ErrorObject): string => `${error.instancePath || '/'} ${error.message ?? error.keyword}`;

/** Names of all definitions in one document (for exhaustive compile checks). */
export function definitionNames(api: EdgeApi): string[] {
  return Object.keys(loadApi(api).definitions);
}

/** `[]` when `body` is valid against `#/definitions/<definition>`, otherwise one line per problem. */
export function schemaErrors(api: EdgeApi, definition: string, body: unknown): string[] {
  const validate = validatorFor(api, definition);
  if (validate(body)) return [];
  // allOf branches that share a property (e.g. apiErrorCause) can report the same problem twice.
  return [...new Set((validate.errors ?? []).map(describeError))];
}

/** Jest assertion: `body` conforms to the definition; the failure lists every violation. */
export function expectSchema(api: EdgeApi, definition: string, body: unknown): void {
  const label = `${api}.yml#/definitions/${definition}`;
  expect({ [label]: schemaErrors(api, definition, body) }).toEqual({ [label]: [] });
}
