/**
 * What every entry point does with the database, and nothing else: open it in DATA_DIR with the
 * logger, and on a problem the operator must fix, one log line and exit code 1.
 */
import { openDatabase } from '../../src/db/db.js';
import { createLogger, exitOnStartupError } from '../../src/logger.js';

const log = createLogger();
try {
  openDatabase(process.env.DATA_DIR!, { log }).close();
  log.info('opened');
} catch (err) {
  exitOnStartupError(err, log);
}
