import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** The project root (the folder holding `package.json`). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where pages are read from: `--seeds DIR`, else `SEEDS_DIR`, else `seeds/`. */
export function seedsDir(flag?: string): string {
  const dir = flag ?? process.env.SEEDS_DIR;
  return dir ? resolve(dir) : join(ROOT, 'seeds');
}

/** Where the index snapshot lives: `INDEX_DIR`, else `index/`. */
export function indexDir(): string {
  return process.env.INDEX_DIR ? resolve(process.env.INDEX_DIR) : join(ROOT, 'index');
}
