/**
 * Callback data for inline buttons (at most 64 bytes). Anything else, or a well-formed id that
 * no longer exists, is answered as expired.
 */
export type Callback =
  | { type: 'page'; query: string; page: number }
  | { type: 'county'; county: string }
  | { type: 'full'; id: string }
  | { type: 'example'; index: number }
  | { type: 'random' }
  | { type: 'noop' };

export const cb = {
  page: (query: string, page: number) => `p:${query}:${page}`,
  county: (county: string) => `c:${county}`,
  full: (id: string) => `f:${id}`,
  example: (index: number) => `e:${index}`,
  random: () => 'r',
  noop: () => 'x',
};

export function parseCallback(data: string | undefined): Callback | undefined {
  if (!data || data.length > 64) return undefined;
  let m: RegExpExecArray | null;
  if ((m = /^p:([A-Za-z0-9_-]{4,16}):(\d{1,3})$/.exec(data))) return { type: 'page', query: m[1]!, page: Number(m[2]) };
  if ((m = /^c:(\p{Script=Han}{2,8})$/u.exec(data))) return { type: 'county', county: m[1]! };
  if ((m = /^f:([0-9a-f]{8})$/.exec(data))) return { type: 'full', id: m[1]! };
  if ((m = /^e:(\d{1,2})$/.exec(data))) return { type: 'example', index: Number(m[1]) };
  if (data === 'r') return { type: 'random' };
  if (data === 'x') return { type: 'noop' };
  return undefined;
}
