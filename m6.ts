import { readFileSync } from 'node:fs';
import { openCasebook } from './src/search/casebook.ts';
import { analyzeQuestion } from './src/search/question.ts';
const cb = openCasebook({ seedsDir: '/tmp/b10k/seeds', indexDir: '/tmp/b10k/index3' });
const qs = JSON.parse(readFileSync('/tmp/b10k/q.json', 'utf8')) as string[];
const idx = (cb as any).index;
const rows: [number, string, string, number, number][] = [];
for (const q of qs) {
  const t = performance.now();
  const r = cb.ask(q);
  const ms = performance.now() - t;
  const a = analyzeQuestion(q);
  const terms = idx.expand(a.words);
  const t2 = performance.now();
  idx.search(terms, { county: a.county, limit: 40 });
  rows.push([ms, q, a.kind, performance.now() - t2, terms.reduce((n: number, x: any) => n + idx.docFreq(x.term), 0)]);
}
rows.sort((x, y) => y[0] - x[0]);
for (const r of rows.slice(0, 15)) console.log(r[0].toFixed(1), 'ms search', r[3].toFixed(1), 'postings', r[4], r[2], r[1]);
