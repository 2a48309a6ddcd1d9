import { retainFullDictionary } from '../src/search/jiebaDictionary.js';
import { restoreQueryDictionary } from './helpers.js';

// Test files share worker processes (see vitest.config.ts). Before each file is collected, the
// process-wide jieba dictionary is the shared casebook's again, whatever the file before loaded.
restoreQueryDictionary();

// Builds in a test process read jieba's full dictionary once, not once per build.
retainFullDictionary();
