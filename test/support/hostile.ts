/**
 * What a hostile (or merely unusual) member can type: any Unicode, emoji and their joiners,
 * right-to-left and zero-width characters, Discord markdown, mentions of users, roles, channels
 * and everyone, links, timestamps and control characters, mixed with words the pack knows so
 * that searches also find things.
 */
import fc from 'fast-check';

const ID = '123456789012345678';

/** Pieces that mean something to Discord or to a terminal, or are simply awkward. */
export const hostilePieces: readonly string[] = [
  '**',
  '*',
  '_',
  '__',
  '~~',
  '~',
  '||',
  '`',
  '```',
  '\\',
  '\\*',
  '> ',
  '>>> ',
  '# ',
  '### ',
  '-# ',
  '- ',
  '* ',
  '1. ',
  '[x](https://evil.example/a_b)',
  '[**bold link**](<https://evil.example>)',
  'https://example.com/a_b_c*d*',
  'http://_x_',
  'www.example.com',
  `<@${ID}>`,
  `<@!${ID}>`,
  `<@&${ID}>`,
  `<#${ID}>`,
  '@everyone',
  '@here',
  '<t:1700000000:R>',
  `<:emoji:${ID}>`,
  `<a:wave:${ID}>`,
  `</claim:${ID}>`,
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202e',
  '\u2066',
  '\u2069',
  '\ufeff',
  '\ufffd',
  'مرحبا',
  'שלום',
  'ﷺ',
  'Ελληνικά',
  '日本語',
  'हिन्दी',
  'e\u0301',
  '👍🏽',
  '👨‍👩‍👧',
  '🏳️‍🌈',
  '🇺🇦',
  '𝕏',
  '“',
  '”',
  '"',
  "'",
  ' ',
  '   ',
];

/** Cuts a string to at most `max` code points (Discord counts an option's length in characters). */
export function cutToCodePoints(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : points.slice(0, max).join('');
}

/**
 * Text up to `max` code points: runs of hostile pieces and known words, arbitrary Unicode, or a
 * dense wall of markdown characters at (nearly) the full length.
 */
export function hostileText(words: readonly string[], max: number): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...hostilePieces) },
    { weight: 3, arbitrary: fc.constantFrom(...(words.length > 0 ? words : hostilePieces)) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  );
  const separator = fc.constantFrom('', ' ', ' ', '\n');
  const run = fc
    .array(fc.tuple(piece, separator), { maxLength: Math.min(120, max) })
    .map((parts) => parts.map(([p, s]) => p + s).join(''));
  const wall = fc.string({
    unit: fc.constantFrom(
      '*',
      '_',
      '\\',
      '<',
      '>',
      '`',
      '|',
      '~',
      '#',
      '-',
      '[',
      ']',
      '@',
      ':',
      '/',
      '\n',
      'a',
    ),
    minLength: Math.max(0, max - 20),
    maxLength: max,
  });
  return fc
    .oneof(
      { weight: 6, arbitrary: run },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: max }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: max }) },
      { weight: 1, arbitrary: wall },
    )
    .map((text) => cutToCodePoints(text, max));
}

/** True when every string anywhere in a value is well-formed UTF-16 (no lone surrogate halves). */
export function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return !/\p{Surrogate}/u.test(value);
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(wellFormed);
  return true;
}
