/**
 * End to end, the fact-check channel tools: post publicly, pin, the other side, "Check
 * against sources", fact-check channels, the public cooldown and stateless buttons — the bot
 * process with the real discord.js client against the local Discord emulator.
 */
import {
  type APIInteractionResponse,
  type APIMessage,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMemberPermissions, type Emulator, snowflake, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';

type MessageData = Extract<APIInteractionResponse, { type: 4 }>['data'];
type Button = { label?: string; custom_id?: string; url?: string; disabled?: boolean };

const guildId = snowflake();
const general = snowflake();
const factCheck = snowflake();
const member = '400000000000000001';
const moderator = '400000000000000002';
const pinner = String(defaultMemberPermissions | PermissionFlagsBits.PinMessages);

let emulator: Emulator;
let bot: BotProcess;

beforeAll(async () => {
  emulator = await startEmulator({
    token: botToken,
    guilds: [
      {
        id: guildId,
        textChannels: [
          { id: general, name: 'general' },
          { id: factCheck, name: 'fact-check' },
        ],
      },
    ],
  });
  bot = await startBot(emulator, { FACTCHECK_CHANNEL_IDS: factCheck, PUBLIC_COOLDOWN_SECONDS: '120' });
});

afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
});

function buttons(data: MessageData | undefined): Button[] {
  return (data?.components ?? []).flatMap((row) => ('components' in row ? (row.components as Button[]) : []));
}

function buttonId(data: MessageData | undefined, label: RegExp): string {
  const found = buttons(data).find((button) => button.label !== undefined && label.test(button.label));
  if (!found?.custom_id) throw new Error(`no button ${label} among ${JSON.stringify(buttons(data))}`);
  return found.custom_id;
}

function plain(text: string | undefined): string {
  return (text ?? '').replace(/\*\*/g, '');
}

async function command(
  name: string,
  options: Record<string, string | boolean>,
  ctx: Parameters<Emulator['payloads']['chatInput']>[2] = {},
): Promise<{ id: string; type: number; data: MessageData }> {
  const id = emulator.dispatchInteraction(
    emulator.payloads.chatInput(name, options, { guildId, channelId: general, user: member, ...ctx }),
  );
  const response = (await emulator.waitForResponse(id)) as { type: number; data: MessageData };
  return { id, ...response };
}

/** Clicks a button on a message the bot sent (as stored by the emulator, or as given). */
async function click(
  customId: string,
  message: APIMessage,
  ctx: Parameters<Emulator['payloads']['button']>[2] = {},
): Promise<{ id: string; type: number; data: MessageData }> {
  const id = emulator.dispatchInteraction(
    emulator.payloads.button(customId, message, { user: member, ...ctx }),
  );
  const response = (await emulator.waitForResponse(id)) as { type: number; data: MessageData };
  return { id, ...response };
}

/** The message an interaction's callback created, as Discord stored it. */
function created(interactionId: string): APIMessage {
  const message = emulator.originalMessage(interactionId);
  if (!message) throw new Error(`no message for interaction ${interactionId}`);
  return message;
}

describe('GIVEN an ephemeral /claim answer', () => {
  it('THEN Post publicly posts the same quotes and attribution in the channel, naming the member without pinging', async () => {
    const answer = await command('claim', { query: 'titan api' });
    expect(answer.data.flags).toBe(MessageFlags.Ephemeral);
    const shared = await click(buttonId(answer.data, /^Post publicly$/), created(answer.id));
    expect(shared.type).toBe(4);
    expect(shared.data.flags ?? 0).toBe(0);
    expect(shared.data.allowed_mentions).toEqual({ parse: [] });
    expect(shared.data.content).toContain(`shared by <@${member}>`);
    expect(shared.data.embeds?.map((embed) => embed.description)).toEqual(
      answer.data.embeds?.map((e) => e.description),
    );
    expect(plain(shared.data.embeds?.[0]?.description)).toContain('“Titan API”, a private API');
    const message = created(shared.id);
    expect(message.flags ?? 0).toBe(0);
    expect(emulator.channelMessages(general).some((m) => m.id === message.id)).toBe(true);
    expect(buttons(shared.data).map((b) => b.label)).toContain('Pin');
    expect(buttons(shared.data).map((b) => b.label)).not.toContain('Post publicly');
  });
});

describe('GIVEN a public answer with a Pin button', () => {
  it('THEN a member with Pin Messages pins it: Discord receives the pin call', async () => {
    const answer = await command('denial', { query: 'no third parties', public: true }, { user: moderator });
    const message = created(answer.id);
    const pinned = await click(buttonId(answer.data, /^Pin$/), message, {
      user: moderator,
      memberPermissions: pinner,
    });
    expect(pinned.data.content).toBe('Pinned.');
    expect(pinned.data.flags).toBe(MessageFlags.Ephemeral);
    const call = emulator.calls.find(
      (c) => c.method === 'PUT' && c.path === `/channels/${general}/messages/pins/${message.id}`,
    );
    expect(call?.status).toBe(204);
    expect(emulator.pinnedMessages(general).map((m) => m.id)).toContain(message.id);
  });

  it('THEN a member without it is refused, told which permission is missing, and nothing is called', async () => {
    const answer = await command(
      'denial',
      { query: 'commonplace in the industry', public: true },
      { user: '400000000000000005' },
    );
    const message = created(answer.id);
    const before = emulator.calls.length;
    const refused = await click(buttonId(answer.data, /^Pin$/), message, { user: member });
    expect(refused.data.content).toContain('Pin Messages permission');
    expect(refused.data.flags).toBe(MessageFlags.Ephemeral);
    expect(emulator.calls.slice(before).some((c) => c.path.includes('/pins/'))).toBe(false);
  });

  it('THEN in a channel already holding 250 pins the member is told the channel is full', async () => {
    const full = snowflake();
    const fullGuild = emulator.guilds[0];
    expect(fullGuild).toBeDefined();
    // Fill a fresh channel of the guild to Discord's limit.
    const channel = factCheck;
    for (let i = emulator.pinnedMessages(channel).length; i < 250; i++) {
      const seeded = emulator.seedMessage(emulator.payloads.userMessage(channel, `old news ${i} ${full}`));
      await fetch(`${emulator.apiBase}/v10/channels/${channel}/messages/pins/${seeded.id}`, {
        method: 'PUT',
        headers: { authorization: `Bot ${emulator.token}` },
      });
    }
    expect(emulator.pinnedMessages(channel)).toHaveLength(250);
    const answer = await command(
      'ask',
      { question: 'who is fidji simo' },
      { channelId: channel, user: '400000000000000006' },
    );
    expect(answer.data.flags ?? 0).toBe(0);
    const refused = await click(buttonId(answer.data, /^Pin$/), created(answer.id), {
      user: moderator,
      memberPermissions: pinner,
    });
    expect(refused.data.content).toContain('250');
    expect(refused.data.content).toContain('Unpin something first');
  });
});

describe('GIVEN a claim with responses', () => {
  it('THEN the other side goes from the claim to its responses and back again', async () => {
    const claim = await command('claim', { query: 'spotify messages new york times' });
    expect(plain(claim.data.embeds?.[0]?.description)).toContain('Netflix and Spotify could read');
    const toResponses = await click(buttonId(claim.data, /^See the response/), created(claim.id));
    expect(toResponses.type).toBe(7);
    expect(toResponses.data.content).toContain('Responses to');
    const authors = toResponses.data.embeds?.map((embed) => embed.author?.name ?? '') ?? [];
    expect(authors.every((name) => name.startsWith('Response'))).toBe(true);
    const responseMessage = {
      ...created(claim.id),
      embeds: toResponses.data.embeds ?? [],
      components: toResponses.data.components ?? [],
    };
    const back = await click(buttonId(toResponses.data, /^See what this answers/), responseMessage);
    expect(back.type).toBe(7);
    expect(back.data.content).toContain('What this responds to');
    expect(plain(back.data.embeds?.map((e) => e.description).join('\n'))).toContain(
      'Netflix and Spotify could read',
    );
  });

  it('THEN a statement that nothing answers has no other-side button', async () => {
    const claim = await command('claim', { query: 'snapchat' });
    expect(plain(claim.data.embeds?.[0]?.description)).toContain('Snapchat');
    expect(buttons(claim.data).some((b) => b.label?.startsWith('See the response'))).toBe(false);
  });
});

describe('GIVEN "Check against sources" on a message', () => {
  it("THEN a message about DMs is answered privately with the Inbox API claim and Meta's denial", async () => {
    const target = emulator.seedMessage(
      emulator.payloads.userMessage(
        general,
        'netflix was reading all our facebook DMs lol',
        '400000000000000009',
      ),
    );
    const id = emulator.dispatchInteraction(
      emulator.payloads.messageContextMenu('Check against sources', target, { user: member }),
    );
    const response = (await emulator.waitForResponse(id)) as { type: number; data: MessageData };
    expect(response.data.flags).toBe(MessageFlags.Ephemeral);
    const text = plain(response.data.embeds?.map((embed) => embed.description).join('\n'));
    expect(text).toContain('“Inbox API”');
    // Meta's denial in Stone's own words, before any copy of them.
    expect(text).toMatch(
      /Meta didn't share people's private messages|The agreement allowed people to message their friends on Facebook about|Such agreements are commonplace/,
    );
    const labels = response.data.embeds?.map((embed) => embed.author?.name?.split(' · ')[0]);
    expect(labels).toContain('Claim');
    expect(labels).toContain('Response');
  });

  it('THEN a message with only an image gets a clear message', async () => {
    const target = emulator.seedMessage({
      ...emulator.payloads.userMessage(general, ''),
      attachments: [
        {
          id: snowflake(),
          filename: 'screenshot.png',
          size: 1000,
          url: 'https://cdn.example/s.png',
          proxy_url: 'https://cdn.example/s.png',
        },
      ],
    });
    const id = emulator.dispatchInteraction(
      emulator.payloads.messageContextMenu('Check against sources', target, { user: member }),
    );
    const response = (await emulator.waitForResponse(id)) as { type: number; data: MessageData };
    expect(response.data.content).toContain('no words to check');
    expect(response.data.flags).toBe(MessageFlags.Ephemeral);
  });

  it('THEN a long message (4000 characters) is still checked', async () => {
    const long =
      `${'so apparently '.repeat(120)}netflix could read facebook private messages through the inbox api ${'and so on '.repeat(200)}`.slice(
        0,
        4000,
      );
    const target = emulator.seedMessage(emulator.payloads.userMessage(general, long));
    const id = emulator.dispatchInteraction(
      emulator.payloads.messageContextMenu('Check against sources', target, { user: member }),
    );
    const response = (await emulator.waitForResponse(id)) as { type: number; data: MessageData };
    expect(plain(response.data.embeds?.map((embed) => embed.description).join('\n'))).toContain('Inbox API');
    for (const button of buttons(response.data))
      expect((button.custom_id ?? '').length).toBeLessThanOrEqual(100);
  });
});

describe('GIVEN a fact-check channel and the public cooldown', () => {
  it('THEN answers there are public by default, and the public option can still make one private', async () => {
    const open = await command(
      'claim',
      { query: 'written report' },
      { channelId: factCheck, user: '400000000000000003' },
    );
    expect(open.data.flags ?? 0).toBe(0);
    const quiet = await command(
      'claim',
      { query: 'written report', public: false },
      { channelId: factCheck, user: '400000000000000003' },
    );
    expect(quiet.data.flags).toBe(MessageFlags.Ephemeral);
  });

  it('THEN a second public answer inside the cooldown is refused with the time left, while private ones are not limited', async () => {
    const user = '400000000000000004';
    const first = await command('claim', { query: 'ad targeting', public: true }, { user });
    expect(first.data.flags ?? 0).toBe(0);
    const second = await command('claim', { query: 'titan api', public: true }, { user });
    expect(second.data.flags).toBe(MessageFlags.Ephemeral);
    expect(second.data.content).toMatch(
      /You can post another public answer in this channel in (\d+) seconds/,
    );
    const seconds = Number(/in (\d+) seconds/.exec(second.data.content ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(100);
    expect(seconds).toBeLessThanOrEqual(120);
    const quiet = await command('claim', { query: 'titan api' }, { user });
    expect(quiet.data.embeds?.length).toBeGreaterThan(0);
  });
});

describe('GIVEN a button id that is malformed or from an older pack', () => {
  it('THEN the member gets a clear message, never an error', async () => {
    const answer = await command('claim', { query: 'titan api' });
    const message = created(answer.id);
    const malformed = await click('pg:zz:not-a-button', message);
    expect(malformed.data.content).toContain('damaged or from an older version');
    const stale = await click('pg:rc0:XXXX:1.2', message);
    expect(stale.data.content).toContain('older version of the sources');
    expect(
      bot.output(),
      bot
        .output()
        .split('\n')
        .filter((l) => l.includes('interaction failed'))
        .join('\n'),
    ).not.toMatch(/interaction failed/);
  });
});
