/**
 * The shape of every file in a pack, as written by its editors (snake_case YAML). The loader
 * checks each file against these, then checks what a schema cannot: verbatim quotes,
 * cross-references and dates.
 */
import * as z from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be lowercase letters, digits and hyphens, at most 48 characters');

const text = z.string().trim().min(1, 'must not be empty');

/** How members ask for an item or a topic, in their words: searched, never shown. */
const phrasings = z
  .array(text.max(60, 'must be at most 60 characters (a phrase, not a sentence)'))
  .default([]);

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; YAML may read a bare year as a number. */
const dateString = z
  .union([z.string(), z.number().int()])
  .transform((value) => String(value))
  .pipe(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD'));

/** A date, either bare or with a qualifier and whether it is confirmed. */
export const dateSchema = z.union([
  dateString.transform((date) => ({ date, qualifier: null, confirmed: true })),
  z
    .strictObject({
      date: dateString,
      qualifier: z.enum(['about', 'by']).nullable().default(null),
      confirmed: z.boolean().default(true),
    })
    .transform(({ date, qualifier, confirmed }) => ({ date, qualifier, confirmed })),
]);

const url = z.string().refine((value) => {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname.includes('.');
  } catch {
    return false;
  }
}, 'must be an absolute http(s) address');

/** `pack.yaml`: the pack's identity. */
export const packFileSchema = z.strictObject({
  id,
  title: text,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be MAJOR.MINOR.PATCH'),
  as_of: dateString.refine((value) => value.length === 10, 'must be a full date, YYYY-MM-DD'),
  description: text,
  suggestions: z.array(text).min(1, 'must offer at least one example query'),
});

/** `sources/<id>.yaml`: a document, with its text in a sibling file when the pack holds it. */
export const sourceFileSchema = z.strictObject({
  id,
  title: text,
  /** True when the document has no published title and `title` is a label of ours. */
  title_is_ours: z.boolean().default(false),
  kind: z.enum(['news-article', 'social-post', 'blog-post', 'press-release', 'court-filing', 'court-docket']),
  publisher: text,
  author: text.nullable().default(null),
  date: dateSchema,
  url: url.nullable().default(null),
  url_confirmed: z.boolean().default(true),
  obtained: text,
  /** File name of the text, next to this file. */
  text: z
    .string()
    .regex(/^[\w.-]+\.txt$/, 'must be the name of a .txt file next to this one')
    .nullable()
    .default(null),
  /** SHA-256 of the text file's bytes, so an edit to received text cannot pass unnoticed. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')
    .nullable()
    .default(null),
  received_copy: z.boolean().default(false),
  notes: z.array(text).default([]),
  /**
   * The document's own words where the pack does not hold them (or holds only a garbled copy),
   * as other outlets quote them. Our notes may put these, and only words the pack holds, in
   * quotation marks.
   */
  excerpts: z.array(text).default([]),
});

const speaker = z.strictObject({
  name: text,
  role: text.nullable().default(null),
  organisation: text.nullable().default(null),
});

/** One item of a `statements/*.yaml` list. */
export const statementSchema = z.strictObject({
  id,
  stance: z.enum(['claim', 'denial', 'context']),
  /** own: the speaker's words (perhaps through a report); reported: the source's account of them. */
  wording: z.enum(['own', 'reported']).default('own'),
  title: text.max(100, 'must be at most 100 characters (it is an autocomplete choice)'),
  speaker,
  said_in: text,
  said_on: dateSchema,
  original: id.nullable().default(null),
  source: id,
  quote: text,
  topics: z.array(id).default([]),
  phrasings,
  responds_to: z.array(id).default([]),
  note: text.nullable().default(null),
  /** True where the quoted wording is known to differ from the original's. */
  differs_from_original: z.boolean().default(false),
  /** The statement holding, in the speaker's own words, what this quote copies, reports or interprets. */
  own_words: id.nullable().default(null),
  /** What the record says, in our words; shown directly beneath the quote. */
  record: text.nullable().default(null),
  /** False for a passage garbled past reading: `record` is shown in its place. */
  readable: z.boolean().default(true),
});

/** One item of `timeline.yaml`. */
export const eventSchema = z.strictObject({
  id,
  date: dateSchema,
  summary: text,
  status: z.enum(['established', 'alleged']),
  who: text.nullable().default(null),
  statements: z.array(id).default([]),
  documents: z.array(id).default([]),
  basis: text.nullable().default(null),
  stance: z.enum(['claim', 'denial']).nullable().default(null),
  disputed_by: z.array(id).default([]),
  topics: z.array(id).default([]),
  phrasings,
});

/** One item of `topics.yaml`. */
export const topicSchema = z.strictObject({
  id,
  name: text,
  aliases: z.array(text).default([]),
  phrasings,
});

/**
 * One item of `corrections.yaml`: a statement corrected (or withdrawn) after answers showing it
 * were posted. `change` is our account of what changed, shown beside the corrected answer.
 */
export const correctionSchema = z.strictObject({
  statement: id,
  date: dateString.refine((value) => value.length === 10, 'must be a full date, YYYY-MM-DD'),
  change: text.max(300, 'must be at most 300 characters (it is shown on the corrected answer)'),
  /** True when the statement was removed from the pack rather than changed. */
  withdrawn: z.boolean().default(false),
});

export type PackFile = z.output<typeof packFileSchema>;
export type SourceFile = z.output<typeof sourceFileSchema>;
export type StatementItem = z.output<typeof statementSchema>;
export type EventItem = z.output<typeof eventSchema>;
export type TopicItem = z.output<typeof topicSchema>;
export type DateItem = z.output<typeof dateSchema>;
export type CorrectionItem = z.output<typeof correctionSchema>;
