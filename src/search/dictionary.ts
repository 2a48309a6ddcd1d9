import type { Article } from '../corpus/types.js';
import { countyNames } from '../corpus/registry.js';

const QUOTED = /[“"]([\p{Script=Han}\d]{2,8})[”"]/gu;

/** The quoted coinages of one article (`“红帆驿站”`, `“两长”`), each once. */
export function quotedWords(article: Pick<Article, 'headline' | 'paragraphs'>): string[] {
  const words = new Set<string>();
  for (const text of [article.headline, ...article.paragraphs]) {
    for (const m of text.matchAll(QUOTED)) if (!/^\d+$/.test(m[1]!)) words.add(m[1]!);
  }
  return [...words];
}

/**
 * jieba's user dictionary for this corpus: every county, short name, alias and place from the
 * registry, and the quoted coinages of the articles (`“红帆驿站”`, `“两长”`, `“三龄两历”`), which
 * are the names people search for.
 */
export function userWords(articles: readonly Article[]): string[] {
  const words = new Set<string>(countyNames());
  for (const a of articles) for (const w of quotedWords(a)) words.add(w);
  return [...words].sort();
}
