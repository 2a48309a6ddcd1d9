/**
 * The casebook's pages in page order (file name order, as a build reads them), each with its
 * file, articles, captions and warnings. The thread that answers and the thread that writes both
 * keep one, changed page by page; the casebook's lists are its pages' lists joined in order,
 * exactly as a build over the same folder would list them.
 */
import type { Article, Caption, Warning } from '../corpus/types.js';
import type { PageFile } from '../corpus/load.js';
import type { DeltaData, SnapshotData } from '../search/snapshot.js';

export interface PageView {
  file: PageFile;
  /** Whether the page could be read (a page that could not is listed with its warning only). */
  ok: boolean;
  articles: readonly Article[];
  captions: readonly Caption[];
  warnings: readonly Warning[];
}

/** The lists a Casebook is made of. */
export interface CorpusLists {
  pages: string[];
  articles: Article[];
  captions: Caption[];
  warnings: Warning[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class PageSet {
  /** The pages in page order (file name order). */
  private readonly ordered: PageView[] = [];
  private readonly views = new Map<string, PageView>();
  /** Every article id in page order, right for the first `pages` pages (see `order`). */
  private readonly orderCache = { ids: [] as string[], pages: 0 };
  /** Every article of every page, by id. */
  readonly byId = new Map<string, Article>();

  /** The pages of a base segment (its lists grouped by page). */
  static fromBase(data: SnapshotData): PageSet {
    const set = new PageSet();
    const ok = new Set(data.pages);
    const group = <T extends { source: string }>(xs: readonly T[]) => {
      const out = new Map<string, T[]>();
      for (const x of xs) {
        const list = out.get(x.source);
        if (list) list.push(x);
        else out.set(x.source, [x]);
      }
      return out;
    };
    const articles = group(data.articles);
    const captions = group(data.captions);
    const warnings = group(data.warnings);
    for (const file of data.files)
      set.set({
        file,
        ok: ok.has(file.name),
        articles: articles.get(file.name) ?? [],
        captions: captions.get(file.name) ?? [],
        warnings: warnings.get(file.name) ?? [],
      });
    return set;
  }

  get size(): number {
    return this.ordered.length;
  }

  get(name: string): PageView | undefined {
    return this.views.get(name);
  }

  /** Puts a page in (or replaces it), keeping the articles' index by id. */
  set(view: PageView): void {
    const name = view.file.name;
    const old = this.views.get(name);
    const at = this.insertionPoint(name);
    if (old) {
      for (const a of old.articles) this.byId.delete(a.id);
      this.ordered[at] = view;
    } else this.ordered.splice(at, 0, view);
    this.views.set(name, view);
    for (const a of view.articles) this.byId.set(a.id, a);
    this.orderCache.pages = Math.min(this.orderCache.pages, at);
  }

  delete(name: string): void {
    const old = this.views.get(name);
    if (!old) return;
    for (const a of old.articles) this.byId.delete(a.id);
    this.views.delete(name);
    const at = this.insertionPoint(name);
    this.ordered.splice(at, 1);
    this.orderCache.pages = Math.min(this.orderCache.pages, at);
  }

  private insertionPoint(name: string): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byName(this.ordered[mid]!.file.name, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Every page, in order. */
  list(): PageView[] {
    return [...this.ordered];
  }

  files(): Map<string, PageFile> {
    return new Map(this.ordered.map((v) => [v.file.name, v.file]));
  }

  /** The casebook's lists: readable pages, articles, captions and warnings, in page order. */
  lists(): CorpusLists {
    const out: CorpusLists = { pages: [], articles: [], captions: [], warnings: [] };
    for (const v of this.ordered) {
      if (v.ok) out.pages.push(v.file.name);
      for (const a of v.articles) out.articles.push(a);
      for (const c of v.captions) out.captions.push(c);
      for (const w of v.warnings) out.warnings.push(w);
    }
    return out;
  }

  /**
   * Every article id in page order. Kept from one change to the next and made again only from the
   * first page that changed (an added page at the end costs its own articles); the list is valid
   * until the next change, for a caller that reads it or copies it.
   */
  order(): readonly string[] {
    const cache = this.orderCache;
    let kept = 0;
    for (let k = 0; k < cache.pages; k++) kept += this.ordered[k]!.articles.length;
    cache.ids.length = kept;
    for (let k = cache.pages; k < this.ordered.length; k++)
      for (const a of this.ordered[k]!.articles) cache.ids.push(a.id);
    cache.pages = this.ordered.length;
    return cache.ids;
  }

  /**
   * Applies a delta's pages: its removed pages out, its pages in, each page's articles taken
   * from the delta's articles or, when unchanged, from the page as it was.
   */
  applyDelta(delta: Pick<DeltaData, 'pages' | 'removedPages' | 'articles'>): void {
    this.commit(this.prepare(delta));
  }

  /**
   * The first half of `applyDelta`, which changes nothing: the delta's pages as they will be. Valid
   * until the set changes.
   */
  prepare(delta: Pick<DeltaData, 'pages' | 'removedPages' | 'articles'>): PageChange {
    const fresh = new Map(delta.articles.map((a) => [a.id, a]));
    const views = delta.pages.map((p) => ({
      file: p.file,
      ok: p.ok,
      articles: p.articles.map((id) => {
        const a = fresh.get(id) ?? this.byId.get(id);
        if (!a) throw new Error(`增量段中的文章 ${id} 不存在`);
        return a;
      }),
      captions: p.captions,
      warnings: p.warnings,
    }));
    const articles = new Map<string, Article>();
    for (const v of views) for (const a of v.articles) articles.set(a.id, a);
    return {
      removed: delta.removedPages,
      views,
      articles,
      touched: new Set([...delta.removedPages, ...views.map((v) => v.file.name)]),
    };
  }

  /** The second half of `applyDelta`: the removed pages out, the new views in. */
  commit(change: PageChange): void {
    for (const name of change.removed) this.delete(name);
    for (const v of change.views) this.set(v);
  }

  /**
   * An article as it will be once `change` is committed: on one of its pages, else on a page it
   * leaves as it is (undefined when its page goes).
   */
  articleAfter(change: PageChange, id: string): Article | undefined {
    const a = change.articles.get(id) ?? this.byId.get(id);
    return a && (change.articles.has(id) || !change.touched.has(a.source)) ? a : undefined;
  }
}

/** The pages a delta takes out and puts in (see PageSet.prepare). */
export interface PageChange {
  removed: readonly string[];
  views: PageView[];
  /** The articles of `views`, by id. */
  articles: Map<string, Article>;
  /** The pages removed or put in. */
  touched: Set<string>;
}
