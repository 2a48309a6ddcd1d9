import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openCasebook, type Casebook } from '../../src/casebook/casebook.js';
import { changedAnswers, evaluate, pagesFolder, readQuestionFile } from '../../src/casebook/evaluate.js';
import { FIXTURES, tempDir } from '../helpers.js';

/**
 * The office-style questions (two personas) over the seed pages plus two pages nobody tuned the
 * parser on. Each file names the page folders it is asked over.
 */
const files = ['questions-office.jsonl', 'questions-town.jsonl'].map((f) => readQuestionFile(join(FIXTURES, f)));
let cb: Casebook;

beforeAll(() => {
  expect(files[0]!.pages).toEqual(files[1]!.pages);
  cb = openCasebook({ seedsDir: pagesFolder(files[0]!.pages), indexDir: tempDir('index-heldout-') });
  expect(cb.pages.length).toBeGreaterThan(5);
});

describe.each(files.map((f) => [f.name, f] as const))('%s', (_name, file) => {
  it('kinds, figures, lists, comparisons and honest no-matches hold up', () => {
    const r = evaluate(cb, file.questions);
    expect(r.kindAccuracy).toBe(1);
    expect(r.offCorpusHonest).toBe(1);
    expect(r.top1).toBeGreaterThanOrEqual(0.9);
    expect(r.figureInAnswer).toBeGreaterThanOrEqual(0.9);
    expect(r.countyF1).toBeGreaterThanOrEqual(0.8);
    expect(r.compareF1).toBeGreaterThanOrEqual(0.85);
    expect(r.passed / r.questions).toBeGreaterThanOrEqual(0.8);
  });

  it('skipping common words (the speed-up) changes no answer', () => {
    const ask = (skipCommonWords: boolean) => (q: string) => cb.ask(q, { tuning: { skipCommonWords } });
    expect(changedAnswers(file.questions, ask(true), ask(false))).toEqual([]);
  });
});

describe('the new pages', () => {
  it('answer figures in units no list names, from full-width digits too', () => {
    expect(cb.ask('黄屯街道食安岗抽检了多少批次').answer?.figure).toBe('586批次');
    expect(cb.ask('高新区查处食品违法案件几起').answer?.figure).toBe('47起');
    expect(cb.ask('邹城学法题库收录了多少道题').answer?.figure).toBe('2600道');
    expect(cb.ask('南旺镇老党员平均年龄多大').answer?.figure).toBe('68.4岁');
  });

  it('a town named only in a caption gets its county’s cases', () => {
    const r = cb.ask('郭楼镇有什么经验');
    expect(r.kind).toBe('county');
    expect(r.note).toContain('郭楼镇');
    expect(r.results.map((x) => x.id)).toEqual(cb.byCounty('汶上县').map((a) => a.id));
  });
});
