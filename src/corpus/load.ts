import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Corpus, ParsedPage, Warning } from './types.js';
import { parsePage } from './page.js';
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

/**
 * Reads and parses every page in `dir`; each page's date and edition come from its file name
 * (`2024-05-21_07.txt`). A page that cannot be read or parsed yields a warning naming the file;
 * the other pages still load.
 */
export function loadCorpus(dir: string): Corpus {
  const corpus: Corpus = { pages: [], articles: [], captions: [], warnings: [] };
  let names: string[];
  try {
    names = listPages(dir, corpus.warnings);
  } catch (err) {
    corpus.warnings.push({ source: dir, message: `无法读取页面目录：${(err as Error).message}` });
    return corpus;
  }
  for (const name of names) {
    try {
      const decoded = readPageFile(join(dir, name));
      if (!decoded.ok) {
        corpus.warnings.push({ source: name, message: `无法读取，已跳过：${decoded.message}` });
        continue;
      }
      const page = datePage(parsePage(decoded.text, name), dateFromFileName(name));
      corpus.pages.push(name);
      corpus.articles.push(...page.articles);
      corpus.captions.push(...page.captions);
      corpus.warnings.push(...page.warnings);
    } catch (err) {
      corpus.warnings.push({ source: name, message: `页面解析失败：${(err as Error).message}` });
    }
  }
  return corpus;
}
