import 'dotenv/config';
import { createLogger } from '../../src/logger.js';
import { openCasebook, type Casebook } from '../../src/casebook/casebook.js';
import { dataDir, indexDir, seedsDir } from '../../src/config.js';

/** Opens the casebook for a command-line tool, logging the start-up job to stderr. */
export function openForCli(seeds?: string): Casebook {
  return openCasebook({
    seedsDir: seedsDir(seeds),
    indexDir: indexDir(),
    dataDir: dataDir(),
    log: createLogger(),
  });
}

/** Reads stdin line by line (for batch use), skipping blank lines. */
export async function* stdinLines(): AsyncGenerator<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) yield line;
}
