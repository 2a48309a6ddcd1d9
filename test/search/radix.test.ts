import { describe, expect, it } from 'vitest';
import SearchableMap from 'minisearch/SearchableMap';
import { fillRadix, radixGet, type RadixNode } from '../../src/search/radix.js';
import { seededRandom } from '../../src/testing/pageRenderer.js';

describe('one-pass radix tree', () => {
  it('has the same shape as inserting the keys one by one', () => {
    const random = seededRandom(5);
    for (let n = 0; n < 50; n++) {
      const keys = new Set<string>();
      const size = 1 + Math.floor(random() * 300);
      while (keys.size < size)
        keys.add(
          Array.from({ length: 1 + Math.floor(random() * 8) }, () => '~0123abc'[Math.floor(random() * 8)]).join(''),
        );
      // MiniSearch's own radix tree, keys inserted one by one.
      const reference = new SearchableMap<number>();
      [...keys].forEach((k, i) => reference.set(k, i));
      const bulk: RadixNode<number> = new Map();
      fillRadix(
        bulk,
        [...keys].map((k, i) => [k, i] as [string, number]),
      );
      expect(bulk).toEqual(reference._tree);
      // …and a SearchableMap over it finds every key.
      const map = new SearchableMap<number>(reference._tree);
      [...keys].forEach((k, i) => expect(map.get(k)).toBe(i));
    }
  });

  it('radixGet finds what SearchableMap.get finds, present or not, after sets and deletes', () => {
    const random = seededRandom(9);
    const word = () =>
      Array.from({ length: 1 + Math.floor(random() * 6) }, () => '党建工作法驿站红帆'[Math.floor(random() * 9)]).join(
        '',
      );
    const map = new SearchableMap<number>();
    for (let i = 0; i < 3000; i++) {
      const k = word();
      if (random() < 0.3) map.delete(k);
      else map.set(k, i);
      const probe = word();
      expect(radixGet(map._tree, probe)).toBe(map.get(probe));
      expect(radixGet(map._tree, k)).toBe(map.get(k));
    }
    expect(radixGet(map._tree, '')).toBe(map.get(''));
  });
});
