/**
 * A compact text encoding for posting lists: document ids ascending, each as the gap from the
 * previous one, followed by its term frequency, every number as a little-endian base-32 varint.
 * Continuation digits are `0`…`O`, final digits `_`…`~`: no quote or backslash, so JSON keeps the
 * string as it is, and decoding is one pass over char codes with no intermediate objects.
 */
const CONT = 48; // '0'
const TERM = 95; // '_'

function push(out: number[], n: number): void {
  while (n >= 32) {
    out.push(CONT + (n & 31));
    n = Math.floor(n / 32);
  }
  out.push(TERM + n);
}

/** Encodes a flat `[docId, tf, docId, tf, …]` list whose ids ascend (as a build produces them). */
export function encodeFlat(flat: readonly number[]): string {
  const codes: number[] = [];
  let previous = 0;
  for (let i = 0; i < flat.length; i += 2) {
    push(codes, flat[i]! - previous);
    push(codes, flat[i + 1]!);
    previous = flat[i]!;
  }
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}

/** Decodes into the `Map<docId, tf>` that MiniSearch keeps per term and field. */
export function decodePostings(text: string): Map<number, number> {
  const map = new Map<number, number>();
  let value = 0;
  let scale = 1;
  let doc = 0;
  let expectDoc = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= TERM) {
      value += (c - TERM) * scale;
      if (expectDoc) doc += value;
      else map.set(doc, value);
      expectDoc = !expectDoc;
      value = 0;
      scale = 1;
    } else {
      value += (c - CONT) * scale;
      scale *= 32;
    }
  }
  return map;
}

/**
 * A term's posting lists, field by field, decoded together when a query first reaches the term:
 * one object per term at load instead of a Map per term and a list per field. `data` holds
 * (field id, encoded list) pairs for this term from `from` to `to`, three entries apart.
 */
export class LazyTermPostings extends Map<number, Map<number, number>> {
  private data: readonly (number | string)[] | undefined;

  constructor(
    data: readonly (number | string)[],
    private readonly from: number,
    private readonly to: number,
  ) {
    super();
    this.data = data;
  }

  private load(): void {
    const data = this.data;
    if (!data) return;
    this.data = undefined;
    for (let i = this.from; i < this.to; i += 3)
      super.set(data[i + 1] as number, decodePostings(data[i + 2] as string));
  }

  override get size(): number {
    this.load();
    return super.size;
  }
  override get(key: number): Map<number, number> | undefined {
    this.load();
    return super.get(key);
  }
  override has(key: number): boolean {
    this.load();
    return super.has(key);
  }
  override set(key: number, value: Map<number, number>): this {
    this.load();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.load();
    return super.delete(key);
  }
  override clear(): void {
    this.data = undefined;
    super.clear();
  }
  override keys(): MapIterator<number> {
    this.load();
    return super.keys();
  }
  override values(): MapIterator<Map<number, number>> {
    this.load();
    return super.values();
  }
  override entries(): MapIterator<[number, Map<number, number>]> {
    this.load();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    this.load();
    return super[Symbol.iterator]();
  }
  override forEach(
    fn: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void,
    thisArg?: unknown,
  ): void {
    this.load();
    super.forEach(fn, thisArg);
  }
}
