/**
 * Body lines → paragraphs → section leads.
 *
 * A body is hard-wrapped at its column. Paragraphs end where a sentence ends on a short line or
 * before a blank line, and print indents each paragraph's first line by two characters. Column
 * breaks (blank lines) fall anywhere, also in mid-sentence. The signals, strongest first:
 * - a blank line after a closed sentence, or after a line clearly shorter than the column;
 * - a closed sentence on a line shorter than the column (a first line counts as full at the
 *   indented measure when the page indents);
 * - on an indenting page, a closed sentence on a full line followed by an indented line that
 *   opens with a lead sentence (no blank line, the last line happening to be full);
 * - a sentence at the start of a line that has the shape of the article's other section leads.
 */
import { endsSentence, firstSentence, normalizeSpacing } from './text.js';

/** A body line as the page printed it. */
export interface BodyLine {
  text: string;
  /** A blank line (a column break or a paragraph break) stands before it. */
  blankBefore: boolean;
  /** The line's printed width in ems (for the first line, the whole line with the dateline). */
  width: number;
}

/** How an article's lines are measured. */
export interface Measure {
  /** Width of a squeezed CJK punctuation mark, in ems (½ on real pages, 1 on plain renders). */
  punctuation: number;
  /** The column width in ems: the width most full lines have. */
  column: number;
}

/** Every tunable of paragraph splitting, in ems. */
export const PARAGRAPH_DEFAULTS = {
  /** A line at most this much narrower than the column is full. */
  fullSlack: 1,
  /** An indented first line is this much narrower than the column, give or take `indentSlack`. */
  indent: 2,
  indentSlack: 1,
  /** A line this much narrower than the column ends its paragraph even without a closing stop. */
  shortLine: 3.5,
  /** Share of sure paragraph starts that must be indented for the page to count as indenting. */
  indentedShare: 0.6,
};

/**
 * The measure that fits an article's lines best, from their widths with punctuation at 1 em
 * (`plain`) and at ½ em (`squeezed`): whether punctuation is squeezed (the widths cluster tighter
 * with it at ½ em), and the column width (the width with the most lines within ¾ em).
 */
export function measureLines(plain: readonly number[], squeezed: readonly number[]): Measure {
  // A sample of evenly spaced lines measures a long article as well as all of them.
  const step = Math.max(1, Math.floor(plain.length / MEASURE_SAMPLE));
  const p: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < plain.length; i += step) {
    p.push(plain[i]!);
    q.push(squeezed[i]!);
  }
  const a = mode(p);
  const b = mode(q);
  // Squeezed punctuation must fit clearly better to be chosen.
  return b.count > a.count + 0.05 * p.length
    ? { punctuation: 0.5, column: b.column }
    : { punctuation: 1, column: a.column };
}

/** Lines measured at most (about) per article. */
const MEASURE_SAMPLE = 24;

/** The width with the most widths within ¾ em of it (the larger on a tie). */
function mode(widths: readonly number[]): { column: number; count: number } {
  const sorted = Float64Array.from(widths).sort();
  let column = 0;
  let count = 0;
  let lo = 0;
  let hi = 0;
  for (const w of sorted) {
    while (sorted[lo]! < w - 0.75) lo++;
    while (hi < sorted.length && sorted[hi]! <= w + 0.75) hi++;
    if (hi - lo >= count) {
      count = hi - lo;
      column = w;
    }
  }
  return { column, count };
}

/** Splits body lines into paragraphs, each a list of lines. */
export function splitParagraphs(lines: readonly BodyLine[], m: Measure, o = PARAGRAPH_DEFAULTS): string[][] {
  const breaks = lineBreaks(lines, m, o);
  return new ParagraphSplitter(lines, breaks).split();
}

/**
 * What a line boundary is: no paragraph break, a sure one, a blank line after a full closed line,
 * or a closed sentence at a line end.
 */
const enum Break {
  None,
  Sure,
  Ambiguous,
  LineEnd,
}

/** The kind of boundary before each line, from line measures, blank lines and closing stops. */
function lineBreaks(lines: readonly BodyLine[], m: Measure, o: typeof PARAGRAPH_DEFAULTS): Break[] {
  const W = m.column;
  const fullFrom = W - o.fullSlack; // a line this wide or wider is full
  const indentedFrom = W - o.indent - o.indentSlack; // an indented first line is this wide or wider
  const shortBelow = W - o.shortLine; // a line narrower than this is clearly short
  const closed = lines.map((l) => endsSentence(l.text));
  const isIndented = (w: number) => w >= indentedFrom && w < fullFrom && w <= W - o.indent + o.indentSlack;

  // Does the page indent? Look at the sure paragraph starts: after a blank line that follows a
  // closed sentence on a short line.
  let sure = 0;
  let indentedStarts = 0;
  for (let i = 2; i < lines.length; i++) {
    if (lines[i]!.blankBefore && closed[i - 1] && lines[i - 1]!.width < fullFrom) {
      sure++;
      if (isIndented(lines[i]!.width)) indentedStarts++;
    }
  }
  const indents = sure >= 2 && indentedStarts >= sure * o.indentedShare;

  const breaks = new Array<Break>(lines.length).fill(Break.None);
  let runLength = 0; // lines in the current paragraph so far
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i > 0) {
      const prev = lines[i - 1]!;
      const afterByline = i === 1;
      // A paragraph's first line is full at the indented measure on an indenting page.
      const prevFull = prev.width >= (runLength === 1 && indents ? indentedFrom : fullFrom);
      let b = Break.None;
      if (line.blankBefore) {
        // After a closed sentence a blank line ends the paragraph, unless it is a column break
        // after a full line: on an indenting page the next line then shows which; elsewhere the
        // text must tell. After an open sentence it is a column break, unless the line before it
        // is clearly short.
        if (!closed[i - 1]) b = !afterByline && prev.width < shortBelow ? Break.Sure : Break.None;
        else if (afterByline || !prevFull) b = Break.Sure;
        else if (indents) b = line.width >= fullFrom ? Break.None : Break.Sure;
        else b = Break.Ambiguous;
      } else if (closed[i - 1]) {
        if (afterByline) b = prev.width < fullFrom ? Break.Sure : Break.LineEnd;
        else if (!prevFull) b = Break.Sure;
        else if (indents && isIndented(line.width) && opensWithLead(lines, i)) b = Break.Sure;
        else b = Break.LineEnd;
      }
      breaks[i] = b;
      if (b === Break.Sure) runLength = 0;
    }
    runLength++;
  }
  return breaks;
}

/** The sentence that starts at line `i` is a lead sentence, judged on the text from there on. */
function opensWithLead(lines: readonly BodyLine[], i: number): boolean {
  let rest = '';
  for (let j = i; j < lines.length && j < i + LEAD_LINES; j++) rest += lines[j]!.text;
  const first = firstSentence(normalizeSpacing(rest));
  return first !== '' && isLead(first, rest);
}

const NARRATIVE_START = /^(今年以来|近年来|去年以来|目前|截至|截止|同时|此外|下一步|据|在此基础上|\d)/u;

/** The shape of a bold lead sentence: short, heading-like, not narrative, not quoted speech. */
function leadShaped(sentence: string): boolean {
  const length = [...sentence].length;
  const commas = (sentence.match(/[，,]/gu) ?? []).length;
  if (length < 4 || length > 32 || commas > 2 || NARRATIVE_START.test(sentence)) return false;
  // `“以前房子空着……。”` is a quotation, not a lead.
  return !(/^[“「]/u.test(sentence) && /[”」]$/u.test(sentence));
}

/** The first sentence of a paragraph is its lead: lead-shaped, and not the whole paragraph. */
function isLead(first: string, paragraph: string): boolean {
  return first !== paragraph.trim() && leadShaped(first);
}

/** The bold lead sentence opening each body paragraph (the dateline paragraph aside). */
export function findSections(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs.slice(1)) {
    const first = firstSentence(p);
    if (first && isLead(first, p)) out.push(first);
  }
  return out;
}

/** Lines enough to hold a lead sentence (32 characters) at the narrowest column. */
const LEAD_LINES = 4;

interface LeadShape {
  clauses: number;
  min: number;
  max: number;
  /** The opening the leads share (`从`, `抓`, `突出`), if any. */
  prefix: string;
}

/** The shape the leads of an article share: the commonest clause count and the length range. */
function leadShape(leads: readonly string[]): LeadShape | undefined {
  if (leads.length < 2) return undefined;
  const clauses = leads.map((l) => (l.match(/[，,]/gu) ?? []).length);
  const counts = new Map<number, number>();
  for (const c of clauses) counts.set(c, (counts.get(c) ?? 0) + 1);
  const [common, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  if (n < 2) return undefined;
  const family = leads.filter((_, i) => clauses[i] === common);
  const lengths = family.map((l) => [...l].length);
  let prefix = family[0]!;
  for (const l of family) while (!l.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return { clauses: common, min: Math.min(...lengths), max: Math.max(...lengths), prefix };
}

function fitsShape(sentence: string, shape: LeadShape): boolean {
  const clauses = (sentence.match(/[，,]/gu) ?? []).length;
  const length = [...sentence].length;
  return (
    clauses === shape.clauses && length >= shape.min - 2 && length <= shape.max + 3 && sentence.startsWith(shape.prefix)
  );
}

/**
 * Turns line boundaries into paragraphs. Sure breaks split. The others are settled by the
 * article's section leads, whose shape the sure paragraphs show:
 * - a blank line after a full closed line (a column break or a paragraph break, the page does
 *   not say which) splits, unless the text before it is one lone lead sentence (a lead that
 *   filled its line, its paragraph running on in the next column), or the sentence after it is
 *   lead-shaped but unlike the article's leads (a sub-item such as `组织联建形成联盟。`);
 * - a closed sentence at a line end splits when the next sentence has the shape of the article's
 *   other leads (`集约盘活农村闲置宅基地，实现多重效益相统一。` among `打造农业田园综合体，形成兴村富民
 *   合力。` and its siblings).
 */
class ParagraphSplitter {
  private readonly openings = new Map<number, string>();

  constructor(
    private readonly lines: readonly BodyLine[],
    private readonly breaks: Break[],
  ) {}

  split(): string[][] {
    const { lines, breaks } = this;
    let shape = this.shape();
    for (let i = 1; i < lines.length; i++) {
      if (breaks[i] !== Break.Ambiguous) continue;
      const start = this.startBefore(i);
      const before = this.text(start, i);
      const lone = firstSentence(before) === before && leadShaped(before) && start > 0;
      const after = this.opening(i);
      const next = firstSentence(after);
      let split = true;
      if (lone && (!shape || fitsShape(before, shape))) split = false;
      else if (shape && next && isLead(next, after) && !fitsShape(next, shape)) split = false;
      breaks[i] = split ? Break.Sure : Break.None;
    }
    shape = this.shape() ?? shape;
    if (shape) {
      for (let i = 1; i < lines.length; i++) {
        if (breaks[i] !== Break.LineEnd) continue;
        const after = this.opening(i);
        const next = firstSentence(after);
        if (next && isLead(next, after) && fitsShape(next, shape)) breaks[i] = Break.Sure;
      }
    }
    // A lone lead sentence (a lead that filled its line, its text running on below) opens the
    // paragraph that follows it, unless that paragraph opens with a lead of its own.
    for (let i = 1; i < lines.length; i++) {
      if (breaks[i] !== Break.Sure) continue;
      const start = this.startBefore(i);
      const before = this.text(start, i);
      if (start === 0 || firstSentence(before) !== before || !leadShaped(before)) continue;
      if (shape && !fitsShape(before, shape)) continue;
      const after = this.opening(i);
      const next = firstSentence(after);
      if (next && isLead(next, after) && (!shape || fitsShape(next, shape))) continue;
      breaks[i] = Break.None;
    }
    const paragraphs: string[][] = [];
    let current: string[] = [];
    lines.forEach((l, i) => {
      if (i > 0 && breaks[i] === Break.Sure) {
        paragraphs.push(current);
        current = [];
      }
      current.push(l.text);
    });
    if (current.length) paragraphs.push(current);
    return paragraphs;
  }

  /** The shape of the leads of the paragraphs as split so far. */
  private shape(): LeadShape | undefined {
    const leads: string[] = [];
    for (let i = 1; i < this.lines.length; i++) {
      if (this.breaks[i] !== Break.Sure) continue;
      const after = this.opening(i);
      const first = firstSentence(after);
      if (first && isLead(first, after)) leads.push(first);
    }
    return leadShape(leads);
  }

  /** The first line of the paragraph that line `i` would end. */
  private startBefore(i: number): number {
    let k = i - 1;
    while (k > 0 && this.breaks[k] !== Break.Sure) k--;
    return k;
  }

  private text(from: number, to: number): string {
    let t = '';
    for (let j = from; j < to; j++) t += this.lines[j]!.text;
    return normalizeSpacing(t);
  }

  /** The first lines from line `i` on, enough to hold a lead (`…` marks text that goes on). */
  private opening(i: number): string {
    let v = this.openings.get(i);
    if (v === undefined) {
      const to = Math.min(this.lines.length, i + LEAD_LINES);
      v = this.text(i, to) + (to < this.lines.length ? '…' : '');
      this.openings.set(i, v);
    }
    return v;
  }
}

/** Paragraph lines joined into clean paragraph text. */
export function joinParagraphs(paragraphs: readonly (readonly string[])[]): string[] {
  return paragraphs.map((p) => normalizeSpacing(p.join(''))).filter(Boolean);
}
