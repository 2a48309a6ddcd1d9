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

/** Calls `each(docId, tf)` for every posting in an encoded list. */
function decodeEach(text: string, each: (doc: number, tf: number) => void): void {
  let value = 0;
  let scale = 1;
  let doc = 0;
  let expectDoc = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= TERM) {
      value += (c - TERM) * scale;
      if (expectDoc) doc += value;
      else each(doc, value);
      expectDoc = !expectDoc;
      value = 0;
      scale = 1;
    } else {
      value += (c - CONT) * scale;
      scale *= 32;
    }
  }
}

/** Decodes into the `Map<docId, tf>` that MiniSearch keeps per term and field. */
export function decodePostings(text: string): Map<number, number> {
  const map = new Map<number, number>();
  decodeEach(text, (doc, tf) => map.set(doc, tf));
  return map;
}

/**
 * A posting list that stays encoded until first used. Most terms of a large index are never
 * queried in a process's life, so a warm start need not build their Maps; the first access of
 * any kind decodes the list into the Map itself.
 */
export class LazyPostings extends Map<number, number> {
  private encoded: string | undefined;

  constructor(encoded: string) {
    super();
    this.encoded = encoded;
  }

  private load(): void {
    const text = this.encoded;
    if (text === undefined) return;
    this.encoded = undefined;
    decodeEach(text, (doc, tf) => super.set(doc, tf));
  }

  override get size(): number {
    this.load();
    return super.size;
  }
  override get(key: number): number | undefined {
    this.load();
    return super.get(key);
  }
  override has(key: number): boolean {
    this.load();
    return super.has(key);
  }
  override set(key: number, value: number): this {
    this.load();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.load();
    return super.delete(key);
  }
  override clear(): void {
    this.encoded = undefined;
    super.clear();
  }
  override keys(): MapIterator<number> {
    this.load();
    return super.keys();
  }
  override values(): MapIterator<number> {
    this.load();
    return super.values();
  }
  override entries(): MapIterator<[number, number]> {
    this.load();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, number]> {
    this.load();
    return super[Symbol.iterator]();
  }
  override forEach(fn: (value: number, key: number, map: Map<number, number>) => void, thisArg?: unknown): void {
    this.load();
    super.forEach(fn, thisArg);
  }
}
