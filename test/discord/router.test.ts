/**
 * The router in process: raw interactions in, callback bodies out, with the real commands and
 * pack. Interactions are built by the emulator's payload builders, as Discord sends them.
 */
import type { APIInteraction, APIInteractionResponse, APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { type RouterDeps, routeInteraction } from '../../src/discord/router.js';
import { createLogger } from '../../src/log.js';
import { defaultPackDir } from '../../src/paths.js';
import { type Emulator, startEmulator } from '../emulator/index.js';

let context: AnswerContext;
let emulator: Emulator;

beforeAll(async () => {
  const opened = await openContext(defaultPackDir);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

function deps(canPin: boolean, pins: string[] = []): RouterDeps {
  return {
    commands,
    answers: () => context,
    factCheckChannels: new Set(),
    cooldown: new Cooldown(0),
    log: createLogger({ level: 'silent' }),
    actions: {
      canPin,
      async pin(channelId, messageId) {
        pins.push(`${channelId}/${messageId}`);
        return 'pinned';
      },
    },
  };
}

type Data = Extract<APIInteractionResponse, { type: 4 }>['data'];

function labels(response: APIInteractionResponse): string[] {
  const data = (response as { data?: Data }).data;
  return (data?.components ?? []).flatMap((row) =>
    'components' in row ? row.components.map((c) => ('label' in c ? (c.label ?? '') : '')) : [],
  );
}

describe('GIVEN a process with no bot token (HTTP mode without DISCORD_TOKEN)', () => {
  it('THEN public answers offer no Pin button, and an old Pin button says pinning is unavailable', async () => {
    const pins: string[] = [];
    const publicAnswer = await routeInteraction(
      emulator.payloads.chatInput('claim', { query: 'titan api', public: true }) as APIInteraction,
      deps(false, pins),
    );
    expect(labels(publicAnswer)).not.toContain('Pin');
    const withToken = await routeInteraction(
      emulator.payloads.chatInput('claim', { query: 'titan api', public: true }) as APIInteraction,
      deps(true),
    );
    expect(labels(withToken)).toContain('Pin');
    const message: APIMessage = {
      ...emulator.payloads.userMessage(emulator.guilds[0]?.textChannelIds[0] ?? '', 'x'),
    };
    const click = await routeInteraction(
      emulator.payloads.button('pin', message) as APIInteraction,
      deps(false, pins),
    );
    expect((click as { data: Data }).data.content).toBe(
      'Pinning is not available from this Receipts: it runs without a bot token.',
    );
    expect(pins).toEqual([]);
  });
});
