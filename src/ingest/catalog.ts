/**
 * The pages folder as the ingest service sees it: every page file with its effective date (file
 * name, or an editor's date from edits.json) and the hash of its normalised text, which is how a
 * page sent twice is recognised. Hashes are cached by file size and modification time.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { listPages, readPageFile } from '../corpus/load.js';
import { dateFromFileName, type PageDate } from '../corpus/dates.js';
import { pageLabel } from '../corpus/citation.js';
import type { CasebookEdits } from './edits.js';

/** A page in the folder, as people name it. */
export interface PageRef extends PageDate {
  /** The file name in the pages folder. */
  page: string;
  /** `2024年5月21日 第7版`, or `日期未录入的版面（file.txt）`. */
  label: string;
}

/**
 * The hash that says two page files hold the same page: the text with byte-order mark, all
 * whitespace and line breaks removed, in Unicode compatibility form (full-width and half-width
 * characters alike). Encoding, line endings and re-wrapping do not matter.
 */
export function textHash(text: string): string {
  const normal = text.normalize('NFKC').replace(/[\s\ufeff\u200b]+/gu, '');
  return createHash('sha1').update(normal).digest('hex');
}

/** A page's date: an editor's date if given, else its file name's. */
export function effectiveDate(page: string, edits: CasebookEdits): PageDate {
  const edit = edits.pages[page];
  return edit ? { date: edit.date, edition: edit.edition } : dateFromFileName(page);
}

export function pageRef(page: string, edits: CasebookEdits): PageRef {
  const date = effectiveDate(page, edits);
  return { page, ...date, label: pageLabel(date, page) };
}

interface CachedHash {
  signature: string;
  hash: string | null;
}

/** File signature: size and modification time. */
export function signature(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

export class PageCatalog {
  private readonly hashes = new Map<string, CachedHash>();

  constructor(readonly dir: string) {}

  /** Page file names, in page order; none when the folder cannot be read. */
  names(): string[] {
    try {
      return listPages(this.dir);
    } catch {
      return [];
    }
  }

  /** The normalised-text hash of a page file, or null when it cannot be read as text. */
  hashOf(page: string): string | null {
    const path = join(this.dir, page);
    const sig = signature(path);
    if (sig === undefined) return null;
    const cached = this.hashes.get(page);
    if (cached?.signature === sig) return cached.hash;
    let hash: string | null = null;
    try {
      const decoded = readPageFile(path);
      if (decoded.ok) hash = textHash(decoded.text);
    } catch {
      hash = null;
    }
    this.hashes.set(page, { signature: sig, hash });
    return hash;
  }

  /** The page holding the same text, if any (ignoring `except`). */
  findByHash(hash: string, except?: string): string | undefined {
    return this.names().find((name) => name !== except && this.hashOf(name) === hash);
  }

  /** Pages with this date and edition. */
  findByDate(date: PageDate, edits: CasebookEdits): string[] {
    if (!date.date) return [];
    return this.names().filter((name) => {
      const d = effectiveDate(name, edits);
      return d.date === date.date && d.edition === date.edition;
    });
  }
}
