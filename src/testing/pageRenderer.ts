/**
 * Renders articles and captions back into OCR-style page text: hard-wrapped at a column width,
 * headline after the body, captions with a `■通讯员 … 摄` credit, page furniture in between.
 * Used to test that the parser is not tuned to the seed pages, and to generate benchmark corpora.
 *
 * With `variants` above 0 it also draws the layouts real pages bring, each with that chance:
 * indented paragraph starts and hanging punctuation, full-width digits, credits in other forms
 * (`（通讯员 … 摄）`, `记者 … 摄`, `（… 供图）`) wrapped anywhere with the caption, a caption set
 * directly under a headline (at the measure of the headline's last line) or inside a body, a
 * headline directly under the body, bylines naming 记者 and 通讯员, and unseen furniture
 * (ornamented column heads, page headers, editor lines, doubled banners broken by the wrap).
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
  /** Chance of each real-page layout variant (0, the default, renders issue 2's plain layout). */
  variants?: number;
}

export const FURNITURE = ['●党员学习园地', '关注“济宁组工”', '乡村振兴先锋乡村振兴先锋'] as const;

/** Furniture of kinds the seed pages do not show, for the variant layouts. */
export const VARIANT_FURNITURE = [
  '★组工动态★',
  '◆党建之窗◆',
  '【基层党建】',
  '——————',
  '2024年3月18日  星期一',
  '第5版 · 党建周刊',
  '责任编辑：王海燕  校对：张强',
  '红色引擎红色引擎',
  '奋进新征程奋进新征程',
] as const;

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

/** Punctuation print never sets at the start of a line (it hangs at the end of the line before). */
const NO_LINE_START = '，。、；：！？）」”』》';
/** Punctuation print never leaves at the end of a line. */
const NO_LINE_END = '“（《「';

/**
 * Hard-wraps text at `width` Han characters. `first` narrows the first line (an indent, in
 * characters); with `hanging`, closing punctuation hangs at the end of a full line and opening
 * punctuation moves to the next, as print does.
 */
export function wrap(text: string, width: number, first = 0, hanging = false): string[] {
  const lines: string[] = [];
  let line = '';
  let w = 0;
  let limit = (width - first) * 2;
  for (const ch of text) {
    const cw = ch.charCodeAt(0) < 0x2000 ? 1 : 2;
    if (w + cw > limit && !(hanging && NO_LINE_START.includes(ch) && line)) {
      let carry = '';
      while (hanging && line && NO_LINE_END.includes(line[line.length - 1]!)) {
        carry = line[line.length - 1]! + carry;
        line = line.slice(0, -1);
      }
      if (line) lines.push(line);
      line = carry;
      w = carry.length * 2;
      limit = width * 2;
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

const toFullWidth = (text: string) =>
  text
    .replace(/[0-9%]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
    .replace(/(?<=[０-９])\.(?=[０-９])/g, '．');

/** Width in half-width units: Han characters and full-width punctuation count 2. */
const displayWidth = (line: string) => [...line].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? 1 : 2), 0);

/** The page-wide choices of a variant layout. */
interface PageStyle {
  /** Paragraph starts indented by two characters. */
  indent: number;
  hanging: boolean;
}

interface Rendering {
  o: Required<RenderOptions>;
  /** Variants are on for this page. */
  variantsOn: boolean;
  style: PageStyle;
  /** Draws a variant with the options' chance. */
  maybe: () => boolean;
  pick: <T>(items: readonly T[]) => T;
  /** Captions still to place inside a body. */
  inBody: PageCaption[];
}

function renderArticle(a: PageArticle, r: Rendering): string[] {
  const { o } = r;
  const out: string[] = [];
  const reporters = a.reporters.length
    ? a.reporters.length >= 2 && r.maybe()
      ? `（记者 ${a.reporters[0]} 通讯员 ${a.reporters.slice(1).join(' ')}）`
      : `（通讯员 ${a.reporters.join(' ')}）`
    : '';
  const byline = `本报${a.dateline}讯${reporters}`;
  const fullWidth = r.maybe();
  a.paragraphs.forEach((p, i) => {
    let text = ocrSpaced(i === 0 ? byline + p : p, o.ocrSpacing, o.random);
    if (fullWidth) text = toFullWidth(text);
    const lines = wrap(text, o.width, i === 0 ? 0 : r.style.indent, r.style.hanging);
    lines.forEach((line, j) => {
      out.push(line);
      const inByline = i === 0 && j === 0;
      if (j < lines.length - 1 && !inByline && o.random() < o.columnBreaks) {
        if (o.furniture.length && o.random() < 0.3) out.push(o.furniture[Math.floor(o.random() * o.furniture.length)]!);
        out.push('');
        // A photo set into the column: its caption between two blank lines.
        const caption = r.inBody.length && r.maybe() ? r.inBody.shift() : undefined;
        if (caption) out.push(...renderCaption(caption, r));
      }
    });
    // Paragraphs are mostly separated by a blank line; sometimes only by the short last line.
    if (o.random() < 0.8) out.push('');
  });
  if (out[out.length - 1] !== '' || r.maybe()) {
    // The headline follows the body directly, or after a blank line.
    if (out[out.length - 1] === '') out.pop();
    else out.push('');
  }
  // Headline: a kicker block, then the title lines (each part of the headline on its own line).
  const parts = a.headline.split(' ');
  parts.forEach((part, i) => {
    out.push(fullWidth ? toFullWidth(part) : part);
    if (i === 0 && parts.length > 1 && o.random() < 0.5) out.push('');
  });
  out.push('');
  return out;
}

/** The credit line(s) of a caption, in the classic form or (variants) another. */
function credit(c: PageCaption, r: Rendering): { text: string; inline: boolean } {
  const names = c.photographers.join(' ');
  if (!r.variantsOn || !r.maybe()) return { text: `■通讯员 ${names} 摄`, inline: false };
  return r.pick([
    { text: `（通讯员 ${names} 摄）`, inline: true },
    { text: `记者 ${names} 摄`, inline: false },
    { text: `（${names} 供图）`, inline: true },
    { text: `■本报记者 ${names} 摄`, inline: true },
  ]);
}

function renderCaption(c: PageCaption, r: Rendering, measure?: number): string[] {
  const { o } = r;
  // Captions are set in their own measure, narrower or wider than the body's.
  const width =
    measure ?? Math.max(6, Math.round(o.width * (o.random() < 0.5 ? 0.5 + o.random() * 0.25 : 1.3 + o.random() * 0.7)));
  const cr = credit(c, r);
  if (!r.variantsOn) {
    const lines = [...wrap(c.text, width), ...(o.random() < 0.5 ? [''] : []), ...wrap(cr.text, width)];
    return [...lines, ''];
  }
  const indent = r.maybe() ? 2 : 0;
  // An inline credit runs on after the text and wraps with it, anywhere.
  const lines = cr.inline
    ? wrap(`${c.text}${cr.text}`, width, indent, r.style.hanging)
    : [...wrap(c.text, width, indent, r.style.hanging), ...(r.maybe() ? [''] : []), ...wrap(cr.text, width)];
  return [...lines, ''];
}

/** A furniture line, or (variants) a doubled banner broken by the wrap. */
function furnitureLines(f: string, r: Rendering): string[] {
  if (r.variantsOn && /^(.{2,})\1$/u.test(f) && r.maybe()) {
    const cut = 1 + Math.floor(r.o.random() * (f.length - 1));
    return [f.slice(0, cut), f.slice(cut)];
  }
  return [f];
}

/**
 * A page: the articles in the order given, with the captions placed between articles (or at the
 * start or end of the page) and furniture lines scattered. With variants, a caption may also sit
 * directly under a headline or inside a body.
 */
export function renderPage(
  articles: readonly PageArticle[],
  captions: readonly PageCaption[],
  options: RenderOptions,
): string {
  const o: Required<RenderOptions> = {
    columnBreaks: 0.15,
    ocrSpacing: 0.2,
    furniture: FURNITURE,
    variants: 0,
    ...options,
  };
  const variantsOn = o.variants > 0;
  const r: Rendering = {
    o,
    variantsOn,
    style: { indent: 0, hanging: false },
    maybe: () => variantsOn && o.random() < o.variants,
    pick: <T>(items: readonly T[]) => items[Math.floor(o.random() * items.length)]!,
    inBody: [],
  };
  if (variantsOn) {
    r.style = { indent: r.maybe() ? 2 : 0, hanging: r.maybe() };
    if (r.maybe()) o.furniture = [...o.furniture, r.pick(VARIANT_FURNITURE), r.pick(VARIANT_FURNITURE)];
  }
  // Captions placed under a headline or in a body are drawn first; the rest go between blocks.
  const loose: PageCaption[] = [];
  const underHeadline = new Map<number, PageCaption>();
  for (const c of captions) {
    const inBody = r.maybe();
    const under = !inBody && articles.length > 0 && r.maybe();
    const at = under ? Math.floor(o.random() * articles.length) : -1;
    if (inBody) r.inBody.push(c);
    else if (at >= 0 && !underHeadline.has(at)) underHeadline.set(at, c);
    else loose.push(c);
  }
  const blocks: string[][] = articles.map((a, i) => {
    const lines = renderArticle(a, r);
    const c = underHeadline.get(i);
    if (!c) return lines;
    // Directly under the headline, no blank line between, in the measure of its last line.
    lines.pop();
    const last = lines[lines.length - 1]!;
    const measure = r.maybe() ? Math.max(4, Math.round(displayWidth(last) / 2)) : undefined;
    return [...lines, ...renderCaption(c, r, measure)];
  });
  // Captions that found no column break go between blocks like the others.
  loose.push(...r.inBody);
  for (const c of loose) {
    const at = Math.floor(o.random() * (blocks.length + 1));
    blocks.splice(at, 0, renderCaption(c, r));
  }
  for (const f of o.furniture) {
    const at = Math.floor(o.random() * (blocks.length + 1));
    blocks.splice(at, 0, furnitureLines(f, r));
  }
  return blocks.flat().join('\n') + '\n';
}
