/** The answer cache's limits: how many answers, how much text, and which answers leave first. */
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/http/answer-cache.js';

const pack = {};

describe('GIVEN a cache of two answers', () => {
  it('WHEN a third is kept THEN the least recently used one leaves', () => {
    const cache = new AnswerCache({ entries: 2 });
    cache.set(pack, 'a', '{"a":1}');
    cache.set(pack, 'b', '{"b":1}');
    expect(cache.get(pack, 'a')?.text).toBe('{"a":1}');
    cache.set(pack, 'c', '{"c":1}');
    expect(cache.get(pack, 'b')).toBeUndefined();
    expect(cache.get(pack, 'a')?.text).toBe('{"a":1}');
    expect(cache.get(pack, 'c')?.text).toBe('{"c":1}');
    expect(cache.count).toBe(2);
  });
});

describe('GIVEN a cache of 20 characters', () => {
  it('WHEN answers add up to more THEN the oldest leave until the rest fit, and a longer answer is not kept', () => {
    const cache = new AnswerCache({ characters: 20 });
    cache.set(pack, 'a', '"0123456789"');
    cache.set(pack, 'b', '"01234"');
    cache.set(pack, 'c', '"0123"');
    expect(cache.get(pack, 'a')).toBeUndefined();
    expect(cache.count).toBe(2);
    cache.set(pack, 'd', `"${'x'.repeat(30)}"`);
    expect(cache.get(pack, 'd')).toBeUndefined();
    expect(cache.count).toBe(2);
  });

  it('WHEN an answer has characters of several bytes THEN its length in bytes is kept with it', () => {
    const cache = new AnswerCache();
    cache.set(pack, 'q', '"“é”"');
    expect(cache.get(pack, 'q')).toEqual({ text: '"“é”"', bytes: 10, records: null });
  });
});

describe('GIVEN answers kept from one pack', () => {
  it('WHEN asked for another pack THEN nothing is found, and keeping one for it clears the first', () => {
    const cache = new AnswerCache();
    const next = {};
    cache.set(pack, 'a', '1');
    expect(cache.get(next, 'a')).toBeUndefined();
    cache.set(next, 'b', '2');
    expect(cache.get(pack, 'a')).toBeUndefined();
    expect(cache.count).toBe(1);
  });
});
