import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openCasebook } from '../src/casebook/casebook.js';
import { PAGES } from './helpers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An index folder built once for the whole run over test/fixtures/pages. */
    indexDir: string;
  }
}

/** Builds the fixture pages' index once; every test file loads it as a snapshot. */
export default function setup(project: TestProject): () => void {
  const indexDir = mkdtempSync(join(tmpdir(), 'casebook-test-index-'));
  openCasebook({ seedsDir: PAGES, indexDir });
  project.provide('indexDir', indexDir);
  return () => rmSync(indexDir, { recursive: true, force: true });
}
