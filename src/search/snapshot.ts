import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPages } from '../corpus/load.js';
import type { Article, Caption, Warning } from '../corpus/types.js';
import { lazyFigures } from '../corpus/figures.js';
import type { IndexData } from './engine.js';
import { TOKENIZER_VERSION } from './tokenizer.js';

/** Bumped whenever the snapshot layout or the parser's output changes. */
export const SCHEMA_VERSION = 9;

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
const MAGIC = 'CBK1';
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
type StoredArticle = Omit<Article, 'figures' | 'paragraphs' | 'lead'> & { p: number[] };

/**
 * The snapshot file: `CBK1`, the byte length of the JSON part (uint32 LE), the JSON part (everything
 * but the article text), then every paragraph as UTF-16LE. The text is most of the bytes; kept out of
 * JSON it needs no escaping or UTF-8 decoding, and each paragraph is a slice of one string.
 */
function encodeSnapshot(data: SnapshotData): Buffer {
  const texts: string[] = [];
  let offset = 0;
  const articles: StoredArticle[] = data.articles.map((a) => {
    const p: number[] = [];
    for (const para of a.paragraphs) {
      p.push(offset, offset + para.length);
      texts.push(para);
      offset += para.length;
    }
    const { id, source, position, headline, dateline, reporters, county, sections } = a;
    return { id, source, position, headline, dateline, reporters, county, sections, p };
  });
  const json = Buffer.from(JSON.stringify({ ...data, articles }), 'utf8');
  const header = Buffer.alloc(8);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(json.length, 4);
  return Buffer.concat([header, json, Buffer.from(texts.join(''), 'utf16le')]);
}

function decodeSnapshot(bytes: Buffer): SnapshotData {
  if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('不是索引快照文件');
  const jsonEnd = 8 + bytes.readUInt32LE(4);
  if (jsonEnd > bytes.length || (bytes.length - jsonEnd) % 2 !== 0) throw new Error('快照长度不对');
  const stored = JSON.parse(bytes.toString('utf8', 8, jsonEnd)) as Omit<SnapshotData, 'articles'> & { articles: StoredArticle[] };
  const text = bytes.toString('utf16le', jsonEnd);
  const articles = stored.articles.map(({ p, ...rest }) => {
    const paragraphs: string[] = [];
    for (let i = 0; i < p.length; i += 2) paragraphs.push(text.slice(p[i], p[i + 1]));
    return lazyFigures({ ...rest, paragraphs, lead: paragraphs[0] ?? '' }) as Article;
  });
  return { ...stored, articles };
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
 * The seeds' content hash, computed only when the cheap fingerprint differs from the one a
 * manifest recorded (as build tools do): reading and hashing every page costs most of a warm start.
 */
export function seedsHashFor(dir: string, manifest?: Pick<Manifest, 'seedsHash' | 'seedsStat'>): string {
  if (manifest?.seedsStat && manifest.seedsStat === statSeeds(dir)) return manifest.seedsHash;
  return hashSeeds(dir);
}

/** Reads a manifest without judging it; undefined if missing or unreadable. */
export function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Writes a file atomically: a temporary file in the same folder, then a rename. */
function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Writes the snapshot and the query dictionary, then the manifest that vouches for both (the
 * manifest is the commit point).
 */
export function saveSnapshot(dir: string, seedsDir: string, seedsHash: string, data: SnapshotData, dictionary: string, builtAt: Date): Manifest {
  mkdirSync(dir, { recursive: true });
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
    pages: data.pages.length,
    articles: data.articles.length,
  };
  writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export type SnapshotLoad =
  | { ok: true; manifest: Manifest; data: SnapshotData }
  | { ok: false; reason: string; stale: boolean };

/**
 * Loads the snapshot if its manifest matches these seeds and this code's versions.
 * `stale` tells an expected rebuild (seeds or versions changed, no snapshot yet) from damage.
 */
export function loadSnapshot(dir: string, seedsHash: string): SnapshotLoad {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, reason: missing ? '尚无索引快照' : `索引清单损坏：${(err as Error).message}`, stale: missing };
  }
  if (manifest.schema !== SCHEMA_VERSION || manifest.tokenizer !== TOKENIZER_VERSION) {
    return { ok: false, reason: '索引格式或分词版本已更新', stale: true };
  }
  if (manifest.seedsHash !== seedsHash) return { ok: false, reason: 'seeds/ 中的版面有变化', stale: true };
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, SNAPSHOT));
  } catch (err) {
    return { ok: false, reason: `索引快照无法读取：${(err as Error).message}`, stale: false };
  }
  if (sha1(bytes) !== manifest.snapshotHash) return { ok: false, reason: '索引快照不完整或已损坏（校验和不符）', stale: false };
  try {
    if (sha1(readFileSync(join(dir, DICTIONARY))) !== manifest.dictionaryHash) {
      return { ok: false, reason: '查询词典不完整或已损坏（校验和不符）', stale: false };
    }
  } catch (err) {
    return { ok: false, reason: `查询词典无法读取：${(err as Error).message}`, stale: false };
  }
  try {
    const data = decodeSnapshot(bytes);
    if (!Array.isArray(data.articles) || !Array.isArray(data.index?.postings)) throw new Error('缺少文章表或索引');
    return { ok: true, manifest, data };
  } catch (err) {
    return { ok: false, reason: `索引快照损坏：${(err as Error).message}`, stale: false };
  }
}

