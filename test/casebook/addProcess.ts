/**
 * A process that adds one page as the bot does, for the kill -9 tests (crash.test.ts): the page
 * file written whole into the pages folder, then the casebook holder's update through the build
 * thread (delta written and committed there) and, with `compact`, the compaction that follows.
 * With CASEBOOK_PAUSE_AT set it stops at that point (see src/search/crashPoints.ts) to be killed.
 *   node --import tsx test/casebook/addProcess.ts <seeds> <index> <page file> [compact]
 */
import { copyFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openCasebook } from '../../src/casebook/casebook.js';
import { CasebookHolder } from '../../src/casebook/holder.js';
import { BackgroundUpdater } from '../../src/casebook/incremental.js';

const [seedsDir, indexDir, page, compact] = process.argv.slice(2) as [string, string, string, string | undefined];
const casebook = openCasebook({ seedsDir, indexDir });
const updater = new BackgroundUpdater({
  seedsDir,
  indexDir,
  compaction: compact ? { maxDeltas: 0 } : { maxDeltas: 1000, maxShare: 1000 },
});
const holder = new CasebookHolder(casebook, updater);
const name = basename(page);
const part = join(seedsDir, `.${name}.${process.pid}.part`);
copyFileSync(page, part);
renameSync(part, join(seedsDir, name));
const outcome = await holder.refresh({ kind: 'add', page: name });
if (outcome.error) throw new Error(outcome.error);
// The compaction runs in the build thread after the add: wait for it.
while (updater.thread.busy) await new Promise((r) => setTimeout(r, 20));
process.stderr.write(`added ${name}: ${holder.current.articles.length} articles\n`);
await updater.close();
