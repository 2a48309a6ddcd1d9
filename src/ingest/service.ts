/**
 * Adding pages to the casebook, as a domain service the bot (or the console, or a test) calls:
 * uploads with a preview and 入库/替换/取消, duplicates and replacements, pages dropped into the
 * folder, page dates, corrections, listing and removal, every change audited. It never imports
 * grammY: the bot turns updates into these calls and renders what they return.
 *
 * Where things go: pages in the pages folder (`SEEDS_DIR`), named by date and page
 * (`2024-05-21_07.txt`); corrections and page dates in `DATA_DIR/edits.json`; replaced and removed
 * pages in `DATA_DIR/trash/`; the audit log and pending uploads in SQLite under `DATA_DIR`.
 */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { Db } from '../db/db.js';
import { silentLogger, type Logger } from '../logger.js';
import type { Article } from '../corpus/types.js';
import { parsePage } from '../corpus/page.js';
import { datePage, readPageFile } from '../corpus/load.js';
import { decodePage, encodingLabel, formatBytes, type PageEncoding, type RefusalReason } from '../corpus/encoding.js';
import {
  dateFromFileName,
  pageFileName,
  parseDateEdition,
  compareNewestFirst,
  type PageDate,
} from '../corpus/dates.js';
import { citation } from '../corpus/citation.js';
import { COUNTIES, resolveCounty } from '../corpus/registry.js';
import type { CasebookHolder, RefreshOutcome } from '../casebook/holder.js';
import type { Casebook } from '../casebook/casebook.js';
import { PageCatalog, pageRef, signature, textHash, type PageRef } from './catalog.js';
import { readEdits, writeEdits, type CasebookEdits, type EditorRef, type FieldFix, type FixField } from './edits.js';
import { AuditLog, PendingUploads, type AuditEntry, type AuditVia, type PendingUpload } from './store.js';

/** Every tunable of adding pages, documented in one place. */
export interface IngestSettings {
  /** The largest page file accepted (bytes); see DECODE_DEFAULTS. */
  maxBytes: number;
  /** How long an upload waits for 入库/取消 (ms). */
  pendingTtlMs: number;
  /** How long settled uploads are kept in SQLite (ms). */
  keepSettledMs: number;
  /** Longest headline an editor may set. */
  maxHeadline: number;
  /** A page dated more than this many days after today gets a warning. */
  futureDays: number;
}

export const INGEST_DEFAULTS: Readonly<IngestSettings> = {
  maxBytes: 1024 * 1024,
  pendingTtlMs: 24 * 3600 * 1000,
  keepSettledMs: 7 * 24 * 3600 * 1000,
  maxHeadline: 80,
  futureDays: 1,
};

export interface IngestOptions {
  /** The pages folder every command reads (`SEEDS_DIR`). */
  seedsDir: string;
  /** The state folder (`DATA_DIR`): edits.json and trash/. */
  dataDir: string;
  db: Db;
  holder: CasebookHolder;
  /** Users who may add, fix, date and remove pages (`ADMIN_USER_IDS`). */
  editors: readonly number[];
  /** For "today" and trash names; default Asia/Shanghai. */
  timeZone?: string;
  now?: () => Date;
  log?: Logger;
  settings?: Partial<IngestSettings>;
}

/** The system as an editor: changes found in the pages folder. */
export const FOLDER_EDITOR: EditorRef = { id: null, name: '页面目录' };

// ---------------------------------------------------------------------------------------------
// What the service returns. Texts are plain Chinese; the bot escapes and lays them out.

/** An article as the preview shows it. */
export interface ArticlePreview {
  id: string;
  headline: string;
  county: string | null;
  reporters: string[];
  paragraphs: number;
  figures: number;
}

export interface CaptionPreview {
  text: string;
  county: string | null;
  photographers: string[];
}

export type UploadAction = 'accept' | 'replace' | 'cancel';

/**
 * - `new`: a page not in the casebook: 入库 / 取消.
 * - `replacement`: same date and 版次 as a stored page, different text: 替换 / 取消.
 * - `duplicate`: the same text is stored already: no buttons.
 * - `unusable`: no article could be read from it: 取消 only.
 */
export type UploadStatus = 'new' | 'replacement' | 'duplicate' | 'unusable';

export interface UploadPreview {
  /** The pending upload the buttons refer to (short, fits callback data); absent for duplicates. */
  uploadId?: string;
  /** The file name as sent. */
  fileName: string;
  encoding: PageEncoding;
  /** `UTF-8`, `GBK/GB18030`… */
  encodingLabel: string;
  date: string | null;
  edition: string | null;
  /** Where the date came from. */
  dateSource: 'caption' | 'file-name' | null;
  /** How its cases will be cited: `《济宁日报》2024年5月21日 第7版`. */
  citation: string;
  /** The file it will be stored as in the pages folder. */
  target: string;
  articles: ArticlePreview[];
  captions: CaptionPreview[];
  /** Every warning, in plain Chinese: the parser's, the date's, the encoding's. */
  warnings: string[];
  status: UploadStatus;
  /** One line saying what this is: `重复：该版面已入库（2024年5月21日 第7版）`, `将替换…`, `新版面…`. */
  headline: string;
  duplicateOf?: PageRef;
  /** The stored pages a 替换 moves to the trash, with their number of articles. */
  replaces: (PageRef & { articles: number })[];
  /** The buttons to offer, in order. */
  actions: UploadAction[];
  /** Epoch ms after which the buttons no longer work (absent for duplicates). */
  expiresAt?: number;
}

export type Refusal = { kind: 'refused'; reason: RefusalReason | 'not-editor'; message: string };

export type ReceiveOutcome = Refusal | { kind: 'preview'; preview: UploadPreview };

/** An upload's buttons no longer apply. */
export type Stale = { kind: 'expired' | 'settled'; message: string };

export type AcceptOutcome =
  | Refusal
  | Stale
  /** The page is written; `answerable` once the casebook answering questions includes it. */
  | {
      kind: 'accepted';
      page: PageRef;
      articles: ArticlePreview[];
      replaced: { page: PageRef; trashedTo: string }[];
      answerable: boolean;
      /** Why it is not answerable yet (the casebook update failed; the page is picked up later). */
      error?: string;
      message: string;
    }
  /** Things changed since the preview: a fresh preview with the buttons that apply now. */
  | { kind: 'changed'; preview: UploadPreview; message: string };

export type CancelOutcome = Refusal | Stale | { kind: 'cancelled'; message: string };

/** A page in the listing. */
export interface PageListing extends PageRef {
  citation: string;
  /** Articles from it in the current casebook. */
  articles: number;
  /** Who added it (null: it was in the folder before the bot recorded adds). */
  addedBy: EditorRef | null;
  /** When: the audit time, else the file's modification time (epoch ms). */
  addedAt: number;
  via: AuditVia | null;
}

export type PageMatch =
  | { kind: 'found'; page: PageRef }
  | { kind: 'ambiguous'; candidates: PageRef[]; message: string }
  | { kind: 'not-found'; message: string };

export type RemoveOutcome =
  | Refusal
  | Exclude<PageMatch, { kind: 'found' }>
  | {
      kind: 'removed';
      page: PageRef;
      articles: number;
      trashedTo: string;
      answerable: boolean;
      error?: string;
      message: string;
    };

export type DateOutcome =
  | Refusal
  | Exclude<PageMatch, { kind: 'found' }>
  | { kind: 'invalid'; message: string }
  | {
      kind: 'dated';
      page: PageRef;
      previous: PageRef;
      warnings: string[];
      answerable: boolean;
      error?: string;
      message: string;
    };

export type FixOutcome =
  | Refusal
  | { kind: 'not-found'; message: string }
  | { kind: 'invalid'; message: string }
  | {
      kind: 'fixed';
      articleId: string;
      field: FixField;
      from: string | null;
      to: string | null;
      /** The correction was undone (the value is the parser's again). */
      reverted: boolean;
      answerable: boolean;
      error?: string;
      message: string;
    };

export interface FixListing {
  articleId: string;
  field: FixField;
  /** The value in force. */
  value: string | null;
  /** What the parser said. */
  was: string | null;
  by: EditorRef;
  at: string;
  /** The article's headline now, or null when it is no longer in the casebook. */
  headline: string | null;
}

/** What happened to a file in the pages folder, for messages to editors. */
export type FolderEvent =
  | {
      kind: 'added' | 'replaced';
      page: PageRef;
      articles: ArticlePreview[];
      captions: number;
      warnings: string[];
      answerable: boolean;
      message: string;
    }
  | { kind: 'refused'; page: string; message: string }
  | { kind: 'duplicate'; page: string; duplicateOf: PageRef; trashedTo: string; message: string }
  | { kind: 'removed'; page: string; message: string };

/** Files that changed in the pages folder (see PageWatcher). */
export interface FolderChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** The upload to receive: what Telegram (or the console) delivered. */
export interface IncomingUpload {
  bytes: Uint8Array;
  /** The document's file name. */
  fileName: string;
  caption?: string;
  by: EditorRef & { id: number };
  chatId: number;
}

interface Analysis {
  text: string;
  hash: string;
  preview: Omit<UploadPreview, 'uploadId' | 'expiresAt'>;
  articles: Article[];
}

const NOT_EDITOR = '只有编辑（ADMIN_USER_IDS 中的用户）可以添加、修改或移除版面。如需开通，请联系机器人管理员。';

export class IngestService {
  readonly settings: IngestSettings;
  readonly audit: AuditLog;
  private readonly pending: PendingUploads;
  private readonly catalog: PageCatalog;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly timeZone: string;
  private readonly listeners = new Set<(event: FolderEvent) => void>();
  /** Files this service wrote or moved away itself, so the folder watcher leaves them alone. */
  private readonly ownWrites = new Map<string, string>();
  private readonly ownRemovals = new Set<string>();

  constructor(private readonly o: IngestOptions) {
    this.settings = { ...INGEST_DEFAULTS, ...o.settings };
    this.now = o.now ?? (() => new Date());
    const ms = () => this.now().getTime();
    this.audit = new AuditLog(o.db, ms);
    this.pending = new PendingUploads(o.db, ms);
    this.catalog = new PageCatalog(o.seedsDir);
    this.log = o.log ?? silentLogger;
    this.timeZone = o.timeZone ?? 'Asia/Shanghai';
    this.pending.prune(this.settings.keepSettledMs);
  }

  get seedsDir(): string {
    return this.o.seedsDir;
  }

  /** Where replaced and removed pages go. */
  get trashDir(): string {
    return join(this.o.dataDir, 'trash');
  }

  isEditor(userId: number | undefined): boolean {
    return userId !== undefined && this.o.editors.includes(userId);
  }

  // -------------------------------------------------------------------------------------------
  // Uploads

  /**
   * Refuses a document by its declared size before it is downloaded (Telegram tells the size
   * first); undefined when the size is fine.
   */
  checkDeclaredSize(bytes: number | undefined): Refusal | undefined {
    if (bytes === undefined || bytes <= this.settings.maxBytes) return undefined;
    return {
      kind: 'refused',
      reason: 'too-large',
      message: `文件过大（${formatBytes(bytes)}），超过 ${formatBytes(this.settings.maxBytes)} 的上限。一个版面的文字通常只有几十 KB，请确认发送的是单个版面的 .txt 文件。`,
    };
  }

  /**
   * Receives a document: refuses what is not page text (saying why), else parses it and returns
   * the preview. A new page or a replacement is kept as a pending upload (in SQLite) for the
   * buttons; a duplicate is not kept.
   */
  receive(upload: IncomingUpload): ReceiveOutcome {
    if (!this.isEditor(upload.by.id)) return { kind: 'refused', reason: 'not-editor', message: NOT_EDITOR };
    const decoded = decodePage(upload.bytes, { maxBytes: this.settings.maxBytes });
    if (!decoded.ok) return { kind: 'refused', reason: decoded.reason, message: decoded.message };
    const caption = upload.caption?.trim() ?? '';
    const analysis = this.analyze(decoded.text, decoded.encoding, upload.fileName, caption);
    if (analysis.preview.status === 'duplicate') return { kind: 'preview', preview: analysis.preview };
    const pending = this.pending.add(
      {
        chatId: upload.chatId,
        by: upload.by,
        fileName: upload.fileName,
        caption,
        encoding: decoded.encoding,
        text: decoded.text,
        textHash: analysis.hash,
      },
      this.settings.pendingTtlMs,
    );
    // While the editor reads the preview, the casebook gets ready to take the page.
    if (analysis.preview.status !== 'unusable') this.o.holder.prepare();
    return { kind: 'preview', preview: { ...analysis.preview, uploadId: pending.id, expiresAt: pending.expiresAt } };
  }

  /** The preview of a pending upload as things stand now (to redraw it), or why it is gone. */
  preview(uploadId: string): { kind: 'preview'; preview: UploadPreview } | Stale {
    const p = this.pendingUpload(uploadId);
    if ('kind' in p) return p;
    const analysis = this.analyze(p.text, p.encoding as PageEncoding, p.fileName, p.caption);
    return { kind: 'preview', preview: { ...analysis.preview, uploadId: p.id, expiresAt: p.expiresAt } };
  }

  /**
   * 入库 (`replace` false) or 替换 (`replace` true). The situation is checked again: if the page
   * became a duplicate, or now replaces a stored page and 替换 was not chosen, a fresh preview comes
   * back instead. Otherwise the page is written, replaced pages go to the trash, the change is
   * audited, and the promise resolves once the casebook answering questions includes the page.
   */
  async accept(
    uploadId: string,
    by: EditorRef & { id: number },
    options: { replace?: boolean } = {},
  ): Promise<AcceptOutcome> {
    if (!this.isEditor(by.id)) return { kind: 'refused', reason: 'not-editor', message: NOT_EDITOR };
    const p = this.pendingUpload(uploadId);
    if ('kind' in p) return p;
    const analysis = this.analyze(p.text, p.encoding as PageEncoding, p.fileName, p.caption);
    const preview = { ...analysis.preview, uploadId: p.id, expiresAt: p.expiresAt };
    if (preview.status === 'duplicate') {
      this.pending.settle(p.id, 'cancelled');
      const { uploadId: _gone, expiresAt: _no, ...rest } = preview;
      return { kind: 'changed', preview: { ...rest, actions: [] }, message: preview.headline };
    }
    if (preview.status === 'unusable')
      return { kind: 'changed', preview, message: '这个文件里没有读出文章，不能入库。' };
    if (preview.status === 'replacement' && !options.replace)
      return { kind: 'changed', preview, message: `${preview.headline}。如确认替换，请按“替换”。` };
    if (!this.pending.settle(p.id, 'accepted')) return { kind: 'settled', message: '这个上传已经处理过了。' };

    const replaced: { page: PageRef; trashedTo: string }[] = [];
    const edits = this.edits();
    try {
      for (const old of preview.replaces) {
        if (old.page === preview.target) continue; // overwritten in place below, after a copy to the trash
        replaced.push({ page: pageRef(old.page, edits), trashedTo: this.moveToTrash(old.page) });
      }
      if (existsSync(join(this.o.seedsDir, preview.target)))
        replaced.push({ page: pageRef(preview.target, edits), trashedTo: this.moveToTrash(preview.target) });
      this.writePage(preview.target, p.text, analysis.hash);
    } catch (err) {
      this.log.error(`版面 ${preview.target} 写入失败：${(err as Error).message}`);
      this.reopen(p.id);
      return {
        kind: 'refused',
        reason: 'undecodable',
        message: `版面没能写入页面目录（${(err as Error).message}），请稍后再试或联系管理员。`,
      };
    }
    const page = pageRef(preview.target, edits);
    const action = replaced.length ? 'replace' : 'add';
    this.audit.record({
      action,
      page: page.page,
      articleId: null,
      by,
      via: 'upload',
      textHash: analysis.hash,
      detail: {
        fileName: p.fileName,
        caption: p.caption,
        encoding: p.encoding,
        date: page.date,
        edition: page.edition,
        articles: preview.articles.length,
        warnings: preview.warnings.length,
        replaced: replaced.map((r) => ({ page: r.page.page, trashedTo: r.trashedTo })),
      },
    });
    this.log.info(`${by.name} 添加了版面 ${page.page}（${page.label}，${preview.articles.length} 篇）`);
    const outcome = await this.o.holder.refresh(
      replaced.length
        ? { kind: 'replace', page: page.page, previous: replaced[0]!.page.page }
        : { kind: 'add', page: page.page },
    );
    const answerable = this.includes(outcome, page.page);
    return {
      kind: 'accepted',
      page,
      articles: preview.articles,
      replaced,
      answerable,
      error: outcome.error,
      message: answerable
        ? `已入库：${page.label}，${preview.articles.length} 篇文章，现在可以查询了。`
        : `已写入页面目录：${page.label}，但案例库暂未更新（${outcome.error ?? '原因不明'}），稍后或重启后可查询。`,
    };
  }

  /** 取消: the upload is dropped; nothing was written. */
  cancel(uploadId: string, by: EditorRef & { id: number }): CancelOutcome {
    if (!this.isEditor(by.id)) return { kind: 'refused', reason: 'not-editor', message: NOT_EDITOR };
    const p = this.pendingUpload(uploadId);
    if ('kind' in p) return p;
    if (!this.pending.settle(p.id, 'cancelled')) return { kind: 'settled', message: '这个上传已经处理过了。' };
    return { kind: 'cancelled', message: `已取消，没有写入任何文件（${p.fileName}）。` };
  }

  private pendingUpload(uploadId: string): PendingUpload | Stale {
    const p = this.pending.get(uploadId);
    if (!p) return { kind: 'expired', message: '这个上传已失效，请重新发送文件。' };
    if (p.status === 'accepted') return { kind: 'settled', message: '这个版面已经入库了。' };
    if (p.status === 'cancelled') return { kind: 'settled', message: '这个上传已经取消了。' };
    if (p.expiresAt < this.now().getTime()) {
      this.pending.settle(p.id, 'cancelled');
      const hours = Math.round(this.settings.pendingTtlMs / 3600_000);
      return { kind: 'expired', message: `这个上传已超过 ${hours} 小时未处理，已失效，请重新发送文件。` };
    }
    return p;
  }

  private reopen(uploadId: string): void {
    this.o.db.prepare("UPDATE pending_uploads SET status = 'pending', settled_at = NULL WHERE id = ?").run(uploadId);
  }

  /** Parses an upload and weighs it against the folder: date, target name, duplicate, replacement. */
  private analyze(text: string, encoding: PageEncoding, fileName: string, caption: string): Analysis {
    const warnings: string[] = [];
    const hash = textHash(text);
    const edits = this.edits();

    // The date: the caption's, else the file name's.
    const fromCaption = parseDateEdition(caption);
    const fromName = dateFromFileName(fileName);
    for (const p of fromCaption.problems) warnings.push(`说明中的${p}`);
    let date: PageDate = { date: null, edition: null };
    let dateSource: UploadPreview['dateSource'] = null;
    if (fromCaption.date) {
      date = { date: fromCaption.date, edition: fromCaption.edition ?? null };
      dateSource = 'caption';
      if (fromName.date && (fromName.date !== date.date || (fromName.edition && fromName.edition !== date.edition)))
        warnings.push('说明中的日期版次与文件名中的不同，以说明为准。');
    } else if (fromName.date) {
      date = fromName;
      dateSource = 'file-name';
      if (fromCaption.edition && !fromName.edition) date = { ...date, edition: fromCaption.edition };
    }
    if (!date.date)
      warnings.push(
        '没有日期：请在发送文件时的说明里写上日期和版次（如 2024-05-21 第7版），否则引用时只能写“日期未录入”；入库后也可以用 /date 补录。',
      );
    else if (!date.edition) warnings.push('没有版次：说明里可以写上版次（如 第7版）。');
    if (date.date && date.date > this.today(this.settings.futureDays))
      warnings.push(`日期 ${date.date} 晚于今天，请确认是否写错。`);
    if (encoding === 'gb18030') warnings.push('文件是 GBK/GB18030 编码，已自动转换为 UTF-8 保存。');

    const target = date.date ? pageFileName(date.date, date.edition) : `undated-${hash.slice(0, 8)}.txt`;
    const parsed = datePage(parsePage(text, target), date);
    warnings.push(...parsed.warnings.map((w) => w.message));
    if (parsed.articles.length === 0) warnings.push('没有读出任何文章（找不到“本报XX讯”电头），不能入库。');

    const dupName = this.catalog.findByHash(hash);
    const duplicateOf = dupName ? pageRef(dupName, edits) : undefined;
    const current = this.o.holder.current;
    const replaceNames = new Set(this.catalog.findByDate(date, edits));
    if (existsSync(join(this.o.seedsDir, target))) replaceNames.add(target);
    if (dupName) replaceNames.delete(dupName);
    const replaces = duplicateOf
      ? []
      : [...replaceNames].map((name) => ({ ...pageRef(name, edits), articles: countArticles(current, name) }));

    let status: UploadStatus;
    let headline: string;
    let actions: UploadAction[];
    const label = pageRef(target, { ...edits, pages: {} }).label;
    const dated = date.date ? label : '日期未录入的版面';
    if (duplicateOf) {
      status = 'duplicate';
      headline = `重复：该版面已入库（${duplicateOf.label}）`;
      actions = [];
    } else if (parsed.articles.length === 0) {
      status = 'unusable';
      headline = '无法入库：没有读出文章';
      actions = ['cancel'];
    } else if (replaces.length > 0) {
      status = 'replacement';
      headline = `替换：${replaces.map((r) => r.label).join('、')}已入库，内容不同；替换后旧文件移入回收站`;
      actions = ['replace', 'cancel'];
    } else {
      status = 'new';
      headline = `新版面：${dated}，${parsed.articles.length} 篇文章`;
      actions = ['accept', 'cancel'];
    }
    return {
      text,
      hash,
      articles: parsed.articles,
      preview: {
        fileName,
        encoding,
        encodingLabel: encodingLabel(encoding),
        date: date.date,
        edition: date.edition,
        dateSource,
        citation: citation(date),
        target,
        articles: parsed.articles.map(articlePreview),
        captions: parsed.captions.map((c) => ({ text: c.text, county: c.county, photographers: c.photographers })),
        warnings,
        status,
        headline,
        duplicateOf,
        replaces,
        actions,
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Pages

  /** Every page in the folder, newest first: date, page, articles, who added it and when. */
  listPages(): PageListing[] {
    const edits = this.edits();
    const adds = this.audit.lastAdds();
    const current = this.o.holder.current;
    const out = this.catalog.names().map((name): PageListing => {
      const ref = pageRef(name, edits);
      const add = adds.get(name);
      let mtime = 0;
      try {
        mtime = statSync(join(this.o.seedsDir, name)).mtimeMs;
      } catch {
        // gone meanwhile
      }
      return {
        ...ref,
        citation: citation(ref),
        articles: countArticles(current, name),
        addedBy: add?.by ?? null,
        addedAt: add?.at ?? Math.round(mtime),
        via: add?.via ?? null,
      };
    });
    return out.sort((a, b) => compareNewestFirst(a, b) || a.page.localeCompare(b.page));
  }

  /**
   * Finds a page from what an editor typed: its file name (with or without `.txt`), the start of
   * it, a date with or without the page (`2024-05-21 第7版`), or the id of a case on it.
   */
  resolvePage(query: string): PageMatch {
    const q = query.trim();
    const edits = this.edits();
    const names = this.catalog.names();
    const refs = (list: string[]) => list.map((n) => pageRef(n, edits));
    if (!q)
      return { kind: 'not-found', message: '请写上要找的版面：文件名、日期版次（如 2024-05-21 第7版）或案例编号。' };
    const exact = names.find((n) => n === q || n === `${q}.txt`);
    if (exact) return { kind: 'found', page: pageRef(exact, edits) };
    const article = this.o.holder.current.article(q.toLowerCase());
    if (article && names.includes(article.source)) return { kind: 'found', page: pageRef(article.source, edits) };
    const asDate = parseDateEdition(q);
    if (asDate.date) {
      const hits = names.filter((n) => {
        const d = pageRef(n, edits);
        return d.date === asDate.date && (asDate.edition === undefined || d.edition === asDate.edition);
      });
      if (hits.length === 1) return { kind: 'found', page: pageRef(hits[0]!, edits) };
      if (hits.length > 1)
        return {
          kind: 'ambiguous',
          candidates: refs(hits),
          message: `${asDate.date} 有 ${hits.length} 个版面，请写上版次。`,
        };
      return {
        kind: 'not-found',
        message: `没有找到 ${asDate.date}${asDate.edition ? ` 第${asDate.edition}版` : ''} 的版面。`,
      };
    }
    if (q.length >= 3) {
      const prefixed = names.filter((n) => n.startsWith(q));
      if (prefixed.length === 1) return { kind: 'found', page: pageRef(prefixed[0]!, edits) };
      if (prefixed.length > 1)
        return {
          kind: 'ambiguous',
          candidates: refs(prefixed),
          message: `有 ${prefixed.length} 个版面以“${q}”开头，请写完整。`,
        };
    }
    return { kind: 'not-found', message: `没有找到版面“${q}”。/pages 可以查看所有版面。` };
  }

  /** Takes a page out of the casebook: its file moves to the trash under DATA_DIR. */
  async removePage(query: string, by: EditorRef & { id: number }): Promise<RemoveOutcome> {
    if (!this.isEditor(by.id)) return { kind: 'refused', reason: 'not-editor', message: NOT_EDITOR };
    const match = this.resolvePage(query);
    if (match.kind !== 'found') return match;
    const page = match.page;
    const articles = countArticles(this.o.holder.current, page.page);
    let trashedTo: string;
    try {
      trashedTo = this.moveToTrash(page.page);
    } catch (err) {
      return { kind: 'not-found', message: `版面无法移出（${(err as Error).message}）。` };
    }
    this.audit.record({
      action: 'remove',
      page: page.page,
      articleId: null,
      by,
      via: 'command',
      textHash: null,
      detail: { trashedTo, articles, date: page.date, edition: page.edition },
    });
    this.log.info(`${by.name} 移除了版面 ${page.page}（移入 ${trashedTo}）`);
    const outcome = await this.o.holder.refresh({ kind: 'remove', page: page.page });
    const answerable = outcome.swapped && !outcome.casebook.pages.includes(page.page);
    return {
      kind: 'removed',
      page,
      articles,
      trashedTo,
      answerable,
      error: outcome.error,
      message: `已移除：${page.label}（${articles} 篇文章），文件已移入回收站，没有删除。`,
    };
  }

  /** Dates a page already in the casebook (`/date 页面 2024-05-21 第7版`). */
  async setPageDate(query: string, dateText: string, by: EditorRef & { id: number }): Promise<DateOutcome> {
    if (!this.isEditor(by.id)) return { kind: 'refused', reason: 'not-editor', message: NOT_EDITOR };
    const parsed = parseDateEdition(dateText);
    if (parsed.problems.length) return { kind: 'invalid', message: parsed.problems.join('；') };
    if (!parsed.date)
      return { kind: 'invalid', message: `没有读出日期“${dateText}”。请写成 2024-05-21 第7版 或 2024年5月21日 7版。` };
    const match = this.resolvePage(query);
    if (match.kind !== 'found') return match;
    const editsRead = this.editsForWrite();
    if ('kind' in editsRead) return editsRead;
    const edits = editsRead;
    const previous = match.page;
    const date: PageDate = { date: parsed.date, edition: parsed.edition ?? null };
    const warnings: string[] = [];
    if (!date.edition) warnings.push('没有写版次，引用中将只有日期。');
    if (date.date! > this.today(this.settings.futureDays))
      warnings.push(`日期 ${date.date} 晚于今天，请确认是否写错。`);
    const others = this.catalog.findByDate(date, edits).filter((n) => n !== previous.page);
    if (others.length) warnings.push(`另有版面也是这个日期版次：${others.join('、')}。`);
    edits.pages[previous.page] = { date: date.date!, edition: date.edition, by, at: this.now().toISOString() };
    writeEdits(this.o.dataDir, edits);
    const page = pageRef(previous.page, edits);
    this.audit.record({
      action: 'date',
      page: page.page,
      articleId: null,
      by,
      via: 'command',
      textHash: null,
      detail: { from: { date: previous.date, edition: previous.edition }, to: date },
    });
    const outcome = await this.o.holder.refresh({ kind: 'edit', pages: [page.page] });
    return {
      kind: 'dated',
      page,
      previous,
      warnings,
      answerable: outcome.swapped,
      error: outcome.error,
      message: `已更新：${page.page} 的日期为 ${page.label}，引用写作 ${citation(page)}。`,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Corrections

  /**
   * Corrects an article's headline or county (`/fix 编号 县区 经开区`). Keyed by the article's
   * id, which never changes; setting the parser's own value again removes the correction.
   */
  async fix(articleId: string, field: FixField, value: string, by: EditorRef & { id: number }): Promise<FixOutcome> {
    if (!this.isEditor(by.id)) return { kind: 'refused', reason: 'not-editor', message: NOT_EDITOR };
    const id = articleId.trim().toLowerCase();
    const article = this.o.holder.current.article(id);
    if (!article) return { kind: 'not-found', message: `没有编号为“${articleId}”的案例。编号见案例下方或 /case。` };
    let to: string | null;
    if (field === 'county') {
      const v = value.trim();
      if (/^(无|未定|不详|清除|null)$/u.test(v)) to = null;
      else {
        to = resolveCounty(v) ?? null;
        if (!to)
          return {
            kind: 'invalid',
            message: `不认识县区“${v}”。可以写：${COUNTIES.map((c) => c.short).join('、')}（或“无”表示不属于任何县区）。`,
          };
      }
    } else {
      to = value.replace(/\s+/g, ' ').trim();
      if ([...to].length < 2) return { kind: 'invalid', message: '标题太短。' };
      if ([...to].length > this.settings.maxHeadline)
        return { kind: 'invalid', message: `标题太长（超过 ${this.settings.maxHeadline} 字）。` };
    }
    const editsRead = this.editsForWrite();
    if ('kind' in editsRead) return editsRead;
    const edits = editsRead;
    const fixes = (edits.articles[id] ??= {});
    const existing = fixes[field];
    const from = field === 'county' ? article.county : article.headline;
    const was = existing ? existing.was : from;
    if (from === to)
      return { kind: 'invalid', message: `${field === 'county' ? '县区' : '标题'}已经是“${to ?? '无'}”了。` };
    const reverted = to === was;
    if (reverted) delete fixes[field];
    else fixes[field] = { value: to, was, by, at: this.now().toISOString() } satisfies FieldFix;
    if (Object.keys(fixes).length === 0) delete edits.articles[id];
    writeEdits(this.o.dataDir, edits);
    this.audit.record({
      action: 'fix',
      page: article.source,
      articleId: id,
      by,
      via: 'command',
      textHash: null,
      detail: { field, from, to, reverted },
    });
    const outcome = await this.o.holder.refresh({ kind: 'edit', articleIds: [id] });
    const name = field === 'county' ? '县区' : '标题';
    return {
      kind: 'fixed',
      articleId: id,
      field,
      from,
      to,
      reverted,
      answerable: outcome.swapped,
      error: outcome.error,
      message: reverted
        ? `已恢复：${id} 的${name}恢复为解析结果“${to ?? '无'}”。`
        : `已修改：${id} 的${name}由“${from ?? '无'}”改为“${to ?? '无'}”。`,
    };
  }

  /** Every correction in force, newest first. */
  listFixes(): FixListing[] {
    const edits = this.edits();
    const current = this.o.holder.current;
    const out: FixListing[] = [];
    for (const [articleId, fixes] of Object.entries(edits.articles)) {
      for (const field of ['headline', 'county'] as const) {
        const f = fixes[field];
        if (!f) continue;
        out.push({
          articleId,
          field,
          value: f.value,
          was: f.was,
          by: f.by,
          at: f.at,
          headline: current.article(articleId)?.headline ?? null,
        });
      }
    }
    return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  /** The audit log, newest first. */
  history(limit = 50): AuditEntry[] {
    return this.audit.recent(limit);
  }

  // -------------------------------------------------------------------------------------------
  // The pages folder

  /** Calls `listener` for every change found in the pages folder; returns a function that stops it. */
  onFolderEvent(listener: (event: FolderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Takes in files that appeared, changed or went in the pages folder (the watcher calls this once
   * their size is stable). Files this service wrote or moved itself are skipped. A page that is
   * the same text as another page goes to the trash; one that cannot be read is reported; the
   * rest are audited, the casebook is updated once for all, and an event per file goes to the
   * listeners (the bot tells editors, with the page's warnings).
   */
  async takeFolderChanges(changes: FolderChanges): Promise<FolderEvent[]> {
    const events: FolderEvent[] = [];
    const added: {
      name: string;
      replaced: boolean;
      hash: string;
      preview: ArticlePreview[];
      captions: number;
      warnings: string[];
    }[] = [];
    const edits = this.edits();
    for (const name of [...changes.added, ...changes.changed]) {
      const path = join(this.o.seedsDir, name);
      let decoded;
      try {
        decoded = readPageFile(path);
      } catch {
        continue; // gone again
      }
      if (!decoded.ok) {
        this.ownWrites.delete(name);
        events.push({
          kind: 'refused',
          page: name,
          message: `页面目录中的 ${name} 无法读取，未加入案例库：${decoded.message}`,
        });
        continue;
      }
      const hash = textHash(decoded.text);
      if (this.ownWrites.get(name) === hash) {
        this.ownWrites.delete(name);
        this.ownRemovals.delete(name);
        continue;
      }
      const dup = this.catalog.findByHash(hash, name);
      if (dup) {
        const trashedTo = this.moveToTrash(name);
        const duplicateOf = pageRef(dup, edits);
        events.push({
          kind: 'duplicate',
          page: name,
          duplicateOf,
          trashedTo,
          message: `重复：页面目录中新放入的 ${name} 与已入库的版面相同（${duplicateOf.label}），已移入回收站：${trashedTo}`,
        });
        continue;
      }
      const date = pageRef(name, edits);
      const parsed = datePage(parsePage(decoded.text, name), date);
      const warnings = parsed.warnings.map((w) => w.message);
      if (!date.date) warnings.unshift('文件名中没有日期（如 2024-05-21_07.txt），引用时只能写“日期未录入”。');
      const twins = this.catalog.findByDate(date, edits).filter((n) => n !== name);
      if (twins.length) warnings.unshift(`另有版面也是${date.label}：${twins.join('、')}，请确认是否重复放入。`);
      added.push({
        name,
        replaced: changes.changed.includes(name),
        hash,
        preview: parsed.articles.map(articlePreview),
        captions: parsed.captions.length,
        warnings,
      });
    }
    const removed = changes.removed.filter((name) => !this.ownRemovals.delete(name));
    for (const a of added) {
      const page = pageRef(a.name, edits);
      this.audit.record({
        action: a.replaced ? 'replace' : 'add',
        page: a.name,
        articleId: null,
        by: FOLDER_EDITOR,
        via: 'folder',
        textHash: a.hash,
        detail: { date: page.date, edition: page.edition, articles: a.preview.length, warnings: a.warnings.length },
      });
    }
    for (const name of removed) {
      this.audit.record({
        action: 'remove',
        page: name,
        articleId: null,
        by: FOLDER_EDITOR,
        via: 'folder',
        textHash: null,
        detail: {},
      });
    }
    if (added.length || removed.length) {
      const outcome = await this.o.holder.refresh({ kind: 'folder' });
      for (const a of added) {
        const page = pageRef(a.name, edits);
        const answerable = this.includes(outcome, a.name);
        const warn = a.warnings.length ? `，${a.warnings.length} 条提示` : '';
        events.push({
          kind: a.replaced ? 'replaced' : 'added',
          page,
          articles: a.preview,
          captions: a.captions,
          warnings: a.warnings,
          answerable,
          message: `页面目录中${a.replaced ? '更新' : '新放入'}的 ${a.name}（${page.label}）已${answerable ? '加入案例库' : '读取，但案例库暂未更新'}：${a.preview.length} 篇文章${warn}。`,
        });
      }
      for (const name of removed)
        events.push({
          kind: 'removed',
          page: name,
          message: `页面目录中的 ${name} 已被移走，相关案例已从案例库中去掉。`,
        });
    }
    for (const event of events) {
      if (event.kind === 'refused' || event.kind === 'duplicate') this.log.warn(event.message);
      else this.log.info(event.message);
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (err) {
          this.log.warn(`页面目录事件通知出错：${(err as Error).message}`);
        }
      }
    }
    return events;
  }

  // -------------------------------------------------------------------------------------------

  private edits(): CasebookEdits {
    const { edits, problem } = readEdits(this.o.dataDir);
    if (problem) this.log.warn(problem);
    return edits;
  }

  /** The edits to change, or a refusal when the file is damaged (writing would lose the rest). */
  private editsForWrite(): CasebookEdits | { kind: 'invalid'; message: string } {
    const { edits, problem } = readEdits(this.o.dataDir);
    if (problem) return { kind: 'invalid', message: `${problem}，为免丢失已有修订，暂不能修改。请联系管理员。` };
    return edits;
  }

  /** Today (plus `days`) as `YYYY-MM-DD` in the configured zone. */
  private today(days = 0): string {
    return format(new TZDate(this.now().getTime() + days * 86400_000, this.timeZone), 'yyyy-MM-dd');
  }

  /** Writes a page atomically (a temporary file the loader ignores, then a rename). */
  private writePage(name: string, text: string, hash: string): void {
    mkdirSync(this.o.seedsDir, { recursive: true });
    const path = join(this.o.seedsDir, name);
    const tmp = join(this.o.seedsDir, `.${name}.${process.pid}.part`);
    writeFileSync(tmp, text.endsWith('\n') ? text : `${text}\n`);
    this.ownWrites.set(name, hash);
    try {
      renameSync(tmp, path);
    } catch (err) {
      this.ownWrites.delete(name);
      rmSync(tmp, { force: true });
      throw err;
    }
  }

  /** Moves a page file into DATA_DIR/trash/, named with the time it went; returns the new path. */
  private moveToTrash(name: string): string {
    mkdirSync(this.trashDir, { recursive: true });
    const stamp = format(new TZDate(this.now().getTime(), this.timeZone), 'yyyyMMdd-HHmmss');
    let dest = join(this.trashDir, `${stamp}_${name}`);
    for (let i = 2; existsSync(dest); i++) dest = join(this.trashDir, `${stamp}-${i}_${name}`);
    this.ownRemovals.add(name);
    try {
      renameSync(join(this.o.seedsDir, name), dest);
    } catch (err) {
      this.ownRemovals.delete(name);
      throw err;
    }
    return dest;
  }

  /** Whether the casebook after a refresh holds this page's current file. */
  private includes(outcome: RefreshOutcome, page: string): boolean {
    if (!outcome.swapped) return false;
    const sig = signature(join(this.o.seedsDir, page));
    return sig !== undefined && outcome.casebook.pages.includes(page);
  }
}

function articlePreview(a: Article): ArticlePreview {
  return {
    id: a.id,
    headline: a.headline,
    county: a.county,
    reporters: a.reporters,
    paragraphs: a.paragraphs.length,
    figures: a.figures.length,
  };
}

function countArticles(casebook: Casebook, page: string): number {
  let n = 0;
  for (const a of casebook.articles) if (a.source === page) n++;
  return n;
}
