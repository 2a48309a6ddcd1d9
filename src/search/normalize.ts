import * as OpenCC from 'opencc-js/t2cn';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * Query text as the index sees it: traditional characters to simplified (`黨` → `党`),
 * full-width ASCII to half-width, HTML tags and control characters dropped, length capped.
 */
export function normalizeQuery(text: string, maxLength = 300): string {
  const plain = text
    .normalize('NFKC')
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return toSimplified([...plain].slice(0, maxLength).join(''));
}
