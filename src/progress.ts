/**
 * A progress bar on stderr for long builds: silent for the first two seconds (small corpora),
 * then redrawn at most ten times a second on a terminal, or one line per 10% elsewhere (logs).
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  const started = Date.now();
  let last = 0;
  let lastTenth = -1;
  return (done, total) => {
    const now = Date.now();
    const finished = done >= total;
    if (now - started < 2000) return;
    const pct = total ? done / total : 1;
    if (stream.isTTY) {
      if (!finished && now - last < 100) return;
      last = now;
      const width = 30;
      const bar = '█'.repeat(Math.round(pct * width)).padEnd(width, '░');
      stream.write(`\r${label} ${bar} ${done}/${total} 篇 ${(pct * 100).toFixed(0)}%${finished ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(pct * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    stream.write(`${label}：${done}/${total} 篇（${(pct * 100).toFixed(0)}%）\n`);
  };
}
