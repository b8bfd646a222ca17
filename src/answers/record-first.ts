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
 * of `pageSize` (later hits move up to fill a page the group would overrun).
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

/** Lays groups out in order, keeping each whole on one page where it can fit on one. */
function paginate(groups: readonly Hit[][], pageSize: number): Hit[] {
  const waiting = [...groups];
  const out: Hit[] = [];
  while (waiting.length > 0) {
    const room = pageSize - (out.length % pageSize);
    let next = waiting.findIndex((group) => group.length <= room || group.length > pageSize);
    // Nothing fits what is left of this page: the first group goes on as it is.
    if (next < 0) next = 0;
    const [group] = waiting.splice(next, 1);
    out.push(...(group ?? []));
  }
  return out;
}
