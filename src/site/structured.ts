/**
 * What machines read on a statement's page: schema.org JSON-LD and Open Graph tags.
 *
 * - The statement is a `Quotation`: its `text` is the quote, its `creator` whoever wrote those
 *   exact words (the attribution's `wordsBy`: the report, for a report's own account), and it
 *   `isPartOf` the source. Where the position is the speaker's but the words a report's, the
 *   speaker is a `mentions`. Where the wording differs from the original, what the record says
 *   is its `correction`; a passage garbled past reading has no `text`, only a `description` of
 *   what it reports, in our words.
 * - A claim is also a `Claim`, whose `appearance` is the quotation and the documents it comes
 *   from; each response to it is a `Quotation` `about` the claim. A response is `about` what it
 *   answers.
 * - No `ClaimReview`: Receipts does not rate claims, and the pack records no fact-checker's
 *   verdict. The record is the quotes and who said them.
 */
import { attribute } from '../answers/attribution.js';
import { oursLabel } from '../answers/labels.js';
import type { Document, DocumentKind, Speaker, Statement } from '../knowledge/types.js';
import { sitePaths } from './paths.js';

/** A schema.org node. */
export type Node = { readonly [key: string]: unknown };

/** Turns a site path into an IRI: absolute with a public address, relative to the page otherwise. */
export type Iri = (path: string) => string;

const DOCUMENT_TYPE: Record<DocumentKind, string> = {
  'news-article': 'NewsArticle',
  'social-post': 'SocialMediaPosting',
  'blog-post': 'BlogPosting',
  'press-release': 'Article',
  'court-filing': 'DigitalDocument',
  'court-docket': 'DigitalDocument',
};

/** A person speaking for an organisation is a Person; an organisation or a group speaking as one is an Organization. */
function agent(speaker: Speaker): Node {
  if (speaker.organisation && speaker.organisation !== speaker.name) {
    return {
      '@type': 'Person',
      name: speaker.name,
      ...(speaker.role ? { jobTitle: speaker.role } : {}),
      worksFor: { '@type': 'Organization', name: speaker.organisation },
    };
  }
  return {
    '@type': 'Organization',
    name: speaker.name,
    ...(speaker.role ? { description: speaker.role } : {}),
  };
}

function documentNode(document: Document, iri: Iri): Node {
  return {
    '@type': DOCUMENT_TYPE[document.kind],
    '@id': iri(`${sitePaths.source(document.id)}#document`),
    name: document.title,
    ...(document.titleIsOurs ? {} : { headline: document.title }),
    publisher: { '@type': 'Organization', name: document.publisher },
    ...(document.author ? { author: { '@type': 'Person', name: document.author } } : {}),
    datePublished: document.date.iso,
    ...(document.url ? { url: document.url } : {}),
  };
}

/**
 * Who wrote a statement's exact words, as its attribution says (`wordsBy`): the report (its
 * author, or its publisher) when the quote is a report's own account of what the speaker said,
 * the speaker otherwise.
 */
export function creatorOf(statement: Statement): Node {
  const a = attribute(statement);
  if (a.kind !== 'reported') return agent(statement.speaker);
  const { author, publisher } = statement.source;
  return author
    ? { '@type': 'Person', name: a.wordsBy.name, worksFor: { '@type': 'Organization', name: publisher } }
    : agent({ name: a.wordsBy.name, role: null, organisation: a.wordsBy.name });
}

const quotationId = (statement: Statement, iri: Iri) => iri(`${sitePaths.statement(statement.id)}#quotation`);
const claimId = (statement: Statement, iri: Iri) => iri(`${sitePaths.statement(statement.id)}#claim`);

function quotation(statement: Statement, iri: Iri, about: readonly Node[]): Node {
  const a = attribute(statement);
  // A passage garbled past reading is not offered as a quote: what it reports, in our words.
  const words = a.readable || a.record === null ? { text: statement.quote } : { description: a.record };
  return {
    '@type': 'Quotation',
    '@id': quotationId(statement, iri),
    url: iri(sitePaths.statement(statement.id)),
    ...words,
    creator: creatorOf(statement),
    isPartOf: documentNode(statement.source, iri),
    // Whose position the words give, when the words are a report's account of it.
    ...(a.kind === 'reported' ? { mentions: agent(statement.speaker) } : {}),
    ...(about.length > 0 ? { about } : {}),
    // Where the wording differs from the original: what the record says, in our words.
    ...(a.readable && a.record !== null
      ? { correction: { '@type': 'CorrectionComment', text: a.record } }
      : {}),
  };
}

/** What a statement answers, as references: a claim by its Claim, anything else by its Quotation. */
function answered(statement: Statement, iri: Iri): Node[] {
  return statement.respondsTo.map((other) =>
    other.stance === 'claim'
      ? { '@type': 'Claim', '@id': claimId(other, iri), name: other.title }
      : { '@type': 'Quotation', '@id': quotationId(other, iri) },
  );
}

/** The JSON-LD of a statement's page. */
export function statementJsonLd(statement: Statement, iri: Iri): Node {
  const graph: Node[] = [quotation(statement, iri, answered(statement, iri))];
  if (statement.stance === 'claim') {
    const appearance: Node[] = [{ '@id': quotationId(statement, iri) }, documentNode(statement.source, iri)];
    if (statement.original) appearance.push(documentNode(statement.original, iri));
    graph.push({
      '@type': 'Claim',
      '@id': claimId(statement, iri),
      name: statement.title,
      author: agent(statement.speaker),
      dateCreated: statement.saidOn.iso,
      appearance,
      ...(statement.original
        ? { firstAppearance: { '@id': iri(`${sitePaths.source(statement.original.id)}#document`) } }
        : {}),
    });
    for (const response of statement.answeredBy) {
      graph.push(quotation(response, iri, [{ '@id': claimId(statement, iri) }]));
    }
  }
  return { '@context': 'https://schema.org', '@graph': graph };
}

/** Tuning values of link previews (Open Graph). */
const PREVIEW = {
  /** The longest quote a preview shows whole; a longer one is cut at a word, the ellipsis outside it. */
  quoteMax: 280,
  /**
   * The longest quote shown whole when what the record says follows it: shorter, so that the
   * record starts within the few lines a preview shows before it cuts the description.
   */
  quoteMaxBeforeRecord: 140,
} as const;

/** A quote in quotation marks, cut at a word past `max` characters with the ellipsis outside. */
function previewQuote(quote: string, max: number): string {
  if (quote.length <= max) return `“${quote}”`;
  return `“${quote.slice(0, max).replace(/\s+\S*$/, '')}”…`;
}

/**
 * Open Graph, as a link to the page unfurls: whose words first (the title), then the quote with
 * what the record says and the speaker's own words directly after it (or, for a passage garbled
 * past reading, what it reports in our words), then the document holding it.
 */
export function openGraph(statement: Statement): { title: string; description: string } {
  const a = attribute(statement);
  const beneath = [
    a.record === null ? null : `${oursLabel.record}: ${a.record}`,
    a.ownWords ? `${a.ownWords.label}: “${a.ownWords.quote}”` : null,
  ].filter((part): part is string => part !== null);
  const words =
    a.readable || a.record === null
      ? [
          previewQuote(statement.quote, beneath.length > 0 ? PREVIEW.quoteMaxBeforeRecord : PREVIEW.quoteMax),
          ...beneath,
        ].join(' ')
      : [`${oursLabel.described}: ${a.record}`, ...beneath.slice(1)].join(' ');
  return {
    title: a.lead,
    description: `${words} — ${a.sourceLead} ${[
      a.source.titleIsOurs ? a.source.title : `“${a.source.title}”`,
      a.source.publisher,
      a.source.date,
    ]
      .filter(Boolean)
      .join(', ')}`,
  };
}
