/**
 * The index on disk: a base segment (a build or a compaction), delta segments appended by adds,
 * removals and corrections, the query dictionary, and a manifest that names them and is the
 * commit point. Every file is written whole under a temporary name and renamed into place; the
 * manifest is renamed last, so a process killed at any moment leaves either the manifest before
 * the change (whose files are all still there) or the one after it, never a mix. Files the
 * manifest no longer names are removed later.
 */
import { isUtf8 } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPages, type PageFile } from '../corpus/load.js';
import type { Article, Caption, Warning } from '../corpus/types.js';
import { lazyFigures } from '../corpus/figures.js';
import type { CasebookEdits } from '../ingest/edits.js';
import type { DocBatch, IndexData } from './engine.js';
import { TOKENIZER_VERSION } from './tokenizer.js';
import { PostingTable } from './postings.js';
import { crashPoint } from './crashPoints.js';

export type { PageFile } from '../corpus/load.js';

/** Bumped whenever the snapshot layout or the parser's output changes. */
export const SCHEMA_VERSION = 15;

export interface Manifest {
  schema: number;
  tokenizer: number;
  /** Names the casebook state committed: a new one with every change, the same after a compaction. */
  commit: string;
  /** SHA-1 over every page's name and content hash, in page order. */
  seedsHash: string;
  /** SHA-1 of the base segment, so a partial or corrupted file is caught before parsing. */
  snapshotHash: string;
  /** SHA-1 of the query dictionary. */
  dictionaryHash: string;
  builtAt: string;
  /** Fingerprint of the editors' corrections and page dates built in (empty: none). */
  edits?: string;
  pages: number;
  articles: number;
  /** The base segment's file (default `snapshot.bin`). */
  base?: string;
  /** The query dictionary's file (default `jieba.dict.utf8`). */
  dictionary?: string;
  /** Delta segments on top of the base, oldest first, each with its SHA-1. */
  deltas?: { file: string; hash: string }[];
}

/** The base segment: the whole casebook at a build or compaction. */
export interface SnapshotData {
  pages: string[];
  articles: Article[];
  captions: Caption[];
  warnings: Warning[];
  userWords: string[];
  index: IndexData;
  /** Every page file read, readable or not. */
  files: PageFile[];
  /** The editors' corrections and page dates applied (absent: none). */
  edits?: CasebookEdits;
}

/** A page as the casebook holds it: its file, whether it could be read, its articles' ids in order, captions and warnings. */
export interface PageEntry {
  file: PageFile;
  ok: boolean;
  articles: string[];
  captions: Caption[];
  warnings: Warning[];
}

/** A delta segment: one committed change. */
export interface DeltaData {
  commit: string;
  builtAt: string;
  /** Pages added or changed (or only touched: same content, new modification time). */
  pages: PageEntry[];
  removedPages: string[];
  /** Articles added, or changed in any field (complete). */
  articles: Article[];
  /** Ids no longer in the casebook. */
  removedArticles: string[];
  /** The articles taken out of the index, segmented as they were indexed, and those put in. */
  index: { removed: DocBatch; added: DocBatch };
  userWords: { added: string[]; removed: string[] };
  /** The corrections and page dates now applied, when they changed. */
  edits?: CasebookEdits;
}

const MANIFEST = 'manifest.json';
const SNAPSHOT = 'snapshot.bin';
const DICTIONARY = 'jieba.dict.utf8';
const BASE_MAGIC = 'CBK3';
const DELTA_MAGIC = 'CBD1';
/** Names of the segment files (base snapshots, deltas, query dictionaries). */
const SEGMENT_NAME = String.raw`snapshot(?:-[0-9a-f]+)?\.bin|delta-[0-9a-f]+\.bin|jieba(?:-[0-9a-f]+)?\.dict\.utf8`;
/** Files of ours the manifest may name (anything else in the folder is left alone). */
const SEGMENT_FILE = new RegExp(`^(?:${SEGMENT_NAME})$`);
/** Unnamed files younger than this may belong to a change another process is committing. */
const ORPHAN_AGE_MS = 60_000;

/** Where a snapshot folder keeps its query dictionary (the one its manifest names, if given). */
export function dictionaryPath(dir: string, manifest?: Pick<Manifest, 'dictionary'>): string {
  return join(dir, manifest?.dictionary ?? DICTIONARY);
}

function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

/** A fresh commit id. */
export function newCommit(): string {
  return randomBytes(8).toString('hex');
}

/** The fingerprint of a set of page files: their names and content hashes, in page order. */
export function seedsHashOf(files: readonly PageFile[]): string {
  const h = createHash('sha1');
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    h.update(f.name).update('\0').update(f.hash).update('\n');
  return h.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Segment files: a header, a JSON part, the article text and posting tables.

/** An article as stored: its paragraphs as [start, end) offsets into the segment's text. */
type StoredArticle = Omit<Article, 'figures' | 'paragraphs' | 'lead' | 'source'> & { p: number[]; s: number };

function storeArticles(articles: readonly Article[]): { stored: StoredArticle[]; sources: string[]; text: string } {
  const texts: string[] = [];
  let offset = 0;
  const pageIndex = new Map<string, number>();
  const sources: string[] = [];
  const stored = articles.map((a) => {
    const p: number[] = [];
    for (const para of a.paragraphs) {
      p.push(offset, offset + para.length);
      texts.push(para);
      offset += para.length;
    }
    let page = pageIndex.get(a.source);
    if (page === undefined) pageIndex.set(a.source, (page = sources.push(a.source) - 1));
    const { id, date, edition, position, headline, dateline, reporters, county, sections } = a;
    return { id, s: page, date, edition, position, headline, dateline, reporters, county, sections, p };
  });
  return { stored, sources, text: texts.join('') };
}

function restoreArticles(stored: readonly StoredArticle[], sources: readonly string[], text: string): Article[] {
  return stored.map((a) => {
    const paragraphs: string[] = [];
    for (let i = 0; i < a.p.length; i += 2) paragraphs.push(text.slice(a.p[i], a.p[i + 1]));
    return lazyFigures<Omit<Article, 'figures'>>({
      id: a.id,
      source: sources[a.s]!,
      date: a.date,
      edition: a.edition,
      position: a.position,
      headline: a.headline,
      dateline: a.dateline,
      reporters: a.reporters,
      county: a.county,
      paragraphs,
      lead: paragraphs[0] ?? '',
      sections: a.sections,
    });
  });
}

/**
 * A segment file: a header (4-byte magic, then uint32 LE: JSON length, text length, number of
 * posting tables, and each table's directory and blob lengths), the JSON part, the article text as
 * UTF-16LE, then each posting table's directory (uint32s in platform order, little-endian on
 * every machine this runs on) and ASCII blob (see postings.ts). The lists and the text are most
 * of the bytes: kept out of JSON they need no escaping, parsing or UTF-8 decoding, and each list
 * or paragraph is a slice of one string.
 */
function encodeSegment(magic: string, json: unknown, text: string, tables: readonly PostingTable[]): Buffer {
  const head = Buffer.alloc(16 + tables.length * 8);
  const jsonBytes = Buffer.from(JSON.stringify(json), 'utf8');
  const textBytes = Buffer.from(text, 'utf16le');
  head.write(magic, 0, 'latin1');
  head.writeUInt32LE(jsonBytes.length, 4);
  head.writeUInt32LE(textBytes.length, 8);
  head.writeUInt32LE(tables.length, 12);
  const parts: Buffer[] = [head, jsonBytes, textBytes];
  tables.forEach((t, i) => {
    const dir = Buffer.from(t.directory.buffer, t.directory.byteOffset, t.directory.byteLength);
    const blob = Buffer.from(t.blob, 'latin1');
    head.writeUInt32LE(dir.length, 16 + i * 8);
    head.writeUInt32LE(blob.length, 20 + i * 8);
    parts.push(dir, blob);
  });
  return Buffer.concat(parts);
}

function decodeSegment(
  bytes: Buffer,
  magic: string,
  termCounts: (json: unknown) => number[],
): { json: unknown; text: string; tables: PostingTable[] } {
  if (bytes.length < 16 || bytes.toString('latin1', 0, 4) !== magic) throw new Error('不是索引快照文件');
  const jsonLength = bytes.readUInt32LE(4);
  const textLength = bytes.readUInt32LE(8);
  const count = bytes.readUInt32LE(12);
  let at = 16 + count * 8;
  const sizes: [number, number][] = [];
  for (let i = 0; i < count; i++) sizes.push([bytes.readUInt32LE(16 + i * 8), bytes.readUInt32LE(20 + i * 8)]);
  const total = at + jsonLength + textLength + sizes.reduce((n, [d, b]) => n + d + b, 0);
  if (total !== bytes.length || textLength % 2 !== 0 || sizes.some(([d]) => d % 16 !== 0))
    throw new Error('快照长度不对');
  const json = JSON.parse(bytes.toString('utf8', at, (at += jsonLength))) as unknown;
  const text = bytes.toString('utf16le', at, (at += textLength));
  const terms = termCounts(json);
  const tables = sizes.map(([d, b], i) => {
    // A copy: a view would keep the whole file's bytes alive as long as the index.
    const directory = new Uint32Array(new Uint8Array(bytes.subarray(at, (at += d))).buffer);
    return PostingTable.from(directory, bytes.toString('latin1', at, (at += b)), terms[i]!);
  });
  return { json, text, tables };
}

type StoredBase = Omit<SnapshotData, 'articles' | 'index'> & {
  articles: StoredArticle[];
  sources: string[];
  index: Omit<IndexData, 'postings'>;
};

function encodeBase(data: SnapshotData): Buffer {
  const { stored, sources, text } = storeArticles(data.articles);
  const { postings, ...index } = data.index;
  const json: StoredBase = { ...data, index, articles: stored, sources };
  return encodeSegment(BASE_MAGIC, json, text, [postings]);
}

function decodeBase(bytes: Buffer): SnapshotData {
  const { json, text, tables } = decodeSegment(bytes, BASE_MAGIC, (j) => [(j as StoredBase).index.terms.length]);
  const { sources, articles, index, ...rest } = json as StoredBase;
  if (!Array.isArray(articles) || !Array.isArray(index?.terms)) throw new Error('缺少文章表或索引');
  return { ...rest, index: { ...index, postings: tables[0]! }, articles: restoreArticles(articles, sources, text) };
}

type StoredBatch = Omit<DocBatch, 'postings'>;
type StoredDelta = Omit<DeltaData, 'articles' | 'index'> & {
  articles: StoredArticle[];
  sources: string[];
  index: { removed: StoredBatch; added: StoredBatch };
};

function encodeDelta(delta: DeltaData): Buffer {
  const { stored, sources, text } = storeArticles(delta.articles);
  const { postings: removedPostings, ...removed } = delta.index.removed;
  const { postings: addedPostings, ...added } = delta.index.added;
  const json: StoredDelta = { ...delta, articles: stored, sources, index: { removed, added } };
  return encodeSegment(DELTA_MAGIC, json, text, [removedPostings, addedPostings]);
}

/** A delta segment's bytes, decoded (from its file, or as the build thread sends it). */
export function decodeDelta(bytes: Buffer): DeltaData {
  const { json, text, tables } = decodeSegment(bytes, DELTA_MAGIC, (j) => {
    const { removed, added } = (j as StoredDelta).index;
    return [removed.terms.length, added.terms.length];
  });
  const { sources, articles, index, ...rest } = json as StoredDelta;
  return {
    ...rest,
    articles: restoreArticles(articles, sources, text),
    index: { removed: { ...index.removed, postings: tables[0]! }, added: { ...index.added, postings: tables[1]! } },
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Writes a file atomically: a temporary file in the same folder, then a rename. */
function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function writeManifest(dir: string, manifest: Manifest): void {
  writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/** What a manifest says about the casebook it commits, besides its files. */
export interface CommitInfo {
  commit: string;
  seedsHash: string;
  builtAt: Date;
  edits: string;
  pages: number;
  articles: number;
}

/** A temporary file of a segment or the manifest, with the pid of the process writing it. */
const TEMP = new RegExp(String.raw`^(?:${SEGMENT_NAME}|manifest\.json)\.(\d+)\.tmp$`);

function running(pid: number): boolean {
  if (pid === process.pid) return false; // this process writes one snapshot at a time
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files left by writes that were killed or failed (their process is gone), so
 * that they cannot fill a small disk build after build. A live process's file is left alone.
 */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = TEMP.exec(name)?.[1];
    if (pid === undefined || running(Number(pid))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Why a query dictionary would be refused, or crash, by jieba (which aborts the process on a
 * malformed line): every line `word frequency tag`, separated by single spaces, a positive total
 * frequency, valid UTF-8. Undefined when it is fine.
 */
export function dictionaryProblem(bytes: Buffer): string | undefined {
  if (!isUtf8(bytes)) return '不是有效的 UTF-8';
  const end = bytes.length > 0 && bytes[bytes.length - 1] === NEWLINE ? bytes.length - 1 : bytes.length;
  if (end === 0) return '词典是空的';
  // One pass over the bytes (this runs at every warm start): per line, two single spaces
  // separating three non-empty fields, the middle one a number.
  let line = 1;
  let spaces = 0;
  let fieldStart = 0;
  let freq = 0;
  let fraction = 0;
  let total = 0;
  for (let i = 0; i <= end; i++) {
    const c = i === end ? NEWLINE : bytes[i]!;
    if (c === SPACE || c === NEWLINE) {
      if (i === fieldStart || (c === SPACE && spaces === 2) || (c === NEWLINE && spaces !== 2))
        return `第 ${line} 行不是“词 词频 词性”`;
      if (c === SPACE) spaces++;
      else {
        total += freq;
        line++;
        spaces = 0;
        freq = 0;
        fraction = 0;
      }
      fieldStart = i + 1;
    } else if (spaces === 1) {
      if (c >= 0x30 && c <= 0x39) {
        if (fraction) fraction /= 10;
        freq = fraction ? freq + (c - 0x30) * fraction : freq * 10 + (c - 0x30);
      } else if (c === DOT && !fraction && i > fieldStart) fraction = 1;
      else return `第 ${line} 行的词频不是数字`;
    }
  }
  if (!(total > 0)) return '词频总和为 0';
  return undefined;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const DOT = 0x2e;

/**
 * Writes a build: the base segment and the query dictionary under their usual names, then the
 * manifest that vouches for them (the commit point; before it is written the old manifest is
 * removed, so a process killed halfway leaves no manifest and the next start builds again).
 * Segments of the old manifest are removed afterwards.
 */
export function saveSnapshot(dir: string, data: SnapshotData, dictionary: string, info: CommitInfo): Manifest {
  mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir);
  rmSync(join(dir, MANIFEST), { force: true });
  const bytes = encodeBase(data);
  writeAtomic(join(dir, SNAPSHOT), bytes);
  writeAtomic(join(dir, DICTIONARY), dictionary);
  const manifest: Manifest = {
    schema: SCHEMA_VERSION,
    tokenizer: TOKENIZER_VERSION,
    commit: info.commit,
    seedsHash: info.seedsHash,
    snapshotHash: sha1(bytes),
    dictionaryHash: sha1(dictionary),
    builtAt: info.builtAt.toISOString(),
    edits: info.edits,
    pages: info.pages,
    articles: info.articles,
    deltas: [],
  };
  writeManifest(dir, manifest);
  removeOrphans(dir, manifest, 0);
  return manifest;
}

/**
 * Appends a change: the query dictionary first when it changed (under a name of its own), then
 * the delta segment, then the manifest naming both (the commit point). Killed before the
 * manifest, the folder still holds the previous state whole; the unnamed files are removed later.
 */
export function appendDelta(
  dir: string,
  previous: Manifest,
  delta: DeltaData,
  info: CommitInfo,
  dictionary?: string,
): { manifest: Manifest; bytes: Buffer } {
  const manifest: Manifest = {
    ...previous,
    commit: info.commit,
    seedsHash: info.seedsHash,
    builtAt: info.builtAt.toISOString(),
    edits: info.edits,
    pages: info.pages,
    articles: info.articles,
  };
  if (dictionary !== undefined) {
    const hash = sha1(dictionary);
    manifest.dictionary = `jieba-${hash.slice(0, 16)}.dict.utf8`;
    manifest.dictionaryHash = hash;
    writeAtomic(dictionaryPath(dir, manifest), dictionary);
    crashPoint('dictionary-written');
  }
  const bytes = encodeDelta(delta);
  const file = `delta-${delta.commit}.bin`;
  writeAtomic(join(dir, file), bytes);
  crashPoint('delta-written');
  manifest.deltas = [...(previous.deltas ?? []), { file, hash: sha1(bytes) }];
  writeManifest(dir, manifest);
  crashPoint('delta-committed');
  return { manifest, bytes };
}

/**
 * Replaces the base and its deltas by one base holding the same casebook (a compaction): the new
 * base under a name of its own, then the manifest (same commit), then the old segments go.
 */
export function writeCompacted(dir: string, previous: Manifest, data: SnapshotData): Manifest {
  const bytes = encodeBase(data);
  const hash = sha1(bytes);
  const manifest: Manifest = { ...previous, base: `snapshot-${hash.slice(0, 16)}.bin`, snapshotHash: hash, deltas: [] };
  writeAtomic(join(dir, manifest.base!), bytes);
  crashPoint('compaction-written');
  writeManifest(dir, manifest);
  crashPoint('compaction-committed');
  removeOrphans(dir, manifest, 0);
  return manifest;
}

/**
 * Removes our segment files that `manifest` does not name, and temporary files, once older than
 * `minAgeMs` (a younger one may be part of a change another process is about to commit).
 */
export function removeOrphans(dir: string, manifest: Manifest, minAgeMs = ORPHAN_AGE_MS): string[] {
  const named = new Set([
    manifest.base ?? SNAPSHOT,
    manifest.dictionary ?? DICTIONARY,
    ...(manifest.deltas ?? []).map((d) => d.file),
  ]);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const now = Date.now();
  for (const name of names) {
    const pid = /\.(\d+)\.tmp$/.exec(name)?.[1];
    const ours = pid === undefined ? SEGMENT_FILE.test(name) : SEGMENT_FILE.test(name.replace(/\.\d+\.tmp$/, ''));
    // A temporary file of a live process is a write in progress there.
    if (!ours || named.has(name) || (pid !== undefined && running(Number(pid)))) continue;
    try {
      if (now - statSync(join(dir, name)).mtimeMs < minAgeMs) continue;
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Gone meanwhile.
    }
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The index folder read whole: the manifest and every segment it names, checked. */
export interface StoredIndex {
  manifest: Manifest;
  base: SnapshotData;
  deltas: DeltaData[];
  /** The query dictionary's file. */
  dictionary: string;
}

export type IndexRead = { ok: true; index: StoredIndex } | { ok: false; reason: string; stale: boolean };

/** The manifest's fields, checked: anything else (`null`, a number, missing fields) is damage. */
function asManifest(value: unknown): Manifest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  const numbers = ['schema', 'tokenizer', 'pages', 'articles'];
  const strings = ['seedsHash', 'snapshotHash', 'dictionaryHash', 'builtAt'];
  if (numbers.some((k) => typeof m[k] !== 'number') || strings.some((k) => typeof m[k] !== 'string')) return undefined;
  return value as Manifest;
}

/** Reads and checks the manifest and every segment it names (not the pages). */
export function readIndex(dir: string): IndexRead {
  let manifest: Manifest | undefined;
  let unreadable: NodeJS.ErrnoException | undefined;
  try {
    manifest = asManifest(JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')));
    if (!manifest) unreadable = new Error('不是有效的索引清单（字段缺失或类型不对）');
  } catch (err) {
    unreadable = err as NodeJS.ErrnoException;
  }
  const fail = (reason: string, stale: boolean): IndexRead => ({ ok: false, reason, stale });
  if (!manifest) {
    const missing = unreadable?.code === 'ENOENT';
    return fail(missing ? '尚无索引快照' : `索引清单损坏：${unreadable?.message ?? '无法读取'}`, missing);
  }
  if (manifest.schema !== SCHEMA_VERSION || manifest.tokenizer !== TOKENIZER_VERSION)
    return fail('索引格式或分词版本已更新', true);
  const read = (file: string, hash: string, what: string): Buffer | string => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, file));
    } catch (err) {
      return `${what}无法读取：${(err as Error).message}`;
    }
    return sha1(bytes) === hash ? bytes : `${what}不完整或已损坏（校验和不符）`;
  };
  const baseBytes = read(manifest.base ?? SNAPSHOT, manifest.snapshotHash, '索引快照');
  if (typeof baseBytes === 'string') return fail(baseBytes, false);
  const dictionary = read(manifest.dictionary ?? DICTIONARY, manifest.dictionaryHash, '查询词典');
  if (typeof dictionary === 'string') return fail(dictionary, false);
  // Checked before jieba sees it: jieba aborts the whole process on a malformed line.
  const problem = dictionaryProblem(dictionary);
  if (problem) return fail(`查询词典格式不对（${problem}）`, false);
  let base: SnapshotData;
  try {
    base = decodeBase(baseBytes);
  } catch (err) {
    return fail(`索引快照损坏：${(err as Error).message}`, false);
  }
  const deltas: DeltaData[] = [];
  for (const d of manifest.deltas ?? []) {
    const bytes = read(d.file, d.hash, '索引增量段');
    if (typeof bytes === 'string') return fail(bytes, false);
    try {
      deltas.push(decodeDelta(bytes));
    } catch (err) {
      return fail(`索引增量段 ${d.file} 损坏：${(err as Error).message}`, false);
    }
  }
  return { ok: true, index: { manifest, base, deltas, dictionary: dictionaryPath(dir, manifest) } };
}

/** The page files an index was built over: its base's, with each delta's changes. */
export function indexedFiles(index: StoredIndex): Map<string, PageFile> {
  const files = new Map(index.base.files.map((f) => [f.name, f]));
  for (const d of index.deltas) {
    for (const name of d.removedPages) files.delete(name);
    for (const p of d.pages) files.set(p.file.name, p.file);
  }
  return files;
}

/** How a pages folder differs from the files an index was built over. */
export interface FolderChanges {
  /** Pages new to the index or whose content changed. */
  changed: string[];
  /** Pages the index holds that the folder no longer has. */
  removed: string[];
  /** Pages with the same content under a new modification time. */
  touched: PageFile[];
}

/**
 * Compares a pages folder with the files an index holds: names, sizes and modification times
 * first; a page whose size or time differs is read and hashed (touched but unchanged, or changed).
 */
export function folderChanges(seedsDir: string, files: ReadonlyMap<string, PageFile>): FolderChanges {
  const out: FolderChanges = { changed: [], removed: [], touched: [] };
  let names: string[] = [];
  try {
    names = listPages(seedsDir);
  } catch {
    // A missing folder holds no pages.
  }
  const present = new Set(names);
  for (const name of files.keys()) if (!present.has(name)) out.removed.push(name);
  for (const name of names) {
    const known = files.get(name);
    if (!known) {
      out.changed.push(name);
      continue;
    }
    try {
      const st = statSync(join(seedsDir, name));
      if (st.size === known.size && st.mtimeMs === known.mtimeMs) continue;
      const hash = sha1(readFileSync(join(seedsDir, name)));
      if (hash === known.hash) out.touched.push({ name, size: st.size, mtimeMs: st.mtimeMs, hash });
      else out.changed.push(name);
    } catch {
      out.changed.push(name);
    }
  }
  return out;
}

/** The outcome of a load; either way, the seeds' content hash (which a rebuild records). */
export type SnapshotLoad =
  | { ok: true; manifest: Manifest; data: SnapshotData; deltas: DeltaData[]; dictionary: string; seedsHash: string }
  | { ok: false; reason: string; stale: boolean; seedsHash: string };

/**
 * Loads the index in `dir` if it matches the pages in `seedsDir` exactly (and was built with
 * the same editors' corrections, `edits`, and this code's versions). `data` is the base segment;
 * `deltas` are the changes on top of it. `stale` tells an expected rebuild (pages or versions
 * changed, no snapshot yet) from damage.
 */
export function loadSnapshot(dir: string, seedsDir: string, edits = ''): SnapshotLoad {
  const read = readIndex(dir);
  if (!read.ok) return { ...read, seedsHash: '' };
  const { index } = read;
  const files = indexedFiles(index);
  const changes = folderChanges(seedsDir, files);
  const seedsHash = index.manifest.seedsHash;
  if (changes.changed.length || changes.removed.length)
    return { ok: false, reason: 'seeds/ 中的版面有变化', stale: true, seedsHash };
  if ((index.manifest.edits ?? '') !== edits)
    return { ok: false, reason: '编辑的修订或版面日期有变化', stale: true, seedsHash };
  return {
    ok: true,
    manifest: index.manifest,
    data: index.base,
    deltas: index.deltas,
    dictionary: index.dictionary,
    seedsHash,
  };
}
