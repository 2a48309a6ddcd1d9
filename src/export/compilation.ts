import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';
import { GBT_9704, type CompilationLayout } from './layout.js';

/** One case in a 素材汇编. Every field is plain text; nothing needs escaping by the caller. */
export interface CompilationCase {
  headline: string;
  /** The county-level unit, or null when the case could not be placed. */
  county: string | null;
  /** The citation line, as the casebook writes it: `《济宁日报》2024年5月21日 第7版`. */
  citation: string;
  /** The approach in a paragraph (the article's lead). A `\n` starts a new paragraph. */
  approach: string;
  /** The section leads, in article order. */
  sections: readonly string[];
  /** Key figures, each quoted verbatim (a clause or sentence holding the number). */
  figures: readonly string[];
  /** The sentences that answered the question; empty for a county or topic list. */
  quotes: readonly string[];
}

/** A 素材汇编: what the bot's 导出Word button and `npm run export` write. */
export interface Compilation {
  /** What the collection is about: the question, the county or the topic. */
  title: string;
  /** The title's second line (default `典型经验素材汇编`). */
  subtitle?: string;
  /** When the document was made (injected; shown as a date in `timeZone`). */
  madeAt: Date;
  /** IANA zone for the date line (default Asia/Shanghai). */
  timeZone?: string;
  cases: readonly CompilationCase[];
}

export const DEFAULT_SUBTITLE = '典型经验素材汇编';
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The date as offices write it: `2024年5月21日`. */
export function chineseDate(at: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy年M月d日');
}

const DIGITS = '零一二三四五六七八九';

/** A heading number in Chinese: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a counting number: ${n}`);
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n >= 10000) return String(n);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += '零';
    zero = false;
    out += DIGITS[d]! + unit;
  });
  return out;
}

// Characters XML 1.0 cannot carry, and lone surrogate halves: Word refuses a file holding any.
// (With the u flag a surrogate range matches only halves that are not part of a pair.)
// eslint-disable-next-line no-control-regex -- these are the characters being removed
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;

/**
 * Text made safe for a Word run: characters XML cannot hold removed, tabs, line and paragraph
 * separators and runs of spaces folded into one space. Escaping `&`, `<` and quotes is the
 * docx package's job, so it is not done here (doing it twice would print `&amp;`).
 */
export function cleanText(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/[\t\r\n\u2028\u2029\u0085]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A multi-paragraph field split at its line breaks, each paragraph cleaned, empty ones dropped. */
function paragraphsOf(text: string): string[] {
  return text
    .split(/\r\n|[\r\n\u2028\u2029]/u)
    .map(cleanText)
    .filter(Boolean);
}

const pt = (points: number) => Math.round(points * 20);
/** Millimetres in twips, rounded (docx's own helper truncates: A4 would come out 11905 wide, not 11906). */
export const mmToTwip = (mm: number) => Math.round((mm / 25.4) * 1440);
const halfPt = (points: number) => Math.round(points * 2);

/** Builds the Word document of a compilation (see `compilationDocx` for the bytes). */
export function compilationDocument(input: Compilation, layout: CompilationLayout = GBT_9704): Document {
  const f = layout.fonts;
  const run = (text: string, font: string, size: number, latin = f.latin) =>
    new TextRun({
      text,
      size: halfPt(size),
      // eastAsia names the Chinese font; the hint makes the ambiguous marks (“”、—) use it too.
      font: { eastAsia: font, ascii: latin, hAnsi: latin, cs: latin, hint: 'eastAsia' },
      language: { value: 'en-US', eastAsia: 'zh-CN' },
    });
  const exact = (points: number) => ({ line: pt(points), lineRule: LineRuleType.EXACT, before: 0, after: 0 });
  const indent = { firstLine: pt(layout.bodySize * 2) };

  const title = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exact(layout.titleLineHeight),
      children: [run(text, f.title, layout.titleSize, f.title)],
    });
  const blank = () => new Paragraph({ spacing: exact(layout.lineHeight), children: [] });
  const centered = (text: string, font: string) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exact(layout.lineHeight),
      children: [run(text, font, layout.bodySize)],
    });
  const heading = (text: string, font: string) =>
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      spacing: exact(layout.lineHeight),
      indent,
      keepNext: true,
      keepLines: true,
      children: [run(text, font, layout.bodySize)],
    });
  const body = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      spacing: exact(layout.lineHeight),
      indent,
      children: [run(text, f.body, layout.bodySize)],
    });

  const children: Paragraph[] = [];
  const titleText = cleanText(input.title) || '案例';
  children.push(title(titleText), title(cleanText(input.subtitle ?? DEFAULT_SUBTITLE)), blank());
  children.push(
    centered(`（${chineseDate(input.madeAt, input.timeZone)}整理，共${input.cases.length}个案例）`, f.subheading),
    blank(),
  );
  if (input.cases.length === 0) children.push(body('没有找到相关案例。'));

  input.cases.forEach((c, i) => {
    if (i > 0) children.push(blank());
    children.push(heading(`${chineseNumeral(i + 1)}、${cleanText(c.headline) || '（无标题）'}`, f.heading));
    const county = c.county ? cleanText(c.county) : '未定';
    // The citation on a line of its own, so it never breaks and can be copied whole.
    children.push(heading(`县区：${county}`, f.subheading), heading(`出处：${cleanText(c.citation)}`, f.subheading));

    const parts: { label: string; paragraphs: string[] }[] = [];
    const items = (lines: readonly string[]) =>
      lines
        .map(cleanText)
        .filter(Boolean)
        .map((l, k) => `${k + 1}．${l}`);
    const approach = [...paragraphsOf(c.approach), ...items(c.sections)];
    if (approach.length) parts.push({ label: '主要做法', paragraphs: approach });
    const figures = items(c.figures);
    if (figures.length) parts.push({ label: '关键数据', paragraphs: figures });
    const quotes = items(c.quotes);
    if (quotes.length) parts.push({ label: '相关原文', paragraphs: quotes });
    parts.forEach((part, k) => {
      children.push(heading(`（${chineseNumeral(k + 1)}）${part.label}`, f.subheading));
      for (const p of part.paragraphs) children.push(body(p));
    });
  });

  const pageNumber = (alignment: 'left' | 'right') =>
    new Footer({
      children: [
        new Paragraph({
          alignment: alignment === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          // One 四号 character in from the edge of the text block.
          indent: alignment === 'right' ? { right: pt(layout.pageNumberSize) } : { left: pt(layout.pageNumberSize) },
          children: [
            new TextRun({
              children: ['— ', PageNumber.CURRENT, ' —'],
              size: halfPt(layout.pageNumberSize),
              font: {
                eastAsia: f.pageNumber,
                ascii: f.pageNumber,
                hAnsi: f.pageNumber,
                cs: f.pageNumber,
                hint: 'eastAsia',
              },
            }),
          ],
        }),
      ],
    });

  const mm = mmToTwip;
  return new Document({
    title: titleText,
    subject: DEFAULT_SUBTITLE,
    creator: '济宁典型经验案例库',
    description: `${titleText}：${input.cases.length}个案例`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            size: halfPt(layout.bodySize),
            font: { eastAsia: f.body, ascii: f.latin, hAnsi: f.latin, cs: f.latin, hint: 'eastAsia' },
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(layout.page.width), height: mm(layout.page.height) },
            margin: {
              top: mm(layout.margin.top),
              bottom: mm(layout.margin.bottom),
              left: mm(layout.margin.left),
              right: mm(layout.margin.right),
              footer: mm(layout.footerDistance),
              header: mm(15),
              gutter: 0,
            },
          },
          // The line grid of a 22-line page, for text the user adds in Word later.
          grid: { type: DocumentGridType.LINES, linePitch: pt(layout.lineHeight) },
        },
        footers: { default: pageNumber('right'), even: pageNumber('left') },
        children,
      },
    ],
  });
}

/** The `.docx` bytes of a compilation. */
export async function compilationDocx(input: Compilation, layout: CompilationLayout = GBT_9704): Promise<Buffer> {
  return Packer.toBuffer(compilationDocument(input, layout));
}

/** Writes a compilation to `file` atomically (a temporary file beside it, then a rename). */
export async function writeCompilation(
  input: Compilation,
  file: string,
  layout: CompilationLayout = GBT_9704,
): Promise<void> {
  const bytes = await compilationDocx(input, layout);
  const tmp = join(dirname(file), `.${process.pid}.${Date.now()}.docx.tmp`);
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

/**
 * A file name for the compilation: `平时考核-素材汇编-20240521.docx`. Characters that file systems
 * or Telegram clients mishandle become `_`, and a long title is cut.
 */
export function compilationFileName(input: Pick<Compilation, 'title' | 'madeAt' | 'timeZone'>): string {
  const stem =
    [
      ...cleanText(input.title)
        .replace(/[\\/:*?"<>|.]+/gu, '_')
        .replace(/\s+/gu, ''),
    ]
      .slice(0, 24)
      .join('')
      .replace(/^_+|_+$/g, '') || '案例';
  const day = format(new TZDate(input.madeAt.getTime(), input.timeZone ?? DEFAULT_TIME_ZONE), 'yyyyMMdd');
  return `${stem}-素材汇编-${day}.docx`;
}
