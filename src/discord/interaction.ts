/**
 * A raw interaction is checked before it is routed: the fields the router reads must be
 * there and of the right type. Anything else is refused, not half-answered.
 */
import type { APIInteraction } from 'discord-api-types/v10';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{1,20}$/);
const user = z.looseObject({ id: snowflake });
const option: z.ZodType = z.lazy(() =>
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

const interactionSchema = z.discriminatedUnion('type', [
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

/** The interaction, or the reason it is refused. */
export function parseInteraction(
  raw: unknown,
): { ok: true; interaction: APIInteraction } | { ok: false; reason: string } {
  const result = interactionSchema.safeParse(raw);
  if (result.success) return { ok: true, interaction: result.data as unknown as APIInteraction };
  const issue = result.error.issues[0];
  return {
    ok: false,
    reason: issue ? `${issue.path.join('.') || 'interaction'}: ${issue.message}` : 'not an interaction',
  };
}

const identity = z.looseObject({
  id: snowflake,
  application_id: snowflake,
  token: z.string().min(1).max(1000),
  type: z.number().int(),
});

/**
 * Which interaction a refused payload is, when it says so well enough to be answered: a
 * malformed interaction still deserves a reply, not silence.
 */
export function identifyInteraction(
  raw: unknown,
): { id: string; application_id: string; token: string; type: number } | null {
  const result = identity.safeParse(raw);
  if (!result.success) return null;
  const { id, application_id, token, type } = result.data;
  return { id, application_id, token, type };
}
