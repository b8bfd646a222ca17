/**
 * `npx tsx test/eval/explain.ts <mode> <query…>`: how a query was read and how each result
 * scored, for tuning the pack's topics and phrasings and the relevance settings.
 */
import { findFor } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import type { SearchMode } from '../../src/answers/types.js';
import { defaultPackDir } from '../../src/paths.js';

const [mode = 'ask', ...words] = process.argv.slice(2);
const opened = await openContext(defaultPackDir);
if (!opened.ok) throw new Error(opened.problems.join('\n'));
const { query, finding } = findFor(opened.context.search, mode as SearchMode, words.join(' '));
console.log(`asks for: ${[...query.intents].join(', ') || '—'}`);
for (const slot of query.slots) {
  const alternatives = slot.alternatives.map((a) => `${a.kind}:${a.terms.join('+')}`).join(' | ');
  console.log(`slot “${slot.text}” weight ${slot.weight.toFixed(2)}: ${alternatives}`);
}
if (query.period) console.log(`period ${query.period.prefix}`);
const best = finding.best;
console.log(
  `${finding.match}; best ${best ? `${best.coverage.toFixed(2)} / ${best.weight.toFixed(2)}` : '—'}`,
);
/** How much of each slot's weight a hit meets alone: 1 in its own words, less in an aside, 0 not at all. */
function perSlot(id: string): string {
  return query.slots
    .map((slot) => {
      const alone = { ...query, slots: [slot], intents: new Set<never>() };
      const found = opened.ok
        ? opened.context.search.find(alone, {
            events: true,
            relevance: { minCoverage: 0, relativeFloor: 0, minWords: 0, closest: null },
          })
        : null;
      const reach = found?.hits.find((hit) => hit.item.id === id)?.coverage ?? 0;
      return `${slot.text}=${reach.toFixed(2)}`;
    })
    .join(' ');
}
for (const hit of finding.hits.slice(0, 12)) {
  const text = hit.kind === 'statement' ? hit.item.quote : hit.item.summary;
  console.log(
    `${hit.score.toFixed(2)} cov ${hit.coverage.toFixed(2)} ${hit.kind === 'event' ? 'E ' : ''}${hit.item.id}: ${text.slice(0, 70)}`,
  );
  console.log(`      ${perSlot(hit.item.id)}`);
}
