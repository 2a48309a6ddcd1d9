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

/** Encodes a `{docId: tf}` map (as MiniSearch serialises it) or a `Map<docId, tf>`. */
export function encodePostings(postings: Record<string, number> | Map<number, number>): string {
  const entries = postings instanceof Map ? [...postings] : Object.entries(postings).map(([d, tf]) => [Number(d), tf] as const);
  entries.sort((a, b) => a[0] - b[0]);
  const codes: number[] = [];
  let previous = 0;
  for (const [doc, tf] of entries) {
    push(codes, doc - previous);
    push(codes, tf);
    previous = doc;
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
