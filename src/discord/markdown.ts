/**
 * Text made safe for Discord markdown: whatever a quote or a query holds (asterisks, headings,
 * masked links, `<@id>` mentions, `@everyone`, bare links) shows as the characters it is and
 * does nothing. Only the backslashes Discord hides are added (a backslash before any character
 * that is not a letter, a digit or white space): no visible character is changed.
 *
 * Each rule is one linear pass, so escaping costs the same for a hostile text as for a plain one
 * of the same length.
 */
import type { Mark } from '../answers/types.js';

/** Characters that start markdown wherever they stand: emphasis, code, spoilers, tags, links. */
const ANYWHERE = /[\\*_~`|<[\]]/g;
/** Block quotes, headings, subtext and lists begin a line (after any white space, zero-width included). */
const LINE_START = /^([^\S\n]*)([>#+-])/gm;
const NUMBERED = /^([^\S\n]*\d+)\./gm;

/**
 * Whether any rule below has something to escape in a text: most quotes and labels have
 * nothing, and are returned as they are after this one pass.
 */
const ANY_RULE = /[\\*_~`|<[\]]|^[^\S\n]*(?:[>#+-]|\d+\.)|:\/\/|@(?:everyone|here)/m;

/** Escapes every markdown construct, mentions, links and block quotes included. */
export function escapeText(text: string): string {
  return ANY_RULE.test(text) ? escapeEveryRule(text) : text;
}

/** Every rule applied in turn, whether or not the text needs it ({@link escapeText} checks first). */
export function escapeEveryRule(text: string): string {
  return (
    text
      .replace(ANYWHERE, '\\$&')
      .replace(LINE_START, '$1\\$2')
      .replace(NUMBERED, '$1\\.')
      // A bare address would become a link; an escaped colon keeps it text.
      .replace(/:\/\//g, '\\://')
      // Shown as words, never as a mention, whatever allowed_mentions says.
      .replace(/@(everyone|here)/g, '\\@$1')
  );
}

/** Escapes `text` and wraps the marked ranges in bold. */
export function emphasise(text: string, marks: readonly Mark[]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of marks) {
    if (start < at || end > text.length) continue;
    out += `${escapeText(text.slice(at, start))}**${escapeText(text.slice(start, end))}**`;
    at = end;
  }
  return out + escapeText(text.slice(at));
}

/** Prefixes every line with "> " so a text reads as a block quote. */
export function blockQuote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** A link whose label is escaped; `<url>` keeps Discord from previewing it. */
export function maskedLink(label: string, url: string): string {
  return `[${escapeText(label)}](<${url}>)`;
}
