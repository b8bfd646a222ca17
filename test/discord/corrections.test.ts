/**
 * A posted answer re-rendered for a correction, with the shipped pack: whose words come first,
 * the record beneath, the correction line on the statement it corrects, the feedback menu still
 * there, "Read in context" still there with PUBLIC_URL, and Discord's limits kept however many
 * corrections a message carries, linked or not.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { correctionLine, renderCorrected } from '../../src/discord/corrections.js';
import { embedLength, LIMITS, pageSizeFor } from '../../src/discord/render.js';
import type { Correction, Pack } from '../../src/knowledge/types.js';
import { loadShipped } from '../support/pack.js';

let pack: Pack;

beforeAll(async () => {
  pack = await loadShipped();
});

/** A correction of a statement, as the pack would hold it. */
function correctionOf(statementId: string, change: string, date = '2026-12-02'): Correction {
  return {
    statementId,
    date,
    change,
    withdrawn: false,
    key: `${statementId}@${date}`,
    file: 'corrections.yaml',
  };
}

function correctionFields(embed: APIEmbed | undefined): string[] {
  return (embed?.fields ?? []).filter((field) => field.name === 'Correction').map((field) => field.value);
}

type Component = { type: number; options?: { label: string }[] };

/** The feedback menu among a message's component rows. */
function feedbackMenu(rows: readonly unknown[]): Component | undefined {
  return rows
    .flatMap((row) => (row as { components: Component[] }).components)
    .find((component) => component.type === 3);
}

describe('GIVEN a public answer that showed only TechCrunch’s copy of Stone’s post', () => {
  it('THEN its update shows Stone’s own post first, then the copy with the record beneath and the correction line, and keeps the feedback menu', () => {
    const correction = correctionOf('stone-did-not-share-tc', 'Now shown as TechCrunch’s copy.');
    const { embeds, components } = renderCorrected(
      { mode: 'denial', items: ['stone-did-not-share-tc'] },
      [correction],
      pack,
      true,
    );

    expect(embeds.map((embed) => embed.author?.name)).toEqual([
      'Response · Andy Stone, communications director, Meta',
      'Response · TechCrunch, reporting Andy Stone',
    ]);
    expect(embeds[0]?.description).toMatch(/^> Shockingly untrue\. Meta didn't share/);
    expect(correctionFields(embeds[0])).toEqual([]);
    expect(embeds[1]?.description).toContain(
      '*The record, in our words:* Stone did not write “Shocking lie”; his post opened with “Shockingly untrue.”',
    );
    expect(correctionFields(embeds[1])).toEqual([
      'Corrected 2 December 2026: Now shown as TechCrunch’s copy.',
    ]);

    const menu = feedbackMenu(components);
    expect(menu?.options?.map((option) => option.label)).toEqual([
      'Wrong attribution',
      'Missing context',
      'Quote not in the source',
      'Out of date',
      'Other',
    ]);
  });
});

describe('GIVEN a public answer posted with PUBLIC_URL set', () => {
  it('THEN its update still links each quote to its page, beside the correction line and the feedback menu', () => {
    const correction = correctionOf('stone-did-not-share-tc', 'Now shown as TechCrunch’s copy.');
    const { embeds, components } = renderCorrected(
      { mode: 'denial', items: ['stone-did-not-share-tc'] },
      [correction],
      pack,
      true,
      'https://receipts.example/record',
    );
    expect(embeds.map((embed) => embed.description?.split('\n').at(-1))).toEqual([
      '[Read in context](<https://receipts.example/record/statements/stone-post-untrue/>)',
      '[Read in context](<https://receipts.example/record/statements/stone-did-not-share-tc/>)',
    ]);
    expect(correctionFields(embeds[1])).toEqual([
      'Corrected 2 December 2026: Now shown as TechCrunch’s copy.',
    ]);
    const menu = feedbackMenu(components);
    expect(menu?.options).toHaveLength(5);
  });
});

describe('GIVEN answers posted from the pack before it said whose words each quote is', () => {
  /** The post re-rendered with the shipped corrections of what it shows. */
  function updated(mode: string, items: string[]) {
    const corrections = pack.corrections.filter((correction) => items.includes(correction.statementId));
    return { corrections, ...renderCorrected({ mode, items }, corrections, pack, true) };
  }

  it('THEN a pinned “Shocking lie” is told, on TechCrunch’s copy, that Stone did not call the claim a lie', () => {
    const { corrections, embeds } = updated('denial', ['stone-did-not-share-tc']);
    expect(corrections).toHaveLength(1);
    expect(embeds[1]?.author?.name).toBe('Response · TechCrunch, reporting Andy Stone');
    expect(correctionFields(embeds[1])).toEqual([
      "Corrected 2 December 2026: These are not Andy Stone's exact words but a garbled copy of TechCrunch's " +
        'article. He did not call the claim a lie; his post opened with “Shockingly untrue.” His own post is now shown first.',
    ]);
  });

  it('THEN the Watch allegation is told it was turned round, with the record beneath the quote', () => {
    const { corrections, embeds } = updated('claim', ['claim-watch-cut-spending']);
    expect(embeds[0]?.description).toContain(
      '*The record, in our words:* This copy turns the allegation round',
    );
    expect(correctionFields(embeds[0])).toEqual(corrections.map(correctionLine));
    expect(correctionFields(embeds[0])[0]).toContain(
      "The plaintiffs say Facebook cut Watch's spending to stay out of competition with Netflix, not so that Netflix could not compete.",
    );
  });

  it('THEN Musk’s garbled sentence is no longer a quote: our words lead, the copy’s words sit behind a spoiler, and the correction says so', () => {
    const { corrections, embeds } = updated('claim', ['claim-musk-replies']);
    expect(embeds).toHaveLength(1);
    expect(embeds[0]?.author?.name).toBe('Context · TechCrunch, reporting Elon Musk');
    expect(embeds[0]?.description).toMatch(/^\*What it reports, in our words:\* TechCrunch reports/);
    expect(embeds[0]?.description).not.toMatch(/^> /m);
    expect(embeds[0]?.description).toContain('||Claim started recently moving on x');
    expect(correctionFields(embeds[0])).toEqual(corrections.map(correctionLine));
    expect(correctionFields(embeds[0])[0]).toMatch(/^Corrected 2 December 2026: No longer shown as a quote/);
  });
});

describe('GIVEN any page a post can show, with a long correction of every statement it shows', () => {
  it('THEN the updated message keeps Discord’s limits', () => {
    const statements = pack.statements.map((statement) => statement.id);
    const events = pack.timeline.map((event) => event.id);
    const post = fc.oneof(
      fc.record({
        mode: fc.constantFrom('claim', 'denial', 'ask', 'check'),
        items: fc.uniqueArray(fc.constantFrom(...statements), {
          minLength: 1,
          maxLength: pageSizeFor('check'),
        }),
      }),
      fc.record({
        mode: fc.constant('timeline'),
        items: fc.uniqueArray(fc.constantFrom(...events), {
          minLength: 1,
          maxLength: pageSizeFor('timeline'),
        }),
      }),
    );
    // Long changes, with characters Discord's markdown needs escaped, so the lines grow as they can.
    const change = fc.string({
      unit: fc.constantFrom('a', ' ', '*', '_', '.'),
      minLength: 200,
      maxLength: 300,
    });
    fc.assert(
      fc.property(
        post,
        fc.array(change, { minLength: 40, maxLength: 40 }),
        fc.constantFrom(null, 'https://receipts.example/record'),
        ({ mode, items }, changes, publicUrl) => {
          const shown =
            mode === 'timeline'
              ? items.flatMap(
                  (id) => pack.byId.events.get(id)?.statements.map((statement) => statement.id) ?? [],
                )
              : items;
          const corrections = shown.map((id, index) =>
            correctionOf(id, changes[index % changes.length] as string),
          );
          const { embeds } = renderCorrected({ mode, items }, corrections, pack, true, publicUrl);
          expect(embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
          expect(embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(
            LIMITS.embedTotal,
          );
          for (const embed of embeds) {
            expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
            expect(correctionFields(embed).length).toBeLessThanOrEqual(LIMITS.fields);
            for (const field of embed.fields ?? [])
              expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
          }
        },
      ),
      { numRuns: 300, seed: 20261202 },
    );
  });
});
