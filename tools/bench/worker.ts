/**
 * One benchmark measurement in a fresh process, printed as one JSON line on stdout.
 *   build <seeds> <index> <questions-out>   floor (raw jieba.cut), cold build, snapshot
 *   warm <seeds> <index> <questions>        snapshot load to first answer, RSS, answer latency
 *   naive-build <seeds> <snapshot>          the naive engine's build and JSON snapshot
 *   naive-warm <snapshot> <questions>       its load to first answer, RSS, bare-query latency
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jieba from 'nodejieba';
import { listPages, loadCorpus } from '../../src/corpus/load.js';
import { CaseIndex } from '../../src/search/engine.js';
import { userWords } from '../../src/search/dictionary.js';
import { addUserWords, loadDictionary, prunedDictionary } from '../../src/search/tokenizer.js';
import { newCommit, saveSnapshot, seedsHashOf } from '../../src/search/snapshot.js';
import { openCasebook } from '../../src/casebook/casebook.js';
import { buildNaive, loadNaive, naiveSnapshot } from './naive.js';
import { benchQuestions } from './synthetic.js';
import { progressBar } from '../../src/logger.js';

const [mode, a, b, c] = process.argv.slice(2) as [string, string, string, string];
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const memory = () => ({ rssMB: mb(process.memoryUsage().rss), heapMB: mb(process.memoryUsage().heapUsed) });
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

function percentiles(samples: number[]): { p50Ms: number; p99Ms: number } {
  const s = [...samples].sort((x, y) => x - y);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 100) / 100;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

if (mode === 'build') {
  loadDictionary(); // the dictionary load is not segmentation
  const texts = listPages(a).map((n) => readFileSync(join(a, n), 'utf8'));
  let t = performance.now();
  for (const text of texts) jieba.cut(text, true);
  const floorMs = performance.now() - t;

  t = performance.now();
  const corpus = loadCorpus(a);
  const words = userWords(corpus.articles);
  addUserWords(words);
  const index = CaseIndex.build(corpus.articles, progressBar('建立索引'));
  const buildMs = performance.now() - t;

  t = performance.now();
  const data = {
    pages: corpus.pages,
    articles: corpus.articles,
    captions: corpus.captions,
    warnings: corpus.warnings,
    userWords: words,
    index: index.toData(),
    files: corpus.files,
  };
  saveSnapshot(b, data, prunedDictionary([...index.terms(), ...words]), {
    commit: newCommit(),
    seedsHash: seedsHashOf(corpus.files),
    builtAt: new Date(),
    edits: '',
    pages: corpus.pages.length,
    articles: corpus.articles.length,
  });
  const snapshotWriteMs = performance.now() - t;
  writeFileSync(c, JSON.stringify(benchQuestions(corpus.articles, 1000)));
  out({
    articles: corpus.articles.length,
    textMB: mb(texts.reduce((n, x) => n + Buffer.byteLength(x), 0)),
    floorMs: Math.round(floorMs),
    buildMs: Math.round(buildMs),
    snapshotWriteMs: Math.round(snapshotWriteMs),
    snapshotMB: mb(statSync(join(b, 'snapshot.bin')).size),
  });
} else if (mode === 'warm') {
  const questions = JSON.parse(readFileSync(c, 'utf8')) as string[];
  const t = performance.now();
  const cb = openCasebook({ seedsDir: a, indexDir: b });
  const loadedMs = performance.now() - t;
  cb.ask(questions[0]!);
  const warmStartMs = performance.now() - t;
  const mem = memory();
  if (cb.info.origin !== 'snapshot') throw new Error('warm start did not load the snapshot');
  const samples: number[] = [];
  for (const q of questions) {
    const s = performance.now();
    cb.ask(q);
    samples.push(performance.now() - s);
  }
  out({ warmStartMs: Math.round(warmStartMs), loadMs: Math.round(loadedMs), ...mem, ...percentiles(samples) });
} else if (mode === 'naive-build') {
  jieba.cut('预热');
  const t = performance.now();
  const corpus = loadCorpus(a);
  const mini = buildNaive(corpus.articles);
  const buildMs = performance.now() - t;
  writeFileSync(b, naiveSnapshot(mini));
  out({ buildMs: Math.round(buildMs), snapshotMB: mb(statSync(b).size) });
} else if (mode === 'naive-warm') {
  const questions = JSON.parse(readFileSync(b, 'utf8')) as string[];
  const t = performance.now();
  const mini = loadNaive(readFileSync(a, 'utf8'));
  mini.search(questions[0]!);
  const warmStartMs = performance.now() - t;
  const mem = memory();
  const samples: number[] = [];
  for (const q of questions) {
    const s = performance.now();
    mini.search(q);
    samples.push(performance.now() - s);
  }
  out({ warmStartMs: Math.round(warmStartMs), ...mem, ...percentiles(samples) });
} else {
  throw new Error(`unknown mode ${mode}`);
}
