/**
 * Telegram's HTML parse mode: escaping, cutting and splitting text by characters (never inside a
 * surrogate pair, an emoji sequence or an HTML entity), and the plain text of a message.
 */

/** Telegram's limit for one message, less a margin for entities. */
export const MAX_MESSAGE = 4000;

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/** The characters of a text as a reader counts them: an emoji with its modifiers is one. */
export function characters(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/** Cuts plain text to `max` characters (not UTF-16 units), ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  // A text of at most `max` UTF-16 units has at most `max` characters.
  if (text.length <= max) return text;
  const chars = characters(text);
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
  return text || escapeHtml(clip(htmlToPlain(parts[0] ?? ''), max));
}

/** Where a long piece of text is best cut: after a clause or sentence mark, or at a space. */
const BREAK_AFTER = /[，。；：！？、,.;:!?\s）」』”]$/u;

/**
 * Plain text as pieces whose escaped HTML is at most `max` long, losing nothing: each cut falls
 * between characters, preferably after a clause mark in the second half of the piece, and each
 * piece is escaped on its own, so no entity is ever split.
 */
export function splitEscaped(text: string, max: number): string[] {
  const whole = escapeHtml(text);
  if (whole.length <= max) return [whole];
  const pieces: string[] = [];
  let chars: string[] = [];
  let length = 0;
  let breakAt = -1;
  for (const ch of characters(text)) {
    const html = escapeHtml(ch);
    if (length + html.length > max && chars.length > 0) {
      const cut = breakAt > chars.length / 2 ? breakAt : chars.length;
      pieces.push(escapeHtml(chars.slice(0, cut).join('')));
      chars = chars.slice(cut);
      length = escapeHtml(chars.join('')).length;
      breakAt = chars.findLastIndex((c) => BREAK_AFTER.test(c)) + 1 || -1;
    }
    chars.push(ch);
    length += html.length;
    if (BREAK_AFTER.test(ch)) breakAt = chars.length;
  }
  if (chars.length) pieces.push(escapeHtml(chars.join('')));
  return pieces;
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
