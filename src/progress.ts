/**
 * A progress bar on stderr for long builds: silent for the first two seconds (small corpora),
 * then redrawn at most ten times a second; plain lines when stderr is not a terminal.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  const started = Date.now();
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    const finished = done >= total;
    if (now - started < 2000 && !finished) return;
    if (now - started < 2000 && finished && last === 0) return;
    if (!finished && now - last < 100) return;
    last = now;
    const pct = total ? done / total : 1;
    if (stream.isTTY) {
      const width = 30;
      const bar = '█'.repeat(Math.round(pct * width)).padEnd(width, '░');
      stream.write(`\r${label} ${bar} ${done}/${total} 篇 ${(pct * 100).toFixed(0)}%${finished ? '\n' : ''}`);
    } else if (finished || now - started > 0) {
      stream.write(`${label}：${done}/${total} 篇（${(pct * 100).toFixed(0)}%）\n`);
    }
  };
}
