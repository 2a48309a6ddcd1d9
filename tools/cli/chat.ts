/**
 * One exchange with the bot, no Telegram needed.
 *   npm run --silent chat -- "/county 金乡"          readable
 *   npm run --silent chat -- --json "/county 金乡"   {input, replies: [{text, buttons: [[label]], copy?}]}
 *   npm run --silent chat -- --json < inputs.txt      one JSON line per input line
 * `--group` talks as a member of a group chat; `--admin` makes the user an editor. In batch mode,
 * a line that is a number presses that button of the previous reply, and `/upload PATH [caption]`
 * sends the file at PATH as a document. `buttons` lists only pressable buttons, numbered in order
 * across the replies; copy buttons are under `copy` with the text they copy.
 */
import 'dotenv/config';
import { loadConfig } from '../../src/config.js';
import { openApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { consoleHarness } from '../../src/console/open.js';
import { CONSOLE_USER, GROUP_CHAT, PRIVATE_CHAT } from '../../src/testing/harness.js';
import { ConsoleSession, isPressable } from '../../src/console/repl.js';
import { parseArgs } from './args.js';
import { stdinLines } from './open.js';

const args = parseArgs(process.argv.slice(2));
const json = args.flags.has('json');
const chat = args.flags.has('group') ? GROUP_CHAT : PRIVATE_CHAT;
const quiet = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const loaded = loadConfig({ ...process.env, BOT_TOKEN: '' });
const config = args.flags.has('admin')
  ? { ...loaded, adminUserIds: [...loaded.adminUserIds, CONSOLE_USER.id] }
  : loaded;
const app = openApp(config, quiet);
const session = new ConsoleSession(consoleHarness(app.deps), chat);

async function exchange(input: string): Promise<void> {
  const { replies, view, problem } = await session.input(input);
  if (json) {
    const out = {
      input,
      ...(problem ? { problem } : {}),
      replies: replies.map((r) => {
        const copy = r.buttons.flat().filter((b) => b.copyText !== undefined);
        return {
          text: r.text,
          buttons: r.buttons.map((row) => row.filter(isPressable).map((b) => b.label)).filter((row) => row.length),
          ...(copy.length ? { copy: copy.map((b) => ({ label: b.label, text: b.copyText })) } : {}),
        };
      }),
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
