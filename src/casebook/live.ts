/**
 * The answering side of incremental adds: the casebook's pages and its index, changed in place by
 * the writer's deltas. Each change gives a new Casebook for the holder to swap in; they all share
 * the one index and the one table of articles by id (a copy per change would cost what a build
 * costs), so a casebook swapped out follows the live one. A change is prepared first (checked, and
 * every term and page it touches looked up, changing nothing), then made between two questions in
 * one short synchronous step: no question sees half of it.
 */
import type { Article } from '../corpus/types.js';
import { CaseIndex, type DocPlace, type PreparedChange } from '../search/engine.js';
import { allSteps } from '../search/steps.js';
import { dictionarySpec, pinDictionary, type DictionarySpec } from '../search/tokenizer.js';
import type { DeltaData, Manifest, StoredIndex } from '../search/snapshot.js';
import { Casebook, type CasebookInfo } from './casebook.js';
import { PageSet, type PageChange, type PageView } from './pages.js';
import type { DictionaryChange } from './writer.js';

/** A dictionary spec that always names the live casebook's current query dictionary. */
export class LiveDictionary implements DictionarySpec {
  constructor(private spec: DictionarySpec) {}
  get key(): string {
    return this.spec.key;
  }
  get file(): string {
    return this.spec.file;
  }
  get words(): readonly string[] {
    return this.spec.words;
  }
  /** The spec as it is now (a value that does not change). */
  get current(): DictionarySpec {
    return this.spec;
  }
  set(spec: DictionarySpec): void {
    this.spec = spec;
  }
}

/** The casebooks made by a LiveCasebook, so that an updater can find the live state of the current one. */
const lives = new WeakMap<Casebook, LiveCasebook>();

/** The commit each casebook was made at (its live state moves on with later changes). */
const commits = new WeakMap<Casebook, string>();

/** The commit a casebook with live state was made at. */
export function commitOf(casebook: Casebook): string | undefined {
  return commits.get(casebook);
}

/** The live state behind a casebook, if it has one (casebooks opened from a snapshot or a build). */
export function liveOf(casebook: Casebook): LiveCasebook | undefined {
  return lives.get(casebook);
}

/** A query dictionary spec: a pinned copy of the index's dictionary file and the user words. */
export function querySpec(file: string, hash: string, words: readonly string[]): DictionarySpec {
  return dictionarySpec(pinDictionary(file, hash), words, hash);
}

/** A change checked and looked up, not yet made (see LiveCasebook.prepare). */
export interface PreparedUpdate {
  from: string;
  pages: PageChange;
  index: PreparedChange;
  /** The user words after the change. */
  words: string[];
  manifest: Manifest;
}

export class LiveCasebook {
  private constructor(
    readonly pages: PageSet,
    readonly index: CaseIndex,
    private words: string[],
    readonly dictionary: LiveDictionary,
    private manifest: Manifest,
    private readonly origin: CasebookInfo['origin'],
  ) {}

  /**
   * The live casebook of an index read from disk: the base, with each delta applied in order
   * (the same code that applies a delta at run time), or of a build just written (`built`).
   */
  static fromIndex(stored: StoredIndex, origin: CasebookInfo['origin'], built?: CaseIndex): LiveCasebook {
    const { base, deltas, manifest } = stored;
    const pages = PageSet.fromBase(base);
    const index = built ?? CaseIndex.load(base.index, base.articles);
    if (deltas.length > 0 && !index.updatable) throw new Error('索引不能就地更新（MiniSearch 经公开接口载入）');
    let words = base.userWords;
    deltas.forEach((d, i) => {
      pages.applyDelta(d);
      index.apply({
        removed: d.index.removed,
        added: d.index.added,
        places: placesOf((id) => pages.byId.get(id), d),
        order: i === deltas.length - 1 ? pages.order() : undefined,
      });
      words = mergeWords(words, d.userWords);
    });
    const spec = querySpec(stored.dictionary, manifest.dictionaryHash, words);
    return new LiveCasebook(pages, index, words, new LiveDictionary(spec), manifest, origin);
  }

  /** The commit this state stands on. */
  get commit(): string {
    return this.manifest.commit;
  }

  /** The user words, sorted. */
  get userWords(): readonly string[] {
    return this.words;
  }

  /** A casebook over the state as it is now. */
  casebook(): Casebook {
    const lists = this.pages.lists();
    const info: CasebookInfo = {
      builtAt: new Date(this.manifest.builtAt),
      origin: this.origin,
      seedsHash: this.manifest.seedsHash,
    };
    const casebook = new Casebook(
      lists.pages,
      lists.articles,
      lists.captions,
      lists.warnings,
      this.index,
      info,
      this.dictionary,
      this.pages.byId,
    );
    lives.set(casebook, this);
    commits.set(casebook, this.manifest.commit);
    return casebook;
  }

  /**
   * Applies one committed change, and the query dictionary it comes with (`spec`: the new
   * dictionary, already prepared by the caller when it must be loaded again). Checked before
   * anything changes; a change that does not fit throws and leaves the state as it was. The same
   * as `prepare` and then `applyPrepared`.
   */
  apply(from: string, delta: DeltaData, manifest: Manifest, spec?: DictionarySpec): Casebook {
    return this.applyPrepared(this.prepare(from, delta, manifest), spec);
  }

  /**
   * The first half of `apply`, which changes nothing: the change checked, and its pages and index
   * entries looked up (see CaseIndex.prepare). Questions answered before `applyPrepared` see the
   * casebook as it was.
   */
  prepare(from: string, delta: DeltaData, manifest: Manifest): PreparedUpdate {
    return allSteps(this.prepareInSteps(from, delta, manifest));
  }

  /** `prepare` in steps of a fraction of a millisecond, so that questions can be answered between them. */
  *prepareInSteps(from: string, delta: DeltaData, manifest: Manifest): Generator<void, PreparedUpdate> {
    this.checkFrom(from);
    const pages = this.pages.prepare(delta);
    yield;
    const index = yield* this.index.prepareInSteps({
      removed: delta.index.removed,
      added: delta.index.added,
      places: placesOf((id) => this.pages.articleAfter(pages, id), delta),
    });
    yield;
    return { from, pages, index, words: mergeWords(this.words, delta.userWords), manifest };
  }

  /**
   * The second half of `apply`: a prepared change made in one synchronous step (a few map
   * operations per term and page), and the casebook over the state after it. Throws, changing
   * nothing, if the state moved on since `prepare`.
   */
  applyPrepared(prepared: PreparedUpdate, spec?: DictionarySpec): Casebook {
    this.checkFrom(prepared.from);
    const before = new Map<string, PageView | undefined>();
    for (const name of prepared.pages.touched) before.set(name, this.pages.get(name));
    this.pages.commit(prepared.pages);
    try {
      this.index.commit(prepared.index, this.pages.order());
    } catch (err) {
      // Put the pages back: the index refused the change before touching anything.
      for (const [name, view] of before) {
        if (view) this.pages.set(view);
        else this.pages.delete(name);
      }
      throw err;
    }
    this.words = prepared.words;
    if (spec) this.dictionary.set(spec);
    this.manifest = prepared.manifest;
    return this.casebook();
  }

  private checkFrom(from: string): void {
    if (from !== this.manifest.commit)
      throw new Error(`增量基于 ${from}，而案例库在 ${this.manifest.commit}（索引被其他进程改动过）`);
  }

  /** The query dictionary after a change, for a caller that prepares it before `apply`. */
  nextDictionary(change: DictionaryChange): DictionarySpec {
    return querySpec(change.file, change.hash, change.words);
  }

  /** After a compaction: the same casebook, a new manifest. */
  compacted(manifest: Manifest): void {
    if (manifest.commit === this.manifest.commit) this.manifest = manifest;
  }
}

/** The county and place of every article a delta puts in the index or changes (`article`: as it will be). */
function placesOf(
  article: (id: string) => Article | undefined,
  delta: Pick<DeltaData, 'index' | 'articles'>,
): [string, DocPlace][] {
  const ids = new Set([...delta.index.added.ids, ...delta.articles.map((a) => a.id)]);
  return [...ids].map((id) => {
    const a = article(id);
    if (!a) throw new Error(`增量中的文章 ${id} 不在任何版面上`);
    return [id, { county: a.county ?? '', source: a.source, position: a.position }];
  });
}

/**
 * The sorted user words after a change, merged in one pass (no sort of the whole list: this runs
 * in the answering thread at every add).
 */
function mergeWords(words: readonly string[], change: DeltaData['userWords']): string[] {
  if (change.added.length === 0 && change.removed.length === 0) return [...words];
  const removed = new Set(change.removed);
  const added = [...new Set(change.added)].sort();
  const out: string[] = [];
  let j = 0;
  for (const w of words) {
    while (j < added.length && added[j]! < w) out.push(added[j++]!);
    // Removed, then added (as a set would do it): an added word stays.
    if (j < added.length && added[j] === w) {
      j++;
      out.push(w);
    } else if (!removed.has(w)) out.push(w);
  }
  while (j < added.length) out.push(added[j++]!);
  return out;
}
