import type MiniSearch from 'minisearch';
import type { CaseIndex } from '../../src/search/engine.js';

/**
 * MiniSearch's state with short ids replaced by article ids: what answers depend on. Postings under
 * a short id with no article (a change's staged postings, see CaseMiniSearch.stage) show as
 * `#<short id>`, or are left out with `withoutStaged` (the state questions see).
 */
export function indexState(index: CaseIndex, { withoutStaged = false } = {}) {
  const js = (index as unknown as { mini: MiniSearch }).mini.toJSON();
  const ids = js.documentIds as Record<string, string>;
  const terms = [...js.index]
    .map(([term, fields]) => {
      const byField: Record<string, Record<string, number>> = {};
      for (const [field, docs] of Object.entries(fields)) {
        const named: Record<string, number> = {};
        for (const [doc, tf] of Object.entries(docs)) {
          if (ids[doc] === undefined && withoutStaged) continue;
          named[ids[doc] ?? `#${doc}`] = tf;
        }
        if (Object.keys(named).length > 0) byField[field] = Object.fromEntries(Object.entries(named).sort());
      }
      return [term, byField] as const;
    })
    .filter(([, byField]) => !withoutStaged || Object.keys(byField).length > 0)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const lengths = Object.entries(js.fieldLength as Record<string, number[]>)
    .map(([doc, l]) => [ids[doc]!, l] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const df = [...index.terms()].sort().map((t) => [t, index.docFreq(t)]);
  return {
    documentCount: js.documentCount,
    averages: js.averageFieldLength,
    lengths,
    terms,
    df,
    dirt: js.dirtCount,
  };
}
