/**
 * One exchange with the bot, no Telegram needed.
 *   npm run --silent chat -- "/county 金乡"          readable
 *   npm run --silent chat -- --json "/county 金乡"   {input, replies: [{text, buttons: [[label]]}]}
 *   npm run --silent chat -- --json < inputs.txt      one JSON line per input line
 * `--group` talks as a member of a group chat. In batch mode, a line that is a number presses that
 * button of the previous reply.
 */
import 'dotenv/config';
import { loadConfig } from '../../src/config.js';
import { openApp, type App } from '../../src/app.js';
import { createLogger, exitOnStartupError } from '../../src/logger.js';
import { consoleHarness } from '../../src/console/open.js';
import { GROUP_CHAT, PRIVATE_CHAT } from '../../src/testing/harness.js';
import { ConsoleSession } from '../../src/console/repl.js';
import { parseArgs } from './args.js';
import { stdinLines } from './open.js';

const args = parseArgs(process.argv.slice(2));
const json = args.flags.has('json');
const chat = args.flags.has('group') ? GROUP_CHAT : PRIVATE_CHAT;
const quiet = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
let app: App;
try {
  app = openApp(loadConfig({ ...process.env, BOT_TOKEN: '' }), quiet);
} catch (err) {
  exitOnStartupError(err, quiet);
}
const session = new ConsoleSession(consoleHarness(app.deps), chat);

async function exchange(input: string): Promise<void> {
  const { replies, view } = await session.input(input);
  if (json) {
    const out = {
      input,
      replies: replies.map((r) => ({ text: r.text, buttons: r.buttons.map((row) => row.map((b) => b.label)) })),
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  } else {
    process.stdout.write(`你> ${input}\n${view.text || '（没有回复）'}\n`);
  }
}

const text = args.positional.join(' ');
if (text) await exchange(text);
else for await (const line of stdinLines()) await exchange(line);
app.close();
