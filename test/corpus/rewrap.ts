import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { parsePage } from '../../src/corpus/page.js';
import type { Article, Caption } from '../../src/corpus/types.js';
import { renderPage, seededRandom, type PageArticle } from '../../src/testing/pageRenderer.js';
import { PAGES } from '../helpers.js';

const corpus = loadCorpus(PAGES);
export const DRAWS = 100;

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * Headlines as real pages also print them: a title deck ending in `？` or `！`, a deck opened by
 * `——`, a kicker naming the county above a headline that has none.
 */
function varyHeadline(a: Article, random: () => number): string {
  let parts = a.headline.split(' ');
  const roll = random();
  if (roll < 0.2) parts[parts.length - 1] = parts[parts.length - 1]!.replace(/[！？]?$/u, random() < 0.5 ? '？' : '！');
  else if (roll < 0.35) parts = [...parts, `——${parts[parts.length - 1]!.slice(0, 4)}的基层实践`];
  else if (roll < 0.5 && a.county && !parts[0]!.startsWith(a.county.slice(0, 2))) parts = [a.county, ...parts];
  return parts.join(' ');
}

export interface Draw {
  articles: PageArticle[];
  expected: Pick<Article, 'headline' | 'county' | 'reporters' | 'dateline' | 'paragraphs'>[];
  captions: Caption[];
  text: string;
  variants: number;
}

/** One page: 2–5 articles and 0–2 captions, half of the pages in issue 2's plain layout. */
export function draw(width: number, seed: number): Draw {
  const random = seededRandom(width * 7919 + seed);
  const variants = seed % 2 === 0 ? 0 : 0.5;
  const picked = shuffle(corpus.articles, random).slice(0, 2 + Math.floor(random() * 4));
  const expected = picked.map((a) => ({ ...a, headline: variants ? varyHeadline(a, random) : a.headline }));
  const captions = shuffle(corpus.captions, random).slice(0, Math.floor(random() * 3));
  const text = renderPage(expected, captions, { width, random, variants });
  return { articles: expected, expected, captions, text, variants };
}

const flat = (ps: readonly string[]) => ps.join('').replace(/ /g, '');

/** What is wrong with the parse of one drawn page, in words; empty when nothing is. */
export function problems(d: Draw): string[] {
  const page = parsePage(d.text, 'synthetic.txt');
  const out: string[] = [];
  if (page.articles.length !== d.expected.length)
    out.push(`${page.articles.length} articles, ${d.expected.length} drawn`);
  d.expected.forEach((want, i) => {
    const got = page.articles[i];
    if (!got) return;
    if (got.headline !== want.headline) out.push(`headline “${got.headline}” ≠ “${want.headline}”`);
    if (got.county !== want.county) out.push(`county ${got.county} ≠ ${want.county} (${want.headline})`);
    if (got.dateline !== want.dateline || got.reporters.join() !== want.reporters.join())
      out.push(`byline ${got.dateline} ${got.reporters.join()} (${want.headline})`);
    // The body survives whole: same text, no caption or furniture inside. (A slogan's real space
    // that falls on a wrap point cannot be recovered, so spaces are not compared.)
    if (flat(got.paragraphs) !== flat(want.paragraphs)) out.push(`body of “${want.headline}” differs`);
  });
  const captionKey = (c: { text: string; photographers: readonly string[] }) =>
    `${c.text.replace(/ /g, '')}|${c.photographers.join()}`;
  const got = page.captions.map(captionKey).sort();
  const want = d.captions.map(captionKey).sort();
  if (got.join('\n') !== want.join('\n')) out.push(`captions ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
  // The plain layout is read without doubt; a doubt on a variant page names its article.
  for (const w of page.warnings) {
    if (!d.variants || !/^第\d+篇（本报/u.test(w.message)) out.push(`warning: ${w.message}`);
  }
  return out;
}

/**
 * The wide re-wrapping test for widths `from`..`to`: `DRAWS` pages per width through the page
 * renderer (issue 2's plain layout and, on every other page, the real-page variants), each read
 * back with no headline, caption or body lost. Split over three files so they run in parallel.
 */
export function rewrapWidths(from: number, to: number): void {
  describe(`the parser reads pages re-wrapped at ${from}–${to} characters`, () => {
    for (let width = from; width <= to; width++) {
      it(`${DRAWS} pages at ${width} characters: no headline, caption or body lost`, () => {
        const failures: string[] = [];
        for (let seed = 0; seed < DRAWS; seed++) {
          const d = draw(width, seed);
          for (const p of problems(d)) failures.push(`seed ${seed}: ${p}`);
        }
        expect(failures).toEqual([]);
      });
    }
  });
}
