/**
 * The answering side of incremental adds: the casebook's pages and its index, changed in place by
 * the writer's deltas. Each change gives a new Casebook for the holder to swap in; they all share
 * the one index (a copy per change would cost what a build costs), so a casebook swapped out
 * follows the live one. Every change is applied between two questions, in one synchronous step:
 * no question sees half of it.
 */
import type { Article } from '../corpus/types.js';
import { CaseIndex, type DocPlace } from '../search/engine.js';
import { dictionarySpec, pinDictionary, type DictionarySpec } from '../search/tokenizer.js';
import type { DeltaData, Manifest, StoredIndex } from '../search/snapshot.js';
import { Casebook, type CasebookInfo } from './casebook.js';
import { PageSet, type PageView } from './pages.js';
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
        places: placesOf(pages, d),
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
    );
    lives.set(casebook, this);
    commits.set(casebook, this.manifest.commit);
    return casebook;
  }

  /**
   * Applies one committed change, and the query dictionary it comes with (`spec`: the new
   * dictionary, already prepared by the caller when it must be loaded again). Checked before
   * anything changes; a change that does not fit throws and leaves the state as it was.
   */
  apply(from: string, delta: DeltaData, manifest: Manifest, spec?: DictionarySpec): Casebook {
    if (from !== this.manifest.commit)
      throw new Error(`增量基于 ${from}，而案例库在 ${this.manifest.commit}（索引被其他进程改动过）`);
    const before = new Map<string, PageView | undefined>();
    for (const name of [...delta.removedPages, ...delta.pages.map((p) => p.file.name)])
      before.set(name, this.pages.get(name));
    this.pages.applyDelta(delta);
    try {
      this.index.apply({
        removed: delta.index.removed,
        added: delta.index.added,
        places: placesOf(this.pages, delta),
        order: this.pages.order(),
      });
    } catch (err) {
      // Put the pages back: the index refused the change before touching anything.
      for (const [name, view] of before) {
        if (view) this.pages.set(view);
        else this.pages.delete(name);
      }
      throw err;
    }
    this.words = mergeWords(this.words, delta.userWords);
    if (spec) this.dictionary.set(spec);
    this.manifest = manifest;
    return this.casebook();
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

/** The county and place of every article a delta puts in the index or changes. */
function placesOf(pages: PageSet, delta: Pick<DeltaData, 'index' | 'articles'>): [string, DocPlace][] {
  const ids = new Set([...delta.index.added.ids, ...delta.articles.map((a) => a.id)]);
  return [...ids].map((id) => {
    const a: Article | undefined = pages.byId.get(id);
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
