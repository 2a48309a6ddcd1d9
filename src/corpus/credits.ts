/**
 * Photo credits and name lists. A credit closes a photo caption in one of the forms the pages
 * use: `■通讯员 王磊 摄`, `（通讯员 穆宏 摄）`, `记者 王晓 摄`, `■本报记者 孔凡 摄`,
 * `（梁山县委组织部 供图）`, `（王磊/摄）`. It may stand on its own lines or end the caption's last
 * line, and the wrap may break it anywhere, even inside a role word (`■通讯` / `员 孔祥宇 摄`) or a
 * name (`（通讯员 朱` / `晓丽 摄）`).
 */

/** A photo credit found on the page. */
export interface Credit {
  /** First and last line of the credit. */
  start: number;
  end: number;
  /** Caption text standing on the credit's first line before the credit. */
  head: string;
  /** The people (or, for `供图`, the office) credited. */
  photographers: string[];
}

/** Role words that precede names in credits and bylines, longest first. */
const ROLES = [
  '本报特约通讯员',
  '本报通讯员',
  '本报记者',
  '特约通讯员',
  '摄影记者',
  '见习记者',
  '通讯员',
  '实习生',
  '记者',
  '摄影',
];
/** A role word, which the wrap may break over a line (`通讯` / `员`). */
const ROLE = `(?:${ROLES.map((r) => [...r].join('\\n?')).join('|')})`;
const ROLE_ANYWHERE = new RegExp(ROLE, 'gu');
/** Characters a list of names can hold: names, spaces, separators and line breaks. */
const NAMES = String.raw`[\p{Script=Han}A-Za-z·•\s、，,]`;
/** What ends a credit: `摄`, `摄影`, `摄影报道` or `供图`, and the closing parenthesis. */
const CREDIT_VERB = String.raw`(摄\n?影\n?报\n?道|摄\n?影|摄|供\n?图)`;
const ENDS_CREDIT = /(?:摄|摄影|摄影报道|供图)\s*[）)]?$/u;
/** The tail of a line short enough to be the end of a credit broken by the wrap (`图）`). */
const SHORT_TAIL = 4;
/** A credit opened by a mark: `■…摄`, `（…摄）`. */
const MARKED = new RegExp(String.raw`^[■□（(]\s*(${NAMES}{1,40}?)\s*[/／]?\s*${CREDIT_VERB}\s*[）)]?\s*$`, 'u');
/** A credit with no mark must open with a role word and space its names: `记者 王晓 摄`. */
const BARE = new RegExp(String.raw`^(${ROLE}\s+${NAMES}{1,30}?)(?:\s+|\s*[/／]\s*)${CREDIT_VERB}\s*$`, 'u');
const BARE_START = new RegExp(`(?<=^|[\\s。！？”’）])${ROLE}`, 'gu');

/** Lines a credit can span, the caption text on its first line aside. */
const MAX_CREDIT_LINES = 4;

/** Every photo credit on the page, in order. `lines` are trimmed page lines. */
export function findCredits(lines: readonly string[]): Credit[] {
  const credits: Credit[] = [];
  let free = 0; // the first line not taken by an earlier credit
  for (let end = 0; end < lines.length; end++) {
    if (!lines[end]) continue;
    const tail = lines[end]!.length <= SHORT_TAIL && end > 0 ? lines[end - 1]! + lines[end] : lines[end]!;
    if (!ENDS_CREDIT.test(tail)) continue;
    // The wrap may leave the closing parenthesis alone on the next line.
    const paren = end + 1 < lines.length && /^[）)]$/u.test(lines[end + 1]!);
    let first = end;
    while (first > free && end - first < MAX_CREDIT_LINES - 1 && lines[first - 1]) first--;
    const found = matchCredit(lines.slice(first, end + 1).join('\n') + (paren ? '）' : ''));
    if (!found) continue;
    // Map the credit's offset back to its line and column.
    let line = first;
    let at = found.at;
    while (at > lines[line]!.length) {
      at -= lines[line]!.length + 1;
      line++;
    }
    const last = paren ? end + 1 : end;
    credits.push({
      start: line,
      end: last,
      head: lines[line]!.slice(0, at).trim(),
      photographers: splitNames(found.names, found.verb.replace(/\n/g, '') === '供图'),
    });
    free = last + 1;
    end = last;
  }
  return credits;
}

interface CreditMatch {
  /** Offset of the credit in the window text. */
  at: number;
  /** The names part, role words included. */
  names: string;
  verb: string;
}

/** The credit that ends `text`, if any: the earliest opening that reads as a credit to the end. */
function matchCredit(text: string): CreditMatch | undefined {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '■' && ch !== '□' && ch !== '（' && ch !== '(') continue;
    const m = MARKED.exec(text.slice(i));
    if (m && hasName(m[1]!)) return { at: i, names: m[1]!, verb: m[2]! };
  }
  for (const start of text.matchAll(BARE_START)) {
    const m = BARE.exec(text.slice(start.index));
    if (m && hasName(m[1]!)) return { at: start.index, names: m[1]!, verb: m[2]! };
  }
  return undefined;
}

const hasName = (names: string) => /\p{Script=Han}|[A-Za-z]/u.test(names.replace(ROLE_ANYWHERE, ''));

/** An office or unit rather than a person: `梁山县委组织部`, `县融媒体中心`. */
const OFFICE = /[委部局办站所院校馆队会社]|中心|公司|协会|街道|[镇乡县市区村]/u;

/**
 * The names in a byline's or credit's name list, role words dropped. Names are separated by
 * spaces and `、`; a line break inside the list separates too, unless the pieces on both sides
 * add up to three characters or fewer (`宋玉` / `婷` is one name cut by the wrap), or
 * `joinBreaks` is set and the pieces name an office (`梁山县委` / `组织部 供图`). Single characters are letter-spaced
 * parts of one name (`王 磊`).
 */
export function splitNames(list: string, joinBreaks = false): string[] {
  const tokens: string[] = [];
  for (const token of list
    .replace(ROLE_ANYWHERE, ' ')
    .split(/[ \t\u3000、，,]+/u)
    .filter((t) => t.replace(/\n/g, ''))) {
    const pieces = token.split('\n').filter(Boolean);
    let name = pieces[0] ?? '';
    for (const piece of pieces.slice(1)) {
      const office = joinBreaks && OFFICE.test(name + piece);
      if (office || [...name].length + [...piece].length <= 3) name += piece;
      else {
        tokens.push(name);
        name = piece;
      }
    }
    if (name) tokens.push(name);
  }
  const names: string[] = [];
  for (const t of tokens) {
    const last = names[names.length - 1];
    if (last !== undefined && ([...t].length === 1 || [...last].length === 1)) names[names.length - 1] = last + t;
    else names.push(t);
  }
  return names;
}
