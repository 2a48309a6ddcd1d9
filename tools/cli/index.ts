/**
 * The start-up job on its own: load the index snapshot if it matches `seeds/` and the editors'
 * corrections under DATA_DIR, else build and write it. `--force` rebuilds regardless (corrections
 * are applied again).
 */
import 'dotenv/config';
import { createLogger } from '../../src/logger.js';
import { openCasebook } from '../../src/casebook/casebook.js';
import { dataDir, indexDir, seedsDir } from '../../src/config.js';
import { parseArgs } from './args.js';

const args = parseArgs(process.argv.slice(2), ['seeds']);
const started = performance.now();
const casebook = openCasebook({
  seedsDir: seedsDir(args.options.get('seeds')),
  indexDir: indexDir(),
  dataDir: dataDir(),
  force: args.flags.has('force'),
  log: createLogger(),
});
const ms = Math.round(performance.now() - started);
const how = casebook.info.origin === 'snapshot' ? '已从快照载入' : '已重新建立';
console.log(
  `索引${how}：${casebook.pages.length} 个版面，${casebook.articles.length} 篇文章，${ms} 毫秒（${indexDir()}）`,
);
