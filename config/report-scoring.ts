/**
 * How the report annex scores a unit's plan completion, as the CCHC index (Chỉ số CCHC) measures the criterion
 * "Mức độ hoàn thành kế hoạch CCHC". The thresholds are data: every rule names its source and whether its text was
 * verified; the report's notes repeat that, so nobody takes an unverified threshold for the official one.
 *
 * A province with its own index (the provinces' "Bộ Chỉ số CCHC cấp sở/cấp huyện") adds its rule here or passes a
 * JSON file of the same shape to `nhacviec report --score-rule FILE`.
 */

/** One band: a completion rate of at least `minPercent` scores `score`. */
export interface CompletionScoreBand {
  minPercent: number;
  score: number;
}

/** A scoring rule for the criterion. */
export interface CompletionScoreRule {
  id: string;
  /** The criterion as the index names it. */
  criterion: string;
  /** The index the rule belongs to. */
  index: string;
  maxScore: number;
  /** Bands, highest `minPercent` first; the first band the rate reaches gives the score. */
  bands: CompletionScoreBand[];
  /** Where the thresholds come from. */
  source: string;
  /** False when the thresholds could not be checked against the text of the source. */
  verified: boolean;
  /** What is known to be uncertain. */
  note?: string;
}

/**
 * Default: the provincial index of QĐ 876/QĐ-BNV of 10/11/2022, criterion "Mức độ hoàn thành kế hoạch CCHC".
 *
 * NOT VERIFIED (searched again for issue #14, December 2026): the decision's date, 10/11/2022, is confirmed by a
 * provincial decision that cites it (Quảng Ninh, QĐ 3463/QĐ-UBND of 25/11/2022, "Căn cứ Quyết định số 876/QĐ-BNV
 * ngày 10/11/2022 của Bộ Nội vụ phê duyệt Đề án …"), but the annex with the criteria and their scores could not
 * be retrieved. Searched, in the docs and pages corpora: "Quyết định 876/QĐ-BNV chỉ số cải cách hành chính kế
 * hoạch CCHC hoàn thành 100% điểm"; "Mức độ hoàn thành kế hoạch CCHC hoàn thành 100% kế hoạch điểm tối đa dưới 80%
 * không điểm Chỉ số CCHC cấp tỉnh 2022-2030"; "876/QĐ-BNV phụ lục tiêu chí thành phần mức độ hoàn thành kế hoạch
 * cải cách hành chính năm". They found only news of the decision (bacninh.gov.vn, 25/11/2022) and provincial
 * indexes citing it, none quoting the thresholds. The bands below follow the usual shape of the criterion (full
 * score for the whole plan, part score from 80 %) and must be checked against the annex before official use.
 */
export const BNV_876_2022: CompletionScoreRule = {
  id: 'bnv-876-2022',
  criterion: 'Mức độ hoàn thành kế hoạch CCHC',
  index: 'Chỉ số CCHC cấp tỉnh, Quyết định 876/QĐ-BNV ngày 10/11/2022 của Bộ Nội vụ',
  maxScore: 1,
  bands: [
    { minPercent: 100, score: 1 },
    { minPercent: 80, score: 0.5 },
    { minPercent: 0, score: 0 },
  ],
  source:
    'Quyết định 876/QĐ-BNV ngày 10/11/2022 phê duyệt Đề án "Xác định Chỉ số CCHC của các Bộ, cơ quan ngang Bộ, UBND tỉnh, thành phố trực thuộc Trung ương" giai đoạn 2022-2030 (ngày ban hành theo QĐ 3463/QĐ-UBND ngày 25/11/2022 của UBND tỉnh Quảng Ninh, https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-3463-QD-UBND-2022-tieu-chi-xac-dinh-Chi-so-cai-cach-hanh-chinh-so-nganh-Quang-Ninh-555355.aspx; tin: https://bacninh.gov.vn/news/-/details/20182/quyet-inh-876-q-bnv-cua-bo-noi-vu-phe-duyet-e-an-xac-inh-chi-so-cai-cach-hanh-chinh-cua-cac-bo-co-quan-ngang-bo-ubnd-tinh-thanh-pho-truc-thuoc-trung-uong-giai-oan-2022-2030-42322197)',
  verified: false,
  note: 'Chưa đối chiếu được ngưỡng điểm với phụ lục của Quyết định 876/QĐ-BNV ngày 10/11/2022 (đã tìm lại tháng 12/2026, không tìm được phụ lục có bảng điểm); ngưỡng 100 % / 80 % là giả định cần kiểm tra. / The 876/QĐ-BNV thresholds could not be checked against the annex.',
};

/**
 * A provincial example whose thresholds were read in the text: Cà Mau's index for departments, QĐ 1880/QĐ-UBND
 * (2013), sub-criterion 1.1.4 "Mức độ thực hiện kế hoạch CCHC", 2 points: over 90 % → 2; 70–90 % → 1; under 70 % → 0.
 */
export const CA_MAU_1880_2013: CompletionScoreRule = {
  id: 'ca-mau-1880-2013',
  criterion: 'Mức độ thực hiện kế hoạch CCHC (tiêu chí thành phần 1.1.4)',
  index: 'Chỉ số CCHC các sở, ban, ngành tỉnh Cà Mau, Quyết định 1880/QĐ-UBND năm 2013',
  maxScore: 2,
  // "Thực hiện trên 90% kế hoạch: 2; từ 70% - 90%: 1; dưới 70%: 0": "trên 90 %" is read as strictly above 90.
  bands: [
    { minPercent: 90.000001, score: 2 },
    { minPercent: 70, score: 1 },
    { minPercent: 0, score: 0 },
  ],
  source:
    'https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-1880-QD-UBND-nam-2013-xac-dinh-Chi-so-Cai-cach-hanh-chinh-Ca-Mau-229973.aspx',
  verified: true,
};

/** Rules shipped with the project, by id. */
export const COMPLETION_SCORE_RULES: Record<string, CompletionScoreRule> = {
  [BNV_876_2022.id]: BNV_876_2022,
  [CA_MAU_1880_2013.id]: CA_MAU_1880_2013,
};

export const DEFAULT_COMPLETION_SCORE_RULE = BNV_876_2022.id;

/** Checks a rule read from a file; throws a TypeError naming what is wrong. */
export function checkCompletionScoreRule(value: unknown, origin: string): CompletionScoreRule {
  const r = value as Partial<CompletionScoreRule>;
  const bad = (what: string): never => {
    throw new TypeError(`${origin}: ${what}`);
  };
  if (typeof r !== 'object' || r === null) bad('expected an object');
  for (const k of ['id', 'criterion', 'index', 'source'] as const) if (typeof r[k] !== 'string' || r[k] === '') bad(`"${k}" must be a non-empty string`);
  if (typeof r.maxScore !== 'number' || !(r.maxScore > 0)) bad('"maxScore" must be a positive number');
  if (typeof r.verified !== 'boolean') bad('"verified" must be true or false');
  if (!Array.isArray(r.bands) || r.bands.length === 0) bad('"bands" must be a non-empty array');
  let previous = Infinity;
  for (const [i, b] of r.bands!.entries()) {
    if (typeof b?.minPercent !== 'number' || typeof b.score !== 'number') bad(`bands[${i}] needs numeric minPercent and score`);
    if (b.minPercent >= previous) bad('"bands" must be sorted by minPercent, highest first');
    if (b.score < 0 || b.score > r.maxScore!) bad(`bands[${i}].score must be between 0 and maxScore`);
    previous = b.minPercent;
  }
  if (r.bands!.at(-1)!.minPercent !== 0) bad('the last band must start at 0 %');
  return r as CompletionScoreRule;
}
