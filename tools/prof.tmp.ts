import { mkdirSync, existsSync } from 'node:fs';
import { loadCorpus } from '../src/corpus/load.js';
import { seedsDir } from '../src/config.js';
import { writeSyntheticCorpus, benchQuestions } from './bench/synthetic.js';
import { openCasebook } from '../src/casebook/casebook.js';
const dir = '/tmp/i9prof';
const seeds = loadCorpus(seedsDir());
if (!existsSync(`${dir}/seeds`)) {
  mkdirSync(`${dir}/seeds`, { recursive: true });
  writeSyntheticCorpus(`${dir}/seeds`, seeds.articles, seeds.captions, { articles: 10000 });
}
const cb = openCasebook({ seedsDir: `${dir}/seeds`, indexDir: `${dir}/index` });
const qs = benchQuestions(cb.articles, 1000);
cb.ask(qs[0]!);
for (const [name, tuning] of [['default', {}], ['no-compounds', { compoundWeight: 0 }], ['default2', {}]] as const) {
  const times: [number, string, string][] = [];
  for (const q of qs) {
    const t = performance.now();
    const r = cb.ask(q, { tuning });
    times.push([performance.now() - t, q, r.kind]);
  }
  const sorted = times.map((x) => x[0]).sort((a, b) => a - b);
  const byKind = new Map<string, number[]>();
  for (const [t, , k] of times) byKind.set(k, [...(byKind.get(k) ?? []), t]);
  console.log(name, 'p50', sorted[500]!.toFixed(2), 'p99', sorted[990]!.toFixed(2));
  for (const [k, ts] of byKind) {
    ts.sort((a, b) => a - b);
    console.log('  ', k, ts.length, 'p50', ts[Math.floor(ts.length / 2)]!.toFixed(2), 'p99', ts[Math.floor(ts.length * 0.99)]!.toFixed(2));
  }
  console.log('  slowest', times.sort((a, b) => b[0] - a[0]).slice(0, 6).map((x) => `${x[0].toFixed(1)} ${x[2]} ${x[1]}`).join(' | '));
}
