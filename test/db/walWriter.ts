/**
 * A process for the lost-WAL test: opens the database in the given folder, subscribes a few chats
 * (kept in the WAL, not yet checkpointed), says so on stderr, and waits to be killed.
 */
import { openDatabase } from '../../src/db/db.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { createLogger } from '../../src/logger.js';

const log = createLogger();
const db = openDatabase(process.argv[2]!, { log });
const store = new SubscriptionStore(db);
for (let chatId = 1; chatId <= 5; chatId++) {
  store.upsert({ chatId, threadId: null, time: '09:00', timeZone: 'Asia/Shanghai', createdBy: 1 });
}
log.info('written');
setInterval(() => {}, 1 << 30);
