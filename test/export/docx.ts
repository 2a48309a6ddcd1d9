import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';

/** The parts of a .docx file read back from disk, as text. */
export function readDocx(file: string): Record<string, string> {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  return Object.fromEntries(Object.entries(parts).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/giu, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  });
}

export interface DocParagraph {
  /** The paragraph's text, unescaped. */
  text: string;
  /** Its raw XML, for checking properties. */
  xml: string;
  /** The eastAsia font of its first run. */
  font: string | undefined;
  /** The size of its first run, in half-points. */
  size: number | undefined;
}

/** The paragraphs of a WordprocessingML part, in order. */
export function paragraphs(xml: string): DocParagraph[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/gu)].map(([p]) => ({
    text: [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => unescapeXml(m[1]!)).join(''),
    xml: p,
    font: /<w:rFonts [^>]*w:eastAsia="([^"]*)"/u.exec(p)?.[1],
    size: Number(/<w:sz w:val="(\d+)"/u.exec(p)?.[1]) || undefined,
  }));
}

/**
 * A well-formedness check, enough to catch what breaks Word: every tag closed in order, every `&`
 * an entity, no characters XML 1.0 forbids.
 */
export function assertWellFormed(xml: string): void {
  // eslint-disable-next-line no-control-regex -- these are the characters looked for
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/u.test(xml)) throw new Error('forbidden character');
  if (/[\uD800-\uDFFF]/u.test(xml)) throw new Error('lone surrogate');
  if (/&(?!(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);)/iu.test(xml)) throw new Error('bare &');
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([\w:.-]+)[^<>]*?(\/?)>|<\?[^>]*\?>/gu)) {
    if (!m[2]) continue;
    if (m[3]) continue;
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open}>`);
    } else stack.push(m[2]);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
}
