/**
 * What a search engine or a link preview reads on a statement's page: the JSON-LD parses and
 * names as creator whoever wrote the quote's exact words and as the source the document holding
 * them, for each kind of statement; claims carry their appearances and the responses to them;
 * the preview shows the quote and who said it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
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
] as const;

describe('GIVEN the JSON-LD of a statement’s page', () => {
  for (const { kind, id, creator, source, mentions } of kinds) {
    it(`WHEN it is ${kind} (${id}) THEN the Quotation’s creator wrote the words and it is part of the source`, () => {
      const statement = context.pack.byId.statements.get(id);
      const quotation = quotationOf(id);
      expect(quotation['@type']).toBe('Quotation');
      expect(quotation.text).toBe(statement?.quote);
      expect(quotation.url).toBe(page(id));
      expect(quotation.creator).toMatchObject(creator);
      const partOf = quotation.isPartOf as Node;
      expect(partOf['@type']).toBe(source['@type']);
      expect(partOf.name).toBe(statement?.source.title);
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

  it('THEN every statement page’s JSON-LD parses, and the link preview shows the quote and who said it', () => {
    for (const statement of context.pack.statements) {
      expect(quotationOf(statement.id).text).toBe(statement.quote);
      const doc = pageOf(statement.id);
      const meta = (property: string) =>
        doc.querySelector(`meta[property="${property}"]`)?.getAttribute('content');
      expect(meta('og:title'), statement.id).toContain(statement.speaker.name);
      expect(meta('og:description'), statement.id).toContain(`“${statement.quote.slice(0, 200)}`);
      expect(meta('og:url')).toBe(page(statement.id));
      expect(meta('og:type')).toBe('article');
    }
  });
});
