import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCasebook } from '../../src/casebook/casebook.js';
import { CasebookHolder } from '../../src/casebook/holder.js';
import { BackgroundRebuilder } from '../../src/casebook/background.js';
import { openDatabase } from '../../src/db/db.js';
import { IngestService, type FolderEvent } from '../../src/ingest/service.js';
import { PageWatcher } from '../../src/ingest/watcher.js';
import { FIXTURES, indexCopyOf, PAGES, tempDir, TWO_PAGES } from '../helpers.js';

const INGEST = join(FIXTURES, 'ingest');
const EDITOR = { id: 42, name: '编辑小王' };

describe('the pages folder watcher', () => {
  const seedsDir = tempDir('seeds-watch-');
  copyFileSync(join(PAGES, TWO_PAGES[0]!), join(seedsDir, TWO_PAGES[0]!));
  const indexDir = indexCopyOf('onePageIndexDir');
  const dataDir = tempDir('data-watch-');
  const folders = { seedsDir, indexDir, dataDir };
  const first = openCasebook(folders);
  if (first.info.origin !== 'snapshot') throw new Error('the one-page test index did not load as a snapshot');
  const holder = new CasebookHolder(first, new BackgroundRebuilder(folders));
  const ingest = new IngestService({ ...folders, db: openDatabase(dataDir), holder, editors: [EDITOR.id] });
  const events: FolderEvent[] = [];
  const waiters: ((e: FolderEvent) => void)[] = [];
  ingest.onFolderEvent((e) => {
    events.push(e);
    waiters.shift()?.(e);
  });
  const next = () => new Promise<FolderEvent>((resolve) => waiters.push(resolve));
  const watcher = new PageWatcher({
    dir: seedsDir,
    onChanges: (c) => ingest.takeFolderChanges(c),
    settings: { stableMs: 300, pollMs: 100 },
  });
  watcher.start();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('adds a page copied into the folder once its size is stable, and reports its warnings', async () => {
    const gbk = readFileSync(join(INGEST, 'page-b-gbk.txt'));
    const target = join(seedsDir, '2024-05-28_07.txt');
    const event = next();
    // A slow copy: half now, the rest after a pause shorter than the stable time.
    writeFileSync(target, gbk.subarray(0, 300));
    await sleep(150);
    appendFileSync(target, gbk.subarray(300));
    const e = await event;
    expect(e).toMatchObject({
      kind: 'added',
      page: { page: '2024-05-28_07.txt', label: '2024年5月28日 第7版' },
      answerable: true,
      warnings: [],
    });
    if (e.kind !== 'added') return;
    // The whole file was read, not the half.
    expect(e.articles.map((a) => a.headline)).toEqual(['嘉祥“石匠党支部”雕出致富路', '梁山“水浒红”志愿服务队常驻村头']);
    expect(holder.current.ask('梁山水浒红志愿服务队注册了多少党员志愿者').answer?.text).toContain('1.5万名');
    expect(ingest.history(1)[0]).toMatchObject({ action: 'add', via: 'folder', by: { id: null } });
  }, 180_000);

  it('a page with parser warnings is added and the warnings reach the editors', async () => {
    const event = next();
    // A page whose headline is missing: the body ends the file.
    const text = new TextDecoder('gb18030').decode(readFileSync(join(INGEST, 'page-c-gb18030.txt')));
    writeFileSync(join(seedsDir, 'yinling.txt'), `${text}\n本报邹城讯（通讯员 吴桐）正文只有一句。\n`);
    const e = await event;
    expect(e).toMatchObject({ kind: 'added', page: { page: 'yinling.txt', date: null } });
    if (e.kind === 'added') expect(e.warnings.some((w) => /没有找到标题/.test(w))).toBe(true);
  }, 180_000);

  it('a copy of a stored page goes to the trash; a binary is reported; a removal is noticed', async () => {
    const dup = next();
    copyFileSync(join(seedsDir, '2024-05-28_07.txt'), join(seedsDir, 'copy-of-28.txt'));
    const d = await dup;
    expect(d).toMatchObject({ kind: 'duplicate', page: 'copy-of-28.txt', duplicateOf: { page: '2024-05-28_07.txt' } });
    if (d.kind === 'duplicate') expect(existsSync(d.trashedTo)).toBe(true);
    expect(existsSync(join(seedsDir, 'copy-of-28.txt'))).toBe(false);

    const bin = next();
    copyFileSync(join(INGEST, 'binary.txt'), join(seedsDir, 'scan.txt'));
    expect(await bin).toMatchObject({
      kind: 'refused',
      page: 'scan.txt',
      message: expect.stringMatching(/二进制/) as unknown,
    });

    const gone = next();
    rmSync(join(seedsDir, 'yinling.txt'));
    expect(await gone).toMatchObject({ kind: 'removed', page: 'yinling.txt' });
    expect(holder.current.pages).not.toContain('yinling.txt');
  }, 180_000);

  it('pages the service writes itself raise no folder event', async () => {
    const before = events.length;
    const preview = ingest.receive({
      bytes: readFileSync(join(INGEST, '2024-05-21_07.txt')),
      fileName: 'a.txt',
      caption: '2024-05-21 第7版',
      by: EDITOR,
      chatId: 42,
    });
    if (preview.kind !== 'preview') throw new Error('no preview');
    expect(await ingest.accept(preview.preview.uploadId!, EDITOR)).toMatchObject({ kind: 'accepted' });
    // Two looks a stable time apart: the page written by the service is then settled for the watcher.
    await watcher.check();
    await sleep(350);
    await watcher.check();
    expect(events.slice(before)).toEqual([]);
    expect(readdirSync(seedsDir)).toContain('2024-05-21_07.txt');
    await watcher.stop();
  }, 180_000);
});
