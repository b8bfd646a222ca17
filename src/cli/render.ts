/**
 * Answers laid out for a terminal: whose words first, the quote set off by a bar (so it never
 * looks like our words) with matched words in bold when colour is on, what the record says
 * beneath it, then where and when, the link and our notes. Every
 * line fits the width, except a link too long for it: a link is never broken, so it stands on a
 * line of its own and the terminal folds it.
 */
import { styleText } from 'node:util';
import { attribute, type DocumentLine, documentLine, holding } from '../answers/attribution.js';
import {
  closestWording,
  garbledLabel,
  modeHeading,
  otherSideHeading,
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
  type SourcesAnswer,
  type VerbatimAnswer,
} from '../answers/types.js';
import { formatDate } from '../knowledge/dates.js';
import type { Statement } from '../knowledge/types.js';

/** Terminal rendering options. */
export interface TerminalOptions {
  /** Use bold and dim (ANSI). Default false. */
  readonly color?: boolean;
  /** Wrap text at this many columns. Default {@link DEFAULT_WIDTH}. */
  readonly width?: number;
  /** How to ask for the next page; shown when there is one. Default: type “more”. */
  readonly moreHint?: string;
  /**
   * How a console command (`/claim inbox api`, `side claim-inbox-api`) is written where the
   * answer is shown, for the suggestions and hints in it. Default: as the console takes it.
   */
  readonly command?: (typed: string) => string;
}

/** The width when the output is not a terminal (or a terminal that does not say). */
export const DEFAULT_WIDTH = 80;

interface Style {
  bold(text: string): string;
  dim(text: string): string;
}

const isLink = (word: string) => /^https?:\/\//.test(word);

/** A word longer than the line, cut into pieces that fit (never a link, nor a styled word). */
function pieces(word: string, width: number): string[] {
  if (word.length <= width || isLink(word) || visibleLength(word) !== word.length) return [word];
  const out: string[] = [];
  for (let at = 0; at < word.length; at += width) out.push(word.slice(at, at + width));
  return out;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).flatMap((w) => (w ? pieces(w, width) : []))) {
      if (line && visibleLength(line) + 1 + visibleLength(word) > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) lines.push(line);
  }
  return lines;
}

/** `text` wrapped to `width` after `lead` on the first line and `indent` on the others. */
export function block(
  text: string,
  width: number,
  lead: string,
  indent = ' '.repeat(visibleLength(lead)),
): string[] {
  const room = Math.max(10, width - Math.max(visibleLength(lead), indent.length));
  return wrap(text, room).map((line, index) => `${index === 0 ? lead : indent}${line}`);
}

/**
 * A link on a line of its own, after `indent` when it fits and from the first column when not,
 * then `note` (after it when there is room, else on the next line).
 */
function linkLines(url: string, width: number, indent: string, note = ''): string[] {
  if (indent.length + url.length + (note ? note.length + 1 : 0) <= width)
    return [`${indent}${url}${note ? ` ${note}` : ''}`];
  const link = indent.length + url.length <= width ? `${indent}${url}` : url;
  return note ? [link, ...block(note, width, indent)] : [link];
}

function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is removed.
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

function emphasise(text: string, marks: readonly Mark[], style: Style): string {
  let out = '';
  let at = 0;
  for (const [start, end] of marks) {
    out += text.slice(at, start) + style.bold(text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}

/** A document's line: a published title in quotation marks (ours never), publisher, date, caveats. */
function documentText(line: DocumentLine): string {
  const caveats = line.caveats.length > 0 ? ` (${line.caveats.join('; ')})` : '';
  const title = line.titleIsOurs ? line.title : `“${line.title}”`;
  const parts = [title, line.publisher, line.date].filter((part): part is string => part !== null);
  return `${parts.join(', ')}${caveats}`;
}

const INDENT = '    ';

/**
 * A quote with everything said about it, in the order every surface keeps: the quote (set off
 * by a bar, so it never looks like our words), what the record says directly beneath it, who
 * said it where and when, the source and its link, and our note.
 */
function quoteSection(
  statement: Statement,
  marks: readonly Mark[],
  options: Required<TerminalOptions>,
  style: Style,
  verbatim = false,
): string[] {
  const a = attribute(statement);
  const { width } = options;
  const out: string[] = [];
  const para = (text: string, dim = false) => {
    for (const line of block(text, width, INDENT)) out.push(dim ? style.dim(line) : line);
  };
  const link = (url: string) => out.push(...linkLines(url, width, INDENT));
  const quote = () =>
    out.push(...block(emphasise(statement.quote, marks, style), width, `${INDENT}│ `, `${INDENT}│ `));
  if (a.readable || a.record === null) {
    quote();
    if (a.record) para(`${oursLabel.record}: ${a.record}`);
  } else if (verbatim) {
    quote();
    para(`${oursLabel.described}: ${a.record}`);
  } else {
    para(`${oursLabel.described}: ${a.record}`);
    para(`${garbledLabel}: type “${options.command(`verbatim ${statement.id}`)}” to see them.`, true);
  }
  if (a.ownWords) para(`${a.ownWords.label}: “${a.ownWords.quote}”`);
  if (a.said) para(a.said);
  para(`${a.sourceLead} ${documentText(a.source)}`);
  if (statement.source.url) link(statement.source.url);
  if (a.original) {
    para(`The original: ${documentText(a.original)}`);
    if (a.original.url) link(a.original.url);
  }
  if (a.note) para(`${oursLabel.note}: ${a.note}`, true);
  return out;
}

function renderQuote(
  hit: QuoteHit,
  number: number,
  options: Required<TerminalOptions>,
  style: Style,
  verbatim = false,
): string[] {
  const { statement } = hit;
  const { width } = options;
  const a = attribute(statement);
  const out = block(`${stanceLabel[statement.stance]} · ${a.lead}`, width, `[${number}] `, INDENT);
  out.push(...block(statement.title, width, INDENT).map(style.bold));
  out.push(...quoteSection(statement, hit.marks, options, style, verbatim));
  const sides = [
    ...(statement.answeredBy.length > 0 ? [`answered by ${statement.answeredBy.length}`] : []),
    ...(statement.respondsTo.length > 0 ? [`answers ${statement.respondsTo.length}`] : []),
  ];
  if (sides.length > 0) {
    const how = options.command(`side ${statement.id}`);
    out.push(...block(`Other side (${sides.join(', ')}): ${how}`, width, INDENT).map(style.dim));
  }
  return out;
}

function renderEvent(
  hit: EventHit,
  number: number,
  options: Required<TerminalOptions>,
  style: Style,
): string[] {
  const { event } = hit;
  const { width } = options;
  const out = block(
    `${style.bold(formatDate(event.date))} · ${statusLabel[event.status]}${event.who ? ` · ${event.who}` : ''}`,
    width,
    `[${number}] `,
    INDENT,
  );
  out.push(...block(`${oursLabel.summary}: ${emphasise(event.summary, hit.marks, style)}`, width, INDENT));
  // Each quote comes with the same attribution, record and note as on its own.
  for (const statement of event.statements) {
    out.push(...block(`${attribute(statement).lead}:`, width, INDENT));
    out.push(...quoteSection(statement, [], options, style));
  }
  for (const document of event.documents) {
    out.push(...block(`Source: ${documentText(documentLine(document))}`, width, INDENT).map(style.dim));
    if (document.url) out.push(...linkLines(document.url, width, INDENT).map(style.dim));
  }
  if (event.basis) out.push(...block(`${oursLabel.basis}: ${event.basis}`, width, INDENT).map(style.dim));
  if (event.disputedBy.length > 0) {
    const dates = event.disputedBy.map((other) => formatDate(other.date)).join(', ');
    out.push(...block(`Accounts differ: see also ${dates}`, width, INDENT).map(style.dim));
  }
  return out;
}

function renderHit(hit: Hit, number: number, options: Required<TerminalOptions>, style: Style): string[] {
  return hit.type === 'statement'
    ? renderQuote(hit, number, options, style)
    : renderEvent(hit, number, options, style);
}

function footer(answer: { hits: readonly unknown[]; page: number; pageSize: number }, hint: string): string {
  const first = answer.page * answer.pageSize + 1;
  const last = Math.min(answer.hits.length, first + answer.pageSize - 1);
  const more = answer.page + 1 < pageCount(answer) ? ` ${hint}` : '';
  return `Showing ${first}–${last} of ${answer.hits.length}.${more}`;
}

function renderResults(answer: ResultsAnswer, options: Required<TerminalOptions>, style: Style): string {
  const query = answer.query.trim();
  const title = answer.closest ? closestWording.heading : modeHeading[answer.mode];
  const heading = query ? `${title} ${answer.closest ? 'to' : 'for'} “${query}”` : title;
  const out = block(heading, options.width, '').map(style.bold);
  if (answer.closest) out.push(...block(closestWording.note, options.width, '').map(style.dim));
  for (const note of answer.notes) out.push(...block(note, options.width, '').map(style.dim));
  const first = answer.page * answer.pageSize + 1;
  pageHits<Hit>(answer).forEach((hit, index) => {
    out.push('', ...renderHit(hit, first + index, options, style));
  });
  out.push('', ...block(footer(answer, options.moreHint), options.width, '').map(style.dim));
  return out.join('\n');
}

function renderEmpty(answer: EmptyAnswer, options: Required<TerminalOptions>, style: Style): string {
  const what =
    answer.reason === 'no-words' ? 'That has no words to search for.' : 'The sources do not cover that.';
  return [
    ...block(what, options.width, ''),
    ...block(
      'Receipts only answers from its sources, so it will not guess. Try one of these:',
      options.width,
      '',
    ),
    ...answer.suggestions.flatMap((suggestion) =>
      block(options.command(suggestion), options.width, '  ', '    ').map(style.bold),
    ),
  ].join('\n');
}

function renderOtherSide(answer: OtherSideAnswer, options: Required<TerminalOptions>, style: Style): string {
  const heading = `${otherSideHeading(answer.statement)}: ${answer.statement.title}`;
  const out = block(heading, options.width, '').map(style.bold);
  pageHits(answer).forEach((hit, index) => {
    out.push('', ...renderQuote(hit, answer.page * answer.pageSize + index + 1, options, style));
  });
  out.push('', ...block(footer(answer, options.moreHint), options.width, '').map(style.dim));
  return out.join('\n');
}

function renderVerbatim(answer: VerbatimAnswer, options: Required<TerminalOptions>, style: Style): string {
  const { statement } = answer;
  const heading = statement.readable ? 'Word for word' : `${garbledLabel}, word for word`;
  const hit: QuoteHit = { type: 'statement', statement, marks: [] };
  return [
    ...block(heading, options.width, '').map(style.bold),
    '',
    ...renderQuote(hit, 1, options, style, true),
  ].join('\n');
}

function renderSources(answer: SourcesAnswer, options: Required<TerminalOptions>, style: Style): string {
  const { width } = options;
  const out = [style.bold('Sources')];
  for (const document of answer.documents) {
    out.push(
      '',
      ...block(document.title, width, '').map(style.bold),
      ...block(`${document.publisher}, ${formatDate(document.date)} · ${holding(document)}`, width, '    '),
    );
    if (document.author) out.push(...block(`by ${document.author}`, width, '    '));
    if (document.url) {
      out.push(...linkLines(document.url, width, '    ', document.urlConfirmed ? '' : '(link not verified)'));
    }
  }
  return out.join('\n');
}

function renderAbout(answer: AboutAnswer, options: Required<TerminalOptions>, style: Style): string {
  const { meta, counts } = answer;
  const { width } = options;
  const asOf = formatDate({ iso: meta.asOf, precision: 'day', qualifier: null, confirmed: true });
  const column = Math.max(...answer.usage.map(({ command }) => options.command(command).length)) + 1;
  return [
    ...block(`Receipts — ${meta.title}`, width, '').map(style.bold),
    ...block(meta.description, width, ''),
    ...block(
      `Pack ${meta.id} ${meta.version}, as of ${asOf}: ` +
        `${counts.statements} statements, ${counts.events} timeline events, ${counts.documents} documents.`,
      width,
      '',
    ),
    ...block(
      'Every quote is checked, character for character, against its source; our own words are labelled as ours.',
      width,
      '',
    ),
    '',
    ...answer.usage.flatMap(({ command, does }) =>
      block(does, width, `  ${style.bold(options.command(command).padEnd(column))}`, ' '.repeat(column + 2)),
    ),
  ].join('\n');
}

/** Renders any answer as terminal text. */
export function renderTerminal(answer: Answer, options: TerminalOptions = {}): string {
  const resolved: Required<TerminalOptions> = {
    color: options.color ?? false,
    width: options.width ?? DEFAULT_WIDTH,
    moreHint: options.moreHint ?? 'Type “more” for the next page.',
    command: options.command ?? ((typed) => typed),
  };
  const style: Style = resolved.color
    ? { bold: (text) => styleText('bold', text), dim: (text) => styleText('dim', text) }
    : { bold: (text) => text, dim: (text) => text };
  switch (answer.kind) {
    case 'results':
      return renderResults(answer, resolved, style);
    case 'empty':
      return renderEmpty(answer, resolved, style);
    case 'other-side':
      return renderOtherSide(answer, resolved, style);
    case 'verbatim':
      return renderVerbatim(answer, resolved, style);
    case 'sources':
      return renderSources(answer, resolved, style);
    case 'about':
      return renderAbout(answer, resolved, style);
  }
}
