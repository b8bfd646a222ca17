/**
 * A source's text as the web shows it: its paragraphs (split at blank lines, every character
 * kept), with quoted passages marked where they stand. A statement's page shows a window of
 * paragraphs around its quote; a source's page shows the whole text with every passage marked.
 */
import type { Statement } from '../knowledge/types.js';
import { type Fragment, type Html, html } from './html.js';

/** Paragraphs of context shown on each side of a quote. */
export const CONTEXT_PARAGRAPHS = 2;

/** A paragraph: a range of the text, without the blank lines around it. */
export interface Paragraph {
  readonly start: number;
  readonly end: number;
}

/** A passage to mark: a range of the text, the page it links to (if any) and the anchor it starts. */
export interface Highlight {
  readonly start: number;
  readonly end: number;
  readonly href: string | null;
  readonly anchor: string;
  readonly title: string;
}

/** The paragraphs of a text. */
export function paragraphsOf(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const blank = /\n[ \t]*\n\s*/g;
  let at = 0;
  const push = (start: number, end: number) => {
    const body = text.slice(start, end);
    const lead = body.length - body.trimStart().length;
    const trail = body.length - body.trimEnd().length;
    if (end - trail > start + lead) paragraphs.push({ start: start + lead, end: end - trail });
  };
  for (const match of text.matchAll(blank)) {
    push(at, match.index);
    at = match.index + match[0].length;
  }
  push(at, text.length);
  return paragraphs;
}

/** The passage of the text a statement quotes. */
export function quotedRange(statement: Statement): { start: number; end: number } {
  return { start: statement.offset, end: statement.offset + statement.quote.length };
}

function lines(text: string): Html {
  return html`${text.split('\n').map((line, index) => html`${index > 0 ? html`<br>` : null}${line}`)}`;
}

/** One paragraph with the highlights that fall in it. */
function paragraphHtml(text: string, paragraph: Paragraph, highlights: readonly Highlight[]): Html {
  const inside = highlights.filter((h) => h.start < paragraph.end && h.end > paragraph.start);
  const cuts = new Set([paragraph.start, paragraph.end]);
  for (const h of inside) {
    cuts.add(Math.max(h.start, paragraph.start));
    cuts.add(Math.min(h.end, paragraph.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const parts: Fragment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    const covering = inside.filter((h) => h.start <= start && h.end >= end);
    const piece = lines(text.slice(start, end));
    const first = covering[0];
    if (!first) {
      parts.push(piece);
      continue;
    }
    // Anchors for every passage that starts here; the link goes to the first passage covering it.
    const anchors = covering.filter((h) => h.start === start);
    const classes = [h(first.start === start, 'begins'), h(first.end === end, 'ends')]
      .filter(Boolean)
      .join(' ');
    const body = first.href ? html`<a href="${first.href}">${piece}</a>` : piece;
    const [own, ...more] = anchors;
    parts.push(
      html`${more.map((a) => html`<span id="${a.anchor}"></span>`)}<mark${own ? html` id="${own.anchor}"` : null}${classes ? html` class="${classes}"` : null} title="${first.title}">${body}</mark>`,
    );
  }
  return html`<p>${parts}</p>`;
}

function h(condition: boolean, name: string): string | null {
  return condition ? name : null;
}

/** The whole text, every highlight marked. */
export function wholeTextHtml(text: string, highlights: readonly Highlight[]): Html {
  return html`${paragraphsOf(text).map((paragraph) => html`${paragraphHtml(text, paragraph, highlights)}\n`)}`;
}

/**
 * The paragraphs holding a highlight and {@link CONTEXT_PARAGRAPHS} either side, with a line
 * saying where text is left out.
 */
export function windowHtml(
  text: string,
  highlight: Highlight,
  whole: string,
  around = CONTEXT_PARAGRAPHS,
): Html {
  const paragraphs = paragraphsOf(text);
  const first = paragraphs.findIndex((p) => p.end > highlight.start);
  const last = paragraphs.findLastIndex((p) => p.start < highlight.end);
  const from = Math.max(0, first - around);
  const to = Math.min(paragraphs.length, last + around + 1);
  const gap = (what: string) => html`<p class="gap"><a href="${whole}">${what}</a></p>`;
  return html`${from > 0 ? gap(`… ${from} earlier paragraph${from === 1 ? '' : 's'}: read the whole text`) : null}
${paragraphs.slice(from, to).map((p) => html`${paragraphHtml(text, p, [highlight])}\n`)}
${to < paragraphs.length ? gap(`… ${paragraphs.length - to} more paragraph${paragraphs.length - to === 1 ? '' : 's'}: read the whole text`) : null}`;
}
