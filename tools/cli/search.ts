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

const KINDS: Record<AskResult['kind'], string> = {
  figure: '问数字',
  list: '问县区',
  compare: '比较',
  county: '看县区',
  request: '找案例',
  plain: '一般问题',
};

function readable(r: AskResult): string {
  const out: string[] = [`问：${r.query}（${KINDS[r.kind]}，${r.tookMs} 毫秒）`];
  if (r.county) out.push(`县区：${r.county}`);
  if (r.note) out.push(r.note);
  for (const a of r.answers) out.push(`答：“${a.text}”——《${a.headline}》`);
  if (r.counties) out.push(`县区：${r.counties.map((c) => `${c.county}（${c.headline}）`).join('；') || '无'}`);
  if (r.compare) {
    let county = '';
    for (const e of r.compare) {
      if (e.county !== county) out.push(`【${(county = e.county)}】`);
      out.push(`  《${e.headline}》`, `    做法：${e.approach}`, ...e.sections.map((s) => `    • ${s}`));
      for (const f of e.figures) out.push(`    📊 ${f}`);
    }
  }
  if (r.results.length === 0 && !r.note)
    out.push(`没有找到相关案例。${r.suggestions.length ? `可以试试：${r.suggestions.join('、')}` : ''}`);
  r.results.forEach((x, i) => {
    out.push(`${i + 1}. 【${x.county ?? '未定'}】${x.headline}${x.related ? '（部分相关）' : ''}  (${x.score})`);
    out.push(...x.summary.split('\n').map((l) => `   ${l}`));
    for (const f of x.figures) out.push(`   📊 ${f}`);
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
