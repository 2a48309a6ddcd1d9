/**
 * Editors' changes to the casebook that are not page files: corrections of an article's headline
 * or county, and dates given to pages already in the casebook. They live in one JSON file under
 * `DATA_DIR` (`edits.json`), keyed by article id (ids never change) and by page file name, and
 * every command that opens the casebook applies them on top of the parse; `corpus --json` shows
 * the raw parse. The file is written whole, atomically (temporary file, then rename).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../corpus/types.js';

/** Who made a change: a Telegram user (id and display name), or the system (`id` null). */
export interface EditorRef {
  id: number | null;
  name: string;
}

/** The fields an editor may correct. */
export type FixField = 'headline' | 'county';

/** One corrected field: the value in force, what the parser said, who and when. */
export interface FieldFix {
  value: string | null;
  /** The parsed value this replaced (the first time the field was corrected). */
  was: string | null;
  by: EditorRef;
  /** ISO time. */
  at: string;
}

/** A page's date given by an editor, for a page whose file name carries none (or a wrong one). */
export interface PageDateEdit {
  date: string;
  edition: string | null;
  by: EditorRef;
  at: string;
}

export interface CasebookEdits {
  version: 1;
  /** By page file name. */
  pages: Record<string, PageDateEdit>;
  /** By article id. */
  articles: Record<string, Partial<Record<FixField, FieldFix>>>;
}

export const EDITS_FILE = 'edits.json';

export function emptyEdits(): CasebookEdits {
  return { version: 1, pages: {}, articles: {} };
}

export function editsPath(dataDir: string): string {
  return join(dataDir, EDITS_FILE);
}

/** The edits, or none with a problem (in Chinese) when the file exists but cannot be read. */
export interface EditsRead {
  edits: CasebookEdits;
  problem?: string;
}

/** Reads `DATA_DIR/edits.json`; a missing file (or no data folder) means no edits. */
export function readEdits(dataDir: string | undefined): EditsRead {
  if (!dataDir) return { edits: emptyEdits() };
  let text: string;
  try {
    text = readFileSync(editsPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { edits: emptyEdits() };
    return { edits: emptyEdits(), problem: `修订文件 ${editsPath(dataDir)} 无法读取：${(err as Error).message}` };
  }
  try {
    const parsed = JSON.parse(text) as Partial<CasebookEdits>;
    if (parsed.version !== 1 || typeof parsed.pages !== 'object' || typeof parsed.articles !== 'object')
      throw new Error('格式不对');
    return { edits: { version: 1, pages: parsed.pages ?? {}, articles: parsed.articles ?? {} } };
  } catch (err) {
    return { edits: emptyEdits(), problem: `修订文件 ${editsPath(dataDir)} 已损坏（${(err as Error).message}）` };
  }
}

/** Writes the edits atomically. */
export function writeEdits(dataDir: string, edits: CasebookEdits): void {
  mkdirSync(dataDir, { recursive: true });
  const path = editsPath(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(edits, null, 2) + '\n');
  renameSync(tmp, path);
}

/**
 * A fingerprint of what the edits change in the casebook (values only, not who or when); empty
 * when there are none, so a casebook without edits keeps its index snapshot.
 */
export function editsKey(edits: CasebookEdits): string {
  const pages = Object.entries(edits.pages)
    .map(([name, p]) => [name, p.date, p.edition])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const articles = Object.entries(edits.articles)
    .map(([id, f]) => [id, f.headline?.value ?? null, f.headline ? 1 : 0, f.county?.value ?? null, f.county ? 1 : 0])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  if (pages.length === 0 && articles.length === 0) return '';
  return createHash('sha1').update(JSON.stringify({ pages, articles })).digest('hex');
}

/**
 * Applies the edits to freshly parsed articles, in place: a page's date to every article on it,
 * then each corrected field. Ids are untouched. Returns how many articles changed.
 */
export function applyEdits(articles: readonly Article[], edits: CasebookEdits): number {
  let changed = 0;
  for (const a of articles) {
    let touched = false;
    const page = edits.pages[a.source];
    if (page) {
      a.date = page.date;
      a.edition = page.edition;
      touched = true;
    }
    const fix = edits.articles[a.id];
    if (fix?.headline?.value) {
      a.headline = fix.headline.value;
      touched = true;
    }
    if (fix?.county) {
      a.county = fix.county.value;
      touched = true;
    }
    if (touched) changed++;
  }
  return changed;
}
