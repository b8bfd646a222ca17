/**
 * An `/ask` answer as the search page shows it: the same Answer the bot renders in Discord
 * (quotes and timeline events best first, a page at a time, labelled as the closest the sources
 * come when nothing answers), laid out with the same statement and event cards as the rest of
 * the site.
 */
import { type AnswerContext, answerSearch } from '../answers/answer.js';
import { closestWording, modeHeading } from '../answers/labels.js';
import { type Answer, type Hit, pageCount, pageHits } from '../answers/types.js';
import { type Html, html } from './html.js';
import { eventCard, type Linker, statementCard } from './parts.js';
import { sitePaths } from './paths.js';

/** Quotes per page of search results. */
export const SEARCH_PAGE_SIZE = 10;

/** What the search page answers for a query: `/ask`, as the bot answers it. */
export function answerQuery(context: AnswerContext, query: string, page = 0): Answer {
  return answerSearch(context, { mode: 'ask', query, page, pageSize: SEARCH_PAGE_SIZE });
}

/** A link to the search page for a query and page. */
export function searchLink(link: Linker, query: string, page = 0): string {
  const params = new URLSearchParams({ q: query });
  if (page > 0) params.set('page', String(page + 1));
  return `${link(sitePaths.search)}?${params}`;
}

/** The words of a suggestion such as "/claim inbox api", without the command. */
function suggestionWords(suggestion: string): string {
  return suggestion.replace(/^\/\S+\s+/, '');
}

/** The results of a search, ready to place in the page. */
export function resultsHtml(answer: Answer, link: Linker): Html {
  if (answer.kind === 'empty') {
    const lead =
      answer.reason === 'no-words'
        ? 'That has no words to search for.'
        : 'The sources do not cover that. Receipts answers only from its sources, so it will not guess.';
    return html`<p>${lead}</p>
<p>Try one of these:</p>
<ul class="plain">${answer.suggestions.map((suggestion) => {
      const words = suggestionWords(suggestion);
      return html`<li><a href="${searchLink(link, words)}">${words}</a></li>`;
    })}</ul>`;
  }
  if (answer.kind !== 'results') return html``;
  const hits = pageHits<Hit>(answer);
  const first = answer.page * answer.pageSize + 1;
  const last = first + hits.length - 1;
  const pages = pageCount(answer);
  const pager =
    pages > 1
      ? html`<nav aria-label="Result pages"><p>${
          answer.page > 0
            ? html`<a href="${searchLink(link, answer.query, answer.page - 1)}" rel="prev">◀ Previous</a> `
            : null
        }Page ${answer.page + 1} of ${pages}${
          answer.page + 1 < pages
            ? html` <a href="${searchLink(link, answer.query, answer.page + 1)}" rel="next">Next ▶</a>`
            : null
        }</p></nav>`
      : null;
  const closest = answer.closest === true;
  const title = closest ? closestWording.heading : modeHeading[answer.mode];
  return html`<h2>${title} ${closest ? 'to' : 'for'} “${answer.query.trim()}”</h2>
${closest ? html`<p class="meta">${closestWording.note}</p>` : null}
${answer.notes.map((note) => html`<p class="meta">${note}</p>`)}
<p class="meta" id="result-count">Showing ${first}–${last} of ${answer.hits.length}.</p>
${hits.map((hit) =>
  hit.type === 'statement'
    ? statementCard(hit.statement, link, { marks: hit.marks })
    : eventCard(hit.event, link, { marks: hit.marks, linked: true }),
)}
${pager}`;
}
