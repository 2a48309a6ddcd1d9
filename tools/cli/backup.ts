/**
 * A consistent copy of the state database, safe while the bot runs (SQLite's online backup).
 *   npm run --silent backup                     → DATA_DIR/backups/casebook-YYYYMMDD-HHMMSS.sqlite
 *   npm run --silent backup -- --out FILE       → FILE
 * Prints one JSON object {"backup", "bytes", "schemaVersion"}; logs go to stderr. Restoring is
 * described in the README (stop the bot, put the copy in place of casebook.sqlite, start).
 */
import 'dotenv/config';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { backupDatabase, backupName } from '../../src/db/backup.js';
import { createLogger, exitOnStartupError } from '../../src/logger.js';
import { parseArgs } from './args.js';

const log = createLogger();
try {
  const args = parseArgs(process.argv.slice(2), ['out']);
  const config = loadConfig({ ...process.env, BOT_TOKEN: '' });
  const out = args.options.get('out');
  const destination = out ? resolve(out) : join(config.dataDir, 'backups', backupName(new Date()));
  const result = await backupDatabase(config.dataDir, destination);
  log.info(`已备份到 ${result.path}（${result.bytes} 字节，结构版本 ${result.schemaVersion}）`);
  process.stdout.write(
    JSON.stringify({ backup: result.path, bytes: result.bytes, schemaVersion: result.schemaVersion }) + '\n',
  );
} catch (err) {
  exitOnStartupError(err, log);
}
