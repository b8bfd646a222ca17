/**
 * Text made safe for Discord markdown: whatever a quote or a query holds (asterisks, headings,
 * masked links, `<@id>` mentions, `@everyone`) shows as the characters it is and does nothing.
 * Only the backslashes Discord hides are added; no visible character is changed.
 */
import { escapeMarkdown } from '@discordjs/formatters';
import type { Mark } from '../answers/types.js';

const ALL = { heading: true, bulletedList: true, numberedList: true, maskedLink: true } as const;
// Italic, bold and underline are runs of '*' and '_'. The italic pattern looks back over the
// whole text at every position (quadratic in its length), so text with neither character skips
// those three: their escapes cannot change it.
const NO_EMPHASIS = { ...ALL, italic: false, bold: false, underline: false } as const;

/** Escapes every markdown construct, mentions and block quotes included. */
export function escapeText(text: string): string {
  return (
    escapeMarkdown(text, /[*_]/.test(text) ? ALL : NO_EMPHASIS)
      // Mentions, channels, emoji and timestamps all start with "<".
      .replace(/</g, '\\<')
      // Block quotes and subtext at the start of a line.
      .replace(/^(\s*)>/gm, '$1\\>')
      .replace(/^(\s*)-#/gm, '$1\\-#')
      // A bare address would become a link; an escaped colon keeps it text.
      .replace(/(https?):\/\//gi, '$1\\://')
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
  return `[${escapeText(label).replace(/[[\]]/g, '\\$&')}](<${url}>)`;
}
