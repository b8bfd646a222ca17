/** Building what answers are computed from, once per pack. */
import { formatProblem, loadPack } from '../knowledge/load.js';
import type { Pack } from '../knowledge/types.js';
import { Search } from '../search/engine.js';
import type { AnswerContext } from './answer.js';

/** The pack with its search index built. */
export function createContext(pack: Pack): AnswerContext {
  return { pack, search: new Search(pack) };
}

/** Loads the pack in `dir` and indexes it; on failure, one line per problem. */
export async function openContext(
  dir: string,
): Promise<{ ok: true; context: AnswerContext } | { ok: false; problems: string[] }> {
  const result = await loadPack(dir);
  if (!result.ok)
    return { ok: false, problems: result.problems.map((problem) => formatProblem(problem, dir)) };
  return { ok: true, context: createContext(result.pack) };
}
