import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import {
  dictionaryPath,
  dictionaryProblem,
  loadSnapshot,
  removeStaleTemps,
  saveSnapshot,
} from '../../src/search/snapshot.js';
import { PAGES, tempDir } from '../helpers.js';
import { entryEnv, runScript } from '../processes.js';

const sha1 = (b: Buffer | string) => createHash('sha1').update(b).digest('hex');

/** A private copy of the shared index. */
function indexCopy(): string {
  const dir = tempDir('index-faults-');
  cpSync(inject('indexDir'), dir, { recursive: true });
  return dir;
}

/** Replaces the query dictionary and makes the manifest vouch for it (a matching checksum). */
function plantDictionary(dir: string, text: string | Buffer): void {
  writeFileSync(dictionaryPath(dir), text);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  manifest.dictionaryHash = sha1(readFileSync(dictionaryPath(dir)));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
}

describe('F10: the query dictionary is checked before jieba sees it', () => {
  it('names what is wrong with a malformed dictionary', () => {
    const good = '党代表 120 n\n工作室 88.5 n\n';
    expect(dictionaryProblem(Buffer.from(good))).toBeUndefined();
    expect(dictionaryProblem(Buffer.from(good.trimEnd()))).toBeUndefined();
    const bad: [string | Buffer, RegExp][] = [
      ['', /空/],
      ['党代表 120\n', /第 1 行/],
      ['党代表 120 n\n工作室 88 n x\n', /第 2 行/],
      ['党代表 120 n\n\n工作室 88 n\n', /第 2 行/],
      ['党代表  120 n\n', /第 1 行/],
      ['党代表 12x n\n', /词频不是数字/],
      ['党代表 1.2.3 n\n', /词频不是数字/],
      [' 党代表 120 n\n', /第 1 行/],
      ['党代表 0 n\n', /总和为 0/],
      [Buffer.from([0xe5, 0x85, 0x20, 0x31, 0x20, 0x6e, 0x0a]), /UTF-8/],
    ];
    for (const [text, why] of bad) expect(dictionaryProblem(Buffer.from(text)), JSON.stringify(text)).toMatch(why);
  });

  it('a malformed dictionary with a matching checksum is rebuilt, with a warning, by a real process (jieba aborted it: exit 134)', async () => {
    const dir = indexCopy();
    const lines = readFileSync(dictionaryPath(dir), 'utf8').split('\n');
    lines[10] = '坏行只有 两列';
    plantDictionary(dir, lines.join('\n'));
    const tmp = tempDir('tmpdir-');
    const search = runScript(
      'tools/cli/search.ts',
      ['--json', '金乡党代表工作室'],
      entryEnv({ INDEX_DIR: dir, TMPDIR: tmp }),
    );
    const { code, signal } = await search.exited;
    expect({ code, signal }, search.stderr()).toEqual({ code: 0, signal: null });
    expect(search.logs().find((l) => l.level === 40)?.msg).toMatch(/查询词典格式不对（第 11 行/);
    expect((JSON.parse(search.stdout()) as { results: unknown[] }).results.length).toBeGreaterThan(0);
    // The rebuild wrote a good dictionary.
    expect(dictionaryProblem(readFileSync(dictionaryPath(dir)))).toBeUndefined();
    // jieba was loaded twice (the full dictionary to build, the pruned one to answer), and its
    // scratch files went each time: no jieba-* folder is left in the temporary directory.
    expect(readdirSync(tmp).filter((f) => f.startsWith('jieba-'))).toEqual([]);
  });
});

describe('the manifest', () => {
  it('a manifest of null, a number or missing fields is damage with a reason, not "undefined"', () => {
    for (const text of ['null', '42', '"x"', '{}', '{"schema":13}']) {
      const dir = indexCopy();
      writeFileSync(join(dir, 'manifest.json'), text);
      const result = loadSnapshot(dir, PAGES);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.stale).toBe(false);
      expect(result.reason).toMatch(/^索引清单损坏：不是有效的索引清单/);
      expect(result.reason).not.toContain('undefined');
    }
  });
});

describe('F7: temporary snapshot files', () => {
  /** Writes the shared index's snapshot again into `dir`, as a build does after indexing. */
  function rewrite(dir: string): void {
    const loaded = loadSnapshot(inject('indexDir'), PAGES);
    if (!loaded.ok) throw new Error(loaded.reason);
    const dictionary = readFileSync(dictionaryPath(inject('indexDir'), loaded.manifest), 'utf8');
    saveSnapshot(dir, loaded.data, dictionary, {
      commit: loaded.manifest.commit,
      seedsHash: loaded.seedsHash,
      builtAt: new Date(),
      edits: '',
      pages: loaded.manifest.pages,
      articles: loaded.manifest.articles,
    });
  }

  it('files left by a killed or failed write are removed at the next write; a live writer’s are kept', () => {
    const dir = indexCopy();
    const dead = 2 ** 22 + 12345; // above any pid this machine hands out
    const alive = process.ppid;
    writeFileSync(join(dir, `snapshot.bin.${dead}.tmp`), Buffer.alloc(1 << 20));
    writeFileSync(join(dir, `jieba.dict.utf8.${dead}.tmp`), 'x');
    writeFileSync(join(dir, `snapshot.bin.${alive}.tmp`), 'in progress elsewhere');
    writeFileSync(join(dir, 'notes.tmp'), 'not ours');
    rewrite(dir);
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.tmp'))
        .sort(),
    ).toEqual([`snapshot.bin.${alive}.tmp`, 'notes.tmp'].sort());
    expect(loadSnapshot(dir, PAGES).ok).toBe(true);
  });

  it('a write that fails leaves no temporary file behind', () => {
    const dir = tempDir('index-failing-');
    // A folder where the snapshot should go: writing the temporary file works, the rename fails.
    mkdirSync(join(dir, 'snapshot.bin'));
    writeFileSync(join(dir, 'snapshot.bin', 'keep'), 'x');
    for (let i = 0; i < 2; i++) expect(() => rewrite(dir)).toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('removeStaleTemps touches only the snapshot’s own temporary files of processes that are gone', () => {
    const dir = tempDir('index-temps-');
    const dead = 2 ** 22 + 54321;
    for (const name of [`manifest.json.${dead}.tmp`, 'manifest.json.tmp', `other.${dead}.tmp`, `manifest.json.1.tmp`])
      writeFileSync(join(dir, name), '');
    expect(removeStaleTemps(dir)).toEqual([`manifest.json.${dead}.tmp`]);
    expect(readdirSync(dir).sort()).toEqual(['manifest.json.1.tmp', 'manifest.json.tmp', `other.${dead}.tmp`].sort());
  });
});
