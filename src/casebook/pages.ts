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
  private readonly names: string[] = [];
  private readonly views = new Map<string, PageView>();
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
    return this.names.length;
  }

  get(name: string): PageView | undefined {
    return this.views.get(name);
  }

  /** Puts a page in (or replaces it), keeping the articles' index by id. */
  set(view: PageView): void {
    const name = view.file.name;
    const old = this.views.get(name);
    if (old) for (const a of old.articles) this.byId.delete(a.id);
    else this.names.splice(this.insertionPoint(name), 0, name);
    this.views.set(name, view);
    for (const a of view.articles) this.byId.set(a.id, a);
  }

  delete(name: string): void {
    const old = this.views.get(name);
    if (!old) return;
    for (const a of old.articles) this.byId.delete(a.id);
    this.views.delete(name);
    this.names.splice(this.insertionPoint(name), 1);
  }

  private insertionPoint(name: string): number {
    let lo = 0;
    let hi = this.names.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byName(this.names[mid]!, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Every page, in order. */
  list(): PageView[] {
    return this.names.map((n) => this.views.get(n)!);
  }

  files(): Map<string, PageFile> {
    return new Map(this.names.map((n) => [n, this.views.get(n)!.file]));
  }

  /** The casebook's lists: readable pages, articles, captions and warnings, in page order. */
  lists(): CorpusLists {
    const out: CorpusLists = { pages: [], articles: [], captions: [], warnings: [] };
    for (const name of this.names) {
      const v = this.views.get(name)!;
      if (v.ok) out.pages.push(name);
      for (const a of v.articles) out.articles.push(a);
      for (const c of v.captions) out.captions.push(c);
      for (const w of v.warnings) out.warnings.push(w);
    }
    return out;
  }

  /** Every article id in page order. */
  order(): string[] {
    const out: string[] = [];
    for (const name of this.names) for (const a of this.views.get(name)!.articles) out.push(a.id);
    return out;
  }

  /**
   * Applies a delta's pages: its removed pages out, its pages in, each page's articles taken
   * from the delta's articles or, when unchanged, from the page as it was.
   */
  applyDelta(delta: Pick<DeltaData, 'pages' | 'removedPages' | 'articles'>): void {
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
    for (const name of delta.removedPages) this.delete(name);
    for (const v of views) this.set(v);
  }
}
