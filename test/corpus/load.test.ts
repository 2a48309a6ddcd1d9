import { describe, expect, inject, it } from 'vitest';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { listPages, loadCorpus } from '../../src/corpus/load.js';
import { openCasebook } from '../../src/casebook/casebook.js';
import { PAGES, pagesCopy, tempDir } from '../helpers.js';

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
