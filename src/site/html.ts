/**
 * HTML built from template literals, escaped by default: every value put into an `html`
 * template is text unless it is itself `Html`, so words from the pack (or a query someone
 * typed into the search page) can never become markup.
 */

/** Markup that is safe to place as it is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template accepts: text (escaped), markup, and lists or nothing of either. */
export type Fragment = Html | string | number | null | undefined | false | readonly Fragment[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for an element's content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string) : text;
}

const SPECIAL = /[&<>"']/;

function render(fragment: Fragment): string {
  if (fragment instanceof Html) return fragment.value;
  if (fragment === null || fragment === undefined || fragment === false) return '';
  if (Array.isArray(fragment)) return fragment.map(render).join('');
  return escapeHtml(String(fragment));
}

/** A template of markup: `html\`<p>${text}</p>\``. */
export function html(strings: TemplateStringsArray, ...values: readonly Fragment[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

/** Markup from a string the caller has made safe (JSON-LD, the stylesheet). */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so no text can close the script. */
export function scriptJson(value: unknown): Html {
  return new Html(JSON.stringify(value).replace(/</g, '\\u003c'));
}
