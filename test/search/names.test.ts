/**
 * Names learnt from how a pack writes: a word always capitalised, other than at a sentence's
 * start, is a name; a word the pack also writes in lower case is not.
 */
import { describe, expect, it } from 'vitest';
import { namesIn } from '../../src/search/names.js';

describe('GIVEN the sentences of a pack', () => {
  it('THEN the words written in capitals mid-sentence are names, and a sentence’s first word is not', () => {
    const names = namesIn([
      'Reports say Netflix paid Facebook for ads.',
      'The Inbox API let Netflix read messages. Messages were private.',
      '“Shockingly untrue,” said Andy Stone.',
    ]);
    expect([...names].sort()).toEqual(['andy', 'api', 'facebook', 'inbox', 'netflix', 'stone']);
  });

  it('THEN a word the pack also writes in lower case is no name', () => {
    expect(namesIn(['Netflix bought Watch.', 'People watch shows.']).has('watch')).toBe(false);
  });
});
