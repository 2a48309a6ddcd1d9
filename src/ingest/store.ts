/**
 * The ingest tables in SQLite (migration 3): the audit log of every add, replacement, removal,
 * fix and page date, and uploads waiting for 入库/取消.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db.js';
import type { EditorRef } from './edits.js';

export type AuditAction = 'add' | 'replace' | 'remove' | 'fix' | 'date';
/** How the change came: a document sent to the bot, a file in the pages folder, a command. */
export type AuditVia = 'upload' | 'folder' | 'command';

export interface AuditEntry {
  id: number;
  /** Epoch milliseconds. */
  at: number;
  action: AuditAction;
  page: string | null;
  articleId: string | null;
  by: EditorRef;
  via: AuditVia;
  /** For adds and replacements: the hash of the page's normalised text. */
  textHash: string | null;
  /** What changed: before and after, the trash path, counts; shape depends on the action. */
  detail: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  at: number;
  action: AuditAction;
  page: string | null;
  article_id: string | null;
  user_id: number | null;
  user_name: string;
  via: AuditVia;
  text_hash: string | null;
  detail: string;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  action: r.action,
  page: r.page,
  articleId: r.article_id,
  by: { id: r.user_id, name: r.user_name },
  via: r.via,
  textHash: r.text_hash,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

/** The audit log: rows are only ever added. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: Omit<AuditEntry, 'id' | 'at'>): AuditEntry {
    const at = this.now();
    const info = this.db
      .prepare(
        `INSERT INTO audit_log (at, action, page, article_id, user_id, user_name, via, text_hash, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        at,
        entry.action,
        entry.page,
        entry.articleId,
        entry.by.id,
        entry.by.name,
        entry.via,
        entry.textHash,
        JSON.stringify(entry.detail),
      );
    return { ...entry, id: Number(info.lastInsertRowid), at };
  }

  /** The newest entries first (all actions, or the ones given). */
  recent(limit = 50, actions?: readonly AuditAction[]): AuditEntry[] {
    const where = actions?.length ? `WHERE action IN (${actions.map(() => '?').join(', ')})` : '';
    return (
      this.db
        .prepare(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`)
        .all(...(actions ?? []), limit) as AuditRow[]
    ).map(toEntry);
  }

  /** A page's entries, oldest first. */
  forPage(page: string): AuditEntry[] {
    return (this.db.prepare('SELECT * FROM audit_log WHERE page = ? ORDER BY id').all(page) as AuditRow[]).map(toEntry);
  }

  /** The last add or replacement of each page, by page name. */
  lastAdds(): Map<string, AuditEntry> {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_log WHERE id IN (
           SELECT MAX(id) FROM audit_log WHERE action IN ('add', 'replace') AND page IS NOT NULL GROUP BY page
         )`,
      )
      .all() as AuditRow[];
    return new Map(rows.map((r) => [r.page!, toEntry(r)]));
  }
}

export type PendingStatus = 'pending' | 'accepted' | 'cancelled';

/** An upload waiting for 入库/取消: everything needed to write the page, even after a restart. */
export interface PendingUpload {
  id: string;
  chatId: number;
  by: EditorRef & { id: number };
  fileName: string;
  caption: string;
  encoding: string;
  /** The decoded text (LF line endings); emptied once the upload is settled. */
  text: string;
  textHash: string;
  status: PendingStatus;
  createdAt: number;
  expiresAt: number;
}

interface PendingRow {
  id: string;
  chat_id: number;
  user_id: number;
  user_name: string;
  file_name: string;
  caption: string;
  encoding: string;
  text: string;
  text_hash: string;
  status: PendingStatus;
  created_at: number;
  expires_at: number;
}

const toPending = (r: PendingRow): PendingUpload => ({
  id: r.id,
  chatId: r.chat_id,
  by: { id: r.user_id, name: r.user_name },
  fileName: r.file_name,
  caption: r.caption,
  encoding: r.encoding,
  text: r.text,
  textHash: r.text_hash,
  status: r.status,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** Uploads waiting for a decision, in SQLite so that they survive a restart. */
export class PendingUploads {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  add(upload: Omit<PendingUpload, 'id' | 'status' | 'createdAt' | 'expiresAt'>, ttlMs: number): PendingUpload {
    const id = randomBytes(6).toString('base64url');
    const at = this.now();
    this.db
      .prepare(
        `INSERT INTO pending_uploads (id, chat_id, user_id, user_name, file_name, caption, encoding, text, text_hash,
           status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(
        id,
        upload.chatId,
        upload.by.id,
        upload.by.name,
        upload.fileName,
        upload.caption,
        upload.encoding,
        upload.text,
        upload.textHash,
        at,
        at + ttlMs,
      );
    return this.get(id)!;
  }

  get(id: string): PendingUpload | undefined {
    const row = this.db.prepare('SELECT * FROM pending_uploads WHERE id = ?').get(id) as PendingRow | undefined;
    return row ? toPending(row) : undefined;
  }

  /**
   * Marks a pending upload settled, once: false when it was already settled (a second press of
   * the button, or another process). The text is dropped: an accepted page lives in its file.
   */
  settle(id: string, status: Exclude<PendingStatus, 'pending'>): boolean {
    return (
      this.db
        .prepare("UPDATE pending_uploads SET status = ?, text = '', settled_at = ? WHERE id = ? AND status = 'pending'")
        .run(status, this.now(), id).changes === 1
    );
  }

  /** Removes settled uploads older than `keepMs` and expired ones; returns how many went. */
  prune(keepMs: number): number {
    const now = this.now();
    return this.db
      .prepare(
        "DELETE FROM pending_uploads WHERE (status != 'pending' AND created_at < ?) OR (status = 'pending' AND expires_at < ?)",
      )
      .run(now - keepMs, now - keepMs).changes;
  }
}
