import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { fixture, PAGES } from '../helpers.js';

interface SectionsFixture {
  pages: { file: string; articles: { headline: string; sections: string[] }[] }[];
}

/** The section leads of every fixture article, read by hand from its text. */
const expected = fixture<SectionsFixture>('sections.json');
const corpus = loadCorpus(PAGES);

describe('section leads of the fixture articles', () => {
  for (const page of expected.pages) {
    it(`${page.file}: every article's section leads, in order, none missing and no sub-item`, () => {
      const got = corpus.articles
        .filter((a) => a.source === page.file)
        .map((a) => ({ headline: a.headline, sections: a.sections }));
      expect(got).toEqual(page.articles);
    });
  }

  it('covers all 34 articles', () => {
    expect(expected.pages.flatMap((p) => p.articles)).toHaveLength(corpus.articles.length);
  });
});
