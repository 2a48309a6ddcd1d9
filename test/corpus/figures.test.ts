import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../../src/corpus/load.js';
import { evaluatePages } from '../../src/casebook/evaluate.js';
import { FIXTURES } from '../helpers.js';

/** Page folders in test/fixtures that say how they must parse (`expected.json`). */
const folders = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(FIXTURES, d.name))
  .filter((dir) => readdirSync(dir).includes('expected.json'));

describe.each(folders.map((f) => [f.split('/').pop()!, f] as const))('figures on %s', (_name, folder) => {
  const corpus = loadCorpus(folder);

  it('recall ≥ 0.97 of the figures written into the pages, whole (number and measure word)', () => {
    const report = evaluatePages(folder, corpus.articles)!;
    expect(report.missing).toEqual([]);
    expect(report.figureRecall).toBeGreaterThanOrEqual(0.97);
  });

  it('figures and their clauses use half-width digits, and each figure stands in its clause', () => {
    for (const a of corpus.articles) {
      for (const f of a.figures) {
        expect(f.text).not.toMatch(/[０-９％]/u);
        expect(f.clause).not.toMatch(/[０-９％]/u);
        expect(f.clause).toContain(f.text);
      }
    }
  });
});
