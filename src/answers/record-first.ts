/**
 * The record first: a copy of someone's words (a statement naming `ownWords`) never ranks above
 * the statement holding their own words, and never stands on a page without it. Pure: ranked
 * hits in, the same hits out, with the speaker's own words brought in where only a copy matched.
 */
import type { Statement } from '../knowledge/types.js';
import type { Hit, QuoteHit } from './types.js';

/**
 * Orders ranked hits so that each copy follows the speaker's own words directly, where the
 * better-ranked of the two stood, and a group of own words and copies is not split across pages
 * of `pageSize`.
 */
export function recordFirst(hits: readonly Hit[], pageSize: number): Hit[] {
  const groups: Hit[][] = [];
  const groupOf = new Map<Statement, Hit[]>();
  const ranked = new Map<Statement, QuoteHit>();
  for (const hit of hits) if (hit.type === 'statement') ranked.set(hit.statement, hit);

  for (const hit of hits) {
    if (hit.type !== 'statement') {
      groups.push([hit]);
      continue;
    }
    const own = hit.statement.ownWords ?? hit.statement;
    let group = groupOf.get(own);
    if (!group) {
      group = [ranked.get(own) ?? { type: 'statement', statement: own, marks: [] }];
      groupOf.set(own, group);
      groups.push(group);
    }
    if (hit.statement !== own) group.push(hit);
  }
  return paginate(groups, Math.max(1, pageSize));
}

/**
 * Lays groups out in order, keeping each whole on one page where it can fit on one. A group that
 * would run over the end of a page takes the end of it, the single hits it displaces starting the
 * next page, so what ranked on a page stays on it as far as it can; when only other groups stand
 * in the way, the next hits that fit fill the page instead.
 */
function paginate(groups: readonly Hit[][], pageSize: number): Hit[] {
  const waiting = [...groups];
  const out: Hit[] = [];
  /** The groups on the page being filled. */
  let page: Hit[][] = [];
  const used = () => page.reduce((sum, group) => sum + group.length, 0);
  const place = (group: Hit[]) => {
    page.push(group);
    if (used() >= pageSize) {
      for (const placed of page) out.push(...placed);
      page = [];
    }
  };
  while (waiting.length > 0) {
    const group = waiting.shift() as Hit[];
    const room = pageSize - used();
    if (group.length <= room || group.length > pageSize) {
      place(group);
      continue;
    }
    const singles = page.length - page.findLastIndex((placed) => placed.length > 1) - 1;
    if (room + singles >= group.length) {
      const displaced = page.splice(page.length - (group.length - room));
      place(group);
      waiting.unshift(...displaced);
      continue;
    }
    const filler = waiting.findIndex((other) => other.length <= room);
    if (filler >= 0) {
      const [fill] = waiting.splice(filler, 1);
      waiting.unshift(group);
      place(fill as Hit[]);
      continue;
    }
    place(group);
  }
  for (const placed of page) out.push(...placed);
  return out;
}
