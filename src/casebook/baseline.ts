import MiniSearch from 'minisearch';
import jieba from 'nodejieba';
import type { Article } from '../corpus/types.js';
import { splitSentences } from '../corpus/text.js';
import { loadDictionary } from '../search/tokenizer.js';

/** What the plain baseline answers: the cases best first, a figure sentence, the counties shown. */
export interface BaselineAnswer {
  /** Headlines, best first (at most five). */
  headlines: string[];
  /** Counties of the cases shown, in order of first appearance. */
  counties: string[];
  /** The top case's sentence with a number that shares the most words with the question. */
  figureSentence: string | null;
}

const WORD = /[\p{Script=Han}\p{L}\p{N}]/u;

/**
 * The plain MiniSearch baseline that issue 9 measures against: MiniSearch with its default
 * options over headline and body, tokenised with `jieba.cut` (jieba's full dictionary, no user
 * words), whitespace and punctuation tokens dropped. It has no answer stage, so its "answer" to a
 * figure question is the top case's number-bearing sentence that shares most words with the
 * question, and its county set for a list question is the counties of the five cases it shows.
 *
 * It loads jieba's full dictionary (jieba's dictionary is process-wide): open or reopen a
 * casebook only after the baseline has answered.
 */
export class PlainBaseline {
  private readonly mini: MiniSearch;
  private readonly byId: Map<string, Article>;

  constructor(articles: readonly Article[]) {
    loadDictionary();
    const tokenize = (text: string) => jieba.cut(text).filter((t) => WORD.test(t));
    this.mini = new MiniSearch({ fields: ['headline', 'body'], tokenize });
    this.mini.addAll(articles.map((a) => ({ id: a.id, headline: a.headline, body: a.paragraphs.join('\n') })));
    this.byId = new Map(articles.map((a) => [a.id, a]));
  }

  ask(question: string): BaselineAnswer {
    const hits = this.mini
      .search(question)
      .slice(0, 5)
      .map((h) => this.byId.get(h.id as string)!);
    const counties = [...new Set(hits.map((a) => a.county).filter((c): c is string => c !== null))];
    const words = new Set(jieba.cut(question).filter((t) => WORD.test(t)));
    let figureSentence: string | null = null;
    let best = 0;
    for (const p of hits[0]?.paragraphs ?? []) {
      for (const s of splitSentences(p)) {
        if (!/\d/.test(s)) continue;
        let shared = 0;
        for (const w of words) if (s.includes(w)) shared += [...w].length;
        if (shared > best) [best, figureSentence] = [shared, s];
      }
    }
    return { headlines: hits.map((a) => a.headline), counties, figureSentence };
  }
}
