/**
 * A raw interaction is checked before it is routed: the fields the router reads must be
 * there and of the right type. Anything else is refused, not half-answered.
 *
 * Every interaction goes through a hand-written check of those fields ({@link isInteraction}),
 * a few property reads. Only what it refuses goes through the zod schema below, which is the
 * definition of what is accepted and says why a payload is refused; a test holds the two to
 * the same answers.
 */
import { createRequire } from 'node:module';
import type { APIInteraction } from 'discord-api-types/v10';
import type { ZodType } from 'zod';

/**
 * The schemas, built the first time a payload is refused (most processes never refuse one). zod
 * itself is loaded then, from the installed package, so a start never evaluates it.
 */
const schemas = once(() => {
  const z = createRequire(import.meta.url)('zod') as typeof import('zod');
  const snowflake = z.string().regex(/^\d{1,20}$/);
  const user = z.looseObject({ id: snowflake });
  const option: ZodType = z.lazy(() =>
    z.looseObject({ name: z.string(), type: z.number().int(), options: z.array(option).optional() }),
  );

  const base = {
    id: snowflake,
    application_id: snowflake,
    token: z.string().min(1).max(1000),
    version: z.literal(1).optional(),
    guild_id: snowflake.optional(),
    channel_id: snowflake.optional(),
    member: z.looseObject({ user, permissions: z.string().optional() }).optional(),
    user: user.optional(),
    app_permissions: z.string().optional(),
  };

  /** What an interaction must be; {@link isInteraction} is the same check by hand. */
  const interaction = z.discriminatedUnion('type', [
    z.looseObject({ ...base, type: z.literal(1) }),
    z.looseObject({
      ...base,
      type: z.union([z.literal(2), z.literal(4)]),
      data: z.looseObject({
        name: z.string().min(1),
        type: z.number().int(),
        options: z.array(option).optional(),
      }),
    }),
    z.looseObject({
      ...base,
      type: z.literal(3),
      data: z.looseObject({ custom_id: z.string().max(100), component_type: z.number().int() }),
      message: z.looseObject({ id: snowflake, channel_id: snowflake }),
    }),
    z.looseObject({ ...base, type: z.literal(5), data: z.looseObject({ custom_id: z.string() }) }),
  ]);

  const identity = z.looseObject({
    id: snowflake,
    application_id: snowflake,
    token: z.string().min(1).max(1000),
    type: z.number().int(),
  });
  return { interaction, identity };
});

function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

/** What an interaction must be; {@link isInteraction} is the same check by hand. */
export function interactionSchema() {
  return schemas().interaction;
}

type Fields = Record<string, unknown>;

const SNOWFLAKE = /^\d{1,20}$/;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSnowflake(value: unknown): boolean {
  return typeof value === 'string' && SNOWFLAKE.test(value);
}

/** zod's `.int()`: a safe integer. */
function isInt(value: unknown): boolean {
  return Number.isSafeInteger(value);
}

function isUser(value: unknown): boolean {
  return isFields(value) && isSnowflake(value.id);
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function areOptions(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (const entry of value) {
    if (
      !isFields(entry) ||
      typeof entry.name !== 'string' ||
      !isInt(entry.type) ||
      !areOptions(entry.options)
    )
      return false;
  }
  return true;
}

function hasBase(raw: Fields): boolean {
  const { token, member } = raw;
  return (
    isSnowflake(raw.id) &&
    isSnowflake(raw.application_id) &&
    typeof token === 'string' &&
    token.length >= 1 &&
    token.length <= 1000 &&
    (raw.version === undefined || raw.version === 1) &&
    (raw.guild_id === undefined || isSnowflake(raw.guild_id)) &&
    (raw.channel_id === undefined || isSnowflake(raw.channel_id)) &&
    (member === undefined ||
      (isFields(member) && isUser(member.user) && optionalString(member.permissions))) &&
    (raw.user === undefined || isUser(raw.user)) &&
    optionalString(raw.app_permissions)
  );
}

/** The check of {@link interactionSchema}, by hand: true exactly when the schema accepts `raw`. */
export function isInteraction(raw: unknown): raw is APIInteraction {
  if (!isFields(raw) || !hasBase(raw)) return false;
  const { data } = raw;
  switch (raw.type) {
    case 1:
      return true;
    case 2:
    case 4:
      return (
        isFields(data) &&
        typeof data.name === 'string' &&
        data.name.length >= 1 &&
        isInt(data.type) &&
        areOptions(data.options)
      );
    case 3: {
      const { message } = raw;
      return (
        isFields(data) &&
        typeof data.custom_id === 'string' &&
        data.custom_id.length <= 100 &&
        isInt(data.component_type) &&
        isFields(message) &&
        isSnowflake(message.id) &&
        isSnowflake(message.channel_id)
      );
    }
    case 5:
      return isFields(data) && typeof data.custom_id === 'string';
    default:
      return false;
  }
}

/** The interaction, or the reason it is refused. */
export function parseInteraction(
  raw: unknown,
): { ok: true; interaction: APIInteraction } | { ok: false; reason: string } {
  if (isInteraction(raw)) return { ok: true, interaction: raw };
  const result = schemas().interaction.safeParse(raw);
  if (result.success) return { ok: true, interaction: result.data as unknown as APIInteraction };
  const issue = result.error.issues[0];
  return {
    ok: false,
    reason: issue ? `${issue.path.join('.') || 'interaction'}: ${issue.message}` : 'not an interaction',
  };
}

/**
 * Which interaction a refused payload is, when it says so well enough to be answered: a
 * malformed interaction still deserves a reply, not silence.
 */
export function identifyInteraction(
  raw: unknown,
): { id: string; application_id: string; token: string; type: number } | null {
  const result = schemas().identity.safeParse(raw);
  if (!result.success) return null;
  const { id, application_id, token, type } = result.data;
  return { id, application_id, token, type };
}
