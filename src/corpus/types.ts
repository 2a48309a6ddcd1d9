/** A number quoted from an article, with its unit and the clause it stands in. */
export interface Figure {
  /** The number with its modifiers and unit, verbatim: `1800余名`, `30元至120元`, `99%`. */
  text: string;
  /** The numeric value of the (first) number, scaled by 万/亿 where given. */
  value: number;
  /** The measure word or unit: `名`, `万元`, `%`, `人次`; empty when there is none. */
  unit: string;
  /** The comma-delimited clause around the number, verbatim: `调处矛盾纠纷2986件`. */
  clause: string;
  /** Index of the paragraph the figure comes from. */
  paragraph: number;
}

export interface Article {
  /** Stable id: a hash of source, headline and lead, unaffected by other pages. */
  id: string;
  /** Source file name, e.g. `000_0baefce5c4f81754.txt`. */
  source: string;
  /** The page's issue date, `2024-05-21`, or null when unknown (see dates.ts). */
  date: string | null;
  /** The page's number (版次) as printed, `7`, or null when unknown. */
  edition: string | null;
  /** Position of the article on its page (0-based). */
  position: number;
  /** All headline lines, kicker included, joined by one space. */
  headline: string;
  /** The dateline city: `本报济宁讯` gives `济宁`. */
  dateline: string;
  reporters: string[];
  /** Canonical county-level unit the article is about, or null when none could be placed. */
  county: string | null;
  /** Body paragraphs, the dateline removed from the first. */
  paragraphs: string[];
  /** The first paragraph after the dateline. */
  lead: string;
  /** Bold lead sentences that open body paragraphs. */
  sections: string[];
  figures: Figure[];
}

export interface Caption {
  id: string;
  source: string;
  /** The caption's text, its credit left out. */
  text: string;
  county: string | null;
  /** The people credited with the photo (`摄`), or the office that provided it (`供图`). */
  photographers: string[];
}

export interface Warning {
  /** The page file. */
  source: string;
  /** Plain Chinese; a doubt about one article names it: `第3篇（本报邹城讯，《…》）：…`. */
  message: string;
}

export interface ParsedPage {
  articles: Article[];
  captions: Caption[];
  warnings: Warning[];
}

export interface Corpus extends ParsedPage {
  /** The page files read, in order. */
  pages: string[];
}
