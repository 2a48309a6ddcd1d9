import { strFromU8, unzipSync } from 'fflate';
import { paragraphs } from '../export/docx.js';

/** The parts of a .docx the bot sent, read back from its bytes, as text. */
export function docxParts(bytes: Buffer): Record<string, string> {
  const parts = unzipSync(new Uint8Array(bytes));
  return Object.fromEntries(Object.entries(parts).map(([name, b]) => [name, strFromU8(b)]));
}

/** The paragraphs of a .docx's `word/document.xml`, one a line. */
export function docxText(bytes: Buffer): string {
  return paragraphs(docxParts(bytes)['word/document.xml'] ?? '')
    .map((p) => p.text)
    .join('\n');
}
