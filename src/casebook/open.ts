/**
 * The start-up job: open the casebook from its index on disk, bring it up to the pages folder
 * and the editors' corrections, or build it.
 */
import { silentLogger, type Logger } from '../logger.js';
import { loadCorpus } from '../corpus/load.js';
import { CaseIndex } from '../search/engine.js';
import {
  dictionaryPath,
  folderChanges,
  newCommit,
  readIndex,
  saveSnapshot,
  seedsHashOf,
  type SnapshotData,
} from '../search/snapshot.js';
import { userWords } from '../search/dictionary.js';
import { prunedDictionary, releaseFullDictionary } from '../search/jiebaDictionary.js';
import { dictionarySpec, FULL_DICTIONARY, useDictionary, type DictionarySpec } from '../search/tokenizer.js';
import { applyEdits, editsKey, readEdits, type CasebookEdits } from '../ingest/edits.js';
import { Casebook } from './casebook.js';
import { LiveCasebook } from './live.js';
import { CasebookWriter, type CompactionPolicy } from './writer.js';

export interface OpenOptions {
  seedsDir: string;
  indexDir: string;
  /**
   * The state folder (`DATA_DIR`): the editors' corrections and page dates kept there
   * (`edits.json`) are applied. Without it, the casebook is the raw parse.
   */
  dataDir?: string;
  /** Progress and warnings, in Chinese, for the operator. */
  log?: Logger;
  onProgress?: (done: number, total: number) => void;
  now?: () => Date;
  /** Rebuild even when the snapshot matches. */
  force?: boolean;
  /** When a catch-up's deltas are folded into a new base (see writer.ts). */
  compaction?: Partial<CompactionPolicy>;
}

/**
 * The start-up job: load the index (its base and deltas) and, if the pages folder or the
 * editors' corrections changed since, bring it up to date with one delta, as an add would (the
 * changed pages only); otherwise, or when the index is missing, damaged or of another version,
 * parse the pages, apply the corrections, build the index and write it. A damaged index is
 * rebuilt with a warning.
 */
export function openCasebook(options: OpenOptions): Casebook {
  const log = options.log ?? silentLogger;
  const edits = editsFor(options, log);
  if (options.force) {
    log.info('按要求重建索引，正在建立索引…');
    return buildCasebook(options, edits, log);
  }
  const read = readIndex(options.indexDir);
  if (!read.ok) {
    if (read.stale) log.info(`${read.reason}，正在建立索引…`);
    else log.warn(`${read.reason}，正在重建索引…`);
    return buildCasebook(options, edits, log);
  }
  let live: LiveCasebook;
  try {
    live = LiveCasebook.fromIndex(read.index, 'snapshot');
    warnIfSlowPath(live.index, log);
  } catch (err) {
    log.warn(`索引快照无法载入（${(err as Error).message}），正在重建索引…`);
    return buildCasebook(options, edits, log);
  }
  const changes = folderChanges(options.seedsDir, live.pages.files());
  const editsChanged = (read.index.manifest.edits ?? '') !== editsKey(edits);
  if (changes.changed.length || changes.removed.length || changes.touched.length || editsChanged) {
    const what = changes.changed.length + changes.removed.length;
    // Only modification times changed (a copy, a checkout): recorded quietly.
    if (what || editsChanged)
      log.info(`版面或修订有变化（${what} 个版面${editsChanged ? '，修订有变' : ''}），正在更新索引…`);
    else log.debug('版面的修改时间有变化，正在记录…');
    try {
      const writer = CasebookWriter.open(writerOptions(options), read.index);
      const update = writer.update([{ kind: 'folder' }]);
      if (update) {
        const spec = update.dictionary ? live.nextDictionary(update.dictionary) : undefined;
        live.apply(update.from, update.delta, update.manifest, spec);
        if (update.compact) live.compacted(writer.compact());
      }
      releaseFullDictionary();
    } catch (err) {
      log.warn(`索引无法就地更新（${(err as Error).message}），正在重建索引…`);
      return buildCasebook(options, edits, log);
    }
  }
  useDictionary(live.dictionary);
  return live.casebook();
}

/**
 * Loads the casebook from its index only: undefined (with the reason logged at debug level) when
 * the index does not match the pages and corrections, never a build or an update. Used to pick up
 * what a background build wrote.
 */
export function loadCasebook(options: OpenOptions): Casebook | undefined {
  const log = options.log ?? silentLogger;
  const edits = editsFor(options, log);
  const read = readIndex(options.indexDir);
  if (!read.ok) {
    log.debug(`索引快照未载入：${read.reason}`);
    return undefined;
  }
  try {
    const live = LiveCasebook.fromIndex(read.index, 'snapshot');
    const changes = folderChanges(options.seedsDir, live.pages.files());
    if (changes.changed.length || changes.removed.length || (read.index.manifest.edits ?? '') !== editsKey(edits)) {
      log.debug('索引快照未载入：版面或修订有变化');
      return undefined;
    }
    warnIfSlowPath(live.index, log);
    useDictionary(live.dictionary);
    return live.casebook();
  } catch (err) {
    log.debug(`索引快照无法载入：${(err as Error).message}`);
    return undefined;
  }
}

export function writerOptions(options: OpenOptions) {
  return {
    seedsDir: options.seedsDir,
    indexDir: options.indexDir,
    dataDir: options.dataDir,
    log: options.log,
    now: options.now,
    compaction: options.compaction,
  };
}

/** MiniSearch was restored through its public loadJS: its internals are not 7.2's (see engine.ts). */
function warnIfSlowPath(index: CaseIndex, log: Logger): void {
  if (index.restoredBy === 'loadJS')
    log.warn('MiniSearch 的内部结构与 7.2 版不同：索引改用其公开接口载入（启动较慢，答案不变）');
}

function editsFor(options: OpenOptions, log: Logger): CasebookEdits {
  const { edits, problem } = readEdits(options.dataDir);
  if (problem) log.warn(`${problem}，本次不应用编辑的修订`);
  return edits;
}

/**
 * The build half of the start-up job, for a build thread: parse the pages, apply the edits, index
 * and write the snapshot (throws when it cannot be written). This thread's jieba is left holding
 * the build dictionary; nothing here answers questions.
 */
export function buildSnapshot(options: OpenOptions): { pages: number; articles: number } {
  const log = options.log ?? silentLogger;
  const edits = editsFor(options, log);
  const built = buildIndex(options, edits, log);
  saveBuilt(options, edits, built);
  releaseFullDictionary();
  return { pages: built.data.pages.length, articles: built.data.articles.length };
}

interface Built {
  index: CaseIndex;
  data: SnapshotData;
  builtAt: Date;
  dictionary: DictionarySpec;
}

/** Parses, applies the edits and indexes, segmenting with jieba's full dictionary. */
function buildIndex(options: OpenOptions, edits: CasebookEdits, log: Logger): Built {
  const corpus = loadCorpus(options.seedsDir);
  for (const w of corpus.warnings) log.warn(`${w.source}：${w.message}`);
  const edited = applyEdits(corpus.articles, edits);
  if (edited > 0) log.info(`已应用编辑的修订：${edited} 篇文章`);
  const words = userWords(corpus.articles);
  const dictionary = dictionarySpec(FULL_DICTIONARY, words);
  useDictionary(dictionary);
  const index = CaseIndex.build(corpus.articles, options.onProgress);
  warnIfSlowPath(index, log);
  const data: SnapshotData = {
    pages: corpus.pages,
    articles: corpus.articles,
    captions: corpus.captions,
    warnings: corpus.warnings,
    userWords: words,
    index: index.toData(),
    files: corpus.files,
    edits,
  };
  return { index, data, builtAt: options.now?.() ?? new Date(), dictionary };
}

function saveBuilt(options: OpenOptions, edits: CasebookEdits, built: Built) {
  const { data } = built;
  const dictionary = prunedDictionary([...built.index.terms(), ...data.userWords]);
  const manifest = saveSnapshot(options.indexDir, data, dictionary, {
    commit: newCommit(),
    seedsHash: seedsHashOf(data.files),
    builtAt: built.builtAt,
    edits: editsKey(edits),
    pages: data.pages.length,
    articles: data.articles.length,
  });
  return manifest;
}

function buildCasebook(options: OpenOptions, edits: CasebookEdits, log: Logger): Casebook {
  // Segment the articles with jieba's full dictionary…
  const built = buildIndex(options, edits, log);
  try {
    const manifest = saveBuilt(options, edits, built);
    releaseFullDictionary();
    // …and answer with the pruned one, exactly as a warm start from this snapshot will.
    const live = LiveCasebook.fromIndex(
      { manifest, base: built.data, deltas: [], dictionary: dictionaryPath(options.indexDir, manifest) },
      'build',
      built.index,
    );
    useDictionary(live.dictionary);
    return live.casebook();
  } catch (err) {
    releaseFullDictionary();
    log.warn(`索引快照无法写入 ${options.indexDir}（${(err as Error).message}），下次启动将重新建立`);
  }
  const { data } = built;
  return new Casebook(
    data.pages,
    data.articles,
    data.captions,
    data.warnings,
    built.index,
    { builtAt: built.builtAt, origin: 'build', seedsHash: seedsHashOf(data.files) },
    built.dictionary,
  );
}
