/**
 * Escaping skips texts with nothing to escape: whatever the text, what a member sees is what
 * every rule applied in turn gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeEveryRule, escapeText } from '../../src/discord/markdown.js';

/** Texts made of plain words and every character a rule looks for, at line starts too. */
const markdownish = fc
  .array(
    fc.constantFrom(
      'word',
      ' ',
      '\n',
      '\t',
      '\u200b',
      '*',
      '_',
      '~',
      '`',
      '|',
      '<',
      '[',
      ']',
      '\\',
      '>',
      '#',
      '+',
      '-',
      '1',
      '12',
      '.',
      ':',
      '/',
      '://',
      '@',
      '@everyone',
      '@here',
      'é',
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('GIVEN any text', () => {
  it('WHEN it is escaped THEN it reads as every rule applied in turn makes it read', () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string(), fc.string({ unit: 'grapheme' })), (text) => {
        expect(escapeText(text)).toBe(escapeEveryRule(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('WHEN it has nothing to escape THEN it is returned as it is', () => {
    const plain = 'Netflix never asked for access to private messages, a spokesperson said.';
    expect(escapeText(plain)).toBe(plain);
    expect(escapeText('1. first\n- second')).toBe('1\\. first\n\\- second');
    expect(escapeText('see https://example.com @everyone')).toBe('see https\\://example.com \\@everyone');
  });
});
