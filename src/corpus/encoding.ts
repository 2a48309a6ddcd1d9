import { isUtf8 } from 'node:buffer';

/**
 * Page files as they arrive: bytes in UTF-8 (with or without a BOM), UTF-16 with a BOM, or
 * GBK/GB18030 (what Windows Notepad and WPS save Chinese text as), CRLF or LF. The encoding is
 * detected from the bytes, never from the file name. Files that are not page text (PDF, Word,
 * images, archives, other binaries) are refused with the reason and, where it helps, how to save
 * the page as text. Used by the loader (every command) and by uploads.
 */

/** Every tunable of page decoding. */
export interface DecodeSettings {
  maxBytes: number;
  sniffBytes: number;
  maxControlShare: number;
  maxUnusualShare: number;
}

/** The defaults, documented in one place. */
export const DECODE_DEFAULTS: Readonly<DecodeSettings> = {
  /**
   * The largest page accepted, in bytes. A newspaper page's text is 20–40 KB; one megabyte leaves
   * room for a page of several issues pasted together, and refuses scans and archives early.
   */
  maxBytes: 1024 * 1024,
  /** How many leading bytes are inspected for control characters. */
  sniffBytes: 8192,
  /** Share of control characters (other than tab, LF, CR, FF) above which the bytes are binary. */
  maxControlShare: 0.01,
  /**
   * Share of decoded characters outside the scripts a Chinese page uses (Han, CJK punctuation,
   * ASCII, full-width forms, common symbols) above which a decoding is rejected: bytes in an
   * encoding we do not read decode to characters nobody writes.
   */
  maxUnusualShare: 0.05,
};

export type DecodeOptions = Partial<DecodeSettings>;

/** How the bytes were encoded. */
export type PageEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Why bytes are not a page. */
export type RefusalReason =
  'empty' | 'too-large' | 'pdf' | 'word' | 'spreadsheet' | 'image' | 'archive' | 'binary' | 'undecodable';

export type DecodedPage =
  | {
      ok: true;
      /** The text, BOM removed and line endings turned into LF. */
      text: string;
      encoding: PageEncoding;
      /** The file used CRLF (or CR) line endings. */
      crlf: boolean;
    }
  | {
      ok: false;
      reason: RefusalReason;
      /** Why, in polite Chinese, for the person who sent or dropped the file. */
      message: string;
    };

/** How to turn a PDF or a Word file into the text file we read, for the refusal message. */
export const SAVE_AS_TEXT_HINT = {
  pdf: '请用 PDF 阅读器打开，全选（Ctrl+A）并复制版面文字，粘贴到记事本，选择“文件 → 另存为”，编码选 UTF-8，保存为 .txt 文件后再发送。',
  word: '请用 Word 或 WPS 打开，选择“文件 → 另存为”，保存类型选“纯文本 (*.txt)”，编码选 UTF-8（或“简体中文 GB2312/GBK”），再发送保存好的 .txt 文件。',
} as const;

/** A human size: `512 字节`, `38 KB`, `3.2 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} 字节`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Decodes a page file's bytes, or says why it is not page text. Order: size, known non-text
 * formats (by their magic bytes), byte-order marks, control bytes, then UTF-8 and GB18030 (which
 * includes GBK and GB2312) strictly, each checked for plausibility.
 */
export function decodePage(bytes: Uint8Array, options: DecodeOptions = {}): DecodedPage {
  const o: DecodeSettings = { ...DECODE_DEFAULTS, ...options };
  if (bytes.length === 0) return refuse('empty', '文件是空的，没有可读取的文字。');
  if (bytes.length > o.maxBytes)
    return refuse(
      'too-large',
      `文件过大（${formatBytes(bytes.length)}），超过 ${formatBytes(o.maxBytes)} 的上限。一个版面的文字通常只有几十 KB，请确认发送的是单个版面的 .txt 文件。`,
    );

  const format = sniffFormat(bytes);
  if (format) return format;

  // Byte-order marks say the encoding outright.
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return fromText(strict('utf-8', bytes.subarray(3)), 'utf-8-bom', o);
  if (startsWith(bytes, [0xff, 0xfe])) return fromText(strict('utf-16le', bytes.subarray(2)), 'utf-16le', o);
  if (startsWith(bytes, [0xfe, 0xff])) return fromText(strict('utf-16be', bytes.subarray(2)), 'utf-16be', o);

  // Valid UTF-8 (most pages) is checked for control characters after decoding; other bytes are
  // checked before GB18030 is tried, as nearly any byte string decodes as something there.
  const utf8 = strict('utf-8', bytes);
  if (utf8 !== undefined) return fromText(utf8, 'utf-8', o);
  if (looksBinary(bytes, o.sniffBytes, o.maxControlShare))
    return refuse('binary', '这不是文本文件（含有二进制内容），无法读取。请发送版面文字的 .txt 文件。');
  return fromText(strict('gb18030', bytes), 'gb18030', o);
}

function refuse(reason: RefusalReason, message: string): DecodedPage {
  return { ok: false, reason, message };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return asBuffer(bytes).toString('latin1', from, Math.min(to, bytes.length));
}

/** Formats recognised by their first bytes (and, for ZIP containers, the names inside). */
function sniffFormat(bytes: Uint8Array): DecodedPage | undefined {
  const head = ascii(bytes, 0, 1024);
  if (head.startsWith('%PDF-')) return refuse('pdf', `这是 PDF 文件，不能直接入库。${SAVE_AS_TEXT_HINT.pdf}`);
  if (head.startsWith('{\\rtf'))
    return refuse('word', `这是 RTF（Word 可打开的格式）文件，不能直接入库。${SAVE_AS_TEXT_HINT.word}`);
  // OLE2 compound file: .doc, .wps, .xls, .ppt.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return refuse('word', `这是 Word/WPS 文档（.doc/.wps），不能直接入库。${SAVE_AS_TEXT_HINT.word}`);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // A ZIP container: Office Open XML and OpenDocument files name their parts in the clear.
    const names = ascii(bytes, 0, Math.min(bytes.length, 64 * 1024));
    if (/word\/|opendocument\.text/.test(names))
      return refuse('word', `这是 Word 文档（.docx/.odt），不能直接入库。${SAVE_AS_TEXT_HINT.word}`);
    if (/xl\/|ppt\/|opendocument\.(spreadsheet|presentation)/.test(names))
      return refuse('spreadsheet', '这是表格或演示文稿，不是版面文字。请发送版面文字的 .txt 文件。');
    return refuse('archive', '这是压缩包（ZIP），不能直接入库。请解压后逐个发送版面的 .txt 文件。');
  }
  if (
    startsWith(bytes, [0x52, 0x61, 0x72, 0x21]) ||
    startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf]) ||
    startsWith(bytes, [0x1f, 0x8b])
  )
    return refuse('archive', '这是压缩包，不能直接入库。请解压后逐个发送版面的 .txt 文件。');
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    head.startsWith('GIF8') ||
    (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') ||
    head.startsWith('II*\0') ||
    head.startsWith('MM\0*') ||
    head.startsWith('BM')
  )
    return refuse('image', '这是图片，不能直接入库。请先用文字识别（OCR）把版面转成文字，保存为 .txt 文件后再发送。');
  return undefined;
}

/** NUL bytes, or more than a sliver of other control bytes, in the first bytes. */
function looksBinary(bytes: Uint8Array, sniff: number, maxShare: number): boolean {
  const n = Math.min(bytes.length, sniff);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return control / n > maxShare;
}

/** Decodes with `fatal: true`: undefined when the bytes are not valid in that encoding. */
function strict(encoding: string, bytes: Uint8Array): string | undefined {
  // UTF-8, the common case, through Node's native validator and decoder (twice as fast).
  if (encoding === 'utf-8') return isUtf8(bytes) ? asBuffer(bytes).toString('utf8') : undefined;
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Other characters a Chinese newspaper page uses, beyond ASCII and the Han ranges (checked first). */
const USUAL_OTHER =
  /[\p{Script=Han}\u00a0-\u00ff\u0391-\u03c9\u0401-\u0451\u2000-\u206f\u2100-\u218f\u2190-\u21ff\u2460-\u24ff\u2500-\u27bf\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u33ff\ufe30-\ufe4f\uff00-\uffef]/u;

/** How many leading characters the plausibility check reads: enough to judge, cheap for big corpora. */
const SAMPLE_CHARS = 4096;

function fromText(text: string | undefined, encoding: PageEncoding, o: DecodeSettings): DecodedPage {
  const undecodable = refuse(
    'undecodable',
    '无法识别这个文件的文字编码（支持 UTF-8 和 GBK/GB18030）。请用记事本打开，选择“文件 → 另存为”，编码选 UTF-8 后再发送。',
  );
  if (text === undefined) return undecodable;
  if (!/\S/.test(text)) return refuse('empty', '文件里只有空白，没有可读取的文字。');
  let control = 0;
  let unusual = 0;
  const n = Math.min(text.length, SAMPLE_CHARS);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32) {
      if (c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
    } else if (
      c < 0x7f ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2000 && c <= 0x206f)
    ) {
      // ASCII, the common Han block and CJK, full-width and general punctuation: most of any page.
    } else if (c >= 0xd800 && c <= 0xdbff) {
      // A supplementary character (GB18030 four-byte): rare Han is usual, anything else is not.
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      if (!/\p{Script=Han}/u.test(ch)) unusual++;
      i++;
    } else if (!USUAL_OTHER.test(text[i]!)) {
      unusual++;
    }
  }
  if (control / n > o.maxControlShare)
    return refuse('binary', '这不是文本文件（含有二进制内容），无法读取。请发送版面文字的 .txt 文件。');
  if (unusual / n > o.maxUnusualShare) return undecodable;
  const crlf = text.includes('\r');
  return { ok: true, text: crlf ? text.replace(/\r\n?/g, '\n') : text, encoding, crlf };
}

/** A name for an encoding in messages. */
export function encodingLabel(encoding: PageEncoding): string {
  switch (encoding) {
    case 'utf-8':
      return 'UTF-8';
    case 'utf-8-bom':
      return 'UTF-8（带 BOM）';
    case 'utf-16le':
    case 'utf-16be':
      return 'UTF-16';
    case 'gb18030':
      return 'GBK/GB18030';
  }
}
