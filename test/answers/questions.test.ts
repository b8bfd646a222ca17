/**
 * Questions as members ask them, answered as a member sees them: the first embed of the Discord
 * message (and, where it matters, the terminal text and the JSON). Each case was once answered
 * wrongly or not at all; the first result is what is asserted.
 */
import type { APIEmbed, APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnswerContext, acrossNote, answerSearch } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { closestWording } from '../../src/answers/labels.js';
import type { ResultsAnswer, SearchMode } from '../../src/answers/types.js';
import { toJson } from '../../src/cli/json.js';
import { renderTerminal } from '../../src/cli/render.js';
import { pageSizeFor, renderMessage } from '../../src/discord/render.js';
import { formatDate } from '../../src/knowledge/dates.js';
import { defaultPackDir } from '../../src/paths.js';

let context: AnswerContext;

beforeAll(async () => {
  const opened = await openContext(defaultPackDir);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
});

function ask(mode: SearchMode, query: string) {
  const answer = answerSearch(context, { mode, query, pageSize: pageSizeFor(mode) });
  const message = renderMessage(answer, context.pack, { ephemeral: true });
  return { answer, message, first: message.embeds?.[0] };
}

/** The first embed shows this statement: its title, and its quote in the description. */
function expectStatement(embed: APIEmbed | undefined, id: string): void {
  const statement = context.pack.byId.statements.get(id);
  if (!statement) throw new Error(`no statement ${id}`);
  expect(embed?.title, `first result should be ${id}`).toBe(statement.title);
  // Matched words are in bold; the quote's words are otherwise as the source has them.
  expect(embed?.description?.replace(/\*\*/g, '')).toContain(
    statement.quote.split(/\s+/).slice(0, 4).join(' '),
  );
}

/** The first embed shows this timeline event: its date first, then our summary. */
function expectEvent(embed: APIEmbed | undefined, id: string): void {
  const event = context.pack.byId.events.get(id);
  if (!event) throw new Error(`no event ${id}`);
  expect(embed?.author?.name.startsWith(formatDate(event.date)), `first result should be ${id}`).toBe(true);
  expect(embed?.description).toContain('**Summary (ours):**');
  expect(embed?.description?.replace(/\*\*/g, '')).toContain(event.summary.slice(0, 30));
}

function expectNothing(message: APIInteractionResponseCallbackData): void {
  expect(message.embeds ?? []).toEqual([]);
  expect(message.content).toMatch(/^The sources do not cover that\./);
}

describe('GIVEN questions in the words members use', () => {
  it('did facebook kill its own shows to help netflix → the Watch cut', () => {
    expectStatement(
      ask('ask', 'did facebook kill its own shows to help netflix').first,
      'claim-watch-cut-spending',
    );
  });

  it('is it true netflix paid facebook 150 million → the $150 million claim, then the response to it', () => {
    const { answer, first } = ask('ask', 'is it true netflix paid facebook 150 million');
    expectStatement(first, 'claim-ad-spend-2017');
    const second = answer.kind === 'results' ? answer.hits[1] : undefined;
    expect(second?.type === 'statement' && second.statement.stance).toBe('denial');
  });

  it('is it true facebook let netflix see private messages → the Inbox API claim, and as many results as without "is it true"', () => {
    const { answer, first } = ask('ask', 'is it true facebook let netflix see private messages');
    expectStatement(first, 'claim-inbox-api');
    const bare = answerSearch(context, { mode: 'ask', query: 'facebook let netflix see private messages' });
    expect(answer.kind === 'results' && bare.kind === 'results').toBe(true);
    if (answer.kind === 'results' && bare.kind === 'results') {
      // All the bare question's results, and the responses to the claim besides.
      expect(answer.hits.length).toBeGreaterThanOrEqual(bare.hits.length);
      expect(bare.hits.length).toBeGreaterThan(10);
    }
  });

  it('when did all this come out → the dated event of the letters being unsealed', () => {
    expectEvent(ask('ask', 'when did all this come out').first, 'letters-unsealed-2024');
  });

  it('when did the nyt story come out → the Times report, not whatever else "came out"', () => {
    // "come out" is how the question is asked; the report is what it asks about.
    expectEvent(ask('timeline', 'when did the nyt story come out').first, 'nyt-report-2018');
    expectEvent(ask('ask', 'when did the nyt story come out').first, 'nyt-report-2018');
  });

  it('whats the deal with reed hastings being on facebooks board → Hastings on the board, not the "deal" of the reports', () => {
    const { answer, first } = ask('ask', 'whats the deal with reed hastings being on facebooks board');
    expectStatement(first, 'claim-hastings-meetings');
    // The first page is about the board seat; the reports' "API deal" is not on it.
    const page = answer.kind === 'results' ? answer.hits.slice(0, answer.pageSize) : [];
    expect(page.map((hit) => (hit.type === 'statement' ? hit.statement.id : hit.event.id))).not.toContain(
      'claim-reports-every-two-weeks',
    );
  });

  it("did netflix actually read people's facebook DMs? → the Inbox API claim first", () => {
    expectStatement(ask('ask', "did netflix actually read people's facebook DMs?").first, 'claim-inbox-api');
  });

  it('/timeline when did facebook watch launch → the launch first, then the nearest events', () => {
    const { answer, first } = ask('timeline', 'when did facebook watch launch');
    expectEvent(first, 'facebook-announces-watch-2017');
    expect(answer.kind === 'results' && answer.hits[1]?.type === 'event' && answer.hits[1].event.id).toBe(
      'watch-tab-us-rollout-2017',
    );
  });

  it('did tiktok share user data with china → nothing, and the suggestions', () => {
    const { message } = ask('ask', 'did tiktok share user data with china');
    expectNothing(message);
    expect(message.content).toContain('/claim inbox api');
  });

  it('is facebook down right now → nothing', () => {
    expectNothing(ask('ask', 'is facebook down right now').message);
  });
});

describe('GIVEN slang in a form the word list lacks', () => {
  it('people freaking out over facebook selling user data → the data-for-sale claim: "freaking" is an everyday word, no foreign name', () => {
    expectStatement(
      ask('ask', 'people freaking out over facebook selling user data').first,
      'claim-data-for-sale',
    );
  });
});

describe('GIVEN a question asking for the quote or its source', () => {
  it('/denial the untrue quote → Stone\'s post: every answer is a quote, so "quote" names nothing', () => {
    expectStatement(ask('denial', 'the untrue quote').first, 'stone-post-untrue');
  });
});

describe('GIVEN questions that name the parties while asking about something else', () => {
  it('who runs facebook nowadays → nothing: the record says nothing of today', () => {
    expectNothing(ask('ask', 'who runs facebook nowadays').message);
  });

  it('did twitter deny shadowbanning people → nothing: its subject is a word the pack never uses', () => {
    expectNothing(ask('ask', 'did twitter deny shadowbanning people').message);
  });

  it('/timeline when did twitter get renamed to x → nothing: "twitter" and "x" name one thing, not two thirds of the question', () => {
    expectNothing(ask('timeline', 'when did twitter get renamed to x').message);
  });

  it('is netflix raising its prices → nothing: a cited headline\'s "raised" is an aside, not an answer', () => {
    expectNothing(ask('ask', 'is netflix raising its prices').message);
  });

  it('who leads netflix now that hastings is gone → nothing: "now that" asks how things stand today', () => {
    expectNothing(ask('ask', 'who leads netflix now that hastings is gone').message);
  });

  it('/timeline when did sheryl sandberg leave meta → nothing: naming an executive is not asking about a meeting', () => {
    // Hastings left Facebook's board at a shareholder meeting; Sandberg is named beside meetings
    // with him, but her leaving is not in the sources.
    expectNothing(ask('timeline', 'when did sheryl sandberg leave meta').message);
  });

  it('/timeline when did musk buy twitter → nothing: the sources name both, never a purchase', () => {
    expectNothing(ask('timeline', 'when did musk buy twitter').message);
  });

  it('did netflix buy ads on facebook → the ad spending: "ads" is what is bought, so the answer is about ads', () => {
    expectStatement(ask('ask', 'did netflix buy ads on facebook').first, 'claim-ad-spend-2015');
  });

  it('who did hastings meet with at fb → the executives he met, not Hastings himself', () => {
    expectStatement(ask('ask', 'who did hastings meet with at fb').first, 'claim-hastings-meetings');
  });

  it('how long had fb been doing watch → the dated launch of Watch', () => {
    expectEvent(ask('ask', 'how long had fb been doing watch').first, 'facebook-announces-watch-2017');
  });

  it('the meta spokesperson guy, what did he actually post → his post, not a note that he said nothing more', () => {
    expectStatement(
      ask('ask', 'the meta spokesperson guy, what did he actually post').first,
      'stone-post-untrue',
    );
  });

  it('tldr netflix facebook dm drama → the Inbox API claim: "tldr" asks for a summary, it names nothing', () => {
    expectStatement(ask('ask', 'tldr netflix facebook dm drama').first, 'claim-inbox-api');
  });

  it('how do i cancel my netflix subscription → nothing: what to do is never in a record of what was said', () => {
    expectNothing(ask('ask', 'how do i cancel my netflix subscription').message);
  });

  it('how many users did threads get in the first week → nothing: no result holds a figure', () => {
    expectNothing(ask('ask', 'how many users did threads get in the first week').message);
  });

  it('how much did netflix spend on facebook ads → the figures, still', () => {
    expectStatement(ask('ask', 'how much did netflix spend on facebook ads').first, 'claim-ad-spend-2015');
  });

  it("has netflix said anything about this → Netflix's 2018 statement, the one thing the pack records it saying", () => {
    expectEvent(ask('ask', 'has netflix said anything about this').first, 'netflix-statement-2018');
  });

  it("/denial netflix never accessed messages → Netflix's statement, though the pack holds it only as an event", () => {
    const { answer } = ask('denial', 'netflix never accessed messages');
    const ids =
      answer.kind === 'results'
        ? answer.hits.map((hit) => (hit.type === 'event' ? hit.event.id : hit.statement.id))
        : [];
    expect(ids).toContain('netflix-statement-2018');
    // Only what was said takes a stance: no other event is listed among denials.
    expect(answer.kind === 'results' ? answer.hits.filter((hit) => hit.type === 'event').length : 0).toBe(1);
  });

  it('why did musk rename twitter to x → nothing: the sources name Musk and X, never a renaming', () => {
    expectNothing(ask('ask', 'why did musk rename twitter to x').message);
  });

  it('how much did musk pay for twitter → nothing: a figure asked of the names alone is not in the record', () => {
    expectNothing(ask('ask', 'how much did musk pay for twitter').message);
  });

  it('what did musk reply about netflix → his replies: the names and what is asked of them are both met', () => {
    expectStatement(ask('ask', 'what did musk reply about netflix').first, 'claim-musk-replies');
  });

  it('did netflix pay facebook for ads → the $40 million ad spend', () => {
    expectStatement(ask('ask', 'did netflix pay facebook for ads').first, 'claim-ad-spend-2015');
  });
});

describe('GIVEN questions in the casual register', () => {
  it('whos the ime archibong guy → one of his statements, signed with his name', () => {
    const { first } = ask('ask', 'whos the ime archibong guy');
    const author = first?.author?.name ?? '';
    expect(author).toContain('Ime Archibong');
  });

  it('who wrote the messaging partnerships post → the post, not its other passages first', () => {
    expectStatement(
      ask('denial', 'who wrote the messaging partnerships post').first,
      'meta-2018-rebuttal-post',
    );
  });

  it('/ask who wrote that 2018 facebook post → the event naming its author, over a report about the post', () => {
    const { first } = ask('ask', 'who wrote that 2018 facebook post about the messaging partnerships');
    expectEvent(first, 'meta-2018-rebuttal');
    expect(first?.description).toContain('Ime Archibong');
  });

  it('hold on was reed hastings on facebooks board?? since when → the day he joined', () => {
    expectEvent(
      ask('ask', 'hold on was reed hastings on facebooks board?? since when').first,
      'hastings-joins-board-2011',
    );
  });

  it('what even is the inbox api ppl keep talking about → the Inbox API claim: "keep talking about" is chatter', () => {
    expectStatement(ask('ask', 'what even is the inbox api ppl keep talking about').first, 'claim-inbox-api');
  });

  it('hastings fb board seat → Hastings, then a Facebook board member', () => {
    expectStatement(ask('claim', 'hastings fb board seat').first, 'claim-hastings-meetings');
  });

  it("did netflix really read people's fb dms → the Inbox API claim, a name inside the phrasing notwithstanding", () => {
    expectStatement(ask('ask', "did netflix really read people's fb dms").first, 'claim-inbox-api');
  });

  it("/timeline 2nd april 2024 → that day's events, and the day named", () => {
    const { answer, message } = ask('timeline', '2nd april 2024');
    expect(answer.kind === 'results' && answer.notes).toContain('Showing 2 April 2024.');
    expect(
      answer.kind === 'results' && answer.hits.map((hit) => hit.type === 'event' && hit.event.date.iso),
    ).toEqual(['2024-04-02', '2024-04-02', '2024-04-02']);
    expect(message.embeds?.length).toBe(3);
  });
});

describe('GIVEN words that say how a question is asked, or much more than it asks', () => {
  it('who at meta came out and said it was a lie → Stone\'s post: "came out" is how it is asked, not a missing word', () => {
    expectStatement(ask('ask', 'who at meta came out and said it was a lie').first, 'stone-post-untrue');
  });

  it('a long message around the question → the claim that Netflix read messages, or Meta denying it, though most of its words are about something else', () => {
    const { answer } = ask(
      'ask',
      'my cousin keeps sharing posts saying netflix was reading everyones facebook messages for years, is there anything behind that or is it all made up',
    );
    const first = answer.kind === 'results' ? answer.hits[0] : undefined;
    const id = first?.type === 'event' ? first.event.id : first?.statement.id;
    expect([
      'claim-nyt-2018-read-messages',
      'claim-inbox-api',
      'stone-denial-2024',
      'stone-post-untrue',
    ]).toContain(id);
  });

  it('could netflix open ppls fb inbox → the Inbox API claim: "ppls" is chat for people\'s, not a name the pack lacks', () => {
    expectStatement(ask('ask', 'could netflix open ppls fb inbox').first, 'claim-inbox-api');
  });

  it("/claim apex level communications → Hastings's meetings: the words of the letter the copy reworded", () => {
    expectStatement(ask('claim', 'apex level communications').first, 'claim-hastings-meetings');
  });

  it("what did netflix say in 2018 → Netflix's statement of that year, before others' words about Netflix", () => {
    expectEvent(ask('ask', 'what did netflix say in 2018').first, 'netflix-statement-2018');
  });

  it('what is this lawsuit even about → the lawsuit described, not the first claim made in it', () => {
    expectStatement(ask('ask', 'what is this lawsuit even about').first, 'context-lawsuit-described');
    expectEvent(ask('ask', 'klein v meta?').first, 'klein-complaint-filed-2020');
  });

  it('/timeline when did andy stone reply that it was untrue → his denial, before replies that do not name him', () => {
    expectEvent(ask('timeline', 'when did andy stone reply that it was untrue').first, 'stone-denial-2024');
  });

  it('who was running facebook watch in 2018 → the email to the head of Watch that year, naming her', () => {
    const { first } = ask('ask', 'who was running facebook watch in 2018');
    expectEvent(first, 'zuckerberg-simo-watch-cut-2018');
    expect(first?.description).toContain('Fidji Simo');
  });

  it('what was the ars technica headline on this → Ars Technica\'s report: "headline" asks for a source', () => {
    expectEvent(ask('ask', 'what was the ars technica headline on this').first, 'ars-technica-report-2024');
  });

  it('who won the 2022 world cup → nothing: the year is all it shares with the sources', () => {
    expectNothing(ask('ask', 'who won the 2022 world cup').message);
  });

  it('how many ppl did meta lay off in 2023 → nothing: a name and a year met are not what it asks', () => {
    expectNothing(ask('ask', 'how many ppl did meta lay off in 2023').message);
  });
});

describe('GIVEN /claim or /denial, and nothing of that side names what is asked', () => {
  it('/denial did meta deny cutting watch spending → the denial answering the Watch claim, and why it is shown', () => {
    const { answer, message, first } = ask(
      'denial',
      'did meta deny cutting watch spending because of netflix',
    );
    expectStatement(first, 'meta-denies-filing-claims');
    expect(answer.kind === 'results' && answer.notes).toEqual([acrossNote.denial]);
    expect(message.content).toContain(`-# ${acrossNote.denial}`);
  });

  it('/claim what was stone calling untrue → the claims his post answers', () => {
    const { answer } = ask('claim', 'what was stone calling untrue');
    const ids =
      answer.kind === 'results' ? answer.hits.map((hit) => hit.type === 'statement' && hit.statement.id) : [];
    expect(ids).toContain('claim-inbox-api');
    expect(answer.kind === 'results' && answer.notes).toEqual([acrossNote.claim]);
    expect(
      answer.kind === 'results' &&
        answer.hits.every((hit) => hit.type === 'statement' && hit.statement.stance === 'claim'),
    ).toBe(true);
  });
});

describe('GIVEN /ask', () => {
  it('THEN the best match comes first on the page, whatever its stance, and each says which it is', () => {
    const { answer, first } = ask('ask', 'was netflix access special');
    expectStatement(first, 'context-level-of-access');
    const text = renderTerminal(answer);
    const numbered = text.split('\n').filter((line) => /^\[\d+\] /.test(line));
    expect(numbered[0]).toMatch(/^\[1\] Context · /);
    expect(numbered.some((line) => /^\[\d+\] (Claim|Response) · /.test(line))).toBe(true);
    expect(text).not.toMatch(/— (Claims|Responses|Context) —/);
  });

  it('THEN an event among the results is shown dated on every surface: Discord, terminal, JSON', () => {
    const { answer, first } = ask('ask', 'when was the netflix letter filed under seal');
    expectEvent(first, 'advertiser-letter-under-seal-2023');
    // Wrapped to the 80 columns of a terminal that does not say its width.
    expect(renderTerminal(answer).split('\n').slice(2, 4)).toEqual([
      '[1] 14 April 2023 · established · The advertiser plaintiffs in Klein v. Meta',
      '    (attorney Brian J. Dunne)',
    ]);
    const [json] = toJson('ask', 'when was the netflix letter filed under seal', answer).results;
    expect(json).toMatchObject({
      id: 'advertiser-letter-under-seal-2023',
      stance: 'event',
      date: '2023-04-14',
    });
    expect(json?.summary).toMatch(/^The advertiser plaintiffs file their letter/);
  });
});

describe('GIVEN /timeline', () => {
  const dates = (mode: SearchMode, query: string) => {
    const { answer } = ask(mode, query);
    return answer.kind === 'results'
      ? answer.hits.map((hit) => (hit.type === 'event' ? hit.event.date.iso : ''))
      : [];
  };

  it('THEN with no words, a year or a month it stays oldest first', () => {
    for (const query of ['', '2019', 'may 2018', 'dec 2023']) {
      const listed = dates('timeline', query);
      expect(listed.length, query).toBeGreaterThan(0);
      expect(listed, query).toEqual([...listed].sort());
    }
  });

  it('THEN with words it leads with the event asked about: when did hastings leave the board', () => {
    const { first } = ask('timeline', 'when did hastings leave the fb board');
    expectEvent(first, 'hastings-leaves-board-2019');
  });
});

describe('GIVEN the closest the sources come', () => {
  it('THEN every surface says so plainly, above the results', () => {
    const found = answerSearch(context, { mode: 'ask', query: 'inbox api', pageSize: 3 });
    if (found.kind !== 'results') throw new Error('no results');
    const closest: ResultsAnswer = { ...found, query: 'netflix inbox api deal terms', closest: true };
    const message = renderMessage(closest, context.pack);
    expect(message.content?.split('\n').slice(0, 2)).toEqual([
      `**${closestWording.heading}** to “netflix inbox api deal terms”`,
      `-# ${closestWording.note}`,
    ]);
    expect(renderTerminal(closest).split('\n').slice(0, 2)).toEqual([
      `${closestWording.heading} to “netflix inbox api deal terms”`,
      closestWording.note,
    ]);
    expect(toJson('ask', 'netflix inbox api deal terms', closest)).toMatchObject({ closest: true });
    expect(toJson('ask', 'inbox api', found)).not.toHaveProperty('closest');
  });
});
