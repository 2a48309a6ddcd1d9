import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article, Caption } from '../../src/corpus/types.js';
import { COUNTIES, findCounties } from '../../src/corpus/registry.js';
import { splitSentences } from '../../src/corpus/text.js';
import { renderPage, seededRandom, type PageArticle } from '../../src/testing/pageRenderer.js';

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣晨琳雪梅倩婷慧颖佳悦思雨晓',
];

export interface SyntheticOptions {
  articles: number;
  seed?: number;
  perPage?: number;
  /** File names are `<prefix>_000000.txt` (default `syn`). */
  prefix?: string;
}

/**
 * Writes `articles` synthetic articles as OCR-style pages into `dir`, recombining the seed
 * articles: leads, sentences and headlines from different cases, the county and its places
 * swapped, every figure re-drawn, and new quoted coinages (`“XX工作法”`) minted as it goes, so that
 * the vocabulary keeps growing and posting lists look like an archive's, not one page copied.
 */
export function writeSyntheticCorpus(
  dir: string,
  seedArticles: readonly Article[],
  seedCaptions: readonly Caption[],
  o: SyntheticOptions,
): { pages: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(o.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const perPage = o.perPage ?? 7;
  const chars = [
    ...new Set(seedArticles.flatMap((a) => [...a.paragraphs.join('')].filter((c) => /\p{Script=Han}/u.test(c)))),
  ];
  const sentences = seedArticles.flatMap((a) => a.paragraphs.slice(1).flatMap((p) => splitSentences(p)));
  const suffixes = ['工作法', '工程', '行动', '模式', '驿站', '课堂', '联盟', '机制'];
  const coin = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(chars)).join('') + pick(suffixes);

  const localize = (text: string, county: (typeof COUNTIES)[number]) => {
    let out = '';
    let at = 0;
    for (const m of findCounties(text)) {
      const c = COUNTIES.find((x) => x.name === m.county)!;
      const replacement =
        m.name === c.name
          ? county.name
          : m.name === c.short
            ? county.short
            : county.places.length
              ? pick(county.places)
              : county.name;
      out += text.slice(at, m.index) + replacement;
      at = m.index + m.name.length;
    }
    return out + text.slice(at);
  };
  const redraw = (text: string) =>
    text.replace(/\d+(?:\.\d+)?/g, (n) => {
      if (/^(19|20)\d\d$/.test(n)) return String(2015 + Math.floor(random() * 11));
      const v = Number(n) * (0.3 + random() * 1.7);
      return n.includes('.') ? v.toFixed(1) : String(Math.max(1, Math.round(v)));
    });

  let bytes = 0;
  let pages = 0;
  let batch: PageArticle[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const captions =
      random() < 0.3 ? [{ text: redraw(pick(seedCaptions).text), photographers: [pick(SURNAMES) + pick(GIVEN)] }] : [];
    const text = renderPage(batch, captions, { width: 13 + Math.floor(random() * 19), random });
    const name = `${o.prefix ?? 'syn'}_${String(pages).padStart(6, '0')}.txt`;
    writeFileSync(join(dir, name), text);
    bytes += Buffer.byteLength(text);
    pages++;
    batch = [];
  };

  for (let i = 0; i < o.articles; i++) {
    const county = pick(COUNTIES);
    const base = pick(seedArticles);
    const coinage = coin();
    const titleParts = pick(seedArticles).headline.split(' ');
    const headline = localize(
      `${county.short}${random() < 0.5 ? '' : ' '}推行“${coinage}” ${titleParts[titleParts.length - 1]}`,
      county,
    ).replace(/ +/g, ' ');
    const paragraphs = [localize(redraw(base.lead), county).replace(/“[^”]{2,8}”/, `“${coinage}”`)];
    let length = paragraphs[0]!.length;
    while (length < 900) {
      const n = 2 + Math.floor(random() * 4);
      const p = Array.from({ length: n }, () => localize(redraw(pick(sentences)), county)).join('');
      paragraphs.push(random() < 0.3 ? p.replace(/“[^”]{2,8}”/, `“${coinage}”`) : p);
      length += p.length;
    }
    batch.push({
      dateline: county.name === '任城区' || county.name === '太白湖新区' ? '济宁' : county.short.replace(/区$/, ''),
      reporters: Array.from(
        { length: 1 + Math.floor(random() * 2) },
        () => pick(SURNAMES) + pick(GIVEN) + (random() < 0.5 ? pick(GIVEN) : ''),
      ),
      paragraphs,
      headline,
    });
    if (batch.length === perPage) flush();
  }
  flush();
  return { pages, bytes };
}

/** Mixed questions over a corpus: plain keywords, county filters, 多少 questions, 哪些县 questions. */
export function benchQuestions(articles: readonly Article[], n: number, seed = 11): string[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = pick(articles);
    const quoted = /“([^”]{2,8})”/.exec(a.headline + a.lead)?.[1] ?? a.headline.slice(0, 6);
    const f = a.figures.length ? pick(a.figures) : undefined;
    const county = (a.county ?? '金乡县').replace(/[县市区]$/, '');
    switch (i % 5) {
      case 0:
        out.push(quoted);
        break;
      case 1:
        out.push(`${county}${quoted}`);
        break;
      case 2:
        out.push(f ? `${county}${f.clause.replace(f.text, '').slice(-8)}多少${f.unit || '个'}` : `${county}有多少党员`);
        break;
      case 3:
        out.push(`哪些县区有${quoted}`);
        break;
      default:
        out.push(`${a.headline.split(' ').pop()!.slice(0, 10)}`);
    }
  }
  return out;
}
