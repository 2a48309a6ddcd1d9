/**
 * The layout of a 素材汇编, after the conventions of GB/T 9704-2012 (党政机关公文格式): an A4 page
 * with a 156 × 225 mm text block (22 lines of 28 characters of 三号 type), the title in 小标宋 二号,
 * first-level headings in 黑体, second-level in 楷体, body text in 仿宋 三号, and page numbers in
 * 四号 宋体 between em dashes (`— 1 —`), right on odd pages and left on even ones, one character in.
 *
 * Every tunable lives here, in one typed, documented object. Sizes are in points unless named
 * otherwise; the document code converts them to Word's units (twips, half-points).
 */
export interface CompilationLayout {
  /** Page size in millimetres (A4). */
  page: { width: number; height: number };
  /** Margins in millimetres: 天头 37, 订口 28; the rest follows from the 156 × 225 mm text block. */
  margin: { top: number; bottom: number; left: number; right: number };
  /** Distance of the footer's baseline area from the bottom edge, in millimetres. */
  footerDistance: number;
  fonts: {
    /** The title: 方正小标宋简体. */
    title: string;
    /** First-level headings (一、): 黑体. */
    heading: string;
    /** Second-level headings (（一）) and the date line: 楷体_GB2312. */
    subheading: string;
    /** Body text: 仿宋_GB2312. */
    body: string;
    /** Page numbers: 宋体. */
    pageNumber: string;
    /** Latin letters and digits inside any of the above. */
    latin: string;
  };
  /** 二号 = 22 pt. */
  titleSize: number;
  /** 三号 = 16 pt, for headings and body alike. */
  bodySize: number;
  /** 四号 = 14 pt. */
  pageNumberSize: number;
  /** Fixed line height of body and headings: 225 mm / 22 lines ≈ 28.95 pt. */
  lineHeight: number;
  /** Fixed line height of the title lines. */
  titleLineHeight: number;
}

export const GBT_9704: CompilationLayout = {
  page: { width: 210, height: 297 },
  margin: { top: 37, bottom: 35, left: 28, right: 26 },
  // The number's line sits 7 mm below the text block: 35 − 7 − one 四号 line (≈ 5 mm).
  footerDistance: 23,
  fonts: {
    title: '方正小标宋简体',
    heading: '黑体',
    subheading: '楷体_GB2312',
    body: '仿宋_GB2312',
    pageNumber: '宋体',
    latin: 'Times New Roman',
  },
  titleSize: 22,
  bodySize: 16,
  pageNumberSize: 14,
  lineHeight: 28.95,
  titleLineHeight: 36,
};
