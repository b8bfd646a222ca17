/**
 * Run in a fresh process, bundled as the app is (`bench/coldstart.ts` builds it): where a
 * console start's time goes. Node's boot ends when the line preloaded with `--import` sets
 * `receiptsBoot`; the bundle's code (every module it holds) is evaluated next; then the
 * start's steps, timed one by one. Prints one JSON line.
 */
import { buildId } from '../src/build.js';
import { consoleBanner } from '../src/cli/console.js';
import { readConfig } from '../src/config.js';
import { loadCheckedPack } from '../src/knowledge/checked.js';
import { Search, type SearchState } from '../src/search/engine.js';

const evaluated = performance.now();
const boot = (globalThis as { receiptsBoot?: number }).receiptsBoot ?? 0;
const configured = readConfig(process.env, ['--console']);
if (!configured.ok) throw new Error(configured.problems.join('\n'));
const configuredAt = performance.now();
let indexMs = 0;
const timed = <T>(work: () => T): T => {
  const started = performance.now();
  const out = work();
  indexMs += performance.now() - started;
  return out;
};
// The benchmark names a cache folder of its own, or none ('') to time a full check.
const cacheDir = process.env.RECEIPTS_BENCH_PACK_CACHE;
const loaded = await loadCheckedPack(
  configured.config.knowledgeDir,
  { build: buildId, ...(cacheDir === undefined ? {} : { dir: cacheDir === '' ? null : cacheDir }) },
  {
    build: (pack) => timed(() => new Search(pack)),
    save: (search) => search.state(),
    restore: (pack, state) => timed(() => new Search(pack, state as SearchState)),
  },
);
if (!loaded.ok) throw new Error('the pack is not valid');
const loadedAt = performance.now();
consoleBanner({ pack: loaded.pack, search: loaded.built }, { tokenSet: false });
console.log(
  JSON.stringify({
    bootMs: boot,
    evaluateMs: evaluated - boot,
    configMs: configuredAt - evaluated,
    loadPackMs: loadedAt - configuredAt - indexMs,
    buildIndexMs: indexMs,
    packChecked: loaded.checked,
  }),
);
