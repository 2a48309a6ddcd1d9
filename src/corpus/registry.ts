/**
 * Jining's county-level units (11 counties, cities and districts and the three functional areas
 * the pages treat as units: 太白湖新区, 高新区, 经开区), their short names and aliases, and their
 * towns (镇、乡) and streets (街道), with the communities and villages the pages name. A town that a
 * functional area administers belongs to the area, as the pages report it: 许庄街道、石桥镇、南张街道 to
 * 太白湖新区, 柳行、黄屯、王因、接庄、洸河街道 to 高新区, 疃里镇、马集镇 to 经开区.
 */

export interface County {
  /** Canonical name, e.g. `金乡县`. */
  name: string;
  /** Short form used in headlines and questions, e.g. `金乡`. */
  short: string;
  /** Further names that refer to the same unit. */
  aliases: string[];
  /** Towns (镇/乡), streets (街道) and communities that belong to it. */
  places: string[];
}

export const COUNTIES: readonly County[] = [
  {
    name: '任城区',
    short: '任城',
    aliases: ['济宁市任城区'],
    places: [
      '古槐街道',
      '济阳街道',
      '阜桥街道',
      '越河街道',
      '南苑街道',
      '观音阁街道',
      '仙营街道',
      '金城街道',
      '李营街道',
      '安居街道',
      '唐口街道',
      '二十里铺街道',
      '长沟镇',
      '喻屯镇',
      '竹竿巷社区',
      '乐鑫社区',
    ],
  },
  {
    name: '兖州区',
    short: '兖州',
    aliases: ['济宁市兖州区'],
    places: [
      '鼓楼街道',
      '酒仙桥街道',
      '龙桥街道',
      '兴隆庄街道',
      '大安镇',
      '新驿镇',
      '颜店镇',
      '新兖镇',
      '漕河镇',
      '小孟镇',
      '牛楼村',
      '后官庄村',
      '付家楼村',
    ],
  },
  {
    name: '曲阜市',
    short: '曲阜',
    aliases: ['济宁市曲阜市'],
    places: [
      '鲁城街道',
      '书院街道',
      '时庄街道',
      '小雪街道',
      '吴村镇',
      '姚村镇',
      '陵城镇',
      '息陬镇',
      '石门山镇',
      '防山镇',
      '尼山镇',
      '王庄镇',
      '新苑社区',
      '东余村',
      '董家庄',
    ],
  },
  {
    name: '邹城市',
    short: '邹城',
    aliases: ['济宁市邹城市'],
    places: [
      '钢山街道',
      '千泉街道',
      '凫山街道',
      '北宿镇',
      '中心店镇',
      '唐村镇',
      '太平镇',
      '石墙镇',
      '峄山镇',
      '香城镇',
      '城前镇',
      '大束镇',
      '郭里镇',
      '田黄镇',
      '张庄镇',
      '看庄镇',
      '龙山社区',
    ],
  },
  {
    name: '微山县',
    short: '微山',
    aliases: ['微山湖'],
    places: [
      '夏镇街道',
      '昭阳街道',
      '傅村街道',
      '韩庄镇',
      '欢城镇',
      '南阳镇',
      '鲁桥镇',
      '留庄镇',
      '两城镇',
      '马坡镇',
      '高楼乡',
      '张楼镇',
      '赵庙镇',
      '西平镇',
      '微山岛镇',
    ],
  },
  {
    name: '鱼台县',
    short: '鱼台',
    aliases: [],
    places: [
      '谷亭街道',
      '滨湖街道',
      '清河镇',
      '鱼城镇',
      '王鲁镇',
      '张黄镇',
      '王庙镇',
      '李阁镇',
      '唐马镇',
      '老砦镇',
      '罗屯镇',
    ],
  },
  {
    name: '金乡县',
    short: '金乡',
    aliases: ['蒜都'],
    places: [
      '金乡街道',
      '高河街道',
      '王丕街道',
      '鱼山街道',
      '胡集镇',
      '肖云镇',
      '鸡黍镇',
      '羊山镇',
      '卜集镇',
      '化雨镇',
      '兴隆镇',
      '司马镇',
      '霄云镇',
    ],
  },
  {
    name: '嘉祥县',
    short: '嘉祥',
    aliases: [],
    places: [
      '嘉祥街道',
      '卧龙山街道',
      '万张街道',
      '纸坊镇',
      '梁宝寺镇',
      '大张楼镇',
      '满硐镇',
      '万张镇',
      '孟姑集镇',
      '老僧堂镇',
      '仲山镇',
      '黄垓乡',
      '金屯镇',
      '马村镇',
    ],
  },
  {
    name: '汶上县',
    short: '汶上',
    aliases: [],
    places: [
      '汶上街道',
      '中都街道',
      '南站镇',
      '南旺镇',
      '次丘镇',
      '寅寺镇',
      '郭楼镇',
      '康驿镇',
      '苑庄镇',
      '义桥镇',
      '白石镇',
      '杨店镇',
      '郭仓镇',
      '军屯乡',
    ],
  },
  {
    name: '泗水县',
    short: '泗水',
    aliases: ['泉乡'],
    places: [
      '济河街道',
      '泗河街道',
      '泉林镇',
      '星村镇',
      '柘沟镇',
      '金庄镇',
      '苗馆镇',
      '中册镇',
      '杨柳镇',
      '泗张镇',
      '圣水峪镇',
      '高峪镇',
    ],
  },
  {
    name: '梁山县',
    short: '梁山',
    aliases: [],
    places: [
      '水泊街道',
      '梁山街道',
      '拳铺镇',
      '杨营镇',
      '韩岗镇',
      '韩垓镇',
      '馆驿镇',
      '小路口镇',
      '大路口乡',
      '赵堌堆乡',
      '马营镇',
      '寿张集镇',
      '黑虎庙镇',
      '小安山镇',
      '徐集镇',
    ],
  },
  {
    name: '太白湖新区',
    short: '太白湖',
    aliases: ['济宁太白湖新区', '太白湖区', '北湖新区', '北湖度假区'],
    places: ['许庄街道', '石桥镇', '南张街道'],
  },
  {
    name: '高新区',
    short: '高新区',
    aliases: ['济宁高新区', '济宁高新技术产业开发区'],
    places: ['柳行街道', '黄屯街道', '王因街道', '接庄街道', '洸河街道'],
  },
  {
    name: '经开区',
    short: '经开区',
    aliases: ['济宁经开区', '济宁经济技术开发区'],
    places: ['疃里镇', '马集镇'],
  },
];

interface Name {
  text: string;
  county: string;
}

/** Every name, longest first, so that `济宁太白湖新区` wins over `太白湖`. */
const NAMES: readonly Name[] = COUNTIES.flatMap((c) =>
  [c.name, c.short, ...c.aliases, ...c.places].map((text) => ({ text, county: c.name })),
).sort((a, b) => b.text.length - a.text.length);

const BY_NAME = new Map(NAMES.map((n) => [n.text, n.county]));

const COUNTY_NAMES = new Set(COUNTIES.flatMap((c) => [c.name, c.short, ...c.aliases]));

/** True for a county's full name, short name or alias (not for a town or street in it). */
export function isCountyName(name: string): boolean {
  return COUNTY_NAMES.has(name);
}

/** All names (county, short, alias, place) that can stand for a county in text. */
export function countyNames(): readonly string[] {
  return NAMES.map((n) => n.text);
}

/** The canonical county for a full name, short name, alias or place; undefined if unknown. */
export function resolveCounty(name: string): string | undefined {
  const key = name.trim().replace(/\s+/g, '');
  if (!key) return undefined;
  return BY_NAME.get(key) ?? BY_NAME.get(key.replace(/^济宁市?/, ''));
}

export interface CountyMention {
  county: string;
  /** The text that named it. */
  name: string;
  index: number;
}

/** Names by their first character, longest first, so a scan tries only the names that can match. */
const BY_FIRST = new Map<string, Name[]>();
for (const n of NAMES) {
  const list = BY_FIRST.get(n.text[0]!) ?? [];
  list.push(n);
  BY_FIRST.set(n.text[0]!, list);
}

/** Every county mention in a text, in order, longest name at each position. */
export function findCounties(text: string): CountyMention[] {
  const out: CountyMention[] = [];
  let i = 0;
  while (i < text.length) {
    let hit: Name | undefined;
    for (const n of BY_FIRST.get(text[i]!) ?? []) {
      if (text.startsWith(n.text, i)) {
        hit = n;
        break;
      }
    }
    if (hit) {
      out.push({ county: hit.county, name: hit.text, index: i });
      i += hit.text.length;
    } else {
      i++;
    }
  }
  return out;
}

/** The first county named in the text, or undefined. */
export function firstCounty(text: string): string | undefined {
  return findCounties(text)[0]?.county;
}

/** A county for a dateline city (`邹城` → `邹城市`); the city `济宁` names none. */
export function countyOfDateline(city: string): string | undefined {
  return city === '济宁' ? undefined : resolveCounty(city);
}
