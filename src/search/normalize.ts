import * as OpenCC from 'opencc-js/t2cn';

// typescript-eslint cannot follow opencc-js's extensionless type re-exports; tsc can.
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
const toSimplified: (text: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * Query text as the index sees it: traditional characters to simplified (`黨` → `党`),
 * full-width ASCII to half-width, HTML tags and control characters dropped, length capped.
 */
export function normalizeQuery(text: string, maxLength = 300): string {
  const plain = text
    .normalize('NFKC')
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return toSimplified([...plain].slice(0, maxLength).join(''));
}
