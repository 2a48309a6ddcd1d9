import { describe, expect, inject, it } from 'vitest';
import {
  appendFileSync,
  readFileSync,
  readdirSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  existsSync,
  cpSync,
} from 'node:fs';
import { join } from 'node:path';
import { openCasebook } from '../../src/casebook/casebook.js';
import { dictionaryPath, loadSnapshot } from '../../src/search/snapshot.js';
import { cutWords } from '../../src/search/tokenizer.js';
import { pagesCopy, tempDir } from '../helpers.js';
import { memoryLogger } from '../../src/testing/logger.js';

const QUESTIONS = ['金乡党代表工作室接待了多少党员群众', '哪些地方有红帆驿站', '调解', '泗水的第一书记'];

function open(seedsDir: string, indexDir: string) {
  const { log, lines } = memoryLogger();
  const cb = openCasebook({ seedsDir, indexDir, log });
  // What an operator sees (info and above).
  const logs = lines.filter((l) => l.level !== 'debug').map((l) => (l.level === 'warn' ? `警告：${l.msg}` : l.msg));
  return { cb, logs };
}

const strip = (r: ReturnType<ReturnType<typeof open>['cb']['ask']>) => ({ ...r, tookMs: 0 });

describe('index snapshot', () => {
  const seeds = pagesCopy();
  // The global setup's fresh build of the same pages (into an empty folder), copied.
  const index = tempDir('index-');
  cpSync(inject('indexDir'), index, { recursive: true });
  const loaded = open(seeds, index);

  it('a fresh build wrote a manifest and a snapshot; an empty folder is an expected build, not damage', () => {
    const manifest = JSON.parse(readFileSync(join(index, 'manifest.json'), 'utf8')) as { seedsHash: string };
    expect(manifest).toMatchObject({ pages: 5, articles: 34 });
    expect(manifest.seedsHash).toMatch(/^[0-9a-f]{40}$/);
    expect(existsSync(join(index, 'snapshot.bin'))).toBe(true);
    expect(loadSnapshot(tempDir('index-'), seeds)).toMatchObject({ ok: false, stale: true, reason: '尚无索引快照' });
  });

  it('loads from the snapshot, quietly, with figures recomputed rather than stored', () => {
    expect(loaded.cb.info.origin).toBe('snapshot');
    expect(loaded.logs).toEqual([]);
    expect(readFileSync(join(index, 'snapshot.bin')).toString('latin1')).not.toContain('"figures"');
  });

  it('a corrupted snapshot is rebuilt with a warning, never a crash, and the build answers as the snapshot did', () => {
    const file = join(index, 'snapshot.bin');
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff; // one flipped byte in the article text
    writeFileSync(file, bytes);
    const built = open(seeds, index);
    expect(built.cb.info.origin).toBe('build');
    expect(built.logs.join('\n')).toMatch(/警告/);
    // A fresh build and a reload of its snapshot are the same casebook.
    for (const q of QUESTIONS) expect(strip(loaded.cb.ask(q))).toEqual(strip(built.cb.ask(q)));
    expect(loaded.cb.articles.map((a) => a.figures)).toEqual(built.cb.articles.map((a) => a.figures));
    expect(loaded.cb.articles).toEqual(built.cb.articles);
    expect(loaded.cb.captions).toEqual(built.cb.captions);
    // …and the rebuild wrote a good snapshot again.
    expect(loadSnapshot(index, seeds)).toMatchObject({ ok: true });
  });

  // The start-up job rebuilds, with a warning, whenever loadSnapshot reports damage (the
  // corrupted snapshot above goes the whole way); each kind of damage is caught there.
  it('a truncated snapshot, a garbled manifest or a damaged query dictionary is reported as damage', () => {
    /** The reason a copy of the index, damaged, fails to load as damage (not an expected rebuild). */
    const damage = (edit: (dir: string) => void): string => {
      const dir = tempDir('index-');
      cpSync(index, dir, { recursive: true });
      edit(dir);
      const r = loadSnapshot(dir, seeds);
      if (r.ok || r.stale) throw new Error(`not reported as damage: ${JSON.stringify({ ok: r.ok })}`);
      return r.reason;
    };
    expect(loadSnapshot(index, seeds)).toMatchObject({ ok: true });
    expect(damage((d) => truncateSync(join(d, 'snapshot.bin'), 100))).toMatch(/快照/);
    expect(damage((d) => writeFileSync(join(d, 'manifest.json'), '{"schema":'))).toMatch(/清单损坏/);
    expect(damage((d) => writeFileSync(dictionaryPath(d), '坏 1 x\n'))).toMatch(/词典/);
  });

  it('the pruned query dictionary keeps question words and indexed words whole', () => {
    const cb = open(seeds, index).cb;
    expect(cb.info.origin).toBe('snapshot');
    for (const [q, want] of [
      ['兖州区有多少名人民调解员', '兖州区/有/多少/名/人民/调解员'],
      ['金乡党代表工作室接待了多少党员群众', '金乡/党代表/工作室/接待/了/多少/党员/群众'],
      ['哪些县区在重点工作一线考察识别干部', '哪些/县区/在/重点/工作/一线/考察/识别/干部'],
    ] as const) {
      expect(cutWords(q).join('/')).toBe(want);
    }
  });

  it('a page touched but unchanged still loads the snapshot (its content hash matches)', () => {
    expect(loadSnapshot(index, seeds)).toMatchObject({ ok: true });
    const page = join(seeds, readdirSync(seeds).sort()[0]!);
    utimesSync(page, new Date(), new Date(Date.now() + 60_000));
    expect(loadSnapshot(index, seeds)).toMatchObject({ ok: true });
  });

  it('a changed or added page is caught up at start (a delta, not a rebuild), and the new page is searchable', () => {
    const page =
      '本报嘉祥讯（通讯员 测试员）嘉祥县推行“星火夜谈”工作法，组织党员与群众夜谈320场次。\n\n嘉祥县推行“星火夜谈”工作法\n';
    writeFileSync(join(seeds, '005_added.txt'), page);
    const r = open(seeds, index);
    expect(r.cb.info.origin).toBe('snapshot');
    expect(r.logs.join('\n')).toMatch(/1 个版面.*正在更新索引/);
    expect(r.cb.articles).toHaveLength(35);
    expect(r.cb.ask('星火夜谈').results[0]?.headline).toBe('嘉祥县推行“星火夜谈”工作法');
    expect(loadSnapshot(index, seeds)).toMatchObject({ ok: true });
    // One more byte in a page: an expected rebuild, not damage.
    appendFileSync(join(seeds, '005_added.txt'), '\n');
    expect(loadSnapshot(index, seeds)).toMatchObject({ ok: false, stale: true });
  });
});
