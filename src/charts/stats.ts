import type * as ECharts from 'echarts';
import { COUNTIES } from '../corpus/registry.js';
import { renderChart, type ChartImage } from './render.js';

export interface CountyCount {
  /** A county-level unit, or the label for cases not placed in one. */
  county: string;
  count: number;
}

export interface MonthCount {
  /** `2024-05`. */
  month: string;
  count: number;
}

/** What `/stats` draws: cases per county and, once pages have dates, cases per month. */
export interface StatsChartInput {
  /** The heading (default `案例库统计`). */
  title?: string;
  /** A line under it, e.g. `共34篇案例，截至2024年5月21日`. */
  subtitle?: string;
  /** Bars from top to bottom, in the order given (zero counts are drawn as empty rows). */
  counties: readonly CountyCount[];
  /** Months in order; the month panel is drawn only when there is at least one. */
  months?: readonly MonthCount[];
}

/** Every size of the stats chart, in pixels. */
export interface StatsChartLayout {
  width: number;
  /** The title band at the top. */
  header: number;
  /** One county's row. */
  row: number;
  /** Room under the county bars for the value axis. */
  countyFooter: number;
  /** The month panel, when drawn. */
  monthPanel: number;
  /** Room left of the county bars for their names. */
  labels: number;
  /** Right padding, room for the value labels at the end of the bars. */
  right: number;
}

export const STATS_CHART: StatsChartLayout = {
  width: 960,
  header: 110,
  row: 30,
  countyFooter: 36,
  monthPanel: 330,
  labels: 130,
  right: 60,
};

export const UNPLACED = '未定县区';

/** Something with a county and, where known, a date (`2024-05-21`): an article, say. */
export interface Countable {
  county: string | null;
  date?: string | null;
}

/**
 * Counts for the chart from the cases: every registry county in registry order (zeros kept, so
 * a county with no cases shows as such), then the unplaced cases if any; and the months from the
 * first dated case to the last, empty months included, when any case has a date.
 */
export function statsChartInput(
  items: readonly Countable[],
  extra: Pick<StatsChartInput, 'title' | 'subtitle'> = {},
): StatsChartInput {
  const per = new Map<string, number>(COUNTIES.map((c) => [c.name, 0]));
  let unplaced = 0;
  const months = new Map<string, number>();
  for (const item of items) {
    if (item.county && per.has(item.county)) per.set(item.county, per.get(item.county)! + 1);
    else if (item.county) per.set(item.county, (per.get(item.county) ?? 0) + 1);
    else unplaced++;
    const m = item.date ? /^(\d{4})-(\d{2})/u.exec(item.date) : null;
    if (m) months.set(`${m[1]}-${m[2]}`, (months.get(`${m[1]}-${m[2]}`) ?? 0) + 1);
  }
  const counties = [...per].map(([county, count]) => ({ county, count }));
  if (unplaced) counties.push({ county: UNPLACED, count: unplaced });
  return { ...extra, counties, months: monthRange(months) };
}

/** Every month from the first to the last key, with its count (0 where none). */
function monthRange(counts: ReadonlyMap<string, number>): MonthCount[] {
  const keys = [...counts.keys()].sort();
  if (keys.length === 0) return [];
  const out: MonthCount[] = [];
  let [y, m] = keys[0]!.split('-').map(Number) as [number, number];
  const last = keys.at(-1)!;
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ month: key, count: counts.get(key) ?? 0 });
    if (key >= last || out.length > 1200) break;
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** `2024-05` → `2024年5月`; a January or the first month shows its year, the others only the month. */
function monthLabel(month: string, first: boolean): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return first || m === 1 ? `${y}年${m}月` : `${m}月`;
}

/** The chart's size for an input. */
export function statsChartSize(
  input: StatsChartInput,
  layout: StatsChartLayout = STATS_CHART,
): { width: number; height: number } {
  const countyPanel = Math.max(1, input.counties.length) * layout.row + layout.countyFooter;
  const months = input.months?.length ? layout.monthPanel : 0;
  return { width: layout.width, height: layout.header + countyPanel + months };
}

const BAR = '#c0392b';
const MUTED = '#95a5a6';
const INK = '#2c3e50';

/** The ECharts option for the input (exported for tests and for other renderers). */
export function statsChartOption(
  input: StatsChartInput,
  layout: StatsChartLayout = STATS_CHART,
): ECharts.EChartsOption {
  const countyTop = layout.header;
  const countyHeight = Math.max(1, input.counties.length) * layout.row;
  const months = input.months ?? [];
  const label = { color: INK, fontSize: 14 };
  const grid: ECharts.EChartsOption['grid'] = [
    { left: layout.labels, right: layout.right, top: countyTop, height: countyHeight, containLabel: false },
  ];
  const xAxis: ECharts.XAXisComponentOption[] = [
    {
      type: 'value',
      gridIndex: 0,
      minInterval: 1,
      axisLabel: { color: MUTED },
      splitLine: { lineStyle: { color: '#eceff1' } },
    },
  ];
  const yAxis: ECharts.YAXisComponentOption[] = [
    {
      type: 'category',
      gridIndex: 0,
      inverse: true,
      data: input.counties.map((c) => c.county),
      axisLabel: { ...label, margin: 12 },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#cfd8dc' } },
    },
  ];
  const series: ECharts.SeriesOption[] = [
    {
      type: 'bar',
      xAxisIndex: 0,
      yAxisIndex: 0,
      barWidth: Math.round(layout.row * 0.6),
      data: input.counties.map((c) => ({
        value: c.count,
        itemStyle: { color: c.county === UNPLACED ? MUTED : BAR, borderRadius: [0, 3, 3, 0] },
      })),
      label: { show: true, position: 'right', color: INK, fontSize: 13 },
    },
  ];
  const titles: ECharts.TitleComponentOption[] = [
    {
      text: input.title ?? '案例库统计',
      subtext: input.subtitle ?? '',
      left: 24,
      top: 14,
      textStyle: { color: INK, fontSize: 22, fontWeight: 'bold' },
      subtextStyle: { color: MUTED, fontSize: 14 },
    },
    {
      text: '各县区案例数',
      left: 24,
      top: countyTop - 34,
      textStyle: { color: INK, fontSize: 15, fontWeight: 'normal' },
    },
  ];
  if (months.length) {
    const top = countyTop + countyHeight + layout.countyFooter + 44;
    titles.push({
      text: '各月案例数',
      left: 24,
      top: top - 36,
      textStyle: { color: INK, fontSize: 15, fontWeight: 'normal' },
    });
    grid.push({ left: 60, right: layout.right, top, bottom: 40 });
    xAxis.push({
      type: 'category',
      gridIndex: 1,
      data: months.map((m, i) => monthLabel(m.month, i === 0)),
      axisLabel: { ...label, fontSize: 13, hideOverlap: true },
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: '#cfd8dc' } },
    });
    yAxis.push({
      type: 'value',
      gridIndex: 1,
      minInterval: 1,
      axisLabel: { color: MUTED },
      splitLine: { lineStyle: { color: '#eceff1' } },
    });
    series.push({
      type: 'bar',
      xAxisIndex: 1,
      yAxisIndex: 1,
      barMaxWidth: 36,
      itemStyle: { color: BAR, borderRadius: [3, 3, 0, 0] },
      data: months.map((m) => m.count),
      label: {
        show: months.length <= 24,
        position: 'top',
        color: INK,
        fontSize: 12,
        formatter: (p) => (Number(p.value) > 0 ? String(Number(p.value)) : ''),
      },
    });
  }
  return { backgroundColor: '#ffffff', title: titles, grid, xAxis, yAxis, series };
}

/** The `/stats` picture: a PNG of cases per county and, when the cases have dates, per month. */
export async function renderStatsChart(
  input: StatsChartInput,
  layout: StatsChartLayout = STATS_CHART,
): Promise<ChartImage> {
  const { width, height } = statsChartSize(input, layout);
  return renderChart(statsChartOption(input, layout), width, height);
}
