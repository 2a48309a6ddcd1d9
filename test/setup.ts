import { restoreQueryDictionary } from './helpers.js';

// Test files share worker processes (see vitest.config.ts). Before each file is collected, the
// process-wide jieba dictionary is the shared casebook's again, whatever the file before loaded.
restoreQueryDictionary();
