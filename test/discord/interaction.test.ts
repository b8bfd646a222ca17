/**
 * The hand-written check of an interaction must accept exactly what the schema accepts: it is
 * what every interaction goes through, and the schema is only asked why a payload is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interactionSchema, isInteraction, parseInteraction } from '../../src/discord/interaction.js';

type Json = Record<string, unknown>;

const common = {
  id: '1300000000001000001',
  application_id: '1300000000000000001',
  token: 'aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMTAwMDAwMTp0b2tlbg',
  version: 1,
  locale: 'en-US',
  entitlements: [],
};
const member = {
  user: {
    id: '1300000000000010001',
    username: 'member1',
    discriminator: '0',
    global_name: null,
    avatar: null,
  },
  roles: [],
  permissions: '3072',
};

/** Interactions as Discord sends them: one of each type the router handles, in a server and in a DM. */
const samples: Json[] = [
  { ...common, type: 1 },
  {
    ...common,
    type: 2,
    guild_id: '1300000000000000100',
    channel_id: '1300000000000000200',
    app_permissions: '52224',
    member,
    data: {
      id: '1300000000000000300',
      name: 'claim',
      type: 1,
      options: [
        { name: 'query', type: 3, value: 'inbox api' },
        { name: 'public', type: 5, value: true },
      ],
    },
  },
  {
    ...common,
    type: 2,
    channel_id: '1300000000000000201',
    user: member.user,
    data: { id: '1300000000000000301', name: 'about', type: 1 },
  },
  {
    ...common,
    type: 4,
    guild_id: '1300000000000000100',
    channel_id: '1300000000000000200',
    member,
    data: {
      id: '1300000000000000302',
      name: 'ask',
      type: 1,
      options: [
        { name: 'group', type: 2, options: [{ name: 'question', type: 3, value: 'dm', focused: true }] },
      ],
    },
  },
  {
    ...common,
    type: 3,
    guild_id: '1300000000000000100',
    channel_id: '1300000000000000200',
    member,
    data: { custom_id: 'pg:qc1:inbox api', component_type: 2 },
    message: { id: '1300000000000000900', channel_id: '1300000000000000200', flags: 64 },
  },
  { ...common, type: 5, user: member.user, data: { custom_id: 'modal', components: [] } },
];

/** Every path to a value in a sample, objects and arrays included. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Json)[key as string], [...prefix, key]))];
}

/** A deep copy of `sample` with the value at `path` replaced, or removed when `replacement` is the marker. */
function mutate(sample: Json, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(sample);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = parent[key as string] as Json;
  const last = path[path.length - 1] as string;
  if (replacement === REMOVE) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

const REMOVE = Symbol('remove');

/** Values at the edges of what each field allows. */
const edgeValues = fc.constantFrom<unknown>(
  REMOVE,
  undefined,
  null,
  '',
  'x',
  '0',
  '1'.repeat(20),
  '1'.repeat(21),
  '12a',
  ' 12',
  'a'.repeat(100),
  'a'.repeat(101),
  'a'.repeat(1000),
  'a'.repeat(1001),
  0,
  1,
  2,
  3,
  4,
  5,
  6,
  -1,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  {},
  [{}],
  [{ name: 'x', type: 3 }],
  [{ name: 'x', type: 1.5 }],
  { id: '1' },
  { id: 1 },
);

describe('GIVEN interactions and payloads that differ from them in one or more places', () => {
  it('THEN the hand-written check accepts exactly what the schema accepts', () => {
    for (const sample of samples) {
      expect(isInteraction(sample)).toBe(true);
      expect(interactionSchema().safeParse(sample).success).toBe(true);
    }
    const mutated = fc
      .tuple(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.oneof(edgeValues, fc.anything())), { minLength: 1, maxLength: 3 }),
      )
      .map(([sample, changes]) => {
        let current: unknown = sample;
        for (const [at, replacement] of changes) {
          if (typeof current !== 'object' || current === null || Array.isArray(current)) break;
          const all = paths(current);
          current = mutate(current as Json, all[at % all.length] as (string | number)[], replacement);
        }
        return current;
      });
    let refused = 0;
    fc.assert(
      fc.property(mutated, (raw) => {
        const schema = interactionSchema().safeParse(raw).success;
        expect(isInteraction(raw)).toBe(schema);
        if (!schema) refused++;
      }),
      { numRuns: 4_000 },
    );
    // The payloads must exercise refusals, not only acceptances.
    expect(refused).toBeGreaterThan(1_000);
  });

  it('THEN a refused payload is given the schema’s reason', () => {
    const raw = { ...samples[1], token: '' };
    expect(parseInteraction(raw)).toEqual({
      ok: false,
      reason: 'token: Too small: expected string to have >=1 characters',
    });
    expect(parseInteraction(samples[1])).toEqual({ ok: true, interaction: samples[1] });
  });
});
