import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCasebook } from '../../src/casebook/casebook.js';
import { CasebookHolder } from '../../src/casebook/holder.js';
import { BackgroundRebuilder } from '../../src/casebook/background.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { openDatabase } from '../../src/db/db.js';
import { IngestService, type IncomingUpload, type UploadPreview } from '../../src/ingest/service.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { ManualClock } from '../../src/testing/clock.js';
import { FIXTURES, indexCopyOf, PAGES, ROOT, tempDir, TWO_PAGES } from '../helpers.js';

const INGEST = join(FIXTURES, 'ingest');
const EDITOR = { id: 42, name: '编辑小王' };
const STRANGER = { id: 7, name: '路人' };
const CHAT = 42;
const NEW_Q = '微山船头党课开展了多少场宣讲';
const GBK_Q = '嘉祥石匠党支部带动多少群众就业';

function upload(file: string, caption?: string, by = EDITOR, fileName = file): IncomingUpload {
  return { bytes: readFileSync(join(INGEST, file)), fileName, caption, by, chatId: CHAT };
}

/** A deployment: pages, index and state folders, SQLite, the holder and the service. */
function deployment() {
  const seedsDir = tempDir('seeds-ingest-');
  for (const name of TWO_PAGES) copyFileSync(join(PAGES, name), join(seedsDir, name));
  // The global setup's index of the same two pages: the deployment starts from its snapshot.
  const indexDir = indexCopyOf('twoPagesIndexDir');
  const dataDir = tempDir('data-ingest-');
  const clock = new ManualClock(new Date('2024-06-01T02:00:00Z'));
  const folders = { seedsDir, indexDir, dataDir };
  const first = openCasebook(folders);
  if (first.info.origin !== 'snapshot') throw new Error('the two-page test index did not load as a snapshot');
  const holder = new CasebookHolder(first, new BackgroundRebuilder(folders));
  let db = openDatabase(dataDir);
  const service = () => new IngestService({ ...folders, db, holder, editors: [EDITOR.id], now: () => clock.now() });
  let ingest = service();
  return {
    ...folders,
    clock,
    holder,
    get db() {
      return db;
    },
    get ingest() {
      return ingest;
    },
    /** Closes SQLite and opens it again with a new service, as a restart does. */
    restart() {
      db.close();
      db = openDatabase(dataDir);
      ingest = service();
    },
    pages: () => readdirSync(seedsDir).sort(),
  };
}

function previewOf(outcome: ReturnType<IngestService['receive']>): UploadPreview {
  if (outcome.kind !== 'preview') throw new Error(`expected a preview, got ${JSON.stringify(outcome)}`);
  return outcome.preview;
}

describe('adding pages', () => {
  const d = deployment();
  const originalPages = d.pages();
  let firstUpload = '';

  it('refuses what is not page text, and users who are not editors, writing nothing', () => {
    expect(d.ingest.receive(upload('2024-05-21_07.txt', undefined, STRANGER))).toMatchObject({
      kind: 'refused',
      reason: 'not-editor',
    });
    expect(d.ingest.receive(upload('binary.txt'))).toMatchObject({ kind: 'refused', reason: 'binary' });
    const pdf = d.ingest.receive(upload('fake-pdf.txt', '2024-05-21 第7版', EDITOR, '版面.txt'));
    expect(pdf).toMatchObject({ kind: 'refused', reason: 'pdf', message: expect.stringMatching(/另存为/) as unknown });
    expect(d.ingest.receive(upload('page.docx'))).toMatchObject({ kind: 'refused', reason: 'word' });
    expect(d.ingest.checkDeclaredSize(20 * 1024 * 1024)).toMatchObject({ kind: 'refused', reason: 'too-large' });
    expect(d.ingest.checkDeclaredSize(30_000)).toBeUndefined();
    expect(d.pages()).toEqual(originalPages);
    expect(d.db.prepare('SELECT COUNT(*) AS n FROM pending_uploads').get()).toEqual({ n: 0 });
  });

  it('previews an upload: articles, captions, warnings, the date from the caption', () => {
    const p = previewOf(d.ingest.receive(upload('2024-05-21_07.txt', '2024年5月21日 7版', EDITOR, '党建版.txt')));
    expect(p).toMatchObject({
      status: 'new',
      date: '2024-05-21',
      edition: '7',
      dateSource: 'caption',
      citation: '《济宁日报》2024年5月21日 第7版',
      target: '2024-05-21_07.txt',
      encoding: 'utf-8',
      actions: ['accept', 'cancel'],
      headline: '新版面：2024年5月21日 第7版，3 篇文章',
      replaces: [],
    });
    expect(p.articles.map((a) => [a.headline, a.county, a.reporters, a.paragraphs, a.figures])).toEqual([
      ['党建引领 汶上“红心管家”激活小区治理', '汶上县', ['刘晓', '陈思远'], 4, 6],
      ['微山“船头党课”开进湖区渔村', '微山县', ['孙浩'], 3, 4],
      ['经开区“链上党建”助企纾困解难', '经开区', ['周敏', '李一凡'], 2, 3],
    ]);
    expect(p.captions).toEqual([
      { text: '汶上县一小区党支部书记与物业人员一起走访居民。', county: '汶上县', photographers: ['王涛'] },
    ]);
    expect(p.warnings).toEqual([]);
    expect(p.uploadId).toMatch(/^[\w-]{8}$/);
    expect(d.pages()).toEqual(originalPages);
    firstUpload = p.uploadId!;
  });

  it('a pending upload survives a restart; 入库 writes the page and answers once it is answerable', async () => {
    d.restart();
    const again = d.ingest.preview(firstUpload);
    expect(again).toMatchObject({ kind: 'preview', preview: { status: 'new', target: '2024-05-21_07.txt' } });
    const before = d.holder.current;
    const accepted = await d.ingest.accept(firstUpload, EDITOR);
    expect(accepted).toMatchObject({
      kind: 'accepted',
      answerable: true,
      page: { page: '2024-05-21_07.txt', label: '2024年5月21日 第7版' },
      replaced: [],
    });
    expect(d.holder.current).not.toBe(before);
    expect(readFileSync(join(d.seedsDir, '2024-05-21_07.txt'), 'utf8')).toBe(
      readFileSync(join(INGEST, '2024-05-21_07.txt'), 'utf8'),
    );
    const r = d.holder.current.ask(NEW_Q);
    expect(r.results[0]?.headline).toBe('微山“船头党课”开进湖区渔村');
    expect(r.answer?.text).toContain('680余场次');
    expect(d.holder.current.article(r.results[0]!.id)).toMatchObject({ date: '2024-05-21', edition: '7' });
    // A second press does nothing.
    expect(await d.ingest.accept(firstUpload, EDITOR)).toMatchObject({ kind: 'settled' });
  }, 180_000);

  it('the same page sent again, as Notepad saves it, is a duplicate naming the stored page', () => {
    const p = previewOf(d.ingest.receive(upload('page-a-bom-crlf.txt', undefined, EDITOR, '副本.txt')));
    expect(p).toMatchObject({
      status: 'duplicate',
      headline: '重复：该版面已入库（2024年5月21日 第7版）',
      actions: [],
      duplicateOf: { page: '2024-05-21_07.txt' },
    });
    expect(p.uploadId).toBeUndefined();
  });

  it('a GBK page is read, stored as UTF-8 and answerable', async () => {
    const p = previewOf(d.ingest.receive(upload('page-b-gbk.txt', '2024-05-28 第7版')));
    expect(p).toMatchObject({ status: 'new', encoding: 'gb18030', target: '2024-05-28_07.txt' });
    expect(p.warnings).toEqual(['文件是 GBK/GB18030 编码，已自动转换为 UTF-8 保存。']);
    const accepted = await d.ingest.accept(p.uploadId!, EDITOR);
    expect(accepted).toMatchObject({ kind: 'accepted', answerable: true });
    expect(readFileSync(join(d.seedsDir, '2024-05-28_07.txt'), 'utf8')).toContain('本报嘉祥讯（通讯员 赵磊）');
    expect(d.holder.current.ask(GBK_Q).answer?.text).toContain('1800余名');
  }, 180_000);

  it('same date and page with different text is offered as a replacement; the old file goes to trash', async () => {
    const p = previewOf(d.ingest.receive(upload('page-a-revised.txt', '2024-05-21 第7版')));
    expect(p).toMatchObject({
      status: 'replacement',
      actions: ['replace', 'cancel'],
      replaces: [{ page: '2024-05-21_07.txt', label: '2024年5月21日 第7版', articles: 3 }],
    });
    // 入库 without choosing 替换 changes nothing.
    expect(await d.ingest.accept(p.uploadId!, EDITOR)).toMatchObject({ kind: 'changed' });
    expect(readFileSync(join(d.seedsDir, '2024-05-21_07.txt'), 'utf8')).toContain('87家');
    const replaced = await d.ingest.accept(p.uploadId!, EDITOR, { replace: true });
    expect(replaced).toMatchObject({ kind: 'accepted', answerable: true });
    if (replaced.kind !== 'accepted') return;
    const trashed = replaced.replaced[0]!.trashedTo;
    expect(trashed.startsWith(join(d.dataDir, 'trash'))).toBe(true);
    expect(readFileSync(trashed, 'utf8')).toContain('87家');
    expect(readFileSync(join(d.seedsDir, '2024-05-21_07.txt'), 'utf8')).toContain('92家');
    expect(d.holder.current.ask('经开区链上党建联盟吸纳了多少家企业').answer?.text).toContain('92家');
  }, 180_000);

  it('取消 writes nothing; an undated page says so; an old upload expires cleanly', () => {
    const p = previewOf(d.ingest.receive(upload('page-c-gb18030.txt', undefined, EDITOR, '银龄.txt')));
    expect(p.date).toBeNull();
    expect(p.citation).toBe('《济宁日报》（日期未录入）');
    expect(p.target).toMatch(/^undated-[0-9a-f]{8}\.txt$/);
    expect(p.warnings[0]).toMatch(/^没有日期/);
    expect(d.ingest.cancel(p.uploadId!, EDITOR)).toMatchObject({ kind: 'cancelled' });
    expect(d.ingest.cancel(p.uploadId!, EDITOR)).toMatchObject({ kind: 'settled' });

    const later = previewOf(d.ingest.receive(upload('page-c-gb18030.txt', '2024-06-04 第3版')));
    expect(later.warnings).toContain('日期 2024-06-04 晚于今天，请确认是否写错。');
    return d.clock.advance(25 * 3600 * 1000).then(async () => {
      expect(await d.ingest.accept(later.uploadId!, EDITOR)).toMatchObject({ kind: 'expired' });
      expect(d.ingest.preview('no-such-id')).toMatchObject({ kind: 'expired' });
      expect(d.pages()).not.toContain('2024-06-04_03.txt');
      expect(d.pages().some((n) => n.startsWith('undated-'))).toBe(false);
    });
  });

  it('a correction shows at once, is kept under DATA_DIR and survives a forced rebuild; corpus shows the raw parse', async () => {
    const article = d.holder.current.articles.find((a) => a.headline === '经开区“链上党建”助企纾困解难')!;
    expect(article.county).toBe('经开区');
    expect(await d.ingest.fix(article.id, 'county', '兖州', STRANGER)).toMatchObject({ reason: 'not-editor' });
    expect(await d.ingest.fix(article.id, 'county', '火星', EDITOR)).toMatchObject({ kind: 'invalid' });
    expect(await d.ingest.fix('ffffffff', 'county', '兖州', EDITOR)).toMatchObject({ kind: 'not-found' });
    const fixed = await d.ingest.fix(article.id, 'county', '兖州', EDITOR);
    expect(fixed).toMatchObject({ kind: 'fixed', from: '经开区', to: '兖州区', answerable: true });
    expect(d.holder.current.article(article.id)?.county).toBe('兖州区');
    expect(d.holder.current.byCounty('兖州区').map((a) => a.id)).toContain(article.id);
    expect(d.holder.current.byCounty('经开区').map((a) => a.id)).not.toContain(article.id);
    // The county filter of the index follows the correction.
    expect(d.holder.current.ask('兖州链上党建').results[0]?.id).toBe(article.id);

    const headline = await d.ingest.fix(article.id, 'headline', '经开区 “链上党建”联盟 助企纾困', EDITOR);
    expect(headline).toMatchObject({ kind: 'fixed', to: '经开区 “链上党建”联盟 助企纾困' });
    const reverted = await d.ingest.fix(article.id, 'headline', '经开区“链上党建”助企纾困解难', EDITOR);
    expect(reverted).toMatchObject({ kind: 'fixed', reverted: true });
    expect(d.ingest.listFixes()).toEqual([
      expect.objectContaining({ articleId: article.id, field: 'county', value: '兖州区', was: '经开区' }),
    ]);
    expect(JSON.parse(readFileSync(join(d.dataDir, 'edits.json'), 'utf8'))).toMatchObject({
      articles: { [article.id]: { county: { value: '兖州区', was: '经开区', by: EDITOR } } },
    });

    // npm run index -- --force: the correction is applied again.
    const rebuilt = openCasebook({ seedsDir: d.seedsDir, indexDir: d.indexDir, dataDir: d.dataDir, force: true });
    expect(rebuilt.article(article.id)?.county).toBe('兖州区');
    // Without the state folder (or in corpus --json) the parse is raw.
    expect(loadCorpus(d.seedsDir).articles.find((a) => a.id === article.id)?.county).toBe('经开区');
  }, 180_000);

  it('/date dates a page already in the casebook, for every article on it', async () => {
    expect(d.ingest.resolvePage('001')).toMatchObject({ kind: 'found', page: { page: '001_2176c611aad20f57.txt' } });
    expect(d.ingest.resolvePage('2024-05-21')).toMatchObject({ kind: 'found' });
    expect(d.ingest.resolvePage('0')).toMatchObject({ kind: 'not-found' });
    expect(await d.ingest.setPageDate('001', '2024-02-30', EDITOR)).toMatchObject({ kind: 'invalid' });
    const dated = await d.ingest.setPageDate('001', '2024-05-14 第7版', EDITOR);
    expect(dated).toMatchObject({
      kind: 'dated',
      answerable: true,
      page: { page: '001_2176c611aad20f57.txt', label: '2024年5月14日 第7版' },
      previous: { date: null },
    });
    const onPage = d.holder.current.articles.filter((a) => a.source === '001_2176c611aad20f57.txt');
    expect(onPage.length).toBeGreaterThan(0);
    for (const a of onPage) expect(a).toMatchObject({ date: '2024-05-14', edition: '7' });
    expect(d.ingest.resolvePage(onPage[0]!.id)).toMatchObject({
      kind: 'found',
      page: { label: '2024年5月14日 第7版' },
    });
  }, 180_000);

  it('/pages lists date, page, articles, who added each and when', () => {
    const list = d.ingest.listPages();
    expect(list.map((p) => [p.page, p.label, p.articles, p.addedBy?.name ?? null, p.via])).toEqual([
      ['2024-05-28_07.txt', '2024年5月28日 第7版', 2, '编辑小王', 'upload'],
      ['2024-05-21_07.txt', '2024年5月21日 第7版', 3, '编辑小王', 'upload'],
      ['001_2176c611aad20f57.txt', '2024年5月14日 第7版', expect.any(Number), null, null],
      ['002_b9557d118b1bdbfd.txt', '日期未录入的版面（002_b9557d118b1bdbfd.txt）', expect.any(Number), null, null],
    ]);
    expect(list[0]!.citation).toBe('《济宁日报》2024年5月28日 第7版');
    expect(list[0]!.addedAt).toBe(new Date('2024-06-01T02:00:00Z').getTime());
  });

  it('/removepage moves the file to the trash and takes its cases out', async () => {
    expect(await d.ingest.removePage('2024-05-28 第7版', STRANGER)).toMatchObject({ reason: 'not-editor' });
    const removed = await d.ingest.removePage('2024-05-28 第7版', EDITOR);
    expect(removed).toMatchObject({ kind: 'removed', articles: 2, answerable: true });
    if (removed.kind !== 'removed') return;
    expect(existsSync(join(d.seedsDir, '2024-05-28_07.txt'))).toBe(false);
    expect(readFileSync(removed.trashedTo, 'utf8')).toContain('本报嘉祥讯');
    expect(d.holder.current.ask(GBK_Q).results.map((r) => r.headline)).not.toContain('嘉祥“石匠党支部”雕出致富路');
  }, 180_000);

  it('the audit log holds every add, replacement, fix, date and removal', () => {
    const rows = d.ingest.history().reverse();
    expect(rows.map((r) => [r.action, r.page, r.by.id, r.via])).toEqual([
      ['add', '2024-05-21_07.txt', 42, 'upload'],
      ['add', '2024-05-28_07.txt', 42, 'upload'],
      ['replace', '2024-05-21_07.txt', 42, 'upload'],
      ['fix', '2024-05-21_07.txt', 42, 'command'],
      ['fix', '2024-05-21_07.txt', 42, 'command'],
      ['fix', '2024-05-21_07.txt', 42, 'command'],
      ['date', '001_2176c611aad20f57.txt', 42, 'command'],
      ['remove', '2024-05-28_07.txt', 42, 'command'],
    ]);
    expect(rows[2]!.detail).toMatchObject({ replaced: [{ page: '2024-05-21_07.txt' }] });
    expect(rows[3]!.detail).toMatchObject({ field: 'county', from: '经开区', to: '兖州区' });
    // Nothing was deleted: everything replaced or removed is in the trash.
    expect(readdirSync(join(d.dataDir, 'trash'))).toHaveLength(2);
  });

  it('the daily deck takes in the new cases', () => {
    const store = new SubscriptionStore(d.db, () => d.clock.now().getTime());
    store.upsert({ chatId: 100, threadId: null, time: '09:00', timeZone: 'Asia/Shanghai', createdBy: EDITOR.id });
    const ids = d.holder.current.articles.map((a) => a.id);
    const dealt = new Set<string>();
    for (let day = 1; day <= ids.length; day++)
      dealt.add(store.claim(100, `2024-07-${String(day).padStart(2, '0')}`, ids)!.articleId);
    expect([...dealt].sort()).toEqual([...ids].sort());
    const uploaded = d.holder.current.articles.filter((a) => a.source === '2024-05-21_07.txt').map((a) => a.id);
    for (const id of uploaded) expect(dealt).toContain(id);
  });

  it('after a restart every command sees the accepted page, dated, with the correction', () => {
    const env = {
      ...process.env,
      SEEDS_DIR: d.seedsDir,
      INDEX_DIR: d.indexDir,
      DATA_DIR: d.dataDir,
      LOG_LEVEL: 'silent',
    };
    const run = (tool: string, ...args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools', 'cli', tool), ...args], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const search = JSON.parse(run('search.ts', '--json', NEW_Q)) as {
      results: { id: string; headline: string }[];
      answer: { text: string } | null;
    };
    expect(search.results[0]?.headline).toBe('微山“船头党课”开进湖区渔村');
    expect(search.answer?.text).toContain('680余场次');
    const corpus = JSON.parse(run('corpus.ts', '--json')) as {
      articles: {
        source: string;
        date: string | null;
        edition: string | null;
        county: string | null;
        headline: string;
      }[];
    };
    expect(corpus.articles.find((a) => a.headline === '微山“船头党课”开进湖区渔村')).toMatchObject({
      source: '2024-05-21_07.txt',
      date: '2024-05-21',
      edition: '7',
    });
    // corpus --json is the raw parse: the editor's county and page date are not in it.
    expect(corpus.articles.find((a) => a.headline === '经开区“链上党建”助企纾困解难')?.county).toBe('经开区');
    expect(corpus.articles.find((a) => a.source === '001_2176c611aad20f57.txt')?.date).toBeNull();
    // The start-up job on a fresh index folder builds with the edits.
    const fresh = openCasebook({ seedsDir: d.seedsDir, indexDir: tempDir('index-fresh-'), dataDir: d.dataDir });
    expect(fresh.articles.find((a) => a.headline === '经开区“链上党建”助企纾困解难')?.county).toBe('兖州区');
    expect(fresh.articles.find((a) => a.source === '001_2176c611aad20f57.txt')?.date).toBe('2024-05-14');
    expect(run('index.ts')).toMatch(/已从快照载入：3 个版面/);
  }, 180_000);
});
