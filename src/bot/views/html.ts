/** Telegram's HTML parse mode: escaping, cutting text, fitting parts under the limit, plain text. */

/** Telegram's limit for one message, less a margin for entities. */
export const MAX_MESSAGE = 4000;

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Cuts plain text to `max` characters (not code units), with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** Joins message parts, dropping trailing parts that would pass Telegram's limit. */
export function fit(parts: readonly string[], max = MAX_MESSAGE): string {
  let text = '';
  for (const part of parts) {
    const next = text ? `${text}\n\n${part}` : part;
    if (next.length > max) break;
    text = next;
  }
  return text || clip(parts[0] ?? '', max);
}

/** Plain text of an HTML message, for the console. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<blockquote>([\s\S]*?)<\/blockquote>/g, (_m, q: string) =>
      q
        .split('\n')
        .map((l) => `  │ ${l}`)
        .join('\n'),
    )
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
