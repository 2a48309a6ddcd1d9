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

  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (current.length > 0) {
      const prev = lines[i - 1]!;
      const afterByline = i === 1;
      // A paragraph's first line is full at the indented measure on an indenting page.
      const prevFull = prev.width >= (current.length === 1 && indents ? indentedFrom : fullFrom);
      let split = false;
      if (line.blankBefore) {
        // After a closed sentence a blank line ends the paragraph, unless it is a column break
        // after a full line and the next line is not indented. After an open sentence it is a
        // column break, unless the line before it is clearly short.
        if (closed[i - 1]) split = !(indents && !afterByline && prevFull && line.width >= fullFrom);
        else split = !afterByline && prev.width < shortBelow;
      } else if (closed[i - 1]) {
        if (afterByline) split = prev.width < fullFrom;
        else if (!prevFull) split = true;
        else split = indents && isIndented(line.width) && opensWithLead(lines, i);
      }
      if (split) {
        paragraphs.push(current);
        current = [];
      }
    }
    current.push(line.text);
  }
  if (current.length) paragraphs.push(current);
  return splitAtFamilyLeads(paragraphs);
}

/** The sentence that starts at line `i` is a lead sentence, judged on the text from there on. */
function opensWithLead(lines: readonly BodyLine[], i: number): boolean {
  let rest = '';
  for (let j = i; j < lines.length && j < i + 4; j++) rest += lines[j]!.text;
  const first = firstSentence(normalizeSpacing(rest));
  return first !== '' && isLead(first, rest);
}

const NARRATIVE_START = /^(今年以来|近年来|去年以来|目前|截至|截止|同时|此外|下一步|据|在此基础上|\d)/u;

/** A bold lead sentence: short, heading-like, not narrative, not quoted speech. */
function isLead(first: string, paragraph: string): boolean {
  if (first === paragraph.trim()) return false;
  const length = [...first].length;
  const commas = (first.match(/[，,]/gu) ?? []).length;
  if (length < 4 || length > 32 || commas > 2 || NARRATIVE_START.test(first)) return false;
  // `“以前房子空着……。”` is a quotation, not a lead.
  if (/^[“「]/u.test(first) && /[”」]$/u.test(first)) return false;
  return true;
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
}

/** The shape the leads of an article share: the commonest clause count and the length range. */
function leadShape(leads: readonly string[]): LeadShape | undefined {
  if (leads.length < 2) return undefined;
  const clauses = leads.map((l) => (l.match(/[，,]/gu) ?? []).length);
  const counts = new Map<number, number>();
  for (const c of clauses) counts.set(c, (counts.get(c) ?? 0) + 1);
  const [common, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  if (n < 2) return undefined;
  const lengths = leads.filter((_, i) => clauses[i] === common).map((l) => [...l].length);
  return { clauses: common, min: Math.min(...lengths), max: Math.max(...lengths) };
}

/**
 * A paragraph break the page did not show: a sentence that opens a line, right after a closed
 * sentence, and has the shape of the article's other section leads (`集约盘活农村闲置宅基地，实现多重
 * 效益相统一。` among `打造农业田园综合体，形成兴村富民合力。` and its siblings) starts a paragraph.
 */
function splitAtFamilyLeads(paragraphs: string[][]): string[][] {
  const join = (p: readonly string[]) => normalizeSpacing(p.join(''));
  // A lead is short: the first lines of each paragraph hold it (`…` marks text that goes on).
  const opening = (p: readonly string[], from: number) =>
    join(p.slice(from, from + LEAD_LINES)) + (p.length > from + LEAD_LINES ? '…' : '');
  const leads = findSections(paragraphs.map((p) => opening(p, 0)));
  const shape = leadShape(leads);
  if (!shape) return paragraphs;
  const out: string[][] = [];
  paragraphs.forEach((p, index) => {
    let from = 0;
    for (let k = 1; k < p.length; k++) {
      if (index === 0 || !endsSentence(p[k - 1]!)) continue;
      const rest = opening(p, k);
      const first = firstSentence(rest);
      if (!first || !isLead(first, rest)) continue;
      const clauses = (first.match(/[，,]/gu) ?? []).length;
      const length = [...first].length;
      if (clauses !== shape.clauses || length < shape.min - 2 || length > shape.max + 3) continue;
      out.push(p.slice(from, k));
      from = k;
    }
    out.push(p.slice(from));
  });
  return out;
}

/** Paragraph lines joined into clean paragraph text. */
export function joinParagraphs(paragraphs: readonly (readonly string[])[]): string[] {
  return paragraphs.map((p) => normalizeSpacing(p.join(''))).filter(Boolean);
}
