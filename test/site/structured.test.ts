/**
 * What a search engine or a link preview reads on a statement's page: the JSON-LD parses and
 * names as creator whoever wrote the quote's exact words (the report, for a report's account,
 * with the speaker it reports mentioned) and as the source the document holding them, for each
 * kind of statement, with what the record says where the wording differs and no quote for a
 * passage garbled past reading; claims carry their appearances and the responses to them; the
 * preview leads with whoever wrote the words, then the quote with the record after it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { attribute } from '../../src/answers/attribution.js';
import type { SiteFiles } from '../../src/site/build.js';
import { type PageDocument, parsePage, shippedSite } from '../support/site.js';

const BASE = 'https://receipts.example/record/';

let context: AnswerContext;
let files: SiteFiles;

beforeAll(async () => {
  ({ context, files } = await shippedSite(BASE));
});

type Node = Record<string, unknown> & { '@type'?: string; '@id'?: string };

function pageOf(id: string): PageDocument {
  const file = files.get(`statements/${id}/index.html`);
  if (!file) throw new Error(`no page for ${id}`);
  return parsePage(file.body);
}

/** The page's JSON-LD graph, parsed as a consumer parses it. */
function graphOf(id: string): Node[] {
  const scripts = [...pageOf(id).querySelectorAll('script[type="application/ld+json"]')];
  expect(scripts).toHaveLength(1);
  const data = JSON.parse(scripts[0]?.textContent ?? '') as { '@context': string; '@graph': Node[] };
  expect(data['@context']).toBe('https://schema.org');
  return data['@graph'];
}

const page = (id: string) => `${BASE}statements/${id}/`;

/** The Quotation the page is about. */
function quotationOf(id: string): Node {
  const found = graphOf(id).find((node) => node['@id'] === `${page(id)}#quotation`);
  if (!found) throw new Error(`no Quotation for ${id}`);
  return found;
}

const kinds = [
  {
    kind: 'a claim in a report’s own words (the report wrote them)',
    id: 'claim-inbox-api',
    creator: { '@type': 'Organization', name: 'TechCrunch' },
    source: {
      '@type': 'NewsArticle',
      publisher: 'TechCrunch',
      headline: "Meta (again) denies that Netflix read users' private Facebook messages",
    },
    mentions: 'the advertiser plaintiffs in Klein v. Meta',
  },
  {
    kind: 'a response in a report’s garbled rendering of the speaker’s words',
    id: 'stone-did-not-share-tc',
    creator: { '@type': 'Organization', name: 'TechCrunch' },
    source: {
      '@type': 'NewsArticle',
      publisher: 'TechCrunch',
      headline: "Meta (again) denies that Netflix read users' private Facebook messages",
    },
    mentions: 'Andy Stone',
  },
  {
    kind: 'a response in the speaker’s own post',
    id: 'stone-post-untrue',
    creator: {
      '@type': 'Person',
      name: 'Andy Stone',
      jobTitle: 'communications director',
      worksFor: { '@type': 'Organization', name: 'Meta' },
    },
    source: { '@type': 'SocialMediaPosting', publisher: 'X', headline: undefined },
    mentions: null,
  },
  {
    kind: 'a response in a report’s own words',
    id: 'meta-2018-rebuttal-post',
    creator: { '@type': 'Organization', name: 'TechCrunch' },
    source: {
      '@type': 'NewsArticle',
      publisher: 'TechCrunch',
      headline: "Meta (again) denies that Netflix read users' private Facebook messages",
    },
    mentions: 'Ime Archibong',
  },
  {
    kind: 'context in the words of the report that gives it',
    id: 'context-in-other-words',
    creator: { '@type': 'Organization', name: 'TechCrunch' },
    source: {
      '@type': 'NewsArticle',
      publisher: 'TechCrunch',
      headline: "Meta (again) denies that Netflix read users' private Facebook messages",
    },
    mentions: null,
  },
  {
    kind: 'a report’s passage garbled past reading (described, not quoted)',
    id: 'claim-musk-replies',
    creator: { '@type': 'Organization', name: 'TechCrunch' },
    source: {
      '@type': 'NewsArticle',
      publisher: 'TechCrunch',
      headline: "Meta (again) denies that Netflix read users' private Facebook messages",
    },
    mentions: 'Elon Musk',
  },
] as const;

describe('GIVEN the JSON-LD of a statement’s page', () => {
  for (const { kind, id, creator, source, mentions } of kinds) {
    it(`WHEN it is ${kind} (${id}) THEN the Quotation’s creator wrote the words and it is part of the source`, () => {
      const statement = context.pack.byId.statements.get(id);
      if (!statement) throw new Error(`no statement ${id}`);
      const quotation = quotationOf(id);
      expect(quotation['@type']).toBe('Quotation');
      expect(quotation.url).toBe(page(id));
      expect(quotation.creator).toMatchObject(creator);
      expect((quotation.creator as Node).name).toBe(attribute(statement).wordsBy.name);
      // The words, or for a passage garbled past reading, what it reports in our words.
      expect(quotation.text).toBe(statement.readable ? statement.quote : undefined);
      expect(quotation.description).toBe(statement.readable ? undefined : statement.record);
      // Where the wording differs from the original: what the record says.
      expect(quotation.correction).toEqual(
        statement.readable && statement.record !== null
          ? { '@type': 'CorrectionComment', text: statement.record }
          : undefined,
      );
      const partOf = quotation.isPartOf as Node;
      expect(partOf['@type']).toBe(source['@type']);
      expect(partOf.name).toBe(statement.source.title);
      expect(partOf.headline).toBe(source.headline);
      expect(partOf.publisher).toEqual({ '@type': 'Organization', name: source.publisher });
      expect((quotation.mentions as Node | undefined)?.name ?? null).toBe(mentions);
    });
  }

  it('THEN a claim is a Claim that appears in its quotation, its source and the original, with each response about it', () => {
    const graph = graphOf('claim-inbox-api');
    const claim = graph.find((node) => node['@type'] === 'Claim') as Node;
    expect(claim['@id']).toBe(`${page('claim-inbox-api')}#claim`);
    expect(claim.author).toMatchObject({ name: 'the advertiser plaintiffs in Klein v. Meta' });
    const appearance = claim.appearance as Node[];
    expect(appearance.map((node) => node['@id'])).toEqual([
      `${page('claim-inbox-api')}#quotation`,
      `${BASE}sources/techcrunch-2024-04-02/#document`,
      `${BASE}sources/klein-advertiser-letter-2023-04-14/#document`,
    ]);
    expect(claim.firstAppearance).toEqual({
      '@id': `${BASE}sources/klein-advertiser-letter-2023-04-14/#document`,
    });
    const statement = context.pack.byId.statements.get('claim-inbox-api');
    const responses = graph.filter((node) => node['@type'] === 'Quotation' && node !== graph[0]);
    expect(responses.map((node) => node.url)).toEqual(statement?.answeredBy.map((other) => page(other.id)));
    for (const response of responses)
      expect(response.about).toEqual([{ '@id': `${page('claim-inbox-api')}#claim` }]);
  });

  it('THEN a response is about the claims it answers, and context about the statements it answers', () => {
    const denial = quotationOf('stone-post-agreement');
    expect(denial.about).toEqual([
      {
        '@type': 'Claim',
        '@id': `${page('claim-inbox-api')}#claim`,
        name: context.pack.byId.statements.get('claim-inbox-api')?.title,
      },
      {
        '@type': 'Claim',
        '@id': `${page('claim-titan-api')}#claim`,
        name: context.pack.byId.statements.get('claim-titan-api')?.title,
      },
    ]);
    expect(graphOf('stone-post-agreement').some((node) => node['@type'] === 'Claim')).toBe(false);
    expect(quotationOf('context-in-other-words').about).toContainEqual({
      '@type': 'Quotation',
      '@id': `${page('stone-post-untrue')}#quotation`,
    });
  });

  it('THEN every statement page’s JSON-LD names whoever wrote the words, and the preview leads with them, then the quote and the record', () => {
    for (const statement of context.pack.statements) {
      const a = attribute(statement);
      const quotation = quotationOf(statement.id);
      expect((quotation.creator as Node).name, statement.id).toBe(a.wordsBy.name);
      expect((quotation.mentions as Node | undefined)?.name, statement.id).toBe(
        a.kind === 'reported' ? statement.speaker.name : undefined,
      );
      const doc = pageOf(statement.id);
      const meta = (property: string) =>
        doc.querySelector(`meta[property="${property}"]`)?.getAttribute('content') ?? '';
      expect(meta('og:title'), statement.id).toBe(a.lead);
      expect(meta('og:title').startsWith(a.wordsBy.name), statement.id).toBe(true);
      const description = meta('og:description');
      // Directly after the quote: what the record says, then the speaker's own words.
      const beneath = [
        a.record === null ? null : `The record, in our words: ${a.record}`,
        a.ownWords ? `${a.ownWords.label}: “${a.ownWords.quote}”` : null,
      ].filter((part) => part !== null);
      if (statement.readable) {
        const end =
          beneath.length > 0 ? description.indexOf(` ${beneath.join(' ')} — `) : description.indexOf(' — ');
        expect(end, statement.id).toBeGreaterThan(0);
        // The quote in quotation marks, whole or cut at a word with the ellipsis outside them.
        const shown = description.slice(0, end);
        const quote = shown.replace(/^“/, '').replace(/”…?$/, '');
        expect(shown, statement.id).toMatch(/^“.*”…?$/s);
        expect(statement.quote.startsWith(quote), statement.id).toBe(true);
        expect(quote.length, statement.id).toBeGreaterThanOrEqual(Math.min(statement.quote.length, 80));
        // A preview shows a few lines: what the record says starts within them.
        if (beneath.length > 0) expect(end, statement.id).toBeLessThan(160);
      } else {
        expect(description.startsWith(`What it reports, in our words: ${a.record}`), statement.id).toBe(true);
        expect(description, statement.id).not.toContain(statement.quote.slice(0, 30));
      }
      expect(meta('og:url')).toBe(page(statement.id));
      expect(meta('og:type')).toBe('article');
    }
  });
});
