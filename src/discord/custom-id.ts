/**
 * Button ids that carry everything a click needs, so any process (a restarted one, another
 * shard, another HTTP instance) can answer it with no stored state. Discord allows 1–100
 * characters. A query too long to fit travels as the list of its results instead, by their
 * place in the pack, tagged with the pack's version so a stale list is recognised.
 */
import { createHash } from 'node:crypto';
import type { Hit, SearchMode } from '../answers/types.js';
import type { Pack } from '../knowledge/types.js';

/** The most characters Discord accepts in a custom_id. */
export const CUSTOM_ID_LIMIT = 100;

/** What an answer's buttons re-ask for. */
export type AnswerRef =
  | { readonly by: 'query'; readonly mode: SearchMode; readonly query: string; readonly page: number }
  | {
      readonly by: 'results';
      readonly mode: SearchMode;
      readonly page: number;
      /**
       * The results in order: statement ids, or event ids for the timeline; an event among
       * another command's results (an /ask) is written `event:<id>`.
       */
      readonly ids: readonly string[];
    }
  | { readonly by: 'side'; readonly statementId: string; readonly page: number }
  | { readonly by: 'static'; readonly mode: 'sources' | 'about' };

/** What a button does. */
export type ButtonAction =
  | { readonly action: 'page'; readonly ref: AnswerRef }
  | { readonly action: 'share'; readonly ref: AnswerRef }
  | { readonly action: 'side'; readonly statementId: string; readonly page: number }
  | { readonly action: 'pin' };

const MODE_CODE: Record<SearchMode, string> = {
  claim: 'c',
  denial: 'd',
  timeline: 't',
  ask: 'a',
  check: 'k',
};
const CODE_MODE = new Map(Object.entries(MODE_CODE).map(([mode, code]) => [code, mode as SearchMode]));

/** A short tag of the pack's identity and version, for results lists. */
export function packTag(pack: Pack): string {
  let tag = tags.get(pack);
  if (tag === undefined) {
    tag = createHash('sha256').update(`${pack.meta.id}@${pack.meta.version}`).digest('base64url').slice(0, 4);
    tags.set(pack, tag);
  }
  return tag;
}

/** Each pack's tag, worked out once: every answer's buttons carry it. */
const tags = new WeakMap<Pack, string>();

/** Where each statement and event stands in a pack, by id. */
export interface PackPlaces {
  readonly statements: ReadonlyMap<string, number>;
  readonly events: ReadonlyMap<string, number>;
}

const places = new WeakMap<Pack, PackPlaces>();

/** The places of a pack's statements and events, worked out once per pack (packs are frozen). */
export function placesIn(pack: Pack): PackPlaces {
  let found = places.get(pack);
  if (!found) {
    found = {
      statements: new Map(pack.statements.map((item, index) => [item.id, index])),
      events: new Map(pack.timeline.map((item, index) => [item.id, index])),
    };
    places.set(pack, found);
  }
  return found;
}

/** Marks an event's id among results that are otherwise statements. */
const EVENT_PREFIX = 'event:';

/** The ids of an answer's results, as a results reference holds them. */
export function resultIds(mode: SearchMode, hits: readonly Hit[]): string[] {
  return hits.map((hit) =>
    hit.type === 'statement'
      ? hit.statement.id
      : mode === 'timeline'
        ? hit.event.id
        : EVENT_PREFIX + hit.event.id,
  );
}

/** A results reference's id as what it names: an event or a statement. */
export function readResultId(mode: SearchMode, id: string): { kind: 'statement' | 'event'; id: string } {
  if (mode === 'timeline') return { kind: 'event', id };
  return id.startsWith(EVENT_PREFIX)
    ? { kind: 'event', id: id.slice(EVENT_PREFIX.length) }
    : { kind: 'statement', id };
}

/** A result's place in the pack: its position in base 36, an event's after `_` outside the timeline. */
function placeOf(pack: Pack, mode: SearchMode): (id: string) => string {
  const { statements, events } = placesIn(pack);
  return (id) => {
    const { kind, id: own } = readResultId(mode, id);
    const at = (kind === 'event' ? events : statements).get(own);
    if (at === undefined) return '';
    return kind === 'event' && mode !== 'timeline' ? `_${at.toString(36)}` : at.toString(36);
  };
}

function encodeRef(ref: AnswerRef, pack: Pack, room: number): string | null {
  switch (ref.by) {
    case 'query': {
      const text = `q${MODE_CODE[ref.mode]}${ref.page.toString(36)}:${ref.query}`;
      return text.length <= room ? text : null;
    }
    case 'results': {
      const places = ref.ids.map(placeOf(pack, ref.mode));
      let text = `r${MODE_CODE[ref.mode]}${ref.page.toString(36)}:${packTag(pack)}:${places.join('.')}`;
      // A list too long to fit keeps its first results; the page shown is always among them.
      while (text.length > room && places.length > 1) {
        places.pop();
        text = `r${MODE_CODE[ref.mode]}${ref.page.toString(36)}:${packTag(pack)}:${places.join('.')}`;
      }
      return text.length <= room ? text : null;
    }
    case 'side':
      return `s${ref.page.toString(36)}:${ref.statementId}`;
    case 'static':
      return ref.mode === 'sources' ? 'S' : 'A';
  }
}

/**
 * Encodes a button; a query that does not fit is replaced by its results. Returns null only
 * when nothing fits (an answer with no ids at all).
 */
export function encodeAction(action: ButtonAction, pack: Pack, results?: readonly string[]): string | null {
  switch (action.action) {
    case 'pin':
      return 'pin';
    case 'side':
      return `side:${action.page.toString(36)}:${action.statementId}`;
    case 'page':
    case 'share': {
      const prefix = action.action === 'page' ? 'pg:' : 'sh:';
      const room = CUSTOM_ID_LIMIT - prefix.length;
      let encoded = encodeRef(action.ref, pack, room);
      if (encoded === null && action.ref.by === 'query' && results) {
        encoded = encodeRef(
          { by: 'results', mode: action.ref.mode, page: action.ref.page, ids: results },
          pack,
          room,
        );
      }
      return encoded === null ? null : prefix + encoded;
    }
  }
}

function decodeRef(text: string, pack: Pack): AnswerRef | 'stale' | null {
  if (text === 'S') return { by: 'static', mode: 'sources' };
  if (text === 'A') return { by: 'static', mode: 'about' };
  const kind = text[0];
  if (kind === 's') {
    const match = /^s([0-9a-z]{1,3}):([a-z0-9][a-z0-9-]{0,47})$/.exec(text);
    if (!match) return null;
    return { by: 'side', page: Number.parseInt(match[1] as string, 36), statementId: match[2] as string };
  }
  const mode = CODE_MODE.get(text[1] ?? '');
  if (!mode) return null;
  if (kind === 'q') {
    const match = /^q.([0-9a-z]{1,3}):([\s\S]*)$/.exec(text);
    if (!match) return null;
    return { by: 'query', mode, page: Number.parseInt(match[1] as string, 36), query: match[2] as string };
  }
  if (kind === 'r') {
    const match = /^r.([0-9a-z]{1,3}):([\w-]{4}):(_?[0-9a-z]+(?:\._?[0-9a-z]+)*)$/.exec(text);
    if (!match) return null;
    if (match[2] !== packTag(pack)) return 'stale';
    const ids: string[] = [];
    for (const place of (match[3] as string).split('.')) {
      const event = mode === 'timeline' || place.startsWith('_');
      const item = (event ? pack.timeline : pack.statements)[Number.parseInt(place.replace('_', ''), 36)];
      if (!item) return 'stale';
      ids.push(event && mode !== 'timeline' ? EVENT_PREFIX + item.id : item.id);
    }
    return { by: 'results', mode, page: Number.parseInt(match[1] as string, 36), ids };
  }
  return null;
}

/** Reads a button's custom_id: the action, `stale` for an outdated one, or null for a malformed one. */
export function decodeAction(customId: string, pack: Pack): ButtonAction | 'stale' | null {
  if (customId.length === 0 || customId.length > CUSTOM_ID_LIMIT) return null;
  if (customId === 'pin') return { action: 'pin' };
  const side = /^side:([0-9a-z]{1,3}):([a-z0-9][a-z0-9-]{0,47})$/.exec(customId);
  if (side)
    return { action: 'side', page: Number.parseInt(side[1] as string, 36), statementId: side[2] as string };
  const prefix = customId.slice(0, 3);
  if (prefix !== 'pg:' && prefix !== 'sh:') return null;
  const ref = decodeRef(customId.slice(3), pack);
  if (ref === null || ref === 'stale') return ref;
  return { action: prefix === 'pg:' ? 'page' : 'share', ref };
}
