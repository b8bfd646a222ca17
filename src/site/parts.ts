/**
 * The pieces every page (and the search page, in the browser) is built from: a statement with
 * its quote and attribution, a timeline event, a document's line. The attribution and its labels
 * come from src/answers (attribution.ts, labels.ts) as they do for Discord and the terminal;
 * these only lay them out, in the same order. A quote is always a `<blockquote>` of the source's
 * exact characters; our words (titles, summaries, the record, editor's notes) are never inside
 * one nor in quotation marks, and the record, notes and summaries say they are ours.
 */
import { attribute, type DocumentLine, documentLine } from '../answers/attribution.js';
import { garbledLabel, oursLabel, stanceLabel, statusLabel } from '../answers/labels.js';
import type { Mark } from '../answers/types.js';
import { formatDate } from '../knowledge/dates.js';
import type { Document, Statement, TimelineEvent } from '../knowledge/types.js';
import { type Fragment, type Html, html } from './html.js';
import { sitePaths } from './paths.js';

/** Turns a site path into the href to use from the page being built. */
export type Linker = (path: string) => string;

/** A date as people read it, in a `<time>` element a machine can read too. */
export function dateHtml(date: Document['date'], text = formatDate(date)): Html {
  return html`<time datetime="${date.iso}">${text}</time>`;
}

/** Quote text with its matched words emphasised; the characters are the quote's own. */
export function markedText(text: string, marks: readonly Mark[]): Html {
  const parts: Fragment[] = [];
  let at = 0;
  for (const [start, end] of marks) {
    parts.push(text.slice(at, start), html`<strong>${text.slice(start, end)}</strong>`);
    at = end;
  }
  parts.push(text.slice(at));
  return html`${parts}`;
}

/** A document as an attribution names it: its title linked to its page here, publisher, date, caveats. */
export function documentHtml(document: Document, line: DocumentLine, link: Linker): Html {
  const title = line.titleIsOurs ? line.title : `“${line.title}”`;
  const caveats =
    line.caveats.length > 0 ? html` <span class="meta">(${line.caveats.join('; ')})</span>` : null;
  const rest = [line.publisher, line.date].flatMap((part) => (part ? [`, ${part}`] : []));
  return html`<a href="${link(sitePaths.source(document.id))}">${title}</a>${rest}${caveats}`;
}

/**
 * What stands where the quote is: the quote, a block quotation of the source's exact characters,
 * or, for a passage garbled past reading, what it reports in our words (marked as ours) with its
 * words one click away.
 */
function quoteHtml(statement: Statement, marks: readonly Mark[] = []): Html {
  const a = attribute(statement);
  const cite = statement.source.url ? html` cite="${statement.source.url}"` : null;
  const quote = html`<blockquote${cite}><p>${markedText(statement.quote, marks)}</p></blockquote>`;
  if (a.readable || a.record === null) return quote;
  return html`<p class="ours described"><span class="label">${oursLabel.described}:</span> ${a.record}</p>
<details class="garbled"><summary>${garbledLabel}</summary>
${quote}
</details>`;
}

/** Directly beneath the quote: what the record says, in our words, and the speaker's own words. */
function recordHtml(statement: Statement, link: Linker): Html {
  const a = attribute(statement);
  const record =
    a.record !== null && a.readable
      ? html`<p class="ours record"><span class="label">${oursLabel.record}:</span> ${a.record}</p>`
      : null;
  const own = a.ownWords
    ? html`<p class="own-words"><a href="${link(sitePaths.statement(a.ownWords.statementId))}">${a.ownWords.label}</a>: “${a.ownWords.quote}”</p>`
    : null;
  return html`${record}${own}`;
}

/** After the quote and its record: who said it, where and when; the document holding the words; the original. */
function attributionHtml(statement: Statement, link: Linker): Html {
  const a = attribute(statement);
  const original =
    a.original && statement.original
      ? html`<p>The original: ${documentHtml(statement.original, a.original, link)}</p>`
      : null;
  return html`<div class="attribution">
${a.said ? html`<p>${a.said}</p>` : null}
<p>${a.sourceLead} ${documentHtml(statement.source, a.source, link)}</p>
${original}
</div>`;
}

/** An editor's note, labelled as ours. */
function noteHtml(note: string | null): Html | null {
  return note === null
    ? null
    : html`<p class="ours"><span class="label">${oursLabel.note}:</span> ${note}</p>`;
}

/** Options of a quote with its attribution. */
export interface QuotedOptions {
  /** Matched words to emphasise in the quote. */
  readonly marks?: readonly Mark[];
  /** Show the editor's note. Default true. */
  readonly note?: boolean;
}

/**
 * A quote with everything said about it, in the order every surface keeps: whose words they are
 * (the caption, first), the quote, what the record says directly beneath it, who said it where
 * and when, the source and the original, and our note.
 */
export function quotedHtml(statement: Statement, link: Linker, options: QuotedOptions = {}): Html {
  const a = attribute(statement);
  return html`<figure class="quote ${statement.stance}" data-statement="${statement.id}">
<figcaption class="words-by">${a.lead}</figcaption>
${quoteHtml(statement, options.marks)}
${recordHtml(statement, link)}
${attributionHtml(statement, link)}
${options.note === false ? null : noteHtml(a.note)}
</figure>`;
}

/** Options of a statement card. */
export interface CardOptions extends QuotedOptions {
  /** The card's heading level. Default 3. */
  readonly level?: 2 | 3 | 4;
}

/** A statement in a list: its title linking to its page, stance, then the quote with its attribution. */
export function statementCard(statement: Statement, link: Linker, options: CardOptions = {}): Html {
  const level = options.level ?? 3;
  const heading = html`<h${level}><a href="${link(sitePaths.statement(statement.id))}">${statement.title}</a></h${level}>`;
  return html`<article class="card ${statement.stance}" data-statement="${statement.id}">
${heading}
<p class="stance meta">${stanceLabel[statement.stance]}</p>
${quotedHtml(statement, link, options)}
</article>`;
}

/** Options of a timeline event's card. */
export interface EventCardOptions {
  /** Matched words to emphasise in the summary. */
  readonly marks?: readonly Mark[];
  /** Link the heading to the event on the timeline (where the card is shown elsewhere). Default false. */
  readonly linked?: boolean;
}

/** A timeline event: its date and status, our summary, the quotes and documents behind it. */
export function eventCard(event: TimelineEvent, link: Linker, options: EventCardOptions = {}): Html {
  const marks = options.marks ?? [];
  const after = [statusLabel[event.status], event.who].filter(Boolean).join(' · ');
  const title = html`${dateHtml(event.date)} · ${after}`;
  // Each quote comes with the same attribution, record and note as on its own page.
  const quotes = event.statements.map(
    (statement) => html`<div class="support ${statement.stance}">
${quotedHtml(statement, link)}
<p class="meta"><a href="${link(sitePaths.statement(statement.id))}">Read in context: ${statement.title}</a></p>
</div>`,
  );
  const documents = event.documents.map(
    (document) => html`<p>Source: ${documentHtml(document, documentLine(document), link)}</p>`,
  );
  const basis = event.basis
    ? html`<p class="ours"><span class="label">${oursLabel.basis}:</span> ${event.basis}</p>`
    : null;
  const differ =
    event.disputedBy.length > 0
      ? html`<p class="ours"><span class="label">Accounts differ:</span> see also ${event.disputedBy.map(
          (other, index) =>
            html`${index > 0 ? ', ' : ''}<a href="${link(sitePaths.event(other.id))}">${formatDate(other.date)}</a>`,
        )}</p>`
      : null;
  return html`<article class="event" id="${event.id}" data-event="${event.id}">
<h3>${options.linked ? html`<a href="${link(sitePaths.event(event.id))}">${title}</a>` : title}</h3>
<p class="ours"><span class="label">${oursLabel.summary}:</span> ${markedText(event.summary, marks)}</p>
${quotes}
${documents}
${basis}
${differ}
</article>`;
}
