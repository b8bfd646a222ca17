/**
 * Answers laid out for a terminal: the quote set off by a bar (so it never looks like our
 * words), matched words in bold when colour is on, then the attribution, link and notes.
 */
import { styleText } from 'node:util';
import { closestWording } from '../answers/answer.js';
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
} from '../answers/types.js';
import { formatDate } from '../knowledge/dates.js';

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

const MODE_TITLE: Record<ResultsAnswer['mode'], string> = {
  claim: 'Claims',
  denial: 'Responses',
  timeline: 'Timeline',
  ask: 'From the sources',
  check: 'Sources bearing on this',
};

const STANCE_LABEL = { claim: 'Claim', denial: 'Response', context: 'Context' } as const;

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
  labelled = false,
): string[] {
  const { statement } = hit;
  const a = attribute(statement);
  const indent = '    ';
  const label = labelled ? `${STANCE_LABEL[statement.stance]} · ` : '';
  const out = [`[${number}] ${label}${style.bold(statement.title)}`];
  for (const line of wrap(emphasise(statement.quote, hit.marks, style), options.width - 6))
    out.push(`${indent}│ ${line}`);
  const [who, ...more] = wrap(`${a.speaker} · ${a.said}`, options.width - 6);
  out.push(`${indent}— ${who}`, ...more.map((line) => `${indent}  ${line}`));
  for (const line of wrap(`${viaLead(a)} ${documentText(a.source)}`, options.width - 6))
    out.push(`${indent}  ${line}`);
  if (a.source.url) out.push(`${indent}  ${a.source.url}`);
  if (a.original && a.original.title !== a.source.title) {
    for (const line of wrap(`original: ${documentText(a.original)}`, options.width - 6))
      out.push(`${indent}  ${line}`);
    if (a.original.url) out.push(`${indent}  ${a.original.url}`);
  }
  if (statement.note) {
    for (const line of wrap(`Editor's note (ours): ${statement.note}`, options.width - 4))
      out.push(`${indent}${style.dim(line)}`);
  }
  const sides = [
    ...(statement.answeredBy.length > 0 ? [`answered by ${statement.answeredBy.length}`] : []),
    ...(statement.respondsTo.length > 0 ? [`answers ${statement.respondsTo.length}`] : []),
  ];
  if (sides.length > 0)
    out.push(`${indent}${style.dim(`Other side (${sides.join(', ')}): side ${statement.id}`)}`);
  return out;
}

function renderEvent(
  hit: EventHit,
  number: number,
  options: Required<TerminalOptions>,
  style: Style,
): string[] {
  const { event } = hit;
  const indent = '    ';
  const status = event.status === 'alleged' ? 'alleged' : 'established';
  const out = [
    `[${number}] ${style.bold(formatDate(event.date))} · ${status}${event.who ? ` · ${event.who}` : ''}`,
  ];
  for (const line of wrap(emphasise(event.summary, hit.marks, style), options.width - 4))
    out.push(`${indent}${line}`);
  for (const statement of event.statements) {
    const a = attribute(statement);
    const quote = wrap(statement.quote, options.width - 6);
    for (const line of quote) out.push(`${indent}│ ${line}`);
    for (const line of wrap(`— ${a.speaker} · ${a.said}`, options.width - 4)) out.push(`${indent}${line}`);
  }
  for (const document of event.documents) {
    out.push(
      `${indent}${style.dim(`Source: “${document.title}”, ${document.publisher}`)}${document.url ? ` ${document.url}` : ''}`,
    );
  }
  if (event.basis) out.push(`${indent}${style.dim(`Basis (ours): ${event.basis}`)}`);
  if (event.disputedBy.length > 0) {
    out.push(
      `${indent}${style.dim(`Accounts differ: see also ${event.disputedBy.map((other) => formatDate(other.date)).join(', ')}`)}`,
    );
  }
  return out;
}

function renderHit(
  hit: Hit,
  number: number,
  options: Required<TerminalOptions>,
  style: Style,
  labelled: boolean,
): string[] {
  return hit.type === 'statement'
    ? renderQuote(hit, number, options, style, labelled)
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
  const title = answer.closest ? closestWording.heading : MODE_TITLE[answer.mode];
  const heading = query ? `${title} ${answer.closest ? 'to' : 'for'} “${query}”` : title;
  const out = [style.bold(heading)];
  if (answer.closest) out.push(style.dim(closestWording.note));
  for (const note of answer.notes) out.push(style.dim(note));
  const first = answer.page * answer.pageSize + 1;
  // Where stances mix, each quote says which it is.
  const labelled = answer.mode === 'ask' || answer.mode === 'check';
  pageHits<Hit>(answer).forEach((hit, index) => {
    out.push('', ...renderHit(hit, first + index, options, style, labelled));
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
  const label = answer.statement.stance === 'claim' ? 'Responses to' : 'What this responds to:';
  const out = [style.bold(`${label} “${answer.statement.title}”`)];
  pageHits(answer).forEach((hit, index) => {
    out.push('', ...renderQuote(hit, answer.page * answer.pageSize + index + 1, options, style));
  });
  out.push('', style.dim(footer(answer, options.moreHint)));
  return out.join('\n');
}

function renderSources(answer: SourcesAnswer, style: Style): string {
  const out = [style.bold('Sources')];
  for (const document of answer.documents) {
    const held = document.text === null ? 'cited by metadata' : 'quoted';
    out.push(
      '',
      `${style.bold(document.title)}`,
      `    ${document.publisher}, ${formatDate(document.date)} · ${held}`,
    );
    if (document.author) out.push(`    by ${document.author}`);
    if (document.url) out.push(`    ${document.url}${document.urlConfirmed ? '' : ' (address unconfirmed)'}`);
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
    case 'sources':
      return renderSources(answer, style);
    case 'about':
      return renderAbout(answer, style);
  }
}
