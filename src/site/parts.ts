/**
 * The pieces every page (and the search page, in the browser) is built from: a statement with
 * its quote and attribution, a timeline event, a document's line. The attribution comes from
 * src/answers/attribution.ts as it does for Discord and the terminal; these only lay it out.
 * A quote is always a `<blockquote>` of the source's exact characters; our words (titles,
 * summaries, editor's notes) are never inside one, and notes and summaries say they are ours.
 */
import { attribute, type DocumentLine, documentLine } from '../answers/attribution.js';
import type { Mark } from '../answers/types.js';
import { formatDate } from '../knowledge/dates.js';
import type { Document, Stance, Statement, TimelineEvent } from '../knowledge/types.js';
import { type Fragment, type Html, html } from './html.js';
import { sitePaths } from './paths.js';

/** Turns a site path into the href to use from the page being built. */
export type Linker = (path: string) => string;

/** What each stance is called, one and many. */
export const stanceNames: Record<Stance, { readonly one: string; readonly many: string }> = {
  claim: { one: 'Claim', many: 'Claims' },
  denial: { one: 'Response', many: 'Responses' },
  context: { one: 'Context', many: 'Context' },
};

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

/** The attribution of a statement, as every surface gives it: who, where and when, in what, the original. */
export function attributionHtml(statement: Statement, link: Linker): Html {
  const a = attribute(statement);
  const original =
    a.original && statement.original
      ? html`<p>The original: ${documentHtml(statement.original, a.original, link)}</p>`
      : null;
  return html`<div class="attribution">
<p>— ${a.lead}</p>
${a.said ? html`<p>${a.said}</p>` : null}
<p>${a.sourceLead} ${documentHtml(statement.source, a.source, link)}</p>
${original}
</div>`;
}

/** An editor's note, labelled as ours. */
export function noteHtml(note: string | null): Html | null {
  return note === null
    ? null
    : html`<p class="ours"><span class="label">Editor's note (ours):</span> ${note}</p>`;
}

/** The quote as a block quotation of the source's text. */
export function quoteHtml(statement: Statement, marks: readonly Mark[] = []): Html {
  const cite = statement.source.url ? html` cite="${statement.source.url}"` : null;
  return html`<blockquote${cite}><p>${markedText(statement.quote, marks)}</p></blockquote>`;
}

/** Options of a statement card. */
export interface CardOptions {
  /** Matched words to emphasise in the quote. */
  readonly marks?: readonly Mark[];
  /** The card's heading level. Default 3. */
  readonly level?: 2 | 3 | 4;
  /** Show the editor's note. Default true. */
  readonly note?: boolean;
}

/** A statement in a list: its title linking to its page, stance, quote, attribution and note. */
export function statementCard(statement: Statement, link: Linker, options: CardOptions = {}): Html {
  const level = options.level ?? 3;
  const heading = html`<h${level}><a href="${link(sitePaths.statement(statement.id))}">${statement.title}</a></h${level}>`;
  return html`<article class="card ${statement.stance}" data-statement="${statement.id}">
${heading}
<p class="stance meta">${stanceNames[statement.stance].one}</p>
${quoteHtml(statement, options.marks)}
${attributionHtml(statement, link)}
${options.note === false ? null : noteHtml(statement.note)}
</article>`;
}

/** A timeline event: its date and status, our summary, the quotes and documents behind it. */
export function eventCard(event: TimelineEvent, link: Linker, marks: readonly Mark[] = []): Html {
  const after = [event.status, event.who].filter(Boolean).join(' · ');
  const quotes = event.statements.map(
    (statement) => html`<div class="support ${statement.stance}">
${quoteHtml(statement)}
${attributionHtml(statement, link)}
<p class="meta"><a href="${link(sitePaths.statement(statement.id))}">Read in context: ${statement.title}</a></p>
</div>`,
  );
  const documents = event.documents.map(
    (document) => html`<p>Source: ${documentHtml(document, documentLine(document), link)}</p>`,
  );
  const basis = event.basis
    ? html`<p class="ours"><span class="label">Basis (ours):</span> ${event.basis}</p>`
    : null;
  const differ =
    event.disputedBy.length > 0
      ? html`<p class="ours"><span class="label">Accounts differ:</span> see also ${event.disputedBy.map(
          (other, index) =>
            html`${index > 0 ? ', ' : ''}<a href="${link(sitePaths.event(other.id))}">${formatDate(other.date)}</a>`,
        )}</p>`
      : null;
  return html`<article class="event" id="${event.id}">
<h3>${dateHtml(event.date)} · ${after}</h3>
<p class="ours"><span class="label">Summary (ours):</span> ${markedText(event.summary, marks)}</p>
${quotes}
${documents}
${basis}
${differ}
</article>`;
}
