/**
 * Builds MiniSearch's radix tree (its `SearchableMap` nodes: a Map per node, edges labelled with
 * strings, the value under the key `''`) from keys in one pass, in the same compressed shape that
 * inserting them one by one gives: every edge as long as the keys below it share, no two edges of
 * a node starting with the same character. Inserting one by one walks from the root each time;
 * this visits each key's characters about once.
 */
export type RadixNode<V> = Map<string, RadixNode<V> | V>;

export function fillRadix<V>(root: RadixNode<V>, entries: [string, V][]): void {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  build(root, entries, 0, entries.length, 0);
}

function build<V>(node: RadixNode<V>, entries: readonly [string, V][], lo: number, hi: number, depth: number): void {
  let i = lo;
  if (i < hi && entries[i]![0].length === depth) {
    node.set('', entries[i]![1]);
    i++;
  }
  while (i < hi) {
    const first = entries[i]![0];
    const c = first[depth];
    let j = i + 1;
    while (j < hi && entries[j]![0][depth] === c) j++;
    // Sorted: the range's common prefix is that of its first and last key.
    const last = entries[j - 1]![0];
    let end = depth + 1;
    while (end < first.length && end < last.length && first[end] === last[end]) end++;
    const child: RadixNode<V> = new Map();
    node.set(first.slice(depth, end), child);
    build(child, entries, i, j, end);
    i = j;
  }
}

/**
 * The value under `key`, found with hash lookups: at each node, the one edge that can lead on is
 * the one labelled with a prefix of what is left of the key (no two edges of a node share a first
 * character), so trying each prefix length costs a few Map lookups. MiniSearch's own lookup
 * compares the key with every edge of a node in turn: thousands at the root of a Chinese index,
 * whose terms start with thousands of different characters.
 */
export function radixGet<V>(root: RadixNode<V>, key: string): V | undefined {
  let node = root;
  let at = 0;
  while (at < key.length) {
    let next: RadixNode<V> | V | undefined;
    let end = at + 1;
    for (; end <= key.length; end++) {
      next = node.get(key.slice(at, end));
      if (next !== undefined) break;
    }
    if (next === undefined) return undefined;
    node = next as RadixNode<V>;
    at = end;
  }
  return node.get('') as V | undefined;
}
