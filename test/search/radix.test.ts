import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import { fillRadix, type RadixNode } from '../../src/search/radix.js';
import { seededRandom } from '../../src/testing/pageRenderer.js';

/** MiniSearch's own SearchableMap, reached through an index instance. */
function searchableMap(): { set(k: string, v: number): unknown; _tree: RadixNode<number> } {
  return (
    new MiniSearch({ fields: ['x'] }) as unknown as {
      _index: { set(k: string, v: number): unknown; _tree: RadixNode<number> };
    }
  )._index;
}

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
      const reference = searchableMap();
      [...keys].forEach((k, i) => reference.set(k, i));
      const bulk = searchableMap();
      fillRadix(
        bulk._tree,
        [...keys].map((k, i) => [k, i] as [string, number]),
      );
      expect(bulk._tree).toEqual(reference._tree);
    }
  });
});
