/**
 * Scores the engine on every question file in test/fixtures/ (`questions*.jsonl`), each over the
 * page folders its header names, next to the plain MiniSearch baseline on the same questions; and
 * the parse and figure recall of every page folder that has an `expected.json`.
 *   npm run eval                     every file, failures listed
 *   npm run eval -- --file F         one file
 *   npm run eval -- --quiet          figures only
 *   npm run --silent eval -- --json  one JSON object
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { parseArgs } from './args.js';
import { openCasebook } from '../../src/casebook/casebook.js';
import type { AnswerOptions } from '../../src/casebook/defaults.js';
import {
  changedAnswers,
  evaluate,
  evaluateBaseline,
  evaluatePages,
  pagesFolder,
  questionFiles,
  readQuestionFile,
  type BaselineScores,
  type EvalReport,
  type PagesReport,
  type QuestionFile,
} from '../../src/casebook/evaluate.js';

const args = parseArgs(process.argv.slice(2), ['file']);
const fixtures = join(ROOT, 'test', 'fixtures');
const files: QuestionFile[] = args.options.has('file')
  ? [readQuestionFile(args.options.get('file')!)]
  : questionFiles(fixtures);
const quiet = args.flags.has('quiet');
const json = args.flags.has('json');
const log = createLogger();

interface FileResult {
  file: string;
  pages: string[];
  engine: EvalReport;
  baseline: BaselineScores;
  /** Questions whose answers change when common words are scored too (the speed-up off). */
  skipChanges: string[];
}

const results: FileResult[] = [];
const pageReports = new Map<string, PagesReport>();
for (const file of files) {
  const seedsDir = pagesFolder(file.pages);
  const key = createHash('sha1').update(seedsDir).digest('hex').slice(0, 12);
  const indexDir = join(tmpdir(), `casebook-eval-index-${key}`);
  // The baseline loads jieba's full dictionary, so it answers first; the casebook then loads its own.
  let casebook = openCasebook({ seedsDir, indexDir, log });
  const baseline = evaluateBaseline(casebook.articles, file.questions);
  casebook = openCasebook({ seedsDir, indexDir, log });
  const engine = evaluate(casebook, file.questions);
  const ask = (tuning: Partial<AnswerOptions>) => (q: string) => casebook.ask(q, { limit: 5, tuning });
  const skipChanges = changedAnswers(file.questions, ask({ skipCommonWords: true }), ask({ skipCommonWords: false }));
  results.push({ file: file.name, pages: file.pages.map((p) => relative(ROOT, p)), engine, baseline, skipChanges });
  for (const folder of file.pages) {
    const report = evaluatePages(folder, casebook.articles);
    if (report) pageReports.set(relative(ROOT, folder), { ...report, folder: relative(ROOT, folder) });
  }
}

if (json) {
  process.stdout.write(JSON.stringify({ files: results, pages: [...pageReports.values()] }) + '\n');
} else {
  const n = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
  for (const r of results) {
    const e = r.engine;
    const b = r.baseline;
    console.log(
      `\n== ${r.file}（${r.pages.join(' + ')}）：${e.questions} 道，通过 ${e.passed} 道（不计问题类型 ${e.passedIgnoringKind} 道）`,
    );
    const rows: [string, string, string, string][] = [
      ['top-1', n(e.top1), n(b.top1), `${e.counts.ranked} 道指定文章`],
      ['MRR@5', n(e.mrr5), n(b.mrr5), ''],
      ['换说法 top-1', n(e.paraphraseTop1), n(b.paraphraseTop1), `${e.counts.paraphrases} 道“怎么办”类`],
      ['数字在答句中', n(e.figureInAnswer), n(b.figureInAnswer), `${e.counts.figures} 个数字`],
      ['答句本身的数字', n(e.ownFigure), '—', ''],
      ['无此数字时不乱答', n(e.noFigureHonest), '—', `${e.counts.noFigure} 道`],
      ['县区集合 F1', n(e.countyF1), n(b.countyF1), `${e.counts.lists} 道列举`],
      ['比较县区 F1', n(e.compareF1), n(b.compareF1), `${e.counts.compares} 道比较`],
      ['库外问题如实说明', n(e.offCorpusHonest), '—', `${e.counts.offCorpus} 道`],
      ['问题类型', n(e.kindAccuracy), '—', `${e.counts.kinds} 道`],
    ];
    console.log(`  ${'指标'.padEnd(10, '　')}  引擎    基线`);
    for (const [name, mine, base, note] of rows) {
      if (mine === '—' && base === '—') continue;
      console.log(`  ${name.padEnd(10, '　')}  ${mine}   ${base}   ${note}`);
    }
    const changed = r.skipChanges;
    console.log(
      `  跳过常见词（提速）：${changed.length === 0 ? '所有答案不变' : `${changed.length} 道答案改变：${changed.join('、')}`}`,
    );
    if (!quiet) for (const row of e.rows.filter((x) => !x.ok)) console.log(`  ✗ ${row.q}：${row.problems.join('；')}`);
  }
  for (const p of pageReports.values()) {
    console.log(
      `\n== 版面 ${p.folder}：文章 ${p.parsed}/${p.articles} 解析正确，小标题 ${p.sections}/${p.articles}，数字召回率 ${n(p.figureRecall)}`,
    );
    if (!quiet) for (const m of p.missing) console.log(`  ✗ ${m.figure}（${m.headline}）`);
  }
}
