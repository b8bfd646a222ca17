/**
 * What Discord and its members would see of a payload, checked without Discord: the body against
 * Discord's API schemas and the documented limits (the emulator's own checks), mentions,
 * and Discord markdown read the way the client reads it — a backslash before any character that
 * is not a letter, a digit or white space shows that character as it is.
 */
import { checkCallbackLimits, checkMessageLimits, embedLength, Limits } from '../emulator/limits.js';
import { SpecValidator } from '../emulator/validate.js';

let validator: SpecValidator | null = null;
function spec(): SpecValidator {
  validator ??= new SpecValidator();
  return validator;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describeProblems(problems: readonly { path: readonly (string | number)[]; message: string }[]) {
  return problems.map((problem) => `${problem.path.join('.') || '(body)'}: ${problem.message}`);
}

/** The message fields of a body, summed the way LIMITS.md counts them. */
function totals(data: Obj): string[] {
  const out: string[] = [];
  const content = typeof data.content === 'string' ? data.content : '';
  if (content.length > Limits.content) out.push(`content is ${content.length} characters`);
  const embeds = Array.isArray(data.embeds) ? data.embeds : [];
  const total = embeds.reduce<number>((sum, embed) => sum + embedLength(embed), 0);
  if (total > Limits.embedTotal) out.push(`embeds hold ${total} characters together`);
  return out;
}

/**
 * Why Discord would refuse an interaction callback body (`POST /interactions/{id}/{token}/callback`):
 * the schema, then the documented limits. Empty when it would be accepted.
 */
export function callbackProblems(body: unknown): string[] {
  const problems = [
    ...describeProblems(
      spec().validateRequestBody('POST', '/interactions/{interaction_id}/{interaction_token}/callback', body),
    ),
    ...describeProblems(checkCallbackLimits(body)),
  ];
  if (isObj(body) && isObj(body.data)) problems.push(...totals(body.data));
  return problems;
}

/** Why Discord would refuse an edit of the original response (`PATCH …/messages/@original`). */
export function editProblems(body: unknown): string[] {
  const problems = [
    ...describeProblems(
      spec().validateRequestBody('PATCH', '/webhooks/{webhook_id}/{webhook_token}/messages/@original', body),
    ),
    ...describeProblems(checkMessageLimits(body)),
  ];
  if (isObj(body)) problems.push(...totals(body));
  return problems;
}

/** A piece of markdown as the client reads it: a character shown, and whether a backslash escaped it. */
interface Shown {
  readonly char: string;
  readonly escaped: boolean;
}

/** Resolves Discord's backslash escapes: `\*` is a literal `*`; a backslash before a letter stays. */
function read(markdown: string): Shown[] {
  const out: Shown[] = [];
  const chars = [...markdown];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    const next = chars[i + 1];
    if (char === '\\' && next !== undefined && /^[^0-9A-Za-z\s]$/u.test(next)) {
      out.push({ char: next, escaped: true });
      i++;
    } else {
      out.push({ char, escaped: false });
    }
  }
  return out;
}

/** The characters a member sees for a piece of markdown (escapes resolved, `**` bold marks removed). */
export function visibleText(markdown: string, options: { bold?: boolean } = {}): string {
  const shown = read(markdown);
  let out = '';
  for (let i = 0; i < shown.length; i++) {
    const item = shown[i] as Shown;
    const next = shown[i + 1];
    if (options.bold && item.char === '*' && !item.escaped && next?.char === '*' && !next.escaped) {
      i++;
      continue;
    }
    out += item.char;
  }
  return out;
}

/** Characters that start markdown wherever they stand. */
const ACTIVE = new Set(['*', '_', '~', '`', '|', '<', '[', ']']);

/**
 * What would be live if this text were shown as markdown: formatting characters, mentions and
 * other `<…>` tags, masked links, bare links, `@everyone`/`@here`, and block quotes, headings,
 * subtext or lists at the start of a line. Empty when the text shows as exactly its characters.
 */
export function liveMarkdown(markdown: string): string[] {
  const shown = read(markdown);
  const found: string[] = [];
  let lineStart = true;
  for (let i = 0; i < shown.length; i++) {
    const { char, escaped } = shown[i] as Shown;
    if (char === '\n') {
      lineStart = true;
      continue;
    }
    if (!escaped && ACTIVE.has(char)) found.push(`“${char}” at ${i}`);
    if (lineStart && !/\s/u.test(char)) {
      lineStart = false;
      if (!escaped && (char === '>' || char === '#' || char === '-' || char === '+'))
        found.push(`“${char}” starting a line at ${i}`);
      if (!escaped && /\d/.test(char)) {
        let j = i;
        while (j < shown.length && /\d/.test((shown[j] as Shown).char)) j++;
        const after = shown[j];
        if (after && after.char === '.' && !after.escaped) found.push(`a numbered list at ${i}`);
      }
    }
    if (!escaped && char === ':' && shown[i + 1]?.char === '/' && shown[i + 2]?.char === '/')
      found.push(`a bare link at ${i}`);
    if (!escaped && char === '@') {
      const rest = shown
        .slice(i + 1, i + 9)
        .map((s) => s.char)
        .join('');
      if (rest.startsWith('everyone') || rest.startsWith('here')) found.push(`@${rest} at ${i}`);
    }
  }
  return found;
}

/**
 * Every block quote of a description (maximal runs of lines starting with "> "), as the member
 * reads it: the "> " removed, escapes resolved and the bold of matched words dropped.
 */
export function quoteBlocks(description: string): string[] {
  const blocks: string[][] = [];
  let current: string[] | null = null;
  for (const line of description.split('\n')) {
    if (line.startsWith('> ')) {
      current ??= [];
      current.push(line.slice(2));
    } else if (current) {
      blocks.push(current);
      current = null;
    }
  }
  if (current) blocks.push(current);
  return blocks.map((lines) => visibleText(lines.join('\n'), { bold: true }));
}
