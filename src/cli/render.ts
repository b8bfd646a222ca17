/**
 * Answers laid out for a terminal: the quote set off by a bar (so it never looks like our
 * words), matched words in bold when colour is on, then the attribution, link and notes. Every
 * line fits the width, except a link too long for it: a link is never broken, so it stands on a
 * line of its own and the terminal folds it.
 */
import { styleText } from 'node:util';
import { attribute, type DocumentLine, viaLead } from '../answers/attribution.js';
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
  shownHits,
} from '../answers/types.js';
import { formatDate } from '../knowledge/dates.js';

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

const MODE_TITLE: Record<ResultsAnswer['mode'], string> = {
  claim: 'Claims',
  denial: 'Responses',
  timeline: 'Timeline',
  ask: 'From the sources',
  check: 'Sources bearing on this',
};

const STANCE_GROUP = { claim: 'Claims', denial: 'Responses', context: 'Context' } as const;

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

function documentText(line: DocumentLine): string {
  const caveats = line.caveats.length > 0 ? ` (${line.caveats.join('; ')})` : '';
  const title = line.titleIsOurs ? line.title : `“${line.title}”`;
  return `${title}, ${line.publisher}, ${line.date}${caveats}`;
}

function renderQuote(
  hit: QuoteHit,
  number: number,
  options: Required<TerminalOptions>,
  style: Style,
): string[] {
  const { statement } = hit;
  const { width } = options;
  const a = attribute(statement);
  const indent = '    ';
  const out = block(style.bold(statement.title), width, `[${number}] `, indent);
  out.push(...block(emphasise(statement.quote, hit.marks, style), width, `${indent}│ `, `${indent}│ `));
  out.push(...block(`${a.speaker} · ${a.said}`, width, `${indent}— `));
  out.push(...block(`${viaLead(a)} ${documentText(a.source)}`, width, `${indent}  `));
  if (a.source.url) out.push(...linkLines(a.source.url, width, `${indent}  `));
  if (a.original && a.original.title !== a.source.title) {
    out.push(...block(`original: ${documentText(a.original)}`, width, `${indent}  `));
    if (a.original.url) out.push(...linkLines(a.original.url, width, `${indent}  `));
  }
  if (statement.note) {
    out.push(...block(`Editor's note (ours): ${statement.note}`, width, indent).map(style.dim));
  }
  const sides = [
    ...(statement.answeredBy.length > 0 ? [`answered by ${statement.answeredBy.length}`] : []),
    ...(statement.respondsTo.length > 0 ? [`answers ${statement.respondsTo.length}`] : []),
  ];
  if (sides.length > 0) {
    const how = options.command(`side ${statement.id}`);
    out.push(...block(`Other side (${sides.join(', ')}): ${how}`, width, indent).map(style.dim));
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
  const indent = '    ';
  const status = event.status === 'alleged' ? 'alleged' : 'established';
  const out = block(
    `${style.bold(formatDate(event.date))} · ${status}${event.who ? ` · ${event.who}` : ''}`,
    width,
    `[${number}] `,
    indent,
  );
  out.push(...block(emphasise(event.summary, hit.marks, style), width, indent));
  for (const statement of event.statements) {
    const a = attribute(statement);
    out.push(...block(statement.quote, width, `${indent}│ `, `${indent}│ `));
    out.push(...block(`— ${a.speaker} · ${a.said}`, width, indent));
  }
  for (const document of event.documents) {
    out.push(...block(`Source: “${document.title}”, ${document.publisher}`, width, indent).map(style.dim));
    if (document.url) out.push(...linkLines(document.url, width, `${indent}  `));
  }
  if (event.basis) out.push(...block(`Basis (ours): ${event.basis}`, width, indent).map(style.dim));
  if (event.disputedBy.length > 0) {
    const dates = event.disputedBy.map((other) => formatDate(other.date)).join(', ');
    out.push(...block(`Accounts differ: see also ${dates}`, width, indent).map(style.dim));
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
  const heading = answer.query.trim()
    ? `${MODE_TITLE[answer.mode]} for “${answer.query.trim()}”`
    : MODE_TITLE[answer.mode];
  const out = block(heading, options.width, '').map(style.bold);
  for (const note of answer.notes) out.push(...block(note, options.width, '').map(style.dim));
  const hits = shownHits(answer);
  const first = answer.page * answer.pageSize + 1;
  const grouped = answer.mode === 'ask' || answer.mode === 'check';
  let group = '';
  hits.forEach((hit, index) => {
    if (grouped && hit.type === 'statement' && STANCE_GROUP[hit.statement.stance] !== group) {
      group = STANCE_GROUP[hit.statement.stance];
      out.push('', style.bold(`— ${group} —`));
    }
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
  const label = answer.statement.stance === 'claim' ? 'Responses to' : 'What this responds to:';
  const out = block(`${label} “${answer.statement.title}”`, options.width, '').map(style.bold);
  pageHits(answer).forEach((hit, index) => {
    out.push('', ...renderQuote(hit, answer.page * answer.pageSize + index + 1, options, style));
  });
  out.push('', ...block(footer(answer, options.moreHint), options.width, '').map(style.dim));
  return out.join('\n');
}

function renderSources(answer: SourcesAnswer, options: Required<TerminalOptions>, style: Style): string {
  const { width } = options;
  const out = [style.bold('Sources')];
  for (const document of answer.documents) {
    const held = document.text === null ? 'cited by metadata' : 'quoted';
    out.push(
      '',
      ...block(document.title, width, '').map(style.bold),
      ...block(`${document.publisher}, ${formatDate(document.date)} · ${held}`, width, '    '),
    );
    if (document.author) out.push(...block(`by ${document.author}`, width, '    '));
    if (document.url) {
      out.push(
        ...linkLines(document.url, width, '    ', document.urlConfirmed ? '' : '(address unconfirmed)'),
      );
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
    case 'sources':
      return renderSources(answer, resolved, style);
    case 'about':
      return renderAbout(answer, resolved, style);
  }
}
