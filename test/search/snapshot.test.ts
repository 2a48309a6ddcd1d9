import { describe, expect, it } from 'vitest';
import {
  appendFileSync,
  readFileSync,
  readdirSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { join } from 'node:path';
import { openCasebook } from '../../src/casebook/casebook.js';
import { dictionaryPath } from '../../src/search/snapshot.js';
import { cutWords } from '../../src/search/tokenizer.js';
import { pagesCopy, tempDir } from '../helpers.js';
import { memoryLogger } from '../../src/testing/logger.js';

const QUESTIONS = ['金乡党代表工作室接待了多少党员群众', '哪些地方有红帆驿站', '调解', '泗水的第一书记'];

function open(seedsDir: string, indexDir: string) {
  const { log, lines } = memoryLogger();
  const cb = openCasebook({ seedsDir, indexDir, log });
  const logs = lines.map((l) => (l.level === 'warn' ? `警告：${l.msg}` : l.msg));
  return { cb, logs };
}

const strip = (r: ReturnType<ReturnType<typeof open>['cb']['ask']>) => ({ ...r, tookMs: 0 });

describe('index snapshot', () => {
  const seeds = pagesCopy();
  const index = tempDir('index-');
  const fresh = open(seeds, index);

  it('a fresh build writes a manifest and a snapshot', () => {
    expect(fresh.cb.info.origin).toBe('build');
    const manifest = JSON.parse(readFileSync(join(index, 'manifest.json'), 'utf8')) as { seedsHash: string };
    expect(manifest).toMatchObject({ pages: 5, articles: 34 });
    expect(manifest.seedsHash).toMatch(/^[0-9a-f]{40}$/);
    expect(existsSync(join(index, 'snapshot.bin'))).toBe(true);
  });

  it('a reload from the snapshot gives identical results', () => {
    const again = open(seeds, index);
    expect(again.cb.info.origin).toBe('snapshot');
    expect(again.logs).toEqual([]);
    for (const q of QUESTIONS) expect(strip(again.cb.ask(q))).toEqual(strip(fresh.cb.ask(q)));
    // Figures are not stored; they come back from the paragraphs, the same as parsed.
    expect(readFileSync(join(index, 'snapshot.bin')).toString('latin1')).not.toContain('"figures"');
    expect(again.cb.articles.map((a) => a.figures)).toEqual(fresh.cb.articles.map((a) => a.figures));
    expect(again.cb.articles).toEqual(fresh.cb.articles);
    expect(again.cb.captions).toEqual(fresh.cb.captions);
  });

  it('a corrupted snapshot is rebuilt with a warning, never a crash', () => {
    const file = join(index, 'snapshot.bin');
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff; // one flipped byte in the article text
    writeFileSync(file, bytes);
    const damaged = open(seeds, index);
    expect(damaged.cb.info.origin).toBe('build');
    expect(damaged.logs.join('\n')).toMatch(/警告/);
    expect(strip(damaged.cb.ask(QUESTIONS[0]!))).toEqual(strip(fresh.cb.ask(QUESTIONS[0]!)));
    // …and the rebuild wrote a good snapshot again.
    expect(open(seeds, index).cb.info.origin).toBe('snapshot');
  });

  it('a truncated snapshot or a garbled manifest is rebuilt', () => {
    truncateSync(join(index, 'snapshot.bin'), 100);
    expect(open(seeds, index).cb.info.origin).toBe('build');
    writeFileSync(join(index, 'manifest.json'), '{"schema":');
    const r = open(seeds, index);
    expect(r.cb.info.origin).toBe('build');
    expect(r.logs.join('\n')).toMatch(/警告/);
  });

  it('a damaged query dictionary is rebuilt', () => {
    open(seeds, index); // a good snapshot first
    writeFileSync(dictionaryPath(index), '坏 1 x\n');
    const r = open(seeds, index);
    expect(r.cb.info.origin).toBe('build');
    expect(r.logs.join('\n')).toMatch(/词典/);
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
    open(seeds, index);
    const page = join(seeds, readdirSync(seeds).sort()[0]!);
    utimesSync(page, new Date(), new Date(Date.now() + 60_000));
    expect(open(seeds, index).cb.info.origin).toBe('snapshot');
  });

  it('a changed or added page triggers a rebuild, and the new page is searchable', () => {
    const page =
      '本报嘉祥讯（通讯员 测试员）嘉祥县推行“星火夜谈”工作法，组织党员与群众夜谈320场次。\n\n嘉祥县推行“星火夜谈”工作法\n';
    writeFileSync(join(seeds, '005_added.txt'), page);
    const r = open(seeds, index);
    expect(r.cb.info.origin).toBe('build');
    expect(r.cb.articles).toHaveLength(35);
    expect(r.cb.ask('星火夜谈').results[0]?.headline).toBe('嘉祥县推行“星火夜谈”工作法');
    appendFileSync(join(seeds, '005_added.txt'), '\n');
    expect(open(seeds, index).cb.info.origin).toBe('build');
  });
});
