import { beforeAll } from 'vitest';
import { restoreQueryDictionary } from './helpers.js';

// Test files share worker processes (see vitest.config.ts): each starts with the shared
// casebook's query dictionary, whatever the file before it loaded.
beforeAll(restoreQueryDictionary);
