/**
 * `npx tsx test/eval/explain.ts <mode> <query…>`: how a query was read and how each result
 * scored, for tuning the pack's topics and the relevance settings.
 */
import { openContext } from '../../src/answers/context.js';
import type { Stance } from '../../src/knowledge/types.js';
import { defaultPackDir } from '../../src/paths.js';

const [mode = 'ask', ...words] = process.argv.slice(2);
const opened = await openContext(defaultPackDir);
if (!opened.ok) throw new Error(opened.problems.join('\n'));
const { search } = opened.context;
const query = search.analyze(words.join(' '), { periods: mode === 'timeline' });
for (const slot of query.slots) {
  const alternatives = slot.alternatives.map((a) => `${a.kind}:${a.terms.join('+')}`).join(' | ');
  console.log(`slot “${slot.text}” weight ${slot.weight.toFixed(2)}: ${alternatives}`);
}
if (query.period) console.log(`period ${query.period.prefix}`);
const stances: Record<string, Stance[] | undefined> = { claim: ['claim'], denial: ['denial'] };
const hits =
  mode === 'timeline'
    ? search.events(query).map((h) => ({ ...h, text: h.item.summary }))
    : search.statements(query, stances[mode]).map((h) => ({ ...h, text: h.item.quote }));
for (const hit of hits) {
  console.log(
    `${hit.score.toFixed(2)} cov ${hit.coverage.toFixed(2)} ${hit.item.id}: ${hit.text.slice(0, 80)}`,
  );
}
