/**
 * Request-body validation against Discord's own schemas: the zod-mini schemas of
 * `discord-api-spec/zod`, generated from Discord's OpenAPI document. Problems are reported the way
 * Discord words them (`BASE_TYPE_MAX_LENGTH`, "Must be 2000 or fewer in length.", ...).
 *
 * Four adaptations are made:
 * - Every object is made strict, since Discord refuses fields it does not know. The package's own
 *   switch (`setStrictObject`) only changes objects built after it is called, and its schemas are
 *   all built when the module loads, so the schemas are copied here with strict objects instead.
 * - A union that fails reports only the branch the value was meant for (chosen by JSON type, then
 *   by its `type` field, then by fewest problems), not every branch's mismatch.
 * - Where the documentation allows more than the schema (see {@link specCorrections}), the
 *   documentation wins, so the real discord.js is not refused for what Discord accepts.
 * - The message fields discord.js sends everywhere are accepted where the schema leaves them out
 *   (see {@link acceptedFields}).
 */
import * as spec from 'discord-api-spec/zod';
import * as z from 'zod/mini';
import type { $ZodIssue, $ZodRawIssue } from 'zod/v4/core';
import type { FieldProblem } from './discord-errors.js';
import { emulatedOperations, type RequestBodyName } from './spec.js';

type Schema = z.ZodMiniType;
type Path = (string | number)[];

/** The parts of a zod schema's definition that hold other schemas. */
interface Definition {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  options?: readonly Schema[];
  innerType?: Schema;
  getter?: () => Schema;
  valueType?: Schema;
  left?: Schema;
  right?: Schema;
  format?: string;
  checks?: readonly { _zod: { def: { check: string; minimum?: number; maximum?: number } } }[];
}

const definitionOf = (schema: Schema): Definition => schema._zod.def as unknown as Definition;
const clone = (schema: Schema, definition: Definition): Schema =>
  schema.clone(definition as unknown as Schema['_zod']['def']);

/**
 * Places where Discord's documentation (and Discord itself) accept more than the schema:
 * `default_member_permissions` is documented as a string bit set (discord.js sends `"8"`), while the
 * schema types it as a number.
 */
export const specCorrections: Record<string, (schema: Schema) => Schema> = {
  default_member_permissions: (schema) => z.union([schema, z.string().check(z.regex(/^[0-9]+$/))]),
};

/**
 * Fields Discord accepts beyond the schema, by schema name: discord.js sends `tts` and
 * `enforce_nonce` with every message body, and the schema lists them for channel messages only.
 */
export const acceptedFields: Record<string, Record<string, Schema>> = Object.fromEntries(
  [
    'IncomingWebhookInteractionRequest',
    'IncomingWebhookUpdateForInteractionCallbackRequestPartial',
    'IncomingWebhookUpdateRequestPartial',
    'IncomingWebhookRequestPartial',
    'MessageEditRequestPartial',
  ].map((name) => [name, { tts: z.nullish(z.boolean()), enforce_nonce: z.nullish(z.boolean()) }]),
);

/** The name each exported schema has in Discord's document (`RichEmbed` for `RichEmbedSchema`). */
const schemaNames = new Map<unknown, string>(
  Object.entries(spec)
    .filter(([key]) => key.endsWith('Schema'))
    .map(([key, schema]) => [schema, key.slice(0, -'Schema'.length)]),
);

const strictCopies = new WeakMap<Schema, Schema>();

/** A copy of `schema` whose objects refuse unknown fields, with {@link specCorrections} applied. */
export function strict(schema: Schema): Schema {
  const known = strictCopies.get(schema);
  if (known) return known;
  const def = definitionOf(schema);
  let copy: Schema;
  switch (def.type) {
    case 'object': {
      const accepted = acceptedFields[schemaNames.get(schema) ?? ''] ?? {};
      const shape = Object.fromEntries(
        Object.entries({ ...accepted, ...def.shape }).map(([key, field]) => {
          const correction = specCorrections[key];
          return [key, correction ? correction(strict(field)) : strict(field)];
        }),
      );
      copy = clone(schema, { ...def, shape, catchall: z.never() } as Definition);
      break;
    }
    case 'array':
      copy = clone(schema, { ...def, element: strict(def.element as Schema) });
      break;
    case 'union':
      copy = clone(schema, { ...def, options: (def.options ?? []).map(strict) });
      break;
    case 'optional':
    case 'nullable':
      copy = clone(schema, { ...def, innerType: strict(def.innerType as Schema) });
      break;
    case 'lazy': {
      const getter = def.getter as () => Schema;
      copy = clone(schema, { ...def, getter: () => strict(getter()) });
      break;
    }
    case 'record':
      copy = clone(schema, { ...def, valueType: strict(def.valueType as Schema) });
      break;
    case 'intersection':
      copy = clone(schema, { ...def, left: strict(def.left as Schema), right: strict(def.right as Schema) });
      break;
    default:
      copy = schema;
  }
  strictCopies.set(schema, copy);
  return copy;
}

/** The body schema of each emulated route that takes one, as Discord's OpenAPI document defines it. */
const requestBodies: Record<RequestBodyName, () => Schema> = {
  InteractionCallback: () =>
    z.union([
      spec.ApplicationCommandAutocompleteCallbackRequestSchema,
      spec.CreateMessageInteractionCallbackRequestSchema,
      spec.LaunchActivityInteractionCallbackRequestSchema,
      spec.ModalInteractionCallbackRequestSchema,
      spec.PongInteractionCallbackRequestSchema,
      spec.SocialLayerSKUPurchaseEligibilityInteractionCallbackRequestSchema,
      spec.UpdateMessageInteractionCallbackRequestSchema,
    ]),
  ExecuteWebhook: () =>
    z.union([spec.IncomingWebhookRequestPartialSchema, spec.IncomingWebhookUpdateRequestPartialSchema]),
  WebhookMessageEdit: () => spec.IncomingWebhookUpdateRequestPartialSchema,
  MessageCreate: () => spec.MessageCreateRequestSchema,
  MessageEdit: () => spec.MessageEditRequestPartialSchema,
  ApplicationCommandList: () => z.nullable(z.array(spec.ApplicationCommandUpdateRequestSchema)),
  ApplicationCommandCreate: () => spec.ApplicationCommandCreateRequestSchema,
};

// ---- Discord's words for a problem ------------------------------------------------------------

type Words = Pick<FieldProblem, 'code' | 'message'>;

const required: Words = { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function choices(values: readonly unknown[]): Words {
  const allowed = [...values].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : 0));
  return {
    code: 'BASE_TYPE_CHOICES',
    message: `Value must be one of {${allowed.map((v) => JSON.stringify(v)).join(', ')}}.`,
  };
}

/** The length bounds a string or list schema declares, for "Must be between 1 and 32 in length." */
function lengthBounds(schema: Schema | undefined): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  for (const check of schema ? (definitionOf(schema).checks ?? []) : []) {
    const { check: kind, minimum, maximum } = check._zod.def;
    if (kind === 'min_length' && minimum !== undefined) bounds.min = minimum;
    if (kind === 'max_length' && maximum !== undefined) bounds.max = maximum;
  }
  return bounds;
}

function isInteger(schema: Schema | undefined): boolean {
  const format = schema ? definitionOf(schema).format : undefined;
  return format !== undefined && /int/.test(format);
}

/** Discord's code and message for one zod issue (unions and unknown fields are worded by {@link problemsOf}). */
function discordWords(issue: $ZodRawIssue): Words {
  const raw = issue as $ZodRawIssue & { schema?: Schema; inst?: Schema };
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return required;
      const value = shown(issue.input);
      if (issue.expected === 'int' || (issue.expected === 'number' && isInteger(raw.inst)))
        return { code: 'NUMBER_TYPE_COERCE', message: `Value "${value}" is not int.` };
      switch (issue.expected) {
        case 'number':
          return { code: 'NUMBER_TYPE_COERCE', message: `Value "${value}" is not a number.` };
        case 'boolean':
          return { code: 'BOOLEAN_TYPE_COERCE', message: `Value "${value}" is not a boolean.` };
        case 'string':
          return { code: 'BASE_TYPE_STRING', message: `Could not interpret "${value}" as string.` };
        case 'array':
          return { code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' };
        case 'object':
          return { code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' };
        default:
          return { code: 'BASE_TYPE_INVALID', message: `Must be ${issue.expected}.` };
      }
    }
    case 'invalid_value':
      return choices(issue.values);
    case 'too_big':
    case 'too_small': {
      if (issue.origin === 'number' || issue.origin === 'bigint' || issue.origin === 'int') {
        return issue.code === 'too_big'
          ? {
              code: 'NUMBER_TYPE_MAX',
              message: `int value should be less than or equal to ${String(issue.maximum)}.`,
            }
          : {
              code: 'NUMBER_TYPE_MIN',
              message: `int value should be greater than or equal to ${String(issue.minimum)}.`,
            };
      }
      const { min, max } = lengthBounds(raw.schema);
      if (min !== undefined && min > 0 && max !== undefined)
        return { code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` };
      return issue.code === 'too_big'
        ? { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(issue.maximum)} or fewer in length.` }
        : { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(issue.minimum)} or more in length.` };
    }
    case 'invalid_format':
      if (issue.format === 'url') return { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' };
      if (issue.format === 'datetime')
        return {
          code: 'DATE_TYPE_PARSE',
          message: `Could not parse ${shown(issue.input)}. Should be ISO8601.`,
        };
      if (issue.format === 'regex')
        return { code: 'STRING_TYPE_REGEX', message: 'String value did not match validation regex.' };
      return { code: 'BASE_TYPE_INVALID', message: `Must be a valid ${issue.format}.` };
    default:
      return { code: 'BASE_TYPE_INVALID', message: 'Invalid value.' };
  }
}

/** Carries Discord's words through zod's issue messages. */
const wordsInMessage = (issue: $ZodRawIssue): string => JSON.stringify(discordWords(issue));

// ---- from zod's issues to Discord's problems ---------------------------------------------------

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const isTypeMismatch = (issues: readonly $ZodIssue[]): boolean =>
  issues.length === 1 && issues[0]?.code === 'invalid_type' && issues[0].path.length === 0;

const typeFieldIssue = (issues: readonly $ZodIssue[]): $ZodIssue | undefined =>
  issues.find((issue) => issue.path.length === 1 && issue.path[0] === 'type');

/** The problems of the union branch `value` was meant for. */
function unionProblems(branches: readonly $ZodIssue[][], path: Path, root: unknown): FieldProblem[] {
  const value = valueAt(root, path);
  let candidates = branches.filter((issues) => !isTypeMismatch(issues));
  if (candidates.length === 0) {
    // The value's JSON type fits no branch: say what it should have been, preferring a real type to null.
    const expected =
      branches.find(
        (issues) => !['undefined', 'null'].includes(String((issues[0] as { expected?: string }).expected)),
      ) ??
      branches[0] ??
      [];
    return problemsOf(expected, path, root);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'type' in value) {
    const meant = candidates.filter((issues) => !typeFieldIssue(issues));
    if (meant.length === 0) {
      const allowed = new Set<unknown>();
      for (const issues of candidates) {
        const issue = typeFieldIssue(issues);
        if (issue?.code === 'invalid_value') for (const v of issue.values) allowed.add(v);
      }
      return [{ path: [...path, 'type'], ...choices([...allowed]) }];
    }
    candidates = meant;
  }
  const best = candidates.reduce((a, b) => (b.length < a.length ? b : a));
  return problemsOf(best, path, root);
}

/** Discord's problems for zod's issues found at `at` in `root`. */
function problemsOf(issues: readonly $ZodIssue[], at: Path, root: unknown): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const path = [...at, ...(issue.path as Path)];
    switch (issue.code) {
      case 'invalid_union':
        return unionProblems(issue.errors, path, root);
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({
          path: [...path, key],
          code: 'BASE_TYPE_INVALID',
          message: 'Unknown field.',
        }));
      default:
        return [{ path, ...(JSON.parse(issue.message) as Words) }];
    }
  });
}

/** Validates request bodies against Discord's schemas; each schema is made strict on first use. */
export class SpecValidator {
  private readonly compiled = new Map<string, Schema>();

  /** Validates an emulated operation's request body. Empty list: valid (or the route takes no body). */
  validateRequestBody(method: string, template: string, body: unknown): FieldProblem[] {
    const operation = emulatedOperations.find(
      (candidate) => candidate.method === method.toUpperCase() && candidate.template === template,
    );
    if (!operation?.body) return [];
    const name = operation.body;
    return this.check(`body ${name}`, () => requestBodies[name](), body);
  }

  /** Validates a value against one of Discord's component schemas, e.g. `InteractionCallbackResponse`. */
  validateSchema(name: string, value: unknown): FieldProblem[] {
    const schema = (spec as unknown as Record<string, Schema | undefined>)[`${name}Schema`];
    if (!schema) throw new Error(`Discord's API has no schema named ${name}`);
    return this.check(name, () => schema, value);
  }

  private check(key: string, schema: () => Schema, value: unknown): FieldProblem[] {
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = strict(schema());
      this.compiled.set(key, compiled);
    }
    const result = compiled.safeParse(value, { error: wordsInMessage });
    return result.success ? [] : problemsOf(result.error.issues, [], value);
  }
}
