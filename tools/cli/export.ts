/**
 * The Word 素材汇编 from the shell: the same document as the bot's 导出Word.
 *   npm run --silent export -- "平时考核" --out 平时考核.docx    the answer to a question
 *   npm run --silent export -- --county 金乡 --out 金乡.docx     a county's cases
 *   npm run --silent export -- --topic 网格化管理 --out 网格.docx  a topic's cases (names: /topics)
 * Without --out the file is written to the current folder under its own name
 * (`平时考核-素材汇编-20240521.docx`). Stdout gets one line: the file written and how many cases it
 * holds (`--json`: {"file", "title", "cases"}); logs go to stderr. `--seeds DIR` reads other pages.
 */
import 'dotenv/config';
import { resolve } from 'node:path';
import { casebookTopics } from '../../src/casebook/topics.js';
import { findTopic } from '../../src/casebook/lists.js';
import { resolveCounty } from '../../src/corpus/registry.js';
import { compilationFileName, writeCompilation, type Compilation } from '../../src/export/compilation.js';
import { countyCompilation, questionCompilation, topicCompilation } from '../../src/export/fromCasebook.js';
import { parseArgs } from './args.js';
import { openForCli } from './open.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2), ['seeds', 'out', 'county', 'topic']);
const question = args.positional.join(' ').trim();
const countyName = args.options.get('county');
const topicName = args.options.get('topic');
if ([question, countyName, topicName].filter(Boolean).length !== 1)
  fail('用法：npm run --silent export -- "问题" [--out 文件.docx]，或 --county 县区，或 --topic 专题名（三选一）');

const made = { madeAt: new Date(), timeZone: process.env.TZ?.trim() || 'Asia/Shanghai' };
const casebook = openForCli(args.options.get('seeds'));
// As the bot answers once its topics are computed: a question naming a topic gets its cases.
const topics = casebookTopics(casebook);

let compilation: Compilation;
if (countyName) {
  const county = resolveCounty(countyName);
  if (!county) fail(`没有“${countyName}”这个县区`);
  compilation = countyCompilation(casebook, county, made);
} else if (topicName) {
  const topic = findTopic(topics, topicName);
  if (!topic) fail(`没有“${topicName}”这个专题。现有专题：${topics.map((t) => t.name).join('、') || '无'}`);
  compilation = topicCompilation(casebook, topic, undefined, made);
} else {
  compilation = questionCompilation(casebook, question, topics, made);
}
if (compilation.cases.length === 0) fail(`“${compilation.title}”没有可以导出的案例`);

const file = resolve(args.options.get('out') ?? compilationFileName(compilation));
await writeCompilation(compilation, file);
const summary = { file, title: compilation.title, cases: compilation.cases.length };
process.stdout.write(args.flags.has('json') ? `${JSON.stringify(summary)}\n` : `${file}（${summary.cases} 个案例）\n`);
