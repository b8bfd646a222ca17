/**
 * The pack validator: every kind of fault an editor can make is reported as one line naming the
 * file, the item and the field, and a pack with any fault is not loaded at all.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadPack } from '../../src/knowledge/load.js';
import type { Pack } from '../../src/knowledge/types.js';
import { locate } from '../../src/knowledge/verbatim.js';
import { copyPack, countItems, type PackCopy, shippedPack } from '../support/pack.js';

const copies: PackCopy[] = [];
afterEach(() => {
  for (const copy of copies.splice(0)) copy.remove();
});

function fresh(): PackCopy {
  const copy = copyPack();
  copies.push(copy);
  return copy;
}

/** The problem lines for a pack, as `npm run check` and the bot print them (without the folder). */
async function problemLines(copy: PackCopy): Promise<string[]> {
  const result = await loadPack(copy.dir);
  if (result.ok) throw new Error('expected the pack to be refused, but it loaded');
  expect(result).not.toHaveProperty('pack');
  return result.problems.map((problem) => formatProblem(problem));
}

async function loadShipped(): Promise<Pack> {
  const result = await loadPack(shippedPack);
  if (!result.ok) throw new Error(result.problems.map((problem) => formatProblem(problem)).join('\n'));
  return result.pack;
}

/** A statement that is valid in itself, for files that need one more. */
const extraStatement = (id: string) => `
- id: ${id}
  stance: context
  title: One more statement
  speaker: { name: TechCrunch, role: null, organisation: TechCrunch }
  said_in: TechCrunch's article of 2 April 2024
  said_on: 2024-04-02
  source: techcrunch-2024-04-02
  quote: Meta, for its part, is denying the accuracy of the document's claims.
`;

describe('loadPack on the shipped pack', () => {
  it('GIVEN the shipped pack THEN it loads with every source, statement, event and topic its files hold', async () => {
    const pack = await loadShipped();
    const expected = countItems();
    expect({
      sources: pack.documents.length,
      statements: pack.statements.length,
      events: pack.timeline.length,
      topics: pack.topics.length,
    }).toEqual(expected);
    expect(pack.meta.id).toBe('meta-netflix-inbox-api');
    expect(pack.byId.statements.get('claim-inbox-api')?.source.publisher).toBe('TechCrunch');
  });

  it('GIVEN the shipped pack THEN every quote is the characters of its source at its offset', async () => {
    const pack = await loadShipped();
    for (const statement of pack.statements) {
      const text = statement.source.text ?? '';
      expect(text.slice(statement.offset, statement.offset + statement.quote.length), statement.id).toBe(
        statement.quote,
      );
    }
  });

  it('GIVEN a denial that responds to a claim THEN each side leads to the other', async () => {
    const pack = await loadShipped();
    const claim = pack.byId.statements.get('claim-inbox-api');
    const denial = pack.byId.statements.get('stone-disputed-access-tc');
    expect(denial?.respondsTo.map((s) => s.id)).toContain('claim-inbox-api');
    expect(claim?.answeredBy.map((s) => s.id)).toContain('stone-disputed-access-tc');
  });

  it('GIVEN the shipped pack THEN the timeline is oldest first', async () => {
    const pack = await loadShipped();
    const dates = pack.timeline.map((event) => event.date.iso);
    expect(dates).toEqual([...dates].sort());
  });

  it('GIVEN a loaded pack THEN its objects are frozen and an assignment throws', async () => {
    const pack = await loadShipped();
    const statement = pack.byId.statements.get('claim-inbox-api');
    const event = pack.byId.events.get('inbox-api-by-2013');
    const document = pack.byId.documents.get('techcrunch-2024-04-02');
    const topic = pack.byId.topics.get('inbox-api');
    if (!statement || !event || !document || !topic) throw new Error('shipped pack lacks a test item');
    const frozen = [
      pack,
      pack.meta,
      pack.meta.suggestions,
      pack.documents,
      pack.statements,
      pack.timeline,
      pack.topics,
      pack.byId,
      statement,
      statement.speaker,
      statement.saidOn,
      statement.topics,
      statement.respondsTo,
      statement.answeredBy,
      event,
      event.date,
      event.statements,
      event.documents,
      event.disputedBy,
      event.topics,
      document,
      document.date,
      document.notes,
      topic,
      topic.aliases,
    ];
    for (const [index, value] of frozen.entries())
      expect(Object.isFrozen(value), `object #${index}`).toBe(true);
    expect(() => {
      (statement as { quote: string }).quote = 'a paraphrase';
    }).toThrow(TypeError);
    expect(() => {
      (pack.statements as unknown as unknown[]).push(statement);
    }).toThrow(TypeError);
    expect(statement.quote).toContain('Inbox API');
  });
});

describe('loadPack: one line per fault, naming file, item and field', () => {
  it('GIVEN one character changed in a quote THEN it names file, item and field and how far the quote matches', async () => {
    const copy = fresh();
    copy.edit(
      'statements/claims.yaml',
      'It also said that Netflix had access',
      'It also said that Netflix has access',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/claims.yaml [claim-inbox-api] quote: is not in the text of techcrunch-2024-04-02: ' +
        'it matches as far as "It also said that Netflix ha", then differs',
    ]);
  });

  it('GIVEN a change near the end of a long quote THEN the message shows the last 60 matching characters', async () => {
    const copy = fresh();
    copy.edit(
      'statements/claims.yaml',
      'keep its API agreement confidential.',
      'keep its API agreement confidentail.',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/claims.yaml [claim-reports-every-two-weeks] quote: is not in the text of techcrunch-2024-04-02: ' +
        'it matches as far as "…and recipient clicks and to keep its API agreement confident", then differs',
    ]);
  });

  it('GIVEN a typo in a key THEN the item is reported with the unknown key named', async () => {
    const copy = fresh();
    copy.edit(
      'statements/context.yaml',
      '  record: >-\n    Not accurate as it reached us',
      '  recrod: >-\n    Not accurate as it reached us',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/context.yaml [context-lawsuit-described]: Unrecognized key: "recrod"',
    ]);
  });

  it('GIVEN a missing required field THEN the item and the field are named', async () => {
    const copy = fresh();
    copy.edit(
      'statements/context.yaml',
      '  title: Which lawsuit and court filing the Netflix claim comes from\n',
      '',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/context.yaml [context-lawsuit-described] title: is required',
    ]);
  });

  it('GIVEN two statements with one id THEN the second is reported, naming the file of the first', async () => {
    const copy = fresh();
    copy.write(
      'statements/context.yaml',
      copy.read('statements/context.yaml') + extraStatement('claim-inbox-api'),
    );
    expect(await problemLines(copy)).toEqual([
      'statements/context.yaml [claim-inbox-api] id: duplicates the id of a statement in statements/claims.yaml',
    ]);
  });

  it('GIVEN a statement naming a source that does not exist THEN its source field is reported', async () => {
    const copy = fresh();
    copy.edit(
      'statements/claims.yaml',
      'source: techcrunch-2024-04-02\n  quote: >-\n    It also said',
      'source: techcrunch-2024-04-03\n  quote: >-\n    It also said',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/claims.yaml [claim-inbox-api] source: names source "techcrunch-2024-04-03", which does not exist',
    ]);
  });

  it('GIVEN a statement quoting a reference that holds no text THEN its source field is reported', async () => {
    const copy = fresh();
    copy.edit(
      'statements/claims.yaml',
      'source: techcrunch-2024-04-02\n  quote: >-\n    It also said',
      'source: nyt-2018-12-18\n  quote: >-\n    It also said',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/claims.yaml [claim-inbox-api] source: names "nyt-2018-12-18", a reference with no text to quote from',
    ]);
  });

  it('GIVEN a statement naming a topic that does not exist THEN the topic entry is reported', async () => {
    const copy = fresh();
    copy.edit(
      'statements/claims.yaml',
      'topics: [inbox-api, private-messages,',
      'topics: [inbox-apis, private-messages,',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/claims.yaml [claim-inbox-api] topics.0: names topic "inbox-apis", which does not exist',
    ]);
  });

  it('GIVEN responds_to naming a statement that does not exist THEN that entry is reported', async () => {
    const copy = fresh();
    copy.edit('statements/responses.yaml', '    - claim-titan-api\n', '    - claim-titan-apy\n');
    expect(await problemLines(copy)).toEqual([
      'statements/responses.yaml [meta-denies-filing-claims] responds_to.4: names statement "claim-titan-apy", which does not exist',
    ]);
  });

  it('GIVEN a timeline event naming a statement that does not exist THEN that entry is reported', async () => {
    const copy = fresh();
    copy.edit('timeline.yaml', 'statements: [claim-titan-api]\n', 'statements: [claim-titan-ap]\n');
    expect(await problemLines(copy)).toEqual([
      'timeline.yaml [titan-api-2013] statements.0: names statement "claim-titan-ap", which does not exist',
    ]);
  });

  it('GIVEN a timeline event naming a document that does not exist THEN that entry is reported', async () => {
    const copy = fresh();
    copy.edit(
      'timeline.yaml',
      'documents: [klein-advertiser-letter-2023-04-14]\n',
      'documents: [klein-advertiser-letter-2023-04-15]\n',
    );
    expect(await problemLines(copy)).toEqual([
      'timeline.yaml [titan-api-2013] documents.0: names source "klein-advertiser-letter-2023-04-15", which does not exist',
    ]);
  });

  it('GIVEN a stance on an event that lists its quotes THEN the stance is reported: the quotes carry theirs', async () => {
    const copy = fresh();
    copy.edit(
      'timeline.yaml',
      'statements: [claim-titan-api]\n',
      'statements: [claim-titan-api]\n  stance: claim\n',
    );
    expect(await problemLines(copy)).toEqual([
      'timeline.yaml [titan-api-2013] stance: only an event whose words the pack holds no quote of takes a stance: its statements carry theirs',
    ]);
  });

  it('GIVEN a stance that is neither claim nor denial THEN the field is reported', async () => {
    const copy = fresh();
    copy.edit('timeline.yaml', '  stance: denial\n', '  stance: rebuttal\n');
    const lines = await problemLines(copy);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^timeline\.yaml \[netflix-statement-2018\] stance: /);
  });

  it('GIVEN disputed_by naming an event that does not exist THEN that entry is reported', async () => {
    const copy = fresh();
    copy.edit('timeline.yaml', 'disputed_by: [inbox-api-by-2013]', 'disputed_by: [inbox-api-by-2014]');
    expect(await problemLines(copy)).toEqual([
      'timeline.yaml [inbox-api-within-a-month-2011] disputed_by.0: names timeline event "inbox-api-by-2014", which does not exist',
    ]);
  });

  it('GIVEN a phrasing listed twice, or a topic phrasing that repeats an alias THEN each is reported', async () => {
    const copy = fresh();
    copy.edit('statements/claims.yaml', '    - read my dms\n', '    - read my dms\n    - Read my DMs\n');
    copy.edit('topics.yaml', '  phrasings:\n    - msgs\n', '  phrasings:\n    - msgs\n    - inbox\n');
    expect(await problemLines(copy)).toEqual([
      'topics.yaml [private-messages] phrasings.1: "inbox" is already a name, alias or phrasing of this topic',
      'statements/claims.yaml [claim-inbox-api] phrasings.1: "Read my DMs" is listed twice',
    ]);
  });

  it('GIVEN 30 February or a 13th month THEN each date is reported as not a real date', async () => {
    const copy = fresh();
    copy.edit('sources/nyt-2018-12-18.yaml', 'date: 2018-12-18', 'date: 2023-02-30');
    copy.edit(
      'statements/context.yaml',
      '  said_on: 2024-04-02\n  source: techcrunch-2024-04-02\n  quote: >-\n    The claim references',
      '  said_on: 2023-13\n  source: techcrunch-2024-04-02\n  quote: >-\n    The claim references',
    );
    expect((await problemLines(copy)).sort()).toEqual([
      'sources/nyt-2018-12-18.yaml [nyt-2018-12-18] date: "2023-02-30" is not a real date',
      'statements/context.yaml [context-lawsuit-described] said_on: "2023-13" is not a real date',
    ]);
  });

  it('GIVEN an as_of of 30 February THEN pack.yaml as_of is reported', async () => {
    const copy = fresh();
    copy.edit('pack.yaml', 'as_of: 2024-04-02', 'as_of: 2023-02-30');
    expect(await problemLines(copy)).toEqual(['pack.yaml as_of: "2023-02-30" is not a real date']);
  });

  it('GIVEN a URL without a scheme THEN the source url field is reported', async () => {
    const copy = fresh();
    copy.edit('sources/andy-stone-x-2024-04-02.yaml', 'url: null', 'url: x.com/andymstone/status/1');
    const mine = (await problemLines(copy)).filter((line) => line.startsWith('sources/'));
    expect(mine).toEqual([
      'sources/andy-stone-x-2024-04-02.yaml [andy-stone-x-2024-04-02] url: must be an absolute http(s) address',
    ]);
  });

  it('GIVEN an edited source text THEN the sha256 field is reported, naming the .txt and its digest', async () => {
    const copy = fresh();
    const file = 'sources/andy-stone-x-2024-04-02.txt';
    copy.write(file, `${copy.read(file)}\n`);
    const digest = createHash('sha256')
      .update(readFileSync(join(copy.dir, file)))
      .digest('hex');
    expect(await problemLines(copy)).toEqual([
      'sources/andy-stone-x-2024-04-02.yaml [andy-stone-x-2024-04-02] sha256: does not match ' +
        `andy-stone-x-2024-04-02.txt (its SHA-256 is ${digest}): received text must not be edited`,
    ]);
  });

  it('GIVEN a source whose text file is missing THEN its text field is reported, naming the file', async () => {
    const copy = fresh();
    copy.delete('sources/andy-stone-x-2024-04-02.txt');
    const mine = (await problemLines(copy)).filter((line) => line.startsWith('sources/'));
    expect(mine).toEqual([
      'sources/andy-stone-x-2024-04-02.yaml [andy-stone-x-2024-04-02] text: names andy-stone-x-2024-04-02.txt, which does not exist',
    ]);
  });

  it('GIVEN a .txt that no source names THEN the orphan is reported', async () => {
    const copy = fresh();
    copy.write('sources/notes.txt', 'scratch notes\n');
    expect(await problemLines(copy)).toEqual(['sources/notes.txt: is not the text of any source']);
  });

  it('GIVEN invalid YAML THEN the file is reported with the line of the fault', async () => {
    const copy = fresh();
    copy.edit('timeline.yaml', '  status: established\n', '  status: established: yes\n');
    const line = copy.read('timeline.yaml').split('\n').indexOf('  status: established: yes') + 1;
    expect(line).toBeGreaterThan(1);
    expect(await problemLines(copy)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^timeline\\.yaml: is not valid YAML at line ${line}, column \\d+: bad indentation of a mapping entry$`,
        ),
      ),
    ]);
  });

  it('GIVEN a denial that names nothing it responds to THEN responds_to is reported', async () => {
    const copy = fresh();
    copy.edit('statements/responses.yaml', '  responds_to: [claim-inbox-api, claim-data-for-sale]\n', '');
    expect(await problemLines(copy)).toEqual([
      'statements/responses.yaml [stone-disputed-access-tc] responds_to: must name what the denial answers (a claim or report)',
    ]);
  });

  it('GIVEN a mapping where a list of items is required THEN the file is reported', async () => {
    const copy = fresh();
    copy.write('timeline.yaml', 'id: hastings-joins-board-2011\ndate: 2011\n');
    expect(await problemLines(copy)).toEqual(['timeline.yaml: must be a list of items']);
  });

  it('GIVEN several faults at once THEN each has its own line and no pack is loaded', async () => {
    const copy = fresh();
    copy.edit(
      'statements/claims.yaml',
      'It also said that Netflix had access',
      'It also said that Netflix has access',
    );
    copy.edit('sources/nyt-2018-12-18.yaml', 'date: 2018-12-18', 'date: 2018-13');
    copy.write('sources/notes.txt', 'scratch notes\n');
    copy.edit('statements/responses.yaml', '  responds_to: [claim-inbox-api, claim-data-for-sale]\n', '');
    const result = await loadPack(copy.dir);
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('pack');
    const shown = result.ok ? [] : result.problems.map((problem) => formatProblem(problem));
    expect(shown.sort()).toEqual([
      'sources/notes.txt: is not the text of any source',
      'sources/nyt-2018-12-18.yaml [nyt-2018-12-18] date: "2018-13" is not a real date',
      'statements/claims.yaml [claim-inbox-api] quote: is not in the text of techcrunch-2024-04-02: ' +
        'it matches as far as "It also said that Netflix ha", then differs',
      'statements/responses.yaml [stone-disputed-access-tc] responds_to: must name what the denial answers (a claim or report)',
    ]);
  });
});

describe('loadPack: whose words, and how they differ from the original', () => {
  it('GIVEN a quote marked as differing with neither own_words nor record THEN record is required', async () => {
    const copy = fresh();
    copy.edit(
      'statements/claims.yaml',
      '  topics: [special-relationship, netflix, facebook, lawsuit]\n',
      '  topics: [special-relationship, netflix, facebook, lawsuit]\n  differs_from_original: true\n',
    );
    copy.edit(
      'statements/claims.yaml',
      '  record: >-\n    The lawsuit is Klein v. Meta',
      '  note: >-\n    The lawsuit is Klein v. Meta',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/claims.yaml [claim-special-relationship] record: is required: the quote differs from the original, ' +
        'so it needs own_words (the statement with the speaker’s own words) or record (what the record says, in our words)',
    ]);
  });

  it('GIVEN a passage garbled past reading with no record THEN record is required, since it is shown in place of the quote', async () => {
    const copy = fresh();
    copy.edit(
      'statements/claims.yaml',
      '  record: >-\n    TechCrunch reports that Elon Musk',
      '  note: >-\n    TechCrunch reports that Elon Musk',
    );
    copy.edit(
      'statements/claims.yaml',
      '  note: The date of his replies is not confirmed (between about 29 March and 2 April 2024).\n',
      '',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/claims.yaml [claim-musk-replies] record: is required: the quote differs from the original, ' +
        'so it needs own_words (the statement with the speaker’s own words) or record (what the record says, in our words)',
      'statements/claims.yaml [claim-musk-replies] record: is required when readable is false: it is shown in place of the quote',
    ]);
  });

  it('GIVEN own_words naming a statement by someone else, or one that does not exist THEN own_words is reported', async () => {
    const copy = fresh();
    copy.edit('statements/responses.yaml', 'own_words: stone-post-agreement', 'own_words: claim-inbox-api');
    copy.edit(
      'statements/responses.yaml',
      'own_words: stone-post-commonplace',
      'own_words: stone-post-commonplac',
    );
    expect((await problemLines(copy)).sort()).toEqual([
      'statements/responses.yaml [stone-agreement-purpose-tc] own_words: names "claim-inbox-api", which is not the speaker\'s own wording itself',
      'statements/responses.yaml [stone-industry-wide-tc] own_words: names statement "stone-post-commonplac", which does not exist',
    ]);
  });

  it('GIVEN own_words naming the statement itself THEN own_words is reported', async () => {
    const copy = fresh();
    copy.edit(
      'statements/responses.yaml',
      'own_words: stone-post-agreement',
      'own_words: stone-agreement-purpose-tc',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/responses.yaml [stone-agreement-purpose-tc] own_words: names the statement itself',
    ]);
  });

  it('GIVEN own_words naming a statement from the same source THEN own_words is reported', async () => {
    const copy = fresh();
    copy.edit(
      'statements/responses.yaml',
      '  responds_to: [claim-inbox-api, claim-titan-api]\n  note: Andy Stone',
      '  responds_to: [claim-inbox-api, claim-titan-api]\n  own_words: stone-post-untrue\n  note: Andy Stone',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/responses.yaml [stone-post-agreement] own_words: names "stone-post-untrue", from the same source: ' +
        "own_words is for a report of someone's words in another",
      // And the copy that names it as the speaker's own words is told it no longer is.
      'statements/responses.yaml [stone-agreement-purpose-tc] own_words: names "stone-post-agreement", ' +
        "which is not the speaker's own wording itself",
    ]);
  });

  it('GIVEN our own words in quotation marks in a note or a title THEN each is reported, naming the words', async () => {
    const copy = fresh();
    copy.edit(
      'statements/claims.yaml',
      'title: Plaintiffs say Netflix and Facebook had a special relationship',
      'title: Plaintiffs say Netflix and Facebook were “joined at the hip”',
    );
    copy.edit(
      'timeline.yaml',
      'basis: The Hollywood Reporter.',
      'basis: The Hollywood Reporter called it "a coup".',
    );
    expect(await problemLines(copy)).toEqual([
      'statements/claims.yaml [claim-special-relationship] title: puts “joined at the hip” in quotation marks, but no source text, ' +
        'excerpt or published title in the pack holds those words: our own words are never shown as a quote',
      'timeline.yaml [hastings-joins-board-2011] basis: puts “a coup” in quotation marks, but no source text, ' +
        'excerpt or published title in the pack holds those words: our own words are never shown as a quote',
    ]);
  });

  it('GIVEN words the pack holds in quotation marks (a source text, an excerpt, a published title) THEN the pack loads', async () => {
    const copy = fresh();
    copy.edit(
      'timeline.yaml',
      'basis: The Hollywood Reporter.',
      "basis: Compare “Shockingly untrue.”, “Wow” and “The Facts About Facebook's Messaging Partnerships”.",
    );
    expect((await loadPack(copy.dir)).ok).toBe(true);
  });

  it('GIVEN an event listing a copy without its speaker’s own words before it THEN that entry is reported', async () => {
    const copy = fresh();
    copy.edit(
      'timeline.yaml',
      '    - stone-post-commonplace\n',
      '    - stone-post-commonplace\n    - stone-did-not-share-tc\n',
    );
    copy.edit('timeline.yaml', '  statements:\n    - stone-post-untrue\n', '  statements:\n');
    expect(await problemLines(copy)).toEqual([
      'timeline.yaml [stone-denial-2024] statements.2: lists "stone-did-not-share-tc" without "stone-post-untrue" (the speaker\'s own words) before it',
    ]);
  });
});

describe('loadPack: a fault is reported once, not again at every reference to it', () => {
  // The loader promises "one per fault". A quote that fails its check is handled that way
  // (references to the statement stay quiet), but an item that fails its schema is dropped
  // before ids are indexed, so every reference to it is reported as "does not exist".

  it('GIVEN a typo in a key of a statement others answer THEN there is one line, not one per reference', async () => {
    const copy = fresh();
    copy.edit('statements/claims.yaml', '  note: >-\n    Reports differ', '  nots: >-\n    Reports differ');
    expect(await problemLines(copy)).toEqual([
      'statements/claims.yaml [claim-inbox-api]: Unrecognized key: "nots"',
    ]);
  });

  it('GIVEN a malformed URL in a source that statements quote THEN there is one line, not one per reference', async () => {
    const copy = fresh();
    copy.edit('sources/andy-stone-x-2024-04-02.yaml', 'url: null', 'url: x.com/andymstone/status/1');
    expect(await problemLines(copy)).toEqual([
      'sources/andy-stone-x-2024-04-02.yaml [andy-stone-x-2024-04-02] url: must be an absolute http(s) address',
    ]);
  });

  it('GIVEN a missing text file THEN no statement is told its source is "a reference with no text"', async () => {
    const copy = fresh();
    copy.delete('sources/andy-stone-x-2024-04-02.txt');
    const shown = await problemLines(copy);
    expect(shown).toContain(
      'sources/andy-stone-x-2024-04-02.yaml [andy-stone-x-2024-04-02] text: names andy-stone-x-2024-04-02.txt, which does not exist',
    );
    expect(shown.filter((line) => line.includes('a reference with no text'))).toEqual([]);
  });

  it('GIVEN topics.yaml that is not a list THEN there is one line, not one per topic reference', async () => {
    const copy = fresh();
    copy.write('topics.yaml', 'id: netflix\nname: Netflix\n');
    expect(await problemLines(copy)).toEqual(['topics.yaml: must be a list of items']);
  });
});

describe('loadPack: a message says what is wrong', () => {
  it('GIVEN a missing date THEN the message says what is expected, not only "Invalid input"', async () => {
    // A date may be written bare or as { date, qualifier, confirmed }; the schema is a union,
    // and a missing one is reported as "said_on: Invalid input", which does not say it is missing.
    const copy = fresh();
    copy.edit('statements/context.yaml', '  said_on: 2024-04-02\n', '');
    const shown = await problemLines(copy);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^statements\/context\.yaml \[context-lawsuit-described\] said_on: \S/);
    expect(shown[0]).not.toMatch(/: Invalid input$/);
  });
});

describe('formatProblem', () => {
  it('GIVEN a problem with item and field THEN it reads "file [item] field: message"', () => {
    expect(
      formatProblem({ file: 'timeline.yaml', item: 'nyt-report-2018', field: 'date', message: 'is wrong' }),
    ).toBe('timeline.yaml [nyt-report-2018] date: is wrong');
  });

  it('GIVEN a problem with the whole file and a folder THEN it reads "folder/file: message"', () => {
    expect(
      formatProblem({ file: 'topics.yaml', item: null, field: null, message: 'is missing' }, 'packs/x'),
    ).toBe(join('packs/x', 'topics.yaml') + ': is missing');
  });
});

describe('locate: only white space folds', () => {
  const text =
    "It also said that Netflix had access to Meta's “Inbox API” that offered\nthe streamer   access.";

  it('GIVEN the exact words THEN it finds them at their offset', () => {
    expect(locate(text, 'Netflix had access')).toEqual({
      found: true,
      offset: text.indexOf('Netflix'),
      exact: 'Netflix had access',
    });
  });

  it("GIVEN a quote whose line break and space runs differ THEN it is found, as the source's own characters", () => {
    const result = locate(text, 'that offered the\n\n  streamer access.');
    expect(result).toEqual({
      found: true,
      offset: text.indexOf('that offered'),
      exact: 'that offered\nthe streamer   access.',
    });
  });

  it('GIVEN a quote with spaces around it THEN the outer white space is ignored', () => {
    expect(locate(text, '  “Inbox API”\n')).toMatchObject({ found: true, exact: '“Inbox API”' });
  });

  it('GIVEN straight quotes where the source has curly ones THEN it is not found, and matches up to the quote mark', () => {
    expect(locate(text, 'access to Meta\'s "Inbox API"')).toEqual({
      found: false,
      matchedPrefix: "access to Meta's ",
    });
  });

  it('GIVEN a curly apostrophe where the source has a straight one THEN it is not found', () => {
    expect(locate(text, 'Meta’s “Inbox API”')).toEqual({ found: false, matchedPrefix: 'Meta' });
  });

  it('GIVEN different letter case THEN it is not found', () => {
    expect(locate(text, 'netflix had access')).toMatchObject({ found: false });
    expect(locate(text, 'Netflix had Access')).toEqual({ found: false, matchedPrefix: 'Netflix had ' });
  });

  it('GIVEN a space where the source has none, or none where it has one THEN it is not found', () => {
    expect(locate(text, 'Inbox API')).toMatchObject({ found: true });
    expect(locate(text, 'InboxAPI')).toMatchObject({ found: false });
    expect(locate('the InboxAPI', 'Inbox API')).toMatchObject({ found: false });
  });

  it('GIVEN an empty or blank quote THEN it is not found', () => {
    expect(locate(text, '')).toEqual({ found: false, matchedPrefix: '' });
    expect(locate(text, ' \n ')).toEqual({ found: false, matchedPrefix: '' });
  });

  it('GIVEN the shipped TechCrunch text THEN the Inbox API quote is found across its line break', () => {
    const source = readFileSync(join(shippedPack, 'sources/techcrunch-2024-04-02.txt'), 'utf8');
    const quote =
      "It also said that Netflix had access to Meta's “Inbox API” that offered the streamer\n" +
      "“programmatic access to Facebook users' private message inboxes.”";
    const result = locate(source, quote);
    expect(result.found).toBe(true);
    if (result.found)
      expect(source.slice(result.offset, result.offset + result.exact.length)).toBe(result.exact);
  });
});
