/** Building what answers are computed from, once per pack. */
import { type Derived, loadCheckedPack, type PackCacheOptions } from '../knowledge/checked.js';
import { formatProblem } from '../knowledge/problems.js';
import type { Pack } from '../knowledge/types.js';
import { Search, type SearchState } from '../search/engine.js';
import type { AnswerContext } from './answer.js';

/** The pack with its search index built. */
export function createContext(pack: Pack): AnswerContext {
  return { pack, search: new Search(pack) };
}

/** The search index, built from a checked pack or restored with it. */
const searchIndex: Derived<Search> = {
  build: (pack) => new Search(pack),
  save: (search) => search.state(),
  restore: (pack, state) => new Search(pack, state as SearchState),
};

/**
 * Loads the pack in `dir` and indexes it; on failure, one line per problem. With `cache`, a
 * pack whose content was checked before (by this build) is read back instead of checked again.
 */
export async function openContext(
  dir: string,
  cache: PackCacheOptions = { build: null },
): Promise<{ ok: true; context: AnswerContext } | { ok: false; problems: string[] }> {
  const result = await loadCheckedPack(dir, cache, searchIndex);
  if (!result.ok)
    return { ok: false, problems: result.problems.map((problem) => formatProblem(problem, dir)) };
  return { ok: true, context: { pack: result.pack, search: result.built } };
}
