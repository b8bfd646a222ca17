/**
 * The whole pack through every surface: each query answered as a Discord member gets it (the
 * router, paging with the Next button), as the console and `ask` print it (every page), and as
 * `ask --json` gives it. Each rendered page comes with the hits it shows, in the order shown.
 */
import {
  type APIEmbed,
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  type APIMessage,
  ComponentType,
  InteractionType,
} from 'discord-api-types/v10';
import { commands } from '../../commands/index.js';
import { type AnswerContext, answerOtherSide } from '../../src/answers/answer.js';
import { type Hit, pageCount, pageHits } from '../../src/answers/types.js';
import { type JsonAnswer, toJson } from '../../src/cli/json.js';
import { answerMode, type TerminalMode } from '../../src/cli/modes.js';
import { renderTerminal } from '../../src/cli/render.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { slashCommand } from '../../src/discord/preview.js';
import { routeInteraction } from '../../src/discord/router.js';
import { createLogger } from '../../src/log.js';

/** A query in a mode, or the other side of a statement. */
export type Ask = { readonly mode: TerminalMode; readonly query: string } | { readonly side: string };

/** One page as a surface shows it, with the hits on it in the order shown. */
export interface Page<T> {
  readonly ask: Ask;
  readonly page: number;
  readonly hits: readonly Hit[];
  readonly shown: T;
}

/** Everything the surfaces show for one ask. */
export interface Walked {
  readonly ask: Ask;
  readonly discord: readonly Page<APIInteractionResponseCallbackData>[];
  readonly terminal: readonly Page<string>[];
  readonly json: JsonAnswer;
}

/** A readable name for an ask, for failure messages. */
export function describeAsk(ask: Ask): string {
  return 'side' in ask ? `side ${ask.side}` : `/${ask.mode} ${ask.query}`.trim();
}

const DISCORD_PAGE = 3;
const TERMINAL_PAGE = 5;

function answerFor(context: AnswerContext, ask: Ask, page: number, pageSize: number) {
  const answer =
    'side' in ask
      ? answerOtherSide(context, ask.side, page, pageSize)
      : answerMode(context, ask.mode, ask.query, page, pageSize);
  if (answer === null) throw new Error(`test setup: ${describeAsk(ask)} has no answer`);
  return answer;
}

function hitsShown(answer: ReturnType<typeof answerFor>): readonly Hit[] {
  return answer.kind === 'results' || answer.kind === 'other-side' ? pageHits<Hit>(answer) : [];
}

function pagesOf(answer: ReturnType<typeof answerFor>): number {
  return answer.kind === 'results' || answer.kind === 'other-side' ? pageCount(answer) : 1;
}

/** A click on a button of an ephemeral message, as Discord sends it. */
function click(customId: string, data: APIInteractionResponseCallbackData): APIInteraction {
  const base = slashCommand('about', '') as unknown as Record<string, unknown>;
  const message = {
    id: '100000000000000010',
    channel_id: '100000000000000004',
    flags: data.flags ?? 0,
    content: data.content ?? '',
    embeds: data.embeds ?? [],
    components: data.components ?? [],
  } as unknown as APIMessage;
  return {
    ...base,
    type: InteractionType.MessageComponent,
    message,
    data: { custom_id: customId, component_type: ComponentType.Button },
  } as unknown as APIInteraction;
}

function nextButton(data: APIInteractionResponseCallbackData): string | null {
  for (const row of data.components ?? []) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      if (component.type !== ComponentType.Button || !('custom_id' in component)) continue;
      if (component.label === 'Next ▶' && !component.disabled) return component.custom_id;
    }
  }
  return null;
}

function sideButton(data: APIInteractionResponseCallbackData, statementId: string): string | null {
  for (const row of data.components ?? []) {
    if (!('components' in row)) continue;
    for (const component of row.components)
      if ('custom_id' in component && component.custom_id.endsWith(`:${statementId}`))
        return component.custom_id;
  }
  return null;
}

function dataOf(response: APIInteractionResponse): APIInteractionResponseCallbackData {
  if (response.type !== 4 && response.type !== 7)
    throw new Error(`unexpected response type ${response.type}`);
  return response.data ?? {};
}

/** Every Discord page for an ask, through the router, following Next until it is disabled. */
async function discordPages(
  context: AnswerContext,
  ask: Ask,
): Promise<Page<APIInteractionResponseCallbackData>[]> {
  const deps = {
    commands,
    answers: () => context,
    factCheckChannels: new Set<string>(),
    cooldown: new Cooldown(0),
    actions: { canPin: false, pin: () => Promise.reject(new Error('no pins here')) },
    log: createLogger({ level: 'silent' }),
  };
  let data: APIInteractionResponseCallbackData;
  if ('side' in ask) {
    // The side button is what a member clicks: find it on an answer that shows the statement.
    const statement = context.pack.byId.statements.get(ask.side);
    if (!statement) throw new Error(`test setup: no statement ${ask.side}`);
    const first = dataOf(await routeInteraction(slashCommand('ask', statement.title), deps));
    const id = sideButton(first, ask.side) ?? `side:0:${ask.side}`;
    data = dataOf(await routeInteraction(click(id, first), deps));
  } else {
    data = dataOf(await routeInteraction(slashCommand(ask.mode, ask.query), deps));
  }
  const pages: Page<APIInteractionResponseCallbackData>[] = [];
  for (let page = 0; ; page++) {
    pages.push({ ask, page, hits: hitsShown(answerFor(context, ask, page, DISCORD_PAGE)), shown: data });
    const next = nextButton(data);
    if (next === null) break;
    data = dataOf(await routeInteraction(click(next, data), deps));
  }
  return pages;
}

/** Every terminal page for an ask, as the console and `ask` print it. */
function terminalPages(context: AnswerContext, ask: Ask): Page<string>[] {
  const pages: Page<string>[] = [];
  const total = pagesOf(answerFor(context, ask, 0, TERMINAL_PAGE));
  for (let page = 0; page < total; page++) {
    const answer = answerFor(context, ask, page, TERMINAL_PAGE);
    pages.push({ ask, page, hits: hitsShown(answer), shown: renderTerminal(answer) });
  }
  return pages;
}

/** An ask through every surface. */
export async function walk(context: AnswerContext, ask: Ask): Promise<Walked> {
  const all = answerFor(context, ask, 0, Number.MAX_SAFE_INTEGER);
  const json = 'side' in ask ? toJson('side', ask.side, all) : toJson(ask.mode, ask.query, all);
  return { ask, discord: await discordPages(context, ask), terminal: terminalPages(context, ask), json };
}

/**
 * The asks that between them show every statement and event of a pack in every mode: each
 * stance listed in full, the whole timeline, every statement's title asked as a question, the
 * other side of every statement that has one, and `extra` queries.
 */
export function everyAsk(context: AnswerContext, extra: readonly Ask[] = []): Ask[] {
  const { statements } = context.pack;
  return [
    { mode: 'claim', query: '' },
    { mode: 'denial', query: '' },
    { mode: 'timeline', query: '' },
    ...statements.map((statement): Ask => ({ mode: 'ask', query: statement.title })),
    ...statements
      .filter((statement) => statement.answeredBy.length + statement.respondsTo.length > 0)
      .map((statement): Ask => ({ side: statement.id })),
    ...extra,
  ];
}

/** All the text of a Discord message a member can read, in one list. */
export function discordTexts(data: APIInteractionResponseCallbackData): string[] {
  const embeds: APIEmbed[] = data.embeds ?? [];
  const buttons = (data.components ?? []).flatMap((row) =>
    'components' in row ? row.components.flatMap((c) => ('label' in c && c.label ? [c.label] : [])) : [],
  );
  return [
    data.content ?? '',
    ...embeds.flatMap((embed) => [
      embed.author?.name ?? '',
      embed.title ?? '',
      embed.description ?? '',
      embed.footer?.text ?? '',
      ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
    ]),
    ...buttons,
  ];
}

/** Discord markdown as a member reads it: links as their labels, no emphasis, no escapes. */
export function readMarkdown(markdown: string): string {
  return markdown
    .replace(/\[((?:\\.|[^\]\\])*)\]\(<?[^)\s>]+>?\)/g, '$1')
    .replace(/\|\|/g, '')
    .replace(/\*\*/g, '')
    .replace(/(^|[^\\])\*/g, '$1')
    .replace(/\\(.)/g, '$1');
}
