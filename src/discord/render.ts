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
import { attribute, type DocumentLine, documentLine, holding } from '../answers/attribution.js';
import {
  closestWording,
  garbledLabel,
  modeHeading,
  otherSideHeading,
  otherSideLabel,
  oursLabel,
  stanceLabel,
  statusLabel,
} from '../answers/labels.js';
import {
  type AboutAnswer,
  type Answer,
  type EmptyAnswer,
  type EventHit,
  type Hit,
  type Mark,
  type OtherSideAnswer,
  pageCount,
  pageHits,
  type QuoteHit,
  type ResultsAnswer,
  type SearchMode,
  type SourcesAnswer,
} from '../answers/types.js';
import { formatDate } from '../knowledge/dates.js';
import type { Document, Pack, Statement, TimelineEvent } from '../knowledge/types.js';
import { publicLink, sitePaths } from '../site/paths.js';
import { type AnswerRef, type ButtonAction, encodeAction, resultIds } from './custom-id.js';
import { feedbackRow, feedbackTargets } from './feedback.js';
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

/** What the embeds of one page may use of Discord's total, leaving room for the footer. */
const PAGE_BUDGET = LIMITS.embedBudget - 400;

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
   * Characters of the embeds' budget left free for what the caller adds to them afterwards (the
   * lines of a correction). Default 0.
   */
  readonly reserve?: number;
  /**
   * Where the web record is published (PUBLIC_URL): each quote and event then links to its page
   * there ("Read in context"). Without it, nothing links to the web record.
   */
  readonly publicUrl?: string | null;
}

const STANCE_COLOUR = { claim: 0xe8a33d, denial: 0x3d7fe8, context: 0x8a8f98 } as const;
const EVENT_COLOUR = 0x6b5bd6;

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

/**
 * A document as markdown: a published title in quotation marks (ours never), linked when it can
 * be, within `room` characters: the link goes first, then the title is cut; null when not even
 * that fits.
 */
function documentMarkdown(document: DocumentLine, room: number = LIMITS.description): string | null {
  const caveats = document.caveats.length > 0 ? ` *(${escapeText(document.caveats.join('; '))})*` : '';
  const rest = [document.publisher, document.date].flatMap((part) => (part ? [`, ${escapeText(part)}`] : []));
  // A cut title's ellipsis is ours, so it stands outside the quotation marks.
  const render = (title: string, link: boolean, cut = false) => {
    const shown = `${document.titleIsOurs ? title : `“${title}”`}${cut ? '…' : ''}`;
    const named = link && document.url ? maskedLink(shown, document.url) : escapeText(shown);
    return `${named}${rest.join('')}${caveats}`;
  };
  const linked = render(document.title, true);
  if (linked.length <= room) return linked;
  return fitText(document.title, [], room, (raw, _marks, cut) => render(raw, false, cut));
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

function continuation(source: Document): string {
  return source.url
    ? `… the quote continues: ${maskedLink('read the whole source', source.url)}`
    : '… the quote continues in the source';
}

/** "Read in context", linking to a page of the web record; null without a public address. */
function contextLink(publicUrl: string | null | undefined, path: string): string | null {
  return publicUrl ? maskedLink('Read in context', publicLink(publicUrl, path)) : null;
}

/** Where a quotation mark opens that `text` does not close, or -1. */
function unclosedQuote(text: string): number {
  const count = (mark: string) => text.split(mark).length - 1;
  if (count('“') > count('”')) return text.lastIndexOf('“');
  return count('"') % 2 === 1 ? text.lastIndexOf('"') : -1;
}

/**
 * Our plain words, rendered by `render`, cut at a word with an ellipsis until they fit `room`
 * (and never inside words they quote, so that no quotation mark is left open); null when not
 * even a short start fits.
 */
function fitOurs(text: string, room: number, render: (text: string) => string): string | null {
  return fitText(text, [], room, (raw, _marks, cut) => {
    if (!cut) return render(raw);
    const open = unclosedQuote(raw);
    return render(`${(open > 0 ? raw.slice(0, open) : raw).replace(/[\s,;:(]+$/, '')}…`);
  });
}

/** Our words after a label of ours. */
function labelled(label: string): (text: string) => string {
  return (text) => `*${escapeText(label)}:* ${escapeText(text)}`;
}

/**
 * What stands where the quote is, within `room`: the quote as a block quote (cut at a word when
 * it must be, with the ellipsis and the link outside it) or, for a passage garbled past reading,
 * what it reports in our words with its own words behind a spoiler, one click away.
 */
function quoteMarkdown(
  statement: Statement,
  marks: readonly Mark[],
  room: number,
  verbatim: boolean,
): string {
  const a = attribute(statement);
  const gone = continuation(statement.source);
  const missing = gone.length <= room ? gone : '… the quote is in the source';
  if (a.readable || a.record === null || verbatim) {
    const block = (raw: string, kept: readonly Mark[], cut: boolean) =>
      `${blockQuote(emphasise(raw, kept))}${cut ? `\n${gone}` : ''}`;
    return fitText(statement.quote, marks, room, block) ?? missing;
  }
  const described = fitOurs(a.record, Math.floor(room / 2), labelled(oursLabel.described)) ?? '';
  const hidden = fitText(
    statement.quote,
    [],
    room - described.length - 1,
    (raw, _marks, cut) =>
      `*${escapeText(garbledLabel)} (click to show):* ||${escapeText(raw)}||${cut ? ' …' : ''}`,
  );
  return hidden === null ? described : `${described}\n${hidden}`;
}

/** Lines added while they fit what is left of a room, each cut (ours only) to fit. */
class Lines {
  readonly lines: string[] = [];
  constructor(public left: number) {}
  /** Adds the line `make` builds for the room left; false when it did not fit. */
  add(make: (room: number) => string | null): boolean {
    const line = make(this.left - 1);
    if (line === null || line.length + 1 > this.left) return false;
    this.lines.push(line);
    this.left -= line.length + 1;
    return true;
  }
}

/**
 * A quote with everything said about it, within `room`, in the order every surface keeps: the
 * quote, what the record says directly beneath it, then who said it where and when, the source,
 * and our note, and last `link` ("Read in context") when there is one. The quote is kept a fair
 * share of the room first; our note and the link to the original give way before the record, the
 * attribution and `link` do. Null when the quote, its record, its source or `link` would not fit
 * (or its note, when `noteRequired`): a quote is shown with all of those or not at all.
 */
function quoteSection(
  statement: Statement,
  marks: readonly Mark[],
  room: number,
  verbatim = false,
  link: string | null = null,
  noteRequired = false,
): string | null {
  let kept = sections.get(statement);
  if (!kept) {
    kept = new Map();
    sections.set(statement, kept);
  }
  const key = `${room}\0${verbatim ? 1 : 0}${noteRequired ? 1 : 0}\0${link ?? ''}\0${marksKey(marks)}`;
  const found = kept.get(key);
  if (found !== undefined) return found;
  const section = composeQuoteSection(statement, marks, room, verbatim, link, noteRequired);
  if (kept.size >= renderDefaults.sectionsPerStatement) kept.clear();
  kept.set(key, section);
  return section;
}

/** Tuning of rendering. */
export const renderDefaults = {
  /**
   * Quote sections kept per statement, each for one set of marks, room and link: a statement
   * shown again the same way costs a lookup. Statements are frozen and a reloaded pack brings
   * new ones, so what is kept goes with the statement.
   */
  sectionsPerStatement: 32,
} as const;

/**
 * Marks as part of a key: the same marks are mostly the same array (answers keep a quote's marks
 * for each set of stems it matched), so each array is joined once.
 */
function marksKey(marks: readonly Mark[]): string {
  if (marks.length === 0) return '';
  let key = markKeys.get(marks);
  if (key === undefined) {
    key = marks.join(' ');
    markKeys.set(marks, key);
  }
  return key;
}

const markKeys = new WeakMap<readonly Mark[], string>();

/** Quote sections already made, by statement; see {@link renderDefaults}. */
const sections = new WeakMap<Statement, Map<string, string | null>>();

function composeQuoteSection(
  statement: Statement,
  marks: readonly Mark[],
  room: number,
  verbatim: boolean,
  link: string | null,
  noteRequired: boolean,
): string | null {
  const a = attribute(statement);
  const whole = quoteMarkdown(statement, marks, LIMITS.description, verbatim).length;
  const kept = Math.min(whole, Math.max(Math.floor(room / 2), 160), room);
  const record = new Lines(room - kept - 2);
  const recordText = a.record && (a.readable || verbatim) ? a.record : null;
  if (recordText !== null) {
    const label = a.readable ? oursLabel.record : oursLabel.described;
    const fitted = record.add((left) =>
      fitOurs(recordText, Math.min(left, Math.floor(room / 3)), labelled(label)),
    );
    if (!fitted) return null;
  }
  const own = a.ownWords;
  if (own) {
    const fitted = record.add((left) =>
      fitText(own.quote, [], Math.min(left, Math.floor(room / 4)), (raw, _marks, cut) => {
        return `*${escapeText(own.label)}:* “${escapeText(raw)}”${cut ? ' …' : ''}`;
      }),
    );
    if (!fitted) return null;
  }
  // The link to the web record is never cut: its room is kept before the details are fitted.
  const details = new Lines(record.left - 2 - (link ? link.length + 1 : 0));
  const lead = `${escapeText(a.sourceLead)} `;
  const sourceLine = (left: number) => {
    const line = documentMarkdown(a.source, left - lead.length);
    return line === null ? null : lead + line;
  };
  // Who said it is cut to leave room for the source, which is measured first.
  const sourceRoom = (sourceLine(details.left - 1)?.length ?? 0) + 1;
  const said = a.said;
  if (said) details.add((left) => fitOurs(said, Math.min(left - sourceRoom, 300), escapeText));
  if (!details.add(sourceLine)) return null;
  const original = a.original;
  if (original) {
    details.add((left) => {
      const line = documentMarkdown(original, left - 14);
      return line === null ? null : `The original: ${line}`;
    });
  }
  const note = a.note;
  if (note && !details.add((left) => fitOurs(note, left, labelled(oursLabel.note))) && noteRequired)
    return null;
  if (link) details.lines.push(link);
  const quote = quoteMarkdown(statement, marks, kept + details.left, verbatim);
  const shown = a.readable || verbatim ? quote.startsWith('> ') : quote.length > 0;
  if (!shown) return null;
  const after = [record.lines.join('\n'), details.lines.join('\n')].filter(Boolean);
  const section =
    record.lines.length > 0 ? `${quote}\n${after.join('\n\n')}` : [quote, ...after].join('\n\n');
  return section.length <= room ? section : null;
}

/**
 * Where a whole quote section does not fit: what the record says, if anything, and the way to
 * the source and to its page of the web record (`link`), but never the quote without its record.
 */
function sourceOnly(statement: Statement, room: number, link: string | null): string {
  const a = attribute(statement);
  const gone = continuation(statement.source);
  const way = gone.length <= room ? gone : '… the quote is in the source';
  const ways = link && way.length + link.length + 1 <= room ? `${way}\n${link}` : way;
  const record = a.record ? fitOurs(a.record, room - ways.length - 1, labelled(oursLabel.record)) : null;
  return record === null ? ways : `${record}\n${ways}`;
}

/** The line naming a statement in an embed's author line: its stance, then whose words. */
function statementAuthor(statement: Statement): string {
  let name = authors.get(statement);
  if (name === undefined) {
    name = shorten(`${stanceLabel[statement.stance]} · ${attribute(statement).lead}`, LIMITS.author);
    authors.set(statement, name);
  }
  return name;
}

function statementEmbed(
  hit: QuoteHit,
  room: number,
  publicUrl: string | null | undefined,
  verbatim = false,
): APIEmbed {
  const { statement } = hit;
  const link = contextLink(publicUrl, sitePaths.statement(statement.id));
  const embed: APIEmbed = {
    color: STANCE_COLOUR[statement.stance],
    author: { name: statementAuthor(statement) },
    title: shorten(statement.title, LIMITS.title),
    description:
      quoteSection(statement, hit.marks, Math.min(room, LIMITS.description), verbatim, link) ??
      sourceOnly(statement, Math.min(room, LIMITS.description), link),
  };
  if (statement.source.url) embed.url = statement.source.url;
  return embed;
}

function eventEmbed(hit: EventHit, room: number, publicUrl: string | null | undefined): APIEmbed {
  const { event } = hit;
  const link = contextLink(publicUrl, sitePaths.event(event.id));
  return {
    color: EVENT_COLOUR,
    author: { name: eventAuthor(event) },
    description: eventDescription(event, hit.marks, room, link),
  };
}

/** The author line of an event's embed: its date, status and who. */
function eventAuthor(event: TimelineEvent): string {
  let name = authors.get(event);
  if (name === undefined) {
    name = shorten(
      `${formatDate(event.date)} · ${statusLabel[event.status]}${event.who ? ` · ${event.who}` : ''}`,
      LIMITS.author,
    );
    authors.set(event, name);
  }
  return name;
}

/** Author lines already made, by statement or event (both frozen). */
const authors = new WeakMap<Statement | TimelineEvent, string>();

/**
 * An event's description within `room`, made once for each set of marks, room and link and kept
 * with the event, as a statement's quote section is (see {@link renderDefaults}).
 */
function eventDescription(
  event: TimelineEvent,
  marks: readonly Mark[],
  room: number,
  link: string | null,
): string {
  let kept = descriptions.get(event);
  if (!kept) {
    kept = new Map();
    descriptions.set(event, kept);
  }
  const key = `${room}\0${link ?? ''}\0${marksKey(marks)}`;
  const found = kept.get(key);
  if (found !== undefined) return found;
  const description = composeEventDescription(event, marks, room, link);
  if (kept.size >= renderDefaults.sectionsPerStatement) kept.clear();
  kept.set(key, description);
  return description;
}

/** Event descriptions already made, by event; see {@link eventDescription}. */
const descriptions = new WeakMap<TimelineEvent, Map<string, string>>();

function composeEventDescription(
  event: TimelineEvent,
  marks: readonly Mark[],
  room: number,
  link: string | null,
): string {
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
      marks,
      Math.floor(max / 2),
      (raw, marks, cut) => `**${oursLabel.summary}:** ${emphasise(raw, marks)}${cut ? '…' : ''}`,
    ),
  );
  // Each quote comes with the same attribution, record and note as on its own (its note too,
  // which a quote on its own may let go for room). A quote that does not fit is left out whole,
  // and the count of those left out always fits.
  const more = (count: number) =>
    `*(${count} more quote${count === 1 ? '' : 's'} on this event, not shown here)*`;
  let shown = 0;
  for (const statement of event.statements) {
    const by = `**${escapeText(shorten(attribute(statement).lead, 200))}:**`;
    const last = shown === event.statements.length - 1;
    const reserve = last ? 0 : more(event.statements.length).length + 2;
    const section = quoteSection(
      statement,
      [],
      Math.min(left - 3 - by.length - reserve, 1800),
      false,
      null,
      true,
    );
    if (section === null || section.length + by.length + 3 + reserve > left || !add(`${by}\n${section}`))
      break;
    shown++;
  }
  const unshown = event.statements.length - shown;
  if (unshown > 0) add(more(unshown));
  for (const document of event.documents) {
    const line = documentMarkdown(documentLine(document), left - 10);
    add(line === null ? null : `Source: ${line}`);
  }
  if (event.basis) {
    add(
      fitText(
        event.basis,
        [],
        left - 2,
        (raw, _marks, cut) => `*${oursLabel.basis}:* ${escapeText(raw)}${cut ? '…' : ''}`,
      ),
    );
  }
  if (event.disputedBy.length > 0) {
    add(
      `*Accounts differ:* see also ${event.disputedBy.map((other) => escapeText(formatDate(other.date))).join(', ')}`,
    );
  }
  if (link) parts.push(link);
  return parts.join('\n\n');
}

function hitEmbed(hit: Hit, room: number, publicUrl: string | null | undefined): APIEmbed {
  return hit.type === 'statement' ? statementEmbed(hit, room, publicUrl) : eventEmbed(hit, room, publicUrl);
}

/**
 * The embeds of a page, within Discord's total: each gets all it needs when they fit together;
 * otherwise the room is shared out, the smaller ones first getting all they need, so a long
 * quote is cut rather than a short one.
 */
function hitEmbeds(hits: readonly Hit[], budget: number, publicUrl: string | null | undefined): APIEmbed[] {
  const full = hits.map((hit) => hitEmbed(hit, LIMITS.description, publicUrl));
  const total = full.reduce((sum, embed) => sum + embedLength(embed), 0);
  if (total <= budget) return full;
  const fixed = full.map((embed) => embedLength(embed) - (embed.description?.length ?? 0));
  let left = budget - fixed.reduce((sum, size) => sum + size, 0);
  const rooms = new Map<number, number>();
  const byNeed = full
    .map((embed, index) => ({ index, need: embed.description?.length ?? 0 }))
    .sort((a, b) => a.need - b.need);
  byNeed.forEach(({ index, need }, order) => {
    const room = Math.min(need, Math.floor(left / (byNeed.length - order)));
    rooms.set(index, room);
    left -= room;
  });
  return hits.map((hit, index) => {
    const room = rooms.get(index) ?? 0;
    const embed = full[index] as APIEmbed;
    return room >= (embed.description?.length ?? 0) ? embed : hitEmbed(hit, room, publicUrl);
  });
}

/** "Receipts · pack <version>, as of <date>", made once per pack. */
function packLine(pack: Pack): string {
  let line = packLines.get(pack);
  if (line === undefined) {
    const asOf = formatDate({ iso: pack.meta.asOf, precision: 'day', qualifier: null, confirmed: true });
    line = `Receipts · pack ${pack.meta.version}, as of ${asOf}`;
    packLines.set(pack, line);
  }
  return line;
}

const packLines = new WeakMap<Pack, string>();

function footerText(
  pack: Pack,
  answer: { hits: readonly unknown[]; page: number; pageSize: number },
): string {
  const first = answer.page * answer.pageSize + 1;
  const last = Math.min(answer.hits.length, first + answer.pageSize - 1);
  return `${packLine(pack)} · ${first}–${last} of ${answer.hits.length}`;
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
  const ids = resultIds(ref.by === 'side' || ref.by === 'static' ? 'claim' : ref.mode, answer.hits);
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
  return button(
    encodeAction({ action: 'side', statementId: statement.id, page: 0 }, pack),
    otherSideLabel(statement, others),
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
  const top = pageHits<Hit>(answer)[0];
  const buttons: (APIButtonComponent | null)[] = [];
  if (top?.type === 'statement') buttons.push(sideButton(top.statement, pack));
  if (ref && (options.share ?? ephemeral)) {
    const ids = resultIds(ref.by === 'side' || ref.by === 'static' ? 'claim' : ref.mode, answer.hits);
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

function heading(mode: SearchMode, query: string, sharedBy: string | undefined, closest: boolean): string {
  const trimmed = query.trim();
  const title = closest ? closestWording.heading : modeHeading[mode];
  const what = trimmed
    ? `**${title}** ${closest ? 'to' : 'for'} “${escapeText(shorten(trimmed, 300))}”`
    : `**${title}**`;
  const line = sharedBy ? `${what} · shared by <@${sharedBy}>` : what;
  return closest ? `${line}\n-# ${escapeText(closestWording.note)}` : line;
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
  const embeds = hitEmbeds(
    pageHits<Hit>(answer),
    PAGE_BUDGET - (options.reserve ?? 0),
    options.publicUrl,
  ).slice(0, LIMITS.embeds);
  const last = embeds[embeds.length - 1];
  if (last) last.footer = { text: footerText(pack, answer) };
  const components = [
    ref ? pagingRow(answer, ref, pack) : null,
    actionRow(answer, ref, pack, options),
    feedbackRow(feedbackTargets(pageHits<Hit>(answer)), pack),
  ].filter((r): r is NonNullable<typeof r> => r !== null);
  // base()'s fields written out: spreading them copied them on every answer.
  return {
    allowed_mentions: { parse: [] },
    flags: flags(ephemeral),
    content: shorten(content, LIMITS.content),
    embeds,
    components,
  };
}

function renderEmpty(answer: EmptyAnswer, ephemeral: boolean): APIInteractionResponseCallbackData {
  const lead =
    answer.reason === 'no-words'
      ? 'That has no words to search for.'
      : 'The sources do not cover that. Receipts answers only from its sources, so it will not guess.';
  return {
    allowed_mentions: { parse: [] },
    flags: flags(ephemeral),
    content: shorten(`${lead}\nTry one of these:\n${suggestionLines(answer.suggestions)}`, LIMITS.content),
  };
}

/** The pack's suggestions as a list, made once per pack (its meta is frozen). */
function suggestionLines(suggestions: readonly string[]): string {
  let lines = suggestionLists.get(suggestions);
  if (lines === undefined) {
    lines = suggestions.map((s) => `• \`${s.replace(/`/g, "'")}\``).join('\n');
    suggestionLists.set(suggestions, lines);
  }
  return lines;
}

const suggestionLists = new WeakMap<readonly string[], string>();

function renderSources(
  answer: SourcesAnswer,
  pack: Pack,
  ephemeral: boolean,
  publicUrl: string | null | undefined,
): APIInteractionResponseCallbackData {
  const fields = answer.documents.slice(0, LIMITS.fields).map((document) => {
    const held = holding(document);
    const link = document.url
      ? `\n${maskedLink(document.urlConfirmed ? 'Read it' : 'Read it (link not verified)', document.url)}`
      : '';
    return {
      name: shorten(document.title, LIMITS.fieldName),
      value: shorten(
        `${escapeText(document.publisher)} · ${escapeText(formatDate(document.date))} · ${held}${document.author ? ` · by ${escapeText(document.author)}` : ''}${link}`,
        LIMITS.fieldValue,
      ),
    };
  });
  return {
    ...base(ephemeral),
    embeds: [
      {
        title: 'Sources',
        ...(publicUrl ? { url: publicLink(publicUrl, sitePaths.sources) } : {}),
        description: `Every document Receipts quotes or cites, newest first.`,
        fields,
        footer: { text: packLine(pack) },
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
      const content = [heading(answer.mode, answer.query, options.sharedBy, answer.closest === true), notes]
        .filter(Boolean)
        .join('\n');
      return renderPaged(answer, pack, content, options.ref, options);
    }
    case 'other-side': {
      const { statement } = answer;
      const content = `**${otherSideHeading(statement)}:** ${escapeText(shorten(statement.title, 200))}${options.sharedBy ? ` · shared by <@${options.sharedBy}>` : ''}`;
      const ref: AnswerRef = { by: 'side', statementId: statement.id, page: answer.page };
      return renderPaged(answer, pack, content, ref, { ...options, ref });
    }
    case 'verbatim': {
      const { statement } = answer;
      const what = statement.readable ? 'Word for word' : `${garbledLabel}, word for word`;
      return {
        ...base(ephemeral),
        content: `**${what}**`,
        embeds: [
          statementEmbed({ type: 'statement', statement, marks: [] }, PAGE_BUDGET, options.publicUrl, true),
        ],
      };
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
  return { allowed_mentions: { parse: [] }, flags: flags(ephemeral), content: shorten(text, LIMITS.content) };
}
