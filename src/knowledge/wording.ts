/**
 * Checks on whose words a pack shows: a quote known to differ from the original says what the
 * record holds, a report names the speaker's own words correctly, and our own words (titles,
 * notes, summaries) never stand in quotation marks unless the words quoted are ones the pack
 * holds: a source's text, a document's excerpts or a published title.
 */
import type { EventItem, SourceFile, StatementItem } from './schema.js';
import type { Document, PackProblem, Statement } from './types.js';

/** A problem found here: the field and what is wrong with it. */
export type WordingProblem = [field: string, message: string];

/** Checks the fields that say how a statement's wording relates to the original. */
export function checkWording(statement: Statement): WordingProblem[] {
  const problems: WordingProblem[] = [];
  const twin = statement.ownWords;
  if (statement.differsFromOriginal && twin === null && statement.record === null) {
    problems.push([
      'record',
      'is required: the quote differs from the original, so it needs own_words (the statement with the speaker’s own words) or record (what the record says, in our words)',
    ]);
  }
  if (!statement.readable) {
    if (statement.record === null)
      problems.push(['record', 'is required when readable is false: it is shown in place of the quote']);
    if (!statement.differsFromOriginal)
      problems.push(['differs_from_original', 'must be true when readable is false (the quote is garbled)']);
  }
  if (twin !== null) {
    if (twin === statement) problems.push(['own_words', 'names the statement itself']);
    else if (twin.ownWords !== null || twin.differsFromOriginal || twin.wording !== 'own')
      problems.push(['own_words', `names "${twin.id}", which is not the speaker's own wording itself`]);
    else if (twin.source === statement.source)
      problems.push([
        'own_words',
        `names "${twin.id}", from the same source: own_words is for a report of someone's words in another`,
      ]);
  }
  return problems;
}

/** An event listing a report of someone's words must list their own words first. */
export function checkEventOrder(statements: readonly Statement[]): WordingProblem[] {
  const problems: WordingProblem[] = [];
  statements.forEach((statement, index) => {
    const twin = statement.ownWords;
    if (twin !== null && !statements.slice(0, index).includes(twin)) {
      problems.push([
        `statements.${index}`,
        `lists "${statement.id}" without "${twin.id}" (the speaker's own words) before it`,
      ]);
    }
  });
  return problems;
}

/** Every text the pack holds that our words may quote, white space folded. */
export function quotableWords(documents: readonly Document[]): readonly string[] {
  return documents
    .flatMap((document) => [
      ...(document.text === null ? [] : [document.text]),
      ...document.excerpts,
      ...(document.titleIsOurs ? [] : [document.title]),
    ])
    .map(foldSpace);
}

function foldSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Spans in quotation marks (curly or straight double quotes). */
export function quotedSpans(text: string): string[] {
  return [...text.matchAll(/“([^”]*)”|"([^"]*)"/g)].map((match) => match[1] ?? match[2] ?? '');
}

/** A quoted span is fine when the words in it are words the pack holds. */
export function isQuotable(span: string, quotable: readonly string[]): boolean {
  const words = foldSpace(span);
  return words.length > 0 && quotable.some((text) => text.includes(words));
}

/** A text of ours in the pack, and where it is written. */
export interface OurText {
  readonly file: string;
  readonly item: string;
  readonly field: string;
  readonly text: string | null;
}

/** Every field of the pack written in our words, as read. */
export function ourTexts(
  sources: readonly { file: string; value: SourceFile }[],
  statements: readonly { file: string; value: StatementItem }[],
  events: readonly { file: string; value: EventItem }[],
): OurText[] {
  const out: OurText[] = [];
  for (const { file, value } of sources) {
    const item = value.id;
    if (value.title_is_ours) out.push({ file, item, field: 'title', text: value.title });
    value.notes.forEach((text, index) => {
      out.push({ file, item, field: `notes.${index}`, text });
    });
  }
  for (const { file, value } of statements) {
    for (const field of ['title', 'said_in', 'note', 'record'] as const)
      out.push({ file, item: value.id, field, text: value[field] });
  }
  for (const { file, value } of events) {
    for (const field of ['summary', 'who', 'basis'] as const)
      out.push({ file, item: value.id, field, text: value[field] });
  }
  return out;
}

/** One problem for each text of ours that puts words the pack does not hold in quotation marks. */
export function quotationProblems(texts: readonly OurText[], documents: readonly Document[]): PackProblem[] {
  const quotable = quotableWords(documents);
  return texts.flatMap(({ file, item, field, text }) => {
    const bad = text === null ? undefined : quotedSpans(text).find((span) => !isQuotable(span, quotable));
    if (bad === undefined) return [];
    const message = `puts “${bad}” in quotation marks, but no source text, excerpt or published title in the pack holds those words: our own words are never shown as a quote`;
    return [{ file, item, field, message }];
  });
}
