/**
 * Scores the sample questions: top-1 accuracy, MRR@5, figure hit rate and county-set F1.
 * `--file F` scores another JSONL file of the same shape; `--verbose` lists every miss.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/config.js';
import { parseArgs } from './args.js';
import { openForCli } from './open.js';
import { evaluate, type EvalQuestion } from '../../src/casebook/evaluate.js';

const args = parseArgs(process.argv.slice(2), ['file', 'seeds']);
const file = args.options.get('file') ?? join(ROOT, 'test', 'fixtures', 'questions.jsonl');
const questions = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as EvalQuestion);
const casebook = openForCli(args.options.get('seeds'));
const report = evaluate(casebook, questions);

const pct = (x: number | null) => (x === null ? '—' : x.toFixed(3));
console.log(`题目 ${questions.length} 道（${file}）`);
console.log(`top-1 准确率   ${pct(report.top1)}  （${report.rankedCount} 道有指定文章）`);
console.log(`MRR@5          ${pct(report.mrr5)}`);
console.log(`数字命中率     ${pct(report.figureHit)}  （${report.figureCount} 道问数字）`);
console.log(`县区集合 F1    ${pct(report.countyF1)}  （${report.countyCount} 道问县区）`);
const misses = report.rows.filter((r) => !r.ok);
if (misses.length) {
  console.log(`\n未答对 ${misses.length} 道：`);
  for (const m of misses) console.log(`- ${m.q}：${m.detail}`);
}
if (args.flags.has('json')) console.log(JSON.stringify(report));
