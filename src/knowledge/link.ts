/**
 * The last step of building a pack, whether from its files (load.ts) or from a snapshot
 * (snapshot.ts): statements and timeline events are linked to each other by id, in both
 * directions where the pack names only one, and everything is frozen. One function each, so a
 * pack read back from a snapshot has the same links, in the same order, as the one loaded.
 */
import type { Correction, Document, Pack, PackMeta, Statement, TimelineEvent, Topic } from './types.js';

/** A statement with its links to other statements still ids. */
export interface UnlinkedStatement {
  readonly statement: Omit<Statement, 'respondsTo' | 'answeredBy' | 'ownWords'>;
  /** Ids of the statements it answers, as the pack lists them. */
  readonly respondsTo: readonly string[];
  /** Id of the statement with the speaker's own words, if any. */
  readonly ownWords: string | null;
}

/** A timeline event with the events that give another account of it still ids. */
export interface UnlinkedEvent {
  readonly event: Omit<TimelineEvent, 'disputedBy'>;
  readonly disputedBy: readonly string[];
}

/**
 * A link left out: it names the item itself, or an id not among those linked. `field` is the
 * link's name in the pack's files and `index` its place in a list (null for a single link).
 */
export interface UnlinkedRef {
  readonly from: string;
  readonly field: 'responds_to' | 'own_words' | 'disputed_by';
  readonly index: number | null;
  readonly target: string;
  /** True when the item names itself. */
  readonly itself: boolean;
}

/** What to do with a link left out: report it, or refuse the whole pack. */
export type OnUnlinked = (ref: UnlinkedRef) => void;

/**
 * Statements linked by id and frozen: `respondsTo` as listed, `answeredBy` derived from it (in
 * the order the statements are given), `ownWords`. Links that name nothing are left out and
 * passed to `onUnlinked`. Keyed by id, in the order given.
 */
export function linkStatements(
  items: readonly UnlinkedStatement[],
  onUnlinked: OnUnlinked,
): Map<string, Statement> {
  interface Draft extends Omit<Statement, 'respondsTo' | 'answeredBy' | 'ownWords'> {
    respondsTo: Statement[];
    answeredBy: Statement[];
    ownWords: Statement | null;
  }
  const drafts = new Map<string, Draft>(
    items.map(({ statement }) => [
      statement.id,
      { ...statement, respondsTo: [], answeredBy: [], ownWords: null },
    ]),
  );
  const find = (from: string, field: UnlinkedRef['field'], index: number | null, target: string) => {
    const found = target === from ? undefined : drafts.get(target);
    if (!found) onUnlinked({ from, field, index, target, itself: target === from });
    return found;
  };
  for (const { statement, respondsTo, ownWords } of items) {
    const draft = drafts.get(statement.id) as Draft;
    respondsTo.forEach((target, index) => {
      const other = find(statement.id, 'responds_to', index, target);
      if (!other) return;
      draft.respondsTo.push(other as Statement);
      other.answeredBy.push(draft as Statement);
    });
    if (ownWords !== null)
      draft.ownWords = (find(statement.id, 'own_words', null, ownWords) ?? null) as Statement | null;
  }
  for (const draft of drafts.values()) {
    Object.freeze(draft.respondsTo);
    Object.freeze(draft.answeredBy);
    Object.freeze(draft);
  }
  return drafts as Map<string, Statement>;
}

/**
 * Timeline events linked by id and frozen: an event that gives another account of a second
 * event is listed on both, each list oldest first. Links that name nothing are left out and
 * passed to `onUnlinked`. Keyed by id, in the order given.
 */
export function linkEvents(
  items: readonly UnlinkedEvent[],
  onUnlinked: OnUnlinked,
): Map<string, TimelineEvent> {
  interface Draft extends Omit<TimelineEvent, 'disputedBy'> {
    disputedBy: TimelineEvent[];
  }
  const drafts = new Map<string, Draft>(items.map(({ event }) => [event.id, { ...event, disputedBy: [] }]));
  const add = (to: Draft, other: Draft) => {
    if (!to.disputedBy.includes(other as TimelineEvent)) to.disputedBy.push(other as TimelineEvent);
  };
  for (const { event, disputedBy } of items) {
    const draft = drafts.get(event.id) as Draft;
    disputedBy.forEach((target, index) => {
      const other = target === event.id ? undefined : drafts.get(target);
      if (!other) {
        onUnlinked({ from: event.id, field: 'disputed_by', index, target, itself: target === event.id });
        return;
      }
      add(draft, other);
      add(other, draft);
    });
  }
  for (const draft of drafts.values()) {
    draft.disputedBy.sort(byDate);
    Object.freeze(draft.disputedBy);
    Object.freeze(draft);
  }
  return drafts as Map<string, TimelineEvent>;
}

/** Oldest first; the same date keeps the order it had. */
function byDate(
  a: { readonly date: { readonly iso: string } },
  b: { readonly date: { readonly iso: string } },
) {
  return a.date.iso < b.date.iso ? -1 : a.date.iso > b.date.iso ? 1 : 0;
}

/** The parts of a pack, linked, keyed by id. */
export interface PackParts {
  readonly meta: PackMeta;
  readonly documents: ReadonlyMap<string, Document>;
  readonly statements: ReadonlyMap<string, Statement>;
  readonly events: ReadonlyMap<string, TimelineEvent>;
  readonly topics: ReadonlyMap<string, Topic>;
  /** Corrections and withdrawals, oldest first. */
  readonly corrections: readonly Correction[];
}

/** The frozen pack: its lists in the order of the maps, the timeline oldest first. */
export function freezePack(parts: PackParts): Pack {
  const { meta, documents, statements, events, topics, corrections } = parts;
  return Object.freeze({
    meta: Object.freeze({ ...meta, suggestions: Object.freeze([...meta.suggestions]) }),
    documents: Object.freeze([...documents.values()]),
    statements: Object.freeze([...statements.values()]),
    timeline: Object.freeze([...events.values()].sort(byDate)),
    topics: Object.freeze([...topics.values()]),
    corrections: Object.freeze(corrections.map((correction) => Object.freeze({ ...correction }))),
    byId: Object.freeze({ documents, statements, events, topics }),
  });
}
