import { createHash } from 'node:crypto';
import type { Article, Caption, ParsedPage, Warning } from './types.js';
import { emWidths, normalizeSpacing, toHalfWidth } from './text.js';
import { countyOfDateline, findCounties, firstCounty } from './registry.js';
import { lazyFigures } from './figures.js';
import { markFurniture } from './furniture.js';
import { findCredits, splitNames, type Credit } from './credits.js';
import { judgeLayout, type ArticleLayout, type CaptionLayout } from './layout.js';
import { findSections, joinParagraphs, measureLines, splitParagraphs, type BodyLine } from './paragraphs.js';

/**
 * Splits one OCR'd newspaper page into articles and photo captions.
 *
 * Each article opens with a dateline `本报XX讯（通讯员 …）`; its body is hard-wrapped at the
 * column, and its headline is printed after the body. Photo captions end in a credit
 * (`■通讯员 … 摄`, `（通讯员 … 摄）`, `记者 … 摄`, `（… 供图）`) and stand anywhere; page furniture
 * is dropped wherever it stands. Where the body ends and which lines are headline or caption is
 * judged on several signals (see `layout.ts`); a close call is reported as a warning that names
 * the article.
 */
export function parsePage(text: string, source: string): ParsedPage {
  const warnings: Warning[] = [];
  const warn = (message: string) => warnings.push({ source, message });

  if (looksBinary(text)) {
    warn('不是文本文件（含二进制内容），已跳过');
    return { articles: [], captions: [], warnings };
  }
  if (!text.trim()) {
    warn('空白页面，已跳过');
    return { articles: [], captions: [], warnings };
  }

  const lines = splitLines(text);
  const starts = findDatelines(lines);
  const credits = findCredits(lines);
  // Every line's printed width, with punctuation at 1 em and at ½ em, measured once.
  const widths: PageWidths = { plain: new Float64Array(lines.length), squeezed: new Float64Array(lines.length) };
  lines.forEach((l, i) => {
    if (!l) return;
    const [plain, squeezed] = emWidths(l);
    widths.plain[i] = plain;
    widths.squeezed[i] = squeezed;
  });
  const captions: Caption[] = [];
  const addCaption = (textLines: readonly string[], credit: Credit) => {
    const captionText = normalizeSpacing(textLines.join(''));
    captions.push({
      id: shortHash(`${source}|caption|${captionText}`),
      source,
      text: captionText,
      county: firstCounty(captionText) ?? null,
      photographers: credit.photographers.map(toHalfWidth),
    });
  };

  // Before the first dateline there can only be furniture and captions.
  const firstStart = starts[0] ?? lines.length;
  const leftover = leadingCaptions(lines, firstStart, credits, addCaption);
  if (leftover) warn(`第一篇文章之前有无法归属的文字：${leftover.slice(0, 40)}`);
  if (starts.length === 0) {
    warn('页面中没有找到电头（本报XX讯），无法切分文章');
    return { articles: [], captions, warnings };
  }

  const articles: Article[] = [];
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? lines.length;
    const article = parseArticle(lines, widths, start, end, credits, source, articles.length, warn, addCaption);
    if (article) articles.push(article);
  });
  return { articles, captions, warnings };
}

/** NUL bytes or many control/replacement characters mean the file is not page text. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 4096);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return sample.length > 0 && bad / sample.length > 0.05;
}

/** Lines with surrounding space trimmed; furniture lines become blank. */
function splitLines(text: string): string[] {
  const lines = text
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim());
  const furniture = markFurniture(lines);
  return lines.map((l, i) => (furniture[i] && !DATELINE.test(l) ? '' : l));
}

/**
 * Captions before the first dateline: each credit's caption is the text since the previous one.
 * Returns the text after the last credit, which belongs to no caption.
 */
function leadingCaptions(
  lines: readonly string[],
  to: number,
  credits: readonly Credit[],
  addCaption: (textLines: readonly string[], credit: Credit) => void,
): string {
  let at = 0;
  for (const credit of credits) {
    if (credit.start >= to) break;
    const textLines = lines.slice(at, credit.start).filter(Boolean);
    if (credit.head) textLines.push(credit.head);
    addCaption(textLines, credit);
    at = credit.end + 1;
  }
  return lines.slice(at, to).filter(Boolean).join('');
}

const DATELINE = /本报(\p{Script=Han}{0,6}?)讯/u;

/** Line indexes where an article's dateline starts; a dateline inside a line is split off. */
function findDatelines(lines: string[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = DATELINE.exec(lines[i]!);
    if (!m) continue;
    // Mid-line, only a dateline with its byline counts (a headline glued to the next article);
    // a mere mention of `本报` in running text does not.
    if (m.index > 0 && !/^\s*[（(]\s*(?:本报)?(?:特约)?(?:通讯员|记者)/u.test(lines[i]!.slice(m.index + m[0].length)))
      continue;
    if (m.index > 0) {
      lines.splice(i + 1, 0, lines[i]!.slice(m.index));
      lines[i] = lines[i]!.slice(0, m.index).trimEnd();
      continue; // the split-off part is examined next round
    }
    starts.push(i);
  }
  return starts;
}

/** The printed width of every page line, with punctuation at 1 em and at ½ em. */
interface PageWidths {
  plain: Float64Array;
  squeezed: Float64Array;
}

interface Byline {
  dateline: string;
  reporters: string[];
  /** Line index and column where the body starts. */
  bodyLine: number;
  bodyColumn: number;
}

/** Reads `本报XX讯（通讯员 A B）` at the start of the segment, across line wraps. */
function readByline(lines: readonly string[]): Byline {
  const m = DATELINE.exec(lines[0]!)!;
  const dateline = m[1] ?? '';
  let col = m.index + m[0].length;
  const after = lines[0]!.slice(col);
  if (!/^\s*[（(]/u.test(after)) return { dateline, reporters: [], bodyLine: 0, bodyColumn: col };

  // Collect the parenthesis, which may close on a later line.
  const parts: string[] = [];
  for (let i = 0; i < Math.min(lines.length, 4); i++) {
    const from = i === 0 ? col : 0;
    const close = lines[i]!.slice(from).search(/[）)]/u);
    if (close >= 0) {
      parts.push(lines[i]!.slice(from, from + close));
      col = from + close + 1;
      const list = parts.join('\n').replace(/^\s*[（(]/u, '');
      return { dateline, reporters: splitNames(list).map(toHalfWidth), bodyLine: i, bodyColumn: col };
    }
    parts.push(lines[i]!.slice(from));
  }
  return { dateline, reporters: [], bodyLine: 0, bodyColumn: m.index + m[0].length };
}

/**
 * One article from its segment of the page (`start`..`end`): the byline, then the layout
 * judgement over the lines after it (body, headline, captions).
 */
function parseArticle(
  pageLines: string[],
  pageWidths: PageWidths,
  start: number,
  end: number,
  credits: readonly Credit[],
  source: string,
  position: number,
  warn: (message: string) => void,
  addCaption: (textLines: readonly string[], credit: Credit) => void,
): Article | undefined {
  const byline = readByline(pageLines.slice(start, Math.min(end, start + 4)));
  const offset = start + byline.bodyLine;
  const lines = pageLines.slice(offset, end);
  lines[0] = lines[0]!.slice(byline.bodyColumn).trim();

  const local = credits
    .filter((c) => c.start >= offset && c.end < end)
    .map((c) => ({ ...c, start: c.start - offset, end: c.end - offset }));
  // The column is measured on the text lines (credits aside); the first line is measured whole,
  // dateline included, as printed.
  const inCredit = new Uint8Array(lines.length);
  for (const c of local) inCredit.fill(1, c.start, c.end + 1);
  const plain: number[] = [];
  const squeezed: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i] || inCredit[i]) continue;
    plain.push(pageWidths.plain[offset + i]!);
    squeezed.push(pageWidths.squeezed[offset + i]!);
  }
  const measure = measureLines(plain, squeezed);
  const widths = (measure.punctuation === 1 ? pageWidths.plain : pageWidths.squeezed).subarray(offset, end);
  const { best, doubt } = judgeLayout(lines, local, measure.column, widths);

  for (const c of [...best.bodyCaptions, ...best.captions]) addCaption(captionText(lines, c), c.credit);
  const headline = best.headline
    .map((i) => normalizeHeadline(lines[i]!))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();

  const bodyLines = toBodyLines(lines, best, widths);
  const paragraphs = joinParagraphs(splitParagraphs(bodyLines, measure));
  const where = `第${position + 1}篇（本报${byline.dateline}讯${headline ? `，《${headline}》` : ''}）`;
  if (!headline) warn(`${where}：没有找到标题`);
  else if ([...headline].length > 80) warn(`${where}：标题过长，可能混入了正文`);
  if (doubt) warn(`${where}：${describeDoubt(lines, best, doubt)}`);
  if (paragraphs.length === 0) {
    warn(`${where}：正文为空，已跳过`);
    return undefined;
  }
  const lead = paragraphs[0]!;
  const county = pickCounty(headline, lead, byline.dateline, paragraphs);
  if (!county) warn(`${where}：无法确定所属县区`);

  return lazyFigures({
    id: shortHash(articleKey(source, headline, lead)),
    source,
    // The page's date is not in its text: the loader or the upload sets it (dates.ts).
    date: null,
    edition: null,
    position,
    headline,
    dateline: byline.dateline,
    reporters: byline.reporters,
    county: county ?? null,
    paragraphs,
    lead,
    sections: findSections(paragraphs),
  });
}

/** A caption's text lines, the text before its credit on the credit's line included. */
function captionText(lines: readonly string[], c: CaptionLayout): string[] {
  return c.lines.map((i) => (i === c.credit.start && c.credit.head ? c.credit.head : lines[i]!));
}

/** The body's lines, captions set inside it left out, with the blank lines before them noted. */
function toBodyLines(lines: readonly string[], layout: ArticleLayout, widths: ArrayLike<number>): BodyLine[] {
  const skip = new Set<number>();
  for (const c of layout.bodyCaptions) {
    for (const i of c.lines) skip.add(i);
    for (let i = c.credit.start; i <= c.credit.end; i++) skip.add(i);
  }
  const out: BodyLine[] = [];
  let blank = false;
  for (let i = 0; i <= layout.bodyEnd; i++) {
    const line = lines[i]!;
    if (skip.has(i)) {
      blank = true;
      continue;
    }
    if (!line) {
      blank = true;
      continue;
    }
    out.push({ text: line, blankBefore: blank, width: widths[i]! });
    blank = false;
  }
  return out;
}

/** What the runner-up reading does differently, in plain Chinese. */
function describeDoubt(lines: readonly string[], best: ArticleLayout, alt: ArticleLayout): string {
  const role = (r: ArticleLayout, i: number) =>
    r.headline.includes(i)
      ? '标题'
      : r.captions.some((c) => c.lines.includes(i)) || r.bodyCaptions.some((c) => c.lines.includes(i))
        ? '图片说明'
        : i <= r.bodyEnd
          ? '正文'
          : '无';
  const lineSet = new Set([...best.headline, ...alt.headline]);
  const parts: string[] = [];
  for (const i of [...lineSet].sort((a, b) => a - b)) {
    const now = role(best, i);
    const other = role(alt, i);
    if (now !== other) parts.push(`“${lines[i]}”按${now}处理，也可能是${other}`);
  }
  return `标题判断把握不大：${parts.join('；') || '另有一种读法'}，请核对`;
}

/** Headline lines keep their real spaces; OCR spacing around digits goes; full-width digits become half-width. */
function normalizeHeadline(line: string): string {
  return toHalfWidth(line)
    .replace(/[\t\u3000]/g, ' ')
    .replace(/(\d) +(?=[\p{Script=Han}%])/gu, '$1')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * The county an article is about: the first named in the headline, else in the lead, else the
 * dateline city, else the one named most often in the body. `本报济宁讯` names no county.
 */
function pickCounty(
  headline: string,
  lead: string,
  dateline: string,
  paragraphs: readonly string[],
): string | undefined {
  const fromText = firstCounty(headline) ?? firstCounty(lead) ?? countyOfDateline(dateline);
  if (fromText) return fromText;
  const counts = new Map<string, number>();
  for (const m of findCounties(paragraphs.join(''))) counts.set(m.county, (counts.get(m.county) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * An article id as a pattern (no anchors): 8 hex digits of a hash, or 12 for the articles that
 * would otherwise share one (load.ts).
 */
export const ARTICLE_ID = String.raw`[0-9a-f]{8}(?:[0-9a-f]{4})?`;

export function shortHash(text: string, digits = 8): string {
  return createHash('sha1').update(text).digest('hex').slice(0, digits);
}

/** What an article's id hashes: its page, headline and the start of its lead. */
export function articleKey(source: string, headline: string, lead: string): string {
  return `${source}|${headline}|${lead.slice(0, 60)}`;
}
