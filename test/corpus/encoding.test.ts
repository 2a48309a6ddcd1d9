import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePage, DECODE_DEFAULTS } from '../../src/corpus/encoding.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { FIXTURES, tempDir } from '../helpers.js';

const INGEST = join(FIXTURES, 'ingest');
const bytes = (name: string) => readFileSync(join(INGEST, name));
const utf8Page = readFileSync(join(INGEST, '2024-05-21_07.txt'), 'utf8');

describe('decoding page files', () => {
  it('reads UTF-8 as is', () => {
    const d = decodePage(bytes('2024-05-21_07.txt'));
    expect(d).toMatchObject({ ok: true, encoding: 'utf-8', crlf: false });
    if (d.ok) expect(d.text).toBe(utf8Page);
  });

  it('drops a BOM and turns CRLF into LF', () => {
    const d = decodePage(bytes('page-a-bom-crlf.txt'));
    expect(d).toMatchObject({ ok: true, encoding: 'utf-8-bom', crlf: true });
    if (!d.ok) return;
    expect(d.text).not.toContain('\r');
    expect(d.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(d.text.replace(/ \n/g, '\n')).toBe(utf8Page);
  });

  it('detects GBK from the bytes, whatever the name', () => {
    const raw = bytes('page-b-gbk.txt');
    // Not valid UTF-8: a decoder that guessed UTF-8 would produce replacement characters.
    expect(raw.toString('utf8')).toContain('\ufffd');
    const d = decodePage(raw);
    expect(d).toMatchObject({ ok: true, encoding: 'gb18030' });
    if (d.ok) expect(d.text).toContain('本报嘉祥讯（通讯员 赵磊）');
  });

  it('reads GB18030 four-byte characters (outside GBK)', () => {
    const d = decodePage(bytes('page-c-gb18030.txt'));
    expect(d).toMatchObject({ ok: true, encoding: 'gb18030' });
    if (d.ok) expect(d.text).toContain('陈䶮');
  });

  it('reads UTF-16 with a BOM', () => {
    const d = decodePage(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8Page, 'utf16le')]));
    expect(d).toMatchObject({ ok: true, encoding: 'utf-16le' });
    if (d.ok) expect(d.text).toBe(utf8Page);
  });

  it('refuses a binary, saying why', () => {
    const d = decodePage(bytes('binary.txt'));
    expect(d).toMatchObject({ ok: false, reason: 'binary' });
    if (!d.ok) expect(d.message).toMatch(/不是文本文件/);
  });

  it('refuses a PDF by its content, with a hint on saving the page as text', () => {
    const d = decodePage(bytes('fake-pdf.txt'));
    expect(d).toMatchObject({ ok: false, reason: 'pdf' });
    if (!d.ok) expect(d.message).toMatch(/PDF.*另存为.*\.txt/);
  });

  it('refuses a Word document by its content, with a hint', () => {
    const d = decodePage(bytes('page.docx'));
    expect(d).toMatchObject({ ok: false, reason: 'word' });
    if (!d.ok) expect(d.message).toMatch(/Word.*纯文本/);
    const doc = decodePage(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(doc).toMatchObject({ ok: false, reason: 'word' });
  });

  it('refuses bytes in an encoding it cannot read', () => {
    expect(decodePage(bytes('latin1.txt'))).toMatchObject({ ok: false, reason: 'undecodable' });
  });

  it('refuses an empty file and one over the size limit', () => {
    expect(decodePage(new Uint8Array())).toMatchObject({ ok: false, reason: 'empty' });
    expect(decodePage(Buffer.from(' \n \n'))).toMatchObject({ ok: false, reason: 'empty' });
    const big = Buffer.alloc(DECODE_DEFAULTS.maxBytes + 1, 0x41);
    const d = decodePage(big);
    expect(d).toMatchObject({ ok: false, reason: 'too-large' });
    if (!d.ok) expect(d.message).toMatch(/1\.0 MB/);
  });

  it('the loader reads GBK and GB18030 pages, dates pages by file name, and names refused files', () => {
    const dir = tempDir('seeds-enc-');
    copyFileSync(join(INGEST, '2024-05-21_07.txt'), join(dir, '2024-05-21_07.txt'));
    copyFileSync(join(INGEST, 'page-b-gbk.txt'), join(dir, '2024-05-28_07.txt'));
    copyFileSync(join(INGEST, 'page-c-gb18030.txt'), join(dir, 'undated.txt'));
    copyFileSync(join(INGEST, 'fake-pdf.txt'), join(dir, 'scan.txt'));
    writeFileSync(join(dir, 'notes.md'), '不是页面');
    const corpus = loadCorpus(dir);
    expect(corpus.pages).toEqual(['2024-05-21_07.txt', '2024-05-28_07.txt', 'undated.txt']);
    expect(corpus.articles.map((a) => a.county)).toEqual(['汶上县', '微山县', '经开区', '嘉祥县', '梁山县', '邹城市']);
    const gbk = corpus.articles.find((a) => a.county === '嘉祥县')!;
    expect(gbk).toMatchObject({ date: '2024-05-28', edition: '7', source: '2024-05-28_07.txt' });
    expect(gbk.figures.map((f) => f.text)).toContain('2.3亿元');
    expect(corpus.articles.find((a) => a.county === '邹城市')).toMatchObject({ date: null, edition: null });
    expect(corpus.warnings).toEqual([
      { source: 'scan.txt', message: expect.stringMatching(/^无法读取，已跳过：这是 PDF 文件/) as unknown },
    ]);
  });
});
