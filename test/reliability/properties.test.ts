/**
 * Hostile input, thousands of times over. Whatever a member types into a command, sends to
 * "Check against sources", types while autocomplete runs, clicks or forges as a button id, the
 * bot answers without an exception, within every limit Discord documents (the official schema
 * and LIMITS.md, checked by the emulator's validators), pinging nobody, showing the member's
 * words as the characters they typed and never as live markdown, and keeping every quote verbatim.
 */
import {
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessage,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord-api-types/v10';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_MAX_LENGTH } from '../../commands/shared.js';
import { checkableText } from '../../src/answers/answer.js';
import type { Mark, SearchMode } from '../../src/answers/types.js';
import { identifyInteraction, parseInteraction } from '../../src/discord/interaction.js';
import { renderMessage } from '../../src/discord/render.js';
import { answerMalformed, messages, routeInteraction } from '../../src/discord/router.js';
import type { Document, Pack, Statement, TimelineEvent } from '../../src/knowledge/types.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { callbackProblems, liveMarkdown, quoteBlocks, visibleText } from '../support/discord-checks.js';
import { recordFigures, resetFigures } from '../support/figures.js';
import { cutToCodePoints, hostileText, wellFormed } from '../support/hostile.js';
import { type InProcessRouter, inProcessRouter } from '../support/router.js';

/** Runs per property; the figures in docs/reliability.md are these numbers. */
const RUNS = {
  command: 1500,
  check: 400,
  autocomplete: 800,
  buttons: 300,
  forged: 800,
  malformed: 800,
  render: 600,
  throughDiscord: 150,
};

let emulator: Emulator;
let router: InProcessRouter;
let words: string[];
let sourceTexts: string[];

beforeAll(async () => {
  resetFigures('properties');
  emulator = await startEmulator();
  router = await inProcessRouter();
  const { pack } = router.context;
  words = [
    ...pack.topics.flatMap((topic) => [topic.name, ...topic.aliases]),
    ...pack.statements.flatMap((statement) => statement.title.split(/\s+/)),
    '2018',
    'may 2018',
    'netflx',
  ];
  sourceTexts = pack.documents.flatMap((document) => (document.text === null ? [] : [document.text]));
});

afterAll(async () => {
  await emulator?.close();
});

type Response = APIInteractionResponse & { data?: Record<string, unknown> };

/** Names what a response came to, for the figures. */
function outcome(response: Response): string {
  const data = response.data as { content?: string; embeds?: unknown[]; choices?: unknown[] } | undefined;
  if (response.type === 8) return (data?.choices?.length ?? 0) > 0 ? 'choices offered' : 'no choices';
  if ((data?.embeds?.length ?? 0) > 0) return 'answered with quotes';
  const content = data?.content ?? '';
  if (content.startsWith('The sources do not cover that')) return 'refused: the sources do not cover it';
  if (content.startsWith('That has no words to search for')) return 'refused: no words to search for';
  if (content === messages.badButton) return 'refused: damaged button';
  if (content === messages.staleButton) return 'refused: stale button';
  if (content === messages.unknownStatement) return 'refused: unknown statement';
  if (content === messages.unknownCommand) return 'refused: unknown command';
  if (content.startsWith('That message has no words to check')) return 'refused: no words to check';
  return `notice: ${content.split(/(?<=\.) /)[0]}`;
}

/** The member's words as the heading echoes them, raw markdown, or null when there is no echo. */
function echoOf(content: string): string | null {
  const start = /^\*\*[^*\n]+\*\* for “/.exec(content);
  if (!start) return null;
  const rest = content.slice(start[0].length);
  const end = /”(?=$|\n-# | · shared by <@)/.exec(rest);
  if (!end) throw new Error(`the echo has no closing quote: ${JSON.stringify(content)}`);
  return rest.slice(0, end.index);
}

/**
 * Everything a user or Discord would see wrong with a response: Discord's refusal, mentions,
 * live markdown in the member's words, words shown otherwise than typed, a quote not verbatim.
 * `typed` is what the heading should echo (trimmed), when it echoes anything.
 */
function expectSound(response: Response, typed: string | null, sources: readonly string[] = sourceTexts) {
  expect(callbackProblems(response), JSON.stringify(response)).toEqual([]);
  expect(wellFormed(response)).toBe(true);
  if (response.type !== 4 && response.type !== 7) return;
  const data = response.data as { content?: string; embeds?: { description?: string }[] };
  expect(response.data?.allowed_mentions).toEqual({ parse: [] });
  const content = data.content ?? '';
  const echo = echoOf(content);
  if (echo !== null && typed !== null) {
    expect(liveMarkdown(echo), echo).toEqual([]);
    const shown = visibleText(echo);
    if (shown !== typed) {
      // A long echo is cut at a word, with an ellipsis of ours after it.
      expect(shown.endsWith('…'), `${JSON.stringify(shown)} vs ${JSON.stringify(typed)}`).toBe(true);
      expect(typed.startsWith(shown.slice(0, -1))).toBe(true);
    }
  }
  for (const line of content.split('\n').filter((l) => l.startsWith('-# '))) {
    expect(liveMarkdown(line.slice(3)), line).toEqual([]);
  }
  for (const embed of data.embeds ?? []) {
    for (const quote of quoteBlocks(embed.description ?? '')) {
      expect(
        sources.some((text) => text.includes(quote)),
        `not verbatim: ${JSON.stringify(quote)}`,
      ).toBe(true);
    }
  }
}

function count(tally: Record<string, number>, key: string): void {
  tally[key] = (tally[key] ?? 0) + 1;
}

async function route(interaction: APIInteraction): Promise<Response> {
  const before = router.records().length;
  const response = (await routeInteraction(interaction, router.deps)) as Response;
  const failures = router
    .records()
    .slice(before)
    .filter((record) => (record.level as number) >= 50);
  expect(failures, 'the router logged a failure').toEqual([]);
  expect((response.data as { content?: string } | undefined)?.content).not.toBe(messages.failed);
  return response;
}

/** The message Discord would hold for a response, for clicking its buttons. */
function messageFor(response: Response): APIMessage {
  const data = response.data as Partial<APIMessage> & { flags?: number };
  return {
    ...emulator.payloads.userMessage(emulator.guilds[0]?.textChannelIds[0] ?? '', data.content ?? ''),
    author: emulator.botUser,
    ...(data.flags ? { flags: data.flags } : {}),
    embeds: data.embeds ?? [],
    components: data.components ?? [],
  };
}

function buttonIds(response: Response): string[] {
  const rows = ((response.data as Partial<APIMessage> | undefined)?.components ?? []) as {
    components?: { type: number; style?: number; custom_id?: string; disabled?: boolean }[];
  }[];
  return rows
    .flatMap((row) => row.components ?? [])
    .filter(
      (c) => c.type === ComponentType.Button && c.style !== ButtonStyle.Link && !c.disabled && c.custom_id,
    )
    .map((c) => c.custom_id as string);
}

const searchModes = ['claim', 'denial', 'timeline', 'ask'] as const;
const optionOf = { claim: 'query', denial: 'query', timeline: 'query', ask: 'question' } as const;

describe('GIVEN any text up to the option limit typed into /claim, /denial, /timeline or /ask', () => {
  it('THEN the answer is within every limit, pings nobody, echoes the words inert and as typed, quotes verbatim', async () => {
    const outcomes: Record<string, number> = {};
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...searchModes),
        hostileText(words, QUERY_MAX_LENGTH),
        fc.option(fc.boolean(), { nil: undefined }),
        async (mode, query, wantsPublic) => {
          tried++;
          const options: Record<string, string | boolean> = { [optionOf[mode]]: query };
          if (wantsPublic !== undefined && mode !== 'timeline') options.public = wantsPublic;
          const response = await route(emulator.payloads.chatInput(mode, options));
          expectSound(response, query.trim());
          count(outcomes, outcome(response));
        },
      ),
      { numRuns: RUNS.command },
    );
    recordFigures('properties', {
      name: 'Slash command options (/claim, /denial, /timeline, /ask)',
      tried,
      outcomes,
    });
    expect(outcomes['answered with quotes']).toBeGreaterThan(0);
  });
});

describe('GIVEN any message up to 2000 characters checked with "Check against sources"', () => {
  it('THEN the check is within every limit, pings nobody, echoes the text inert, quotes verbatim', async () => {
    const outcomes: Record<string, number> = {};
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(hostileText(words, 2000), async (content) => {
        tried++;
        const channelId = emulator.guilds[0]?.textChannelIds[0] ?? '';
        const target = emulator.payloads.userMessage(channelId, content);
        const response = await route(emulator.payloads.messageContextMenu('Check against sources', target));
        expectSound(response, checkableText(content));
        expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
        count(outcomes, outcome(response));
      }),
      { numRuns: RUNS.check },
    );
    recordFigures('properties', { name: 'Message checked with "Check against sources"', tried, outcomes });
  });
});

describe('GIVEN any text typed while autocomplete runs', () => {
  it('THEN at most 25 choices come back, each name 1–100 and value at most 100 characters', async () => {
    const outcomes: Record<string, number> = {};
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...searchModes),
        hostileText(words, QUERY_MAX_LENGTH),
        async (mode, typed) => {
          tried++;
          const response = await route(
            emulator.payloads.autocomplete(mode, { [optionOf[mode]]: { value: typed, focused: true } }),
          );
          expect(response.type).toBe(8);
          expectSound(response, null);
          count(outcomes, outcome(response));
        },
      ),
      { numRuns: RUNS.autocomplete },
    );
    recordFigures('properties', { name: 'Autocomplete on any typed text', tried, outcomes });
  });
});

describe('GIVEN the buttons of an answer to any query', () => {
  it('THEN every button answers within the limits and a shared answer echoes the query as typed', async () => {
    const outcomes: Record<string, number> = {};
    let tried = 0;
    let clicks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('claim', 'denial', 'ask', 'timeline'),
        hostileText(words, QUERY_MAX_LENGTH),
        async (mode, query) => {
          tried++;
          const answer = await route(emulator.payloads.chatInput(mode, { [optionOf[mode]]: query }));
          const message = messageFor(answer);
          for (const customId of buttonIds(answer)) {
            clicks++;
            const response = await route(emulator.payloads.button(customId, message));
            expectSound(response, query.trim());
            const button = { pg: 'page', sh: 'post publicly', side: 'other side', pin: 'pin' }[
              customId.split(':')[0] as 'pg' | 'sh' | 'side' | 'pin'
            ];
            count(outcomes, `${button ?? customId}: ${outcome(response)}`);
          }
        },
      ),
      { numRuns: RUNS.buttons },
    );
    recordFigures('properties', { name: 'Buttons of answers to any query', tried, clicks, outcomes });
    expect(clicks).toBeGreaterThan(0);
  });
});

describe('GIVEN a forged button id (any text up to 100 characters)', () => {
  it('THEN it is refused as damaged or stale, or answered, never failing and never out of limits', async () => {
    const outcomes: Record<string, number> = {};
    let tried = 0;
    const forged = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
      fc
        .tuple(
          fc.constantFrom('pg:', 'sh:', 'side:', 'pg:q', 'sh:q', 'pg:r', 'pg:s', 'side:0:', 'pin', 'S', 'A'),
          fc.constantFrom('c', 'd', 't', 'a', 'k', 'x', ''),
          fc.constantFrom('0:', 'zz:', 'zzzz:', '1:', ''),
          hostileText(words, 90),
        )
        .map((parts) => cutToCodePoints(parts.join(''), 100))
        .filter((id) => id.length >= 1 && id.length <= 100),
    );
    await fc.assert(
      fc.asyncProperty(forged, fc.boolean(), async (customId, ephemeral) => {
        tried++;
        const channelId = emulator.guilds[0]?.textChannelIds[0] ?? '';
        const message = {
          ...emulator.payloads.userMessage(channelId, ''),
          author: emulator.botUser,
          ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
        };
        const response = await route(emulator.payloads.button(customId, message));
        expectSound(response, null);
        count(outcomes, outcome(response));
      }),
      { numRuns: RUNS.forged },
    );
    recordFigures('properties', { name: 'Forged button ids', tried, outcomes });
  });
});

describe('GIVEN a malformed interaction (fields missing, of the wrong type, or anything at all)', () => {
  it('THEN it is refused before routing, or routed and answered without failing', async () => {
    const outcomes: Record<string, number> = {};
    let tried = 0;
    const base = () =>
      emulator.payloads.chatInput('claim', { query: 'inbox api' }) as unknown as Record<string, unknown>;
    const keys = [
      'id',
      'application_id',
      'token',
      'type',
      'data',
      'member',
      'user',
      'channel',
      'channel_id',
      'version',
    ];
    const mutated = fc.oneof(
      fc.anything(),
      fc
        .tuple(fc.subarray(keys), fc.dictionary(fc.constantFrom(...keys), fc.anything()))
        .map(([drop, replace]) => {
          const payload: Record<string, unknown> = { ...base(), ...replace };
          for (const key of drop) delete payload[key];
          return payload as unknown;
        }),
    );
    await fc.assert(
      fc.asyncProperty(mutated, async (raw) => {
        tried++;
        const parsed = parseInteraction(raw);
        if (!parsed.ok) {
          expect(parsed.reason).not.toMatch(/aW50ZXJhY3Rpb24/);
          const known = identifyInteraction(raw);
          const apology = known && answerMalformed(known.type);
          if (apology) expect(callbackProblems(apology)).toEqual([]);
          count(
            outcomes,
            apology ? 'refused as malformed, with an apology' : 'refused as malformed, unanswerable',
          );
          return;
        }
        const response = (await routeInteraction(parsed.interaction, router.deps)) as Response;
        expect(callbackProblems(response)).toEqual([]);
        count(outcomes, response.data?.content === messages.failed ? 'answered: apology' : outcome(response));
      }),
      { numRuns: RUNS.malformed },
    );
    recordFigures('properties', { name: 'Malformed interactions', tried, outcomes });
  });
});

/** A pack holding hostile documents, statements and events, for rendering what no real pack holds. */
interface Hostile {
  readonly pack: Pack;
  readonly statements: Statement[];
  readonly events: TimelineEvent[];
  readonly sources: string[];
}

function hostilePack(
  base: Pack,
  items: readonly {
    quote: string;
    before: string;
    after: string;
    title: string;
    name: string;
    publisher: string;
    note: string | null;
  }[],
): Hostile {
  const template = base.statements[0] as Statement;
  const documentTemplate = template.source;
  const statements: Statement[] = [];
  const documents: Document[] = [];
  items.forEach((item, index) => {
    const document: Document = {
      ...documentTemplate,
      id: `hostile-source-${index}`,
      title: item.title || 'Untitled',
      publisher: item.publisher || 'Publisher',
      text: item.before + item.quote + item.after,
      url: index % 2 === 0 ? 'https://example.com/a_b?c=*d*' : null,
    };
    documents.push(document);
    statements.push({
      ...template,
      id: `hostile-${index}`,
      title: cutToCodePoints(item.title || 'A title', 100),
      speaker: { name: item.name || 'Someone', role: item.publisher || null, organisation: null },
      saidIn: item.publisher || 'somewhere',
      source: document,
      original: null,
      quote: item.quote,
      offset: item.before.length,
      note: item.note,
      respondsTo: [],
      answeredBy: [],
    });
  });
  const events: TimelineEvent[] = statements.map((statement, index) => ({
    ...(base.timeline[0] as TimelineEvent),
    id: `hostile-event-${index}`,
    summary: items[index]?.note ?? statement.title,
    who: statement.speaker.name,
    statements: [statement],
    documents: [statement.source],
    basis: items[index]?.publisher ?? null,
    disputedBy: [],
  }));
  const pack: Pack = {
    ...base,
    documents,
    statements,
    timeline: events,
    byId: {
      ...base.byId,
      documents: new Map(documents.map((d) => [d.id, d])),
      statements: new Map(statements.map((s) => [s.id, s])),
      events: new Map(events.map((e) => [e.id, e])),
    },
  };
  return { pack, statements, events, sources: documents.map((d) => d.text as string) };
}

/** Marks at code-point boundaries, sorted and apart, as the search makes them. */
function marksFor(text: string, cuts: readonly number[]): Mark[] {
  const points = [...text];
  const offsets: number[] = [];
  let at = 0;
  for (const point of points) {
    offsets.push(at);
    at += point.length;
  }
  offsets.push(at);
  const chosen = [...new Set(cuts.map((cut) => offsets[cut % offsets.length] as number))].sort(
    (a, b) => a - b,
  );
  const marks: Mark[] = [];
  for (let i = 0; i + 1 < chosen.length; i += 2) {
    const start = chosen[i] as number;
    const end = chosen[i + 1] as number;
    if (end > start) marks.push([start, end]);
  }
  return marks;
}

describe('GIVEN quotes, names and titles holding any text, of any length, in a pack', () => {
  it('THEN the rendered page stays within every limit and each quote shown is verbatim from its source', () => {
    const outcomes: Record<string, number> = {};
    let tried = 0;
    const item = fc.record({
      quote: hostileText(['Netflix', 'messages', 'API'], 4000).filter((q) => q.trim().length > 0),
      before: hostileText([], 200),
      after: hostileText([], 200),
      title: hostileText([], 300),
      name: hostileText([], 300),
      publisher: hostileText([], 300),
      note: fc.option(hostileText([], 1500), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<SearchMode>('claim', 'denial', 'ask', 'check', 'timeline'),
        hostileText(words, QUERY_MAX_LENGTH),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (items, mode, query, cuts, ephemeral) => {
          tried++;
          const hostile = hostilePack(router.context.pack, items);
          const hits =
            mode === 'timeline'
              ? hostile.events.map((event) => ({
                  type: 'event' as const,
                  event,
                  marks: marksFor(event.summary, cuts),
                }))
              : hostile.statements.map((statement) => ({
                  type: 'statement' as const,
                  statement,
                  marks: marksFor(statement.quote, cuts),
                }));
          const data = renderMessage(
            {
              kind: 'results',
              mode,
              query,
              hits,
              page: 0,
              pageSize: mode === 'check' ? 5 : 3,
              notes: [`Read “${query}” as “${query}”.`],
            },
            hostile.pack,
            { ephemeral, ref: { by: 'query', mode, query, page: 0 } },
          );
          const response = { type: 4, data } as Response;
          expectSound(response, query.trim(), hostile.sources);
          const cut = (data.embeds ?? []).some((embed) => embed.description?.includes('the quote continues'));
          count(outcomes, cut ? 'a quote shortened, outside the quote' : 'rendered whole');
        },
      ),
      { numRuns: RUNS.render },
    );
    recordFigures('properties', {
      name: 'Renderer over hostile pack text (quotes up to 4000 characters)',
      tried,
      outcomes,
    });
  });
});

describe('GIVEN any text sent through Discord to the bot process', () => {
  let discord: Emulator;
  let bot: BotProcess;
  beforeAll(async () => {
    discord = await startEmulator({ token: botToken });
    bot = await startBot(discord, { LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
  });

  it('THEN Discord accepts every answer and each is sound as above', async () => {
    const outcomes: Record<string, number> = {};
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...searchModes),
        hostileText(words, QUERY_MAX_LENGTH),
        async (mode, query) => {
          tried++;
          const id = discord.dispatchInteraction(
            discord.payloads.chatInput(mode, { [optionOf[mode]]: query }),
          );
          const call = await discord.waitForCall(
            (c) => c.operationId === 'create_interaction_response' && c.params.interaction_id === id,
          );
          expect(call.status, JSON.stringify(call.errors ?? call.response)).toBe(204);
          const response = call.body as Response;
          expectSound(response, query.trim());
          count(outcomes, outcome(response));
        },
      ),
      { numRuns: RUNS.throughDiscord },
    );
    expect(bot.logs.filter((record) => (record.level as number) >= 50)).toEqual([]);
    recordFigures('properties', {
      name: 'Slash command options, through the emulator to the bot process',
      tried,
      outcomes,
    });
  });
});
