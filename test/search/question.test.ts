/**
 * Reading a question: filler never narrows or empties it, question words say what it asks for,
 * words the pack never uses count by how rare they are in English, and phrases of the pack's
 * are met past glue words and by stem. Against the shipped pack's lexicon, as the bot reads.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '../../src/search/analyze.js';
import { Search } from '../../src/search/engine.js';
import { commonness } from '../../src/search/english.js';
import { readQuestion } from '../../src/search/question.js';
import { loadShipped } from '../support/pack.js';

let search: Search;

beforeAll(async () => {
  search = new Search(await loadShipped());
});

const slotsOf = (text: string) => search.analyze(text).slots.map((slot) => slot.text);
const idsOf = (text: string) => search.statements(search.analyze(text)).map((hit) => hit.item.id);

describe('GIVEN conversational filler around a question', () => {
  it('THEN it is dropped and the question searches as its words alone', () => {
    expect(slotsOf('is it true facebook let netflix see private messages')).toEqual(
      slotsOf('facebook let netflix see private messages'),
    );
    expect(slotsOf('whats the deal with reed hastings being on facebooks board')).toEqual(
      slotsOf('reed hastings being on facebooks board'),
    );
    expect(slotsOf('so did netflix actually read my dms lol')).toEqual(slotsOf('did netflix read my dms'));
  });

  it('THEN the results are those of the bare question: filler never narrows them', () => {
    const bare = idsOf('facebook let netflix see private messages');
    expect(bare.length).toBeGreaterThan(5);
    // "is it true" asks for the claim first: the same results, the claims a little ahead.
    const asked = idsOf('is it true facebook let netflix see private messages');
    expect([...asked].sort()).toEqual([...bare].sort());
    expect(asked[0]).toBe('claim-inbox-api');
    expect(idsOf('ok so whats the deal with facebook letting netflix see private messages tbh')).toEqual(
      idsOf('facebook letting netflix see private messages'),
    );
  });

  it('THEN a phrase of the pack is not taken for filler: "api deal" stays, "the deal" goes', () => {
    expect(slotsOf('whats the deal with the api deal')).toEqual(['api deal']);
  });
});

describe('GIVEN question words', () => {
  const intents = (text: string) => [...search.analyze(text).intents].sort();

  it('THEN each says what kind of answer is wanted', () => {
    expect(intents('when did all this come out')).toEqual(['when']);
    expect(intents('who is the guy from meta who tweeted it was untrue')).toEqual(['said', 'who']);
    expect(intents('what did meta say about netflix')).toEqual(['said']);
    expect(intents('who did hastings meet with at fb')).toEqual(['whom']);
    expect(intents('according to meta what was it for')).toEqual(['said']);
    expect(intents('how do i delete my messages')).toEqual(['howto']);
    expect(intents('how much did netflix spend on ads')).toEqual(['amount']);
    expect(intents('is it true netflix paid facebook 150 million')).toEqual(['status']);
    expect(intents('is facebook down right now')).toEqual(['now']);
    expect(intents('who leads netflix now that hastings is gone')).toEqual(['now', 'who']);
    expect(intents('did netflix read facebook messages')).toEqual([]);
  });

  it('THEN "when" and "who" count only as the first words, so a clause does not steer', () => {
    expect(intents('did netflix read messages when hastings was on the board')).toEqual([]);
    expect(intents('so when did hastings join')).toEqual(['when']);
  });

  it('THEN words of saying steer and are still searched ("denied" is what a denial says)', () => {
    const read = readQuestion(tokenize('did meta deny it'), {
      searchable: () => true,
      inPhrase: () => false,
    });
    expect([...read.intents]).toEqual(['said']);
    expect(read.tokens.map((token) => token.word)).toEqual(['did', 'meta', 'deny', 'it']);
  });

  it('THEN a question word is searched when nothing else is left to search', () => {
    const tokens = tokenize('allegations');
    const read = readQuestion(tokens, { searchable: () => true, inPhrase: () => false });
    expect(read.intents.has('status')).toBe(true);
    expect(read.tokens.map((token) => token.word)).toEqual(['allegations']);
  });
});

describe('GIVEN words the pack never uses', () => {
  const weightOf = (text: string, word: string) =>
    search.analyze(text).slots.find((slot) => slot.text === word)?.weight ?? Number.NaN;

  it('THEN an "-ing" or "-ed" form is as common as its word, and a rare word\'s form stays rare', () => {
    expect(commonness('freaking')).not.toBe('rare');
    expect(commonness('gutted')).not.toBe('rare');
    expect(commonness('hoping')).not.toBe('rare');
    expect(commonness('shadowbanning')).toBe('rare');
    expect(commonness('whitelisted')).toBe('rare');
  });

  it('THEN a name or rare word counts against a match in full, a common word less than half', () => {
    expect(commonness('tiktok')).toBe('rare');
    expect(commonness('job')).not.toBe('rare');
    expect(weightOf('did tiktok share user data', 'tiktok')).toBeGreaterThan(
      2 * weightOf('whats andy stones job', 'job'),
    );
  });

  it('THEN a question about another company gets nothing, whatever it shares with the pack', () => {
    expect(idsOf('did tiktok share user data with china')).toEqual([]);
    expect(idsOf('did google deny the gemini image controversy')).toEqual([]);
  });
});

describe('GIVEN a name or alias typed another way', () => {
  it('THEN it is met by stem and past glue words: "tweeted" is the tweet alias, "kill its own shows" a phrasing', () => {
    const tweeted = search.analyze('who tweeted it').slots[0];
    expect(tweeted?.alternatives.some((alternative) => alternative.terms.includes('#x-twitter'))).toBe(true);
    const shows = search
      .analyze('did facebook kill its own shows')
      .slots.find((slot) => slot.text === 'kill shows');
    expect(shows?.alternatives.some((alternative) => alternative.kind === 'phrasing')).toBe(true);
  });

  it('THEN a typo keeps its first letter: "gmail" is not read as "email"', () => {
    expect(search.analyze('netflx inbox').corrections).toEqual([{ from: 'netflx', to: 'netflix' }]);
    expect(search.analyze('gmail inbox').corrections).toEqual([]);
  });
});

describe('GIVEN two names of the same thing in one question', () => {
  it('THEN they are one slot, weighing as the more telling of them', () => {
    const slots = search.analyze('when did twitter get renamed to x').slots;
    expect(slots.map((slot) => slot.text)).toEqual(['twitter x', 'renamed']);
    const alone = search.analyze('twitter').slots[0]?.weight ?? Number.NaN;
    expect(slots[0]?.weight).toBeCloseTo(Math.max(alone, search.analyze('x').slots[0]?.weight ?? 0));
  });

  it('THEN a short name seldom written in the pack weighs as the topic it names, near its usual name', () => {
    const weightOf = (text: string) => search.analyze(text).slots[0]?.weight ?? Number.NaN;
    // "fb" is written in a few items only; as a word alone it would weigh almost twice as much.
    expect(weightOf('fb')).toBeGreaterThanOrEqual(weightOf('facebook'));
    expect(weightOf('fb')).toBeLessThan(1);
  });
});

describe('GIVEN a word the pack never uses', () => {
  it('THEN a rare one is foreign (a name or subject the pack does not hold), an ordinal or a common word is not', () => {
    const foreign = (text: string) =>
      search
        .analyze(text)
        .slots.filter((slot) => slot.foreign)
        .map((s) => s.text);
    expect(foreign('twitter denies shadowbanning')).toEqual(['shadowbanning']);
    expect(foreign('were 3rd party apps reading my messages')).toEqual([]);
    expect(commonness('3rd')).toBe('common');
    expect(foreign('whats andy stones job')).toEqual([]);
  });
});

describe('GIVEN a question word inside a phrase of the pack', () => {
  it('THEN it says what is asked and stays a word of the phrase: "who ran facebook watch"', () => {
    const query = search.analyze('who ran facebook watch');
    expect(query.intents.has('who')).toBe(true);
    expect(query.slots.some((slot) => slot.alternatives.some((a) => a.kind === 'phrasing'))).toBe(true);
  });

  it('THEN the longer question word wins: "who wrote" leaves no "wrote" to search for', () => {
    expect(slotsOf('who wrote the messaging partnerships post')).not.toContain('wrote');
  });
});

describe('GIVEN a question typed in plain ASCII', () => {
  it('THEN its words and their places are those the Unicode reading finds', () => {
    // One letter outside ASCII sends the same text down the Unicode path; set apart by a
    // space, it adds only a word of its own at the end.
    const texts = [
      "Didn't Meta's PR guy say it's \"SHOCKINGLY untrue\"?? lol",
      'netflix+facebook=DMs_2013 (inbox-api) @zuck #receipts ~ok',
      "  rock'n'roll isn't o'reilly's 3rd-party api '' 'quoted' x's  ",
      'A1b2 C3_d4 ... 150M $40m 2018-04-02',
    ];
    for (const text of texts) {
      const marked = tokenize(`${text} é`);
      expect(marked.pop()?.word).toBe('é');
      expect(tokenize(text)).toEqual(marked);
    }
    // And any printable ASCII, weighted towards letters, digits, apostrophes and spaces.
    const printable = fc.oneof(
      fc.constantFrom(..."aZ9's '"),
      fc.integer({ min: 32, max: 126 }).map((code) => String.fromCharCode(code)),
    );
    fc.assert(
      fc.property(fc.array(printable, { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        const marked = tokenize(`${text} é`);
        return marked.pop()?.word === 'é' && JSON.stringify(tokenize(text)) === JSON.stringify(marked);
      }),
      { numRuns: 2000 },
    );
  });
});
