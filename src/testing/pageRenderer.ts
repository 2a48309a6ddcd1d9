/**
 * Renders articles and captions back into OCR-style page text: hard-wrapped at a column width,
 * headline after the body, captions with a `■通讯员 … 摄` credit, page furniture in between.
 * Used to test that the parser is not tuned to the seed pages, and to generate benchmark corpora.
 */

export interface PageArticle {
  dateline: string;
  reporters: readonly string[];
  paragraphs: readonly string[];
  headline: string;
}

export interface PageCaption {
  text: string;
  photographers: readonly string[];
}

export interface RenderOptions {
  /** Column width in Han characters (an ASCII character counts half). */
  width: number;
  /** Random source in [0, 1); pass a seeded one for reproducible pages. */
  random: () => number;
  /** Chance that a line break inside a paragraph becomes a column break (a blank line). */
  columnBreaks?: number;
  /** Chance of OCR spacing between a number and its unit. */
  ocrSpacing?: number;
  /** Furniture lines to scatter between and inside articles. */
  furniture?: readonly string[];
}

export const FURNITURE = ['●党员学习园地', '关注“济宁组工”', '乡村振兴先锋乡村振兴先锋'] as const;

/** A small seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hard-wraps text at `width` Han characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let w = 0;
  for (const ch of text) {
    const cw = ch.charCodeAt(0) < 0x2000 ? 1 : 2;
    if (w + cw > width * 2) {
      lines.push(line);
      line = '';
      w = 0;
    }
    line += ch;
    w += cw;
  }
  if (line) lines.push(line);
  return lines;
}

function ocrSpaced(text: string, chance: number, random: () => number): string {
  if (chance <= 0) return text;
  return text.replace(/(\d)(?=[\p{Script=Han}])/gu, (d: string) => (random() < chance ? d + ' ' : d));
}

function renderArticle(a: PageArticle, o: Required<RenderOptions>): string[] {
  const out: string[] = [];
  const byline = `本报${a.dateline}讯${a.reporters.length ? `（通讯员 ${a.reporters.join(' ')}）` : ''}`;
  a.paragraphs.forEach((p, i) => {
    const text = ocrSpaced(i === 0 ? byline + p : p, o.ocrSpacing, o.random);
    const lines = wrap(text, o.width);
    lines.forEach((line, j) => {
      out.push(line);
      const inByline = i === 0 && j === 0;
      if (j < lines.length - 1 && !inByline && o.random() < o.columnBreaks) {
        if (o.furniture.length && o.random() < 0.3) out.push(o.furniture[Math.floor(o.random() * o.furniture.length)]!);
        out.push('');
      }
    });
    // Paragraphs are mostly separated by a blank line; sometimes only by the short last line.
    if (o.random() < 0.8) out.push('');
  });
  if (out[out.length - 1] !== '') out.push('');
  // Headline: a kicker block, then the title lines (each part of the headline on its own line).
  const parts = a.headline.split(' ');
  parts.forEach((part, i) => {
    out.push(part);
    if (i === 0 && parts.length > 1 && o.random() < 0.5) out.push('');
  });
  out.push('');
  return out;
}

function renderCaption(c: PageCaption, o: Required<RenderOptions>): string[] {
  // Captions are set in their own measure, narrower or wider than the body's.
  const width = Math.max(
    6,
    Math.round(o.width * (o.random() < 0.5 ? 0.5 + o.random() * 0.25 : 1.3 + o.random() * 0.7)),
  );
  const credit = `■通讯员 ${c.photographers.join(' ')} 摄`;
  const lines = [...wrap(c.text, width), ...(o.random() < 0.5 ? [''] : []), ...wrap(credit, width)];
  return [...lines, ''];
}

/**
 * A page: the articles in the order given, with the captions placed between articles (or at the
 * start or end of the page) and furniture lines scattered.
 */
export function renderPage(
  articles: readonly PageArticle[],
  captions: readonly PageCaption[],
  options: RenderOptions,
): string {
  const o: Required<RenderOptions> = { columnBreaks: 0.15, ocrSpacing: 0.2, furniture: FURNITURE, ...options };
  const slots: string[][] = articles.map((a) => renderArticle(a, o));
  const blocks: string[][] = [...slots];
  for (const c of captions) {
    const at = Math.floor(o.random() * (blocks.length + 1));
    blocks.splice(at, 0, renderCaption(c, o));
  }
  for (const f of o.furniture) {
    const at = Math.floor(o.random() * (blocks.length + 1));
    blocks.splice(at, 0, [f]);
  }
  return blocks.flat().join('\n') + '\n';
}
