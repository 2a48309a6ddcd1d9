import { describe, expect, it } from 'vitest';
import SearchableMap from 'minisearch/SearchableMap';
import { fillRadix, type RadixNode } from '../../src/search/radix.js';
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
});
