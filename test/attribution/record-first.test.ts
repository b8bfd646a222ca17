/**
 * The record first: a copy of someone's words never ranks above their own words and never
 * stands on a page without them. The rule itself, then the questions members ask about Stone's
 * post, on every surface.
 */
import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { recordFirst } from '../../src/answers/record-first.js';
import type { EventHit, Hit, QuoteHit } from '../../src/answers/types.js';
import type { Statement } from '../../src/knowledge/types.js';
import { shippedPack } from '../support/pack.js';
import { type Ask, readMarkdown, walk } from '../support/surfaces.js';

let context: AnswerContext;

beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
});

function statement(id: string): Statement {
  const found = context.pack.byId.statements.get(id);
  if (!found) throw new Error(`test setup: no statement ${id}`);
  return found;
}

const hit = (id: string): QuoteHit => ({ type: 'statement', statement: statement(id), marks: [[0, 1]] });
const ids = (hits: readonly Hit[]) => hits.map((h) => (h.type === 'statement' ? h.statement.id : h.event.id));

describe('recordFirst', () => {
  it('GIVEN a copy ranked above the speaker’s own words THEN their own words move up to where the copy stood, the copy right after', () => {
    const ranked = [hit('stone-did-not-share-tc'), hit('claim-inbox-api'), hit('stone-post-untrue')];
    const out = recordFirst(ranked, 5);
    expect(ids(out)).toEqual(['stone-post-untrue', 'stone-did-not-share-tc', 'claim-inbox-api']);
    // The own words keep their own matched words.
    expect(out[0]).toBe(ranked[2]);
  });

  it('GIVEN only the copy matched THEN the speaker’s own words are brought in above it', () => {
    const out = recordFirst([hit('stone-industry-wide-tc'), hit('claim-titan-api')], 5);
    expect(ids(out)).toEqual(['stone-post-commonplace', 'stone-industry-wide-tc', 'claim-titan-api']);
    expect(out[0]).toMatchObject({ type: 'statement', marks: [] });
  });

  it('GIVEN own words and their copy that would straddle two pages THEN the pair takes the end of the page and the hit it displaces starts the next', () => {
    const ranked = [
      'claim-inbox-api',
      'claim-titan-api',
      'stone-post-agreement',
      'stone-agreement-purpose-tc',
      'claim-ad-spend-2015',
      'claim-ad-spend-2017',
    ].map(hit);
    expect(ids(recordFirst(ranked, 3))).toEqual([
      'claim-inbox-api',
      'stone-post-agreement',
      'stone-agreement-purpose-tc',
      'claim-titan-api',
      'claim-ad-spend-2015',
      'claim-ad-spend-2017',
    ]);
  });

  it('GIVEN hits with no copies, and timeline events THEN the order is left as it was', () => {
    const event: EventHit = {
      type: 'event',
      event: context.pack.timeline[0] as EventHit['event'],
      marks: [],
    };
    const ranked: Hit[] = [
      hit('claim-ad-spend-2017'),
      event,
      hit('stone-post-untrue'),
      hit('claim-inbox-api'),
    ];
    expect(recordFirst(ranked, 2)).toEqual(ranked);
  });
});

/** Statements that render Stone's post in TechCrunch's words (an /ask may list events too). */
function isTechCrunchOnStone(id: string): boolean {
  const s = context.pack.byId.statements.get(id);
  return s !== undefined && s.source.id === 'techcrunch-2024-04-02' && s.speaker.name === 'Andy Stone';
}

const QUESTIONS: readonly Ask[] = [
  { mode: 'ask', query: 'what did andy stone say' },
  { mode: 'denial', query: 'did meta share messages' },
  { mode: 'ask', query: 'what did meta say about the netflix thing' },
];

describe('GIVEN the questions members ask about Stone’s post', () => {
  for (const ask of QUESTIONS) {
    const label = 'mode' in ask ? `/${ask.mode} ${ask.query}` : '';
    it(`GIVEN ${label} THEN Stone's own post is first on every surface, and no TechCrunch rendering of it comes before it`, async () => {
      const walked = await walk(context, ask);
      const discord = walked.discord[0]?.shown as APIInteractionResponseCallbackData;
      const [first] = discord.embeds ?? [];
      expect(first?.author?.name).toBe('Response · Andy Stone, communications director, Meta');
      expect(readMarkdown(first?.description ?? '').split('\n')[0]).toBe(
        "> Shockingly untrue. Meta didn't share people's private messages with Netflix.",
      );
      // Read in the order Discord shows them, page after page.
      const shownInDiscord = walked.discord.flatMap((page) => ids(page.hits));
      const shownInText = walked.terminal.flatMap((page) => ids(page.hits));
      const inJson = walked.json.results.map((result) => result.id);
      for (const order of [shownInDiscord, shownInText, inJson]) {
        expect(order[0]).toBe('stone-post-untrue');
        expect(order.filter(isTechCrunchOnStone).length).toBeGreaterThan(0);
      }
      const text = walked.terminal[0]?.shown ?? '';
      expect(text).toMatch(/\[1\] Response · Andy Stone, communications director, Meta\n/);
      expect(text.indexOf('Shockingly untrue.')).toBeLessThan(text.indexOf('Shocking lie'));
      expect(walked.json.results[0]).toMatchObject({
        id: 'stone-post-untrue',
        words_by: 'Andy Stone, communications director, Meta',
        differs_from_original: false,
      });
    });
  }

  it('GIVEN the TechCrunch rendering on a page THEN Stone’s own words stand beneath it, and his post is on the same page above it', async () => {
    for (const ask of QUESTIONS) {
      const walked = await walk(context, ask);
      for (const page of walked.discord) {
        const order = ids(page.hits);
        const at = order.indexOf('stone-did-not-share-tc');
        if (at < 0) continue;
        expect(order.indexOf('stone-post-untrue')).toBeGreaterThanOrEqual(0);
        expect(order.indexOf('stone-post-untrue')).toBeLessThan(at);
        const description = page.shown.embeds?.[at]?.description ?? '';
        expect(readMarkdown(description)).toContain(
          "Andy Stone's own words: “Shockingly untrue. Meta didn't share people's private messages with Netflix.”",
        );
      }
    }
  });
});
