import { createHash } from 'node:crypto';
import type { Article, Caption, ParsedPage, Warning } from './types.js';
import { endsSentence, normalizeSpacing, splitSentences, visualWidth } from './text.js';
import { countyOfDateline, findCounties, firstCounty } from './registry.js';
import { lazyFigures } from './figures.js';

/**
 * Splits one OCR'd newspaper page into articles and photo captions.
 *
 * The layout it expects: each article opens with a dateline `本报XX讯（通讯员 …）`, its body
 * is hard-wrapped at the column width, and its headline is printed after the body (often a
 * kicker line and a one- or two-line title). Captions end in `■通讯员 姓名 摄`; page furniture
 * (`●党员学习园地`, `关注“济宁组工”`, doubled banners) is dropped wherever it stands.
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
  const captions: Caption[] = [];
  const addCaption = (textLines: string[], credit: Credit) => {
    const captionText = normalizeSpacing(textLines.join(''));
    captions.push({
      id: shortHash(`${source}|caption|${captionText}`),
      source,
      text: captionText,
      county: firstCounty(captionText) ?? null,
      photographers: credit.photographers,
    });
  };

  // Before the first dateline there can only be furniture and captions.
  const firstStart = starts[0] ?? lines.length;
  const leftover = splitCaptions(lines, 0, firstStart, credits, addCaption);
  if (leftover.length > 0) warn(`第一篇文章之前有无法归属的文字：${leftover.join('').slice(0, 40)}`);
  if (starts.length === 0) {
    warn('页面中没有找到电头（本报XX讯），无法切分文章');
    return { articles: [], captions, warnings };
  }

  const articles: Article[] = [];
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? lines.length;
    const article = parseArticle(lines, start, end, credits, source, articles.length, warn, addCaption);
    if (article) articles.push(article);
  });
  return { articles, captions, warnings };
}

/** NUL bytes or many control/replacement characters mean the file is not page text. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 4096);
  let bad = 0;
  for (const ch of sample) {
    const c = ch.charCodeAt(0);
    if (ch === '\ufffd' || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return sample.length > 0 && bad / sample.length > 0.05;
}

/** Lines with surrounding space trimmed; furniture lines become blank. */
function splitLines(text: string): string[] {
  return text
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => {
      const line = l.trim();
      return isFurniture(line) ? '' : line;
    });
}

/** Page furniture: column banners, follow-us lines, doubled section titles. */
export function isFurniture(line: string): boolean {
  // Banners and follow-us lines are short; body lines are not worth the regexes.
  if (line.length > 30) return false;
  const l = line.replace(/\s+/g, '');
  if (!l) return false;
  if (/^[●◆▲★☆◇□]/u.test(l)) return true;
  if (/^关注[“"].{1,12}[”"]$/u.test(l)) return true;
  return isRepeated(l);
}

/** A string that is one part of 2–12 characters said two or more times (`乡村振兴先锋乡村振兴先锋`). */
function isRepeated(l: string): boolean {
  for (let size = 2; size <= 12 && size * 2 <= l.length; size++) {
    if (l.length % size !== 0) continue;
    const part = l.slice(0, size);
    let at = size;
    while (at < l.length && l.startsWith(part, at)) at += size;
    if (at === l.length) return true;
  }
  return false;
}

const CAPTION_MARK = /■/u;
const CAPTION_END = /摄(?:影)?$/u;

/** A photo credit `■通讯员 姓名 摄`, which may wrap over up to three lines. */
interface Credit {
  /** First and last line of the credit. */
  start: number;
  end: number;
  /** Caption text standing on the credit's first line before the `■`. */
  head: string;
  photographers: string[];
}

function findCredits(lines: readonly string[]): Credit[] {
  const credits: Credit[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!CAPTION_MARK.test(lines[i]!)) continue;
    let end = i;
    while (end < lines.length - 1 && end - i < 3 && !CAPTION_END.test(lines[end]!)) end++;
    if (!CAPTION_END.test(lines[end]!)) continue;
    const markAt = lines[i]!.search(CAPTION_MARK);
    const creditLines = [lines[i]!.slice(markAt), ...lines.slice(i + 1, end + 1)];
    credits.push({
      start: i,
      end,
      head: lines[i]!.slice(0, markAt).trim(),
      photographers: parseNames(creditLines, /^■?\s*(?:本报)?(?:通讯员|记者|摄影)?/u, /\s*摄(?:影)?$/u),
    });
    i = end;
  }
  return credits;
}

/**
 * Lines `from`..`to` hold nothing but captions: each caption is the text up to its credit.
 * Returns the non-blank lines after the last credit, which belong to no caption.
 */
function splitCaptions(
  lines: readonly string[],
  from: number,
  to: number,
  credits: readonly Credit[],
  addCaption: (textLines: string[], credit: Credit) => void,
): string[] {
  let at = from;
  for (const credit of credits) {
    if (credit.start < from || credit.start >= to) continue;
    const textLines = lines.slice(at, credit.start).filter((l) => l.trim());
    if (credit.head) textLines.push(credit.head);
    addCaption(textLines, credit);
    at = credit.end + 1;
  }
  return lines.slice(at, to).filter((l) => l.trim());
}

/**
 * Splits the lines that follow an article's body into headline lines and captions.
 * The headline is printed first: at most two blocks (a kicker, then a one- or two-line title),
 * with no sentence punctuation. When text follows the last credit, that text is the headline
 * and everything before the credit is caption.
 */
function splitTail(
  lines: readonly string[],
  from: number,
  to: number,
  credits: readonly Credit[],
  addCaption: (textLines: string[], credit: Credit) => void,
): string[] {
  const inTail = credits.filter((c) => c.start >= from && c.start < to);
  if (inTail.length === 0) return lines.slice(from, to).filter((l) => l.trim());
  const last = inTail[inTail.length - 1]!;
  const after = lines.slice(last.end + 1, to).filter((l) => l.trim());
  if (after.length > 0) {
    splitCaptions(lines, from, last.end + 1, credits, addCaption);
    return after;
  }
  // The caption is wrapped at its own measure: the widest line of the block right before
  // its credit (the block's last line may be short).
  const firstCredit = inTail[0]!.start;
  const measure = captionMeasure(lines, from, firstCredit, inTail[0]!.head !== '');
  const headline: string[] = [];
  let blockLines = 0;
  let blocks = 0;
  let i = from;
  for (; i < firstCredit; i++) {
    const line = lines[i]!;
    if (!line.trim()) {
      if (blockLines > 0) {
        blocks++;
        // A second block only follows a one-line kicker.
        if (blocks >= 2 || blockLines > 1) break;
        blockLines = 0;
      }
      continue;
    }
    if (headline.length >= 4 || /[，。；！？,;]/u.test(line)) break;
    // A line set in the caption's measure, where a headline would start a new block or run
    // past two lines, is the caption's first line.
    const suspect = (blockLines === 0 && blocks > 0) || headline.length >= 2;
    if (suspect && measure !== undefined && Math.abs(visualWidth(line) - measure) <= 1) break;
    headline.push(line);
    blockLines++;
  }
  splitCaptions(lines, i, to, credits, addCaption);
  return headline;
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
    if (m.index > 0 && !/^\s*[（(]\s*(?:本报)?(?:通讯员|记者)/u.test(lines[i]!.slice(m.index + m[0].length))) continue;
    if (m.index > 0) {
      lines.splice(i + 1, 0, lines[i]!.slice(m.index));
      lines[i] = lines[i]!.slice(0, m.index).trimEnd();
      continue; // the split-off part is examined next round
    }
    starts.push(i);
  }
  return starts;
}

/**
 * Names from a byline or credit that may wrap over lines. A line break inside a name list is
 * a separator unless the fragments on both sides add up to three characters or fewer
 * (`宋玉` + `婷`), which is one name cut by the wrap.
 */
function parseNames(lines: readonly string[], prefix: RegExp, suffix: RegExp): string[] {
  const joined = lines.map((l) => l.trim()).filter(Boolean);
  let text = '';
  for (const line of joined) {
    if (!text) {
      text = line;
      continue;
    }
    const tail = text.split(/\s+/).pop() ?? '';
    const headWord = line.split(/\s+/)[0] ?? '';
    const tailName = tail.replace(prefix, '');
    text += tailName && [...tailName].length + [...headWord].length <= 3 ? line : ' ' + line;
  }
  text = text.replace(prefix, '').replace(suffix, '');
  const tokens = text
    .split(/[\s、，,]+/u)
    .map((t) => t.replace(/^(?:本报)?(?:通讯员|记者|实习生|摄影)/u, ''))
    .filter(Boolean);
  // Single characters are letter-spaced parts of one name (`王 磊`).
  const names: string[] = [];
  for (const t of tokens) {
    const last = names[names.length - 1];
    if (last !== undefined && ([...t].length === 1 || [...last].length === 1)) names[names.length - 1] = last + t;
    else names.push(t);
  }
  return names;
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
  let line: number;
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
      line = i;
      col = from + close + 1;
      const reporters = parseNames(parts, /^\s*[（(]\s*/u, /\s*$/u);
      return { dateline, reporters, bodyLine: line, bodyColumn: col };
    }
    parts.push(lines[i]!.slice(from));
  }
  return { dateline, reporters: [], bodyLine: 0, bodyColumn: m.index + m[0].length };
}

/**
 * One article from its segment of the page (`start`..`end`). The segment's byline line is replaced,
 * in the page's own lines, by the text after the byline: segments do not overlap, and the tail is
 * then read straight from the page's lines.
 */
function parseArticle(
  pageLines: string[],
  start: number,
  end: number,
  credits: readonly Credit[],
  source: string,
  position: number,
  warn: (message: string) => void,
  addCaption: (textLines: string[], credit: Credit) => void,
): Article | undefined {
  const segment = pageLines.slice(start, end);
  const byline = readByline(segment);
  const lines = segment.slice(byline.bodyLine);
  lines[0] = lines[0]!.slice(byline.bodyColumn);
  const offset = start + byline.bodyLine;
  pageLines[offset] = lines[0];

  // The body ends at the last line that closes a sentence before any photo credit; a
  // caption's own closing line (the one right before its credit) does not count.
  const local = credits.filter((c) => c.start >= offset && c.start < end);
  const firstCredit = (local[0]?.start ?? end) - offset;
  const captionEnds = new Set<number>();
  for (const c of local) {
    let j = c.start - offset - 1;
    while (j >= 0 && !lines[j]!.trim()) j--;
    if (!c.head && j >= 0) captionEnds.add(j);
  }
  // Captions are set in another measure than the body, so a sentence end inside a caption is
  // told apart by the width of the lines around it.
  const column = local.length > 0 ? bodyColumn(lines.slice(0, firstCredit)) : 0;
  const bodyWidth = (j: number) => Math.abs(visualWidth(lines[j]!) - column) <= 3;
  const inBody = (i: number) => {
    if (local.length === 0 || bodyWidth(i)) return true;
    let k = i - 1;
    while (k >= 0 && !lines[k]!.trim()) k--;
    return k < 0 || bodyWidth(k);
  };
  let bodyEnd = -1;
  for (let i = firstCredit - 1; i >= 0; i--) {
    if (lines[i]!.trim() && endsSentence(lines[i]!) && !captionEnds.has(i) && inBody(i)) {
      bodyEnd = i;
      break;
    }
  }
  const headlineLines = splitTail(pageLines, offset + bodyEnd + 1, end, credits, addCaption);
  const bodyLines = lines.slice(0, bodyEnd + 1);
  const headline = headlineLines
    .map((l) => normalizeHeadline(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const where = `本报${byline.dateline}讯 第${position + 1}篇`;
  if (!headline) warn(`${where}：没有找到标题`);
  else if ([...headline].length > 80) warn(`${where}：标题过长，可能混入了正文：${headline.slice(0, 30)}…`);

  const paragraphs = toParagraphs(bodyLines, bodyColumn(bodyLines));
  if (paragraphs.length === 0) {
    warn(`${where}：正文为空，已跳过`);
    return undefined;
  }
  const lead = paragraphs[0]!;
  const county = pickCounty(headline, lead, byline.dateline, paragraphs);
  if (!county) warn(`${where}（${headline || lead.slice(0, 20)}）：无法确定所属县区`);

  return lazyFigures({
    id: shortHash(`${source}|${headline}|${lead.slice(0, 60)}`),
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

/** Headline lines keep their real spaces; OCR spacing around digits goes. */
function normalizeHeadline(line: string): string {
  return line
    .replace(/[\t\u3000]/g, ' ')
    .replace(/(\d) +(?=[\p{Script=Han}%])/gu, '$1')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** The caption measure: the widest line, its last one aside, of the block ending before `to`. */
function captionMeasure(
  lines: readonly string[],
  from: number,
  to: number,
  creditHasText: boolean,
): number | undefined {
  let end = to - 1;
  while (end >= from && !lines[end]!.trim()) end--;
  let start = end;
  while (start > from && lines[start - 1]!.trim()) start--;
  const block = lines.slice(start, creditHasText ? end + 1 : end);
  return block.length >= 1 ? Math.max(...block.map(visualWidth)) : undefined;
}

/** The body's column width: most body lines are full, so a high percentile of line widths. */
function bodyColumn(lines: readonly string[]): number {
  const widths = lines
    .filter((l) => l.trim())
    .map(visualWidth)
    .sort((a, b) => a - b);
  return widths[Math.floor(widths.length * 0.6)] ?? 0;
}

/**
 * Joins hard-wrapped lines into paragraphs. A blank line ends a paragraph only after a
 * closed sentence (otherwise it is a column break inside a sentence); a line that closes a
 * sentence and is clearly shorter than the column also ends one.
 */
function toParagraphs(lines: readonly string[], column: number): string[] {
  const paragraphs: string[] = [];
  let buffer = '';
  const flush = () => {
    const p = normalizeSpacing(buffer);
    if (p) paragraphs.push(p);
    buffer = '';
  };
  for (const line of lines) {
    if (!line.trim()) {
      if (endsSentence(buffer)) flush();
      continue;
    }
    buffer += line;
    if (endsSentence(line) && visualWidth(line) <= column - 4) flush();
  }
  flush();
  return paragraphs;
}

const NARRATIVE_START = /^(今年以来|近年来|去年以来|目前|截至|截止|同时|此外|下一步|据|在此基础上|\d)/u;

/** The bold lead sentence opening each body paragraph: short, heading-like, not narrative. */
function findSections(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs.slice(1)) {
    const first = splitSentences(p)[0];
    if (!first || first === p) continue;
    const length = [...first].length;
    const commas = (first.match(/[，,]/gu) ?? []).length;
    if (length < 4 || length > 32 || commas > 2 || NARRATIVE_START.test(first)) continue;
    out.push(first);
  }
  return out;
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

export function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 8);
}
