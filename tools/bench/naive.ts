import MiniSearch from 'minisearch';
import jieba from 'nodejieba';
import type { Article } from '../../src/corpus/types.js';

/**
 * The engine a user would write first, as the reference: MiniSearch with its defaults, jieba.cut
 * as the tokenizer, headline and body stored for display, and JSON.stringify as the snapshot.
 */
const OPTIONS = {
  fields: ['headline', 'body'],
  storeFields: ['headline', 'county', 'body'],
  tokenize: (text: string) => jieba.cut(text),
};

export function buildNaive(articles: readonly Article[]): MiniSearch {
  const mini = new MiniSearch(OPTIONS);
  mini.addAll(
    articles.map((a) => ({ id: a.id, headline: a.headline, county: a.county, body: a.paragraphs.join('\n') })),
  );
  return mini;
}

export function naiveSnapshot(mini: MiniSearch): string {
  return JSON.stringify(mini);
}

export function loadNaive(json: string): MiniSearch {
  return MiniSearch.loadJSON(json, OPTIONS);
}
