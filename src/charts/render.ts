import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type * as ECharts from 'echarts';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';

/**
 * Charts are drawn with ECharts' server-side SVG renderer and rasterised by resvg, with the CJK
 * font that ships in `@embedpdf/fonts-sc` (Noto Sans SC as CFF-flavoured OTF, which resvg reads
 * natively). No system font is ever consulted, so a server without Chinese fonts still draws
 * Chinese labels.
 *
 * resvg takes fonts as file paths only and re-reads a font file for every text element it lays
 * out: with the 8 MB font that costs 30–100 ms per label, over a second per chart. So each chart
 * gets the font cut down to the characters it draws (harfbuzz's subsetter, about 40 ms, a 20 KB
 * file), and resvg reads that instead: the whole chart then draws in tens of milliseconds.
 */

/** The family name inside the OTF file (`fc-query` shows it; the file names say "Hans"). */
export const CHART_FONT_FAMILY = 'Noto Sans S Chinese';
const FONT_FILE = 'NotoSansHans-Regular.otf';

/** A rendered chart. */
export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

type SubsetFont = (font: Buffer, text: string, options?: { targetFormat?: 'sfnt' | 'truetype' }) => Promise<Buffer>;

interface Engine {
  echarts: typeof ECharts;
  Resvg: typeof ResvgClass;
  subsetFont: SubsetFont;
  /** The full font, read once. */
  font: Buffer;
  /** Where the per-chart subsets are written for resvg (one folder per process). */
  dir: string;
}

let engine: Engine | undefined;

/**
 * ECharts, resvg, the subsetter and the font, loaded on first use and kept. ECharts is loaded
 * through its single-file CommonJS build: about 0.2 s and 19 MB, where its ES module tree takes
 * 0.9 s. The font file (8 MB) is read once.
 */
export function chartEngine(): Engine {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const fontPath = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', FONT_FILE);
  engine = {
    echarts: require('echarts') as typeof ECharts,
    Resvg: (require('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg,
    subsetFont: require('subset-font') as SubsetFont,
    font: readFileSync(fontPath),
    dir: mkdtempSync(join(tmpdir(), 'casebook-chart-fonts-')),
  };
  const dir = engine.dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return engine;
}

/** The SVG of an ECharts option at the given size (animation off, the chart font throughout). */
export function chartSvg(option: ECharts.EChartsOption, width: number, height: number): string {
  const { echarts } = chartEngine();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT_FAMILY }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Draws an ECharts option as a PNG of the given size. */
export async function renderChart(option: ECharts.EChartsOption, width: number, height: number): Promise<ChartImage> {
  return rasterize(chartSvg(option, width, height), width);
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The characters an SVG can draw: its text content, entities decoded, each once. */
export function drawnCharacters(svg: string): string {
  const text = svg
    .replace(/<[^>]*>/gu, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/giu, (m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (ENTITY[e] ?? m),
    );
  return [...new Set(text.replace(/\s/gu, ''))].sort().join('') + ' ';
}

/** Recent subsets by character set: a repeated `/stats` skips the subsetter. */
const subsets = new Map<string, Buffer>();
const KEEP_SUBSETS = 8;

async function subsetFor(characters: string): Promise<Buffer> {
  const hit = subsets.get(characters);
  if (hit) {
    subsets.delete(characters);
    subsets.set(characters, hit);
    return hit;
  }
  const { subsetFont, font } = chartEngine();
  const subset = await subsetFont(font, characters, { targetFormat: 'sfnt' });
  subsets.set(characters, subset);
  if (subsets.size > KEEP_SUBSETS) subsets.delete(subsets.keys().next().value!);
  return subset;
}

/** An SVG drawn to PNG on white, with the packaged font only (cut to the characters drawn). */
export async function rasterize(svg: string, width: number): Promise<ChartImage> {
  const { Resvg, dir } = chartEngine();
  const characters = drawnCharacters(svg);
  const subset = await subsetFor(characters);
  const file = join(
    dir,
    `${createHash('sha1').update(characters).digest('hex').slice(0, 16)}-${process.hrtime.bigint()}.otf`,
  );
  writeFileSync(file, subset);
  try {
    const image = new Resvg(svg, {
      background: '#ffffff',
      fitTo: { mode: 'width', value: width },
      font: {
        loadSystemFonts: false,
        fontFiles: [file],
        defaultFontFamily: CHART_FONT_FAMILY,
        sansSerifFamily: CHART_FONT_FAMILY,
        serifFamily: CHART_FONT_FAMILY,
        monospaceFamily: CHART_FONT_FAMILY,
      },
    }).render();
    return { png: image.asPng(), width: image.width, height: image.height };
  } finally {
    rmSync(file, { force: true });
  }
}
