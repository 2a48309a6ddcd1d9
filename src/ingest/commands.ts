/**
 * What editors type after a command, read into service calls, so that the bot only passes text
 * through: `/fix 编号 县区 经开区`, `/fix 编号 标题 新标题`, `/date 页面 2024-05-21 第7版`.
 */
import type { FixField } from './edits.js';

/** Words that name a field in `/fix`. */
const FIELD_WORDS: Record<string, FixField> = {
  县区: 'county',
  县: 'county',
  区县: 'county',
  县市区: 'county',
  区: 'county',
  county: 'county',
  标题: 'headline',
  题目: 'headline',
  headline: 'headline',
};

export type FixArgs = { ok: true; articleId: string; field: FixField; value: string } | { ok: false; message: string };

export const FIX_USAGE = '用法：/fix 编号 县区 经开区，或 /fix 编号 标题 新的标题（编号见案例下方或 /case）';

/** Reads `编号 县区 经开区` / `编号 标题 新的标题`. */
export function parseFixArgs(text: string): FixArgs {
  const m = /^\s*(\S+)\s+(\S+)\s+([\s\S]+?)\s*$/u.exec(text);
  if (!m) return { ok: false, message: FIX_USAGE };
  const field = FIELD_WORDS[m[2]!.toLowerCase()];
  if (!field) return { ok: false, message: `不认识要改的项目“${m[2]}”，只能改“县区”或“标题”。${FIX_USAGE}` };
  return { ok: true, articleId: m[1]!.toLowerCase(), field, value: m[3]!.replace(/\s+/g, ' ') };
}

export type DateArgs = { ok: true; page: string; date: string } | { ok: false; message: string };

export const DATE_USAGE =
  '用法：/date 页面 2024-05-21 第7版（页面写文件名、文件名开头几位或该版任一案例的编号；/pages 可查看）';

/** Reads `页面 2024-05-21 第7版`: the first word names the page, the rest is the date. */
export function parseDateArgs(text: string): DateArgs {
  const m = /^\s*(\S+)\s+([\s\S]+?)\s*$/u.exec(text);
  if (!m) return { ok: false, message: DATE_USAGE };
  return { ok: true, page: m[1]!, date: m[2]! };
}
