import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { BuildThread } from '../../src/casebook/background.js';
import { dictionarySpec, FULL_DICTIONARY } from '../../src/search/tokenizer.js';

/** The nice value of each of this process's threads (Linux: field 19 of /proc/self/task/<tid>/stat). */
function niceValues(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), Number(fields[16]));
  }
  return out;
}

describe.runIf(process.platform === 'linux')('the build thread gives way to answers', () => {
  it('runs at a lower priority (nice 10) than the answering thread, which keeps its own', async () => {
    const before = niceValues();
    const thread = new BuildThread();
    try {
      const reply = await thread.run({
        type: 'segment',
        spec: dictionarySpec(FULL_DICTIONARY, []),
        texts: ['党建引领'],
        mode: 'index',
      });
      expect(reply.type).toBe('segmented');
      const after = niceValues();
      const added = [...after].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice);
      expect(added).toContain(10);
      expect(after.get(process.pid)).toBe(before.get(process.pid));
      expect(after.get(process.pid)).not.toBe(10);
    } finally {
      await thread.close();
    }
  }, 120_000);
});
