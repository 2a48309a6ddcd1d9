/**
 * How the casebook scales: synthetic corpora of 1k and 10k articles (50k with --sizes), our
 * engine against the naive one, each measurement in a fresh process.
 *   npm run bench
 *   npm run --silent bench -- --json --sizes 1000,10000,50000
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../../src/corpus/load.js';
import { writeSyntheticCorpus } from './synthetic.js';
import { NODE_FLAGS, ROOT, seedsDir } from '../../src/config.js';
import { parseArgs } from '../cli/args.js';

const args = parseArgs(process.argv.slice(2), ['sizes']);
const json = args.flags.has('json');
const sizes = (args.options.get('sizes') ?? '1000,10000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const say = (m: string) => (json ? process.stderr : process.stdout).write(m + '\n');
const seeds = loadCorpus(seedsDir());

function worker(...argv: string[]): Record<string, number> & Record<string, unknown> {
  const outText = execFileSync(
    process.execPath,
    // The bot's own Node options (NODE_FLAGS), so that what is measured is the bot as it runs.
    [
      ...NODE_FLAGS,
      '--max-old-space-size=16384',
      '--import',
      'tsx',
      join(ROOT, 'tools', 'bench', 'worker.ts'),
      ...argv,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    },
  ).toString();
  return JSON.parse(outText.trim().split('\n').pop()!) as Record<string, number> & Record<string, unknown>;
}

/** Pages added by the add measurement (9 one at a time, 48 back to back). */
const ADD_PAGES = 57;

interface Row {
  articles: number;
  textMB: number;
  buildMs: number;
  /** The segmentation floor: the mean of two passes, before and after the build (floorPassesMs). */
  floorMs: number;
  floorPassesMs: number[];
  buildOverFloor: number;
  snapshotMB: number;
  warmStartMs: number;
  warmOverBuild: number;
  p50Ms: number;
  p99Ms: number;
  rssMB: number;
  heapMB: number;
  /** Median time from a new page's bytes to its articles answering, persistence included. */
  addPageMs: number;
  /** addPageMs over the cold build (target at 10k: ≤ 0.02). */
  addOverBuild: number;
  /** Answer p99 while pages are added back to back, questions every 5 ms, from their scheduled time. */
  p99DuringAddMs: number;
  /** p99DuringAddMs over the idle p99 measured the same way (p99IdleScheduledMs; target ≤ 2). */
  duringAddOverIdle: number;
  /** p99DuringAddMs over p99Ms (questions back to back, no schedule). */
  duringAddOverP99: number;
  /** The same schedule with no adds, for reference. */
  p99IdleScheduledMs: number;
  add: Record<string, unknown>;
  naive: { buildMs: number; warmStartMs: number; p99Ms: number; rssMB: number; snapshotMB: number };
}

const rows: Row[] = [];
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${size}-`));
  const pages = join(dir, 'seeds');
  say(`\n== ${size} 篇：生成合成语料…`);
  writeSyntheticCorpus(pages, seeds.articles, seeds.captions, { articles: size });
  say('   冷启动建索引（含分词下限测量）…');
  const build = worker('build', pages, join(dir, 'index'), join(dir, 'questions.json'));
  say('   热启动与 1000 个问题…');
  const warm = worker('warm', pages, join(dir, 'index'), join(dir, 'questions.json'));
  say('   朴素引擎对照…');
  const naiveBuild = worker('naive-build', pages, join(dir, 'naive.json'));
  const naiveWarm = worker('naive-warm', join(dir, 'naive.json'), join(dir, 'questions.json'));
  // Last: it adds pages to the folder and the index.
  say('   逐页添加新版面（另有定时提问）…');
  writeSyntheticCorpus(join(dir, 'adds'), seeds.articles, seeds.captions, {
    articles: ADD_PAGES * 7,
    perPage: 7,
    seed: 99,
    prefix: 'zadd',
  });
  const add = worker('add', pages, join(dir, 'index'), join(dir, 'questions.json'), join(dir, 'adds'));
  rows.push({
    articles: build.articles!,
    textMB: build.textMB!,
    buildMs: build.buildMs!,
    floorMs: build.floorMs!,
    floorPassesMs: build.floorPassesMs as unknown as number[],
    buildOverFloor: Math.round((build.buildMs! / build.floorMs!) * 100) / 100,
    snapshotMB: build.snapshotMB!,
    warmStartMs: warm.warmStartMs!,
    warmOverBuild: Math.round((warm.warmStartMs! / build.buildMs!) * 1000) / 1000,
    p50Ms: warm.p50Ms!,
    p99Ms: warm.p99Ms!,
    rssMB: warm.rssMB!,
    heapMB: warm.heapMB!,
    addPageMs: add.addPageMs!,
    addOverBuild: Math.round((add.addPageMs! / build.buildMs!) * 10000) / 10000,
    p99DuringAddMs: add.p99DuringAddMs!,
    duringAddOverIdle: Math.round((add.p99DuringAddMs! / add.p99IdleScheduledMs!) * 100) / 100,
    duringAddOverP99: Math.round((add.p99DuringAddMs! / warm.p99Ms!) * 100) / 100,
    p99IdleScheduledMs: add.p99IdleScheduledMs!,
    add,
    naive: {
      buildMs: naiveBuild.buildMs!,
      warmStartMs: naiveWarm.warmStartMs!,
      p99Ms: naiveWarm.p99Ms!,
      rssMB: naiveWarm.rssMB!,
      snapshotMB: naiveBuild.snapshotMB!,
    },
  });
  if (!args.flags.has('keep')) rmSync(dir, { recursive: true, force: true });
}

if (json) {
  process.stdout.write(JSON.stringify({ sizes: rows }) + '\n');
} else {
  const head = [
    '篇数',
    '文本MB',
    '建索引ms',
    '分词下限ms',
    '倍数',
    '快照MB',
    '热启动ms',
    '热/冷',
    'p50ms',
    'p99ms',
    'RSS MB',
    '加一版ms',
    '加版时p99',
    '朴素建ms',
    '朴素热启ms',
    '朴素p99',
    '朴素RSS',
  ];
  const line = (r: Row) => [
    r.articles,
    r.textMB,
    r.buildMs,
    r.floorMs,
    r.buildOverFloor,
    r.snapshotMB,
    r.warmStartMs,
    r.warmOverBuild,
    r.p50Ms,
    r.p99Ms,
    r.rssMB,
    r.addPageMs,
    r.p99DuringAddMs,
    r.naive.buildMs,
    r.naive.warmStartMs,
    r.naive.p99Ms,
    r.naive.rssMB,
  ];
  say('\n' + head.join('\t'));
  for (const r of rows) say(line(r).join('\t'));
  for (let i = 1; i < rows.length; i++) {
    const [p, r] = [rows[i - 1]!, rows[i]!];
    const g = (x: number, y: number) => `${(y / x).toFixed(1)}×`;
    say(
      `${p.articles} → ${r.articles} 篇：文本 ${g(p.textMB, r.textMB)}，建索引 ${g(p.buildMs, r.buildMs)}，热启动 ${g(p.warmStartMs, r.warmStartMs)}，p99 ${g(p.p99Ms, r.p99Ms)}，加一版 ${g(p.addPageMs, r.addPageMs)}，加版时p99 ${g(p.p99DuringAddMs, r.p99DuringAddMs)}，RSS ${g(p.rssMB, r.rssMB)}`,
    );
  }
  const ten = rows.find((r) => r.articles >= 10000 && r.articles < 20000);
  if (ten) {
    say(
      `\n目标（约 1 万篇）：建索引/分词下限 ${ten.buildOverFloor}（≤2）；热启动/冷建 ${ten.warmOverBuild}（≤0.05）；` +
        `p99 ${ten.p99Ms} ms / 朴素 ${ten.naive.p99Ms} ms = ${(ten.p99Ms / ten.naive.p99Ms).toFixed(2)}（≤0.33）；RSS ${(ten.rssMB / ten.naive.rssMB).toFixed(2)}（≤0.7）；` +
        `加一版/冷建 ${ten.addOverBuild}（≤0.02）；加版时p99/空闲定时p99 ${ten.duringAddOverIdle}（≤2；对 p99 ${ten.duringAddOverP99}）`,
    );
  }
}
