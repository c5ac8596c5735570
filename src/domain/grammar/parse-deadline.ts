/**
 * The deadline grammar: reads one deadline cell into a {@link DeadlineRule}. The language is specified in
 * ./README.md; comments cite its sections (§).
 *
 * Method: normalise (§1), then scan the text left to right. At each word, phrase matchers are tried in a fixed
 * order (more specific first); a match yields parts. Words no matcher takes accumulate as a pending label, which
 * is attached to the next part of the clause (§8) or, if none follows, reported as unparsed. Separators are
 * ignored. A wrong date is worse than none: anything doubtful becomes an unparsed span with a reason.
 */
import { daysInMonth, isValidYmd } from '../calendar/iso-date.js';
import { normalizeDeadlineText, type NormalizedText } from './normalize.js';
import type {
  Bound,
  DeadlinePart,
  DeadlineRule,
  DueDay,
  EventOffset,
  ParseContext,
  PartFlag,
  PeriodUnit,
  Span,
  TimePoint,
  UnparsedSpan,
  YearSource,
} from './types.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type PartBody = DistributiveOmit<DeadlinePart, 'text' | 'spans' | 'label' | 'flags'>;

/** A part under construction; positions are in normalised text. */
interface Draft {
  body: PartBody | { kind: 'open_start'; point: TimePoint };
  start: number;
  end: number;
  extra: Array<[number, number]>;
  label?: string;
  labelStart?: number;
  clause: number;
  flags: PartFlag[];
  /** A yearless event date ("kể từ ngày 10/3"), settled by the plan's year. */
  eventPoint?: TimePoint;
  /** §13.3: a report name that only says what a date is for ("Báo cáo quý gửi …"); it needs a dated part in its clause. */
  qualifier?: boolean;
  /** §13.4: a due day of a bare "tháng" ("trước ngày 15 của tháng"): read only with a report named in its clause. */
  needsHost?: boolean;
  /** §13.4: a day followed by "(của) năm báo cáo" (0) or "năm sau (năm báo cáo)", "năm kế tiếp" (1). */
  relYear?: 0 | 1;
  /** A date read after a qualifier word ("trước", "vào", "trong", "chậm nhất" …), for every item of its list. */
  qualified?: boolean;
  /** §13.11: the scope written with this part's period ("đối với thuế GTGT"), appended to its label. */
  scope?: string;
  /** Another defensible reading of this part (§13.10), offered in `DeadlineRule.alternatives`. */
  alternative?: { body: PartBody; note: string };
}

interface Problem {
  start: number;
  end: number;
  reason: string;
  /** The clause it was found in, when known (§13.9: a day that could not be read voids the policy's default). */
  clause?: number;
}

type MatchResult = { end: number; drafts: Draft[] } | { end: number; problem: string } | null;

/** Vietnamese reasons shown with unparsed spans. */
export const UNPARSED_REASONS = {
  noTime: 'không tìm thấy mốc thời gian',
  unsafeText: 'có số hoặc từ chỉ thời gian nhưng không đọc được thành thời hạn',
  invalidDay: 'ngày không có thật trong lịch',
  invalidMonth: 'tháng không hợp lệ (1–12)',
  invalidQuarter: 'quý không hợp lệ (I–IV)',
  invalidYear: 'năm nằm ngoài khoảng 1900–2100',
  after: '"sau …" là mốc bắt đầu, không phải thời hạn',
  openStart: '"từ …" không có mốc kết thúc',
  multiYear: 'thiếu năm, mà kế hoạch kéo dài nhiều năm',
  reversed: 'mốc kết thúc đứng trước mốc bắt đầu',
  following: '"các năm tiếp theo" không có năm nào đứng trước để tính tiếp',
  trailing: 'phần đứng sau mốc thời gian không đọc được',
  documentDate: 'ngày ban hành của văn bản được dẫn, không phải thời hạn',
  dataCutoff: 'thời gian chốt số liệu của báo cáo, không phải hạn nộp',
  dateline: 'địa danh và ngày tháng của văn bản, không phải thời hạn',
  narrative: 'ngày tháng mở đầu một câu thuật lại sự việc, không phải thời hạn',
  prose: 'câu văn dài, không phải ô thời hạn: không lấy ngày mặc định của kế hoạch cho việc này',
  afterOnly: '"sau khi …" chỉ thứ tự các bước, không có thời hạn',
  validity: 'thời gian có hiệu lực, có giá trị hoặc lưu trữ, không phải thời hạn phải làm',
  dayUnread: 'hạn nộp viết trong câu không đọc được: không dùng ngày mặc định của kế hoạch',
  incomplete: 'một ngày viết trong ô không đọc được, nên các mốc khác của ô cũng không được đọc (tránh thiếu hạn)',
  trailingDistrust: 'có lời đứng sau mốc thời gian mà không đọc được: mốc này không được coi là thời hạn',
  tooLong: 'ô thời hạn quá dài (tối đa 2.000 ký tự): hãy tách thành nhiều nhiệm vụ hoặc rút gọn',
  negated: 'câu phủ định ("không phải …", "không cần …"): không có thời hạn',
  exception: 'ngoại lệ ("trừ …"): ghi chú, không phải thời hạn',
  reportWithoutDate: 'có tên kỳ báo cáo nhưng không đọc được hạn nộp đi kèm',
  bareMonth: '"ngày … của tháng" không rõ là tháng nào: cần nêu kỳ báo cáo (ví dụ "báo cáo tháng")',
  periodMismatch: 'ngày cụ thể không khớp với kỳ báo cáo đi kèm',
  programmePeriod: 'giai đoạn của chương trình, kế hoạch được nêu tên, không phải thời hạn',
  reviewedPeriod: 'kỳ được sơ kết, tổng kết hoặc định hướng, không phải thời hạn',
  holiday: 'ngày nghỉ (lễ, Tết), không phải thời hạn',
  reportedPeriod: 'kỳ được báo cáo, không phải hạn nộp: hạn nộp không được viết',
  alternativeDates: 'hai mốc nối bằng "hoặc": không rõ mốc nào là thời hạn, cần điều phối viên chọn',
  published: 'ngày đăng hoặc cập nhật của trang, văn bản: không phải thời hạn',
  periodEndUnknown: 'thời hạn tính từ khi kết thúc một kỳ mà ngữ pháp không biết có trùng lịch hay không: cần điều phối viên đặt hạn',
  beforeEventUnsure: 'thời hạn tính ngược từ một sự kiện nhưng không rõ sự kiện: cần điều phối viên xác định',
  pastEvent: 'câu thuật lại một sự việc (cuộc họp, hội nghị, việc đã làm), không có lời giao hạn: không phải thời hạn',
  example: 'ví dụ minh họa trong văn bản, không phải thời hạn',
  elapsed: 'khoảng thời gian đã trôi qua hoặc thời gian tối thiểu ("đã hơn …", "ít nhất …"), không phải thời hạn',
  extension: 'thời hạn kéo dài cho trường hợp ngoại lệ ("có thể kéo dài … không quá …"): chỉ là ghi chú',
  rollForward: 'quy tắc lùi hạn khi trùng ngày nghỉ: không có mốc riêng',
  regimeScope: 'mốc xác định quy định nào được áp dụng ("Trước ngày …:"), không phải thời hạn',
  exceptionScope: 'kỳ mà ngoại lệ ("Riêng …") áp dụng, không phải thời hạn',
  deadlineUnread: 'một hạn nộp viết trong câu không đọc được, nên các mốc khác của câu cũng không được đọc (tránh thiếu hạn)',
} as const;

/**
 * The longest cell read (§12.1): a real deadline cell is a few hundred characters at most; a longer one is refused
 * whole with {@link UNPARSED_REASONS.tooLong}, so a pasted document cannot stall an import.
 */
export const MAX_DEADLINE_CHARS = 2000;

const WORD_END = '(?![\\p{L}\\p{N}])';
// A year is any run of digits after "/" or "năm" (after "-" only three or more: "tháng 6-8" is a range), so
// an impossible year ("Quý I/99999", "Tháng 6/0") is read as a year and refused (§2), never dropped.
// "tháng 5.2021": a dot before a four-digit year is a year too (§13.5).
const YEAR_SUFFIX = '(?: ?(?:/ ?|- ?(?=\\d{3})|\\.(?=\\d{4}(?!\\d)))(\\d+)| năm (\\d+))?(?![\\p{L}\\p{N}])';

const re = (source: string) => new RegExp(source, 'yu');

const DAY3 = re(`(?:ngày )?(\\d{1,2}) ?([/.-]) ?(\\d{1,2}) ?\\2 ?(\\d{4}|(?<=[/-] ?)\\d+)${WORD_END}`);
const DAY2 = re(`(?:ngày )?(\\d{1,2}) ?/ ?(\\d{1,2})(?![\\p{L}\\p{N}]| ?/ ?\\d)|ngày (\\d{1,2})-(\\d{1,2})(?![\\p{L}\\p{N}]|-\\d)`);
const DAY_LONG = re(`ngày (\\d{1,2}) tháng (\\d{1,2})(?: năm (\\d+))?${WORD_END}`);
const MONTH_POS = re(`(đầu|giữa|cuối) tháng ?(\\d{1,2})(?!\\d)${YEAR_SUFFIX}`);
const MONTH = re(`tháng ?(\\d{1,2})(?!\\d)${YEAR_SUFFIX}`);
const QUARTER = re(`(?:cuối )?quý ?(\\d{1,2})(?!\\d)${YEAR_SUFFIX}`);
const HALF = re(`(?:6|06) tháng (đầu|cuối)(?: năm(?: (\\d{4}))?)?(?! học| tài chính)${WORD_END}`);
const SIX = re(`(?:6|06) tháng(?: năm (\\d{4}))?${WORD_END}`);
const NINE = re(`(?:9|09) tháng(?: đầu năm)?(?: (?:năm )?(\\d{4}))?${WORD_END}`);
const YEAR_POS = re(`(đầu|giữa|cuối) năm(?: (\\d+))?(?! học| tài chính)${WORD_END}`);
const YEAR = re(`năm (\\d+)${WORD_END}`);
const BARE_YEAR = re(`(?<![\\p{N}:/.,-])(\\d{4})(?![\\p{L}\\p{N}]| ?[/:] ?[\\p{L}\\p{N}]|[.,]\\d)`);
const BARE_NUMBER = re(`(\\d{1,2})(?!\\d)${YEAR_SUFFIX}`);

const QUALIFIER = re(
  '(trước|chậm nhất(?: là)?(?: vào| trong)?|muộn nhất(?: là)?(?: vào)?|hạn chót(?: là)?|đến hết|hết|đến|tới|vào|trong) ',
);
const LIST_SEP = re('(?: ?, ?| và )');
/** §2.1: a clock time before a written day ("17 h 00 ngày", "lúc 14 giờ 30 phút ngày"): the day is still the due day. */
const CLOCK = re(`(?:lúc )?(\\d{1,2}) ?(?:giờ|h)(?: ?(\\d{1,2})(?: ?(?:phút|'))?)?(?: ?,)? (?=ngày )`);
const RANGE_SEP = re(' ?(?:-|đến hết|đến|tới) ?');
const FROM = re('từ ');
const AFTER = re('sau (?=ngày |tháng |quý |năm |\\d)');
const TRONG = re('trong ');
const YEAR_RANGE = re(`(?:(?:giai đoạn|thời kỳ|các năm|năm) )?(\\d{4}) ?(?:-|đến) ?(?:năm )?(\\d{4})${WORD_END}`);
const BARE_NAM = re(`năm(?! ?\\d)${WORD_END}`);
const TRONG_NAM = re(`(?:trong|cả) năm(?! ?\\d)${WORD_END}`);

const PERIOD_PREFIX = re('(?:theo )?(?:chế độ )?(?:định kỳ )?(?:(?:hàng|hằng|mỗi) )?');
const PERIOD_ITEM = re(
  `(?:((?:6|06) tháng(?: (?:đầu|cuối) năm)?)|((?:9|09) tháng(?: đầu năm)?)|(tuần)|(tháng)|(quý)|(năm(?! học))|(cuối năm))(?![\\p{L}\\p{N}]| ?[/-]? ?\\d)`,
);
const PERIOD_ITEM_SEP = re('(?: ?[,/] ?| và )');
const ANCHORED_YEARLY = re(
  `(?:theo )?(?:định kỳ )?(?:vào )?(?:(tháng) ?(\\d{1,2})|(quý) ?(\\d))(?!\\d) ?(?:hàng|hằng|mỗi) năm${WORD_END}`,
);
const BARE_PERIODIC = re(
  `(?:theo )?(?:chế độ )?(?:báo cáo )?định kỳ(?: trong năm)?(?=$|[;.,\\n()]| - | và | hoặc )`,
);
const DUE_DAY = re(
  `(\\( ?)?(?:báo cáo )?(?:(trước|chậm nhất(?: là)?(?: vào)?|muộn nhất(?: là)?|vào|đến hết|hạn) )?ngày (\\d{1,2}) (?:(?:của|trong) )?(tháng (?:của )?cuối (?:cùng )?(?:của )?(?:mỗi |hằng |hàng |các )?(?:quý|kỳ báo cáo|kỳ|năm)|tháng đầu (?:của )?năm (?:sau|tiếp theo|kế tiếp)|tháng thứ (?:ba|3) (?:của |trong )?(?:mỗi |hằng |hàng )?quý|tháng (?:đầu )?(?:của )?(?:quý|kỳ) (?:sau|tiếp theo|kế tiếp)|quý (?:sau|tiếp theo|kế tiếp)|tháng (?:báo cáo|của kỳ báo cáo)|tháng (?:sau|tiếp theo|kế tiếp|liền kề)(?: (?:của |sau )?kỳ báo cáo)?|kỳ sau|(?<=của )tháng(?! ?\\d| (?:đầu|thứ|giữa|cuối) ))(?: (?:tháng|quý) phát sinh nghĩa vụ(?: thuế)?)?(?: (?:tiếp theo )?(?:ngay )?(?:sau|thuộc|của|trong) kỳ báo cáo)?${WORD_END}( ?\\))?`,
);
/** §13.6: "trong khoảng mùng 1 đến hết ngày 7 mỗi tháng" — a monthly window, due on its last day. */
const MONTHLY_WINDOW = re(
  `(?:trong (?:khoảng )?|từ )?ngày (\\d{1,2}) (?:đến hết|đến|tới|-) (?:ngày )?(\\d{1,2}) (?:của )?(?:hàng|hằng|mỗi) tháng${WORD_END}`,
);
/** §13.6: a bare "trong tháng" (no number, no "này/đó"): within the reporting month. */
const IN_THE_MONTH = re(`trong tháng(?= ?[,;.)]| đối với| ?$)`);
/** §13.3: "Báo cáo quý gửi trước ngày …" — the report the date is for. */
const REPORT_NAME = re('báo cáo (?:định kỳ )?(?:(?:hàng|hằng|mỗi) )?');
/** §13.4: the year a yearless day belongs to, relative to the report's year. */
const YEAR_REL = re(
  ` ?(?:, ?)?(?:(?:của|trong|thuộc) )?(?:(năm báo cáo|kỳ báo cáo)|năm (?:sau|kế tiếp|tiếp theo|liền kề|liền sau)(?: (?:của |sau |liền kề |kề )?năm báo cáo| liền kề)?)${WORD_END}`,
);
/** §13.7: an event that is the end of a report period. */
const PERIOD_END_EVENT = /^(?:ngày )?(?:kết thúc|hết) (kỳ kế toán năm|quý|tháng|năm|kỳ báo cáo|kỳ|(?:6|06) tháng đầu năm|(?:6|06) tháng|(?:9|09) tháng đầu năm|quý báo cáo|tháng báo cáo|năm báo cáo)( tài chính| dương lịch hoặc năm tài chính| dương lịch)?(?=$| theo | tại | và |,)/u;
/**
 * §13.7: the end of a period that {@link PERIOD_END_EVENT} does not place ("kết thúc năm ngân sách", "hết năm học",
 * "kết thúc kỳ thanh toán"): whether it follows the calendar is not known, and as a one-off event the duty would lose
 * its recurrence. Refused.
 */
const PERIOD_END_UNPLACED = /^(?:ngày )?(?:kết thúc|hết) (?:năm|quý|tháng|kỳ|niên độ)(?![\p{L}])/u;
/** Pending words that negate the phrase after them (§13.8). */
const NEGATION = /(?<![\p{L}])(?:không phải|không cần|không bắt buộc|không thực hiện|không phải thực hiện|miễn)(?![\p{L}])/u;
/** A contrast after a negated phrase's comma (§13.12). */
const CONTRAST_AFTER = /^ ?(?:chỉ|mà|nhưng|song)(?![\p{L}])/u;
const EXCEPTION = /(?<![\p{L}])(?<!khấu )(?:trừ|ngoại trừ)(?![\p{L}])/u;
const MONTHLY_DAY = re(
  `(?:(trước|chậm nhất(?: là)?(?: vào)?|vào) )?ngày (\\d{1,2}) (?:hàng|hằng|mỗi) tháng${WORD_END}`,
);
/** A written deadline day with no month after it ("trước ngày 20", "chậm nhất ngày 05,"): §13.4. */
const BARE_DAY_OF_MONTH = re(
  `(trước|chậm nhất(?: là)?(?: vào)?|muộn nhất(?: là)?|vào) ngày (\\d{1,2})(?=$| ?[,;.)\\n]| (?:và|hoặc|các|mỗi|để|gửi|báo cáo|phải)(?![\\p{L}]))`,
);
const EVENT_OFFSET = re(
  `(?:trong (?:vòng |thời hạn |thời gian )?|là )?(?:(?:chậm nhất|tối đa|không quá|muộn nhất)(?: là)?(?: sau)? )?(?:(\\d{1,3}) (ngày làm việc|ngày|tuần|tháng)(?: ?([,;]))?|(?:(?:vào )?(?:lúc )?\\d{1,2} ?(?:giờ|h)(?: ?\\d{2})? )?(ngày làm việc))(?: (?:tiếp theo|liền|kế tiếp)(?: ngay)?)? (?:kể từ|tính từ|từ|sau)(?: khi)? `,
);
/** §13.7: a period counted back from an event: "(chậm nhất là) 45 ngày trước ngày khai mạc …", "05 ngày làm việc trước khi …". */
const EVENT_BEFORE_OFFSET = re(
  `(?:(?:chậm nhất|tối thiểu|ít nhất|muộn nhất)(?: là)? )?(\\d{1,3}) (ngày làm việc|ngày|tuần|tháng) trước (?=ngày |khi )`,
);
/** §13.7: "Trước khi khởi công dự án 15 ngày": the event first, the period after it (no digits in the event). */
const EVENT_BEFORE_TRAILING = re(
  `trước (khi [^;\\n\\d]{3,120}?) (?:(?:ít nhất|tối thiểu|chậm nhất)(?: là)? )?(\\d{1,3}) (ngày làm việc|ngày|tuần|tháng)${WORD_END}`,
);
/** §13.12: "Sau khi kết thúc kiểm tra 05 ngày làm việc, …": the event first, the period after it (mirror of the above). */
const EVENT_AFTER_TRAILING = re(
  `sau (khi [^;\\n\\d,]{3,120}?),? (?:(?:chậm nhất|tối đa|không quá|trong vòng|trong thời hạn|trong)(?: là)? )?(\\d{1,3}) (ngày làm việc|ngày|tuần|tháng)(?=$| ?[,;.)\\n])`,
);
/** A period written inside an event's name: the name is not one event ("sau khi có kết quả 05 ngày …"). */
const PERIOD_IN_EVENT = /(?<![\p{L}\p{N}])\d{1,3} (?:ngày|tuần|tháng)(?![\p{L}])/u;
const EVENT_IMMEDIATE = re('ngay (?:sau )?khi ');
const EVENT_AFTER = re('sau khi ');
const CONTINUOUS = re(
  `(thường xuyên|liên tục|hàng ngày|hằng ngày)(?: theo (?:yêu cầu(?: quản lý)?|kế hoạch))?${WORD_END}`,
);
const CONTINUOUS_YEARS = re(
  ` ?(?:trong )?(?:giai đoạn |các năm |năm )?(\\d{4})(?: ?(?:-|đến) ?(?:năm )?(\\d{4}))?${WORD_END}`,
);
const FOLLOWING = re(`(?:trong )?(?:các|những) năm (?:tiếp theo|sau)(?: đến (?:hết )?(?:năm )?(\\d{4}))?${WORD_END}`);
const ON_DEMAND_THEO = re(
  `(?:theo|căn cứ(?: vào)?) (?:các |từng )?(?:yêu cầu|quy định|kế hoạch|đề án|quyết định|đề nghị|tiến độ|chỉ đạo|hướng dẫn|văn bản|thông báo|lộ trình|lịch|chương trình|nhiệm vụ|thực tế|tình hình|nghị quyết|công văn|đề xuất|phân công)${WORD_END}`,
);
const ON_DEMAND_KHI = re(
  `khi (?:có )?(?:yêu cầu|chỉ đạo|văn bản|đề nghị|phát sinh|cần thiết|cần|có thay đổi)${WORD_END}`,
);
const ON_DEMAND_WORDS = re(`(?:đột xuất|(?:theo )?(?:từng )?hoạt động cụ thể|khi cần thiết|khi cần)${WORD_END}`);
/** Phrases that start a new part: a free-text tail (event, on-demand basis) stops before them. */
const STARTER = re(
  '(?:(?:ngoại )?trừ (?:khi|trường hợp|các trường hợp|những trường hợp)|định kỳ|đột xuất|thường xuyên|liên tục|theo (?:định kỳ|quý|tháng|năm|yêu cầu|quy định|kế hoạch|tiến độ|đề án|quyết định|đề nghị)|(?:hàng|hằng) (?:ngày|tuần|tháng|quý|năm)|trước |chậm nhất|ngay sau|sau khi|khi có|báo cáo|hoạt động cụ thể|(?:tháng|quý|năm|ngày) \\d|giai đoạn|trong năm|cuối năm|\\d)',
);

/**
 * Words that must not hide inside a label: they change what a date means. A number after "khoản", "điều", "điểm",
 * "mục", "chương", "phụ lục" or "số" points into a document ("khoản 3 Điều này", "mẫu số 07"), it is no time (§13.9).
 */
const UNSAFE_LABEL =
  /\p{N}|(?<![\p{L}])(?:trước|sau|(?<!chứng )từ(?! chối)|đến|tới|kể|không|chưa|hoãn|lùi|gia hạn|chậm|muộn|sớm|ngày|(?<!(?:báo cáo|khai|thuế) )(?:tuần|tháng|quý)|nếu|(?<!khấu )trừ|khoảng|tùy|tuỳ|dự kiến|(?<!thời )hạn(?! nộp| gửi| báo cáo))(?![\p{L}])/u;
/**
 * "gửi … đến KTNN", "nộp … tới các cơ quan": a destination, not a time ("đến" before a time word stays unsafe); "sau đây"
 * (hereafter) is not a time either. The unsafe test looks one word ahead (§13.8).
 */
/** A duty that sends something somewhere: only after it is "đến/tới X" a destination ("liên quan đến" is not). */
const SENDING = /(?<![\p{L}])(?:gửi|nộp|chuyển|trình|báo cáo)(?![\p{L}])/u;
const NOT_TIME_WORD = /^(?:(?:đến|tới) (?!(?:ngày|tháng|quý|năm|hết|cuối|đầu|giữa|khi|lúc|hạn|thời|nay|trước|sau|kỳ|tuần|giờ|cùng|mốc|khoảng|trước|\p{N})(?![\p{L}]))\p{L}|sau đây(?![\p{L}]))/u;
/** "hạn nộp", "hạn gửi": the time limit of a duty, not a time word (the unsafe test looks one word ahead). */
const HAN_DUTY = /^hạn (?:nộp|gửi|báo cáo)(?![\p{L}])/u;
const UNSAFE_LABEL_ALL = new RegExp(UNSAFE_LABEL.source, 'gu');

/** A digit of a number after "khoản", "điều", "điểm", "mục", "chương", "phụ lục" or "số": a place in a document. */
function pointsIntoDocument(s: string, at: number, term: string): boolean {
  const c = term.charCodeAt(0);
  if (term.length !== 1 || c < 48 || c > 57) return false;
  let k = at;
  while (k > 0 && s.charCodeAt(k - 1) >= 48 && s.charCodeAt(k - 1) <= 57) k--;
  if (DOCUMENT_PLACE.test(s.slice(Math.max(0, k - 8), k))) return true;
  if (NAMED_NUMBER.test(s.slice(Math.max(0, k - 14), k))) {
    let e = k;
    while (e < s.length && s.charCodeAt(e) >= 48 && s.charCodeAt(e) <= 57) e++;
    // Up to three digits and no time unit after it ("Đề án 06 tháng" is no name).
    if (e - k <= 3 && !/^ ?(?:ngày|tháng|quý|năm|tuần|\/|-)/u.test(s.slice(e, e + 6))) return true;
  }
  // §13.8: the number is part of one token: a document number ("156/2013/tt-btc", "03/kttt") or a share ("20%").
  // Bounded both ways, so the test stays constant-time on long tokens (§12.1).
  const lo = Math.max(0, at - 40);
  while (k > lo && !TOKEN_EDGE.includes(s[k - 1]!)) k--;
  if (k === lo && k > 0 && !TOKEN_EDGE.includes(s[k - 1]!)) return false;
  let e = at;
  const hi = Math.min(s.length, at + 40);
  while (e < hi && !TOKEN_EDGE.includes(s[e]!)) e++;
  if (e === hi && e < s.length && !TOKEN_EDGE.includes(s[e]!)) return false;
  while (e > k && ',.:'.includes(s[e - 1]!)) e--;
  return NUMBER_TOKEN.test(s.slice(k, e));
}
/** "khoản 2", "mẫu số 04", "lớp 10", "biểu 03": a place in a document or a name, not a time. */
const DOCUMENT_PLACE = /(?:^|[^\p{L}])(?:khoản|điều|điểm|mục|chương|lục|số|lớp|mẫu|biểu) $/u;
/** §13.12: a name that takes a short number ("Chỉ thị 05", "Đề án 06", "Ban Chỉ đạo 389", "Tổng công ty 91"). */
const NAMED_NUMBER = /(?:^|[^\p{L}])(?:chỉ thị|đề án|kết luận|ban chỉ đạo|công ty|khu vực|tổ công tác|tiểu ban) $/u;
const TOKEN_EDGE = ' \n();"“”';
/** A document number ("156/2013/tt-btc", "07/pli", "1821/qđ-ubnd") or a percentage ("20%", "12,5%"). */
const NUMBER_TOKEN = /^(?:\p{N}+(?:\/\p{N}+)*\/\p{L}[\p{L}\p{N}/.&-]*|\p{N}+(?:[.,]\p{N}+)?%)$/u;

/**
 * Whether an unsafe term ends inside the new word [wordStart, end): terms of two words start at `from` (the word
 * before); `ctx` gives the look-behind its context ("thời hạn"). Terms ending earlier were judged before.
 */
function unsafeEndingIn(s: string, ctx: number, from: number, wordStart: number, end: number): boolean {
  const text = s.slice(ctx, end);
  UNSAFE_LABEL_ALL.lastIndex = from - ctx;
  for (let m = UNSAFE_LABEL_ALL.exec(text); m; m = UNSAFE_LABEL_ALL.exec(text)) {
    if (m.index + m[0].length > wordStart - ctx && !pointsIntoDocument(s, ctx + m.index, m[0])) return true;
    if (m[0].length === 0) UNSAFE_LABEL_ALL.lastIndex++;
  }
  return false;
}
/** A label may follow its part ("hàng quý báo cáo") only when made of these duty words. */
const TRAILING_LABEL = /^(?:(?:báo cáo|kết quả|tổng hợp|tổng kết|sơ kết|đánh giá|xây dựng|kế hoạch|ban hành|một lần|thực hiện)[ ,]*)+$/u;
/** Label words that make "các năm tiếp theo" an ongoing duty rather than a yearly deadline. */
const MAINTAIN = /duy trì|cập nhật|vận hành/u;
/** Pending text ending in a document number ("1821/QĐ-UBND", "số 160"): a following "ngày …" is that document's date. */
/** Pending text naming a report's data cut-off ("thời gian chốt số liệu (tính) …"): its dates are not deadlines. */
const DATA_CUTOFF = /chốt số liệu|(?:^|\s)(?:được )?chốt$|lũy kế|luỹ kế|thời điểm (?:báo cáo|chốt|lấy số liệu|thống kê)|số liệu[^;]*tính(?: bắt đầu)?$|kỳ báo cáo (?:được )?tính$|trong kỳ$|(?:^|[\s:(])tính(?: bắt đầu)?$/u;
/** A phrase with no qualifier: after a cited document it is that document's date or period (§13.9). */
const BARE_START = /^(?:ngày|năm|giai đoạn|thời kỳ|\d)/u;
/** A bare date or year: after a named law ("Luật Tố cáo 2018", "Luật … ngày 22/11/2019") it is the law's (§13.9). */
const BARE_DAY_START = /^(?:ngày |năm |\d{4}(?![\p{N}/]))/u;
/** A written deadline: it ends the void of a data cut-off in its clause. */
const DEADLINE_START = /^(?:trước|chậm nhất|muộn nhất|hạn chót|hạn nộp|hạn gửi)/u;
/** A document number anywhere in the words before ("Quyết định 1012/QĐ-TTg của …"). */
const DOCUMENT_NUMBER_IN = /\p{N}+\/[\p{N}]*[\p{L}][\p{L}\p{N}/.&-]*|(?<![\p{L}])số \p{N}+/u;
/** Figures or results named just before a "từ … đến …" window: the window is the period they cover (§13.9). */
const RESULTS_TAIL = /(?:^|[\s:(])(?:số liệu(?: báo cáo)?|kết quả(?: thực hiện)?)$/u;
/** Cheap pre-test of {@link DATA_CUTOFF}. */
const DATA_CUTOFF_HINT = /số liệu|lũy|luỹ|thời điểm|tính|trong kỳ|chốt/u;
/** A legal document named before a bare "ngày …" / "năm …": that is its date, not a deadline (§13.9). */
const DOCUMENT_NAME = /(?<![\p{L}])(?:luật|bộ luật|nghị định|nghị quyết|thông tư|quyết định|chỉ thị|hiến pháp|pháp lệnh|công văn|văn bản|phương án|thông báo|công điện|kết luận)(?![\p{L}])/u;
/** A clause that cites its legal basis ("Căn cứ …", "Thực hiện Quyết định …"): its dates belong to the documents. */
const REFERENCE_START = /^(?:căn cứ|thực hiện (?:kế hoạch|quyết định|nghị quyết|chỉ thị|công văn|văn bản|thông báo|nghị định|thông tư|luật)|thay thế)(?![\p{L}])/u;
/** "căn cứ (vào)" inside a sentence: a bare date or year after it belongs to the document or index cited (§13.9). */
const CITED = /(?<![\p{L}])căn cứ(?![\p{L}])/u;
/** A year range ("giai đoạn 2021-2030", "2021 - 2025"). */
/** Words right before a date that say when a page or document was posted or updated (§13.9). */
const PUBLISHED = /(?:^|[^\p{L}])(?:đăng|đăng tải|cập nhật|xuất bản|ngày đăng|ngày cập nhật|ngày xuất bản|thời gian đăng)(?: (?:vào )?lúc| vào)?[ :]*$/u;
const YEAR_RANGE_START = /^(?:(?:giai đoạn|thời kỳ) )?\d{4} ?(?:-|đến)/u;
/** A programme or plan named within the last few words before a year range: the range is its period (§13.9). */
const PROGRAMME_TAIL = /(?<![\p{L}])(?:chương trình|kế hoạch|đề án|chiến lược|quy hoạch|nghị quyết|dự án)(?: [\p{L}\p{N}-]+){0,6}$/u;
/** A period with no qualifier: "6 tháng đầu năm", "năm 2024", "quý I". */
const PERIOD_HEAD = /^(?:(?:6|06|9|09) tháng|năm|quý|cả năm)(?![\p{L}])/u;
/** A review or an outlook named just before a period: "sơ kết … 6 tháng đầu năm", "phương hướng, nhiệm vụ …". */
const REVIEW_TAIL = /(?<![\p{L}])(?:sơ kết|tổng kết|phương hướng)(?:[ ,]+[\p{L}-]+){0,8}$/u;
const DOCUMENT_NUMBER_END = /(?:\p{N}+\/[\p{L}\p{N}/.&-]+|số \p{N}+)$/u;
const LABEL_SYNONYMS: Readonly<Record<string, string>> = {
  'kế hoạch xây dựng': 'xây dựng kế hoạch',
};

const PERIOD_ORDER: readonly PeriodUnit[] = ['week', 'month', 'quarter', 'half_year', 'nine_months', 'year'];

function exec(pattern: RegExp, s: string, i: number): RegExpExecArray | null {
  pattern.lastIndex = i;
  return pattern.exec(s);
}

/**
 * The next occurrence of each cheap pre-check word, remembered per text. The scan only moves forward, so a
 * remembered position at or after `i` (or "none after an earlier i") is still the answer: each word's occurrences
 * are searched once per text, not once per scan position (that was quadratic on long cells).
 */
const nextOccurrence = new Map<string, { s: string; from: number; at: number }>();

function occursFrom(s: string, word: string, i: number): boolean {
  return nextAt(s, word, i) >= 0;
}

/** The position of the next `word` at or after `i`, or -1 (remembered as {@link occursFrom} explains). */
function nextAt(s: string, word: string, i: number): number {
  const seen = nextOccurrence.get(word);
  if (seen && seen.s === s && seen.from <= i && (seen.at < 0 || seen.at >= i)) return seen.at;
  const at = s.indexOf(word, i);
  nextOccurrence.set(word, { s, from: i, at });
  return at;
}

function num(v: string | undefined): number | null {
  return v === undefined ? null : Number(v);
}

type PointRead = { point: TimePoint; end: number; hasYear: boolean } | { problem: string; end: number };

function validYear(y: number | null): boolean {
  return y === null || (y >= 1900 && y <= 2100);
}

/** §2: one calendar unit at `i`. */
function readPoint(s: string, i: number, allowBareYear = true): PointRead | null {
  // Dispatch on the first character: each form below starts with a digit, "ngày", "năm", "tháng", "quý",
  // or "đầu/giữa/cuối".
  const c = s.charCodeAt(i);
  const digit = c >= 48 && c <= 57;
  const first = s[i];
  let m: RegExpExecArray | null;
  if (digit || first === 'n') {
    m = exec(DAY3, s, i);
    if (m) return dayPoint(Number(m[1]), Number(m[3]), Number(m[4]), m.index + m[0].length);
    if (!digit) {
      m = exec(DAY_LONG, s, i);
      if (m) return dayPoint(Number(m[1]), Number(m[2]), num(m[3]), m.index + m[0].length);
    }
    m = exec(DAY2, s, i);
    // "ngày 31-5" (§13.5): a dash between day and month only after "ngày", since "tháng 6-8" is a range.
    if (m) return dayPoint(Number(m[1] ?? m[3]), Number(m[2] ?? m[4]), null, m.index + m[0].length);
  }
  if (first === 'đ' || first === 'g' || first === 'c') {
    m = exec(MONTH_POS, s, i);
    if (m) {
      const position = m[1] === 'đầu' ? 'start' : m[1] === 'giữa' ? 'middle' : undefined;
      return monthPoint(Number(m[2]), num(m[3] ?? m[4]), m.index + m[0].length, position);
    }
  }
  if (first === 't') {
    m = exec(MONTH, s, i);
    if (m) return monthPoint(Number(m[1]), num(m[2] ?? m[3]), m.index + m[0].length);
  }
  if (first === 'q' || first === 'c') {
    m = exec(QUARTER, s, i);
    if (m) return quarterPoint(Number(m[1]), num(m[2] ?? m[3]), m.index + m[0].length);
  }
  if (first === '6' || first === '0') {
    m = exec(HALF, s, i);
    if (m) return yearish({ unit: 'half_year', year: num(m[2]), half: m[1] === 'đầu' ? 1 : 2 }, m);
  }
  if (first === '9' || first === '0') {
    m = exec(NINE, s, i);
    if (m) return yearish({ unit: 'nine_months', year: num(m[1]) }, m);
  }
  if (first === '6' || first === '0') {
    m = exec(SIX, s, i);
    if (m) return yearish({ unit: 'half_year', year: num(m[1]), half: 1 }, m);
  }
  if (first === 'đ' || first === 'g' || first === 'c') {
    m = exec(YEAR_POS, s, i);
    if (m) {
      const position = m[1] === 'đầu' ? 'start' : m[1] === 'giữa' ? 'middle' : undefined;
      return yearish(position ? { unit: 'year', year: num(m[2]), position } : { unit: 'year', year: num(m[2]) }, m);
    }
  }
  if (first === 'n') {
    m = exec(YEAR, s, i);
    if (m) return yearish({ unit: 'year', year: Number(m[1]) }, m);
  }
  if (allowBareYear && digit) {
    m = exec(BARE_YEAR, s, i);
    if (m) return yearish({ unit: 'year', year: Number(m[1]) }, m);
  }
  return null;
}

function yearish(point: TimePoint, m: RegExpExecArray): PointRead {
  const end = m.index + m[0].length;
  if (!validYear(point.year)) return { problem: UNPARSED_REASONS.invalidYear, end };
  return { point, end, hasYear: point.year !== null };
}

function dayPoint(day: number, month: number, year: number | null, end: number): PointRead {
  if (!validYear(year)) return { problem: UNPARSED_REASONS.invalidYear, end };
  if (month < 1 || month > 12) return { problem: UNPARSED_REASONS.invalidMonth, end };
  const ok = year === null ? day >= 1 && day <= daysInMonth(2000, month) : isValidYmd(year, month, day);
  if (!ok) return { problem: UNPARSED_REASONS.invalidDay, end };
  return { point: { unit: 'day', year, month, day }, end, hasYear: year !== null };
}

function monthPoint(month: number, year: number | null, end: number, position?: 'start' | 'middle'): PointRead {
  if (month < 1 || month > 12) return { problem: UNPARSED_REASONS.invalidMonth, end };
  if (!validYear(year)) return { problem: UNPARSED_REASONS.invalidYear, end };
  const point: TimePoint = position ? { unit: 'month', year, month, position } : { unit: 'month', year, month };
  return { point, end, hasYear: year !== null };
}

function quarterPoint(quarter: number, year: number | null, end: number): PointRead {
  if (quarter < 1 || quarter > 4) return { problem: UNPARSED_REASONS.invalidQuarter, end };
  if (!validYear(year)) return { problem: UNPARSED_REASONS.invalidYear, end };
  return { point: { unit: 'quarter', year, quarter }, end, hasYear: year !== null };
}

/** Ordinal of a point's first and last month (year × 12 + month), for order checks; null without a year. */
function monthSpan(p: TimePoint): [number, number] | null {
  return p.year === null ? null : monthSpanIn(p, p.year);
}

function monthSpanIn(p: TimePoint, year: number): [number, number] {
  const base = year * 12;
  switch (p.unit) {
    case 'day':
    case 'month':
      return [base + p.month, base + p.month];
    case 'quarter':
      return [base + p.quarter * 3 - 2, base + p.quarter * 3];
    case 'half_year':
      return p.half === 1 ? [base + 1, base + 6] : [base + 7, base + 12];
    case 'nine_months':
      return [base + 1, base + 9];
    case 'year':
      return [base + 1, base + 12];
  }
}

/** Sets a point's year. Points are fresh objects of one parse, so this completes them in place (no copy). */
function withYear(p: TimePoint, year: number): TimePoint {
  p.year = year;
  return p;
}

function sameUnit(a: TimePoint, b: TimePoint): boolean {
  return a.unit === b.unit;
}

function draft(body: Draft['body'], start: number, end: number): Draft {
  return { body, start, end, extra: [], clause: 0, flags: [] };
}

function yearSourceOf(hasOwn: boolean): YearSource | undefined {
  return hasOwn ? 'text' : undefined;
}

/** A condition that scopes the rule after its comma (§13.8): "trường hợp …", "nếu …". */
const CONDITION = /^(?:(?:đối với |trong )?trường hợp|nếu)(?![\p{L}])/u;
/** A new sentence part with its own duty: "…, cơ quan trình phải gửi hồ sơ", "…, Bộ phận … có trách nhiệm …". */
const DUTY_AFTER_COMMA = /^[^;\n]{0,160}?(?<![\p{L}])(?:phải|có trách nhiệm|chịu trách nhiệm)(?![\p{L}])/u;

/** §13.7: "trong (thời hạn|thời gian|vòng) N ngày (làm việc)" with no "kể từ …" after it (a comma or the clause end). */
const IMPLIED_PERIOD = re(`trong (?:vòng |thời hạn |thời gian )?(\\d{1,3}) (ngày làm việc|ngày|tuần|tháng)(?= ?,| ?;| ?$| ?\\.(?: |$))`);
/** A condition that ends with "thì" or a comma: "Trong trường hợp … thì", "Nếu …,". */
const CONDITION_EVENT = /^(?:(?:đối với |trong )?trường hợp|nếu) (?:khi |có )?([^\d;]{6,200}?)(?: thì|,)$/u;

/**
 * §13.7: a period after a condition with no event written ("Trường hợp Bộ trưởng có ý kiến khác thì trong thời hạn 10
 * ngày làm việc, …"): the condition is the event the period runs from. Read only when the pending words are a whole
 * condition ending in "thì" or a comma, with no number; any other bare period stays unread.
 */
function matchImpliedEvent(st: ScanState, i: number): Draft | null {
  const s = st.s;
  const m = exec(IMPLIED_PERIOD, s, i);
  if (!m) return null;
  const cond = CONDITION_EVENT.exec(s.slice(st.pendingStart, i).trimEnd());
  if (!cond) return null;
  const eventText = cond[1]!.trim();
  const end = m.index + m[0].length;
  const d = draft({ kind: 'event', event: eventSlug(eventText), eventText, offset: offsetOf(m[1]!, m[2]!) } as PartBody, st.pendingStart, end);
  return d;
}

/**
 * Scans a free-text tail (event phrase, on-demand basis) up to the next separator or part. With `stopAtDuty`, an event
 * name also ends at a comma followed by a duty of its own ("kể từ ngày nhận được hồ sơ, Bộ phận … có trách nhiệm …").
 */
function scanTail(s: string, i: number, stopAtDuty = false): number {
  let j = i;
  const n = s.length;
  while (j < n) {
    const c = s[j]!;
    if (c === ';' || c === '\n') break;
    if (c === ' ' && s.startsWith(' - ', j)) break;
    if (c === '.' && (j + 1 === n || s[j + 1] === ' ' || s[j + 1] === '\n')) {
      let k = j + 1;
      while (k < n && s[k] === ' ') k++;
      if (k >= n || s[k] === '\n' || exec(STARTER, s, k)) break;
    }
    if (c === ',') {
      let k = j + 1;
      while (k < n && s[k] === ' ') k++;
      if (exec(STARTER, s, k)) break;
      if (stopAtDuty && DUTY_AFTER_COMMA.test(s.slice(k, k + 200))) break;
    }
    if (c === ' ' && (s.startsWith(' và ', j) || s.startsWith(' hoặc ', j))) {
      const k = j + (s.startsWith(' và ', j) ? 4 : 6);
      if (exec(STARTER, s, k)) break;
    }
    j++;
  }
  while (j > i && /[\s,.:;]/.test(s[j - 1]!)) j--;
  return j;
}

function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The event slug: the phrase without a leading "ngày", "khi" or "có" (§5). */
export function eventSlug(eventText: string): string {
  return slugify(eventText.replace(/^(?:(?:ngày|khi|có) )+/u, '')) || 'su-kien';
}

// ---------------------------------------------------------------------------------------------------------------
// Matchers. Each reads a phrase at `i` or returns null.

/** §3.4: a written due day of a periodic report ("(báo cáo trước ngày 05 của tháng sau)"). */
function matchDueDay(s: string, i: number): MatchResult {
  if (s.startsWith('trong tháng', i)) {
    // "Trong tháng đối với phương thức đóng hằng tháng": within each month, due on its last day; read only beside a
    // monthly report name (§13.6, like a bare "của tháng").
    const t = exec(IN_THE_MONTH, s, i);
    if (t) {
      const d = draft({ kind: 'periodic', reports: ['month'], dueDay: { day: 31, month: 'period_last', bound: 'by' } }, i, t.index + t[0].length);
      d.needsHost = true;
      return { end: d.end, drafts: [d] };
    }
  }
  if (!occursFrom(s, 'ngày', i)) return null;
  const m = exec(DUE_DAY, s, i);
  if (m) {
    if (Boolean(m[1]) !== Boolean(m[5])) return null;
    const day = Number(m[3]);
    if (day < 1 || day > 31) return { end: m.index + m[0].length, problem: UNPARSED_REASONS.invalidDay };
    // "tháng của cuối quý" (a slip for "tháng cuối của quý") reads as "tháng cuối quý".
    const where = m[4]!.startsWith('tháng của cuối') ? `tháng cuối${m[4]!.slice(14)}` : m[4]!;
    const bound: Bound = m[2] === 'trước' ? 'before' : 'by';
    let month: DueDay['month'] = 'following';
    let reports: PeriodUnit[] | 'policy' = ['month'];
    let needsHost = false;
    if (where.startsWith('tháng cuối') || where.startsWith('tháng thứ')) {
      // "tháng cuối quý", "tháng cuối cùng của mỗi quý", "tháng thứ ba trong quý" (§3.4, §13.4)
      month = 'period_last';
      reports = where.endsWith('quý') ? ['quarter'] : where.endsWith('năm') ? ['year'] : 'policy';
    } else if (where === 'tháng') {
      // "trước ngày 15 của tháng": the reporting month, but only a named report says which (§13.4).
      month = 'period_last';
      needsHost = true;
    } else if (where.startsWith('tháng đầu') && /năm (?:sau|tiếp theo|kế tiếp)$/u.test(where)) {
      // "ngày 20 của tháng đầu năm tiếp theo": the yearly report, due in January of the next year (§13.4).
      reports = ['year'];
    } else if (where.startsWith('tháng báo cáo') || where === 'tháng của kỳ báo cáo') {
      month = 'period_last';
    } else if (/^(?:tháng (?:đầu )?(?:của )?)?quý/u.test(where)) {
      // "ngày 30 của quý tiếp theo": the 30th of the next quarter's first month.
      reports = ['quarter'];
    } else if (where === 'kỳ sau' || /^tháng (?:đầu )?(?:của )?kỳ/u.test(where)) {
      reports = 'policy';
    }
    const d = draft({ kind: 'periodic', reports, dueDay: { day, month, bound } }, i, m.index + m[0].length);
    if (needsHost) d.needsHost = true;
    return { end: d.end, drafts: [d] };
  }
  const w = exec(MONTHLY_WINDOW, s, i);
  if (w) {
    const from = Number(w[1]);
    const day = Number(w[2]);
    const end = w.index + w[0].length;
    if (from < 1 || day < from || day > 31) return { end, problem: from > day ? UNPARSED_REASONS.reversed : UNPARSED_REASONS.invalidDay };
    const d = draft({ kind: 'periodic', reports: ['month'], dueDay: { day, month: 'period_last', bound: 'by' } }, i, end);
    return { end, drafts: [d] };
  }
  const md = exec(MONTHLY_DAY, s, i);
  if (md) {
    const day = Number(md[2]);
    if (day < 1 || day > 31) return { end: md.index + md[0].length, problem: UNPARSED_REASONS.invalidDay };
    const dueDay: DueDay = { day, month: 'period_last', bound: md[1] === 'trước' ? 'before' : 'by' };
    const d = draft({ kind: 'periodic', reports: ['month'], dueDay }, i, md.index + md[0].length);
    return { end: d.end, drafts: [d] };
  }
  const bd = s.startsWith('trước ngày ', i) || s.startsWith('chậm nhất', i) || s.startsWith('vào ngày ', i) || s.startsWith('muộn nhất', i) ? exec(BARE_DAY_OF_MONTH, s, i) : null;
  if (bd) {
    // "Báo cáo định kỳ hằng tháng trước ngày 20": a day with no month is a monthly report's day, read only beside a
    // monthly report name (§13.4, like a bare "của tháng").
    const day = Number(bd[2]);
    if (day < 1 || day > 31) return null;
    const dueDay: DueDay = { day, month: 'period_last', bound: bd[1] === 'trước' ? 'before' : 'by' };
    const d = draft({ kind: 'periodic', reports: ['month'], dueDay }, i, bd.index + bd[0].length);
    d.needsHost = true;
    return { end: d.end, drafts: [d] };
  }
  return null;
}

/** §13.12: the months of a quarter by their order ("tháng đầu / thứ hai / cuối của quý"). */
const QUARTER_MONTH_ORD = '(đầu tiên|đầu|thứ nhất|thứ 1|thứ hai|thứ 2|giữa|thứ ba|thứ 3|cuối cùng|cuối)';
const QUARTER_MONTH = re(
  `(?:(?:(trước|chậm nhất(?: là)?(?: vào)?|muộn nhất(?: là)?|vào|đến hết|hạn) )?ngày (\\d{1,2}) (?:(?:của|trong) )?|(?:trong|vào) )?tháng ${QUARTER_MONTH_ORD} (?:(?:của|trong) )?(?:(?:mỗi|hằng|hàng|các) )?quý(?! ?\\d| (?:sau|tiếp theo|kế tiếp|trước|liền kề|này|đó|báo cáo)(?![\\p{L}]))${WORD_END}`,
);

/**
 * §13.12: "trong tháng thứ hai của quý", "trước ngày 15 của tháng đầu quý": a month of every quarter named by its
 * order. The last month is a quarterly rule on that day ("ngày 20 của tháng cuối quý", §3.4; the month's last day when
 * no day is written); the first or second month is one yearly rule per quarter's month (1/4/7/10 or 2/5/8/11), on the
 * written day or the month's last day. "tháng đầu quý" with no "sau" is the quarter's own first month; the dates of a
 * year are the same as those of the next quarter's first month.
 */
function matchQuarterMonth(s: string, i: number): MatchResult {
  if (!occursFrom(s, 'quý', i)) return null;
  const m = exec(QUARTER_MONTH, s, i);
  if (!m) return null;
  const end = m.index + m[0].length;
  const day = m[2] ? Number(m[2]) : 31;
  if (day < 1 || day > 31) return { end, problem: UNPARSED_REASONS.invalidDay };
  const bound: Bound = m[1] === 'trước' ? 'before' : 'by';
  const ord = m[3]!;
  const k = ord.startsWith('đầu') || ord === 'thứ nhất' || ord === 'thứ 1' ? 1 : ord === 'thứ hai' || ord === 'thứ 2' || ord === 'giữa' ? 2 : 3;
  // "trước ngày 10 tháng đầu quý": the quarter's report, due in the next quarter's first month (same dates in a year).
  if (k === 1 && m[2]) return { end, drafts: [draft({ kind: 'periodic', reports: ['quarter'], dueDay: { day, month: 'following', bound } }, i, end)] };
  if (k === 3) return { end, drafts: [draft({ kind: 'periodic', reports: ['quarter'], dueDay: { day, month: 'period_last', bound } }, i, end)] };
  const drafts = [0, 3, 6, 9].map((q) => draft({ kind: 'periodic', reports: ['year'], anchor: { unit: 'month', month: k + q }, dueDay: { day, month: 'period_last', bound } }, i, end));
  return { end, drafts };
}

/** §5: periods counted from an event. */
function matchEvent(s: string, i: number): MatchResult {
  // Every event phrase has "khi", "từ", "sau" or "trước" after its start.
  const back = occursFrom(s, 'trước ', i) ? matchEventBefore(s, i) : null;
  if (back) return back;
  if (!occursFrom(s, 'khi ', i) && !occursFrom(s, 'từ ', i) && !occursFrom(s, 'sau ', i)) return null;
  let offset: EventOffset | null;
  let m = exec(EVENT_OFFSET, s, i);
  let headEnd: number;
  let semicolon = false;
  if (m) {
    // "(14 giờ) ngày làm việc tiếp theo ngay sau ngày báo cáo": the next working day after the event (§13.7).
    offset = m[4] ? { amount: 1, unit: 'working_day' } : offsetOf(m[1]!, m[2]!);
    semicolon = m[3] === ';';
    headEnd = m.index + m[0].length;
  } else if ((m = exec(EVENT_IMMEDIATE, s, i))) {
    offset = { amount: 0, unit: 'day' };
    headEnd = m.index + m[0].length;
  } else if ((m = s.startsWith('sau khi ', i) ? exec(EVENT_AFTER_TRAILING, s, i) : null)) {
    const eventText = m[1]!.trim();
    const end = m.index + m[0].length;
    // "sau khi kết thúc quý 15 ngày": a period end is no one-off event (§13.7); refused rather than lose the recurrence.
    if (PERIOD_END_UNPLACED.test(eventText.slice(4))) return { end, problem: UNPARSED_REASONS.periodEndUnknown };
    return { end, drafts: [draft({ kind: 'event', event: eventSlug(eventText), eventText, offset: offsetOf(m[2]!, m[3]!) } as PartBody, i, end)] };
  } else if ((m = exec(EVENT_AFTER, s, i))) {
    offset = null;
    headEnd = m.index + m[0].length;
  } else return scopedPeriods(s, i);
  return readEventAfter(s, i, headEnd, offset, semicolon);
}

/** §13.11: "60 ngày (đối với thuế GTGT); 90 ngày (đối với thuế TNDN) kể từ …": periods each with its scope, one event. */
const SCOPED_PERIODS = re(
  `(?:trong (?:vòng |thời hạn |thời gian )?)?((?:(?:không quá )?\\d{1,3} (?:ngày làm việc|ngày|tháng) ?\\(đối với [^()\\n;]{1,60}\\) ?[;,]? ?(?:và )?){2,4})(?:kể từ|tính từ)(?: khi)? `,
);
const SCOPED_PERIOD = /(\d{1,3}) (ngày làm việc|ngày|tháng) ?\((đối với [^()\n;]{1,60})\)/gu;

function scopedPeriods(s: string, i: number): MatchResult {
  const m = exec(SCOPED_PERIODS, s, i);
  if (!m) return null;
  const headEnd = m.index + m[0].length;
  const drafts: Draft[] = [];
  let end = -1;
  for (const p of m[1]!.matchAll(SCOPED_PERIOD)) {
    const r = readEventAfter(s, i, headEnd, offsetOf(p[1]!, p[2]!), false);
    if (!r || !('drafts' in r) || r.drafts.length !== 1) return null;
    const d = r.drafts[0]!;
    d.scope = p[3]!;
    d.label = p[3]!;
    end = r.end;
    drafts.push(d);
  }
  return drafts.length >= 2 ? { end, drafts } : null;
}

/** The event after "N ngày kể từ …" at `headEnd`: a written date, the end of a report period, or a named event. */
function readEventAfter(s: string, i: number, headEnd: number, offset: EventOffset | null, semicolon: boolean): MatchResult {
  // The event may itself be a written date: "05 ngày kể từ ngày 10/3/2024" (BLDS 2015 điều 147).
  const dateAt = readPoint(s, headEnd, false);
  // "trong thời hạn 10 ngày; kể từ ngày nộp báo cáo": a semicolon inside the period, only before a named event; "…;
  // kể từ ngày 01/01/2025 …" may open a new sentence.
  if (semicolon && dateAt) return null;
  if (dateAt && 'point' in dateAt && dateAt.point.unit === 'day' && offset) {
    const p = dateAt.point;
    const d = draft({ kind: 'event', event: 'ngay-co-dinh', eventText: s.slice(headEnd, dateAt.end), offset, ...(p.year !== null ? { eventDate: isoOf(p.year, p.month, p.day) } : {}) } as PartBody, i, dateAt.end);
    if (p.year === null) d.eventPoint = p;
    return { end: dateAt.end, drafts: [d] };
  }
  const tailEnd = scanTail(s, headEnd, true);
  if (tailEnd <= headEnd) return null;
  const eventText = s.slice(headEnd, tailEnd);
  // An event name that runs over a written deadline ("kể từ ngày nhận hồ sơ và trước ngày 15/10") is not one event.
  if (BURIED_DEADLINE.test(eventText)) return { end: tailEnd, problem: UNPARSED_REASONS.dayUnread };
  // "sau khi có kết quả kiểm tra 05 ngày làm việc …" in a shape the matchers do not take: refused, never an event
  // with no period whose name swallows one (§13.12).
  if (offset === null && PERIOD_IN_EVENT.test(eventText)) return { end: tailEnd, problem: UNPARSED_REASONS.unsafeText };
  const body = { kind: 'event', event: eventSlug(eventText), eventText, offset } as PartBody;
  const pe = offset && offset.amount > 0 ? PERIOD_END_EVENT.exec(eventText) : null;
  if (!pe && offset && offset.amount > 0 && PERIOD_END_UNPLACED.test(eventText)) return { end: tailEnd, problem: UNPARSED_REASONS.periodEndUnknown };
  if (pe && offset) {
    // §13.7: "90 ngày kể từ ngày kết thúc quý" — the event is the end of each report period: a periodic rule.
    // "kỳ kế toán năm" is the calendar year unless a unit chooses another (Luật Kế toán 2015 điều 12.1): a year.
    const what = pe[1] === 'kỳ kế toán năm' ? 'năm' : pe[1]!.replace(/^0/, '');
    const periodic: PartBody = what === '6 tháng đầu năm' || what === '9 tháng đầu năm'
      ? { kind: 'periodic', reports: [what.startsWith('6') ? 'half_year' : 'nine_months'], anchor: { unit: 'month', month: what.startsWith('6') ? 6 : 9 }, afterEnd: offset }
      : { kind: 'periodic', reports: what.startsWith('quý') ? ['quarter'] : what.startsWith('tháng') ? ['month'] : what.startsWith('năm') ? ['year'] : what === '6 tháng' ? ['half_year'] : 'policy', afterEnd: offset };
    const peEnd = headEnd + pe[0].length;
    const d = draft(periodic, i, peEnd);
    if ((pe[2] !== undefined && pe[2] !== ' dương lịch') || pe[1] === 'kỳ kế toán năm') {
      // "năm tài chính": the calendar year for state bodies (Luật NSNN 2015 điều 14), but a body with another
      // fiscal year would count from its own period end: offered as an event to record. So is "kỳ kế toán năm"
      // (Luật Kế toán 2015 điều 12.1 lets a unit start its accounting year at a quarter). "năm dương lịch" is certain.
      d.alternative = { body, note: 'năm tài chính không trùng năm dương lịch: tính từ ngày kết thúc kỳ do điều phối viên ghi nhận' };
    }
    return { end: peEnd, drafts: [d] };
  }
  return { end: tailEnd, drafts: [draft(body, i, tailEnd)] };
}

function offsetOf(amount: string, unit: string): EventOffset {
  return { amount: Number(amount), unit: unit === 'ngày làm việc' ? 'working_day' : unit === 'tuần' ? 'week' : unit === 'tháng' ? 'month' : 'day' };
}

/** §13.7: periods counted back from an event (`before: true`): due `offset` before it. */
function matchEventBefore(s: string, i: number): MatchResult {
  const t = s.startsWith('trước khi ', i) ? exec(EVENT_BEFORE_TRAILING, s, i) : null;
  if (t) {
    const eventText = t[1]!.trim();
    const end = t.index + t[0].length;
    const body = { kind: 'event', event: eventSlug(eventText), eventText, offset: offsetOf(t[2]!, t[3]!), before: true } as PartBody;
    return { end, drafts: [draft(body, i, end)] };
  }
  // "N ngày trước ngày/khi …" starts with the number or "chậm nhất / tối thiểu / ít nhất / muộn nhất".
  const c = s.charCodeAt(i);
  if (!((c >= 48 && c <= 57) || s.startsWith('chậm', i) || s.startsWith('tối', i) || s.startsWith('ít', i) || s.startsWith('muộn', i))) return null;
  if (!occursFrom(s, ' trước ', i)) return null;
  const m = exec(EVENT_BEFORE_OFFSET, s, i);
  if (!m) return null;
  const offset = offsetOf(m[1]!, m[2]!);
  const headEnd = m.index + m[0].length;
  // "05 ngày trước ngày 10/3/2024": counted back from a written date.
  const dateAt = readPoint(s, headEnd, false);
  if (dateAt && 'point' in dateAt && dateAt.point.unit === 'day') {
    const p = dateAt.point;
    const d = draft({ kind: 'event', event: 'ngay-co-dinh', eventText: s.slice(headEnd, dateAt.end), offset, before: true, ...(p.year !== null ? { eventDate: isoOf(p.year, p.month, p.day) } : {}) } as PartBody, i, dateAt.end);
    if (p.year === null) d.eventPoint = p;
    return { end: dateAt.end, drafts: [d] };
  }
  if (dateAt) return null;
  const tailEnd = scanTail(s, headEnd, true);
  if (tailEnd <= headEnd + 5) return null;
  const eventText = s.slice(headEnd, tailEnd);
  return { end: tailEnd, drafts: [draft({ kind: 'event', event: eventSlug(eventText), eventText, offset, before: true } as PartBody, i, tailEnd)] };
}

function isoOf(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** §6: ongoing duties. */
function matchContinuous(s: string, i: number): MatchResult {
  const m = exec(CONTINUOUS, s, i);
  if (!m) return null;
  let end = m.index + m[0].length;
  const y = exec(CONTINUOUS_YEARS, s, end);
  let years: { from: number; to?: number } | undefined;
  if (y) {
    const from = Number(y[1]);
    const to = y[2] === undefined ? from : Number(y[2]);
    if (!validYear(from) || !validYear(to)) return { end: y.index + y[0].length, problem: UNPARSED_REASONS.invalidYear };
    if (to < from) return { end: y.index + y[0].length, problem: UNPARSED_REASONS.reversed };
    years = { from, to };
    end = y.index + y[0].length;
  }
  return { end, drafts: [draft(years ? { kind: 'continuous', years } : { kind: 'continuous' }, i, end)] };
}

/** §9.2: "(các|những) năm tiếp theo (đến 2015)"; the kind is settled once the label is known. */
function matchFollowing(s: string, i: number): MatchResult {
  if (!occursFrom(s, 'năm ', i)) return null;
  const m = exec(FOLLOWING, s, i);
  if (!m) return null;
  const end = m.index + m[0].length;
  const to = num(m[1]);
  if (!validYear(to)) return { end, problem: UNPARSED_REASONS.invalidYear };
  const years = to === null ? { from: 0 } : { from: 0, to };
  const body: PartBody = { kind: 'periodic', reports: ['year'], anchor: { unit: 'year' }, following: true, years };
  return { end, drafts: [draft(body, i, end)] };
}

/** §13.11: "(vào) (ngày) thứ Tư hằng tuần", "thứ 5 hàng tuần": weekly on that weekday. */
const WEEKLY_DAY = re(`(?:vào )?(?:các )?(?:ngày )?thứ (hai|ba|tư|năm|sáu|bảy|[2-7]) (?:hàng|hằng|mỗi) tuần${WORD_END}`);
const WEEKDAY_NUMBER: Readonly<Record<string, number>> = { hai: 1, '2': 1, ba: 2, '3': 2, tư: 3, '4': 3, năm: 4, '5': 4, sáu: 5, '6': 5, bảy: 6, '7': 6 };

function matchWeekday(s: string, i: number): MatchResult {
  if (!occursFrom(s, 'tuần', i)) return null;
  const m = exec(WEEKLY_DAY, s, i);
  if (!m) return null;
  const end = m.index + m[0].length;
  return { end, drafts: [draft({ kind: 'periodic', reports: ['week'], weekday: WEEKDAY_NUMBER[m[1]!]! }, i, end)] };
}

/** §3.2: "tháng 12 hàng năm", "quý IV hàng năm". */
function matchAnchoredYearly(s: string, i: number): MatchResult {
  if (!occursFrom(s, ' năm', i)) return null;
  const m = exec(ANCHORED_YEARLY, s, i);
  if (!m) return null;
  const end = m.index + m[0].length;
  if (m[1]) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return { end, problem: UNPARSED_REASONS.invalidMonth };
    return { end, drafts: [draft({ kind: 'periodic', reports: ['year'], anchor: { unit: 'month', month } }, i, end)] };
  }
  const quarter = Number(m[4]);
  if (quarter < 1 || quarter > 4) return { end, problem: UNPARSED_REASONS.invalidQuarter };
  return { end, drafts: [draft({ kind: 'periodic', reports: ['year'], anchor: { unit: 'quarter', quarter } }, i, end)] };
}

/** §3.1: "định kỳ quý", "hàng tuần/tháng", "Quý, 06 tháng, năm", "06 tháng, cuối năm". */
function matchPeriodList(s: string, i: number): MatchResult {
  const p = exec(PERIOD_PREFIX, s, i)!;
  const hasPrefix = p[0].length > 0;
  const { units, count, end } = readPeriodItems(s, i + p[0].length);
  if (count === 0 || (!hasPrefix && count < 2)) return null;
  const reports = PERIOD_ORDER.filter((u) => units.has(u));
  return { end, drafts: [draft({ kind: 'periodic', reports }, i, end)] };
}

/** Reads "quý, 6 tháng, năm" at `j`: the report units, the end and the number of items. */
function readPeriodItems(s: string, j: number): { units: Set<PeriodUnit>; count: number; end: number } {
  const units = new Set<PeriodUnit>();
  let count = 0;
  let end = -1;
  for (;;) {
    const m = exec(PERIOD_ITEM, s, j);
    if (!m) break;
    const unit: PeriodUnit = m[1] ? 'half_year' : m[2] ? 'nine_months' : m[3] ? 'week' : m[4] ? 'month' : m[5] ? 'quarter' : 'year';
    units.add(unit);
    count++;
    end = m.index + m[0].length;
    const sep = exec(PERIOD_ITEM_SEP, s, end);
    if (!sep) break;
    j = sep.index + sep[0].length;
  }
  return { units, count, end };
}

/**
 * §13.3: "Báo cáo quý (gửi trước ngày …)", "Báo cáo 6 tháng đầu năm …": the report a date in the same clause is for.
 * Read only when "ngày" follows in the clause; the composition (§13) then attaches it to that date.
 */
function matchReportName(s: string, i: number): MatchResult {
  if (!s.startsWith('báo cáo ', i)) return null;
  // Only where a report name can stand: at the start of a clause or after "đối với" (not inside a duty such as
  // "xây dựng kế hoạch báo cáo …").
  let k = i - 1;
  while (k >= 0 && s[k] === ' ') k--;
  const afterDoiVoi = i >= 8 && s.startsWith('đối với ', i - 8);
  if (k >= 0 && !afterDoiVoi && !';\n.-(,:'.includes(s[k]!)) return null;
  if (!afterDoiVoi) {
    const dayAt = nextAt(s, 'ngày', i);
    if (dayAt < 0) return null;
    const semi = nextAt(s, ';', i);
    const nl = nextAt(s, '\n', i);
    if ((semi >= 0 && semi < dayAt) || (nl >= 0 && nl < dayAt)) return null;
  }
  const p = exec(REPORT_NAME, s, i)!;
  const r = readPeriodItems(s, i + p[0].length);
  if (r.count === 0) return null;
  const d = draft({ kind: 'periodic', reports: PERIOD_ORDER.filter((u) => r.units.has(u)) }, i, r.end);
  d.qualifier = true;
  d.label = 'báo cáo';
  return { end: r.end, drafts: [d] };
}

/** §3.3: "định kỳ", "theo định kỳ", "định kỳ trong năm": the plan's reporting regime. */
function matchBarePeriodic(s: string, i: number): MatchResult {
  if (!occursFrom(s, 'định kỳ', i)) return null;
  const m = exec(BARE_PERIODIC, s, i);
  if (!m) return null;
  const end = m.index + m[0].length;
  return { end, drafts: [draft({ kind: 'periodic', reports: 'policy' }, i, end)] };
}

/** §4: windows — "từ X đến (hết) Y", "X - Y", "Quý II-III/2024", "giai đoạn 2012-2015". */
function matchWindow(s: string, i: number): MatchResult {
  let j = i;
  const t = exec(TRONG, s, j);
  if (t) j += t[0].length;
  const yr = exec(YEAR_RANGE, s, j);
  if (yr) {
    const end = yr.index + yr[0].length;
    const a = Number(yr[1]);
    const b = Number(yr[2]);
    if (!validYear(a) || !validYear(b)) return { end, problem: UNPARSED_REASONS.invalidYear };
    if (b < a) return { end, problem: UNPARSED_REASONS.reversed };
    return { end, drafts: [draft({ kind: 'window', from: { unit: 'year', year: a }, to: { unit: 'year', year: b }, yearSource: 'text' }, i, end)] };
  }
  if (t) return null;
  const f = exec(FROM, s, j);
  if (f) j += f[0].length;
  const span = s.startsWith('ngày ', j) ? dayWindow(s, i, j) : null;
  if (span) return span;
  const first = readPoint(s, j);
  if (!first) return null;
  if ('problem' in first) return f ? first : null;
  const sep = exec(RANGE_SEP, s, first.end);
  if (!sep) return null;
  const isDash = sep[0].trim() === '-';
  if (!f && !isDash && !sep[0].includes('đến') && !sep[0].includes('tới')) return null;
  const k = sep.index + sep[0].length;
  let second = readPoint(s, k);
  if (!second && (first.point.unit === 'month' || first.point.unit === 'quarter')) {
    // Shorthand: "tháng 9 - 11", "quý 2-3/2024".
    const b = exec(BARE_NUMBER, s, k);
    if (b) {
      const v = Number(b[1]);
      const y = num(b[2] ?? b[3]);
      second = first.point.unit === 'month' ? monthPoint(v, y, b.index + b[0].length) : quarterPoint(v, y, b.index + b[0].length);
    }
  }
  if (!second) return null;
  if ('problem' in second) return second;
  if (isDash && !f && !sameUnit(first.point, second.point)) return null;
  let from = first.point;
  let to = second.point;
  let source: YearSource | undefined = first.hasYear && second.hasYear ? 'text' : undefined;
  if (!first.hasYear && second.hasYear) {
    from = withYear(from, to.year!);
    source = 'list';
  } else if (first.hasYear && !second.hasYear) {
    to = withYear(to, from.year!);
    source = 'list';
  }
  const a = monthSpan(from);
  const b = monthSpan(to);
  const reversed = a && b ? b[1] < a[0] || (from.unit === 'day' && to.unit === 'day' && b[1] === a[0] && to.day < from.day) : false;
  const unordered = !a && !b && firstMonth(from) > lastMonth(to);
  if (reversed || unordered) return { end: second.end, problem: UNPARSED_REASONS.reversed };
  const body: PartBody = source ? { kind: 'window', from, to, yearSource: source } : { kind: 'window', from, to };
  return { end: second.end, drafts: [draft(body, i, second.end)] };
}

/** §13.12: "(từ) ngày 10-15/11/2024", "từ ngày 10 đến (hết) ngày 15/11": days of one month, written once at the end. */
const DAY_SPAN = re(`ngày (\\d{1,2}) ?(?:-|đến hết|đến|tới) ?(?=(?:ngày )?\\d{1,2} ?(?:/ ?\\d|tháng \\d))`);

function dayWindow(s: string, i: number, j: number): MatchResult {
  const m = exec(DAY_SPAN, s, j);
  if (!m) return null;
  const second = readPoint(s, m.index + m[0].length, false);
  if (!second || 'problem' in second || second.point.unit !== 'day') return null;
  const to = second.point;
  const day = Number(m[1]);
  // "ngày 31-5/2024" is no window; a first day after the last is left to the other readers.
  if (day < 1 || day >= to.day) return null;
  const from: TimePoint = { unit: 'day', year: to.year, month: to.month, day };
  const body: PartBody = second.hasYear ? { kind: 'window', from, to, yearSource: 'text' } : { kind: 'window', from, to };
  return { end: second.end, drafts: [draft(body, i, second.end)] };
}

function firstMonth(p: TimePoint): number {
  return monthSpanIn(p, 2000)[0];
}
function lastMonth(p: TimePoint): number {
  return monthSpanIn(p, 2000)[1];
}

/** §4.3: "từ X" with no end: kept open until a later "kết thúc … vào Y" closes it. */
function matchOpenStart(s: string, i: number): MatchResult {
  const f = exec(FROM, s, i);
  if (!f) return null;
  const p = readPoint(s, i + f[0].length);
  if (!p) return null;
  if ('problem' in p) return p;
  const d = draft({ kind: 'open_start', point: p.point }, i, p.end);
  return { end: p.end, drafts: [d] };
}

/** "sau tháng 3": a start, not a deadline. */
function matchAfter(s: string, i: number): MatchResult {
  const a = exec(AFTER, s, i);
  if (!a) return null;
  const p = readPoint(s, i + a[0].length);
  if (!p) return null;
  return { end: p.end, problem: UNPARSED_REASONS.after };
}

/** §2: dates, alone or listed with one qualifier ("Trước tháng 7 và tháng 11/2024"). */
function matchDates(s: string, i: number): MatchResult {
  let j = i;
  let bound: Bound = 'by';
  const q = exec(QUALIFIER, s, j);
  if (q) {
    bound = q[1] === 'trước' ? 'before' : 'by';
    j += q[0].length;
    const clock = exec(CLOCK, s, j);
    if (clock) {
      // "trước 17h00 ngày 20/12": before a time *on* the 20th, so the 20th is the due day (only "trước 0h00" excludes it).
      const hh = Number(clock[1]);
      const mm = clock[2] === undefined ? 0 : Number(clock[2]);
      if (hh > 24 || mm > 59) return null;
      if (hh > 0 || mm > 0) bound = 'by';
      j = clock.index + clock[0].length;
    }
    if (q[1] === 'trong' || q[1] === 'vào' || q[1] === 'đến' || q[1] === 'đến hết' || q[1] === 'hết') {
      // "trong năm", "vào năm" without a number: the plan's year (§2.6).
      const tn = exec(BARE_NAM, s, j);
      if (tn && q[1] === 'trong') {
        const end = tn.index + tn[0].length;
        return { end, drafts: [draft({ kind: 'date', point: { unit: 'year', year: null }, bound: 'by' }, i, end)] };
      }
    }
  } else {
    const tn = exec(TRONG_NAM, s, j);
    if (tn) {
      const end = tn.index + tn[0].length;
      return { end, drafts: [draft({ kind: 'date', point: { unit: 'year', year: null }, bound: 'by' }, i, end)] };
    }
  }
  const items: Array<{ point: TimePoint; start: number; end: number; hasYear: boolean; relYear?: 0 | 1 }> = [];
  let k = j;
  for (;;) {
    const itemStart = k;
    const again = items.length > 0 ? exec(QUALIFIER, s, k) : null;
    if (again && (again[1] === 'trước') === (bound === 'before')) k += again[0].length;
    const p = readPoint(s, k, items.length === 0 || items[0]!.point.unit === 'year');
    if (!p) break;
    if ('problem' in p) {
      if (items.length === 0) return p;
      break;
    }
    const item: (typeof items)[number] = { point: p.point, start: items.length === 0 ? i : itemStart, end: p.end, hasYear: p.hasYear };
    if (p.point.unit === 'day' && !p.hasYear) {
      // §13.4: "trước ngày 10/07 của năm báo cáo", "trước ngày 31/01 năm sau năm báo cáo".
      const rel = exec(YEAR_REL, s, p.end);
      if (rel) {
        item.relYear = rel[1] ? 0 : 1;
        item.end = rel.index + rel[0].length;
      }
    }
    items.push(item);
    const sep = exec(LIST_SEP, s, item.end);
    if (!sep) break;
    k = sep.index + sep[0].length;
  }
  if (items.length === 0) return null;
  // Missing years come from the next item that has one ("tháng 7 và tháng 11/2024").
  let nextYear: number | null = null;
  const drafts: Draft[] = new Array<Draft>(items.length);
  for (let x = items.length - 1; x >= 0; x--) {
    const it = items[x]!;
    let point = it.point;
    let source = yearSourceOf(it.hasYear);
    if (it.hasYear) nextYear = point.year;
    else if (nextYear !== null) {
      point = withYear(point, nextYear);
      source = 'list';
    }
    const body: PartBody = source ? { kind: 'date', point, bound, yearSource: source } : { kind: 'date', point, bound };
    drafts[x] = draft(body, it.start, it.end);
    if (q) drafts[x]!.qualified = true;
    if (it.relYear !== undefined) drafts[x]!.relYear = it.relYear;
  }
  return { end: items[items.length - 1]!.end, drafts };
}

/** §13.9: "Căn cứ Quyết định số … ngày …", "Thay thế …": the clause cites documents; none of its dates is a deadline. */
const REFERENCE = re(
  `(?:căn cứ(?: vào)?|thay thế|thực hiện) (?:các )?(?:luật|bộ luật|nghị định|nghị quyết|thông tư|quyết định|chỉ thị|kế hoạch số|công văn|văn bản|thông báo|phương án|hiến pháp|pháp lệnh|điều \\d)${WORD_END}`,
);

/**
 * §13.12: where a citation ("Căn cứ / Thực hiện / Theo <văn bản số … ngày …>") ends when a written deadline follows it in
 * the same sentence: at the last comma before that deadline, if the words before the comma hold the document's number
 * or date and the words after it do not start with another document. -1 when there is no such comma.
 */
function citationEnd(s: string, i: number, end: number): number {
  const text = s.slice(i, end);
  const dl = BURIED_DEADLINE.exec(text);
  if (!dl) return -1;
  const comma = text.lastIndexOf(',', dl.index);
  if (comma < 0 || !/\d/u.test(text.slice(0, comma))) return -1;
  const after = text.slice(comma + 1, dl.index);
  if (/\d/u.test(after) || DOCUMENT_NAME.test(after) || CITED.test(after)) return -1;
  return i + comma;
}

function matchReference(s: string, i: number): MatchResult {
  if (!s.startsWith('căn cứ', i) && !s.startsWith('thay thế', i) && !s.startsWith('thực hiện', i)) return null;
  const m = exec(REFERENCE, s, i);
  if (!m) return null;
  let end = s.length;
  for (const stop of [';', '\n', '. ']) {
    const at = nextAt(s, stop, i);
    if (at >= 0 && at < end) end = at;
  }
  const text = s.slice(i, end);
  // Only when the citation carries a date or a number; "căn cứ văn bản hướng dẫn" stays on-demand (§7).
  if (!/\d/u.test(text)) return null;
  const comma = citationEnd(s, i, end);
  return { end: comma >= 0 ? comma : end, problem: UNPARSED_REASONS.documentDate };
}

/** "(trên|này|nêu trên|hiện hành) thì": what follows "theo quy định (…) thì" is the rule itself. */
const PREMISE = re(`(?: (?:(?:nêu )?trên|này|hiện hành|nói trên))? thì${WORD_END}`);
/**
 * §13.2: a written deadline day ("trước ngày 15/10", "chậm nhất là ngày 05", "hạn nộp 20/11") inside free text that a
 * matcher took whole (an on-demand basis, an event name). The day was not read as a deadline: the text is refused.
 */
const BURIED_DEADLINE = /(?<![\p{L}])(?:trước|chậm nhất|muộn nhất|đến hết|hạn chót|hạn nộp|hạn gửi)(?: là)?(?: vào)? (?:ngày \d|\d{1,2} ?[/.-] ?\d)/u;

/** §7: no computable date. */
function matchOnDemand(s: string, i: number): MatchResult {
  let m = exec(ON_DEMAND_THEO, s, i) ?? exec(ON_DEMAND_KHI, s, i);
  if (m) {
    // "Theo quy định trên thì …", "theo hướng dẫn này thì …": a premise that leads into the rule, not a basis (§7).
    if (exec(PREMISE, s, m.index + m[0].length)) return null;
    const end = Math.max(scanTail(s, m.index + m[0].length), m.index + m[0].length);
    // "căn cứ yêu cầu …, Tổng cục Thuế ban hành văn bản … trước ngày 15/10": the basis hides a written deadline that
    // was not read; on demand it would silence that day, and beside "hàng năm" the policy's day would stand in for it.
    if (BURIED_DEADLINE.test(s.slice(m.index + m[0].length, end))) {
      // "Theo Công văn số 1234/SNV-CCHC ngày 05/3/2024, các đơn vị gửi báo cáo trước ngày 15/3/2024": the citation ends at
      // its comma and the sentence after it is read (§13.12).
      const comma = citationEnd(s, i, end);
      if (comma >= 0) return { end: comma, problem: UNPARSED_REASONS.documentDate };
      return { end, problem: UNPARSED_REASONS.dayUnread };
    }
    return { end, drafts: [draft({ kind: 'on_demand', basis: s.slice(i, end) }, i, end)] };
  }
  m = exec(ON_DEMAND_WORDS, s, i);
  if (m) {
    const end = m.index + m[0].length;
    return { end, drafts: [draft({ kind: 'on_demand', basis: s.slice(i, end) }, i, end)] };
  }
  return null;
}

type Matcher = (s: string, i: number) => MatchResult;

const DIGITS = '0123456789';

/** The matchers in priority order, each with the characters its phrases can start with. */
const MATCHERS: ReadonlyArray<[Matcher, string]> = [
  [matchReference, 'ct'],
  [matchWeekday, 'vcnt'],
  [matchDueDay, '(btcmvđhn'],
  [matchQuarterMonth, 'tcmvđhn'],
  [matchEvent, DIGITS + 'tcknsmi'],
  [matchContinuous, 'tlh'],
  [matchFollowing, 'tcn'],
  [matchAnchoredYearly, 'tđvq'],
  [matchPeriodList, 'tcđhmq0689n'],
  [matchReportName, 'b'],
  [matchBarePeriodic, 'tcbđ'],
  [matchWindow, DIGITS + 'tgcnqđ'],
  [matchOpenStart, 't'],
  [matchAfter, 's'],
  [matchDates, DIGITS + 'tcmhđvnqg'],
  [matchOnDemand, 'tckđh'],
];

/** For each possible first character, the matchers to try, in priority order. */
const MATCHERS_BY_FIRST = new Map<string, Matcher[]>();
for (const [matcher, firsts] of MATCHERS) {
  for (const c of firsts) {
    const list = MATCHERS_BY_FIRST.get(c) ?? [];
    list.push(matcher);
    MATCHERS_BY_FIRST.set(c, list);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The scanner.

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Letter or digit. ASCII is decided by code; other characters by the Unicode classes. */
function isWordChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return WORD_CHAR.test(c);
}

const LABEL_EDGE_START = ' \n-–,;:.()';
const LABEL_EDGE_END = ' \n-–,;:(';

function canonicalLabel(raw: string): string {
  let a = 0;
  let b = raw.length;
  while (a < b && LABEL_EDGE_START.includes(raw[a]!)) a++;
  while (b > a && LABEL_EDGE_END.includes(raw[b - 1]!)) b--;
  let l = raw.slice(a, b);
  if (l.includes('\n') || l.includes('  ')) l = l.replace(/\s+/g, ' ');
  if (l.endsWith(' là')) l = l.slice(0, -3);
  if (l.endsWith(' và')) l = l.slice(0, -3);
  else if (l.endsWith(' hoặc')) l = l.slice(0, -5);
  return LABEL_SYNONYMS[l] ?? l;
}

interface ScanState {
  s: string;
  drafts: Draft[];
  problems: Problem[];
  clause: number;
  pendingStart: number;
  pendingEnd: number;
  /** Clause of the pending text's first word (it may run on across ";"). */
  pendingClause: number;
  /**
   * Whether the pending text matches {@link UNSAFE_LABEL}, kept up to date word by word (testing the whole pending
   * text at every ";" was quadratic on long cells).
   */
  pendingUnsafe: boolean;
  /** Start of the pending text's last word: an unsafe term spans at most two words ("gia hạn"). */
  pendingLastWord: number;
  /** Index in `drafts` of the clause's last part, while only connectors followed it. */
  inherit: number;
  /** The clause that names a data cut-off or cites a document (§13.9): none of its later dates is a deadline. */
  voidClause: number;
  voidReason: string;
  /** The void came from a bare date or year right after a cited document: a later written deadline ends it (§13.9). */
  voidSoft: boolean;
}

/**
 * §13.9: why a phrase read at `i` is not a deadline, from the words before it: a data cut-off ("thời gian chốt số
 * liệu …"), a cited document ("Quyết định 1821/QĐ-UBND ngày …", "Căn cứ Luật … ngày …", "Luật … năm 2025"), a
 * dateline ("Lạng Sơn, ngày 07 tháng 7 năm 2025"), or a clause already found to be one of these. Null otherwise.
 */
function voidingReason(st: ScanState, i: number): string | null {
  const s = st.s;
  if (st.voidClause === st.clause) {
    // A data cut-off voids what follows it up to a written deadline ("… (kỳ báo cáo tính từ …) trước ngày 15 …").
    const lifts = st.voidReason === UNPARSED_REASONS.dataCutoff || st.voidReason === UNPARSED_REASONS.reviewedPeriod || st.voidReason === UNPARSED_REASONS.programmePeriod || st.voidSoft;
    if (!lifts || !DEADLINE_START.test(s.slice(i, i + 12))) return st.voidReason;
    st.voidClause = -1;
  }
  if (st.pendingStart < 0) return null;
  st.voidSoft = false;
  const raw = s.slice(st.pendingStart, st.pendingEnd);
  if (DATA_CUTOFF_HINT.test(raw) && DATA_CUTOFF.test(raw)) return UNPARSED_REASONS.dataCutoff;
  // "số liệu từ ngày 01/01 đến 31/3", "Kết quả (thực hiện) từ đầu năm đến ngày 15/6": the period the figures cover.
  if (s.startsWith('từ ', i) && RESULTS_TAIL.test(raw)) return UNPARSED_REASONS.dataCutoff;
  if (REFERENCE_START.test(raw)) return UNPARSED_REASONS.documentDate;
  if (BARE_START.test(s.slice(i, i + 10))) {
    // "Luật Phòng, chống tham nhũng 2018 phải hoàn thành … trước ngày 31/3/2021": the date or year belongs to the
    // document; a written deadline later in the clause is still read (st.voidSoft).
    if (DOCUMENT_NUMBER_END.test(raw) || DOCUMENT_NUMBER_IN.test(raw)) return softVoid(st);
    if (BARE_DAY_START.test(s.slice(i, i + 6)) && DOCUMENT_NAME.test(raw)) return softVoid(st);
  }
  const head = s.slice(i, i + 24);
  // "Đăng ngày 17 - 05 - 2024", "Ngày cập nhật: 03/12/2026": when a page or document was posted, not a deadline.
  if (BARE_START.test(head) && PUBLISHED.test(raw)) return UNPARSED_REASONS.published;
  if (BARE_START.test(head)) {
    // "… căn cứ Chỉ số đánh giá Chuyển đổi số năm 2023": the year belongs to what is cited (§13.9).
    if (raw.includes('căn cứ') && CITED.test(raw)) return UNPARSED_REASONS.documentDate;
    // "Chương trình tổng thể CCHC giai đoạn 2021-2030": a year range after a programme's name is its period.
    if (YEAR_RANGE_START.test(head) && PROGRAMME_TAIL.test(raw.slice(-120))) return UNPARSED_REASONS.programmePeriod;
  }
  // "sơ kết công tác CCHC 6 tháng đầu năm", "phương hướng, nhiệm vụ năm 2024": the period reviewed or planned for.
  if (PERIOD_HEAD.test(head) && (raw.includes('kết') || raw.includes('phương hướng')) && REVIEW_TAIL.test(raw.slice(-120))) return UNPARSED_REASONS.reviewedPeriod;
  if (s.startsWith('ngày ', i) && raw.endsWith(',') && !UNSAFE_LABEL.test(raw)) return UNPARSED_REASONS.dateline;
  return null;
}

function softVoid(st: ScanState): string {
  st.voidSoft = true;
  return UNPARSED_REASONS.documentDate;
}

/** §13.8: why text with time words is not read — a negation, an exception, or words that change the meaning. */
function unsafeReason(raw: string): string {
  return NEGATION.test(raw) ? UNPARSED_REASONS.negated : EXCEPTION.test(raw) ? UNPARSED_REASONS.exception : UNPARSED_REASONS.unsafeText;
}

function flushPending(st: ScanState, reason: string): void {
  if (st.pendingStart < 0) return;
  st.problems.push({ start: st.pendingStart, end: st.pendingEnd, reason, clause: st.clause });
  st.pendingStart = st.pendingEnd = -1;
}

/**
 * Whether the words pending at the end of a clause are its duty, written after a comma that follows a deadline the
 * clause opens with: the clause's first part is a written deadline ("trước …", "chậm nhất …") or a period counted
 * from or back from an event, and only a comma separates the last part from the words.
 */
function dutyAfterDeadline(st: ScanState, last: Draft): boolean {
  const s = st.s;
  let k = st.pendingStart - 1;
  while (k >= 0 && s[k] === ' ') k--;
  let lastEnd = last.end;
  for (const [, e] of last.extra) lastEnd = Math.max(lastEnd, e);
  let first = last;
  for (let x = st.drafts.length - 1; x >= 0 && st.drafts[x]!.clause === st.clause; x--) first = st.drafts[x]!;
  if (first === last && (last.body.kind === 'date' || last.body.kind === 'window') && (k + 1 === lastEnd || (s[k] === ':' && k === lastEnd))) {
    // A step of a schedule: "Tháng 01/2025: thực hiện điều tra …" (a date heading and a colon), "Tiến độ thực hiện,
    // tháng 12/2024 tổ chức in ấn …" (a label announcing the schedule): the date is the step's deadline (§13.9).
    if (s[k] === ':') return last.labelStart === undefined;
    return last.label !== undefined && SCHEDULE_LABEL.test(last.label);
  }
  if (k < 0 || s[k] !== ',') return false;
  k--;
  while (k >= 0 && s[k] === ' ') k--;
  if (k + 1 !== lastEnd) return false;
  if (first.body.kind === 'event') return first.body.offset !== null;
  if (DEADLINE_START.test(s.slice(first.start, first.start + 12)) || DEADLINE_START.test(s.slice(last.start, last.start + 12))) return true;
  return last.extra.some(([a]) => DEADLINE_START.test(s.slice(a, a + 12)));
}

/** "Báo cáo ngày:", "Báo cáo 10 ngày (3 kỳ/tháng):": a heading naming the report, before a colon. */
const REPORT_HEADING = /^báo cáo [^:;\n]{1,60}?: /u;

/**
 * §13.7: the time words of a report heading ("Báo cáo ngày: … chậm nhất 01 ngày làm việc sau ngày báo cáo") name the
 * period the event after it ends; they do not change a period counted from that event. Only for event parts with a
 * written period, and only when the words after the colon are safe.
 */
function reportHeadingOnly(s: string, from: number, to: number, drafts: Draft[]): boolean {
  if (!drafts.every((d) => d.body.kind === 'event' && d.body.offset !== null && d.body.before !== true)) return false;
  const h = REPORT_HEADING.exec(s.slice(from, Math.min(to, from + 72)));
  if (!h || NEGATION.test(h[0]) || EXCEPTION.test(h[0])) return false;
  const rest = from + h[0].length;
  return rest < to && !unsafeEndingIn(s, rest, rest, rest, to);
}

/** Labels that announce a schedule: the date after them is a step's deadline, the words after it the step. */
const SCHEDULE_LABEL = /^(?:tiến độ|thời gian|thời hạn)(?: thực hiện| hoàn thành)?$/u;

/** The pending words are a holiday-shift note, possibly after "trong giờ hành chính,": they keep the clause's dates. */
/** §13.12: a trailing remark wholly in brackets, "(đồng thời gửi bản điện tử qua hộp thư công vụ)"; the caller has
 *  checked that it holds no time word or number. */
function bracketedNote(s: string, from: number, to: number): boolean {
  let k = from - 1;
  while (k >= 0 && s[k] === ' ') k--;
  if (k < 0 || s[k] !== '(') return false;
  const text = s.slice(from, to).trimEnd();
  if (text.includes('(')) return false;
  if (text.endsWith(')')) return text.indexOf(')') === text.length - 1;
  let e = to;
  while (e < s.length && s[e] === ' ') e++;
  return s[e] === ')' && !text.includes(')');
}

function holidayShiftNote(s: string, from: number, to: number): boolean {
  if (to - from > 200) return false;
  const raw = s.slice(from, to);
  if (!raw.includes('trùng')) return false;
  const text = raw.replace(/^trong giờ hành chính, ?/u, '');
  return HOLIDAY_SHIFT.test(text);
}

/** Ends a clause: text left pending becomes the label of the clause's last part (duty words only) or unparsed. */
function endClause(st: ScanState): void {
  if (st.pendingStart >= 0) {
    const text = canonicalLabel(st.s.slice(st.pendingStart, st.pendingEnd));
    const last = st.drafts[st.drafts.length - 1];
    if (last && last.clause === st.clause && last.label === undefined && TRAILING_LABEL.test(text)) {
      last.label = text;
      last.extra.push([st.pendingStart, st.pendingEnd]);
      st.pendingStart = st.pendingEnd = -1;
    } else if (last && last.clause === st.clause && !st.pendingUnsafe && dutyAfterDeadline(st, last)) {
      // "Chậm nhất vào ngày 20 tháng 12 hằng năm, Chủ tịch UBND cấp tỉnh có trách nhiệm ban hành …": a deadline opens
      // the sentence and the duty follows the comma; it has no time word, so it is the label (§13.9).
      last.label = last.label === undefined ? text : `${last.label}, ${text}`;
      last.extra.push([st.pendingStart, st.pendingEnd]);
      st.pendingStart = st.pendingEnd = -1;
    } else {
      const unsafe = st.pendingUnsafe;
      const why = unsafe ? unsafeReason(st.s.slice(st.pendingStart, st.pendingEnd)) : UNPARSED_REASONS.noTime;
      const reason = last && last.clause === st.clause && why !== UNPARSED_REASONS.negated && why !== UNPARSED_REASONS.exception ? UNPARSED_REASONS.trailing : why;
      if (reason === UNPARSED_REASONS.trailing && !HARMLESS_TRAILING.test(st.s.slice(st.pendingStart, st.pendingStart + 8)) && !(!unsafe && (st.s.startsWith('đối với ', st.pendingStart) || PURPOSE_TRAILING.test(st.s.slice(st.pendingStart, st.pendingStart + 8)) || bracketedNote(st.s, st.pendingStart, st.pendingEnd))) && !holidayShiftNote(st.s, st.pendingStart, st.pendingEnd) && !(st.s.startsWith('trước khi ', st.pendingStart) && ORDER_NOTE.test(st.s.slice(st.pendingStart, st.pendingEnd)))) {
        // §13.9: time words after the clause's dates that cannot be read ("… trước khi thực hiện …", "… 24h00 …")
        // may change what those dates mean: none of the clause is trusted.
        while (st.drafts.length > 0 && st.drafts[st.drafts.length - 1]!.clause === st.clause) {
          const d = st.drafts.pop()!;
          st.problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.trailingDistrust });
        }
      }
      flushPending(st, reason);
    }
  }
  st.clause++;
  st.inherit = -1;
}

function scan(s: string): { drafts: Draft[]; problems: Problem[] } {
  const st: ScanState = { s, drafts: [], problems: [], clause: 0, pendingStart: -1, pendingEnd: -1, pendingClause: 0, pendingUnsafe: false, pendingLastWord: -1, inherit: -1, voidClause: -1, voidReason: '', voidSoft: false };
  const n = s.length;
  let i = 0;
  let clauseStart = true;
  // Open brackets among the characters the scan visits: " - " inside "(qua Ban Thi đua - Khen thưởng)" joins a name.
  let parens = 0;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ') {
      i++;
      continue;
    }
    // Hard separators end a clause. Pending label words may run on across ";" when the clause has no part yet
    // ("Rà soát, đánh giá; xây dựng phương án … xong trong quý III/2012").
    if (c === '(') parens++;
    else if (c === ')' && parens > 0) parens--;
    if (c === ';' || c === '\n' || (c === '.' && (i + 1 === n || s[i + 1] === ' ' || s[i + 1] === '\n')) || (c === '-' && (clauseStart || (s[i - 1] === ' ' && s[i + 1] === ' ' && parens === 0)))) {
      if (c !== '-') parens = 0;
      const clauseHasPart = st.drafts.length > 0 && st.drafts[st.drafts.length - 1]!.clause === st.clause;
      if (c === ';' && st.pendingStart >= 0 && !clauseHasPart && !st.pendingUnsafe) {
        i++;
        continue;
      }
      if (!(c === '-' && clauseStart && st.pendingStart < 0)) endClause(st);
      clauseStart = true;
      i++;
      continue;
    }
    const prevChar = i > 0 ? s[i - 1]! : ' ';
    const atWordStart = !isWordChar(prevChar) || !isWordChar(c);
    let result: MatchResult = null;
    if (atWordStart) {
      for (const matcher of MATCHERS_BY_FIRST.get(c) ?? []) {
        result = matcher(s, i);
        // A match must consume text; an empty one would never let the scan advance.
        if (result && result.end <= i) result = null;
        if (result) break;
      }
    }
    if (result && 'problem' in result) {
      flushPending(st, UNPARSED_REASONS.unsafeText);
      st.problems.push({ start: i, end: result.end, reason: result.problem, clause: st.clause });
      st.inherit = -1;
      clauseStart = false;
      i = result.end;
      continue;
    }
    const voidReason = result && !('problem' in result) ? voidingReason(st, i) : null;
    if (result && voidReason !== null) {
      // §13.9: the rest of the clause is a reference or a data cut-off, not a deadline.
      if (voidReason === UNPARSED_REASONS.dataCutoff && st.voidClause !== st.clause) {
        // "Báo cáo Quý I: Tính từ …": the period before a data cut-off names the report, it is not a deadline.
        while (st.drafts.length > 0) {
          const d = st.drafts[st.drafts.length - 1]!;
          if (d.clause !== st.clause || d.body.kind !== 'date' || d.body.point.unit === 'day') break;
          st.drafts.pop();
          st.problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: voidReason, clause: st.clause });
        }
      }
      st.problems.push({ start: st.pendingStart >= 0 ? st.pendingStart : i, end: result.end, reason: voidReason, clause: st.clause });
      st.voidClause = st.clause;
      st.voidReason = voidReason;
      // softVoid() set the flag while deciding; any other reason is a hard void.
      st.pendingStart = st.pendingEnd = -1;
      st.inherit = -1;
      clauseStart = false;
      i = result.end;
      continue;
    }
    if (result) {
      let label: string | undefined;
      let labelStart: number | undefined;
      if (st.pendingStart >= 0) {
        const raw = s.slice(st.pendingStart, st.pendingEnd);
        if (st.pendingUnsafe && !reportHeadingOnly(s, st.pendingStart, st.pendingEnd, result.drafts)) {
          // Words such as "khoảng", "không", "sau" or stray numbers right before a phrase may change what it means:
          // the phrase is not trusted either ("khoảng tháng 3", "Quý V/2024").
          st.problems.push({ start: st.pendingStart, end: result.end, reason: unsafeReason(raw), clause: st.clause });
          st.pendingStart = st.pendingEnd = -1;
          st.inherit = -1;
          clauseStart = false;
          i = result.end;
          continue;
        } else {
          label = canonicalLabel(raw);
          labelStart = st.pendingStart;
          st.pendingStart = st.pendingEnd = -1;
        }
      } else if (st.inherit >= 0) {
        label = st.drafts[st.inherit]!.label;
      }
      for (const d of result.drafts) {
        d.clause = st.clause;
        if (label !== undefined && label !== '') d.label = d.scope === undefined ? label : `${label} ${d.scope}`;
        st.drafts.push(d);
      }
      if (labelStart !== undefined) result.drafts[0]!.labelStart = labelStart;
      // "(báo cáo trước ngày 05 của tháng sau)" refines the periodic part just before it (§3.4).
      const first = result.drafts[0]!;
      const prev = st.drafts.length >= 2 ? st.drafts[st.drafts.length - 2] : undefined;
      if (
        first.body.kind === 'periodic' && first.body.dueDay && result.drafts.length === 1 && prev &&
        prev.clause === st.clause && prev.body.kind === 'periodic' && !prev.body.dueDay && !prev.body.anchor &&
        first.labelStart === undefined
      ) {
        const reports = first.body.reports;
        const compatible = first.needsHost
          ? prev.body.reports !== 'policy' && prev.body.reports.length === 1 && prev.body.reports[0] === 'month'
          : reports === 'policy' || prev.body.reports === 'policy' ||
            (reports.length === 1 && (reports[0] === 'month' ? true : prev.body.reports.includes(reports[0]!)));
        if (compatible) {
          prev.body = { ...prev.body, dueDay: first.body.dueDay };
          prev.needsHost = false;
          prev.extra.push([first.start, first.end]);
          st.drafts.pop();
        }
      }
      st.inherit = st.drafts.length - 1;
      clauseStart = false;
      i = result.end;
      continue;
    }
    // Soft separators between parts: connectors and punctuation.
    if (st.pendingStart < 0) {
      const connector = s.startsWith('và', i) ? 2 : s.startsWith('hoặc', i) ? 4 : 0;
      const isConnector = connector > 0 && (i + connector >= n || !isWordChar(s[i + connector]!));
      if (c === ',' || c === '(' || c === ')' || c === ':' || c === '-' || c === '.' || isConnector) {
        i += isConnector ? connector : 1;
        continue;
      }
    }
    if (c === ',' && st.pendingStart >= 0 && st.pendingUnsafe && CONTRAST_AFTER.test(s.slice(i + 1, i + 10))) {
      // §13.12: "Các đơn vị không phải gửi báo cáo quý, chỉ gửi báo cáo năm trước ngày 15/12": a negation reaches up
      // to a contrast ("chỉ", "mà", "nhưng", "song") after a comma; what follows the contrast is read.
      const raw = s.slice(st.pendingStart, i);
      if (NEGATION.test(raw) && !/\p{N}/u.test(raw)) {
        flushPending(st, UNPARSED_REASONS.negated);
        st.inherit = -1;
        i++;
        continue;
      }
    }
    if (c === ',' && st.pendingStart >= 0 && st.pendingUnsafe) {
      // "Trường hợp hồ sơ chưa đúng quy định, trong thời hạn …": a condition ends at its comma; its words scope the
      // rule after it (kept in the label) and do not change that rule's dates, unless the condition holds a number.
      const cond = s.slice(st.pendingStart, i);
      if (CONDITION.test(cond) && !/\p{N}/u.test(cond)) st.pendingUnsafe = false;
    }
    if (c === 't' && st.pendingStart >= 0 && st.pendingUnsafe && s.startsWith('thì ', i)) {
      // "Nếu văn bản không quy định thời hạn thì …": "thì" ends a condition as a comma does.
      const cond = s.slice(st.pendingStart, i);
      if (CONDITION.test(cond) && !/\p{N}/u.test(cond)) st.pendingUnsafe = false;
    }
    if (c === 't' && st.pendingStart >= 0 && !st.pendingUnsafe && s.startsWith('trong ', i)) {
      const implied = matchImpliedEvent(st, i);
      if (implied) {
        implied.clause = st.clause;
        st.drafts.push(implied);
        st.pendingStart = st.pendingEnd = -1;
        st.inherit = st.drafts.length - 1;
        clauseStart = false;
        i = implied.end;
        continue;
      }
    }
    // Any other word joins the pending label.
    let j = i + 1;
    if (isWordChar(c)) while (j < n && isWordChar(s[j]!)) j++;
    // "từ chối" (refuse) and "thời hạn" (time limit) are duty words, not time words: the test looks one word
    // ahead for "chối" and eight characters back ("thời ", "báo cáo ").
    // "đến KTNN", "tới các cơ quan" (a destination) and "sau đây" (hereafter) are not time words either (§13.8).
    // "trước và sau rà soát" (before and after a step) describes, it is no deadline (§13.8).
    const beforeAndAfter = (j === i + 5 && s.startsWith('trước và sau ', i)) || (j === i + 3 && s.startsWith('trước và sau', i - 9));
    const testEnd = beforeAndAfter || (j === i + 2 && s.startsWith('từ chối', i)) || (j === i + 3 && HAN_DUTY.test(s.slice(i, i + 16)) && !s.startsWith('gia ', i - 4)) ||
      ((j === i + 3 || j === i + 4) && (c === 'đ' || c === 't' || c === 's') && NOT_TIME_WORD.test(s.slice(i, i + 24)) &&
        (s.startsWith('sau', i) || (st.pendingStart >= 0 && SENDING.test(s.slice(st.pendingStart, i))))) ? i : j;
    if (st.pendingStart < 0) {
      st.pendingStart = i;
      st.pendingClause = st.clause;
      st.pendingUnsafe = UNSAFE_LABEL.test(s.slice(i, testEnd));
    } else if (!st.pendingUnsafe) {
      st.pendingUnsafe = unsafeEndingIn(s, Math.max(st.pendingStart, st.pendingLastWord - 8), st.pendingLastWord, i, testEnd);
    }
    st.pendingLastWord = i;
    st.pendingEnd = j;
    st.inherit = -1;
    clauseStart = false;
    i = j;
  }
  endClause(st);
  return { drafts: st.drafts, problems: st.problems };
}

// ---------------------------------------------------------------------------------------------------------------
// §13 Composition: within a clause, a report name or a periodic word scopes the dated part it sits with.

/** Words after a clause's dates that only say how or where ("theo mẫu …", "tại …"): they do not change the dates. */
const HARMLESS_TRAILING = /^(?:theo|tại|qua|bằng|gửi|về)(?![\p{L}])/u;
/** §13.12: a purpose after a clause's dates ("… trước ngày 15/12/2024 để tổng hợp, báo cáo UBND tỉnh"): read only when it
 *  holds no time word or number (the pending words are not unsafe). */
const PURPOSE_TRAILING = /^(?:để|nhằm|phục vụ)(?![\p{L}])/u;
/**
 * §13.11: "(nếu) trùng (vào) ngày nghỉ, ngày lễ thì … ngày làm việc tiếp theo": the meeting moves, the nominal day does
 * not (the working-day adjustment of §10 does the moving). No number allowed.
 */
const HOLIDAY_SHIFT = /^(?:nếu |trường hợp |trong trường hợp )?(?:ngày [^\p{N};]{0,40}?)?trùng (?:vào |với )?(?:các )?ngày (?:nghỉ|lễ)[^\p{N};]{0,80}?(?:ngày làm việc|thứ (?:hai|ba|tư|năm|sáu)) (?:tiếp theo|kế tiếp|liền kề|sau đó|của tuần kế tiếp)[^\p{N};]{0,30}$/u;
/** "…, trước khi thực hiện việc đánh giá": an order of steps after a deadline, with no number (§13.7). */
const ORDER_NOTE = /^trước khi [^\p{N}]*$/u;
/** Only "hoặc" between two dates: they are alternatives. */
const OR_BETWEEN = /^ ?,? ?hoặc ?$/u;
/** A report or figures named with their topic (at least one word): "báo cáo số liệu cải cách hành chính", "báo cáo kết quả". */
const REPORT_TOPIC = /(?:^|[\s(:])(?:báo cáo|số liệu)(?:,? [\p{L}()]+){1,8}$/u;
/** A period written with no qualifier word ("năm 2015", "quý III năm 2015", "cả năm", not "trong/vào/trước …"). */
const UNQUALIFIED_PERIOD = /^(?:năm|quý|cả năm|6 tháng|06 tháng|9 tháng|09 tháng|\d)/u;

/**
 * §13.3: a period right after a report and its topic ("báo cáo số liệu cải cách hành chính năm 2015, năm 2016",
 * "báo cáo tình hình thực hiện công tác CCHC quý III năm 2015", "báo cáo kết quả 6 tháng đầu năm") is the period
 * reported on, not a deadline. A bare report name ("Báo cáo quý I") keeps the period end (§2.4).
 */
function isReportedPeriod(d: Draft, s: string): boolean {
  const b = d.body;
  if (b.kind !== 'date' || b.point.unit === 'day' || b.point.unit === 'month' || b.bound !== 'by') return false;
  if ('position' in b.point && b.point.position) return false;
  const l = d.label;
  return !d.qualified && l !== undefined && (l.includes('báo cáo') || l.includes('số liệu')) && REPORT_TOPIC.test(l) && UNQUALIFIED_PERIOD.test(s.slice(d.start, d.start + 8));
}

/**
 * §13.3: a whole period with no written day, year or qualifier ("6 tháng", "cả năm", "báo cáo cả năm"): beside a
 * period of the same clause that is the period reported on, it is one more name in that list of reports.
 */
function isBarePeriod(d: Draft): boolean {
  const b = d.body;
  if (b.kind !== 'date' || b.point.unit === 'day' || b.point.unit === 'month' || b.bound !== 'by' || d.qualified) return false;
  return b.point.year === null && !('position' in b.point && b.point.position);
}

/** Words before a period that make it the name of a report ("báo cáo (tổng kết) năm 2024", "đối với năm 2024"). */
const REPORT_NAME_TAIL = /(?:^|[\s(:,])(?:báo cáo(?: (?:tổng kết|sơ kết|kết quả|định kỳ))?|đối với(?: báo cáo)?)$/u;
/** §13.12: a plan, programme or estimate named before a period ("kế hoạch CCHC năm 2025"). */
const PLAN_NAME_TAIL = /(?:^|[\s(:,])(?:kế hoạch|chương trình|đề án|dự toán|phương án)(?: [\p{L}]+){0,6}$/u;
/** "nghỉ Tết", "nghỉ lễ", "nghỉ bù": a day off, not a deadline (§13.9). */
const HOLIDAY_LABEL = /^(?:\*|-|\+)? ?nghỉ (?:tết|lễ|bù)(?![\p{L}])/u;
/** §13.7: a period counted from an event that says how long something lasts or is kept, not when a duty is due. */
const VALIDITY = /(?<![\p{L}])(?:hiệu lực|có giá trị|giá trị sử dụng|lưu trữ|lưu giữ|bảo quản)(?![\p{L}])/u;
/** A label longer than this is a sentence: §13.9 does not take policy-only dates from it. */
const PROSE_LABEL_WORDS = 12;

function wordCount(text: string): number {
  let n = 1;
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 32) n++;
  return n;
}
/** Reasons of unparsed spans that may hide a deadline (not a citation, a data period or a note). */
const UNREAD_REASONS: ReadonlySet<string> = new Set([UNPARSED_REASONS.unsafeText, UNPARSED_REASONS.trailing, UNPARSED_REASONS.noTime, UNPARSED_REASONS.trailingDistrust, UNPARSED_REASONS.dayUnread]);
/**
 * A written day, or a written period after a deadline word ("đối với Tổng công ty nhà nước chậm nhất là 90 ngày", a
 * second limit that borrows the first one's event): in an unread span, either may be one of the cell's deadlines.
 */
const UNREAD_DAY = /ngày \d|\d ?\/ ?\d|(?<![\p{L}])(?:chậm nhất|muộn nhất|không quá|tối đa|trong vòng|trong thời hạn|trong thời gian)(?: là)? \d{1,3} (?:ngày|tuần|tháng)(?![\p{L}])/u;
/** Document numbers ("70/2023/nđ-cp", "160/kh-ubnd"): their digits are no unread day (§13.9). */
const DOCUMENT_NUMBER_G = /\p{N}+(?:\/\p{N}+)*\/\p{L}[\p{L}\p{N}/.&-]*/gu;

/** Whether an unparsed span holds a written day (a document number is none). */
function hasUnreadDay(text: string): boolean {
  return UNREAD_DAY.test(text) && UNREAD_DAY.test(text.replace(DOCUMENT_NUMBER_G, ' '));
}
const YEARLY_UNITS: ReadonlySet<PeriodUnit> = new Set(['half_year', 'nine_months', 'year']);

/** A part that carries its own due day: a written day, or a periodic rule with a written day or period offset. */
function isHost(d: Draft): boolean {
  const b = d.body;
  if (b.kind === 'date') return b.point.unit === 'day';
  return b.kind === 'periodic' && !b.anchor && !b.following && (b.dueDay !== undefined || b.afterEnd !== undefined || b.weekday !== undefined);
}

/** The report units a part names when it only says what a date is for; null when it is a deadline of its own. */
function qualifierUnits(d: Draft, s: string, anyHost: boolean): PeriodUnit[] | 'policy' | null {
  const b = d.body;
  if (anyHost && b.kind === 'date' && b.point.year === null && b.point.unit !== 'day' && b.point.unit !== 'month' && !('position' in b.point && b.point.position)) {
    // "báo cáo … trong 06 tháng đầu năm và hàng năm trước ngày 05/07 và ngày 05/01 của năm sau": beside a written
    // day, a yearless period names the report (a quarter's report on a fixed day is yearly).
    return b.point.unit === 'quarter' ? ['year'] : [b.point.unit];
  }
  if (b.kind === 'periodic' && !b.dueDay && !b.afterEnd && !b.anchor && !b.following && !b.years) return b.reports;
  if (
    anyHost && b.kind === 'date' && b.point.year !== null && b.point.unit !== 'day' && b.point.unit !== 'month' &&
    !('position' in b.point && b.point.position) && b.bound === 'by' &&
    ((d.labelStart !== undefined && REPORT_NAME_TAIL.test(s.slice(d.labelStart, d.start).trimEnd())) || isReportedPeriod(d, s) ||
      (d.label !== undefined && !d.qualified && PLAN_NAME_TAIL.test(d.label)))
  ) {
    // §13.12: "xây dựng kế hoạch CCHC năm 2025 gửi Sở Nội vụ trước ngày 15/12/2024": the year a plan is for, beside a
    // written day, names the plan.
    // "Báo cáo năm 2024 gửi trước ngày 15/01/2025", "(đối với báo cáo năm 2024)", "Đối với năm 2024, hạn chót …": the
    // period names the report the written day is for, it is not a second deadline.
    return b.point.unit === 'quarter' ? ['quarter'] : [b.point.unit];
  }
  if (b.kind === 'date' && b.point.year === null && b.point.unit !== 'day' && b.point.unit !== 'month' && /^ ?:/u.test(s.slice(d.end, d.end + 2))) {
    // "Quý 1: Ngày 30 tháng 04": the heading names the report; the date after the colon is its deadline, yearly.
    return ['year'];
  }
  if (
    b.kind === 'date' && b.point.year === null && !('position' in b.point && b.point.position) &&
    YEARLY_UNITS.has(b.point.unit as PeriodUnit) && d.labelStart !== undefined &&
    /(?:báo cáo|đối với|kỳ|số liệu)$/u.test(s.slice(d.labelStart, d.start).trimEnd())
  ) {
    // "đối với báo cáo 6 tháng", "báo cáo năm": a report name read as a date unit.
    return [b.point.unit as PeriodUnit];
  }
  return null;
}

function absorb(host: Draft, q: Draft): void {
  host.extra.push([q.labelStart ?? q.start, q.end], ...q.extra);
  if (host.label === undefined) {
    // The report name is the duty: "Báo cáo quý (trước ngày …)" → "báo cáo".
    const l = (q.label ?? '').replace(/^đối với(?: |$)/u, '') || (q.qualifier ? 'báo cáo' : '');
    if (l !== '') host.label = l;
  }
}

/** Folds qualifiers into their host; returns a problem reason when the two cannot be one rule. */
function fold(host: Draft, units: PeriodUnit[] | 'policy'): string | null {
  const b = host.body;
  if (b.kind === 'date') {
    if (b.point.unit !== 'day') return UNPARSED_REASONS.periodMismatch;
    if (b.point.year !== null) return null; // a dated deadline: the report name only says what it is for
    if (units === 'policy' || !units.every((u) => YEARLY_UNITS.has(u))) return UNPARSED_REASONS.periodMismatch;
    if (host.relYear === 1 && !(units.length === 1 && units[0] === 'year')) return UNPARSED_REASONS.periodMismatch;
    return null;
  }
  if (b.kind !== 'periodic') return UNPARSED_REASONS.periodMismatch;
  if (units === 'policy') return b.reports === 'policy' || host.needsHost ? UNPARSED_REASONS.periodMismatch : null;
  if (b.reports === 'policy' || b.dueDay?.month === 'following' || host.needsHost) {
    if (host.needsHost && !(units.length === 1 && units[0] === 'month')) return UNPARSED_REASONS.periodMismatch;
    if (b.afterEnd && b.reports !== 'policy' && b.reports.join() !== units.join()) return UNPARSED_REASONS.periodMismatch;
    b.reports = units;
    host.needsHost = false;
    return null;
  }
  const have = b.reports;
  if (have.length === 1 && have[0] === 'month' && b.dueDay?.month === 'period_last' && units.includes('month')) {
    // "giao ban tháng, quý … trước ngày 25 hàng tháng": every month has the day; the largest period ending in a month
    // stands in for the others (§3.1), so the monthly day serves the whole list.
    b.reports = units;
    return null;
  }
  if (have.length === 1 && have[0] === 'quarter' && b.dueDay?.month === 'period_last') {
    // "ngày 06 của tháng cuối quý": the last month of a quarter is also that of a half-year and a year.
    if (!units.every((u) => u === 'quarter' || YEARLY_UNITS.has(u))) return UNPARSED_REASONS.periodMismatch;
    b.reports = units;
    return null;
  }
  return have.join() === units.join() ? null : UNPARSED_REASONS.periodMismatch;
}

/**
 * §13.1: "Hằng năm tổ chức đánh giá vào quý IV", "tháng 11 … hằng năm": a bare yearly periodic word beside one yearless
 * month or quarter is one yearly rule anchored on that unit (as "quý IV hàng năm", §3.2), never a policy day beside
 * the plan year's date. Any other mix of a yearless month/quarter and a yearly word is refused. Returns the clause
 * rewritten, 'refused', or null when the rule does not apply.
 */
function anchorYearly(clause: Draft[], problems: Problem[]): Draft[] | 'refused' | null {
  let yearlyIdx = -1;
  let unitIdx = -1;
  for (let k = 0; k < clause.length; k++) {
    const b = clause[k]!.body;
    if (b.kind === 'periodic' && !b.dueDay && !b.afterEnd && !b.anchor && !b.following && !b.years && b.reports !== 'policy' && b.reports.length === 1 && b.reports[0] === 'year') {
      if (yearlyIdx >= 0) return null;
      yearlyIdx = k;
    } else if ((b.kind === 'date' && b.point.year === null && (b.point.unit === 'month' || b.point.unit === 'quarter')) || (b.kind === 'window' && b.from.year === null && b.to.year === null)) {
      if (unitIdx >= 0) unitIdx = -2;
      else if (unitIdx === -1) unitIdx = k;
    }
  }
  if (yearlyIdx < 0 || unitIdx === -1) return null;
  const date = unitIdx >= 0 ? clause[unitIdx]! : undefined;
  const b = date?.body;
  const yearly = clause[yearlyIdx]!;
  if (date && b?.kind === 'window') {
    // "Từ ngày 15/11 đến ngày 15/12 hằng năm", "Tháng 3 - tháng 4 hằng năm": the window of each year; its year comes
    // from the plan (§9.1), and the yearly word adds no policy day.
    date.extra.push([yearly.labelStart ?? yearly.start, yearly.end], ...yearly.extra);
    if (date.label === undefined && yearly.label !== undefined) date.label = yearly.label;
    return clause.filter((d) => d !== yearly);
  }
  if (!date || !b || b.kind !== 'date' || b.bound !== 'by' || ('position' in b.point && b.point.position) || (b.point.unit !== 'month' && b.point.unit !== 'quarter')) {
    for (const d of clause) problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.periodMismatch });
    return 'refused';
  }
  date.body = { kind: 'periodic', reports: ['year'], anchor: b.point.unit === 'month' ? { unit: 'month', month: b.point.month } : { unit: 'quarter', quarter: b.point.quarter } };
  date.extra.push([yearly.labelStart ?? yearly.start, yearly.end], ...yearly.extra);
  if (date.label === undefined && yearly.label !== undefined) date.label = yearly.label;
  return clause.filter((d) => d !== yearly);
}

/**
 * §13.12: "trước ngày 25 hàng tháng (báo cáo tháng)": a report name in brackets right after a dated periodic part of
 * the same cadence only says which report the day is for; it is folded into that part (never a second report name).
 */
function dropBracketedEchoes(s: string, clause: Draft[]): Draft[] {
  if (clause.length < 2) return clause;
  let out: Draft[] | null = null;
  for (let k = 1; k < clause.length; k++) {
    const host = clause[k - 1]!;
    const q = clause[k]!;
    const hb = host.body;
    const qb = q.body;
    if (hb.kind !== 'periodic' || (!hb.dueDay && !hb.afterEnd) || hb.reports === 'policy' || hb.reports.length !== 1) continue;
    if (qb.kind !== 'periodic' || qb.dueDay || qb.afterEnd || qb.anchor || qb.following || qb.years || qb.reports === 'policy') continue;
    if (qb.reports.length !== 1 || qb.reports[0] !== hb.reports[0]) continue;
    if (!/^ ?\( ?(?:báo cáo )?$/u.test(s.slice(host.end, q.labelStart ?? q.start)) || !/^ ?\)/u.test(s.slice(q.end, q.end + 2))) continue;
    host.extra.push([q.labelStart ?? q.start, q.end], ...q.extra);
    out = (out ?? clause).filter((d) => d !== q);
  }
  return out ?? clause;
}

/** Only list separators between two parts of a list (", ", " và ", "; " not: it ends a clause). */
const LIST_GAP = /^ ?(?:,|và|, và) ?$/u;

/**
 * §13.12: "Tháng 6 và tháng 12 hằng năm", "quý I, quý III hằng năm": a list of two or more yearless months (or of
 * quarters), with no label of their own after the first and nothing but list separators between them, followed at once
 * by one bare yearly word: one yearly rule per item, anchored on it (as "tháng 12 hằng năm", §3.2). Null otherwise (the
 * single-unit and refusal cases stay with `anchorYearly`).
 */
function yearlyList(s: string, clause: Draft[]): Draft[] | null {
  if (clause.length < 3) return null;
  const yearly = clause[clause.length - 1]!;
  const yb = yearly.body;
  if (yb.kind !== 'periodic' || yb.dueDay || yb.afterEnd || yb.anchor || yb.following || yb.years || yb.reports === 'policy' || yb.reports.length !== 1 || yb.reports[0] !== 'year') return null;
  if (yearly.labelStart !== undefined || !/^ ?$/u.test(s.slice(clause[clause.length - 2]!.end, yearly.start))) return null;
  const items = clause.slice(0, -1);
  let unit: 'month' | 'quarter' | null = null;
  for (let k = 0; k < items.length; k++) {
    const d = items[k]!;
    const b = d.body;
    if (b.kind !== 'date' || b.point.year !== null || b.bound !== 'by' || d.qualifier || d.needsHost || d.relYear !== undefined) return null;
    if ((b.point.unit !== 'month' && b.point.unit !== 'quarter') || ('position' in b.point && b.point.position)) return null;
    if (unit !== null && b.point.unit !== unit) return null;
    unit = b.point.unit;
    if (k > 0 && (d.labelStart !== undefined || !LIST_GAP.test(s.slice(items[k - 1]!.end, d.start)))) return null;
  }
  const seen = new Set<number>();
  for (const d of items) {
    const p = (d.body as { point: TimePoint }).point;
    const key = p.unit === 'month' ? p.month : p.unit === 'quarter' ? p.quarter : -1;
    if (seen.has(key)) return null;
    seen.add(key);
    d.body = { kind: 'periodic', reports: ['year'], anchor: p.unit === 'month' ? { unit: 'month', month: p.month } : { unit: 'quarter', quarter: (p as { quarter: number }).quarter } };
  }
  const last = items[items.length - 1]!;
  last.extra.push([yearly.start, yearly.end], ...yearly.extra);
  return items;
}

/** A yearless written day that a yearly report name (or "năm báo cáo") turned into a yearly rule. */
function yearlyOnDay(host: Draft): void {
  const b = host.body;
  if (b.kind !== 'date' || b.point.unit !== 'day' || b.point.year !== null) return;
  const p = b.point;
  host.body = host.relYear === 1
    ? { kind: 'periodic', reports: ['year'], dueDay: { day: p.day, month: 'following', monthsAfter: p.month, bound: b.bound } }
    : { kind: 'periodic', reports: ['year'], anchor: { unit: 'month', month: p.month }, dueDay: { day: p.day, month: 'period_last', bound: b.bound } };
}

/** A part alone in its clause that no composition rule changes (the common case: one fast test per part). */
function standsAlone(d: Draft): boolean {
  if (d.qualifier || d.needsHost || d.relYear !== undefined) return false;
  const b = d.body;
  switch (b.kind) {
    case 'date':
      if (b.point.unit !== 'day' && d.label !== undefined && (d.label.includes('báo cáo') || d.label.includes('số liệu')) && REPORT_TOPIC.test(d.label)) return false;
      if (b.point.unit === 'year' && b.point.year === null && d.label !== undefined && wordCount(d.label) > PROSE_LABEL_WORDS) return false;
      return !(d.labelStart === undefined && b.bound === 'by' && b.point.year !== null);
    case 'periodic':
      return b.dueDay !== undefined || b.afterEnd !== undefined || b.anchor !== undefined || b.weekday !== undefined || d.label === undefined || wordCount(d.label) <= PROSE_LABEL_WORDS;
    case 'continuous':
      return d.label === undefined || wordCount(d.label) <= PROSE_LABEL_WORDS;
    case 'event':
      if (d.label !== undefined && VALIDITY.test(d.label)) return false;
      return b.offset !== null || d.label === undefined || wordCount(d.label) <= 5;
    default:
      return true;
  }
}

function compose(s: string, drafts: Draft[], problems: Problem[]): Draft[] {
  // Clauses with an unread written day (one pass over the problems, so the composition stays linear).
  let unreadDays: Set<number> | null = null;
  for (const p of problems) if (p.clause !== undefined && hasUnreadDay(s.slice(p.start, p.end))) (unreadDays ??= new Set<number>()).add(p.clause);
  if (unreadDays === null) {
    let simple = true;
    for (let k = 0; k < drafts.length && simple; k++) {
      simple = (k === 0 || drafts[k]!.clause !== drafts[k - 1]!.clause) && standsAlone(drafts[k]!);
    }
    if (simple) return drafts;
  }
  const unread: ReadonlySet<number> = unreadDays ?? new Set<number>();
  const out: Draft[] = [];
  let a = 0;
  while (a < drafts.length) {
    let z = a;
    while (z < drafts.length && drafts[z]!.clause === drafts[a]!.clause) z++;
    composeClause(s, drafts.slice(a, z), problems, out, unread);
    a = z;
  }
  return out;
}

/** "Ngày 02/03/2022, Giám đốc Sở … đã ký …", "Năm 2022, công tác …": a date that opens a sentence about the past. */
const NARRATIVE_AFTER = /^ ?, ?(?:[\p{L}]+ ){2,}/u;

function refuser(dropped: Set<Draft>, problems: Problem[]): (d: Draft, reason: string) => void {
  return function refuse(d: Draft, reason: string): void {
    if (dropped.has(d)) return;
    dropped.add(d);
    problems.push({ start: d.labelStart ?? d.start, end: d.end, reason });
  };
}

function composeClause(s: string, clauseIn: Draft[], problems: Problem[], out: Draft[], unreadDays: ReadonlySet<number>): void {
  let clause = clauseIn;
  const lead = clause[0];
  if (
    lead && lead.labelStart === undefined && lead.body.kind === 'date' && lead.body.bound === 'by' &&
    lead.body.point.year !== null && NARRATIVE_AFTER.test(s.slice(lead.end, lead.end + 40)) &&
    (clause.length === 1 || clause[1]!.labelStart !== undefined || clause[1]!.start > lead.end + 40)
  ) {
    for (const d of clause) problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.narrative });
    return;
  }
  if (clause.some((d) => d.label !== undefined && d.label.includes('nghỉ') && HOLIDAY_LABEL.test(d.label))) {
    // "Ngày 11/02/2021 Nghỉ Tết Nguyên đán năm 2021": a line of a calendar of days off (§13.9).
    for (const d of clause) problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.holiday });
    return;
  }
  // §13.9 prose: the duty words of the whole clause, wherever they stand ("Định kỳ hằng quý báo cáo Ban Chỉ đạo … để
  // tổng hợp, báo cáo theo quy định" has them after the periodic words, in the label of its last part).
  let clauseWords = 0;
  for (const d of clause) if (d.label !== undefined) clauseWords += wordCount(d.label);
  for (let k = 1; k < clause.length; k++) {
    const a = clause[k - 1]!;
    const b = clause[k]!;
    if (b.start - a.end <= 9 && b.labelStart === undefined && (a.body.kind === 'date' || a.body.kind === 'window') && (b.body.kind === 'date' || b.body.kind === 'window') && OR_BETWEEN.test(s.slice(a.end, b.start))) {
      // "vào tháng 9 hoặc tháng 10/2024": two dates offered as alternatives; neither is certainly the deadline.
      for (const d of clause) problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.alternativeDates });
      return;
    }
  }
  clause = dropBracketedEchoes(s, clause);
  const anchored = yearlyList(s, clause) ?? anchorYearly(clause, problems);
  if (anchored === 'refused') return;
  if (anchored) clause = anchored;
  const hosts = clause.map(isHost);
  const anyHost = hosts.some(Boolean);
  const units = clause.map((d, k) => (hosts[k] ? null : qualifierUnits(d, s, anyHost)));
  if (anyHost && clause.some((d) => d.body.kind === 'date' && d.body.point.unit === 'month' && d.body.point.year === null)) {
    // A yearless month beside a written day ("tháng 12 …, trước ngày 15"): which one is due is not clear.
    for (const d of clause) problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.periodMismatch });
    return;
  }
  const dropped = new Set<Draft>();
  const yearly = new Set<Draft>();
  const refuse = refuser(dropped, problems);
  const qIdx: number[] = [];
  const hIdx: number[] = [];
  for (let k = 0; k < clause.length; k++) {
    if (hosts[k]) hIdx.push(k);
    else if (units[k] !== null && units[k] !== undefined) qIdx.push(k);
  }
  // "Trước ngày 05/7 và ngày 05/01 năm sau, … báo cáo 6 tháng đầu năm và hàng năm": as many reports as days, all on
  // one side, are taken respectively.
  const respectively = qIdx.length >= 2 && qIdx.length === hIdx.length && (qIdx[qIdx.length - 1]! < hIdx[0]! || qIdx[0]! > hIdx[hIdx.length - 1]!);
  for (let n = 0; n < qIdx.length; n++) {
    const k = qIdx[n]!;
    const q = clause[k]!;
    const u = units[k]!;
    if (!anyHost) {
      if (q.qualifier) refuse(q, UNPARSED_REASONS.reportWithoutDate);
      continue;
    }
    // The host: the nearest dated part before the qualifier, else the nearest after it.
    let h = respectively ? hIdx[n]! : -1;
    // "6 tháng (trước ngày 10/6)", "Quý 1: ngày 30/4": a day right after the name, in brackets or after a colon, is its own.
    if (h < 0 && k + 1 < clause.length && hosts[k + 1] && clause[k + 1]!.labelStart === undefined && /^[ (:]*$/u.test(s.slice(q.end, clause[k + 1]!.start))) h = k + 1;
    for (let x = k - 1; x >= 0 && h < 0; x--) if (hosts[x]) h = x;
    for (let x = k + 1; x < clause.length && h < 0; x++) if (hosts[x]) h = x;
    const host = clause[h]!;
    const qb = q.body;
    const hb = host.body;
    const datedName = qb.kind === 'date' && qb.point.year !== null;
    // A report named with its year ("báo cáo năm 2024") beside a day with no year: which year is due is not written.
    const why = datedName && !(hb.kind === 'date' && hb.point.year !== null) ? UNPARSED_REASONS.periodMismatch : fold(host, u);
    if (why !== null) {
      // Not one rule, and two rules would give the policy's day beside a written one: nothing in the clause is trusted.
      for (const d of clause) refuse(d, why);
      return;
    }
    absorb(host, q);
    dropped.add(q);
    yearly.add(host);
  }
  const dayUnread = unreadDays.has(clause[0]!.clause);
  // §13.3: "Báo cáo kết quả 6 tháng đầu năm và cả năm": once one period of the clause is the period reported on, the
  // other bare periods listed with it name reports too, never deadlines.
  const reportedList = !anyHost && clause.some((d) => !dropped.has(d) && isReportedPeriod(d, s));
  for (const d of clause) {
    if (dropped.has(d)) continue;
    const b = d.body;
    if (dayUnread && b.kind === 'periodic' && !b.dueDay && !b.afterEnd && !b.anchor && !b.following) {
      // "Hàng năm … (unreadable) trước ngày 5/1": the written day was not read, so the policy's day is not used.
      refuse(d, UNPARSED_REASONS.dayUnread);
      continue;
    }
    if (
      clauseWords > PROSE_LABEL_WORDS &&
      (b.kind === 'continuous' || (b.kind === 'periodic' && !b.dueDay && !b.afterEnd && !b.anchor && b.weekday === undefined))
    ) {
      // "… CCHC là công việc thường xuyên, liên tục", "… phải được thực hiện định kỳ 6 tháng, hằng năm": a sentence,
      // not a cell; a duty whose days would all come from the policy is not read from it.
      refuse(d, UNPARSED_REASONS.prose);
      continue;
    }
    if (b.kind === 'event' && d.label !== undefined && VALIDITY.test(d.label)) {
      // "Giấy phép có giá trị 05 năm kể từ ngày cấp", "hồ sơ được lưu trữ 10 năm kể từ …": how long something lasts.
      refuse(d, UNPARSED_REASONS.validity);
      continue;
    }
    if (clauseWords > PROSE_LABEL_WORDS && b.kind === 'date' && b.point.unit === 'year' && b.point.year === null && !b.point.position) {
      // "… có biến động về tài sản, thu nhập trong năm …": in a sentence, a bare "trong năm / cả năm" scopes what
      // happens during the year; as a deadline its whole date (31/12 of the plan's year) would come from the plan.
      refuse(d, UNPARSED_REASONS.prose);
      continue;
    }
    if (b.kind === 'event' && b.offset === null && d.label !== undefined && wordCount(d.label) > 5) {
      // "việc thu hồi đất được tiến hành sau khi có kết luận …": an order of steps inside a sentence.
      refuse(d, UNPARSED_REASONS.afterOnly);
      continue;
    }
    if (d.needsHost) {
      refuse(d, UNPARSED_REASONS.bareMonth);
      continue;
    }
    if (!anyHost && (isReportedPeriod(d, s) || (reportedList && isBarePeriod(d)))) {
      // "báo cáo kết quả công tác CCHC quý III năm 2015" with no written day: the period reported on is not the due day.
      refuse(d, UNPARSED_REASONS.reportedPeriod);
      continue;
    }
    if (yearly.has(d) || d.relYear !== undefined) yearlyOnDay(d);
    out.push(d);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// After the scan: close open windows, settle "các năm tiếp theo", fill years from the plan, flag.

function partMaxYear(d: Draft): number | null {
  const b = d.body;
  switch (b.kind) {
    case 'date':
      return b.point.year;
    case 'window':
      return b.to.year;
    case 'open_start':
      return b.point.year;
    case 'periodic':
    case 'continuous':
      return b.years?.to ?? null;
    default:
      return null;
  }
}

interface Period {
  fromYear: number;
  toYear: number;
  from: string;
  to: string;
}

function contextPeriod(ctx: ParseContext | undefined): Period | null {
  if (!ctx?.from || !ctx.to) return null;
  const fy = Number(ctx.from.slice(0, 4));
  const ty = Number(ctx.to.slice(0, 4));
  if (!Number.isInteger(fy) || !Number.isInteger(ty) || ty < fy) return null;
  return { fromYear: fy, toYear: ty, from: ctx.from, to: ctx.to };
}

function firstDayIso(p: TimePoint): string | null {
  if (p.year === null) return null;
  switch (p.unit) {
    case 'day':
      return isoOf(p.year, p.month, p.day);
    case 'month':
      return isoOf(p.year, p.month, p.position === 'middle' ? 15 : 1);
    case 'quarter':
      return isoOf(p.year, p.quarter * 3 - 2, 1);
    case 'half_year':
      return isoOf(p.year, p.half === 1 ? 1 : 7, 1);
    case 'nine_months':
      return isoOf(p.year, 1, 1);
    case 'year':
      return isoOf(p.year, p.position === 'middle' ? 6 : 1, p.position === 'middle' ? 30 : 1);
  }
}

function lastDayIso(p: TimePoint): string | null {
  if (p.year === null) return null;
  switch (p.unit) {
    case 'day':
      return isoOf(p.year, p.month, p.day);
    case 'month':
      return p.position === 'start' ? isoOf(p.year, p.month, 1) : p.position === 'middle' ? isoOf(p.year, p.month, 15) : isoOf(p.year, p.month, daysInMonth(p.year, p.month));
    case 'quarter':
      return isoOf(p.year, p.quarter * 3, daysInMonth(p.year, p.quarter * 3));
    case 'half_year':
      return isoOf(p.year, p.half === 1 ? 6 : 12, p.half === 1 ? 30 : 31);
    case 'nine_months':
      return isoOf(p.year, 9, 30);
    case 'year':
      return p.position === 'start' ? isoOf(p.year, 1, 1) : p.position === 'middle' ? isoOf(p.year, 6, 30) : isoOf(p.year, 12, 31);
  }
}

function postProcess(drafts: Draft[], problems: Problem[], period: Period | null): Draft[] {
  const out: Draft[] = [];
  for (let x = 0; x < drafts.length; x++) {
    const d = drafts[x]!;
    if (d.body.kind === 'open_start') {
      // §4.3: "Từ tháng 6/2015; kết thúc … vào tháng 10/2015" — the next date closes the window.
      const next = drafts[x + 1];
      if (next && next.body.kind === 'date' && next.body.bound === 'by') {
        const from = d.body.point.year === null && next.body.point.year !== null ? withYear(d.body.point, next.body.point.year) : d.body.point;
        const a = monthSpan(from);
        const b = monthSpan(next.body.point);
        if (!a || !b || b[1] >= a[0]) {
          const merged = draft({ kind: 'window', from, to: next.body.point, ...(from.year !== null ? { yearSource: 'text' as const } : {}) }, d.start, d.end);
          merged.extra = [[next.labelStart ?? next.start, next.end], ...d.extra, ...next.extra];
          merged.clause = next.clause;
          if (next.label ?? d.label) merged.label = next.label ?? d.label;
          if (d.labelStart !== undefined) merged.labelStart = d.labelStart;
          out.push(merged);
          x++;
          continue;
        }
      }
      problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.openStart });
      continue;
    }
    if ((d.body.kind === 'periodic' || d.body.kind === 'continuous') && d.body.following) {
      let prevYear: number | null = null;
      for (const p of out) {
        const y = partMaxYear(p);
        if (y !== null && (prevYear === null || y > prevYear)) prevYear = y;
      }
      if (prevYear === null) {
        problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.following });
        continue;
      }
      const to = d.body.years?.to;
      const years = to === undefined ? { from: prevYear + 1 } : { from: prevYear + 1, to };
      if (to !== undefined && to < prevYear + 1) {
        problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.reversed });
        continue;
      }
      d.body = d.label !== undefined && MAINTAIN.test(d.label)
        ? { kind: 'continuous', years, following: true }
        : { ...d.body, kind: 'periodic', reports: ['year'], anchor: { unit: 'year' }, years, following: true } as PartBody;
    }
    out.push(d);
  }
  return fillYears(out, problems, period);
}

/** §9.1: years missing from a phrase come from a single-year plan; in a multi-year plan they are unreadable. */
function fillYears(drafts: Draft[], problems: Problem[], period: Period | null): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const b = d.body;
    const points: TimePoint[] = b.kind === 'date' ? [b.point] : b.kind === 'window' ? [b.from, b.to] : [];
    const eventPoint = d.eventPoint;
    if (eventPoint) points.push(eventPoint);
    const missing = points.some((p) => p.year === null);
    if (missing && period) {
      if (period.fromYear !== period.toYear) {
        problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.multiYear });
        continue;
      }
      const y = period.fromYear;
      if (b.kind === 'date') {
        withYear(b.point, y);
        b.yearSource = 'context';
      } else if (b.kind === 'window') {
        const from = b.from.year === null ? withYear(b.from, y) : b.from;
        const to = b.to.year === null ? withYear(b.to, y) : b.to;
        const fm = monthSpan(from)!;
        const tm = monthSpan(to)!;
        if (tm[1] < fm[0]) {
          problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.reversed });
          continue;
        }
        b.yearSource = 'context';
      } else if (b.kind === 'event' && eventPoint && eventPoint.unit === 'day') {
        if (!isValidYmd(y, eventPoint.month, eventPoint.day)) {
          problems.push({ start: d.start, end: d.end, reason: UNPARSED_REASONS.invalidDay });
          continue;
        }
        b.eventDate = isoOf(y, eventPoint.month, eventPoint.day);
      }
      d.flags.push('year_from_plan');
    }
    if (d.body.kind === 'date' && d.body.point.unit === 'day' && d.body.point.year !== null) {
      const p = d.body.point;
      if (!isValidYmd(p.year!, p.month, p.day)) {
        problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.invalidDay });
        continue;
      }
    }
    if (period) flagAgainstPeriod(d, period);
    out.push(d);
  }
  return out;
}

function flagAgainstPeriod(d: Draft, period: Period): void {
  const b = d.body;
  let first: string | null = null;
  let last: string | null = null;
  if (b.kind === 'date') first = last = lastDayIso(b.point);
  else if (b.kind === 'window') {
    first = firstDayIso(b.from);
    last = lastDayIso(b.to);
  } else if ((b.kind === 'periodic' || b.kind === 'continuous') && b.years) {
    first = `${b.years.from}-01-01`;
    last = b.years.to === undefined ? null : `${b.years.to}-12-31`;
  }
  if (last !== null && last < period.from) d.flags.push('before_plan_period');
  else if (first !== null && first < period.from) d.flags.push('starts_before_plan_period');
  if (first !== null && first > period.to) d.flags.push('after_plan_period');
}

// ---------------------------------------------------------------------------------------------------------------

function toOriginal(n: NormalizedText, s: number, e: number): Span {
  if (e <= s) {
    const at = s < n.start.length ? n.start[s]! : n.end[n.end.length - 1] ?? 0;
    return { start: at, end: at };
  }
  return { start: n.start[s]!, end: n.end[e - 1]! };
}

function mergeSpans(spans: Span[]): Span[] {
  if (spans.length === 1) return spans[0]!.end > spans[0]!.start ? spans : [];
  const sorted = spans.filter((x) => x.end > x.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const sp of sorted) {
    const last = out[out.length - 1];
    if (last && sp.start <= last.end) last.end = Math.max(last.end, sp.end);
    else out.push({ ...sp });
  }
  return out;
}

/**
 * Reads a deadline phrase (one cell of a plan's "Thời gian" column) into a versioned rule.
 * Never throws: what it cannot read comes back in `unparsed` with a Vietnamese reason.
 *
 * @param text the cell as written (HTML list markup, line breaks and abbreviations allowed)
 * @param context the plan period; years missing from the phrase come from it when it spans one calendar year
 */
export function parseDeadline(text: string, context?: ParseContext): DeadlineRule {
  const input = typeof text === 'string' ? text : String(text ?? '');
  if (input.length > MAX_DEADLINE_CHARS) {
    return { v: 1, input, parts: [], unparsed: [{ start: 0, end: input.length, text: input, reason: UNPARSED_REASONS.tooLong }], ignored: [] };
  }
  try {
    return parseUnsafe(input, context);
  } catch (err) {
    // A bug, not a user error: report the whole input rather than throw at the caller.
    const reason = `lỗi nội bộ khi đọc: ${err instanceof Error ? err.message : String(err)}`;
    return { v: 1, input, parts: [], unparsed: input.length > 0 ? [{ start: 0, end: input.length, text: input, reason }] : [], ignored: [] };
  }
}

function parseUnsafe(input: string, context?: ParseContext): DeadlineRule {
  const n = normalizeDeadlineText(input);
  const scanned = scan(n.text);
  const problems = scanned.problems;
  let drafts = compose(n.text, scanned.drafts, problems);
  if (drafts.length > 0 && problems.some((p) => UNREAD_REASONS.has(p.reason) && hasUnreadDay(n.text.slice(p.start, p.end)))) {
    // §13.9: a written day that could not be read may be one of the cell's deadlines: reading the others alone would
    // give an incomplete set that looks complete. Nothing of the cell is read.
    for (const d of drafts) problems.push({ start: d.labelStart ?? d.start, end: d.end, reason: UNPARSED_REASONS.incomplete });
    drafts = [];
  }
  drafts = sentenceLevel(n.text, drafts, problems);
  const period = contextPeriod(context);
  const finalDrafts = postProcess(drafts, problems, period);
  const parts: DeadlinePart[] = [];
  const covered: Span[] = [];
  for (const d of finalDrafts) {
    const first = toOriginal(n, d.labelStart ?? d.start, d.end);
    let spans: Span[];
    if (d.extra.length === 0) spans = first.end > first.start ? [first] : [];
    else spans = mergeSpans([first, ...d.extra.map(([s, e]) => toOriginal(n, s, e))]);
    // The body is a fresh object made for this parse: completing it in place avoids copying it.
    const part = d.body as DeadlinePart;
    part.text = spans.length === 1 ? input.slice(spans[0]!.start, spans[0]!.end) : spans.map((sp) => input.slice(sp.start, sp.end)).join(' … ');
    part.spans = spans;
    if (d.label !== undefined) part.label = d.label;
    if (d.flags.length > 0) part.flags = d.flags.length === 1 ? d.flags : [...new Set(d.flags)];
    parts.push(part);
    for (const sp of spans) covered.push(sp);
  }
  const unparsed: UnparsedSpan[] = [];
  for (const p of problems) {
    const o = toOriginal(n, p.start, p.end);
    if (o.end > o.start) unparsed.push({ start: o.start, end: o.end, text: input.slice(o.start, o.end), reason: p.reason });
  }
  if (unparsed.length > 1) unparsed.sort((a, b) => a.start - b.start);
  for (const u of unparsed) covered.push(u);
  const rule: DeadlineRule = { v: 1, input, parts, unparsed, ignored: complement(covered.length > 1 ? mergeSpans(covered) : covered, input.length) };
  // §13.10: a part with another defensible reading offers the whole cell read that way.
  for (let k = 0; k < finalDrafts.length; k++) {
    const alt = finalDrafts[k]!.alternative;
    if (!alt) continue;
    const base = parts[k]!;
    const other = { ...alt.body, text: base.text, spans: base.spans, ...(base.label !== undefined ? { label: base.label } : {}) } as DeadlinePart;
    (rule.alternatives ??= []).push({ parts: parts.map((p, j) => (j === k ? other : p)), note: alt.note });
  }
  return rule;
}

// ---------------------------------------------------------------------------------------------------------------
// §13.13 The sentence as a whole: what a part read inside it is, once the whole sentence is seen.

/** Words that tell a past or reported happening (news of meetings, acts done): a date inside is when it happened. */
const PAST_EVENT = /(?:^|[\s,(])(?:đã(?! được)|vừa|đồng chí|khai mạc|diễn ra|tiếp xúc cử tri|(?:báo cáo|thông tin) tóm tắt|tổ chức (?:các |một )?(?:hội nghị|kỳ họp|phiên họp|cuộc họp|họp)|họp (?:phiên|thường kỳ)|phiên họp)(?=[\s,.;:)]|$)|^(?:vào )?(?:sáng|chiều|tối|trưa|lúc) (?:ngày |nay |qua )?\d|^vào lúc /u;
/** Words that give a duty a deadline: with any of them the sentence may be a rule, and the past-event test stays out. */
const DEADLINE_CUE = /(?<![\p{L}])(?:trước|chậm nhất|muộn nhất|không muộn|thời hạn|hạn (?:chót|nộp|gửi)|hoàn thành|hoàn tất|kể từ|nộp|gửi|đến hết|trong (?:thời gian|thời hạn|vòng) \d|hằng (?:ngày|tuần|tháng|quý|năm)|hàng (?:ngày|tuần|tháng|quý|năm))(?![\p{L}])/u;
/** A period that already passed ("đã hơn 2 tuần kể từ") or a least length ("ít nhất là 05 ngày"), right before a number. */
const ELAPSED_BEFORE = /(?:ít nhất|tối thiểu|đã (?:hơn |gần |quá |được |trôi qua )?)\s*(?:là |khoảng )?$/u;
/** "… trùng với ngày nghỉ … thì … ngày làm việc tiếp theo": the roll-forward rule of BLDS 2015 điều 148.5. */
const ROLL_FORWARD = /trùng (?:vào |với )?(?:các |những )?ngày (?:nghỉ|lễ)/u;
/** The end of a calendar period named as an event, in either order ("năm ngân sách kết thúc", "kết thúc quý"). */
const NAMED_PERIOD_END = /(?:^|\s)(?:năm|quý|tháng|kỳ)(?: [\p{L}]+){0,3} kết thúc|kết thúc (?:năm|quý|tháng|kỳ)(?![\p{L}])/u;
/** Deadline words inside a span that could not be read. */
const UNREAD_DEADLINE = /(?:chậm nhất|muộn nhất|không muộn hơn|trước ngày|thời hạn (?:gửi|nộp|báo cáo))/u;

/** The last of the sorted `marks` before `at`, or -1. */
function lastBefore(marks: readonly number[], at: number): number {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (marks[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? marks[lo - 1]! : -1;
}

/** The first of the sorted `marks` at or after `at`, or `none`. */
function firstAfter(marks: readonly number[], at: number, none: number): number {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (marks[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < marks.length ? marks[lo]! : none;
}

/** Words in s[from, to), counting up to 21 (enough for the prose test) so the work stays bounded per part. */
function wordsBetween(s: string, from: number, to: number): number {
  let n = 0;
  let inWord = false;
  for (let i = from; i < to && n <= 21; i++) {
    const space = s.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/**
 * A year range that names a term or a programme's stage: "nhiệm kỳ 2021 -2026"; "giai đoạn 2011 - 2020" after a
 * programme's name or "định hướng / tổng kết / sơ kết" in its clause. A cell "Giai đoạn 2012-2015; …" or "thực hiện
 * giai đoạn 2012-2013" stays a window.
 */
function termOrStage(s: string, d: Draft, clauseFrom: number): boolean {
  const near = s.slice(Math.max(0, d.start - 14), d.start + 22);
  if (/nhiệm kỳ\s*(?:từ\s*)?(?:năm\s*)?\d/u.test(near)) return true;
  if (!/giai đoạn\s*(?:từ\s*)?(?:năm\s*)?\d/u.test(near)) return false;
  return /(?:chương trình|kế hoạch|đề án|chiến lược|quy hoạch|nghị quyết|dự án|định hướng|tổng kết|sơ kết)(?![\p{L}])/u.test(s.slice(clauseFrom, d.start + 1));
}

function isPolicyDefault(d: Draft): boolean {
  const b = d.body;
  return b.kind === 'periodic' && !b.dueDay && !b.afterEnd && !b.anchor && !b.following && b.weekday === undefined;
}

function periodicUnits(d: Draft): PeriodUnit[] {
  const b = d.body;
  return b.kind === 'periodic' && b.reports !== 'policy' ? b.reports : [];
}

/**
 * §13.13: rules that need the whole sentence. A part refused here is reported unparsed with its reason; the others
 * stay. Each rule only takes parts away, so it can turn a reading into "unparsed" but never into another date.
 */
function sentenceLevel(s: string, drafts: Draft[], problems: Problem[]): Draft[] {
  if (drafts.length === 0) return drafts;
  const refuseAll = (reason: string): Draft[] => {
    for (const d of drafts) problems.push({ start: d.labelStart ?? d.start, end: d.end, reason });
    return [];
  };
  // A worked example of a rule ("Ví dụ 2: Bà B … tháng 10 năm 2015 …") tells a case, not a duty.
  if (/^\s*\(?\s*ví dụ(?![\p{L}])/u.test(s)) return refuseAll(UNPARSED_REASONS.example);
  // News of a meeting or of something done, with no deadline word anywhere: its dates are when things happened.
  if (PAST_EVENT.test(s) && !DEADLINE_CUE.test(s)) return refuseAll(UNPARSED_REASONS.pastEvent);
  // "Do ngày 1-1-2017 rơi vào ngày Chủ nhật nên người lao động sẽ được nghỉ bù …": a calendar of days off (§13.9).
  if (/nghỉ bù(?![\p{L}])/u.test(s)) return refuseAll(UNPARSED_REASONS.holiday);
  // A deadline word in a span that was not read: the parts read may be only some of the sentence's deadlines.
  if (problems.some((p) => (UNREAD_REASONS.has(p.reason) || p.reason === UNPARSED_REASONS.periodMismatch) && UNREAD_DEADLINE.test(s.slice(p.start, p.end)))) return refuseAll(UNPARSED_REASONS.deadlineUnread);
  const written = drafts.filter((d) => !isPolicyDefault(d) && d.body.kind !== 'open_start');
  // Offsets of clause marks, found once so every part's clause is a binary search (§12.1: linear work).
  const clauseMarks: number[] = [];
  const stageMarks: number[] = [];
  const stretchMarks: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 59 || c === 10 || c === 46) clauseMarks.push(i); // ; \n .
    if (c === 59 || c === 10 || c === 44) stageMarks.push(i); // ; \n ,
  }
  for (const m of s.matchAll(/kéo dài/gu)) stretchMarks.push(m.index);
  const cutoffAt = s.search(/chốt số liệu/u);
  const rollForward = ROLL_FORWARD.test(s);
  let events = 0;
  for (const d of drafts) if (d.body.kind === 'event') events++;
  const out: Draft[] = [];
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k]!;
    const b = d.body;
    const from = d.labelStart ?? d.start;
    const before = s.slice(Math.max(0, d.start - 30), d.start);
    const clauseStart = lastBefore(clauseMarks, d.start) + 1;
    let reason: string | null = null;
    if (b.kind === 'event' && ELAPSED_BEFORE.test(before)) reason = UNPARSED_REASONS.elapsed;
    else if (b.kind === 'event' && NAMED_PERIOD_END.test(b.eventText)) {
      // "16 tháng sau khi năm ngân sách kết thúc": a period counted from a period's end that §13.7 did not read as
      // such; read as an event it would wait for a recorded "event" that is a calendar date.
      reason = UNPARSED_REASONS.periodEndUnknown;
    } else if (b.kind === 'date' && k > 0 && drafts[k - 1]!.body.kind === 'on_demand' && /số\s*[\d]/u.test(s.slice(drafts[k - 1]!.start, drafts[k - 1]!.end)) && /^\s*,\s*(?:ban hành\s*)?$/u.test(s.slice(drafts[k - 1]!.end, d.start))) {
      // "(Theo Công văn số 6202/UBND-KT, ngày 23/11/2023)": the cited document's date after its number's comma.
      reason = UNPARSED_REASONS.documentDate;
    } else if (b.kind === 'window' && b.from.unit === 'year' && termOrStage(s, d, Math.max(lastBefore(stageMarks, d.start) + 1, d.start - 200))) {
      // "… nhiệm kỳ 2021 -2026", "Tổng kết Chương trình … giai đoạn 2011 - 2020, định hướng giai đoạn 2021 - 2030": in a
      // sentence, a term or a stage names a period; a plan cell "Giai đoạn 2021-2025" (a few words) stays a window.
      reason = UNPARSED_REASONS.programmePeriod;
    }
    else if (b.kind === 'periodic' && b.dueDay?.month === 'period_last' && b.reports !== 'policy' && !b.reports.includes('quarter') && /(?:tháng )?cuối (?:mỗi |của )?quý/u.test(s.slice(from, d.end))) {
      // "… trước ngày 10 của tháng cuối quý" read on reports that are not quarterly: the period and the day disagree.
      reason = UNPARSED_REASONS.periodMismatch;
    }
    else if (b.kind === 'event' && lastBefore(stretchMarks, d.start) >= clauseStart && events > 1) {
      // "không quá 45 ngày …; đối với vụ việc phức tạp thì … có thể kéo dài hơn nhưng không quá 60 ngày": the
      // longer limit is an exception of the first one, not a second deadline.
      reason = UNPARSED_REASONS.extension;
    } else if (b.kind === 'event' && rollForward && b.offset !== null && b.offset.amount <= 1) reason = UNPARSED_REASONS.rollForward;
    else if (k === 0 && drafts.length > 1 && (b.kind === 'date' || b.kind === 'window') && from <= 2 && /^\s*:/u.test(s.slice(d.end, d.end + 3))) {
      // "Trước ngày 01/07/2020: Chậm nhất 30 ngày kể từ …": the heading says which regime applies.
      reason = UNPARSED_REASONS.regimeScope;
    } else if ((b.kind === 'date' || b.kind === 'window') && /riêng (?:trong |đối với |với |cho )?$/u.test(s.slice(Math.max(0, d.start - 16), d.start)) && written.some((o) => o !== d)) {
      // "Riêng trong quý I năm 2019, gửi trước ngày 05/5/2019": the period the exception is for.
      reason = UNPARSED_REASONS.exceptionScope;
    } else if (isPolicyDefault(d)) {
      const units = periodicUnits(d);
      // §13.2 across clauses: "Báo cáo được thực hiện hàng năm; thời hạn … chậm nhất 03 tháng sau khi kết thúc
      // năm": the written day of the same reports beats the policy's.
      if (units.length > 0 && written.some((o) => periodicUnits(o).some((u) => units.includes(u)))) reason = UNPARSED_REASONS.dayUnread;
      // "Việc kê khai hằng năm và kê khai bổ sung sẽ thực hiện cuối năm 2021": with a written date in the sentence the
      // policy's day is never added beside it (issue #11 rule 2: an explicit day beats every default).
      else if (written.some((o) => (o.body.kind === 'date' || o.body.kind === 'window') && !/[;\n]/u.test(o.start < d.start ? s.slice(o.end, d.start) : s.slice(d.end, o.start)))) {
        reason = UNPARSED_REASONS.dayUnread;
      } else if (cutoffAt >= 0 && cutoffAt < d.start) reason = UNPARSED_REASONS.dataCutoff;
      // A long sentence whose periodic duty has no written day: the policy's day would be a guess (§13.9 prose).
      else if (wordsBetween(s, clauseStart, firstAfter(clauseMarks, d.end, s.length)) > 20) reason = UNPARSED_REASONS.prose;
    }
    if (reason !== null) problems.push({ start: from, end: d.end, reason });
    else out.push(d);
  }
  return out;
}

/** The ranges of [0, length) not covered by sorted, disjoint spans. */
function complement(covered: Span[], length: number): Span[] {
  const ignored: Span[] = [];
  let at = 0;
  for (const c of covered) {
    if (c.start > at) ignored.push({ start: at, end: c.start });
    at = Math.max(at, c.end);
  }
  if (at < length) ignored.push({ start: at, end: length });
  return ignored;
}
