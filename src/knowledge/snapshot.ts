/**
 * A checked pack as plain JSON, and back: for a process that cannot read the pack's files (the
 * web page that searches in the browser). Cross-references become ids; reading it back links
 * them again with the loader's own linking (link.ts), which derives `answeredBy`, so the pack is
 * the same object graph the loader builds. It is made only from a pack that passed every check.
 */
import { freezePack, linkEvents, linkStatements, type UnlinkedRef } from './link.js';
import type { Document, Pack, Statement, TimelineEvent, Topic } from './types.js';

/** The snapshot's format; a reader refuses any other. */
export const SNAPSHOT_FORMAT = 1;

type StatementJson = Omit<
  Statement,
  'original' | 'source' | 'topics' | 'respondsTo' | 'answeredBy' | 'ownWords'
> & {
  readonly original: string | null;
  readonly ownWords: string | null;
  readonly source: string;
  readonly topics: readonly string[];
  readonly respondsTo: readonly string[];
};

type EventJson = Omit<TimelineEvent, 'statements' | 'documents' | 'disputedBy' | 'topics'> & {
  readonly statements: readonly string[];
  readonly documents: readonly string[];
  readonly disputedBy: readonly string[];
  readonly topics: readonly string[];
};

/** A pack as JSON. */
export interface PackSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly meta: Pack['meta'];
  readonly topics: readonly Topic[];
  readonly documents: readonly Document[];
  readonly statements: readonly StatementJson[];
  /** Oldest first, as the loader orders it. */
  readonly timeline: readonly EventJson[];
  /** Corrections and withdrawals, oldest first. */
  readonly corrections: Pack['corrections'];
}

const ids = (items: readonly { readonly id: string }[]) => items.map((item) => item.id);

/** The pack as a JSON-ready object. */
export function toSnapshot(pack: Pack): PackSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    meta: pack.meta,
    topics: pack.topics,
    documents: pack.documents,
    statements: pack.statements.map(({ answeredBy: _derived, ...statement }) => ({
      ...statement,
      original: statement.original?.id ?? null,
      ownWords: statement.ownWords?.id ?? null,
      source: statement.source.id,
      topics: ids(statement.topics),
      respondsTo: ids(statement.respondsTo),
    })),
    timeline: pack.timeline.map((event) => ({
      ...event,
      statements: ids(event.statements),
      documents: ids(event.documents),
      disputedBy: ids(event.disputedBy),
      topics: ids(event.topics),
    })),
    corrections: pack.corrections,
  };
}

function lookup<T>(map: ReadonlyMap<string, T>, kind: string): (id: string) => T {
  return (id) => {
    const found = map.get(id);
    if (found === undefined) throw new Error(`pack snapshot: names ${kind} "${id}", which it does not hold`);
    return found;
  };
}

/** The pack a snapshot holds. Throws on a snapshot of another format or with a dangling id. */
export function fromSnapshot(snapshot: PackSnapshot): Pack {
  if (snapshot.format !== SNAPSHOT_FORMAT) {
    throw new Error(`pack snapshot: format ${String(snapshot.format)}, expected ${SNAPSHOT_FORMAT}`);
  }
  const freeze = <T>(items: T[]): readonly T[] => Object.freeze(items);
  const topics = new Map(
    snapshot.topics.map((topic) => [
      topic.id,
      Object.freeze({
        ...topic,
        aliases: freeze([...topic.aliases]),
        phrasings: freeze([...topic.phrasings]),
      }),
    ]),
  );
  const documents = new Map(
    snapshot.documents.map((document) => [
      document.id,
      Object.freeze({
        ...document,
        date: Object.freeze({ ...document.date }),
        notes: freeze([...document.notes]),
        excerpts: freeze([...document.excerpts]),
      }),
    ]),
  );
  const topic = lookup(topics, 'topic');
  const document = lookup(documents, 'source');
  const refused = ({ field, target }: UnlinkedRef) => {
    const kind = field === 'disputed_by' ? 'timeline event' : 'statement';
    throw new Error(`pack snapshot: names ${kind} "${target}", which it does not hold`);
  };
  const statements = linkStatements(
    snapshot.statements.map(({ respondsTo, ownWords, ...item }) => ({
      statement: {
        ...item,
        speaker: Object.freeze({ ...item.speaker }),
        saidOn: Object.freeze({ ...item.saidOn }),
        original: item.original === null ? null : document(item.original),
        source: document(item.source),
        topics: freeze(item.topics.map(topic)),
        phrasings: freeze([...item.phrasings]),
      },
      respondsTo,
      ownWords,
    })),
    refused,
  );
  const statement = lookup(statements, 'statement');
  const events = linkEvents(
    snapshot.timeline.map(({ disputedBy, ...item }) => ({
      event: {
        ...item,
        date: Object.freeze({ ...item.date }),
        statements: freeze(item.statements.map(statement)),
        documents: freeze(item.documents.map(document)),
        topics: freeze(item.topics.map(topic)),
        phrasings: freeze([...item.phrasings]),
      },
      disputedBy,
    })),
    refused,
  );
  return freezePack({
    meta: snapshot.meta,
    documents,
    statements,
    events,
    topics,
    corrections: snapshot.corrections,
  });
}
