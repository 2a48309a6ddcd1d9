import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { COUNTIES } from '../../src/corpus/registry.js';
import { chartSvg, drawnCharacters } from '../../src/charts/render.js';
import {
  STATS_CHART,
  UNPLACED,
  renderStatsChart,
  statsChartInput,
  statsChartOption,
  statsChartSize,
  type StatsChartInput,
} from '../../src/charts/stats.js';
import { ROOT, casebook } from '../helpers.js';
import { decodePng, ink } from './png.js';

const cb = casebook();
const L = STATS_CHART;

/** A small typed input: three counties, one of them empty, and four months with a gap. */
const small: StatsChartInput = {
  title: '案例库统计',
  subtitle: '共9篇案例',
  counties: [
    { county: '金乡县', count: 5 },
    { county: '微山县', count: 0 },
    { county: '太白湖新区', count: 4 },
  ],
  months: [
    { month: '2024-11', count: 3 },
    { month: '2024-12', count: 0 },
    { month: '2025-01', count: 4 },
    { month: '2025-02', count: 2 },
  ],
};

/** The band of the i-th county's name, left of the bars. */
const labelBand = (i: number) => [8, L.header + i * L.row, L.labels - 10, L.header + (i + 1) * L.row] as const;

describe('the stats chart', () => {
  it('loads ECharts only when the first chart is drawn', () => {
    // In a process of its own: test files share their worker's modules, and the bot's /stats draws
    // charts in other files.
    const probe = [
      `const charts = await import(${JSON.stringify(join(ROOT, 'src', 'charts', 'stats.ts'))});`,
      "const { createRequire } = await import('node:module');",
      'const loaded = (k) => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes(k));',
      "process.stdout.write(JSON.stringify([typeof charts.renderStatsChart, loaded('/echarts/dist/')]));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual(['function', false]);
  });

  it('is a valid PNG of the expected size, with the month panel when there are months', async () => {
    const image = await renderStatsChart(small);
    const size = statsChartSize(small);
    expect(image).toMatchObject(size);
    expect(size.height).toBe(L.header + 3 * L.row + L.countyFooter + L.monthPanel);
    const bitmap = decodePng(image.png);
    expect([bitmap.width, bitmap.height]).toEqual([size.width, size.height]);

    const undated = await renderStatsChart({ ...small, months: [] });
    expect(undated.height).toBe(L.header + 3 * L.row + L.countyFooter);
    expect(decodePng(undated.png).height).toBe(undated.height);
  });

  it('draws the Chinese labels with the packaged font (nothing without it)', async () => {
    const bitmap = decodePng((await renderStatsChart(small)).png);
    // Every county's name is drawn in its row, left of the bars; the title is drawn at the top.
    for (let i = 0; i < 3; i++) expect(ink(bitmap, ...labelBand(i))).toBeGreaterThan(60);
    expect(ink(bitmap, 0, 0, 300, 50)).toBeGreaterThan(150);
    // A longer name leaves more ink than a shorter one: these are glyphs, not boxes or bars.
    expect(ink(bitmap, ...labelBand(2))).toBeGreaterThan(ink(bitmap, ...labelBand(0)) * 1.2);
    // The month labels under the lower panel.
    expect(ink(bitmap, 0, bitmap.height - 34, bitmap.width, bitmap.height)).toBeGreaterThan(100);

    // The same SVG drawn by resvg with no font at all leaves those places blank.
    const { width, height } = statsChartSize(small);
    const svg = chartSvg(statsChartOption(small), width, height);
    const bare = new Resvg(svg, { background: '#ffffff', font: { loadSystemFonts: false } }).render();
    const blank = decodePng(bare.asPng());
    for (let i = 0; i < 3; i++) expect(ink(blank, ...labelBand(i))).toBe(0);
  });

  it('counts the casebook: every registry county in order, zeros kept, unplaced last', () => {
    const input = statsChartInput(cb.articles);
    expect(input.counties.slice(0, COUNTIES.length).map((c) => c.county)).toEqual(COUNTIES.map((c) => c.name));
    expect(input.counties.reduce((s, c) => s + c.count, 0)).toBe(cb.articles.length);
    for (const { county, count } of cb.countyCounts()) {
      expect(input.counties.find((c) => c.county === county)?.count).toBe(count);
    }
    // The fixture pages carry no dates: no month panel.
    expect(input.months).toEqual([]);

    const withUnplaced = statsChartInput([{ county: null }, { county: '金乡县' }]);
    expect(withUnplaced.counties.at(-1)).toEqual({ county: UNPLACED, count: 1 });
  });

  it('counts months from the first dated case to the last, empty months included', () => {
    const input = statsChartInput([
      { county: '金乡县', date: '2024-11-05' },
      { county: '金乡县', date: '2025-02-18' },
      { county: '鱼台县', date: '2025-02-25' },
      { county: '鱼台县', date: null },
      { county: '鱼台县' },
    ]);
    expect(input.months).toEqual([
      { month: '2024-11', count: 1 },
      { month: '2024-12', count: 0 },
      { month: '2025-01', count: 0 },
      { month: '2025-02', count: 2 },
    ]);
  });

  it('renders the whole fixture casebook', async () => {
    const input = statsChartInput(cb.articles, { subtitle: `共${cb.articles.length}篇案例` });
    const image = await renderStatsChart(input);
    const bitmap = decodePng(image.png);
    expect(bitmap.height).toBe(L.header + input.counties.length * L.row + L.countyFooter);
    for (let i = 0; i < input.counties.length; i++) expect(ink(bitmap, ...labelBand(i))).toBeGreaterThan(60);
  });

  it('subsets the font to the characters an SVG draws, entities decoded', () => {
    const chars = drawnCharacters('<svg><style>.a{b:c}</style><text>金&amp;乡</text><text>&#x53bf;1</text></svg>');
    for (const c of ['金', '乡', '&', '县', '1']) expect(chars).toContain(c);
    expect(chars).not.toContain('<');
  });
});
