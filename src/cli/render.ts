/**
 * Answers laid out for a terminal: the quote set off by a bar (so it never looks like our
 * words), matched words in bold when colour is on, then the attribution, link and notes.
 */
import { styleText } from 'node:util';
import { attribute, type DocumentLine, documentLine, holding } from '../answers/attribution.js';
import {
  garbledLabel,
  modeHeading,
  otherSideHeading,
  oursLabel,
  stanceGroup,
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
  shownHits,
  type VerbatimAnswer,
} from '../answers/types.js';
import { formatDate } from '../knowledge/dates.js';
import type { Statement } from '../knowledge/types.js';

/** Terminal rendering options. */
export interface TerminalOptions {
  /** Use bold and dim (ANSI). Default false. */
  readonly color?: boolean;
  /** Wrap text at this many columns. Default 88. */
  readonly width?: number;
  /** How to ask for the next page; shown when there is one. Default: type “more”. */
  readonly moreHint?: string;
}

interface Style {
  bold(text: string): string;
  dim(text: string): string;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
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
  const width = options.width - INDENT.length;
  const out: string[] = [];
  const para = (text: string, dim = false) => {
    for (const line of wrap(text, width)) out.push(`${INDENT}${dim ? style.dim(line) : line}`);
  };
  const quote = () => {
    for (const line of wrap(emphasise(statement.quote, marks, style), width - 2))
      out.push(`${INDENT}│ ${line}`);
  };
  if (a.readable || a.record === null) {
    quote();
    if (a.record) para(`${oursLabel.record}: ${a.record}`);
  } else if (verbatim) {
    quote();
    para(`${oursLabel.described}: ${a.record}`);
  } else {
    para(`${oursLabel.described}: ${a.record}`);
    para(`${garbledLabel}: type “verbatim ${statement.id}” to see them.`, true);
  }
  if (a.ownWords) para(`${a.ownWords.label}: “${a.ownWords.quote}”`);
  if (a.said) para(a.said);
  para(`${a.sourceLead} ${documentText(a.source)}`);
  if (statement.source.url) out.push(`${INDENT}${statement.source.url}`);
  if (a.original) {
    para(`The original: ${documentText(a.original)}`);
    if (a.original.url) out.push(`${INDENT}${a.original.url}`);
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
  const a = attribute(statement);
  const out = [`[${number}] ${stanceLabel[statement.stance]} · ${a.lead}`];
  for (const line of wrap(statement.title, options.width - INDENT.length))
    out.push(`${INDENT}${style.bold(line)}`);
  out.push(...quoteSection(statement, hit.marks, options, style, verbatim));
  const sides = [
    ...(statement.answeredBy.length > 0 ? [`answered by ${statement.answeredBy.length}`] : []),
    ...(statement.respondsTo.length > 0 ? [`answers ${statement.respondsTo.length}`] : []),
  ];
  if (sides.length > 0)
    out.push(`${INDENT}${style.dim(`Other side (${sides.join(', ')}): side ${statement.id}`)}`);
  return out;
}

function renderEvent(
  hit: EventHit,
  number: number,
  options: Required<TerminalOptions>,
  style: Style,
): string[] {
  const { event } = hit;
  const width = options.width - INDENT.length;
  const out = [
    `[${number}] ${style.bold(formatDate(event.date))} · ${statusLabel[event.status]}${event.who ? ` · ${event.who}` : ''}`,
  ];
  for (const line of wrap(`${oursLabel.summary}: ${emphasise(event.summary, hit.marks, style)}`, width))
    out.push(`${INDENT}${line}`);
  // Each quote comes with the same attribution, record and note as on its own.
  for (const statement of event.statements) {
    for (const line of wrap(`${attribute(statement).lead}:`, width)) out.push(`${INDENT}${line}`);
    out.push(...quoteSection(statement, [], options, style));
  }
  for (const document of event.documents) {
    for (const line of wrap(`Source: ${documentText(documentLine(document))}`, width))
      out.push(`${INDENT}${style.dim(line)}`);
    if (document.url) out.push(`${INDENT}${style.dim(document.url)}`);
  }
  if (event.basis) {
    for (const line of wrap(`${oursLabel.basis}: ${event.basis}`, width))
      out.push(`${INDENT}${style.dim(line)}`);
  }
  if (event.disputedBy.length > 0) {
    out.push(
      `${INDENT}${style.dim(`Accounts differ: see also ${event.disputedBy.map((other) => formatDate(other.date)).join(', ')}`)}`,
    );
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
    ? `${modeHeading[answer.mode]} for “${answer.query.trim()}”`
    : modeHeading[answer.mode];
  const out = [style.bold(heading)];
  for (const note of answer.notes) out.push(style.dim(note));
  const hits = shownHits(answer);
  const first = answer.page * answer.pageSize + 1;
  const grouped = answer.mode === 'ask' || answer.mode === 'check';
  let group = '';
  hits.forEach((hit, index) => {
    if (grouped && hit.type === 'statement' && stanceGroup[hit.statement.stance] !== group) {
      group = stanceGroup[hit.statement.stance];
      out.push('', style.bold(`— ${group} —`));
    }
    out.push('', ...renderHit(hit, first + index, options, style));
  });
  out.push('', style.dim(footer(answer, options.moreHint)));
  return out.join('\n');
}

function renderEmpty(answer: EmptyAnswer, style: Style): string {
  const what =
    answer.reason === 'no-words' ? 'That has no words to search for.' : 'The sources do not cover that.';
  return [
    what,
    'Receipts only answers from its sources, so it will not guess. Try one of these:',
    ...answer.suggestions.map((suggestion) => `  ${style.bold(suggestion)}`),
  ].join('\n');
}

function renderOtherSide(answer: OtherSideAnswer, options: Required<TerminalOptions>, style: Style): string {
  const out = [style.bold(`${otherSideHeading(answer.statement)}: ${answer.statement.title}`)];
  pageHits(answer).forEach((hit, index) => {
    out.push('', ...renderQuote(hit, answer.page * answer.pageSize + index + 1, options, style));
  });
  out.push('', style.dim(footer(answer, options.moreHint)));
  return out.join('\n');
}

function renderVerbatim(answer: VerbatimAnswer, options: Required<TerminalOptions>, style: Style): string {
  const { statement } = answer;
  const heading = statement.readable ? 'Word for word' : `${garbledLabel}, word for word`;
  const hit: QuoteHit = { type: 'statement', statement, marks: [] };
  return [style.bold(heading), '', ...renderQuote(hit, 1, options, style, true)].join('\n');
}

function renderSources(answer: SourcesAnswer, style: Style): string {
  const out = [style.bold('Sources')];
  for (const document of answer.documents) {
    out.push(
      '',
      `${style.bold(document.title)}`,
      `    ${document.publisher}, ${formatDate(document.date)} · ${holding(document)}`,
    );
    if (document.author) out.push(`    by ${document.author}`);
    if (document.url) out.push(`    ${document.url}${document.urlConfirmed ? '' : ' (link not verified)'}`);
  }
  return out.join('\n');
}

function renderAbout(answer: AboutAnswer, style: Style): string {
  const { meta, counts } = answer;
  return [
    style.bold(`Receipts — ${meta.title}`),
    meta.description,
    `Pack ${meta.id} ${meta.version}, as of ${formatDate({ iso: meta.asOf, precision: 'day', qualifier: null, confirmed: true })}: ` +
      `${counts.statements} statements, ${counts.events} timeline events, ${counts.documents} documents.`,
    'Every quote is checked, character for character, against its source; our own words are labelled as ours.',
    '',
    ...answer.usage.map(({ command, does }) => `  ${style.bold(command.padEnd(10))} ${does}`),
  ].join('\n');
}

/** Renders any answer as terminal text. */
export function renderTerminal(answer: Answer, options: TerminalOptions = {}): string {
  const resolved = {
    color: options.color ?? false,
    width: options.width ?? 88,
    moreHint: options.moreHint ?? 'Type “more” for the next page.',
  };
  const style: Style = resolved.color
    ? { bold: (text) => styleText('bold', text), dim: (text) => styleText('dim', text) }
    : { bold: (text) => text, dim: (text) => text };
  switch (answer.kind) {
    case 'results':
      return renderResults(answer, resolved, style);
    case 'empty':
      return renderEmpty(answer, style);
    case 'other-side':
      return renderOtherSide(answer, resolved, style);
    case 'verbatim':
      return renderVerbatim(answer, resolved, style);
    case 'sources':
      return renderSources(answer, style);
    case 'about':
      return renderAbout(answer, style);
  }
}
