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

/**
 * Remove OCR spacing while keeping real spaces:
 * - letter-spaced runs (`神 湖 区 宣 讲 的`) are closed up;
 * - spaces between a digit and a Han character or unit (`3.4 万`, `上一轮 19个`) go;
 * - spaces between two multi-character Han words (`学习党的二十大 聚力攻坚当先锋`) stay.
 */
export function normalizeSpacing(text: string): string {
  // Most joined paragraphs have no spaces at all.
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
