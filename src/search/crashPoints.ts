/**
 * Named points in the writing of the index where a test can stop the process: with
 * `CASEBOOK_PAUSE_AT=<point>` in its environment, a process reaching that point writes
 * `paused at <point>` to stderr and waits there for good, so that the test can kill it (`kill -9`)
 * exactly between two writes. Without the variable this is a comparison and nothing else.
 */
const pauseAt = process.env.CASEBOOK_PAUSE_AT;

export type CrashPoint =
  /** An add: the delta segment is written, the manifest not yet. */
  | 'delta-written'
  /** An add: a new query dictionary is written, the delta segment not yet. */
  | 'dictionary-written'
  /** An add: the manifest is committed; the answering thread has not applied it yet. */
  | 'delta-committed'
  /** A compaction: the new base segment is written, the manifest not yet. */
  | 'compaction-written'
  /** A compaction: the manifest names the new base; the old segments are not yet removed. */
  | 'compaction-committed';

export function crashPoint(point: CrashPoint): void {
  if (pauseAt !== point) return;
  process.stderr.write(`paused at ${point}\n`);
  // Wait for the kill without returning to the event loop (this may run in a worker thread).
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}
