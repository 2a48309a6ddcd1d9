import { describe, expect, it } from 'vitest';
import { LazyTermPostings, decodePostings, encodeFlat } from '../../src/search/postings.js';
import { seededRandom } from '../../src/testing/pageRenderer.js';

/** A map as the flat, id-ascending list a build produces. */
const flat = (map: Map<number, number>) => [...map].sort((a, b) => a[0] - b[0]).flat();

describe('posting list encoding', () => {
  it('round-trips small and large ids and frequencies', () => {
    const random = seededRandom(3);
    for (let n = 0; n < 200; n++) {
      const map = new Map<number, number>();
      const size = Math.floor(random() * 50);
      for (let i = 0; i < size; i++)
        map.set(Math.floor(random() * 2 ** (1 + Math.floor(random() * 30))), 1 + Math.floor(random() * 5000));
      const decoded = decodePostings(encodeFlat(flat(map)));
      expect([...decoded]).toEqual([...map].sort((a, b) => a[0] - b[0]));
    }
  });

  it('stays JSON-safe', () => {
    const text = encodeFlat([3, 2, 7, 1, 100000, 31]);
    expect(decodePostings(text)).toEqual(
      new Map([
        [3, 2],
        [7, 1],
        [100000, 31],
      ]),
    );
    expect(JSON.parse(JSON.stringify(text))).toBe(text);
    expect(text).not.toMatch(/["\\]/);
  });

  it('a term\u2019s lazy posting lists behave as the decoded Maps on every kind of access', () => {
    const body = new Map([
      [3, 2],
      [7, 1],
      [100000, 31],
    ]);
    const headline = new Map([[7, 1]]);
    // Another term's entries around this term's: only [3, 9) belong to it.
    const data = [
      0,
      2,
      encodeFlat([1, 1]),
      1,
      0,
      encodeFlat(flat(headline)),
      1,
      2,
      encodeFlat(flat(body)),
      2,
      0,
      encodeFlat([5, 5]),
    ];
    const term = () => new LazyTermPostings(data, 3, 9);
    expect(term().size).toBe(2);
    expect(term().get(2)).toEqual(body);
    expect(term().get(0)).toEqual(headline);
    expect(term().has(1)).toBe(false);
    expect([...term().keys()]).toEqual([0, 2]);
    expect([...term()]).toEqual([
      [0, headline],
      [2, body],
    ]);
    const changed = term();
    changed.delete(0);
    changed.set(1, new Map([[4, 4]]));
    expect([...changed.entries()].map(([k]) => k)).toEqual([2, 1]);
  });
});
