/** Runs work written in steps (a generator that yields between them) to the end, in one go. */
export function allSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
