/**
 * One exchange with the bot, no Telegram needed.
 *   npm run --silent chat -- "/county 金乡"          readable
 *   npm run --silent chat -- --json "/county 金乡"   {input, replies: [{text, buttons: [[label]]}]}
 *   npm run --silent chat -- --json < inputs.txt      one JSON line per input line
 *   npm run --silent chat -- --json --inline "金乡 党代表"   {"inline": [{title, description, text}]}
 * `--group` talks as a member of a group chat. In batch mode, a line that is a number presses that
 * button of the previous reply, `> 导出` replies to the bot's last answer, `@@ 金乡 党代表` is an
 * inline query. Documents and photos the bot sends are written to a temporary folder (`--files DIR`
 * for another); a reply with one has `document` or `photo`: {path, fileName}.
 */
import 'dotenv/config';
import { loadConfig } from '../../src/config.js';
import { openApp, type App } from '../../src/app.js';
import { createLogger, exitOnStartupError } from '../../src/logger.js';
import { consoleHarness } from '../../src/console/open.js';
import { GROUP_CHAT, PRIVATE_CHAT } from '../../src/testing/harness.js';
import { ConsoleSession, INLINE_PREFIX, renderInline, type ConsoleTurn } from '../../src/console/repl.js';
import type { InlineAnswer } from '../../src/testing/harness.js';
import { parseArgs } from './args.js';
import { stdinLines } from './open.js';

const args = parseArgs(process.argv.slice(2), ['files']);
const json = args.flags.has('json');
const chat = args.flags.has('group') ? GROUP_CHAT : PRIVATE_CHAT;
const quiet = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
let app: App;
try {
  app = openApp(loadConfig({ ...process.env, BOT_TOKEN: '' }), quiet);
} catch (err) {
  exitOnStartupError(err, quiet);
}
// Topics are ready before the first exchange, as they are soon after a start (see App.warmTopics).
app.warmTopics();
const session = new ConsoleSession(consoleHarness(app.deps), chat, args.options.get('files'));

/** Inline results as `--json` prints them. */
function inlineJson(answer: InlineAnswer | undefined) {
  return {
    inline: (answer?.results ?? []).map((r) => ({ title: r.title, description: r.description, text: r.text })),
    ...(answer?.button ? { hint: answer.button.text } : {}),
  };
}

function repliesJson(input: string, turn: ConsoleTurn) {
  if (turn.inline) return { input, ...inlineJson(turn.inline) };
  return {
    input,
    replies: turn.replies.map((r) => {
      const file = turn.files.get(r);
      return {
        text: r.text,
        buttons: r.buttons.map((row) => row.map((b) => b.label)),
        ...(file ? { [file.kind]: { path: file.path, fileName: file.fileName } } : {}),
      };
    }),
    ...(turn.copied !== undefined ? { copied: turn.copied } : {}),
  };
}

async function exchange(input: string): Promise<void> {
  const turn = await session.input(input);
  if (json) process.stdout.write(JSON.stringify(repliesJson(input, turn)) + '\n');
  else process.stdout.write(`你> ${input}\n${turn.view.text || '（没有回复）'}\n`);
}

const text = args.positional.join(' ');
if (args.flags.has('inline')) {
  const turn = await session.input(`${INLINE_PREFIX} ${text}`);
  process.stdout.write(json ? JSON.stringify(inlineJson(turn.inline)) + '\n' : renderInline(turn.inline) + '\n');
} else if (text) await exchange(text);
else for await (const line of stdinLines()) await exchange(line);
app.close();
