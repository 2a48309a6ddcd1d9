import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPages } from '../corpus/load.js';
import type { Article, Caption, Warning } from '../corpus/types.js';
import { lazyFigures } from '../corpus/figures.js';
import type { IndexData } from './engine.js';
import { TOKENIZER_VERSION } from './tokenizer.js';
import { PostingTable } from './postings.js';

/** Bumped whenever the snapshot layout or the parser's output changes. */
export const SCHEMA_VERSION = 14;

export interface Manifest {
  schema: number;
  tokenizer: number;
  /** SHA-1 over every page's name and bytes, in page order. */
  seedsHash: string;
  /** Every page's name, size and modification time: when these match, the pages are unchanged. */
  seedsStat: string;
  /** SHA-1 of `snapshot.bin`, so a partial or corrupted file is caught before parsing. */
  snapshotHash: string;
  /** SHA-1 of `jieba.dict.utf8`, the dictionary queries are segmented with. */
  dictionaryHash: string;
  builtAt: string;
  /** Fingerprint of the editors' corrections and page dates built in (empty: none). */
  edits?: string;
  pages: number;
  articles: number;
}

export interface SnapshotData {
  pages: string[];
  articles: Article[];
  captions: Caption[];
  warnings: Warning[];
  userWords: string[];
  index: IndexData;
}

const MANIFEST = 'manifest.json';
const SNAPSHOT = 'snapshot.bin';
const MAGIC = 'CBK2';
const DICTIONARY = 'jieba.dict.utf8';

/** Where a snapshot folder keeps its query dictionary. */
export function dictionaryPath(dir: string): string {
  return join(dir, DICTIONARY);
}

function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

/** Content hash of a seeds folder: page names and bytes, in page order. */
export function hashSeeds(dir: string): string {
  const h = createHash('sha1');
  let names: string[] = [];
  try {
    names = listPages(dir);
  } catch {
    // A missing folder hashes as empty; the loader reports it.
  }
  for (const name of names) {
    h.update(name).update('\0');
    try {
      h.update(readFileSync(join(dir, name)));
    } catch {
      h.update('unreadable');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * An article as stored: its paragraphs as [start, end) offsets into the snapshot's text; the lead
 * is the first paragraph, and figures are recomputed from the paragraphs on first use.
 */
type StoredArticle = Omit<Article, 'figures' | 'paragraphs' | 'lead' | 'source'> & { p: number[]; s: number };

/**
 * The snapshot file, in four parts after a 16-byte header (`CBK2` and three uint32 LE lengths):
 * - the posting-list directory: (term index, field id, start, end) as uint32s, in platform order
 *   (little-endian on every machine this runs on), a PostingTable's `directory` as it is;
 * - the JSON part: everything but the posting lists and the article text;
 * - every posting list, ASCII (see postings.ts), one after the other: the table's `blob`;
 * - every paragraph, UTF-16LE.
 * The lists and the text are most of the bytes: kept out of JSON they need no escaping, parsing or
 * UTF-8 decoding, and each list or paragraph is a slice of one string.
 */
function encodeSnapshot(data: SnapshotData): Buffer {
  const texts: string[] = [];
  let offset = 0;
  const pageIndex = new Map(data.pages.map((name, i) => [name, i]));
  const pages = [...data.pages];
  const articles: StoredArticle[] = data.articles.map((a) => {
    const p: number[] = [];
    for (const para of a.paragraphs) {
      p.push(offset, offset + para.length);
      texts.push(para);
      offset += para.length;
    }
    let page = pageIndex.get(a.source);
    if (page === undefined) pageIndex.set(a.source, (page = pages.push(a.source) - 1));
    const { id, date, edition, position, headline, dateline, reporters, county, sections } = a;
    return { id, s: page, date, edition, position, headline, dateline, reporters, county, sections, p };
  });
  const { postings, ...index } = data.index;
  const { directory } = postings;
  const dir = Buffer.from(directory.buffer, directory.byteOffset, directory.byteLength);
  const json = Buffer.from(JSON.stringify({ ...data, index, articles, sources: pages }), 'utf8');
  const blob = Buffer.from(postings.blob, 'latin1');
  const header = Buffer.alloc(16);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(dir.length, 4);
  header.writeUInt32LE(json.length, 8);
  header.writeUInt32LE(blob.length, 12);
  return Buffer.concat([header, dir, json, blob, Buffer.from(texts.join(''), 'utf16le')]);
}

function decodeSnapshot(bytes: Buffer): SnapshotData {
  if (bytes.length < 16 || bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('不是索引快照文件');
  const dirEnd = 16 + bytes.readUInt32LE(4);
  const jsonEnd = dirEnd + bytes.readUInt32LE(8);
  const blobEnd = jsonEnd + bytes.readUInt32LE(12);
  if (blobEnd > bytes.length || (bytes.length - blobEnd) % 2 !== 0 || (dirEnd - 16) % 16 !== 0)
    throw new Error('快照长度不对');
  // A copy: a view would keep the whole file's bytes alive as long as the index.
  const directory = new Uint32Array(new Uint8Array(bytes.subarray(16, dirEnd)).buffer);
  const { sources, ...stored } = JSON.parse(bytes.toString('utf8', dirEnd, jsonEnd)) as Omit<
    SnapshotData,
    'articles' | 'index'
  > & {
    articles: StoredArticle[];
    index: Omit<IndexData, 'postings'>;
    sources: string[];
  };
  const postings = PostingTable.from(directory, bytes.toString('latin1', jsonEnd, blobEnd), stored.index.terms.length);
  const text = bytes.toString('utf16le', blobEnd);
  const articles = stored.articles.map((a) => {
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
  return { ...stored, index: { ...stored.index, postings }, articles };
}

/** A cheap fingerprint of a seeds folder: page names, sizes and modification times. */
export function statSeeds(dir: string): string {
  try {
    return listPages(dir)
      .map((name) => {
        const st = statSync(join(dir, name));
        return `${name}:${st.size}:${st.mtimeMs}`;
      })
      .join('|');
  } catch {
    return '';
  }
}

/**
 * The seeds' content hash, computed only when the cheap fingerprint differs from the one the
 * manifest recorded (as build tools do): reading and hashing every page costs most of a warm start.
 */
function seedsHashFor(dir: string, manifest?: Pick<Manifest, 'seedsHash' | 'seedsStat'>): string {
  if (manifest?.seedsStat && manifest.seedsStat === statSeeds(dir)) return manifest.seedsHash;
  return hashSeeds(dir);
}

/** Writes a file atomically: a temporary file in the same folder, then a rename; a failure leaves no temporary file. */
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

const TEMP = /^(?:snapshot\.bin|jieba\.dict\.utf8|manifest\.json)\.(\d+)\.tmp$/;

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

/** The manifest's fields, checked: anything else (`null`, a number, missing fields) is damage. */
function asManifest(value: unknown): Manifest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  const numbers = ['schema', 'tokenizer', 'pages', 'articles'];
  const strings = ['seedsHash', 'snapshotHash', 'dictionaryHash', 'builtAt'];
  if (numbers.some((k) => typeof m[k] !== 'number') || strings.some((k) => typeof m[k] !== 'string')) return undefined;
  return value as Manifest;
}

/**
 * Writes the snapshot and the query dictionary, then the manifest that vouches for both (the
 * manifest is the commit point).
 */
export function saveSnapshot(
  dir: string,
  seedsDir: string,
  seedsHash: string,
  data: SnapshotData,
  dictionary: string,
  builtAt: Date,
  edits = '',
): Manifest {
  mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir);
  rmSync(join(dir, MANIFEST), { force: true });
  const bytes = encodeSnapshot(data);
  writeAtomic(join(dir, SNAPSHOT), bytes);
  writeAtomic(join(dir, DICTIONARY), dictionary);
  const manifest: Manifest = {
    schema: SCHEMA_VERSION,
    tokenizer: TOKENIZER_VERSION,
    seedsHash,
    seedsStat: statSeeds(seedsDir),
    snapshotHash: sha1(bytes),
    dictionaryHash: sha1(dictionary),
    builtAt: builtAt.toISOString(),
    edits,
    pages: data.pages.length,
    articles: data.articles.length,
  };
  writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The outcome of a load; either way, the seeds' content hash (which a rebuild records). */
export type SnapshotLoad =
  | { ok: true; manifest: Manifest; data: SnapshotData; seedsHash: string }
  | { ok: false; reason: string; stale: boolean; seedsHash: string };

/**
 * Loads the snapshot in `dir` if its manifest matches the pages in `seedsDir` and this code's
 * versions (and was built with the same editors' corrections, `edits`). `stale` tells an expected rebuild (seeds or versions changed, no snapshot yet) from damage.
 */
export function loadSnapshot(dir: string, seedsDir: string, edits = ''): SnapshotLoad {
  let manifest: Manifest | undefined;
  let unreadable: NodeJS.ErrnoException | undefined;
  try {
    manifest = asManifest(JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')));
    if (!manifest) unreadable = new Error('不是有效的索引清单（字段缺失或类型不对）');
  } catch (err) {
    unreadable = err as NodeJS.ErrnoException;
  }
  const seedsHash = seedsHashFor(seedsDir, manifest);
  const fail = (reason: string, stale: boolean): SnapshotLoad => ({ ok: false, reason, stale, seedsHash });
  if (!manifest) {
    const missing = unreadable?.code === 'ENOENT';
    return fail(missing ? '尚无索引快照' : `索引清单损坏：${unreadable?.message ?? '无法读取'}`, missing);
  }
  if (manifest.schema !== SCHEMA_VERSION || manifest.tokenizer !== TOKENIZER_VERSION)
    return fail('索引格式或分词版本已更新', true);
  if (manifest.seedsHash !== seedsHash) return fail('seeds/ 中的版面有变化', true);
  if ((manifest.edits ?? '') !== edits) return fail('编辑的修订或版面日期有变化', true);
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, SNAPSHOT));
  } catch (err) {
    return fail(`索引快照无法读取：${(err as Error).message}`, false);
  }
  if (sha1(bytes) !== manifest.snapshotHash) return fail('索引快照不完整或已损坏（校验和不符）', false);
  try {
    const dictionary = readFileSync(join(dir, DICTIONARY));
    if (sha1(dictionary) !== manifest.dictionaryHash) return fail('查询词典不完整或已损坏（校验和不符）', false);
    // Checked before jieba sees it: jieba aborts the whole process on a malformed line.
    const problem = dictionaryProblem(dictionary);
    if (problem) return fail(`查询词典格式不对（${problem}）`, false);
  } catch (err) {
    return fail(`查询词典无法读取：${(err as Error).message}`, false);
  }
  try {
    const data = decodeSnapshot(bytes);
    if (!Array.isArray(data.articles) || !Array.isArray(data.index?.terms)) throw new Error('缺少文章表或索引');
    return { ok: true, manifest, data, seedsHash };
  } catch (err) {
    return fail(`索引快照损坏：${(err as Error).message}`, false);
  }
}
