import { describe, expect, it } from 'vitest';
import {
  LazyTermPostings,
  PostingLog,
  PostingTable,
  PostingTableBuilder,
  PostingsError,
  decodePostings,
  encodeFlat,
} from '../../src/search/postings.js';
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
    // Another term's lists around this term's: only entries [1, 3) belong to it.
    const builder = new PostingTableBuilder();
    builder.add(0, 2, [1, 1]);
    builder.add(1, 0, flat(headline));
    builder.add(1, 2, flat(body));
    builder.add(2, 0, [5, 5]);
    const table = builder.finish(3);
    const term = () => new LazyTermPostings(table, 1, 3);
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

describe('posting table', () => {
  function table() {
    const builder = new PostingTableBuilder();
    builder.add(0, 0, [0, 2, 5, 1]);
    builder.add(0, 2, [5, 7]);
    builder.add(2, 1, [1, 1]);
    return builder.finish(3);
  }

  it('keeps each list with its term and field, grouped by term', () => {
    const t = table();
    expect(t.size).toBe(3);
    expect([0, 1, 2].map((i) => [t.term(i), t.field(i), [...t.decode(i)]])).toEqual([
      [
        0,
        0,
        [
          [0, 2],
          [5, 1],
        ],
      ],
      [0, 2, [[5, 7]]],
      [2, 1, [[1, 1]]],
    ]);
    expect([...t.byTerm()]).toEqual([
      { term: 0, from: 0, to: 2 },
      { term: 2, from: 2, to: 3 },
    ]);
    expect(t.list(2)).toBe(encodeFlat([1, 1]));
  });

  it('reads back from its directory and blob, and refuses a damaged directory', () => {
    const t = table();
    const again = PostingTable.from(t.directory.slice(), t.blob, 3);
    expect([...again.byTerm()]).toEqual([...t.byTerm()]);
    const damaged = (edit: (d: Uint32Array) => void, terms = 3) => {
      const d = t.directory.slice();
      edit(d);
      return () => PostingTable.from(d, t.blob, terms);
    };
    expect(damaged(() => {}, 2)).toThrow(PostingsError); // a term past the term list
    expect(damaged((d) => (d[11] = t.blob.length + 1))).toThrow(PostingsError); // past the blob
    expect(damaged((d) => (d[2] = d[3]! + 1))).toThrow(PostingsError); // start after end
    expect(damaged((d) => d.set([2], 0))).toThrow(PostingsError); // terms out of order (2, 0, 2)
    expect(() => PostingTable.from(t.directory.subarray(0, 5), t.blob, 3)).toThrow(PostingsError);
  });
});

describe('posting log', () => {
  it('groups postings collected in document order into the table a list per term and field gives', () => {
    const random = seededRandom(5);
    const terms = 300;
    const fields = 3;
    const log = new PostingLog();
    const lists = new Map<number, number[]>();
    for (let doc = 0; doc < 2000; doc++)
      for (let field = 0; field < fields; field++) {
        const seen = new Set<number>();
        for (let i = Math.floor(random() * 12); i > 0; i--) {
          // Skewed: a few terms in most documents, most in a few.
          const term = Math.floor(terms * random() ** 3);
          if (seen.has(term)) continue;
          seen.add(term);
          const tf = 1 + Math.floor(random() * 9);
          log.push(term * fields + field, doc, tf);
          const key = term * fields + field;
          lists.set(key, [...(lists.get(key) ?? []), doc, tf]);
        }
      }
    const expected = new PostingTableBuilder();
    [...lists.keys()]
      .sort((a, b) => a - b)
      .forEach((key) => expected.add(Math.floor(key / fields), key % fields, lists.get(key)!));
    const table = log.table(terms, fields);
    const want = expected.finish(terms);
    const dump = (t: PostingTable) => {
      const out: [number, number, [number, number][]][] = [];
      t.forEachTerm((term, from, to) => {
        for (let i = from; i < to; i++) out.push([term, t.field(i), [...t.decode(i)]]);
      });
      return out;
    };
    expect(dump(table)).toEqual(dump(want));
    expect(dump(table).length).toBeGreaterThan(300);
  });
});
