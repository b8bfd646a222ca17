/**
 * The one place a Discord message is built. Every answer becomes embeds (one per quote or
 * event), buttons whose ids carry their own state, and flags: ephemeral unless asked
 * otherwise, and mentions disabled on every message. Nothing built here can exceed Discord's
 * documented limits: long quotes are shortened at a word, outside the quote, with a link.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
} from 'discord-api-types/v10';
import { otherSide } from '../answers/answer.js';
import { attribute, documentLine, viaLead } from '../answers/attribution.js';
import {
  type AboutAnswer,
  type Answer,
  type EmptyAnswer,
  type EventHit,
  type Hit,
  type Mark,
  type OtherSideAnswer,
  pageCount,
  type QuoteHit,
  type ResultsAnswer,
  type SearchMode,
  type SourcesAnswer,
  shownHits,
} from '../answers/types.js';
import { formatDate } from '../knowledge/dates.js';
import type { Document, Pack, Statement } from '../knowledge/types.js';
import { publicLink, sitePaths } from '../site/paths.js';
import { type AnswerRef, type ButtonAction, encodeAction } from './custom-id.js';
import { blockQuote, emphasise, escapeText, maskedLink } from './markdown.js';

/** Quotes or events per page in Discord. */
export const DISCORD_PAGE_SIZE = 3;

/** Per page for a mode: a check shows the claims and the answers to them together. */
export function pageSizeFor(mode: SearchMode): number {
  return mode === 'check' ? 5 : DISCORD_PAGE_SIZE;
}

/** Discord's documented limits, with the margin kept below the total. */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  author: 256,
  embeds: 10,
  /** All embeds together; Discord counts title, description, fields, footer and author. */
  embedTotal: 6000,
  /** What this renderer allows itself of the total, for safety. */
  embedBudget: 5800,
  buttonLabel: 80,
  buttonUrl: 512,
} as const;

/** How a message is built. */
export interface RenderOptions {
  /** Only the member sees it. Default true. */
  readonly ephemeral?: boolean;
  /** What the answer was asked as, for the page and share buttons. */
  readonly ref?: AnswerRef;
  /** Offer "Post publicly" (on ephemeral answers the member may share). Default: when ephemeral. */
  readonly share?: boolean;
  /** Offer "Pin" (on public answers). Default: when public. */
  readonly pin?: boolean;
  /** The member who asked for this public post; named, never pinged. */
  readonly sharedBy?: string;
  /**
   * Where the web record is published (PUBLIC_URL): each quote and event then links to its page
   * there ("Read in context"). Without it, nothing links to the web record.
   */
  readonly publicUrl?: string | null;
}

const STANCE_COLOUR = { claim: 0xe8a33d, denial: 0x3d7fe8, context: 0x8a8f98 } as const;
const EVENT_COLOUR = 0x6b5bd6;
const STANCE_LABEL = { claim: 'Claim', denial: 'Response', context: 'Context' } as const;
const MODE_HEADING: Record<SearchMode, string> = {
  claim: 'Claims',
  denial: 'Responses',
  timeline: 'Timeline',
  ask: 'From the sources',
  check: 'What the sources say about this message',
};

/** The characters of an embed that count toward Discord's 6000. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Cuts text to at most `max` characters at a word boundary, adding nothing. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max + 1);
  const space = slice.search(/\s\S*$/);
  // Never between the two halves of a character outside the basic plane (an emoji, say).
  const hard = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  const cut = space > max / 2 ? slice.slice(0, space) : text.slice(0, hard);
  return cut.replace(/[\s,;:–—-]+$/, '');
}

/** Shortens plain text (our words, titles) to a limit with an ellipsis. */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${cutAtWord(text, max - 1)}…`;
}

function documentMarkdown(document: ReturnType<typeof documentLine>): string {
  const title = document.titleIsOurs ? escapeText(document.title) : `“${escapeText(document.title)}”`;
  const linked = document.url
    ? maskedLink(document.titleIsOurs ? document.title : `“${document.title}”`, document.url)
    : title;
  const caveats = document.caveats.length > 0 ? ` *(${escapeText(document.caveats.join('; '))})*` : '';
  return `${linked}, ${escapeText(document.publisher)}, ${escapeText(document.date)}${caveats}`;
}

/**
 * `text` rendered whole when it fits `room` characters, else cut at a word (its marks with it)
 * until the rendering fits; null when not even a short start fits. `render` is told whether it
 * was cut, so that what says so stands outside whatever the text is shown as.
 */
function fitText(
  text: string,
  marks: readonly Mark[],
  room: number,
  render: (text: string, marks: readonly Mark[], cut: boolean) => string,
): string | null {
  const whole = render(text, marks, false);
  if (whole.length <= room) return whole;
  for (let length = Math.min(text.length - 1, room); length >= 20; length = Math.floor(length * 0.85)) {
    const raw = cutAtWord(text, length);
    const out = render(
      raw,
      marks.filter(([, end]) => end <= raw.length),
      true,
    );
    if (out.length <= room) return out;
  }
  return null;
}

/**
 * A statement's quote as a block quote, cut to `room` characters of markdown when it must be;
 * the ellipsis and the link to the whole source stand outside the quote.
 */
function quoteBlock(statement: Statement, marks: readonly Mark[], room: number): string | null {
  return fitText(
    statement.quote,
    marks,
    room,
    (raw, kept, cut) =>
      `${blockQuote(emphasise(raw, kept))}${cut ? `\n${continuation(statement.source)}` : ''}`,
  );
}

function continuation(source: Document): string {
  return source.url
    ? `… the quote continues: ${maskedLink('read the whole source', source.url)}`
    : '… the quote continues in the source';
}

/** "Read in context", linking to a page of the web record; null without a public address. */
function contextLink(publicUrl: string | null | undefined, path: string): string | null {
  return publicUrl ? maskedLink('Read in context', publicLink(publicUrl, path)) : null;
}

function statementDescription(hit: QuoteHit, room: number, publicUrl: string | null | undefined): string {
  const { statement } = hit;
  const a = attribute(statement);
  const lines = [
    `— ${escapeText(a.speaker)} · ${escapeText(a.said)}`,
    `${escapeText(viaLead(a))} ${documentMarkdown(a.source)}`,
  ];
  if (a.original && a.original.title !== a.source.title)
    lines.push(`Original: ${documentMarkdown(a.original)}`);
  if (statement.note) lines.push(`*Editor's note (ours):* ${escapeText(statement.note)}`);
  let tail = lines.join('\n');
  // The link is never cut: the attribution makes room for it.
  const link = contextLink(publicUrl, sitePaths.statement(statement.id));
  const half = Math.floor((room - (link ? link.length + 1 : 0)) / 2);
  if (tail.length > half) tail = shorten(tail, half);
  if (link) tail = `${tail}\n${link}`;
  const quote = quoteBlock(statement, hit.marks, room - tail.length - 2) ?? continuation(statement.source);
  return `${quote}\n\n${tail}`;
}

function statementEmbed(hit: QuoteHit, room: number, publicUrl: string | null | undefined): APIEmbed {
  const { statement } = hit;
  const embed: APIEmbed = {
    color: STANCE_COLOUR[statement.stance],
    author: { name: shorten(`${STANCE_LABEL[statement.stance]} · ${statement.speaker.name}`, LIMITS.author) },
    title: shorten(statement.title, LIMITS.title),
    description: statementDescription(hit, Math.min(room, LIMITS.description), publicUrl),
  };
  if (statement.source.url) embed.url = statement.source.url;
  return embed;
}

function eventEmbed(hit: EventHit, room: number, publicUrl: string | null | undefined): APIEmbed {
  const { event } = hit;
  const status = event.status === 'alleged' ? 'alleged' : 'established';
  const link = contextLink(publicUrl, sitePaths.event(event.id));
  const max = Math.min(room, LIMITS.description) - (link ? link.length + 2 : 0);
  // Parts go in whole while they fit; our words may be cut with an ellipsis, a quote only at a
  // word with the ellipsis outside it. What no longer fits is left to the source link.
  const parts: string[] = [];
  let left = max;
  const add = (part: string | null): boolean => {
    const cost = (part?.length ?? 0) + (parts.length > 0 ? 2 : 0);
    if (part === null || cost > left) return false;
    parts.push(part);
    left -= cost;
    return true;
  };
  add(
    fitText(
      event.summary,
      hit.marks,
      Math.floor(max / 2),
      (raw, marks, cut) => `**Summary (ours):** ${emphasise(raw, marks)}${cut ? '…' : ''}`,
    ),
  );
  let shown = 0;
  for (const statement of event.statements) {
    const a = attribute(statement);
    const by = `\n— ${escapeText(shorten(a.speaker, 200))} · ${escapeText(shorten(a.said, 200))}`;
    const quote = quoteBlock(statement, [], Math.min(left - 2 - by.length, 700));
    if (quote === null || !add(quote + by)) break;
    shown++;
  }
  const unshown = event.statements.length - shown;
  if (unshown > 0) add(`*(${unshown} more quote${unshown === 1 ? '' : 's'} on this event, not shown here)*`);
  for (const document of event.documents) add(`Source: ${documentMarkdown(documentLine(document))}`);
  if (event.basis) {
    add(
      fitText(
        event.basis,
        [],
        left - 2,
        (raw, _marks, cut) => `*Basis (ours):* ${escapeText(raw)}${cut ? '…' : ''}`,
      ),
    );
  }
  if (event.disputedBy.length > 0) {
    add(
      `*Accounts differ:* see also ${event.disputedBy.map((other) => escapeText(formatDate(other.date))).join(', ')}`,
    );
  }
  if (link) parts.push(link);
  return {
    color: EVENT_COLOUR,
    author: {
      name: shorten(
        `${formatDate(event.date)} · ${status}${event.who ? ` · ${event.who}` : ''}`,
        LIMITS.author,
      ),
    },
    description: parts.join('\n\n'),
  };
}

function hitEmbeds(hits: readonly Hit[], publicUrl: string | null | undefined): APIEmbed[] {
  // Share the budget so every hit on the page fits; a long quote is cut, not dropped.
  const room = Math.floor((LIMITS.embedBudget - 400) / Math.max(1, hits.length));
  return hits.map((hit) =>
    hit.type === 'statement'
      ? statementEmbed(hit, room - 300, publicUrl)
      : eventEmbed(hit, room - 300, publicUrl),
  );
}

function footerText(
  pack: Pack,
  answer: { hits: readonly unknown[]; page: number; pageSize: number },
): string {
  const first = answer.page * answer.pageSize + 1;
  const last = Math.min(answer.hits.length, first + answer.pageSize - 1);
  const asOf = formatDate({ iso: pack.meta.asOf, precision: 'day', qualifier: null, confirmed: true });
  return `Receipts · pack ${pack.meta.version}, as of ${asOf} · ${first}–${last} of ${answer.hits.length}`;
}

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

function button(
  customId: string | null,
  label: string,
  style: ActionStyle,
  disabled = false,
): APIButtonComponent | null {
  if (customId === null) return null;
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label: shorten(label, LIMITS.buttonLabel),
    style,
    disabled,
  };
}

function linkButton(label: string, url: string | null): APIButtonComponent | null {
  if (!url || url.length > LIMITS.buttonUrl) return null;
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Link,
    url,
    label: shorten(label, LIMITS.buttonLabel),
  };
}

function row(
  buttons: (APIButtonComponent | null)[],
): APIActionRowComponent<APIComponentInMessageActionRow> | null {
  const present = buttons.filter((b): b is APIButtonComponent => b !== null).slice(0, 5);
  return present.length === 0 ? null : { type: ComponentType.ActionRow, components: present };
}

function withPage(ref: AnswerRef, page: number): AnswerRef {
  return ref.by === 'static' ? ref : { ...ref, page };
}

interface Paged {
  readonly hits: readonly Hit[];
  readonly page: number;
  readonly pageSize: number;
}

function pagingRow(answer: Paged, ref: AnswerRef, pack: Pack): ReturnType<typeof row> {
  const pages = pageCount(answer);
  if (pages <= 1) return null;
  const ids = answer.hits.map((hit) => (hit.type === 'statement' ? hit.statement.id : hit.event.id));
  const at = (page: number, action: ButtonAction['action'] = 'page') =>
    ref.by === 'side'
      ? encodeAction({ action: 'side', statementId: ref.statementId, page }, pack)
      : encodeAction({ action: action as 'page', ref: withPage(ref, page) }, pack, ids);
  const previous = at(Math.max(0, answer.page - 1));
  const next = at(Math.min(pages - 1, answer.page + 1));
  if (previous === null || next === null) return null;
  // Disabled buttons still need distinct ids within the message.
  return row([
    button(
      answer.page === 0 ? 'nav:first' : previous,
      '◀ Previous',
      ButtonStyle.Secondary,
      answer.page === 0,
    ),
    button(
      answer.page >= pages - 1 ? 'nav:last' : next,
      'Next ▶',
      ButtonStyle.Secondary,
      answer.page >= pages - 1,
    ),
  ]);
}

/** The "other side" button for a statement: its responses, or what it answers. */
function sideButton(statement: Statement, pack: Pack): APIButtonComponent | null {
  const others = otherSide(statement);
  if (others.length === 0) return null;
  const responses = others === statement.answeredBy;
  const label = responses
    ? `See the response${others.length === 1 ? '' : 's'} (${others.length})`
    : `See what this answers (${others.length})`;
  return button(
    encodeAction({ action: 'side', statementId: statement.id, page: 0 }, pack),
    label,
    ButtonStyle.Primary,
  );
}

function actionRow(
  answer: ResultsAnswer | OtherSideAnswer,
  ref: AnswerRef | undefined,
  pack: Pack,
  options: RenderOptions,
): ReturnType<typeof row> {
  const ephemeral = options.ephemeral ?? true;
  const top = shownHits(answer)[0];
  const buttons: (APIButtonComponent | null)[] = [];
  if (top?.type === 'statement') buttons.push(sideButton(top.statement, pack));
  if (ref && (options.share ?? ephemeral)) {
    const ids = answer.hits.map((hit) => (hit.type === 'statement' ? hit.statement.id : hit.event.id));
    buttons.push(
      button(encodeAction({ action: 'share', ref }, pack, ids), 'Post publicly', ButtonStyle.Success),
    );
  }
  if (options.pin ?? !ephemeral)
    buttons.push(button(encodeAction({ action: 'pin' }, pack), 'Pin', ButtonStyle.Secondary));
  const source =
    top?.type === 'statement'
      ? top.statement.source
      : top?.type === 'event'
        ? (top.event.documents[0] ?? top.event.statements[0]?.source)
        : undefined;
  buttons.push(linkButton('Read the source', source?.url ?? null));
  return row(buttons);
}

function flags(ephemeral: boolean): number {
  return ephemeral ? MessageFlags.Ephemeral : 0;
}

function heading(mode: SearchMode, query: string, sharedBy: string | undefined): string {
  const trimmed = query.trim();
  const what = trimmed
    ? `**${MODE_HEADING[mode]}** for “${escapeText(shorten(trimmed, 300))}”`
    : `**${MODE_HEADING[mode]}**`;
  return sharedBy ? `${what} · shared by <@${sharedBy}>` : what;
}

function base(ephemeral: boolean): Pick<APIInteractionResponseCallbackData, 'allowed_mentions' | 'flags'> {
  return { allowed_mentions: { parse: [] }, flags: flags(ephemeral) };
}

function renderPaged(
  answer: ResultsAnswer | OtherSideAnswer,
  pack: Pack,
  content: string,
  ref: AnswerRef | undefined,
  options: RenderOptions,
): APIInteractionResponseCallbackData {
  const ephemeral = options.ephemeral ?? true;
  const embeds = hitEmbeds(shownHits(answer), options.publicUrl).slice(0, LIMITS.embeds);
  const last = embeds[embeds.length - 1];
  if (last) last.footer = { text: footerText(pack, answer) };
  const components = [
    ref ? pagingRow(answer, ref, pack) : null,
    actionRow(answer, ref, pack, options),
  ].filter((r): r is NonNullable<typeof r> => r !== null);
  return { ...base(ephemeral), content: shorten(content, LIMITS.content), embeds, components };
}

function renderEmpty(answer: EmptyAnswer, ephemeral: boolean): APIInteractionResponseCallbackData {
  const lead =
    answer.reason === 'no-words'
      ? 'That has no words to search for.'
      : 'The sources do not cover that. Receipts answers only from its sources, so it will not guess.';
  const suggestions = answer.suggestions.map((s) => `• \`${s.replace(/`/g, "'")}\``).join('\n');
  return {
    ...base(ephemeral),
    content: shorten(`${lead}\nTry one of these:\n${suggestions}`, LIMITS.content),
  };
}

function renderSources(
  answer: SourcesAnswer,
  pack: Pack,
  ephemeral: boolean,
  publicUrl: string | null | undefined,
): APIInteractionResponseCallbackData {
  const fields = answer.documents.slice(0, LIMITS.fields).map((document) => {
    const line = documentLine(document);
    const held = document.text === null ? 'cited by its details' : 'quoted';
    const link = document.url
      ? `\n${maskedLink(document.urlConfirmed ? 'Read it' : 'Read it (address unconfirmed)', document.url)}`
      : '';
    return {
      name: shorten(document.title, LIMITS.fieldName),
      value: shorten(
        `${escapeText(line.publisher)} · ${escapeText(line.date)} · ${held}${document.author ? ` · by ${escapeText(document.author)}` : ''}${link}`,
        LIMITS.fieldValue,
      ),
    };
  });
  const asOf = formatDate({ iso: pack.meta.asOf, precision: 'day', qualifier: null, confirmed: true });
  return {
    ...base(ephemeral),
    embeds: [
      {
        title: 'Sources',
        ...(publicUrl ? { url: publicLink(publicUrl, sitePaths.sources) } : {}),
        description: `Every document Receipts quotes or cites, newest first.`,
        fields,
        footer: { text: `Receipts · pack ${pack.meta.version}, as of ${asOf}` },
      },
    ],
  };
}

function renderAbout(
  answer: AboutAnswer,
  ephemeral: boolean,
  publicUrl: string | null | undefined,
): APIInteractionResponseCallbackData {
  const { meta, counts } = answer;
  const asOf = formatDate({ iso: meta.asOf, precision: 'day', qualifier: null, confirmed: true });
  return {
    ...base(ephemeral),
    embeds: [
      {
        title: shorten(`Receipts — ${meta.title}`, LIMITS.title),
        ...(publicUrl ? { url: publicLink(publicUrl, sitePaths.about) } : {}),
        description: shorten(
          `${escapeText(meta.description)}\n\nEvery quote is checked, character for character, against its source; ` +
            `our own words (summaries, editor's notes) are labelled as ours. Answers are visible only to you ` +
            `unless you choose to post them.`,
          LIMITS.description,
        ),
        fields: [
          ...answer.usage.map(({ command, does }) => ({
            name: command,
            value: shorten(does, LIMITS.fieldValue),
            inline: false,
          })),
          {
            name: 'Pack',
            value: `${escapeText(meta.id)} ${escapeText(meta.version)}, as of ${asOf}: ${counts.statements} statements, ${counts.events} timeline events, ${counts.documents} documents.`,
          },
        ],
      },
    ],
  };
}

/** Builds the message for an answer. */
export function renderMessage(
  answer: Answer,
  pack: Pack,
  options: RenderOptions = {},
): APIInteractionResponseCallbackData {
  const ephemeral = options.ephemeral ?? true;
  switch (answer.kind) {
    case 'results': {
      const notes = answer.notes.map((note) => `-# ${escapeText(note)}`).join('\n');
      const content = [heading(answer.mode, answer.query, options.sharedBy), notes]
        .filter(Boolean)
        .join('\n');
      return renderPaged(answer, pack, content, options.ref, options);
    }
    case 'other-side': {
      const { statement } = answer;
      const what = statement.stance === 'claim' ? 'Responses to' : 'What this responds to:';
      const content = `**${what}** “${escapeText(shorten(statement.title, 200))}”${options.sharedBy ? ` · shared by <@${options.sharedBy}>` : ''}`;
      const ref: AnswerRef = { by: 'side', statementId: statement.id, page: answer.page };
      return renderPaged(answer, pack, content, ref, { ...options, ref });
    }
    case 'empty':
      return renderEmpty(answer, ephemeral);
    case 'sources':
      return renderSources(answer, pack, ephemeral, options.publicUrl);
    case 'about':
      return renderAbout(answer, ephemeral, options.publicUrl);
  }
}

/** The interaction callback (type 4) that sends an answer as a new message. */
export function renderInteractionResponse(
  answer: Answer,
  pack: Pack,
  options: RenderOptions = {},
): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: renderMessage(answer, pack, options),
  };
}

/** A short message of ours (an error, a refusal, a confirmation); ephemeral by default. */
export function renderNotice(text: string, ephemeral = true): APIInteractionResponseCallbackData {
  return { ...base(ephemeral), content: shorten(text, LIMITS.content) };
}
