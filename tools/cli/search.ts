/**
 * Ask the casebook from the shell.
 *   npm run --silent search -- --json "问题"   one JSON object
 *   npm run --silent search -- --json < file   one JSON line per question
 * Without --json the same is printed readably.
 */
import type { AskResult } from '../../src/casebook/casebook.js';
import { parseArgs } from './args.js';
import { openForCli, stdinLines } from './open.js';

const args = parseArgs(process.argv.slice(2), ['seeds', 'limit']);
const casebook = openForCli(args.options.get('seeds'));
const limit = Number(args.options.get('limit') ?? 5);
const json = args.flags.has('json');

function readable(r: AskResult): string {
  const out: string[] = [`问：${r.query}（${r.tookMs} 毫秒）`];
  if (r.county) out.push(`县区：${r.county}`);
  if (r.note) out.push(r.note);
  if (r.answer) out.push(`答：“${r.answer.text}”——《${r.answer.headline}》`);
  if (r.counties) out.push(`县区：${r.counties.map((c) => `${c.county}（${c.headline}）`).join('；') || '无'}`);
  if (r.results.length === 0)
    out.push(`没有找到相关案例。${r.suggestions.length ? `可以试试：${r.suggestions.join('、')}` : ''}`);
  r.results.forEach((x, i) => {
    out.push(`${i + 1}. 【${x.county ?? '未定'}】${x.headline}  (${x.score})`);
    out.push(...x.summary.split('\n').map((l) => `   ${l}`));
    for (const q of x.quotes) out.push(`   > ${q}`);
    out.push(`   ${x.citation}`);
  });
  return out.join('\n');
}

function print(r: AskResult): void {
  process.stdout.write((json ? JSON.stringify(r) : readable(r) + '\n') + '\n');
}

const question = args.positional.join(' ');
if (question) print(casebook.ask(question, { limit }));
else for await (const line of stdinLines()) print(casebook.ask(line, { limit }));
