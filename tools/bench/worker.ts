/**
 * One benchmark measurement in a fresh process, printed as one JSON line on stdout.
 *   build <seeds> <index> <questions-out>   floor (raw jieba.cut), cold build, snapshot
 *   warm <seeds> <index> <questions>        snapshot load to first answer, RSS, answer latency
 *   naive-build <seeds> <snapshot>          the naive engine's build and JSON snapshot
 *   naive-warm <snapshot> <questions>       its load to first answer, RSS, bare-query latency
 *   add <seeds> <index> <questions> <pages> pages added to a warm casebook as the bot adds them:
 *                                           time to answerable, and answer latency meanwhile
 */
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jieba from 'nodejieba';
import { listPages, loadCorpus } from '../../src/corpus/load.js';
import { CaseIndex } from '../../src/search/engine.js';
import { userWords } from '../../src/search/dictionary.js';
import { addUserWords, loadDictionary, prunedDictionary } from '../../src/search/tokenizer.js';
import { newCommit, saveSnapshot, seedsHashOf } from '../../src/search/snapshot.js';
import { openCasebook } from '../../src/casebook/casebook.js';
import { CasebookHolder } from '../../src/casebook/holder.js';
import { BackgroundUpdater } from '../../src/casebook/incremental.js';
import { buildNaive, loadNaive, naiveSnapshot } from './naive.js';
import { benchQuestions } from './synthetic.js';
import { progressBar } from '../../src/logger.js';

const [mode, a, b, c, d] = process.argv.slice(2) as [string, string, string, string, string];
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const memory = () => ({ rssMB: mb(process.memoryUsage().rss), heapMB: mb(process.memoryUsage().heapUsed) });
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

function percentiles(samples: number[]): { p50Ms: number; p99Ms: number } {
  const s = [...samples].sort((x, y) => x - y);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 100) / 100;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** How often a question is issued while pages are added (ms). */
const QUESTION_EVERY_MS = 5;
/** Pages added one at a time (addPageMs), then back to back under questions (p99DuringAddMs). */
const TIMED_ADDS = 9;
const BACK_TO_BACK_ADDS = 48;
/**
 * The adding and the idle schedules come in pairs, ROUNDS of them: BACK_TO_BACK_ADDS / ROUNDS pages
 * added back to back under scheduled questions, then the same questions on the same schedule with
 * no adds. Both see the same questions (a rare slow one counts in both or neither), and whatever
 * else the machine is doing weighs on both alike rather than on whichever ran in a busy second.
 */
const ROUNDS = 16;

const sleep = (ms: number) => new Promise<void>((r) => (ms > 0 ? setTimeout(r, ms) : setImmediate(r)));

/**
 * Questions on a fixed schedule (one every QUESTION_EVERY_MS) until `done()`, each timed from its
 * scheduled moment to its answer: an answer held up by something blocking the thread (an add
 * applied in one long step) shows in every question that was due meanwhile. The questions are
 * taken in turn from `first` on; `done` is told how many have been asked.
 */
async function scheduledQuestions(
  holder: CasebookHolder,
  questions: readonly string[],
  first: number,
  done: (asked: number) => boolean,
): Promise<number[]> {
  const samples: number[] = [];
  const start = performance.now();
  for (let k = 0; !done(k); k++) {
    const due = start + k * QUESTION_EVERY_MS;
    // Always give the event loop a turn (the add's messages), even when behind schedule.
    await sleep(due - performance.now());
    holder.current.ask(questions[(first + k) % questions.length]!);
    samples.push(performance.now() - due);
  }
  return samples;
}

/**
 * Adds new pages to a casebook opened warm from its snapshot, through the same holder and
 * updater as the bot (the build thread writes and commits each delta; this thread applies it).
 * addPageMs: from the page's bytes arriving (written to the pages folder) to its first article
 * answering a question about it, the delta committed on disk (the median of TIMED_ADDS adds).
 * p99DuringAddMs: scheduled questions while BACK_TO_BACK_ADDS more pages are added (each page is
 * checked to answer once the schedules have ended, so that only scheduled questions are timed); the
 * idle schedule beside it (p99IdleScheduledMs) is the same kind of schedule with no adds, in turns
 * with it (ROUNDS).
 */
async function addPages(seedsDir: string, indexDir: string, questions: string[], pagesDir: string): Promise<void> {
  const cb = openCasebook({ seedsDir, indexDir });
  if (cb.info.origin !== 'snapshot') throw new Error('the add bench did not load the snapshot');
  const updater = new BackgroundUpdater({ seedsDir, indexDir });
  const holder = new CasebookHolder(cb, updater);
  // As an upload's preview does: the build thread loads the writer's state before the first add.
  holder.prepare();
  while (updater.thread.busy) await sleep(20);
  // One pass over the questions first, as a bot that has been answering for a while: what is
  // measured is what adds cost the answers, not each case's first reading (lazy postings, figures).
  for (const q of questions) holder.current.ask(q);

  const pages = listPages(pagesDir);
  if (pages.length < TIMED_ADDS + BACK_TO_BACK_ADDS) throw new Error('not enough pages to add');
  const probes = loadCorpus(pagesDir).articles;
  let next = 0;
  /** Checks that a page's first article answers a question about it. */
  const check = (name: string) => {
    const probe = probes.find((x) => x.source === name)!;
    const found = holder.current.ask(probe.headline, { limit: 20 }).results.some((r) => r.id === probe.id);
    if (!found) throw new Error(`${name}: its article did not answer after the add`);
  };
  /** Adds the next page; checks it answers at once, or (`checkLater`) leaves that to the caller. */
  const add = async (checkLater = false): Promise<number> => {
    const name = pages[next++]!;
    const t = performance.now();
    copyFileSync(join(pagesDir, name), join(seedsDir, name));
    const outcome = await holder.refresh({ kind: 'add', page: name });
    if (outcome.error) throw new Error(`add failed: ${outcome.error}`);
    const ms = performance.now() - t;
    if (!checkLater) check(name);
    return ms;
  };

  const addMs: number[] = [];
  for (let i = 0; i < TIMED_ADDS; i++) addMs.push(await add());
  const stages = updater.last;

  const idle: number[] = [];
  const samples: number[] = [];
  const backToBack: number[] = [];
  const first = next;
  let asked = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let adding = true;
    const during = scheduledQuestions(holder, questions, asked, () => !adding);
    // Only the scheduled questions while adding: each page is checked once the schedules have ended.
    for (let i = 0; i < BACK_TO_BACK_ADDS / ROUNDS; i++) backToBack.push(await add(true));
    adding = false;
    const timed = await during;
    samples.push(...timed);
    // Idle means idle: the build thread done with the last add (and any compaction it started).
    while (updater.thread.busy) await sleep(20);
    idle.push(...(await scheduledQuestions(holder, questions, asked, (k) => k >= timed.length)));
    asked += timed.length;
  }
  for (const name of pages.slice(first, next)) check(name);
  await updater.close();
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  out({
    addPageMs: Math.round(median(addMs)),
    addPageMaxMs: Math.round(Math.max(...addMs)),
    addBackToBackMs: Math.round(median(backToBack)),
    addStagesMs: stages && {
      writer: round(stages.writer),
      dictionary: round(stages.dictionary),
      apply: round(stages.apply),
      longestTurn: round(stages.longestTurn),
      waited: round(stages.waited),
    },
    p99DuringAddMs: percentiles(samples).p99Ms,
    p99IdleScheduledMs: percentiles(idle).p99Ms,
    questionsDuringAdd: samples.length,
  });
}

if (mode === 'build') {
  loadDictionary(); // the dictionary load is not segmentation
  const texts = listPages(a).map((n) => readFileSync(join(a, n), 'utf8'));
  // The floor is taken before the build and again after it, and averaged: on a shared machine
  // one pass of either can run 20–30% slow, and the ratio would say more about the neighbours.
  const floor = () => {
    const start = performance.now();
    for (const text of texts) jieba.cut(text, true);
    return performance.now() - start;
  };
  const floorBefore = floor();

  let t = performance.now();
  const corpus = loadCorpus(a);
  const words = userWords(corpus.articles);
  addUserWords(words);
  const index = CaseIndex.build(corpus.articles, progressBar('建立索引'));
  const buildMs = performance.now() - t;
  const floorAfter = floor();
  const floorMs = (floorBefore + floorAfter) / 2;

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
    floorPassesMs: [Math.round(floorBefore), Math.round(floorAfter)],
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
} else if (mode === 'add') {
  await addPages(a, b, JSON.parse(readFileSync(c, 'utf8')) as string[], d);
} else {
  throw new Error(`unknown mode ${mode}`);
}
