/**
 * The answer cache's limits: how many answers, how many bytes, which answers leave first, and
 * which come in once it is full.
 */
import { describe, expect, it } from 'vitest';
import { AnswerCache, utf8 } from '../../src/http/answer-cache.js';

const pack = {};

/** Offers an answer twice: once full, the cache keeps only what was offered before. */
function keepTwice(cache: AnswerCache, key: string, text: string) {
  cache.set(pack, key, utf8(text));
  if (cache.get(pack, key) === undefined) cache.set(pack, key, utf8(text));
}

describe('GIVEN a cache of two answers', () => {
  it('WHEN a third is offered once THEN it is not kept and nothing leaves; offered again, the least recently used one leaves', () => {
    const cache = new AnswerCache({ entries: 2 });
    cache.set(pack, 'a', utf8('{"a":1}'));
    cache.set(pack, 'b', utf8('{"b":1}'));
    expect(cache.get(pack, 'a')?.body.toString()).toBe('{"a":1}');
    cache.set(pack, 'c', utf8('{"c":1}'));
    expect(cache.get(pack, 'c')).toBeUndefined();
    expect(cache.count).toBe(2);
    cache.set(pack, 'c', utf8('{"c":1}'));
    expect(cache.get(pack, 'b')).toBeUndefined();
    expect(cache.get(pack, 'a')?.body.toString()).toBe('{"a":1}');
    expect(cache.get(pack, 'c')?.body.toString()).toBe('{"c":1}');
    expect(cache.count).toBe(2);
  });

  it('WHEN many answers are offered once each THEN the two kept stay', () => {
    const cache = new AnswerCache({ entries: 2 });
    cache.set(pack, 'a', utf8('"a"'));
    cache.set(pack, 'b', utf8('"b"'));
    for (let n = 0; n < 1000; n++) cache.set(pack, `once ${n}`, utf8(`"${n}"`));
    expect(cache.get(pack, 'a')?.body.toString()).toBe('"a"');
    expect(cache.get(pack, 'b')?.body.toString()).toBe('"b"');
    expect(cache.count).toBe(2);
  });
});

describe('GIVEN a cache of three answers, used in between', () => {
  it('WHEN answers keep coming THEN each time the least recently used one leaves', () => {
    const cache = new AnswerCache({ entries: 3 });
    const keep = (key: string) => keepTwice(cache, key, `"${key}"`);
    keep('a');
    keep('b');
    keep('c');
    cache.get(pack, 'a'); // b, c, a
    keep('d'); // c, a, d
    cache.get(pack, 'c'); // a, d, c
    keep('e'); // d, c, e
    keep('f'); // c, e, f
    for (const gone of ['a', 'b', 'd']) expect(cache.get(pack, gone), gone).toBeUndefined();
    for (const key of ['c', 'e', 'f']) expect(cache.get(pack, key)?.body.toString(), key).toBe(`"${key}"`);
    expect(cache.count).toBe(3);
  });
});

describe('GIVEN a cache of 20 bytes', () => {
  it('WHEN answers add up to more THEN the oldest leave until the rest fit, and a longer answer is not kept', () => {
    const cache = new AnswerCache({ bytes: 20 });
    keepTwice(cache, 'a', '"0123456789"');
    keepTwice(cache, 'b', '"01234"');
    keepTwice(cache, 'c', '"0123"');
    expect(cache.get(pack, 'a')).toBeUndefined();
    expect(cache.count).toBe(2);
    keepTwice(cache, 'd', `"${'x'.repeat(30)}"`);
    expect(cache.get(pack, 'd')).toBeUndefined();
    expect(cache.count).toBe(2);
  });

  it('WHEN an answer has characters of several bytes THEN it counts them all', () => {
    const cache = new AnswerCache({ bytes: 20 });
    keepTwice(cache, 'q', '"“é”"');
    expect(cache.get(pack, 'q')?.body).toHaveLength(10);
    keepTwice(cache, 'r', '"““““"');
    expect(cache.get(pack, 'q')).toBeUndefined();
    expect(cache.get(pack, 'r')?.body.toString()).toBe('"““““"');
  });
});

describe('GIVEN answers kept from one pack', () => {
  it('WHEN asked for another pack THEN nothing is found, and keeping one for it clears the first', () => {
    const cache = new AnswerCache();
    const next = {};
    cache.set(pack, 'a', utf8('1'));
    expect(cache.get(next, 'a')).toBeUndefined();
    cache.set(next, 'b', utf8('2'));
    expect(cache.get(pack, 'a')).toBeUndefined();
    expect(cache.count).toBe(1);
  });
});
