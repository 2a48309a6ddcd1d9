import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { fixture, PAGES } from '../helpers.js';

interface GoldenArticle {
  headline: string;
  county: string;
  dateline: string;
  reporters: string[];
  sections?: string[];
}
interface Golden {
  pages: {
    file: string;
    articles: GoldenArticle[];
    captions: { starts: string; county: string; photographers: string[] }[];
  }[];
  body_must_contain: [string, string][];
  body_must_not_contain: [string, string][];
  caption_must_contain: [string, string][];
}

const golden = fixture<Golden>('golden-articles.json');
const corpus = loadCorpus(PAGES);

describe('golden parse of seeds/', () => {
  it('reads every page without warnings', () => {
    expect(corpus.pages).toEqual(golden.pages.map((p) => p.file));
    expect(corpus.warnings).toEqual([]);
  });

  for (const page of golden.pages) {
    it(`${page.file}: articles in page order`, () => {
      const got = corpus.articles
        .filter((a) => a.source === page.file)
        .map((a, i) => {
          const want = page.articles[i];
          const row: GoldenArticle = {
            headline: a.headline,
            county: a.county!,
            dateline: a.dateline,
            reporters: a.reporters,
          };
          if (want?.sections) row.sections = a.sections;
          return row;
        });
      expect(got).toEqual(page.articles);
    });

    it(`${page.file}: captions with photographers`, () => {
      const got = corpus.captions.filter((c) => c.source === page.file);
      expect(got.map((c) => ({ county: c.county, photographers: c.photographers }))).toEqual(
        page.captions.map((c) => ({ county: c.county, photographers: c.photographers })),
      );
      got.forEach((c, i) => expect(c.text.startsWith(page.captions[i]!.starts)).toBe(true));
    });
  }

  const byHeadline = (h: string) => {
    const a = corpus.articles.find((x) => x.headline === h);
    expect(a, h).toBeDefined();
    return a!.paragraphs.join('\n');
  };

  it('bodies contain what they must, whole and unbroken', () => {
    for (const [headline, text] of golden.body_must_contain) expect(byHeadline(headline)).toContain(text);
  });

  it('bodies carry no captions or page furniture', () => {
    for (const [headline, text] of golden.body_must_not_contain) expect(byHeadline(headline)).not.toContain(text);
  });

  it('captions contain what they must', () => {
    for (const [starts, text] of golden.caption_must_contain) {
      const c = corpus.captions.find((x) => x.text.startsWith(starts));
      expect(c?.text).toContain(text);
    }
  });

  it('has 34 articles and 5 captions', () => {
    expect(corpus.articles).toHaveLength(34);
    expect(corpus.captions).toHaveLength(5);
  });

  it('gives every article a lead, paragraphs and unique stable ids', () => {
    const ids = new Set(corpus.articles.map((a) => a.id));
    expect(ids.size).toBe(34);
    for (const a of corpus.articles) {
      expect(a.lead).toBe(a.paragraphs[0]);
      expect(a.lead).not.toMatch(/^本报/);
      expect(a.id).toMatch(/^[0-9a-f]{8}$/);
    }
    expect(loadCorpus(PAGES).articles.map((a) => a.id)).toEqual(corpus.articles.map((a) => a.id));
  });
});
