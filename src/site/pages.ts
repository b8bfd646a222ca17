/**
 * Every page of the web record, from the same Answer functions and attribution as the bot: a
 * page per statement and per source, the timeline, the list of sources, about, the search page
 * and the statements index.
 */
import { type AnswerContext, answerAbout, answerSources } from '../answers/answer.js';
import { attribute, holding } from '../answers/attribution.js';
import { oursLabel, stanceGroup, stanceLabel } from '../answers/labels.js';
import { formatDate } from '../knowledge/dates.js';
import type { Document, Pack, Statement, TimelineEvent } from '../knowledge/types.js';
import { type Html, html } from './html.js';
import type { Frame, Page } from './layout.js';
import { dateHtml, documentHtml, eventCard, type Linker, quotedHtml, statementCard } from './parts.js';
import { publicLink, sitePaths } from './paths.js';
import { type Highlight, quotedRange, wholeTextHtml, windowHtml } from './source-text.js';
import { openGraph, statementJsonLd } from './structured.js';

const DOCUMENT_KIND: Record<Document['kind'], string> = {
  'news-article': 'News article',
  'social-post': 'Social media post',
  'blog-post': 'Blog post',
  'press-release': 'Press release',
  'court-filing': 'Court filing',
  'court-docket': 'Court docket',
};

/** The anchor of a quoted passage on its source's page. */
export const passageAnchor = (statement: Statement) => `q-${statement.id}`;

function eventLinks(events: readonly TimelineEvent[], link: Linker): Html | null {
  if (events.length === 0) return null;
  return html`<section aria-labelledby="on-timeline"><h2 id="on-timeline">On the timeline</h2>
<ul class="plain">${events.map(
    (event) =>
      html`<li><a href="${link(sitePaths.event(event.id))}">${formatDate(event.date)}</a>: <span class="label">${oursLabel.summary}:</span> ${event.summary}</li>`,
  )}</ul></section>`;
}

function sideSection(
  id: string,
  heading: string,
  statements: readonly Statement[],
  link: Linker,
): Html | null {
  if (statements.length === 0) return null;
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${heading} (${statements.length})</h2>
${statements.map((statement) => statementCard(statement, link))}
</section>`;
}

function statementPage(pack: Pack, statement: Statement, frame: Frame): Page {
  const path = sitePaths.statement(statement.id);
  const iri = (to: string) => (frame.publicUrl ? publicLink(frame.publicUrl, to) : `/${to}`);
  const { source } = statement;
  const stance = stanceLabel[statement.stance];
  const a = attribute(statement);
  return {
    path,
    title: `${statement.title} (${stance.toLowerCase()})`,
    description: openGraph(statement).description,
    preview: openGraph(statement),
    jsonLd: statementJsonLd(statement, iri),
    main: (link) => {
      const whole = `${link(sitePaths.source(source.id))}#${passageAnchor(statement)}`;
      // A passage garbled past reading is not offered as a quote, here either.
      const what = statement.readable ? 'The quote' : 'The passage';
      const highlight: Highlight = {
        ...quotedRange(statement),
        href: null,
        anchor: 'quote',
        title: what,
      };
      const inSource =
        source.text === null
          ? null
          : html`<section aria-labelledby="in-source"><h2 id="in-source">In its source</h2>
<p class="meta">${what} highlighted in the text of ${documentHtml(source, a.source, link)}, with the paragraphs around it.</p>
<div class="source-text">
${windowHtml(source.text, highlight, whole)}
</div>
<p><a href="${whole}">Read the whole text, with every quoted passage marked</a>${source.url ? html` · <a href="${source.url}">the source at ${source.publisher}</a>` : null}</p>
</section>`;
      return html`<p class="kicker ${statement.stance}">${stance}</p>
<h1>${statement.title}</h1>
${quotedHtml(statement, link)}
${inSource}
${sideSection('responses', 'Responses to this', statement.answeredBy, link)}
${sideSection('answers', 'What this answers', statement.respondsTo, link)}
${eventLinks(
  pack.timeline.filter((event) => event.statements.includes(statement)),
  link,
)}`;
    },
  };
}

function sourcePage(pack: Pack, document: Document): Page {
  const path = sitePaths.source(document.id);
  const quoting = pack.statements
    .filter((statement) => statement.source === document)
    .sort((x, y) => x.offset - y.offset);
  const originals = pack.statements.filter((statement) => statement.original === document);
  return {
    path,
    title: document.title,
    description: `${DOCUMENT_KIND[document.kind]}, ${document.publisher}, ${formatDate(document.date)}: ${
      document.text === null ? holding(document) : `its text, with ${quoting.length} quoted passages marked`
    }.`,
    main: (link) => {
      const highlights: Highlight[] = quoting.map((statement) => ({
        ...quotedRange(statement),
        href: link(sitePaths.statement(statement.id)),
        anchor: passageAnchor(statement),
        title: statement.title,
      }));
      const facts = html`<dl class="facts">
<dt>Kind</dt><dd>${DOCUMENT_KIND[document.kind]}</dd>
<dt>Publisher</dt><dd>${document.publisher}</dd>
${document.author ? html`<dt>Author</dt><dd>${document.author}</dd>` : null}
<dt>Date</dt><dd>${dateHtml(document.date)}</dd>
<dt>Link</dt><dd>${
        document.url
          ? html`<a href="${document.url}">${document.url}</a>${document.urlConfirmed ? null : ' (link not verified)'}`
          : 'none known'
      }</dd>
<dt>How the pack has it</dt><dd><span class="meta">(ours)</span> ${document.obtained}</dd>
</dl>`;
      const notes =
        document.notes.length > 0
          ? html`<section aria-labelledby="notes"><h2 id="notes">Editor's notes (ours)</h2>
<ul class="plain ours">${document.notes.map((note) => html`<li>${note}</li>`)}</ul></section>`
          : null;
      const text =
        document.text === null
          ? html`<p>The pack does not hold this document's text, only its details: who published it, when, and where.</p>`
          : html`${
              document.receivedCopy
                ? html`<p class="ours"><span class="label">Garbled in places (ours):</span> this is the text of the copy the pack holds, character for character, and its wording differs from the original in places (see the notes above). Where a quote from it is affected, the quote's page says what the record says.</p>`
                : null
            }
<div class="source-text">
${wholeTextHtml(document.text, highlights)}
</div>`;
      const passages =
        quoting.length > 0
          ? html`<section aria-labelledby="passages"><h2 id="passages">Quoted passages (${quoting.length})</h2>
<ol>${quoting.map(
              (statement) =>
                html`<li><a href="${link(sitePaths.statement(statement.id))}">${statement.title}</a> <span class="meta">(${stanceLabel[statement.stance].toLowerCase()})</span></li>`,
            )}</ol></section>`
          : null;
      const asOriginal =
        originals.length > 0
          ? html`<section aria-labelledby="original-of"><h2 id="original-of">Reported in other sources (${originals.length})</h2>
<ul class="plain">${originals.map(
              (statement) =>
                html`<li><a href="${link(sitePaths.statement(statement.id))}">${statement.title}</a> <span class="meta">— ${attribute(statement).lead}</span></li>`,
            )}</ul></section>`
          : null;
      return html`<p class="kicker">${document.text === null ? 'Reference' : 'Source'}</p>
<h1>${document.titleIsOurs ? document.title : `“${document.title}”`}</h1>
${document.titleIsOurs ? html`<p class="meta">The document has no published title; this one is ours.</p>` : null}
${facts}
${notes}
<section aria-labelledby="text"><h2 id="text">Text</h2>
${text}
</section>
${passages}
${asOriginal}
${eventLinks(
  pack.timeline.filter((event) => event.documents.includes(document)),
  link,
)}`;
    },
  };
}

function sourcesPage(context: AnswerContext): Page {
  const { documents } = answerSources(context);
  return {
    path: sitePaths.sources,
    title: 'Sources',
    description: `Every document the record quotes or cites (${documents.length}), newest first.`,
    main: (link) => html`<h1>Sources</h1>
<p>Every document the record quotes or cites, newest first. A source's page holds its text where the pack has it, with every quoted passage marked.</p>
<ul class="plain">${documents.map(
      (document) =>
        html`<li><p><a href="${link(sitePaths.source(document.id))}">${
          document.titleIsOurs ? document.title : `“${document.title}”`
        }</a><br><span class="meta">${DOCUMENT_KIND[document.kind]} · ${document.publisher} · ${formatDate(document.date)} · ${holding(
          document,
        )}</span></p></li>`,
    )}</ul>`,
  };
}

function timelinePage(pack: Pack): Page {
  const years = new Map<string, TimelineEvent[]>();
  for (const event of pack.timeline) {
    const year = event.date.iso.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), event]);
  }
  return {
    path: sitePaths.timeline,
    title: 'Timeline',
    description: `${pack.timeline.length} dated events, oldest first, each with what supports it.`,
    main: (link) => html`<h1>Timeline</h1>
<p>Dated events, oldest first. Each summary is ours; the quotes under it are the sources' words.</p>
${[...years].map(
  ([year, events]) => html`<section aria-labelledby="y${year}"><h2 id="y${year}">${year}</h2>
${events.map((event) => eventCard(event, link))}
</section>`,
)}`,
  };
}

function aboutPage(context: AnswerContext): Page {
  const { meta, counts, usage } = answerAbout(context);
  const asOf = formatDate({ iso: meta.asOf, precision: 'day', qualifier: null, confirmed: true });
  return {
    path: sitePaths.about,
    title: 'About',
    description: `${meta.title}: pack ${meta.version}, as of ${asOf}.`,
    main: () => html`<h1>About this record</h1>
<p>${meta.description}</p>
<dl class="facts">
<dt>Pack</dt><dd>${meta.id}</dd>
<dt>Version</dt><dd>${meta.version}</dd>
<dt>As of</dt><dd><time datetime="${meta.asOf}">${asOf}</time></dd>
<dt>Holds</dt><dd>${counts.statements} statements, ${counts.events} timeline events, ${counts.documents} documents</dd>
</dl>
<h2>How to read it</h2>
<ul class="plain">
<li>The first name above a quotation is whoever wrote those exact words. When a report tells in its own words what someone said, the report is named first and the person it reports after.</li>
<li>A quotation, set off with a bar at its left, is the exact text of its source, checked character for character when the pack is built.</li>
<li>Where a copy's wording differs from the original, what the record says, in our words, comes directly beneath it, with the speaker's own words where the pack holds them. A passage garbled past reading is described in our words; its own words are one click away.</li>
<li>Then come who said it, where and when, and the document the words are read from.</li>
<li>Titles, timeline summaries, the record and editor's notes are our words; all but titles say so, and none is ever set in quotation marks.</li>
<li>Receipts does not rate claims: each claim leads to the responses to it, and each response to what it answers.</li>
</ul>
<h2>In Discord</h2>
<p>The same record answers these commands in Discord:</p>
<dl class="facts">${usage.map(({ command, does }) => html`<dt><code>${command}</code></dt><dd>${does}</dd>`)}</dl>`,
  };
}

function homePage(pack: Pack): Page {
  const groups = (['claim', 'denial', 'context'] as const).map((stance) => ({
    stance,
    statements: pack.statements.filter((statement) => statement.stance === stance),
  }));
  return {
    path: sitePaths.home,
    title: pack.meta.title,
    description: pack.meta.description,
    main: (link) => html`<h1>${pack.meta.title}</h1>
<p>${pack.meta.description}</p>
<form class="search" role="search" action="${link(sitePaths.search)}" method="get">
<label class="vh" for="home-q">Search the record</label>
<input id="home-q" name="q" type="search" placeholder="inbox api, shockingly untrue, 2018…">
<button type="submit">Search</button>
</form>
${groups.map(
  ({
    stance,
    statements,
  }) => html`<section aria-labelledby="${stance}s"><h2 id="${stance}s">${stanceGroup[stance]} (${statements.length})</h2>
<ul class="plain">${statements.map((statement) => {
    const a = attribute(statement);
    return html`<li class="${stance}"><a href="${link(sitePaths.statement(statement.id))}">${statement.title}</a><br><span class="meta">— ${a.lead}</span></li>`;
  })}</ul></section>`,
)}`,
  };
}

function searchPage(pack: Pack): Page {
  return {
    path: sitePaths.search,
    title: 'Search',
    description: `Search ${pack.meta.title} the way /ask does in Discord, in your browser.`,
    scripts: [sitePaths.script],
    main: (link) => html`<h1>Search the record</h1>
<p>The same search as <code>/ask</code> in Discord, run in your browser: the quotes and timeline events that answer best, best first.</p>
<form class="search" role="search" method="get">
<label class="vh" for="q">Search the record</label>
<input id="q" name="q" type="search" placeholder="did netflix read facebook messages">
<button type="submit">Search</button>
</form>
<div id="results" aria-live="polite"><p>Search runs in your browser and needs JavaScript. Without it, every statement is listed on <a href="${link(sitePaths.home)}">the statements page</a>.</p></div>`,
  };
}

function notFoundPage(): Page {
  return {
    path: sitePaths.notFound,
    title: 'Not in the record',
    description: 'No page of the record has this address.',
    fromRoot: true,
    main: (link) => html`<h1>Not in the record</h1>
<p>No page of the record has this address. Try <a href="${link(sitePaths.home)}">the statements</a> or <a href="${link(sitePaths.search)}">search</a>.</p>`,
  };
}

/** Every page of the site for a pack. */
export function sitePages(context: AnswerContext, frame: Frame): Page[] {
  const { pack } = context;
  return [
    homePage(pack),
    ...pack.statements.map((statement) => statementPage(pack, statement, frame)),
    sourcesPage(context),
    ...pack.documents.map((document) => sourcePage(pack, document)),
    timelinePage(pack),
    aboutPage(context),
    searchPage(pack),
    notFoundPage(),
  ];
}
