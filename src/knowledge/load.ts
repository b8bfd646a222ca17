/**
 * Reads a pack folder, checks every file and every cross-reference, and builds the frozen
 * in-memory pack. Problems are values: one per fault, naming the file, the item and the field.
 */
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import yaml from 'js-yaml';
import type { z } from 'zod';
import { CORRECTIONS_FILE, readCorrections } from './corrections.js';
import { parseDate } from './dates.js';
import { type PackFiles, readPackFiles } from './files.js';
import {
  freezePack,
  linkEvents,
  linkStatements,
  type UnlinkedEvent,
  type UnlinkedStatement,
} from './link.js';
import {
  type DateItem,
  type EventItem,
  eventSchema,
  type PackFile,
  packFileSchema,
  type SourceFile,
  type StatementItem,
  sourceFileSchema,
  statementSchema,
  type TopicItem,
  topicSchema,
} from './schema.js';
import type { Document, Pack, PackDate, PackProblem, Topic } from './types.js';
import { locate } from './verbatim.js';
import { checkEventOrder, checkWording, ourTexts, quotationProblems } from './wording.js';

/** The outcome of loading: a pack, or every problem found. */
export type LoadResult =
  | { readonly ok: true; readonly pack: Pack }
  | { readonly ok: false; readonly problems: readonly PackProblem[] };

/** Items of one kind as read, with the file each came from. */
interface Read<T> {
  readonly file: string;
  readonly value: T;
}

class ProblemList {
  readonly items: PackProblem[] = [];
  add(file: string, item: string | null, field: string | null, message: string): void {
    this.items.push({ file, item, field, message });
  }
}

/**
 * Parses YAML with the core schema: dates stay strings ("2024-04-02"), a bare year is a
 * number, duplicate keys are errors. js-yaml parses this pack about six times faster than the
 * `yaml` package, which is most of the bot's start-up.
 */
function parseYaml(source: string, file: string, problems: ProblemList): unknown {
  try {
    return yaml.load(source, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const at = error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : '';
      problems.add(file, null, null, `is not valid YAML${at}: ${error.reason}`);
      return undefined;
    }
    throw error;
  }
}

function itemName(raw: unknown, index: number): string {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string') return raw.id;
  return `#${index + 1}`;
}

function fieldPath(path: readonly PropertyKey[]): string | null {
  return path.length === 0 ? null : path.map(String).join('.');
}

function check<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  file: string,
  item: string | null,
  problems: ProblemList,
): z.output<S> | null {
  const result = schema.safeParse(raw, {
    error: (issue) => (issue.input === undefined ? 'is required' : undefined),
  });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.add(file, item, fieldPath(issue.path), issue.message);
  }
  return null;
}

/** Ids of every item written, valid or not, so a fault in one item is reported once, not at every reference to it. */
type Written = Set<string>;

function checkList<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  file: string,
  problems: ProblemList,
  written: Written,
): Read<z.output<S>>[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.add(file, null, null, 'must be a list of items');
    written.add('*');
    return [];
  }
  const out: Read<z.output<S>>[] = [];
  raw.forEach((entry, index) => {
    const name = itemName(entry, index);
    if (!name.startsWith('#')) written.add(name);
    const value = check(schema, entry, file, name, problems);
    if (value !== null) out.push({ file, value });
  });
  return out;
}

function toDate(item: DateItem, file: string, id: string, field: string, problems: ProblemList): PackDate {
  const parsed = parseDate(item.date);
  if (!parsed) problems.add(file, id, field, `"${item.date}" is not a real date`);
  return Object.freeze({
    iso: item.date,
    precision: parsed?.precision ?? 'year',
    qualifier: item.qualifier,
    confirmed: item.confirmed,
  });
}

function indexById<T extends { readonly id: string }>(
  items: readonly Read<T>[],
  kind: string,
  problems: ProblemList,
): Map<string, Read<T>> {
  const map = new Map<string, Read<T>>();
  for (const entry of items) {
    const earlier = map.get(entry.value.id);
    if (earlier) {
      problems.add(entry.file, entry.value.id, 'id', `duplicates the id of a ${kind} in ${earlier.file}`);
    } else {
      map.set(entry.value.id, entry);
    }
  }
  return map;
}

/** Reads and checks every file of the pack in `dir` (or the files already read from it). */
export async function loadPack(dir: string, files?: PackFiles): Promise<LoadResult> {
  const source = files ?? (await readPackFiles(dir));
  const problems = new ProblemList();
  const rel = (path: string) => relative(dir, path);

  const packText = source.text('pack.yaml');
  let meta: PackFile | null = null;
  if (packText === null) problems.add('pack.yaml', null, null, 'is missing');
  else meta = check(packFileSchema, parseYaml(packText, 'pack.yaml', problems), 'pack.yaml', null, problems);
  if (meta && !parseDate(meta.as_of))
    problems.add('pack.yaml', null, 'as_of', `"${meta.as_of}" is not a real date`);

  const written = {
    sources: new Set<string>(),
    statements: new Set<string>(),
    events: new Set<string>(),
    topics: new Set<string>(),
  };
  /** True when a reference names nothing written at all (an invalid item is reported once, as itself). */
  const absent = (kind: keyof typeof written, id: string) =>
    !written[kind].has(id) && !written[kind].has('*');
  /** Sources whose text file is missing: quotes from them are not checked, and not reported again. */
  const textless = new Set<string>();

  // Sources: one YAML file each, with the text in a sibling .txt file.
  const sourceDir = join(dir, 'sources');
  const sourceNames = source.names('sources');
  const sourceReads: Read<SourceFile & { textBody: string | null }>[] = [];
  const textFiles = new Set(sourceNames.filter((name) => name.endsWith('.txt')));
  for (const name of sourceNames) {
    const file = rel(join(sourceDir, name));
    if (name.endsWith('.txt')) continue;
    if (!name.endsWith('.yaml')) {
      problems.add(file, null, null, 'is not a source (.yaml) or a source text (.txt)');
      continue;
    }
    const raw = parseYaml(source.text(`sources/${name}`) ?? '', file, problems);
    if (raw && typeof raw === 'object' && 'text' in raw && typeof raw.text === 'string')
      textFiles.delete(raw.text);
    const rawId = itemName(raw, 0);
    if (!rawId.startsWith('#')) written.sources.add(rawId);
    const value = check(sourceFileSchema, raw, file, rawId, problems);
    if (!value) continue;
    if (`${value.id}.yaml` !== name) problems.add(file, value.id, 'id', `must match the file name (${name})`);
    let textBody: string | null = null;
    if (value.text !== null) {
      const bytes = source.bytes(`sources/${value.text}`);
      if (bytes === null) {
        problems.add(file, value.id, 'text', `names ${value.text}, which does not exist`);
        textless.add(value.id);
      } else {
        textBody = bytes.toString('utf8');
        const digest = createHash('sha256').update(bytes).digest('hex');
        if (value.sha256 === null) {
          problems.add(file, value.id, 'sha256', `is required with a text; the text's is ${digest}`);
        } else if (value.sha256 !== digest) {
          problems.add(
            file,
            value.id,
            'sha256',
            `does not match ${value.text} (its SHA-256 is ${digest}): received text must not be edited`,
          );
        }
      }
    } else if (value.sha256 !== null) {
      problems.add(file, value.id, 'sha256', 'is given but the source has no text');
    }
    sourceReads.push({ file, value: { ...value, textBody } });
  }
  for (const orphan of textFiles) {
    problems.add(rel(join(sourceDir, orphan)), null, null, 'is not the text of any source');
  }

  const statementDir = join(dir, 'statements');
  const statementReads: Read<StatementItem>[] = [];
  for (const name of source.names('statements')) {
    const file = rel(join(statementDir, name));
    if (!name.endsWith('.yaml')) {
      problems.add(file, null, null, 'is not a statements file (.yaml)');
      continue;
    }
    const raw = parseYaml(source.text(`statements/${name}`) ?? '', file, problems);
    statementReads.push(...checkList(statementSchema, raw, file, problems, written.statements));
  }

  const readList = async <S extends z.ZodType>(name: string, schema: S, ids: Written) => {
    const text = source.text(name);
    if (text === null) {
      problems.add(name, null, null, 'is missing');
      ids.add('*');
      return [];
    }
    const raw = parseYaml(text, name, problems);
    if (raw === undefined) ids.add('*');
    return checkList(schema, raw, name, problems, ids);
  };
  const eventReads: Read<EventItem>[] = await readList('timeline.yaml', eventSchema, written.events);
  const topicReads: Read<TopicItem>[] = await readList('topics.yaml', topicSchema, written.topics);
  const correctionsText = source.text(CORRECTIONS_FILE);
  const corrections = readCorrections(
    correctionsText === null ? undefined : parseYaml(correctionsText, CORRECTIONS_FILE, problems),
    written.statements,
    (file, item, field, message) => problems.add(file, item, field, message),
  );

  // Identities.
  const sourcesById = indexById(sourceReads, 'source', problems);
  const statementsById = indexById(statementReads, 'statement', problems);
  const eventsById = indexById(eventReads, 'timeline event', problems);
  const topicsById = indexById(topicReads, 'topic', problems);

  // Topics.
  const topics = new Map<string, Topic>();
  const topicNames = new Map<string, string>();
  for (const { file, value } of topicsById.values()) {
    const key = value.name.toLowerCase();
    const other = topicNames.get(key);
    if (other) problems.add(file, value.id, 'name', `"${value.name}" is already the name of topic ${other}`);
    topicNames.set(key, value.id);
    const seen = new Set<string>();
    value.aliases.forEach((alias, index) => {
      const k = alias.toLowerCase();
      if (seen.has(k) || k === key)
        problems.add(file, value.id, `aliases.${index}`, `"${alias}" is listed twice`);
      seen.add(k);
    });
    value.phrasings.forEach((phrasing, index) => {
      const k = phrasing.toLowerCase();
      if (seen.has(k) || k === key)
        problems.add(
          file,
          value.id,
          `phrasings.${index}`,
          `"${phrasing}" is already a name, alias or phrasing of this topic`,
        );
      seen.add(k);
    });
    topics.set(
      value.id,
      Object.freeze({
        id: value.id,
        name: value.name,
        aliases: Object.freeze([...value.aliases]),
        phrasings: Object.freeze([...value.phrasings]),
      }),
    );
  }
  const resolveTopics = (ids: readonly string[], file: string, item: string): Topic[] =>
    ids.flatMap((topicId, index) => {
      const topic = topics.get(topicId);
      if (!topic && absent('topics', topicId)) {
        problems.add(file, item, `topics.${index}`, `names topic "${topicId}", which does not exist`);
      }
      return topic ? [topic] : [];
    });

  const checkPhrasings = (list: readonly string[], file: string, item: string): string[] => {
    const seen = new Set<string>();
    list.forEach((phrasing, index) => {
      const k = phrasing.toLowerCase();
      if (seen.has(k)) problems.add(file, item, `phrasings.${index}`, `"${phrasing}" is listed twice`);
      seen.add(k);
    });
    return [...list];
  };

  // Documents.
  const documents = new Map<string, Document>();
  for (const { file, value } of sourcesById.values()) {
    documents.set(
      value.id,
      Object.freeze({
        id: value.id,
        title: value.title,
        titleIsOurs: value.title_is_ours,
        kind: value.kind,
        publisher: value.publisher,
        author: value.author,
        date: toDate(value.date, file, value.id, 'date', problems),
        url: value.url,
        urlConfirmed: value.url_confirmed,
        obtained: value.obtained,
        text: value.textBody,
        receivedCopy: value.received_copy,
        notes: Object.freeze([...value.notes]),
        excerpts: Object.freeze([...value.excerpts]),
        file,
      }),
    );
  }

  // Statements: checked one by one, then linked to each other by id.
  const unlinked: UnlinkedStatement[] = [];
  for (const { file, value } of statementsById.values()) {
    const source = documents.get(value.source);
    if (!source) {
      if (absent('sources', value.source)) {
        problems.add(file, value.id, 'source', `names source "${value.source}", which does not exist`);
      }
      continue;
    }
    if (textless.has(source.id)) continue;
    if (source.text === null) {
      problems.add(
        file,
        value.id,
        'source',
        `names "${value.source}", a reference with no text to quote from`,
      );
      continue;
    }
    const found = locate(source.text, value.quote, source);
    if (!found.found) {
      const shown =
        found.matchedPrefix.length > 60 ? `…${found.matchedPrefix.slice(-60)}` : found.matchedPrefix;
      problems.add(
        file,
        value.id,
        'quote',
        found.matchedPrefix.length === 0
          ? `is not in the text of ${source.id}: not even its first word matches`
          : `is not in the text of ${source.id}: it matches as far as "${shown}", then differs`,
      );
      continue;
    }
    let original: Document | null = null;
    if (value.original !== null) {
      original = documents.get(value.original) ?? null;
      if (!original) {
        if (absent('sources', value.original)) {
          problems.add(file, value.id, 'original', `names source "${value.original}", which does not exist`);
        }
      } else if (original === source)
        problems.add(file, value.id, 'original', 'is the same as source; leave it out');
    }
    if (value.stance === 'denial' && value.responds_to.length === 0) {
      problems.add(file, value.id, 'responds_to', 'must name what the denial answers (a claim or report)');
    }
    const statement: UnlinkedStatement['statement'] = {
      id: value.id,
      stance: value.stance,
      wording: value.wording,
      title: value.title,
      speaker: Object.freeze({ ...value.speaker }),
      saidIn: value.said_in,
      saidOn: toDate(value.said_on, file, value.id, 'said_on', problems),
      original,
      source,
      quote: found.exact,
      offset: found.offset,
      topics: Object.freeze(resolveTopics(value.topics, file, value.id)),
      phrasings: Object.freeze(checkPhrasings(value.phrasings, file, value.id)),
      note: value.note,
      differsFromOriginal: value.differs_from_original,
      record: value.record,
      readable: value.readable,
      file,
    };
    unlinked.push({ statement, respondsTo: value.responds_to, ownWords: value.own_words });
  }
  const statements = linkStatements(unlinked, ({ from, field, index, target, itself }) => {
    const file = statementsById.get(from)?.file as string;
    const at = index === null ? field : `${field}.${index}`;
    if (itself) problems.add(file, from, at, 'names the statement itself');
    else if (!statementsById.has(target) && absent('statements', target))
      problems.add(file, from, at, `names statement "${target}", which does not exist`);
  });
  for (const statement of statements.values()) {
    for (const problem of checkWording(statement)) problems.add(statement.file, statement.id, ...problem);
  }

  // Timeline.
  const unlinkedEvents: UnlinkedEvent[] = [];
  for (const { file, value } of eventsById.values()) {
    const resolve = <T>(
      ids: readonly string[],
      field: string,
      map: ReadonlyMap<string, T>,
      kind: string,
    ): T[] =>
      ids.flatMap((ref, index) => {
        const found = map.get(ref);
        if (found === undefined) {
          const known =
            kind === 'statement'
              ? statementsById.has(ref) || !absent('statements', ref)
              : !absent('sources', ref);
          if (!known)
            problems.add(file, value.id, `${field}.${index}`, `names ${kind} "${ref}", which does not exist`);
          return [];
        }
        return [found];
      });
    const event: UnlinkedEvent['event'] = {
      id: value.id,
      date: toDate(value.date, file, value.id, 'date', problems),
      summary: value.summary,
      status: value.status,
      who: value.who,
      statements: Object.freeze(resolve(value.statements, 'statements', statements, 'statement')),
      documents: Object.freeze(resolve(value.documents, 'documents', documents, 'source')),
      basis: value.basis,
      stance: value.stance,
      topics: Object.freeze(resolveTopics(value.topics, file, value.id)),
      phrasings: Object.freeze(checkPhrasings(value.phrasings, file, value.id)),
      file,
    };
    if (value.statements.length + value.documents.length === 0 && value.basis === null) {
      problems.add(file, value.id, 'statements', 'an event needs support: statements, documents or a basis');
    }
    if (value.stance !== null && value.statements.length > 0) {
      problems.add(
        file,
        value.id,
        'stance',
        'only an event whose words the pack holds no quote of takes a stance: its statements carry theirs',
      );
    }
    for (const problem of checkEventOrder(event.statements)) problems.add(file, value.id, ...problem);
    unlinkedEvents.push({ event, disputedBy: value.disputed_by });
  }
  const events = linkEvents(unlinkedEvents, ({ from, field, index, target, itself }) => {
    const file = eventsById.get(from)?.file as string;
    const at = `${field}.${index}`;
    if (itself) problems.add(file, from, at, 'names the event itself');
    else if (absent('events', target))
      problems.add(file, from, at, `names timeline event "${target}", which does not exist`);
  });

  // Quotation marks in our own words are checked once everything they may quote has loaded.
  if (problems.items.length === 0) {
    const texts = [
      ...ourTexts([...sourcesById.values()], [...statementsById.values()], [...eventsById.values()]),
      ...corrections.map(({ file, key, change }) => ({ file, item: key, field: 'change', text: change })),
    ];
    for (const problem of quotationProblems(texts, [...documents.values()])) problems.items.push(problem);
  }

  if (problems.items.length > 0 || !meta) return { ok: false, problems: problems.items };

  const pack = freezePack({
    meta: {
      id: meta.id,
      title: meta.title,
      version: meta.version,
      asOf: meta.as_of,
      description: meta.description,
      suggestions: meta.suggestions,
    },
    documents,
    statements,
    events,
    topics,
    corrections,
  });
  return { ok: true, pack };
}

export { formatProblem } from './problems.js';
