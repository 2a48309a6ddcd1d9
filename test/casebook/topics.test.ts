import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCasebook, type Casebook } from '../../src/casebook/casebook.js';
import { leadPoint } from '../../src/casebook/answer.js';
import { countyNames } from '../../src/corpus/registry.js';
import {
  asksForTopic,
  casebookTopics,
  computedTopics,
  topicByKey,
  topicInText,
  topicKey,
  topics,
  topicsOf,
  type Topic,
  type TopicSource,
} from '../../src/casebook/topics.js';
import { FIXTURES, casebook, indexCopyOf, pagesCopy } from '../helpers.js';

/** Properties every topic list must have, whatever the corpus. */
function expectWellFormed(list: readonly Topic[], articles: readonly TopicSource[]): void {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const counties = new Set(countyNames());
  expect(new Set(list.map((t) => t.key)).size).toBe(list.length);
  expect(new Set(list.map((t) => t.name)).size).toBe(list.length);
  for (const t of list) {
    expect(t.key).toBe(topicKey(t.name));
    expect(t.key).toMatch(/^[0-9a-f]{10}$/u);
    expect(t.phrases[0]).toBe(t.name);
    expect(counties.has(t.name)).toBe(false);
    // A phrase shared by at least two cases, each about it: it stands in the case's headline,
    // section leads or lead, and the case uses it more than once.
    expect(t.caseIds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(t.caseIds).size).toBe(t.caseIds.length);
    for (const id of t.caseIds) {
      const a = byId.get(id)!;
      expect(a).toBeDefined();
      const leading = [a.headline, ...a.sections, leadPoint(a.lead)].join('\n');
      const full = [a.headline, ...a.paragraphs].join('\n');
      expect(t.phrases.some((p) => leading.includes(p) && full.split(p).length - 1 >= 2)).toBe(true);
    }
    // A question naming the topic finds it.
    expect(topicInText(list, `有没有${t.name}方面的案例`)?.key).toBe(t.key);
  }
  // Listed by number of cases.
  for (let i = 1; i < list.length; i++)
    expect(list[i - 1]!.caseIds.length).toBeGreaterThanOrEqual(list[i]!.caseIds.length);
}

const signature = (list: readonly Topic[]) =>
  list.map((t) => `${t.key} ${t.name} ${[...t.caseIds].sort().join(',')}`).sort();

describe('topics of the fixture pages', () => {
  const cb = casebook();
  const list = topics(cb.articles);

  it('are roughly 8 to 20 phrases, each shared by at least two cases', () => {
    expect(list.length).toBeGreaterThanOrEqual(8);
    expect(list.length).toBeLessThanOrEqual(20);
    expectWellFormed(list, cb.articles);
    // A case may belong to several topics, and the topics reach a good part of the casebook.
    const covered = new Set(list.flatMap((t) => t.caseIds));
    expect(covered.size).toBeGreaterThanOrEqual(cb.articles.length / 2);
    const perCase = new Map<string, number>();
    for (const t of list) for (const id of t.caseIds) perCase.set(id, (perCase.get(id) ?? 0) + 1);
    expect(Math.max(...perCase.values())).toBeGreaterThan(1);
  });

  it('are the same on every run and in any article order, with the same keys', () => {
    expect(signature(topics(cb.articles))).toEqual(signature(list));
    expect(signature(topics([...cb.articles].reverse()))).toEqual(signature(list));
    expect(topicsOf(cb.articles)).toBe(topicsOf(cb.articles));
  });

  it('never rest on words every case uses', () => {
    // Whatever is in nearly every article (工作, 党组织…) is background, not a theme.
    for (const t of list) {
      const df = cb.articles.filter((a) => [a.headline, ...a.paragraphs].join('\n').includes(t.name)).length;
      expect(df).toBeLessThan(cb.articles.length * 0.5);
    }
  });

  it('answer an unknown or made-up key with nothing (the button says 已过期)', () => {
    expect(topicByKey(list, topicKey('没有这个专题'))).toBeUndefined();
    expect(topicByKey(list, list[0]!.key)).toBe(list[0]);
  });
});

describe('topics as pages are added', () => {
  let before: Topic[];
  let grown: Casebook;
  let after: Topic[];
  beforeAll(() => {
    before = topics(casebook().articles);
    // The fixture pages plus two pages written for this test, with themes that recur across them.
    // The casebook is opened for real (from the global setup's index of the same pages, as a warm
    // start does), so jieba's dictionary is the one the bot would have.
    const seeds = pagesCopy();
    cpSync(join(FIXTURES, 'pages-topics'), seeds, { recursive: true });
    grown = openCasebook({ seedsDir: seeds, indexDir: indexCopyOf('topicsIndexDir') });
    expect(grown.info.origin).toBe('snapshot');
    after = topics(grown.articles);
  });

  it('are still well formed on a larger corpus', () => {
    expect(after.length).toBeGreaterThanOrEqual(8);
    expect(after.length).toBeLessThanOrEqual(20);
    expectWellFormed(after, grown.articles);
  });

  it('change: the new pages bring topics of their own, and old topics keep their keys', () => {
    const added = new Set(grown.articles.filter((a) => a.source.startsWith('20')).map((a) => a.id));
    expect(added.size).toBeGreaterThan(0);
    expect(signature(after)).not.toEqual(signature(before));
    const fresh = after.filter((t) => !before.some((b) => b.key === t.key));
    expect(fresh.length).toBeGreaterThan(0);
    // A new topic is shared by the new pages' cases.
    expect(fresh.some((t) => t.caseIds.filter((id) => added.has(id)).length >= 2)).toBe(true);
    for (const t of after) {
      const old = topicByKey(before, t.key);
      if (old) expect(old.name).toBe(t.name);
    }
  });

  it('on the new pages alone: fewer cases, fewer topics, same rules', () => {
    const fresh = grown.articles.filter((a) => a.source.startsWith('20'));
    const list = topics(fresh);
    expect(list.length).toBeGreaterThanOrEqual(2);
    expectWellFormed(list, fresh);
  });

  it('of a corpus with no shared themes: none', () => {
    expect(topics(casebook().articles.slice(0, 1))).toEqual([]);
    expect(topics([])).toEqual([]);
  });
});

describe('questions that ask for a topic', () => {
  const cb = casebook();
  const list = casebookTopics(cb);
  const ids = (r: { results: { id: string }[] }) => r.results.map((x) => x.id);

  it('asking for a topic as a whole brings all its cases after the ranked ones', () => {
    const topic = list.find((t) => t.name === '平时考核')!;
    const words = cb.ask('比较一下各县平时考核的做法', { limit: 15 });
    const asked = cb.ask('比较一下各县平时考核的做法', { limit: 15, topics: list });
    expect(asked.topic).toEqual({ key: topic.key, name: '平时考核' });
    expect(ids(asked)).toEqual(expect.arrayContaining(topic.caseIds));
    // The words' own ranking comes first, unchanged.
    expect(ids(asked).slice(0, words.results.length)).toEqual(ids(words));
    expect(new Set(asked.results.map((r) => r.county)).size).toBeGreaterThanOrEqual(2);
  });

  it('a question that asks something more is answered by its words alone', () => {
    for (const q of ['第一书记调解矛盾纠纷', '泗水第一书记累计走访群众多少户']) {
      const asked = cb.ask(q, { limit: 15, topics: list });
      expect(asked.topic, q).toBeUndefined();
      expect(ids(asked)).toEqual(ids(cb.ask(q, { limit: 15 })));
    }
    expect(asksForTopic({ phrases: ['第一书记'] }, ['第一书记', '调解'])).toBe(false);
    expect(asksForTopic({ phrases: ['网格化管理', '网格化'] }, ['网格化', '管理', '各县', '金乡县'])).toBe(true);
  });

  it('a county named keeps only that county’s cases of the topic', () => {
    const topic = list.find((t) => t.name === '第一书记')!;
    const asked = cb.ask('泗水的第一书记', { limit: 15, topics: list });
    expect(asked.topic?.name).toBe('第一书记');
    expect(asked.results.every((r) => r.county === '泗水县')).toBe(true);
    const inCounty = topic.caseIds.filter((id) => cb.article(id)!.county === '泗水县');
    expect(ids(asked)).toEqual(expect.arrayContaining(inCounty));
  });

  it('are read from topics computed once, off the answer path', () => {
    expect(computedTopics(cb.articles)).toBe(list);
    expect(computedTopics([...cb.articles])).toBeUndefined();
  });
});
