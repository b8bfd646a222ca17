/**
 * Request-body validation against Discord's OpenAPI schemas with Ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1), reporting problems the way Discord words them.
 *
 * Two adaptations of the spec are made when it is loaded:
 * - `oneOf`/`anyOf` unions become an `x-union` keyword that validates the branch the value is meant
 *   for (chosen by JSON type, then by a `type` discriminator property, then by fewest problems) and
 *   reports only that branch's problems. Plain Ajv would report every branch's mismatch, burying the
 *   real problem under dozens of "must be equal to one of the allowed values".
 * - Where the documentation allows more than the spec (see {@link specCorrections}), the documentation
 *   wins, so the real discord.js is not refused for what Discord accepts.
 */
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FieldProblem } from './discord-errors.js';
import type { OpenApiDocument } from './spec.js';

const specId = 'discord-openapi';
const schemaRef = (name: string): string => `${specId}#/components/schemas/${name}`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Places where Discord's documentation (and Discord itself) accept more than the OpenAPI schema:
 * `default_member_permissions` is documented as a string bit set (discord.js sends `"8"`), while the
 * spec types it as an integer.
 */
export const specCorrections: Record<string, (schema: JsonObject) => JsonObject> = {
  default_member_permissions: (schema) => ({
    'x-union': [schema, { type: 'string', pattern: '^[0-9]+$' }],
  }),
};

/** Rewrites one schema node (recursively): unions to `x-union`, const-only unions to `enum`, refs to the loaded document. */
function adapt(node: Json, propertyName?: string): Json {
  if (Array.isArray(node)) return node.map((n) => adapt(n));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
      out[key] = `${specId}${value}`;
    } else if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, adapt(sub, name)]));
    } else if (key === 'x-discord-union' || key === 'discriminator') {
      // Annotations only; `x-union` below replaces the union semantics.
    } else {
      out[key] = adapt(value);
    }
  }
  for (const unionKey of ['oneOf', 'anyOf'] as const) {
    const branches = out[unionKey];
    if (!Array.isArray(branches)) continue;
    delete out[unionKey];
    if (branches.every((b) => isObject(b) && 'const' in b)) {
      out.enum = branches.map((b) => (isObject(b) ? (b.const ?? null) : null));
    } else {
      out['x-union'] = branches;
    }
  }
  const correction = propertyName === undefined ? undefined : specCorrections[propertyName];
  return correction ? correction(out) : out;
}

/** JSON types a schema admits, or null when it does not say. */
function declaredTypes(schema: JsonObject): Set<string> | null {
  const type = schema.type;
  if (typeof type === 'string') return new Set(type === 'integer' ? ['integer', 'number'] : [type]);
  if (Array.isArray(type)) {
    const types = new Set(type.filter((t): t is string => typeof t === 'string'));
    if (types.has('integer')) types.add('number');
    return types;
  }
  return null;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The values a branch's `type` property may take (its discriminator), when it declares them. */
function discriminatorValues(schema: JsonObject): Set<Json> | null {
  const properties = schema.properties;
  if (!isObject(properties)) return null;
  const type = properties.type;
  if (!isObject(type)) return null;
  if (Array.isArray(type.enum)) return new Set(type.enum);
  if ('const' in type) return new Set([type.const ?? null]);
  return null;
}

interface Branch {
  validate: ValidateFunction;
  types: Set<string> | null;
  discriminator: Set<Json> | null;
}

/** Turns one Ajv error into a Discord-worded field problem; `root` is the validated value. */
export function describeAjvError(error: ErrorObject, root: unknown): FieldProblem {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  // Ajv's own `error.data` is the value where the union keyword sat, not where the error is.
  const data = path.reduce<unknown>(
    (value, key) =>
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
    root,
  );
  switch (error.keyword) {
    case 'required':
      return {
        path: [...path, String(params.missingProperty)],
        code: 'BASE_TYPE_REQUIRED',
        message: 'This field is required',
      };
    case 'maxLength':
    case 'minLength':
    case 'maxItems':
    case 'minItems':
    case 'maxProperties':
    case 'minProperties': {
      const isString = error.keyword.endsWith('Length');
      const min =
        parent[isString ? 'minLength' : error.keyword.endsWith('Properties') ? 'minProperties' : 'minItems'];
      const max =
        parent[isString ? 'maxLength' : error.keyword.endsWith('Properties') ? 'maxProperties' : 'maxItems'];
      if (typeof min === 'number' && typeof max === 'number' && min > 0) {
        return {
          path,
          code: 'BASE_TYPE_BAD_LENGTH',
          message: `Must be between ${min} and ${max} in length.`,
        };
      }
      if (error.keyword.startsWith('max')) {
        return {
          path,
          code: 'BASE_TYPE_MAX_LENGTH',
          message: `Must be ${String(params.limit)} or fewer in length.`,
        };
      }
      return {
        path,
        code: 'BASE_TYPE_MIN_LENGTH',
        message: `Must be ${String(params.limit)} or more in length.`,
      };
    }
    case 'type': {
      const wanted = String(params.type);
      const shown = typeof data === 'string' ? data : JSON.stringify(data);
      if (wanted.includes('integer'))
        return { path, code: 'NUMBER_TYPE_COERCE', message: `Value "${shown}" is not int.` };
      if (wanted.includes('number'))
        return { path, code: 'NUMBER_TYPE_COERCE', message: `Value "${shown}" is not a number.` };
      if (wanted.includes('boolean'))
        return { path, code: 'BOOLEAN_TYPE_COERCE', message: `Value "${shown}" is not a boolean.` };
      if (wanted.includes('string'))
        return { path, code: 'BASE_TYPE_STRING', message: `Could not interpret "${shown}" as string.` };
      if (wanted.includes('array'))
        return { path, code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' };
      if (wanted.includes('object'))
        return { path, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' };
      return { path, code: 'BASE_TYPE_INVALID', message: `Must be ${wanted}.` };
    }
    case 'enum':
    case 'const': {
      const allowed = [...((params.allowedValues as unknown[] | undefined) ?? [params.allowedValue])].sort(
        (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : 0),
      );
      return {
        path,
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of {${allowed.map((v) => JSON.stringify(v)).join(', ')}}.`,
      };
    }
    case 'pattern':
      return { path, code: 'STRING_TYPE_REGEX', message: 'String value did not match validation regex.' };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        path,
        code: 'NUMBER_TYPE_MAX',
        message: `int value should be less than or equal to ${String(params.limit)}.`,
      };
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        path,
        code: 'NUMBER_TYPE_MIN',
        message: `int value should be greater than or equal to ${String(params.limit)}.`,
      };
    case 'format': {
      const format = String(params.format);
      if (format === 'uri') return { path, code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' };
      if (format === 'date-time')
        return {
          path,
          code: 'DATE_TYPE_PARSE',
          message: `Could not parse ${JSON.stringify(data)}. Should be ISO8601.`,
        };
      return { path, code: 'BASE_TYPE_INVALID', message: `Must be a valid ${format}.` };
    }
    case 'uniqueItems':
      return {
        path,
        code: 'SET_TYPE_ALREADY_CONTAINS_VALUE',
        message: 'The set already contains this value.',
      };
    case 'additionalProperties':
      return {
        path: [...path, String(params.additionalProperty)],
        code: 'BASE_TYPE_INVALID',
        message: 'Unknown field.',
      };
    default:
      return { path, code: 'BASE_TYPE_INVALID', message: error.message ?? 'Invalid value.' };
  }
}

/** Validates request bodies against the spec; compiles each operation's schema on first use. */
export class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly schemas: Record<string, Json>;

  constructor(private readonly spec: OpenApiDocument) {
    this.schemas = adapt(spec.components.schemas as Json) as Record<string, Json>;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true, validateSchema: false });
    addFormats.default(this.ajv);
    this.ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
    this.ajv.addFormat('nonce', true);
    this.addUnionKeyword();
    this.ajv.addSchema({ $id: specId, components: { schemas: this.schemas } } as AnySchemaObject);
  }

  /** Validates an operation's request body (the `application/json` schema). Empty list: valid. */
  validateRequestBody(method: string, template: string, body: unknown): FieldProblem[] {
    const key = `${method} ${template}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const item = this.spec.paths[template]?.[method.toLowerCase()] as
        | { requestBody?: { content?: Record<string, { schema?: Json }> } }
        | undefined;
      const schema = item?.requestBody?.content?.['application/json']?.schema;
      if (schema === undefined) return [];
      validate = this.ajv.compile(adapt(schema) as AnySchemaObject);
      this.compiled.set(key, validate);
    }
    return validate(body) ? [] : this.problems(validate.errors ?? [], body);
  }

  /** Validates a value against a named component schema, e.g. `InteractionCallbackResponse`. */
  validateSchema(name: string, value: unknown): FieldProblem[] {
    let validate = this.compiled.get(name);
    if (!validate) {
      validate = this.ajv.compile({ $ref: schemaRef(name) });
      this.compiled.set(name, validate);
    }
    return validate(value) ? [] : this.problems(validate.errors ?? [], value);
  }

  private problems(errors: ErrorObject[], root: unknown): FieldProblem[] {
    return errors.filter((e) => e.keyword !== 'x-union').map((e) => describeAjvError(e, root));
  }

  private addUnionKeyword(): void {
    const ajv = this.ajv;
    const resolve = (schema: Json): JsonObject => {
      let current = schema;
      for (let depth = 0; depth < 10 && isObject(current) && typeof current.$ref === 'string'; depth++) {
        const name = current.$ref.split('/').pop() ?? '';
        current = this.schemas[name] ?? {};
      }
      return isObject(current) ? current : {};
    };
    ajv.addKeyword({
      keyword: 'x-union',
      schemaType: 'array',
      errors: true,
      compile(schemaBranches: Json[]) {
        let branches: Branch[] | undefined;
        const validateUnion = (data: unknown, cxt?: { instancePath?: string }): boolean => {
          validateUnion.errors = [];
          branches ??= schemaBranches.map((b) => {
            const target = resolve(b);
            return {
              validate: ajv.compile(b as AnySchemaObject),
              types: declaredTypes(target),
              discriminator: discriminatorValues(target),
            };
          });
          const prefix = cxt?.instancePath ?? '';
          const actual = jsonTypeOf(data);
          let candidates = branches.filter((b) => !b.types || b.types.has(actual));
          if (candidates.length === 0) {
            const wanted = [...new Set(branches.flatMap((b) => [...(b.types ?? [])]))];
            validateUnion.errors = [unionError(prefix, 'type', { type: wanted.join(',') }, data)];
            return false;
          }
          if (isObject(data) && 'type' in data) {
            const keyed = candidates.filter((b) => b.discriminator);
            if (keyed.length > 0) {
              const matching = candidates.filter(
                (b) => !b.discriminator || b.discriminator.has(data.type ?? null),
              );
              if (matching.length === 0) {
                const allowed = [...new Set(keyed.flatMap((b) => [...(b.discriminator ?? [])]))];
                validateUnion.errors = [
                  unionError(`${prefix}/type`, 'enum', { allowedValues: allowed }, data.type),
                ];
                return false;
              }
              candidates = matching;
            }
          }
          let best: ErrorObject[] | null = null;
          for (const branch of candidates) {
            if (branch.validate(data)) return true;
            const errors = branch.validate.errors ?? [];
            if (!best || errors.length < best.length) best = errors;
          }
          validateUnion.errors = (best ?? []).map((e) => ({ ...e, instancePath: prefix + e.instancePath }));
          return false;
        };
        validateUnion.errors = [] as Partial<ErrorObject>[];
        return validateUnion;
      },
    });
  }
}

function unionError(
  instancePath: string,
  keyword: string,
  params: Record<string, unknown>,
  data: unknown,
): ErrorObject {
  return { instancePath, keyword, params, schemaPath: '#/x-union', data, parentSchema: {} } as ErrorObject;
}
