/** Low-level text helpers for OCR'd Chinese newspaper text. */

const HAN = '\\p{Script=Han}';
const han = new RegExp(`^${HAN}$`, 'u');

export function isHan(ch: string): boolean {
  return han.test(ch);
}

/** Characters that close a sentence, and closers that may follow them. */
const TERMINAL = /[。！？!?][”’」』）)]*$/u;

/** True when the text ends a sentence (`。`, `！`, `？`, possibly before a closing quote). */
export function endsSentence(text: string): boolean {
  return TERMINAL.test(text.trimEnd());
}

/**
 * Display width in half-width units: Han characters and full-width punctuation count 2,
 * ASCII counts 1. Used to tell a short (paragraph-final) line from a full column line.
 */
export function visualWidth(line: string): number {
  let w = 0;
  for (const ch of line) w += ch.charCodeAt(0) < 0x2000 ? 1 : 2;
  return w;
}

/** CJK punctuation, which print sets at half an em when it is squeezed. */
const SQUEEZED = '，。、；：？！“”‘’（）《》〈〉【】「」『』—…·';
/** Per UTF-16 code unit: 0 half-width, 1 squeezable punctuation, 2 full width. */
const CELL = new Uint8Array(0x10000).fill(2);
CELL.fill(0, 0, 0x2000);
for (const ch of SQUEEZED) CELL[ch.charCodeAt(0)] = 1;

/**
 * A line's printed length in ems, for comparing line lengths within one article. Han characters
 * count 1; ASCII counts ½; CJK punctuation counts `punctuation` (½ where print squeezes it, as on
 * the real pages, 1 where every character takes a full cell).
 */
export function emWidth(line: string, punctuation: number): number {
  const [half, squeezed, full] = cellCounts(line);
  return half * 0.5 + squeezed * punctuation + full;
}

/** How many of a line's characters take half a cell, a squeezable punctuation cell, a full cell. */
function cellCounts(line: string): [half: number, squeezed: number, full: number] {
  let half = 0;
  let squeezed = 0;
  let full = 0;
  for (let i = 0; i < line.length; i++) {
    const cell = CELL[line.charCodeAt(i)]!;
    if (cell === 0) half++;
    else if (cell === 1) squeezed++;
    else full++;
  }
  return [half, squeezed, full];
}

/** A line's width in ems both ways at once: `[plain, squeezed]` (punctuation at 1 and at ½). */
export function emWidths(line: string): [number, number] {
  const [half, squeezed, full] = cellCounts(line);
  return [half * 0.5 + squeezed + full, half * 0.5 + squeezed * 0.5 + full];
}

const FULL_WIDTH = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a＋％]/u;
/** Spaces of any kind, or a full-width character `toHalfWidth` changes. */
const NEEDS_NORMALIZING = /[ \t\u3000\u00a0\uff10-\uff19\uff21-\uff3a\uff41-\uff5a＋％]/u;

/**
 * Full-width digits, Latin letters, plus and percent signs become half-width (`５８６０` → `5860`,
 * `ＰＡＤ` → `PAD`, `９８．６％` → `98.6%`, `党支部＋合作社` → `党支部+合作社`), and so does a full-width
 * point between digits. Full-width punctuation in running text stays.
 */
export function toHalfWidth(text: string): string {
  if (!FULL_WIDTH.test(text)) return text;
  const half = (ch: string) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a＋％]/gu, half).replace(/(?<=\d)．(?=\d)/gu, '.');
}

/**
 * Remove OCR spacing while keeping real spaces:
 * - letter-spaced runs (`神 湖 区 宣 讲 的`) are closed up;
 * - spaces between a digit and a Han character or unit (`3.4 万`, `上一轮 19个`) go;
 * - spaces between two multi-character Han words (`学习党的二十大 聚力攻坚当先锋`) stay.
 */
export function normalizeSpacing(text: string): string {
  // Most joined paragraphs have no spaces and no full-width digits at all.
  if (!NEEDS_NORMALIZING.test(text)) return text.trim();
  text = toHalfWidth(text);
  if (!/[ \t\u3000\u00a0]/.test(text)) return text.trim();
  let s = text.replace(/[\t\u3000\u00a0]/g, ' ').replace(/ {2,}/g, ' ');
  // Digit next to Han, percent sign or another digit group's unit.
  s = s.replace(/(\d) +(?=[\p{Script=Han}%％])/gu, '$1');
  s = s.replace(/(\p{Script=Han}) +(?=\d)/gu, '$1');
  // Spaces next to full-width punctuation carry no meaning.
  s = s.replace(/ *([，。、；：！？“”‘’（）《》【】—…·]) */gu, '$1');
  // Letter-spaced Han runs: a space with a single Han character on at least one side
  // that itself belongs to a run of single characters.
  const tokens = s.split(' ');
  if (tokens.length > 1) {
    let out = tokens[0]!;
    for (let i = 1; i < tokens.length; i++) {
      const prev = tokens[i - 1]!;
      const cur = tokens[i]!;
      const lastPrev = [...prev].pop() ?? '';
      const firstCur = [...cur][0] ?? '';
      const single = (t: string) => [...t].length === 1 && isHan(t);
      const spaced = isHan(lastPrev) && isHan(firstCur) && (single(cur) || single(prev));
      out += spaced ? cur : ' ' + cur;
    }
    s = out;
  }
  return s.trim();
}

const FIRST_SENTENCE = /^\s*([^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$))/u;

/** The first sentence of a text, with its terminal punctuation and closing quotes ('' for none). */
export function firstSentence(text: string): string {
  return FIRST_SENTENCE.exec(text)![1]!.trim();
}

/**
 * Split text into sentences, each keeping its terminal punctuation and closing quotes.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$)/gu;
  for (const m of text.matchAll(re)) {
    const s = m[0].trim();
    if (s) out.push(s);
  }
  return out;
}

/** Split a sentence into clauses at commas, semicolons and colons, punctuation dropped. */
export function splitClauses(text: string): string[] {
  return text
    .split(/[，,；;：:。！？!?]/u)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}
