/**
 * With PUBLIC_URL set, every quote and event in an answer links to its page of the web record
 * ("Read in context"), within Discord's limits and without costing a statement's quote (an event
 * may leave one more of its quotes to the page the link opens); without it, the bot sends exactly
 * what it sent before there was a web record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed, APIInteractionResponse } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerSearch } from '../../src/answers/answer.js';
import { type Hit, pageHits, type SearchMode } from '../../src/answers/types.js';
import { slashCommand } from '../../src/discord/preview.js';
import { embedLength, pageSizeFor, renderMessage } from '../../src/discord/render.js';
import { routeInteraction } from '../../src/discord/router.js';
import { callbackProblems } from '../support/discord-checks.js';
import { type InProcessRouter, inProcessRouter } from '../support/router.js';
import { repoRoot } from '../support/run.js';

const PUBLIC_URL = 'https://receipts.example/record';

let router: InProcessRouter;

beforeAll(async () => {
  router = await inProcessRouter();
});

const queries = ['questions.json', 'held-out.json'].flatMap((file) =>
  (
    JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', file), 'utf8')) as {
      cases: { mode: SearchMode; q: string }[];
    }
  ).cases.map(({ q }) => q),
);

const LINK = /\n\[Read in context\]\(<([^>]+)>\)$/;

function linkOf(hit: Hit): string {
  return hit.type === 'statement'
    ? `${PUBLIC_URL}/statements/${hit.statement.id}/`
    : `${PUBLIC_URL}/timeline/#${hit.event.id}`;
}

/** The lines of a description that are the quote. */
const quoteLines = (description: string) => description.split('\n').filter((line) => line.startsWith('> '));

describe('GIVEN PUBLIC_URL and every eval question in every searching mode', () => {
  it('THEN each quote and event ends with “Read in context” linking to its own page, the quotes as without it, as Discord accepts it', () => {
    let links = 0;
    let askEvents = 0;
    for (const query of queries) {
      for (const mode of ['claim', 'denial', 'timeline', 'ask', 'check'] as const) {
        const answer = answerSearch(router.context, { mode, query, pageSize: pageSizeFor(mode) });
        if (answer.kind !== 'results') continue;
        const linked = renderMessage(answer, router.context.pack, { publicUrl: PUBLIC_URL });
        const plain = renderMessage(answer, router.context.pack);
        const hits = pageHits<Hit>(answer);
        const embeds = linked.embeds as APIEmbed[];
        expect(embeds.length).toBe(hits.length);
        expect(embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(6000);
        // What the emulator checks on receipt: Discord's schemas and documented limits.
        expect(callbackProblems({ type: 4, data: linked }), `${mode} ${query}`).toEqual([]);
        // The links sit in the quotes' embeds; the feedback menu stays beneath them, as without.
        expect(linked.components, `${mode} ${query}`).toEqual(plain.components);
        expect(
          linked.components?.some((row) =>
            'components' in row ? row.components.some((part) => part.type === 3) : false,
          ),
          `${mode} ${query}`,
        ).toBe(true);
        embeds.forEach((embed, index) => {
          const description = embed.description ?? '';
          const where = `${mode} ${query} #${index}`;
          expect(description.length, where).toBeLessThanOrEqual(4096);
          expect(LINK.exec(description)?.[1], where).toBe(linkOf(hits[index] as Hit));
          const shown = quoteLines(description);
          const without = quoteLines(plain.embeds?.[index]?.description ?? '');
          if (hits[index]?.type === 'statement') expect(shown, where).toEqual(without);
          else {
            // An event's quotes share its room: the link may leave one more of them to the
            // page it opens, and the embed says so.
            expect(shown, where).toEqual(without.slice(0, shown.length));
            if (shown.length < without.length)
              expect(description, where).toMatch(/\(\d+ more quotes? on this event, not shown here\)/);
          }
          links++;
          if (mode === 'ask' && hits[index]?.type === 'event') askEvents++;
        });
      }
    }
    expect(links).toBeGreaterThan(500);
    // /ask ranks timeline events with the quotes, and each of those links to the timeline too.
    expect(askEvents).toBeGreaterThan(0);
  });
});

describe('GIVEN no PUBLIC_URL', () => {
  it('THEN no answer mentions the web record, and leaving it out or null gives the same bytes', () => {
    for (const query of queries) {
      for (const mode of ['claim', 'denial', 'timeline', 'ask', 'check'] as const) {
        const answer = answerSearch(router.context, { mode, query, pageSize: pageSizeFor(mode) });
        const plain = JSON.stringify(renderMessage(answer, router.context.pack));
        expect(plain).not.toContain('Read in context');
        expect(JSON.stringify(renderMessage(answer, router.context.pack, { publicUrl: null }))).toBe(plain);
      }
    }
  });
});

describe('GIVEN the router with PUBLIC_URL', () => {
  const ask = async (name: string, query: string, publicUrl: string | null) => {
    const reply = (await routeInteraction(slashCommand(name, query), {
      ...router.deps,
      publicUrl,
    })) as APIInteractionResponse & { data: { embeds: APIEmbed[] } };
    return reply.data.embeds;
  };

  it('WHEN a member runs /denial THEN the answer carries both the links and the feedback menu, as Discord accepts it', async () => {
    const reply = await routeInteraction(slashCommand('denial', 'did meta share messages'), {
      ...router.deps,
      publicUrl: PUBLIC_URL,
    });
    expect(callbackProblems(reply)).toEqual([]);
    const data = (
      reply as {
        data: { embeds: APIEmbed[]; components: { components: { type: number; placeholder?: string }[] }[] };
      }
    ).data;
    expect(data.embeds.length).toBeGreaterThan(0);
    for (const embed of data.embeds) expect(embed.description).toMatch(LINK);
    const menu = data.components.flatMap((row) => row.components).find((part) => part.type === 3);
    expect(menu).toBeDefined();
  });

  it('WHEN a member runs /claim, /sources or /about THEN quotes link to their pages and the lists to theirs', async () => {
    const claims = await ask('claim', 'inbox api', PUBLIC_URL);
    expect(claims[0]?.description).toMatch(
      /\[Read in context\]\(<https:\/\/receipts\.example\/record\/statements\/claim-inbox-api\/>\)$/,
    );
    expect((await ask('sources', '', PUBLIC_URL))[0]?.url).toBe(`${PUBLIC_URL}/sources/`);
    expect((await ask('about', '', PUBLIC_URL))[0]?.url).toBe(`${PUBLIC_URL}/about/`);
    expect((await ask('sources', '', null))[0]?.url).toBeUndefined();
    expect((await ask('about', '', null))[0]?.url).toBeUndefined();
  });
});
