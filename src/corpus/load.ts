import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Article, Corpus, ParsedPage, Warning } from './types.js';
import { articleKey, parsePage, shortHash } from './page.js';
import { decodePage, type DecodedPage } from './encoding.js';
import { dateFromFileName, type PageDate } from './dates.js';

/**
 * Page files in a seeds folder: every `*.txt`, in name order (which is page order). A symbolic
 * link counts when it leads to a file; a dangling one is skipped (and reported in `skipped`).
 */
export function listPages(dir: string, skipped?: Warning[]): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name.toLowerCase().endsWith('.txt'))
    .filter((entry) => entry.isFile() || (entry.isSymbolicLink() && linksToFile(join(dir, entry.name), skipped)))
    .map((entry) => entry.name)
    .sort();
}

/** Reads a page file and decodes it (UTF-8, BOM, GBK/GB18030, CRLF), or says why it cannot. */
export function readPageFile(path: string): DecodedPage {
  return decodePage(readFileSync(path));
}

/** Gives every article of a parsed page the page's date and edition. */
export function datePage(page: ParsedPage, date: PageDate): ParsedPage {
  for (const a of page.articles) {
    a.date = date.date;
    a.edition = date.edition;
  }
  return page;
}

function linksToFile(path: string, skipped?: Warning[]): boolean {
  try {
    return statSync(path).isFile();
  } catch (err) {
    skipped?.push({
      source: basename(path),
      message: `链接指向的文件无法读取，已跳过（${(err as NodeJS.ErrnoException).code}）`,
    });
    return false;
  }
}

/** A page file as read: its size, modification time and content hash (SHA-1 of its bytes). */
export interface PageFile {
  name: string;
  size: number;
  mtimeMs: number;
  hash: string;
}

/** One page read and parsed, dated from its file name; `ok` false when it could not be read. */
export interface LoadedPage extends ParsedPage {
  file: PageFile;
  ok: boolean;
}

/** The file's bytes with the size and modification time they were read at. */
function readWithStat(path: string): { bytes: Buffer; size: number; mtimeMs: number } {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    return { bytes: readFileSync(fd), size: st.size, mtimeMs: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and parses one page of `dir`; its date and edition come from its file name
 * (`2024-05-21_07.txt`). A page that cannot be read or parsed yields a warning naming the file.
 */
export function loadPage(dir: string, name: string): LoadedPage {
  let read: ReturnType<typeof readWithStat> | undefined;
  let problem: Error | undefined;
  try {
    read = readWithStat(join(dir, name));
  } catch (err) {
    problem = err as Error;
  }
  // An unreadable file is still recorded (size -1), so that a later look sees it as unchanged.
  const file: PageFile = read
    ? { name, size: read.size, mtimeMs: read.mtimeMs, hash: createHash('sha1').update(read.bytes).digest('hex') }
    : { name, size: -1, mtimeMs: -1, hash: '' };
  const failed = (message: string): LoadedPage => ({
    file,
    ok: false,
    articles: [],
    captions: [],
    warnings: [{ source: name, message }],
  });
  try {
    if (!read) throw problem!;
    const decoded = decodePage(read.bytes);
    if (!decoded.ok) return failed(`无法读取，已跳过：${decoded.message}`);
    return { file, ok: true, ...datePage(parsePage(decoded.text, name), dateFromFileName(name)) };
  } catch (err) {
    return failed(`页面解析失败：${(err as Error).message}`);
  }
}

/**
 * Reads and parses every page in `dir` (see loadPage). A page that cannot be read or parsed
 * yields a warning naming the file; the other pages still load. `files` lists every page file
 * read, readable or not.
 */
export function loadCorpus(dir: string): Corpus & { files: PageFile[] } {
  const corpus: Corpus & { files: PageFile[] } = { pages: [], articles: [], captions: [], warnings: [], files: [] };
  let names: string[];
  try {
    names = listPages(dir, corpus.warnings);
  } catch (err) {
    corpus.warnings.push({ source: dir, message: `无法读取页面目录：${(err as Error).message}` });
    return corpus;
  }
  for (const name of names) {
    const page = loadPage(dir, name);
    corpus.files.push(page.file);
    if (page.ok) corpus.pages.push(name);
    corpus.articles.push(...page.articles);
    corpus.captions.push(...page.captions);
    corpus.warnings.push(...page.warnings);
  }
  uniqueIds(corpus);
  return corpus;
}

/**
 * An article's id is 8 hex digits of a hash, which two different articles share by chance about
 * once in three casebooks of 50,000 articles. Articles that share one all get 12 digits of their
 * own hash instead (the same whatever order the pages come in), with a warning; every other id
 * stays as it was. (An add that brings such a pair falls back to this full load: the in-place
 * update refuses an id the index already has.)
 */
function uniqueIds(corpus: Corpus): void {
  const byId = new Map<string, Article[]>();
  for (const a of corpus.articles) {
    const same = byId.get(a.id);
    if (same) same.push(a);
    else byId.set(a.id, [a]);
  }
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    for (const a of same) a.id = shortHash(articleKey(a.source, a.headline, a.lead), 12);
    // The same page, headline and lead twice (a page that prints an article again): by place too.
    if (new Set(same.map((a) => a.id)).size < same.length)
      for (const a of same) a.id = shortHash(`${articleKey(a.source, a.headline, a.lead)}|${a.position}`, 12);
    corpus.warnings.push({
      source: same[0]!.source,
      message: `编号 ${id} 被 ${same.length} 篇文章共用（${same.map((a) => `${a.source}「${a.headline}」`).join('、')}），已改用更长的编号 ${same.map((a) => a.id).join('、')}`,
    });
  }
}
