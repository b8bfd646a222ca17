/**
 * The attribution model every surface renders: whose words, whose position, where and when,
 * and how the wording differs from the original, in plain words with one date where one will do.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { attribute, recordText, speakerLine } from '../../src/answers/attribution.js';
import { openContext } from '../../src/answers/context.js';
import type { Pack, Statement } from '../../src/knowledge/types.js';
import { shippedPack } from '../support/pack.js';

let pack: Pack;

beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  pack = opened.context.pack;
});

function statement(id: string): Statement {
  const found = pack.byId.statements.get(id);
  if (!found) throw new Error(`test setup: no statement ${id}`);
  return found;
}

describe('attribute', () => {
  it('GIVEN Stone’s own post THEN the words are his, from his post, with one date and no word on who reported it', () => {
    const a = attribute(statement('stone-post-untrue'));
    expect(a).toMatchObject({
      kind: 'own',
      wordsBy: { name: 'Andy Stone', line: 'Andy Stone, communications director, Meta' },
      lead: 'Andy Stone, communications director, Meta',
      said: null,
      sourceLead: 'In',
      source: { title: "Andy Stone's post on X", titleIsOurs: true, publisher: null, date: '2 April 2024' },
      differsFromOriginal: false,
      record: null,
      ownWords: null,
    });
  });

  it('GIVEN TechCrunch’s copy of Stone’s post THEN TechCrunch wrote the words, Stone comes second, his own words go beneath, and 2 April 2024 is said once', () => {
    const a = attribute(statement('stone-did-not-share-tc'));
    expect(a.kind).toBe('reported');
    expect(a.wordsBy.name).toBe('TechCrunch');
    expect(a.lead).toBe('TechCrunch, reporting Andy Stone');
    expect(a.said).toBe(
      'Said by Andy Stone, communications director, Meta, in a statement posted on X, reposting a post about the court filing, 2 April 2024',
    );
    expect(a.source.date).toBeNull();
    expect(a.source.caveats).toEqual(['the copy quoted here is garbled in places', 'link not verified']);
    expect(a.differsFromOriginal).toBe(true);
    expect(recordText(a)).toBe(
      'Stone did not write “Shocking lie”; his post opened with “Shockingly untrue.” ' +
        "Andy Stone's own words: “Shockingly untrue. Meta didn't share people's private messages with Netflix.”",
    );
  });

  it('GIVEN a claim from the plaintiffs’ letter THEN TechCrunch wrote the words and both dates are given, the letter’s and the article’s', () => {
    const a = attribute(statement('claim-watch-cut-spending'));
    expect(a.lead).toBe('TechCrunch, reporting the advertiser plaintiffs in Klein v. Meta');
    expect(a.said).toMatch(/filed under seal, 14 April 2023 \(unconfirmed\)$/);
    expect(a.source.date).toBe('2 April 2024');
    expect(a.record).toContain('turns the allegation round');
  });

  it('GIVEN a passage garbled past reading THEN it is marked so, with what it reports in our words', () => {
    const a = attribute(statement('claim-musk-replies'));
    expect(a.readable).toBe(false);
    expect(a.wordsBy.name).toBe('TechCrunch');
    expect(a.record).toMatch(/^TechCrunch reports that Elon Musk's replies on X helped the claim spread/);
  });

  it('GIVEN a speaker’s words quoted faithfully in someone else’s report THEN the words are the speaker’s, as quoted in the report', () => {
    const own = statement('stone-post-untrue');
    const quotedInReport: Statement = { ...own, source: statement('claim-inbox-api').source };
    const a = attribute(quotedInReport);
    expect(a.kind).toBe('quoted');
    expect(a.wordsBy.name).toBe('Andy Stone');
    expect(a.lead).toBe('Andy Stone, communications director, Meta');
    expect(a.sourceLead).toBe('As quoted in');
    expect(a.said).toMatch(/^Said by Andy Stone/);
  });

  it('GIVEN a link to the original THEN it is shown, its date left out where the line above gives it', () => {
    const a = attribute(statement('meta-2018-no-third-parties'));
    expect(a.original).toMatchObject({
      title: "The Facts About Facebook's Messaging Partnerships",
      date: null,
      caveats: ['link not verified'],
    });
  });
});

describe('speakerLine', () => {
  it('GIVEN a name repeated as the organisation THEN it is said once', () => {
    expect(speakerLine({ name: 'TechCrunch', role: 'news site', organisation: 'TechCrunch' })).toBe(
      'TechCrunch, news site',
    );
  });
});
