import { describe, expect, inject, it } from 'vitest';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { listPages, loadCorpus } from '../../src/corpus/load.js';
import { openCasebook } from '../../src/casebook/casebook.js';
import { FIXTURES, PAGES, pagesCopy, tempDir } from '../helpers.js';

describe('F3: links in the pages folder', () => {
  const baseline = loadCorpus(PAGES);

  it('a dangling *.txt link is skipped with a warning naming it; every other page still loads', () => {
    const dir = pagesCopy();
    symlinkSync(join(dir, 'gone.txt'), join(dir, '999_dangling.txt'));
    symlinkSync(join(dir, 'no-such-folder'), join(dir, '000_dangling_first.txt'));
    const corpus = loadCorpus(dir);
    expect(corpus.articles.map((a) => a.id)).toEqual(baseline.articles.map((a) => a.id));
    const skipped = corpus.warnings.filter((w) => w.message.includes('链接'));
    expect(skipped.map((w) => w.source).sort()).toEqual(['000_dangling_first.txt', '999_dangling.txt']);
  });

  it('a link to a page is read like the page; a link to a folder is not a page', () => {
    const dir = tempDir('seeds-links-');
    const first = listPages(PAGES)[0]!;
    symlinkSync(join(PAGES, first), join(dir, 'linked.txt'));
    mkdirSync(join(dir, 'folder'));
    symlinkSync(join(dir, 'folder'), join(dir, 'folder.txt'));
    expect(listPages(dir)).toEqual(['linked.txt']);
  });

  it('the start-up job with a dangling link keeps the whole casebook (the link changes nothing)', () => {
    const dir = pagesCopy();
    symlinkSync(join(dir, 'gone.txt'), join(dir, '500_dangling.txt'));
    const index = tempDir('index-links-');
    cpSync(inject('indexDir'), index, { recursive: true });
    const cb = openCasebook({ seedsDir: dir, indexDir: index });
    expect(cb.info.origin).toBe('snapshot');
    expect(cb.articles).toHaveLength(baseline.articles.length);
  });
});

describe('article ids that two articles share', () => {
  // Two synthetic pages whose articles syn_000963 #4 and syn_006874 #1 hash to the same 8 digits
  // (found at 50,000 articles, where such a pair turns up about once in three corpora).
  const dir = join(FIXTURES, 'collision');

  it('give both articles 12 digits of their own hash, with a warning, and leave every other id alone', () => {
    const corpus = loadCorpus(dir);
    const ids = corpus.articles.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const long = corpus.articles.filter((a) => a.id.length === 12);
    expect(long.map((a) => `${a.source}#${a.position}`).sort()).toEqual(['syn_000963.txt#4', 'syn_006874.txt#1']);
    expect(long[0]!.id.slice(0, 8)).toBe(long[1]!.id.slice(0, 8));
    expect(corpus.articles.filter((a) => a.id.length === 8).length).toBe(corpus.articles.length - 2);
    const warning = corpus.warnings.find((w) => w.message.includes('更长的编号'));
    expect(warning?.message).toContain(long[0]!.id.slice(0, 8));
  });

  it('the casebook answers for each of the two, and finds each by its id', () => {
    const copy = tempDir();
    cpSync(dir, join(copy, 'pages'), { recursive: true });
    const cb = openCasebook({ seedsDir: join(copy, 'pages'), indexDir: join(copy, 'index') });
    for (const a of cb.articles.filter((x) => x.id.length === 12)) {
      expect(cb.article(a.id)?.headline).toBe(a.headline);
      expect(cb.ask(a.headline, { limit: 10 }).results.map((r) => r.id)).toContain(a.id);
    }
  });
});
