/**
 * End to end: the bot started as users start it (`node dist/src/main.js` with a token),
 * the real discord.js client inside it, against the local Discord emulator. Every payload the
 * bot sends is checked by the emulator against Discord's schema and limits.
 */
import type { APIEmbed, APIInteractionResponse } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';

let emulator: Emulator;
let bot: BotProcess;

beforeAll(async () => {
  emulator = await startEmulator({ token: botToken });
  bot = await startBot(emulator);
});

afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
});

type MessageResponse = Extract<APIInteractionResponse, { type: 4 }>;

async function ask(name: string, options: Record<string, string | boolean> = {}): Promise<MessageResponse> {
  const id = emulator.dispatchInteraction(emulator.payloads.chatInput(name, options));
  const response = (await emulator.waitForResponse(id)) as MessageResponse;
  return response;
}

/** Markdown text without the bold that marks matched words. */
function plain(text: string | undefined): string {
  return (text ?? '').replace(/\*\*/g, '');
}

/** The buttons of a message, as Discord received them. */
function buttonsOf(
  response: MessageResponse,
): { label?: string; custom_id?: string; url?: string; disabled?: boolean }[] {
  return (response.data.components ?? []).flatMap((row) =>
    'components' in row ? (row.components as object[]) : [],
  );
}

function callbackOf(interactionId: string) {
  return emulator.calls.find((call) => call.path.startsWith(`/interactions/${interactionId}/`));
}

describe('GIVEN the bot connected to Discord through the gateway', () => {
  it('THEN /claim inbox api answers privately with the Inbox API quote first, attributed, pinging nobody', async () => {
    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('claim', { query: 'inbox api' }));
    const response = (await emulator.waitForResponse(id)) as MessageResponse;
    expect(callbackOf(id)?.status).toBe(204);
    expect(response.type).toBe(4);
    expect(response.data.flags).toBe(64);
    expect(response.data.allowed_mentions).toEqual({ parse: [] });
    const first = response.data.embeds?.[0] as APIEmbed;
    expect(first.description).toContain('“**Inbox API**” that offered the streamer');
    // TechCrunch wrote the words, reporting the plaintiffs' position.
    expect(first.author?.name).toBe(
      'Claim · TechCrunch, reporting the advertiser plaintiffs in Klein v. Meta',
    );
    expect(first.description).toContain('Said by the advertiser plaintiffs in Klein v. Meta');
    expect(first.url).toBe(
      'https://techcrunch.com/2024/04/02/meta-again-denies-that-netflix-read-users-private-facebook-messages/',
    );
    expect(first.footer?.text ?? response.data.embeds?.at(-1)?.footer?.text).toMatch(
      /as of 2 April 2024 · 1–\d of \d/,
    );
  });

  it('THEN /denial, /timeline, /ask, /sources and /about are each answered and accepted', async () => {
    const denial = await ask('denial', { query: 'shockingly untrue' });
    expect(denial.data.embeds?.[0]?.description).toContain(
      "> **Shockingly untrue**. Meta didn't share people's private messages",
    );
    const timeline = await ask('timeline', { query: 'may 2018' });
    expect(timeline.data.content).toContain('Showing May 2018');
    expect(timeline.data.embeds?.[0]?.author?.name).toMatch(/^May 2018/);
    const question = await ask('ask', { question: 'was messenger end-to-end encrypted' });
    expect(plain(question.data.embeds?.[0]?.description)).toContain(
      'Messenger did not implement default end-to-end encryption until December 2023',
    );
    const sources = await ask('sources');
    expect(sources.data.embeds?.[0]?.fields?.map((field) => field.name)).toContain(
      "Meta (again) denies that Netflix read users' private Facebook messages",
    );
    const about = await ask('about');
    expect(about.data.embeds?.[0]?.title).toContain('Receipts');
    for (const call of emulator.calls.filter((c) => c.path.startsWith('/interactions/'))) {
      expect(call.status, JSON.stringify(call.errors)).toBe(204);
    }
  });

  it('THEN a question the sources do not cover is told so plainly, with suggestions', async () => {
    const response = await ask('ask', { question: 'best pizza recipe' });
    expect(response.data.content).toMatch(/^The sources do not cover that\./);
    expect(response.data.content).toContain('/claim inbox api');
    expect(response.data.embeds ?? []).toHaveLength(0);
  });

  it('THEN autocomplete offers topic and statement choices, best first, within the limits', async () => {
    const id = emulator.dispatchInteraction(
      emulator.payloads.autocomplete('claim', { query: { value: 'inbox', focused: true } }),
    );
    const response = (await emulator.waitForResponse(id)) as {
      type: 8;
      data: { choices: { name: string; value: string }[] };
    };
    expect(response.type).toBe(8);
    expect(response.data.choices[0]?.name.toLowerCase()).toBe('inbox');
    expect(response.data.choices.length).toBeLessThanOrEqual(25);
    expect(callbackOf(id)?.status).toBe(204);
  });

  it('THEN the Next button turns the page in place, with no state kept by the bot', async () => {
    const first = await ask('claim');
    const next = buttonsOf(first).find((button) => button.label === 'Next ▶');
    expect(next?.custom_id).toBeDefined();
    const message = emulator.payloads.userMessage(emulator.guilds[0]?.textChannelIds[0] ?? '', '');
    const id = emulator.dispatchInteraction(
      emulator.payloads.button((next as { custom_id: string }).custom_id, {
        ...message,
        flags: 64,
        author: emulator.botUser,
        embeds: first.data.embeds ?? [],
      }),
    );
    const page = (await emulator.waitForResponse(id)) as { type: number; data: MessageResponse['data'] };
    expect(page.type).toBe(7);
    expect(page.data.embeds?.at(-1)?.footer?.text).toMatch(/4–6 of \d+/);
    expect(page.data.embeds?.[0]?.title).not.toBe(first.data.embeds?.[0]?.title);
  });

  it('THEN hostile queries give payloads Discord accepts that ping nobody and echo nothing live', async () => {
    const hostile = [
      '@everyone inbox api',
      '<@123> titan api',
      '<@&456> did netflix read messages',
      '**bold** __underline__ ~~strike~~ ||spoiler|| `code` # heading > quote [link](https://example.com)',
      'x'.repeat(6000),
      '📱💬🔥 netflix 🍿',
      'هل قرأت نتفليكس الرسائل',
      '   ',
      'inbox\u200b api\u202e',
    ];
    for (const query of hostile) {
      for (const name of ['claim', 'ask'] as const) {
        const id = emulator.dispatchInteraction(
          emulator.payloads.chatInput(name, name === 'ask' ? { question: query } : { query }),
        );
        const response = (await emulator.waitForResponse(id)) as MessageResponse;
        const call = callbackOf(id);
        expect(call?.status, JSON.stringify(call?.errors)).toBe(204);
        expect(response.data.allowed_mentions).toEqual({ parse: [] });
        const content = response.data.content ?? '';
        expect(content).not.toMatch(/(^|[^\\])<@&?\d+>/);
        expect(content).not.toMatch(/(^|[^\\])\*\*bold/);
      }
    }
    expect(bot.output()).not.toMatch(/interaction failed/);
  });
});
