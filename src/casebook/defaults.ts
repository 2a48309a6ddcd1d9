/**
 * Every weight and threshold of the answer engine, in one place (in the manner of MiniSearch's
 * `defaultSearchOptions`). `Casebook.ask` takes a partial override per call, which the evaluation
 * uses to compare settings on the same questions; the bot uses the defaults.
 */
export interface AnswerOptions {
  // ── retrieve ────────────────────────────────────────────────────────────────────────────────
  /**
   * MiniSearch field boosts. The headline names the practice, section leads state its parts, the
   * body has the detail. Sensible: headline 1–4, sections 1–2, body 1.
   */
  boost: { headline: number; sections: number; body: number };
  /**
   * Weight of a character bigram standing in for a query word the index does not know
   * (`三龄两历` → 三龄, 龄两, 两历). Range 0–1: at 1 a partial match scores like a whole word.
   */
  bigramWeight: number;
  /**
   * When nothing on point is found, a second search adds the known bigrams of known words of three
   * or more characters (`网格化` → 网格) at this weight, so a case that words it differently is
   * still found. Common bigrams have long posting lists, so this is a fallback, not the first
   * try. 0–0.5; 0 turns it off.
   */
  subwordWeight: number;
  /**
   * How many cases retrieval hands to the judge, best BM25 first. The judge ranks them by coverage,
   * so this only needs to be large enough to hold every case worth showing. 40–200.
   */
  candidates: number;
  /**
   * Skip common query words when searching (a speed-up): words in more than `commonShare` of the
   * articles with under `commonIdf` of the best word's IDF, when the other words alone find
   * `candidates` cases. They still count for judging, figures and quotes. `npm run eval` shows
   * whether any answer changes with it off.
   */
  skipCommonWords: boolean;
  /**
   * Lists, requests and comparisons also search the corpus's coinages that end with a question
   * word (`驿站` → 老兵驿站), at this weight, at most `compoundLimit` per word (most common first).
   * 0–1; 0 turns it off.
   */
  compoundWeight: number;
  compoundLimit: number;
  /** Share of the articles a word must be in to count as common. 0.1–0.5. */
  commonShare: number;
  /** …and the share of the query's best IDF it must stay under. 0.3–0.7. */
  commonIdf: number;

  /**
   * A word found in at least this share of the articles (`党建`, `基层`, `干部`) is generic: a
   * county named with only generic and request words is county browsing, not a search. 0.3–0.7.
   */
  genericShare: number;

  // ── judge ───────────────────────────────────────────────────────────────────────────────────
  /**
   * A case is on point when it covers this share of the question's weight (each topic word
   * weighted by IDF; see `judge.ts`). Below it the case is at most loosely related. 0.4–0.7:
   * lower lets paraphrases through, higher keeps off-topic questions honest.
   */
  onPoint: number;
  /**
   * Long questions (see `Judge.standsOut`): with at least `words` coverage units (6–12), the best
   * case is on point below `onPoint` when it covers at least `floor` (0.25–0.45) and `ratio` times
   * the runner-up's coverage (1.2–2; higher keeps padded off-corpus questions honest), and the
   * question's words are central to it (`Judge.centrality` at least `central`, 0.2–0.5): it is
   * about them, not a case that mentions them here and there.
   */
  standOut: { words: number; floor: number; ratio: number; central: number };
  /** Loosely related cases, shown after a no-match, cover at least this share. 0.2–0.4. */
  related: number;
  /** At most this many loosely related cases follow a no-match. 0–5. */
  relatedLimit: number;
  /**
   * Credit for a word the case mentions only once, in its body (a passing mention), against 1 for
   * a word in its headline, lead or section leads or used twice. 0.3–1.
   */
  passingMention: number;
  /** A phrase (`老党员`) a case does not use whole counts its parts at this share. 0–1. */
  phraseParts: number;
  /**
   * Coverage mixes the whole case with its best passage (headline and one paragraph) at this
   * share: words scattered over unrelated paragraphs count for less. 0–1.
   */
  passageWeight: number;
  /**
   * Coverage weighs each word by its IDF raised to this power: above 1, words found in many
   * articles (`发挥`, `作用`) count for less against the distinctive ones. 1–3.
   */
  idfPower: number;
  /**
   * Weight of a one-character word, in scoring and in coverage (single characters match inside
   * anything). 0–1.
   */
  singleChar: number;
  /**
   * Weight, as a share of the highest IDF, of a question word the index does not know at all: it
   * may be what the question is about (`彩礼`), or a word the articles put differently. 0.3–1.
   */
  unknownWord: number;

  /**
   * How central a topic is to a case (see `Judge.centrality`): a headline use counts 1; section
   * leads, the lead and body mentions add these shares (body mentions `mention` each, at most
   * `mentions` together), and one paragraph using the word `paragraph` times counts as a section. Lists, comparisons and requests include a case only when its centrality
   * reaches `central`, so one passing mention does not put a county on the list. 0.3–0.7.
   */
  centrality: { sections: number; lead: number; mention: number; mentions: number; paragraph: number };
  central: number;
  /**
   * A case whose centrality reaches this share of the most central case's is also included: a
   * list whose words no case uses whole (`快递员、外卖骑手`) keeps every case about as central as
   * the best one, and a loosely related case (covering less of the question, at least `related`)
   * joins by it once something is on point. 0.4–0.8; 1 turns it off.
   */
  centralShare: number;
  /** A long word the case does not use whole counts its best known part at this share. 0–1. */
  centralPart: number;

  // ── answer ──────────────────────────────────────────────────────────────────────────────────
  /** How many of the best on-point cases are searched for a figure. 1–5. */
  figureCases: number;
  /**
   * How well a figure's measure word must fit what was asked: the same word 1, the same dimension
   * (`名` for `人`) `sameDimension`, a generic `个` for a count `genericCount`; any other 0.
   */
  sameDimension: number;
  genericCount: number;
  /**
   * Where the asked-about words must stand for a figure to be stated: the share of their weight
   * found in the figure's clause (1 each), its sentence (`inSentence` each) or its paragraph
   * (`inParagraph`). A figure is stated only when this reaches `figureFit`. 0.3–0.8.
   */
  figureFit: number;
  /**
   * The counted word in the figure's clause but not in its own enumeration item
   * (`单元长2391名、楼长786名`); other words count fully anywhere in the clause.
   */
  inClause: number;
  inSentence: number;
  inParagraph: number;
  /** A word in an earlier sentence of the paragraph counts `inSentence` × this per sentence back. 0–1. */
  nearDecay: number;
  /**
   * Asked-about words the case never uses make a figure less sure: the fit is multiplied by
   * 1 − `absentWords` × their share of the weight. 0–1: at 1 a case lacking half the words can
   * never state a figure; at 0 missing words are ignored.
   */
  absentWords: number;
  /**
   * The word the number counts (`多少名楼长` → 楼长), where the case uses it, weighs this share of
   * the fit; the question's other words share the rest. 0–1.
   */
  headWeight: number;
  /** A figure followed by the very noun asked about (`100道题` for `多少题`) scores this much more. 1–2. */
  headNext: number;
  /** An increment (`每月增加5元`) counts this much unless a change is asked about. 0–1. */
  changePenalty: number;
  /** A figure from a lower-ranked case counts by its rank: score share raised to this power. 0–2. */
  rankPower: number;

  // ── present ─────────────────────────────────────────────────────────────────────────────────
  /** Quoted sentences per case. 1–3. */
  quotes: number;
  /** Key figures per case in county lists, comparisons and the daily message. 2–3. */
  keyFigures: number;
  /** A county list or comparison shows at most this many cases per county. */
  casesPerCounty: number;
}

export const defaultAnswerOptions: Readonly<AnswerOptions> = Object.freeze({
  boost: Object.freeze({ headline: 3, sections: 1.5, body: 1 }),
  bigramWeight: 0.6,
  subwordWeight: 0.3,
  candidates: 100,
  skipCommonWords: true,
  compoundWeight: 0.8,
  compoundLimit: 20,
  commonShare: 0.2,
  commonIdf: 0.5,
  genericShare: 0.5,

  onPoint: 0.55,
  standOut: Object.freeze({ words: 8, floor: 0.3, ratio: 1.4, central: 0.3 }),
  related: 0.3,
  relatedLimit: 3,
  passingMention: 0.6,
  phraseParts: 0.75,
  passageWeight: 0.5,
  idfPower: 1.5,
  singleChar: 0.3,
  unknownWord: 0.6,
  centrality: Object.freeze({ sections: 0.5, lead: 0.4, mention: 0.1, mentions: 0.5, paragraph: 4 }),
  central: 0.5,
  centralShare: 0.5,
  centralPart: 0.8,

  figureCases: 3,
  sameDimension: 0.8,
  genericCount: 0.85,
  figureFit: 0.45,
  inClause: 0.85,
  inSentence: 0.75,
  inParagraph: 0.3,
  nearDecay: 0.7,
  absentWords: 0.8,
  headWeight: 0.5,
  headNext: 1.25,
  changePenalty: 0.25,
  rankPower: 0.5,

  quotes: 2,
  keyFigures: 3,
  casesPerCounty: 5,
});

/** The defaults with a partial override. */
export function answerOptions(override: Partial<AnswerOptions> = {}): AnswerOptions {
  return { ...defaultAnswerOptions, ...override };
}
