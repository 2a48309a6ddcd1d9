/**
 * The corpus report: one line per article, then the captions, then warnings.
 * `--json` prints `{articles, captions, warnings}`; `--seeds DIR` reads another folder.
 */
import 'dotenv/config';
import { loadCorpus } from '../../src/corpus/load.js';
import { seedsDir } from '../../src/config.js';
import { parseArgs } from './args.js';

const args = parseArgs(process.argv.slice(2), ['seeds']);
const corpus = loadCorpus(seedsDir(args.options.get('seeds')));

if (args.flags.has('json')) {
  const { articles, captions, warnings } = corpus;
  process.stdout.write(JSON.stringify({ articles, captions, warnings }, null, 2) + '\n');
} else {
  for (const a of corpus.articles) console.log(`${a.source}\t${a.county ?? '（未定）'}\t${a.headline}`);
  console.log(`\n图片说明（${corpus.captions.length}）`);
  for (const c of corpus.captions)
    console.log(`${c.source}\t${c.county ?? '（未定）'}\t${c.text.slice(0, 40)}…\t摄：${c.photographers.join('、')}`);
  console.log(`\n共 ${corpus.pages.length} 个版面，${corpus.articles.length} 篇文章。`);
  for (const w of corpus.warnings) console.warn(`警告：${w.source}：${w.message}`);
}
