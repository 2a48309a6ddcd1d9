import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CaseIndex } from '../../src/search/engine.js';
import { memoryLogger } from '../../src/testing/logger.js';
import { casebook, PAGES, tempDir, jsonl } from '../helpers.js';
import { inject } from 'vitest';
import type { EvalQuestion } from '../../src/casebook/evaluate.js';
import { loadSnapshot, type SnapshotData } from '../../src/search/snapshot.js';

/**
 * The README's promise: if MiniSearch's internals change, the start-up job still opens the casebook
 * (through MiniSearch's public loadJS) with the same answers, and says so. Each case runs the real
 * code against a copy of MiniSearch 7.2 with one protected member renamed throughout, as a release
 * that renamed it would be.
 */
function renamedMiniSearch(member: string): string {
  // The ES build, which is self-contained (its SearchableMap is inlined).
  const file = join(dirname(createRequire(import.meta.url).resolve('minisearch')), '..', 'es', 'index.js');
  const text = readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  const renamed = text.replace(new RegExp(`\\b${member}\\b`, 'g'), `${member}Renamed`);
  if (renamed === text) throw new Error(`MiniSearch has no ${member} to rename`);
  const dir = tempDir('minisearch-');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'index.mjs');
  writeFileSync(out, renamed);
  return pathToFileURL(out).href;
}

const QUESTIONS = jsonl<EvalQuestion>('questions.jsonl').map((q) => q.q);
const strip = (r: ReturnType<ReturnType<typeof casebook>['ask']>) => ({ ...r, tookMs: 0 });

/** The shared test index's data, loaded with the real MiniSearch. */
let data: SnapshotData;
let reference: CaseIndex;
beforeAll(() => {
  const loaded = loadSnapshot(inject('indexDir'), PAGES);
  if (!loaded.ok) throw new Error(loaded.reason);
  data = loaded.data;
  reference = CaseIndex.load(data.index, data.articles);
});

afterEach(() => {
  vi.doUnmock('minisearch');
  vi.resetModules();
});

describe('MiniSearch with renamed internals', () => {
  it.each(['_index', '_fieldLength', '_documentCount'])(
    'renamed %s: the index is loaded through loadJS and answers the same',
    async (member) => {
      const url = renamedMiniSearch(member);
      vi.resetModules();
      vi.doMock('minisearch', () => import(url));
      const engine = await import('../../src/search/engine.js');
      const index = engine.CaseIndex.load(data.index, data.articles);
      expect(index.restoredBy).toBe('loadJS');
      for (const words of [['红帆驿站'], ['第一书记', '调解'], ['党代表', '工作室', '接待']]) {
        const terms = reference.expand(words);
        expect(index.search(terms, { limit: 40 })).toEqual(reference.search(terms, { limit: 40 }));
      }
    },
  );

  it('renamed _index: the start-up job opens the casebook, warns, and every answer is the same', async () => {
    const real = casebook();
    const url = renamedMiniSearch('_index');
    vi.resetModules();
    vi.doMock('minisearch', () => import(url));
    const { openCasebook } = await import('../../src/casebook/casebook.js');
    const indexDir = tempDir('index-');
    cpSync(inject('indexDir'), indexDir, { recursive: true });
    const { log, lines } = memoryLogger();
    const renamed = openCasebook({ seedsDir: PAGES, indexDir, log });
    expect(renamed.info.origin).toBe('snapshot');
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      expect.stringContaining('MiniSearch 的内部结构与 7.2 版不同'),
    ]);
    for (const q of QUESTIONS) expect(strip(renamed.ask(q, { limit: 15 }))).toEqual(strip(real.ask(q, { limit: 15 })));
  });
});
