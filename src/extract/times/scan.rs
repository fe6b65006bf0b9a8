//! The scanner: reads a text sentence by sentence, tries the time grammar at each char and keeps
//! the longest match, then resolves it against the reference date and the dates named before it.

use super::calendar::{self, Festival};
use super::numeral::{Num, NumKind, parse_num};
use super::{Mod, Precision, TimeMention, add_months, days_between, month_last_day};
use chrono::{Datelike as _, Duration, NaiveDate};
use std::collections::HashSet;
use std::sync::LazyLock;

pub fn find(text: &str, reference: Option<NaiveDate>) -> Vec<TimeMention> {
    let chars: Vec<char> = text.chars().collect();
    let mut scanner = Scanner {
        s: &chars,
        sent_start: 0,
        sent_end: 0,
        reference,
        sentence_day: None,
        sentence_year: None,
        last_day: None,
        last_year: None,
        sentence_anchor: None,
        prev_anchor: None,
        out: Vec::new(),
    };
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '。' | '！' | '？' | '；' | ';' | '!' | '?' | '\n') {
            scanner.sentence(start, i + 1);
            start = i + 1;
        }
    }
    if start < chars.len() {
        scanner.sentence(start, chars.len());
    }
    scanner.out
}

/// Parts of a calendar date or clock time, as far as the text gives them.
#[derive(Debug, Clone, Copy, Default)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    part: Option<&'static str>,
    hour: Option<u32>,
    minute: Option<u32>,
    /// The year came from the text (a number or a relative word), so it never wraps.
    year_given: bool,
    /// A relative word that needs a reference date that is missing.
    unknown: bool,
}

impl Parts {
    fn has_clock(&self) -> bool {
        self.hour.is_some() || self.part.is_some()
    }

    /// The highest field the text names (0 year, 1 month, 2 day, 3 clock).
    fn top(&self) -> u8 {
        if self.year.is_some() {
            0
        } else if self.month.is_some() {
            1
        } else if self.day.is_some() {
            2
        } else {
            3
        }
    }

    fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)
    }

    fn set_date(&mut self, d: NaiveDate) {
        self.year = Some(d.year());
        self.month = Some(d.month());
        self.day = Some(d.day());
        self.year_given = true;
    }

    fn from_date(d: NaiveDate) -> Parts {
        let mut p = Parts::default();
        p.set_date(d);
        p
    }
}

/// Position inside a period: 初, 中, 底.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    Start,
    Mid,
    End,
}

#[derive(Debug, Clone)]
enum Val {
    Date(Parts),
    /// `a/b` of two dates.
    Range(Parts, Parts),
    Final(String, Precision),
    Duration(String),
    Vague,
}

#[derive(Debug, Clone)]
struct Hit {
    end: usize,
    val: Val,
    modifier: Mod,
    pos: Option<Pos>,
    /// A holiday followed by 期间/假期: the official days off.
    festival: Option<(Festival, Option<i32>, bool)>,
}

impl Hit {
    fn new(end: usize, val: Val) -> Hit {
        Hit {
            end,
            val,
            modifier: Mod::None,
            pos: None,
            festival: None,
        }
    }
}

struct Scanner<'a> {
    s: &'a [char],
    sent_start: usize,
    sent_end: usize,
    reference: Option<NaiveDate>,
    /// The last day and year named in the current sentence.
    sentence_day: Option<NaiveDate>,
    sentence_year: Option<i32>,
    /// The last day and year named anywhere before.
    last_day: Option<NaiveDate>,
    last_year: Option<i32>,
    /// The last plain date named in the current sentence and in the sentence before it: the
    /// anchors a narrative `10年后` counts from.
    sentence_anchor: Option<Anchor>,
    prev_anchor: Option<Anchor>,
    out: Vec<TimeMention>,
}

/// A plain date the text named: its first day and how much of it the text gave.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    day: NaiveDate,
    /// 0 year, 1 month, 2 day (as `Parts::top`).
    depth: u8,
}

impl Anchor {
    /// The anchor of a resolved value: `2008` (year), `2008-05` (month), `2008-05-12…` (day).
    fn of_value(value: &str) -> Option<Anchor> {
        let first = value.split('/').next()?.split('T').next()?;
        let (day, _) = super::value_range(first)?;
        let fields = first.split('-').count();
        let depth = match fields {
            1 => 0,
            2 if !first.contains('Q') && !first.contains('W') => 1,
            2 => 0,
            _ => 2,
        };
        Some(Anchor { day, depth })
    }
}

/// What a forward count (`N年后`, `N个月后`, `N天后`) counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfterBase {
    /// A date the text named just before.
    Anchor(NaiveDate),
    /// The sentence's day, else the reference date (forward-looking news).
    Reference,
    /// A length of time after something unnamed (时隔22年后, 成立23年后): no date.
    Duration,
}

/// What stands before a count: nothing of a clause (sentence start, punctuation), an interval word
/// (时隔), or the event the count runs from (成立, 去世).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeadIn {
    Bare,
    Interval,
    Event,
}

/// Adverbs and prepositions that may stand between a clause start or an interval word and a count
/// (在三年后, 时隔近两年, 短短五年后); longest first.
const COUNT_ADVERBS: &[&str] = &[
    "仅仅", "短短", "整整", "大约", "将近", "长达", "足足", "在", "于", "到", "约", "近", "仅",
    "只", "才", "又", "再", "就", "而", "并", "了",
];
/// Words of an interval before a count: 时隔22年, 阔别十年.
const INTERVAL_WORDS: &[&str] = &["时隔", "相隔", "间隔", "阔别", "暌违", "睽违", "隔"];
/// Forward-looking wording after a count (两年后将建成, 三年后相聚).
const FORWARD_WORDS: &[&str] = &[
    "将", "计划", "预计", "有望", "届时", "力争", "争取", "相聚", "重聚", "再见", "可以", "能够",
];
/// Past wording after a count: the count tells a story or a return (十年后，他终于…, 17年后再次访问).
const PAST_WORDS: &[&str] = &[
    "再次",
    "再度",
    "首次",
    "终于",
    "已经",
    "重返",
    "重新",
    "又一次",
];

const PARTS_OF_DAY: &[(&str, &str)] = &[
    ("上午", "MO"),
    ("早上", "MO"),
    ("早晨", "MO"),
    ("清晨", "MO"),
    ("凌晨", "NI"),
    ("中午", "MI"),
    ("午间", "MI"),
    ("下午", "AF"),
    ("午后", "AF"),
    ("傍晚", "EV"),
    ("晚上", "EV"),
    ("晚间", "EV"),
    ("夜间", "NI"),
    ("夜里", "NI"),
    ("深夜", "NI"),
    ("午夜", "NI"),
    ("半夜", "NI"),
];

/// Words that always denote a vague time (value empty).
const VAGUE: &[(&str, Mod)] = &[
    ("近年来", Mod::None),
    ("近年以来", Mod::None),
    ("近些年来", Mod::None),
    ("近些年", Mod::None),
    ("近几年来", Mod::None),
    ("近几年", Mod::None),
    ("近年", Mod::None),
    ("近来", Mod::None),
    ("日前", Mod::None),
    ("近日", Mod::None),
    ("近期", Mod::None),
    ("前不久", Mod::None),
    ("不久前", Mod::None),
    ("连日来", Mod::None),
    ("多年来", Mod::Since),
    ("长期以来", Mod::Since),
    ("多年以来", Mod::Since),
];

/// Relative days: offset from the reference date, and an optional part of day.
const REL_DAYS: &[(&str, i64, Option<&str>)] = &[
    ("大前天", -3, None),
    ("大后天", 3, None),
    ("今天", 0, None),
    ("今日", 0, None),
    ("昨天", -1, None),
    ("昨日", -1, None),
    ("明天", 1, None),
    ("明日", 1, None),
    ("前天", -2, None),
    ("后天", 2, None),
    ("今晨", 0, Some("MO")),
    ("今早", 0, Some("MO")),
    ("今晚", 0, Some("EV")),
    ("今夜", 0, Some("NI")),
    ("昨晚", -1, Some("EV")),
    ("昨夜", -1, Some("NI")),
    ("昨晨", -1, Some("MO")),
    ("明晚", 1, Some("EV")),
    ("明早", 1, Some("MO")),
    ("昨", -1, None),
];

/// Days counted from the date named earlier (offset; `true`: from the sentence only).
const ANCHOR_DAYS: &[(&str, i64, bool, Option<&str>)] = &[
    ("当天", 0, false, None),
    ("当日", 0, false, None),
    ("同日", 0, false, None),
    ("同一天", 0, false, None),
    ("当晚", 0, false, Some("EV")),
    ("当夜", 0, false, Some("NI")),
    ("次日", 1, true, None),
    ("翌日", 1, true, None),
    ("第二天", 1, true, None),
    ("第二日", 1, true, None),
    ("隔天", 1, true, None),
    ("第三天", 2, true, None),
    ("前一天", -1, true, None),
    ("前一日", -1, true, None),
];

const REL_YEARS: &[(&str, i32)] = &[
    ("大前年", -3),
    ("今年", 0),
    ("去年", -1),
    ("明年", 1),
    ("前年", -2),
    ("后年", 2),
    ("本年", 0),
    ("上年", -1),
    ("来年", 1),
];

const REL_MONTHS: &[(&str, i32)] = &[
    ("本月", 0),
    ("这个月", 0),
    ("上个月", -1),
    ("下个月", 1),
    ("上月", -1),
    ("下月", 1),
];

/// Holidays: name, festival, and whether the name needs a following word (期间, 前夕 …) because
/// alone it is also an ordinary word or a name (`七一勋章`, `政治清明`).
const FESTIVALS: &[(&str, Festival, bool)] = &[
    ("春节", Festival::LunarNewYear, false),
    ("除夕", Festival::NewYearsEve, false),
    ("大年三十", Festival::NewYearsEve, false),
    ("大年初一", Festival::LunarNewYear, false),
    ("元宵节", Festival::Lantern, false),
    ("元宵", Festival::Lantern, true),
    ("清明节", Festival::Qingming, false),
    ("清明", Festival::Qingming, true),
    ("端午节", Festival::DragonBoat, false),
    ("端午", Festival::DragonBoat, true),
    ("七夕节", Festival::Qixi, false),
    ("七夕", Festival::Qixi, false),
    ("中秋节", Festival::MidAutumn, false),
    ("中秋", Festival::MidAutumn, true),
    ("重阳节", Festival::DoubleNinth, false),
    ("重阳", Festival::DoubleNinth, true),
    ("腊八节", Festival::Laba, false),
    ("元旦", Festival::Fixed(1, 1), false),
    ("情人节", Festival::Fixed(2, 14), false),
    ("国际妇女节", Festival::Fixed(3, 8), false),
    ("三八妇女节", Festival::Fixed(3, 8), false),
    ("妇女节", Festival::Fixed(3, 8), false),
    ("植树节", Festival::Fixed(3, 12), false),
    ("五一国际劳动节", Festival::Fixed(5, 1), false),
    ("五一劳动节", Festival::Fixed(5, 1), false),
    ("国际劳动节", Festival::Fixed(5, 1), false),
    ("劳动节", Festival::Fixed(5, 1), false),
    ("五一", Festival::Fixed(5, 1), true),
    ("五四青年节", Festival::Fixed(5, 4), false),
    ("青年节", Festival::Fixed(5, 4), false),
    ("六一儿童节", Festival::Fixed(6, 1), false),
    ("国际儿童节", Festival::Fixed(6, 1), false),
    ("儿童节", Festival::Fixed(6, 1), false),
    ("六一", Festival::Fixed(6, 1), true),
    ("七一", Festival::Fixed(7, 1), true),
    ("八一建军节", Festival::Fixed(8, 1), false),
    ("建军节", Festival::Fixed(8, 1), false),
    ("八一", Festival::Fixed(8, 1), true),
    ("教师节", Festival::Fixed(9, 10), false),
    ("国庆节", Festival::Fixed(10, 1), false),
    ("国庆", Festival::Fixed(10, 1), true),
    ("十一", Festival::Fixed(10, 1), true),
    ("国家公祭日", Festival::Fixed(12, 13), false),
    ("平安夜", Festival::Fixed(12, 24), false),
    ("圣诞节", Festival::Fixed(12, 25), false),
];

/// The 24 solar terms in Gregorian order (index into the table) and whether the name is also an
/// ordinary word (`大雪` heavy snow), so it needs a year before or 节气 after.
const SOLAR_TERMS: &[(&str, usize, bool)] = &[
    ("小寒", 0, true),
    ("大寒", 1, true),
    ("立春", 2, false),
    ("雨水", 3, true),
    ("惊蛰", 4, false),
    ("春分", 5, false),
    ("谷雨", 7, false),
    ("立夏", 8, false),
    ("小满", 9, true),
    ("芒种", 10, false),
    ("夏至", 11, false),
    ("小暑", 12, false),
    ("大暑", 13, false),
    ("立秋", 14, false),
    ("处暑", 15, false),
    ("白露", 16, false),
    ("秋分", 17, false),
    ("寒露", 18, false),
    ("霜降", 19, true),
    ("立冬", 20, false),
    ("小雪", 21, true),
    ("大雪", 22, true),
    ("冬至", 23, false),
];

/// Five-year plans: name and first year.
const PLANS: &[(&str, i32)] = &[
    ("十一五", 2006),
    ("十二五", 2011),
    ("十三五", 2016),
    ("十四五", 2021),
    ("十五五", 2026),
];

/// Words after a festival that make it a time (and 期间-like ones: the holiday period).
const FESTIVAL_TAILS: &[(&str, Mod, bool)] = &[
    ("小长假", Mod::None, true),
    ("长假", Mod::None, true),
    ("假期", Mod::None, true),
    ("黄金周", Mod::None, true),
    ("期间", Mod::None, true),
    ("假日", Mod::None, true),
    ("前夕", Mod::Before, false),
    ("前后", Mod::Approx, false),
    ("之前", Mod::Before, false),
    ("之后", Mod::After, false),
    ("过后", Mod::After, false),
    ("当天", Mod::None, false),
    ("当日", Mod::None, false),
    ("之际", Mod::None, false),
    ("来临", Mod::None, false),
    ("到来", Mod::None, false),
    ("节气", Mod::None, false),
    ("时节", Mod::None, false),
    ("节", Mod::None, false),
];

/// Characters after `前`/`后`/`起` that make a word of them (前往, 后续, 起飞), not a qualifier.
const NOT_BEFORE: &str = "往进来去行所沿线景提身者列面方台端锋辈任哨移奏瞻途夕程兆车嫌科";
const NOT_AFTER: &str = "来续面方期勤卫备盾果人代世者台排腿悔劲援端撤退缀生辈院顾发座宫山患";
const NOT_SINCE: &str = "飞草诉义步航源落床伏见点码因身跑爆火名家色劲疑居降始到来哄重用";
/// Characters after `初` that make a word (初步, 初中).
const NOT_START: &str = "步次级中心衷见始创审选赛稿恋试具现露";
/// Words after a duration that make it a name or a service (1日游, 24小时热线, 7天无理由退货).
const DURATION_NOUNS: &[&str] = &[
    "游",
    "热线",
    "无理由",
    "制",
    "营业",
    "便利",
    "不打烊",
    "在线",
    "值班电话",
    "服务热线",
];

/// Chars that can open an expression: digits, numerals and the first char of every word the
/// grammar knows. Everything else is skipped at once.
static STARTERS: LazyLock<HashSet<char>> = LazyLock::new(|| {
    let mut set: HashSet<char> = HashSet::new();
    let mut add = |w: &str| set.extend(w.chars().next());
    VAGUE.iter().for_each(|t| add(t.0));
    REL_DAYS.iter().for_each(|t| add(t.0));
    ANCHOR_DAYS.iter().for_each(|t| add(t.0));
    REL_YEARS.iter().for_each(|t| add(t.0));
    REL_MONTHS.iter().for_each(|t| add(t.0));
    FESTIVALS.iter().for_each(|t| add(t.0));
    SOLAR_TERMS.iter().for_each(|t| add(t.0));
    PLANS.iter().for_each(|t| add(t.0));
    PARTS_OF_DAY.iter().for_each(|t| add(t.0));
    calendar::anchors().iter().for_each(|t| add(t.0));
    // Prefixes and openers spelled out in the grammar: 截至, 约, 党的, 中共, “, 上世纪, 本世纪,
    // 当年, 同月, 次年, 翌日, 今起, 今春, 去冬, 明春, 前三季度, 第三季度, 首季度, 半年, 数十年,
    // 几天, 上周, 下周, 本周, 这周, 周三, 星期五, 年底, 月初, 上旬, 中旬, 下旬.
    "截大约党中“\"「上本二当同次翌今去明前第首半数几下这周星年月"
        .chars()
        .for_each(|c| {
            set.insert(c);
        });
    set
});

/// Whether `word` begins with `c` (decodes one char; no byte comparison call).
fn opens_with(word: &str, c: char) -> bool {
    word.chars().next().is_some_and(|f| f == c)
}

fn can_start(c: char) -> bool {
    super::numeral::arabic_digit(c).is_some()
        || super::numeral::is_chinese_numeral(c)
        || STARTERS.contains(&c)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

impl Scanner<'_> {
    fn at(&self, j: usize) -> Option<char> {
        if j < self.sent_end {
            self.s.get(j).copied()
        } else {
            None
        }
    }

    /// End of `word` if the text at `j` spells it.
    fn lit(&self, j: usize, word: &str) -> Option<usize> {
        let mut k = j;
        for c in word.chars() {
            if self.at(k)? != c {
                return None;
            }
            k += 1;
        }
        Some(k)
    }

    /// The longest entry of `table` spelled at `j`, with its end.
    fn longest<T: Copy>(
        &self,
        j: usize,
        table: &[T],
        word: impl Fn(&T) -> &'static str,
    ) -> Option<(usize, T)> {
        let first = self.at(j)?;
        table
            .iter()
            .filter(|t| opens_with(word(t), first))
            .filter_map(|t| self.lit(j, word(t)).map(|e| (e, *t)))
            .max_by_key(|(e, _)| *e)
    }

    /// The longest `(word, value)` entry spelled at `j`.
    fn lit_any<T: Copy>(&self, j: usize, table: &[(&'static str, T)]) -> Option<(usize, T)> {
        self.longest(j, table, |t| t.0).map(|(e, t)| (e, t.1))
    }

    fn num(&self, j: usize) -> Option<Num> {
        if j >= self.sent_end {
            return None;
        }
        let n = parse_num(self.s, j)?;
        (n.end <= self.sent_end).then_some(n)
    }

    fn sentence(&mut self, start: usize, end: usize) {
        self.sent_start = start;
        self.sent_end = end;
        self.sentence_day = None;
        self.sentence_year = None;
        // A blank line between paragraphs is no sentence: the anchor before it stays.
        let blank = self
            .s
            .get(start..end)
            .is_none_or(|w| w.iter().all(|c| c.is_whitespace()));
        if !blank {
            self.prev_anchor = self.sentence_anchor.take();
        }
        let mut i = start;
        while i < end {
            match self.hit_at(i) {
                Some(hit) if hit.end > i => {
                    let hit_end = hit.end;
                    self.emit(i, hit);
                    i = hit_end;
                }
                _ => i += 1,
            }
        }
    }

    // ----- the grammar -----

    /// The longest time expression starting at `i`, with prefixes and qualifiers.
    fn hit_at(&self, i: usize) -> Option<Hit> {
        let c = self.at(i)?;
        // Prefixes: 截至 (until), 约 (approx).
        let prefixes: [(&str, Mod); 7] = [
            ("截至到", Mod::Until),
            ("截止到", Mod::Until),
            ("截至", Mod::Until),
            ("截止", Mod::Until),
            ("大约", Mod::Approx),
            ("大概", Mod::Approx),
            ("约", Mod::Approx),
        ];
        if matches!(c, '截' | '大' | '约') {
            for (word, m) in prefixes {
                if let Some(e) = self.lit(i, word)
                    && let Some(mut hit) = self.core_at(e)
                {
                    if m == Mod::Until || hit.modifier == Mod::None {
                        hit.modifier = m;
                    }
                    return Some(hit);
                }
            }
        }
        self.core_at(i)
    }

    fn core_at(&self, i: usize) -> Option<Hit> {
        let c = self.at(i)?;
        if !can_start(c) {
            return None;
        }
        let prev = i.checked_sub(1).and_then(|p| self.s.get(p)).copied();
        if prev == Some('第') {
            // 第三天: an ordinal.
            return None;
        }
        let near = self
            .s
            .get(i.saturating_sub(3).max(self.sent_start)..i)
            .unwrap_or_default();
        if near.contains(&'每') {
            // 每年3月, 每天上午, 每个周六: a set of times, not one.
            return None;
        }
        // 如今, 至今, 当今 (如今年轻人); 光明日报; 多架次日本; 20来年.
        let glued = match c {
            '今' => "如至迄当而古现",
            '明' => "光黎清文鲜聪开透说表证声",
            '次' => {
                "架人车班航场批轮频名档层位席依屡首多每这上此本该历初再几数渐其一二两三四五六七八九十"
            }
            '来' => "0123456789０１２３４５６７８９一二三四五六七八九十百千",
            _ => "",
        };
        if prev.is_some_and(|p| glued.contains(p)) {
            return None;
        }
        let mut best: Option<Hit> = None;
        let mut keep = |h: Option<Hit>| {
            if let Some(h) = h
                && best.as_ref().is_none_or(|b| h.end > b.end)
            {
                best = Some(h);
            }
        };
        keep(self.vague_at(i));
        keep(self.era_at(i));
        keep(self.plan_at(i));
        keep(self.decade_at(i));
        keep(self.date_chain_at(i));
        keep(self.duration_at(i));
        keep(self.range_at(i));
        if matches!(c, '年' | '月' | '上' | '中' | '下') {
            keep(self.period_word_at(i));
        }
        best.map(|h| self.with_suffix(h))
    }

    fn vague_at(&self, i: usize) -> Option<Hit> {
        let (e, m) = self.lit_any(i, VAGUE)?;
        let mut hit = Hit::new(e, Val::Vague);
        hit.modifier = m;
        Some(hit)
    }

    /// 党的十八大以来, 改革开放以来, 新中国成立后.
    fn era_at(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        for prefix in ["中国共产党第", "中国共产党", "党的", "中共"] {
            if let Some(e) = self.lit(j, prefix) {
                j = e;
                break;
            }
        }
        let first = self.at(j)?;
        let (mut e, value) = calendar::anchors()
            .iter()
            .filter(|(n, _)| opens_with(n, first))
            .find_map(|(n, v)| self.lit(j, n).map(|e| (e, *v)))?;
        for verb in [
            "胜利召开",
            "召开",
            "闭幕",
            "开幕",
            "提出",
            "实施",
            "启动",
            "举行",
        ] {
            if let Some(k) = self.lit(e, verb) {
                e = k;
                break;
            }
        }
        let (end, modifier) = self.relation_at(e)?;
        let precision = if value.contains('-') {
            Precision::Month
        } else {
            Precision::Year
        };
        let mut hit = Hit::new(end, Val::Final(value.to_string(), precision));
        hit.modifier = modifier;
        Some(hit)
    }

    /// A relation word after an anchor: 以来, 之后, 前 …
    fn relation_at(&self, j: usize) -> Option<(usize, Mod)> {
        let words: [(&str, Mod); 10] = [
            ("以来", Mod::Since),
            ("至今", Mod::Since),
            ("之后", Mod::After),
            ("以后", Mod::After),
            ("之前", Mod::Before),
            ("以前", Mod::Before),
            ("前夕", Mod::Before),
            ("前后", Mod::Approx),
            ("后", Mod::After),
            ("前", Mod::Before),
        ];
        for (w, m) in words {
            if let Some(e) = self.lit(j, w) {
                if w == "后" && self.at(e).is_some_and(|c| NOT_AFTER.contains(c)) {
                    continue;
                }
                if w == "前" && self.at(e).is_some_and(|c| NOT_BEFORE.contains(c)) {
                    continue;
                }
                return Some((e, m));
            }
        }
        None
    }

    /// “十四五”时期 (2021/2025), “十四五”以来 (2021 since).
    fn plan_at(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let quoted = matches!(self.at(j), Some('“' | '"' | '「'));
        if quoted {
            j += 1;
        }
        let (mut e, first) = self.lit_any(j, PLANS)?;
        if quoted {
            if matches!(self.at(e), Some('”' | '"' | '」')) {
                e += 1;
            } else {
                return None;
            }
        }
        let last = first + 4;
        for (w, val) in [
            (
                "期间",
                Val::Final(format!("{first}/{last}"), Precision::Interval),
            ),
            (
                "时期",
                Val::Final(format!("{first}/{last}"), Precision::Interval),
            ),
        ] {
            if let Some(k) = self.lit(e, w) {
                return Some(Hit::new(k, val));
            }
        }
        for (w, year, pos) in [
            ("末期", last, Pos::End),
            ("末", last, Pos::End),
            ("初期", first, Pos::Start),
            ("开局之年", first, Pos::Start),
        ] {
            if let Some(k) = self.lit(e, w) {
                let mut hit = Hit::new(k, Val::Final(year.to_string(), Precision::Year));
                if w != "开局之年" {
                    hit.modifier = pos_mod(pos);
                }
                return Some(hit);
            }
        }
        let (k, m) = self.relation_at(e)?;
        let year = first;
        let mut hit = Hit::new(k, Val::Final(year.to_string(), Precision::Year));
        hit.modifier = m;
        Some(hit)
    }

    /// 90年代, 20世纪90年代, 上世纪八十年代, 1990年代.
    fn decade_at(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut century = None;
        for (w, c) in [
            ("上个世纪", 1900),
            ("上世纪", 1900),
            ("本世纪", 2000),
            ("二十一世纪", 2000),
            ("二十世纪", 1900),
            ("21世纪", 2000),
            ("20世纪", 1900),
            ("１９世纪", 1800),
            ("19世纪", 1800),
        ] {
            if let Some(e) = self.lit(j, w) {
                century = Some(c);
                j = e;
                break;
            }
        }
        let n = self.num(j)?;
        let e = self.lit(n.end, "年代")?;
        let v = n.whole()?;
        let start = if n.is_four_digits() {
            (1000..=2200).contains(&v).then_some(v as i32)?
        } else if v < 100 && v % 10 == 0 {
            let base = century.unwrap_or(1900);
            if v == 0 && century.is_none() {
                return None;
            }
            base + v as i32
        } else {
            return None;
        };
        if start % 10 != 0 {
            return None;
        }
        let mut hit = Hit::new(
            e,
            Val::Final(format!("{start}/{}", start + 9), Precision::Decade),
        );
        if let Some((k, pos)) = self.position_at(e, true) {
            hit.end = k;
            hit.pos = Some(pos);
        }
        Some(hit)
    }

    /// 初, 中, 底, 末, 上旬, 中旬, 下旬 after a year, month or decade.
    fn position_at(&self, j: usize, month_like: bool) -> Option<(usize, Pos)> {
        let c = self.at(j)?;
        let next = self.at(j + 1);
        match c {
            '初' if !next.is_some_and(|n| NOT_START.contains(n)) => {
                Some((self.lit(j, "初期").unwrap_or(j + 1), Pos::Start))
            }
            '底' => Some((j + 1, Pos::End)),
            '末' => Some((self.lit(j, "末期").unwrap_or(j + 1), Pos::End)),
            '中' => {
                if let Some(e) = self.lit(j, "中期") {
                    return Some((e, Pos::Mid));
                }
                // 年中 only before a boundary or a relation (年中国… is 年 + 中国).
                let ok = next.is_none_or(|n| !is_cjk(n) || "以前后时的起至到左旬".contains(n));
                if next == Some('旬') && month_like {
                    return Some((j + 2, Pos::Mid));
                }
                ok.then_some((j + 1, Pos::Mid))
            }
            '上' if month_like => self.lit(j, "上旬").map(|e| (e, Pos::Start)),
            '下' if month_like => self.lit(j, "下旬").map(|e| (e, Pos::End)),
            _ => None,
        }
    }

    /// 年初, 年底, 月底, 上旬 …: the reference year or month and a position.
    fn period_word_at(&self, i: usize) -> Option<Hit> {
        let prev = i.checked_sub(1).and_then(|p| self.s.get(p)).copied();
        // 青年中, 岁月中: 年/月 is the end of another word.
        let ends_word = match self.at(i) {
            Some('年') => {
                "青少老中成新全每当同往早晚前去今明后近元末初周百千万亿多几数历逐长半整拜贺过跨丰荒童壮幼盛暮旧常终累连隔纪编学"
            }
            Some('月') => "岁蜜满日正腊风明赏登望本上下当同次每个闰数几半整累逐",
            // 上旬, 中旬, 下旬 right after a month belong to it.
            _ => "月",
        };
        let free = prev.is_none_or(|p| {
            !ends_word.contains(p)
                && !super::numeral::is_chinese_numeral(p)
                && super::numeral::arabic_digit(p).is_none()
        });
        let r = self.reference;
        let c = self.at(i)?;
        let (unit_end, year_level) = match c {
            '年' => (i + 1, true),
            '月' => (i + 1, false),
            _ => (i, false),
        };
        if c == '年' || c == '月' {
            if !free {
                return None;
            }
            if c == '年' && self.lit(i, "年内").is_some() {
                return Some(Hit::new(i + 2, Val::Date(self.ref_parts(true))));
            }
        }
        if !matches!(c, '年' | '月') && self.lit(i + 1, "旬").is_none() {
            return None;
        }
        let (e, pos) = self.position_at(unit_end, !year_level)?;
        if c != '年' && c != '月' && !free {
            return None;
        }
        let mut p = self.ref_parts(year_level);
        if r.is_none() {
            p.unknown = true;
        }
        let mut hit = Hit::new(e, Val::Date(p));
        hit.pos = Some(pos);
        Some(hit)
    }

    /// The reference year (or year and month) as parts.
    fn ref_parts(&self, year_only: bool) -> Parts {
        let mut p = Parts {
            year_given: true,
            ..Parts::default()
        };
        match self.reference {
            Some(r) => {
                p.year = Some(r.year());
                if !year_only {
                    p.month = Some(r.month());
                }
            }
            None => p.unknown = true,
        }
        p
    }

    /// A date and time: [year] [month] [day] [part of day] [clock], each optional but in order;
    /// or a year followed by a half, quarter, season or festival.
    fn date_chain_at(&self, i: usize) -> Option<Hit> {
        let mut p = Parts::default();
        let mut j = i;
        let mut any = false;
        if let Some((e, year, unknown)) = self.year_at(j) {
            p.year = year;
            p.year_given = true;
            p.unknown |= unknown;
            j = e;
            any = true;
            // After a year: halves, quarters, seasons, festivals, solar terms, 前N个月.
            if let Some(hit) = self.year_sub_at(j, &p) {
                return Some(hit);
            }
            let after_year = self.lit(j, "年").unwrap_or(j);
            if let Some((e, pos)) = self.position_at(after_year, false) {
                let mut hit = Hit::new(e, Val::Date(p));
                hit.pos = Some(pos);
                return Some(hit);
            }
        } else if let Some(hit) = self.year_sub_at(i, &p) {
            return Some(hit);
        }
        let year_given = any;
        if let Some((e, month, year_shift)) = self.month_at(j, year_given) {
            p.month = Some(month);
            if let Some((y, unknown)) = year_shift {
                p.year = y;
                p.year_given = true;
                p.unknown |= unknown;
            }
            j = e;
            any = true;
            if let Some((e, pos)) = self.position_at(j, true) {
                let mut hit = Hit::new(e, Val::Date(p));
                hit.pos = Some(pos);
                return Some(hit);
            }
        }
        let month_known = p.month.is_some();
        if let Some((e, day)) = self.day_at(j, month_known, year_given) {
            match day {
                DayVal::Day(d) => p.day = Some(d),
                DayVal::Date(date, part) => {
                    match date {
                        Some(d) => p.set_date(d),
                        None => p.unknown = true,
                    }
                    p.part = part;
                }
            }
            j = e;
            any = true;
        } else if !any && let Some((e, hit)) = self.weekday_at(i) {
            let _ = e;
            return Some(hit);
        }
        let had_day = p.day.is_some() || p.unknown && any;
        // Part of day, then clock.
        let part_start = j;
        if let Some((e, code)) = self.part_at(j, had_day) {
            p.part = Some(code);
            j = e;
        }
        let after_part = p.part.is_some() && j > part_start || p.part.is_some() && had_day;
        if let Some((e, h, m)) = self.clock_at(j, had_day || after_part, p.part.is_some()) {
            p.hour = Some(h);
            p.minute = m;
            j = e;
        }
        if j == i {
            return None;
        }
        // A bare year or month alone never comes from here without its unit, so `any` or a clock.
        if !any && !p.has_clock() {
            return None;
        }
        Some(Hit::new(j, Val::Date(p)))
    }

    /// A year: `2024年`, `二〇二四年`, `今年`, `去年`, `同年`. Returns (end, year, unknown).
    fn year_at(&self, j: usize) -> Option<(usize, Option<i32>, bool)> {
        if let Some(n) = self.num(j)
            && n.is_four_digits()
            && let Some(v) = n.whole()
            && (1000..=2200).contains(&v)
            && let Some(e) = self.lit(n.end, "年")
        {
            if self.at(e).is_some_and(|c| "级期龄代薪".contains(c)) {
                return None;
            }
            let e = self.lit(e, "度").unwrap_or(e);
            return Some((e, Some(v as i32), false));
        }
        if let Some((e, shift)) = self.lit_any(j, REL_YEARS) {
            if self.at(e).is_some_and(|c| "纪级轻龄".contains(c)) {
                return None;
            }
            let e = self.lit(e, "度").unwrap_or(e);
            return Some(match self.reference {
                Some(r) => (e, Some(r.year() + shift), false),
                None => (e, None, true),
            });
        }
        for (w, shift) in [("当年", 0), ("同年", 0), ("次年", 1), ("翌年", 1)] {
            if let Some(e) = self.lit(j, w) {
                // Only when a year was named before; `当年` alone is "back then".
                let year = self.last_year? + shift;
                return Some((e, Some(year), false));
            }
        }
        None
    }

    /// After a year (or alone): 上半年, 三季度, 前三季度, 前10个月, 春季, 春节, 清明.
    fn year_sub_at(&self, j: usize, p: &Parts) -> Option<Hit> {
        let year_given = p.year_given;
        let year = p.year;
        let unknown = p.unknown;
        let resolve_year = |start: Option<(u32, u32)>, end: Option<(u32, u32)>| -> Option<i32> {
            if year_given {
                return year;
            }
            let r = self.reference?;
            let mut y = r.year();
            if let Some((sm, _)) = start
                && let Some(s) = NaiveDate::from_ymd_opt(y, sm, 1)
                && days_between(r, s) > 183
            {
                y -= 1;
            } else if let Some((em, ed)) = end
                && let Some(e) = NaiveDate::from_ymd_opt(y, em, ed)
                && days_between(r, e) > 60
            {
                y -= 1;
            }
            Some(y)
        };
        let final_hit = |end: usize, value: Option<String>, precision: Precision| {
            let value = if unknown { None } else { value };
            Some(Hit::new(
                end,
                Val::Final(value.unwrap_or_default(), precision),
            ))
        };
        // 上半年 / 下半年 (a year may repeat: 2024年上半年).
        let k = if year_given {
            self.lit(j, "年").map_or(j, |_| j)
        } else {
            j
        };
        for (w, first, last) in [("上半年", 1, 6), ("下半年", 7, 12)] {
            if let Some(e) = self.lit(k, w) {
                let y = if year_given {
                    year
                } else {
                    self.reference.map(|r| r.year())
                };
                let v = y.map(|y| format!("{y}-{first:02}/{y}-{last:02}"));
                return final_hit(e, v, Precision::Interval);
            }
        }
        // 前三季度, 前10个月: from January.
        if let Some(e) = self.lit(k, "前")
            && let Some(n) = self.num(e)
            && let Some(v) = n.whole()
        {
            let months = if let Some(e2) = self.lit(n.end, "季度") {
                (1..=4).contains(&v).then_some((e2, v * 3))
            } else if let Some(e2) = self.lit(n.end, "个月") {
                (1..=12).contains(&v).then_some((e2, v))
            } else {
                None
            };
            if let Some((e2, last)) = months {
                let end_day = month_last_day(2001, last).map_or(28, |d| d.day());
                let y = resolve_year(None, Some((last, end_day)));
                let v = y.map(|y| format!("{y}-01/{y}-{last:02}"));
                return final_hit(e2, v, Precision::Interval);
            }
        }
        // Quarters: 第三季度, 三季度, 一季度, 首季度.
        let mut q_start = k;
        if let Some(e) = self.lit(k, "第") {
            q_start = e;
        }
        let quarter = if let Some(e) = self
            .lit(q_start, "首季度")
            .or_else(|| self.lit(q_start, "首季"))
        {
            Some((e, 1))
        } else if let Some(n) = self.num(q_start)
            && let Some(v) = n.whole()
            && (1..=4).contains(&v)
            && let Some(e) = self.lit(n.end, "季度")
        {
            Some((e, v))
        } else {
            None
        };
        if let Some((e, q)) = quarter {
            let y = resolve_year(Some((q * 3 - 2, 1)), None);
            let v = y.map(|y| format!("{y}-Q{q}"));
            let mut hit = final_hit(e, v, Precision::Quarter)?;
            if let Some((k, pos)) = self.position_at(e, false) {
                hit.end = k;
                hit.pos = Some(pos);
            }
            return Some(hit);
        }
        // Seasons after a year: 2024年春季, 今年夏天, 去年冬季.
        if year_given {
            for (w, first) in [
                ("春季", 3),
                ("春天", 3),
                ("夏季", 6),
                ("夏天", 6),
                ("秋季", 9),
                ("秋天", 9),
                ("冬季", 12),
                ("冬天", 12),
            ] {
                if let Some(e) = self.lit(k, w) {
                    let v = year.map(|y| season_value(y, first));
                    return final_hit(e, v, Precision::Interval);
                }
            }
        } else {
            for (w, shift, first) in [
                ("今春", 0, 3),
                ("今夏", 0, 6),
                ("今秋", 0, 9),
                ("今冬", 0, 12),
                ("去春", -1, 3),
                ("去夏", -1, 6),
                ("去秋", -1, 9),
                ("去冬", -1, 12),
            ] {
                if let Some(e) = self.lit(k, w) {
                    let v = self.reference.map(|r| {
                        // Early in the year, this winter began last December.
                        let winter_back = first == 12 && shift == 0 && r.month() <= 2;
                        season_value(r.year() + shift - i32::from(winter_back), first)
                    });
                    return final_hit(e, v, Precision::Interval);
                }
            }
        }
        // Festivals and solar terms.
        if let Some(hit) = self.festival_at(k, year_given, year, unknown) {
            return Some(hit);
        }
        None
    }

    fn festival_at(
        &self,
        j: usize,
        year_given: bool,
        year: Option<i32>,
        unknown: bool,
    ) -> Option<Hit> {
        if let Some((e, (_, festival, needs_tail))) = self.longest(j, FESTIVALS, |t| t.0) {
            if self.lit(e, "联欢晚会").is_some() || self.lit(e, "晚会").is_some() {
                return None;
            }
            let tail = FESTIVAL_TAILS
                .iter()
                .filter_map(|(w, m, period)| self.lit(e, w).map(|k| (k, *m, *period)))
                .max_by_key(|(k, _, _)| *k);
            let (end, modifier, period) = match tail {
                Some(t) => t,
                // 春节前, 国庆后: a plain relation (and it makes 五一, 国庆 a time).
                None => match self.relation_at(e).filter(|(_, m)| *m != Mod::Since) {
                    Some((k, m)) => (k, m, false),
                    None if needs_tail => return None,
                    None => (e, Mod::None, false),
                },
            };
            let mut hit = Hit::new(end, Val::Vague);
            hit.modifier = modifier;
            let y = if unknown {
                None
            } else if year_given {
                year
            } else {
                None
            };
            hit.festival = Some((festival, y, period));
            if unknown {
                hit.val = Val::Final(String::new(), Precision::Day);
                hit.festival = None;
            }
            return Some(hit);
        }
        let first = self.at(j)?;
        for &(name, index, ambiguous) in SOLAR_TERMS {
            if !opens_with(name, first) {
                continue;
            }
            let Some(e) = self.lit(j, name) else {
                continue;
            };
            let tail = [
                "节气", "时节", "当天", "当日", "之际", "前后", "到来", "来临",
            ]
            .iter()
            .find_map(|w| self.lit(e, w));
            if ambiguous && !year_given && tail.is_none() {
                return None;
            }
            let y = if year_given {
                year
            } else {
                let r = self.reference?;
                let d = calendar::solar_term(r.year(), index)?;
                Some(if days_between(r, d) > 183 {
                    r.year() - 1
                } else {
                    r.year()
                })
            };
            let value = if unknown {
                String::new()
            } else {
                y.and_then(|y| calendar::solar_term(y, index))
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            let end = if tail.is_some() && self.lit(e, "节气").is_some() {
                e + 2
            } else {
                e
            };
            return Some(Hit::new(end, Val::Final(value, Precision::Day)));
        }
        None
    }

    /// A month: `11月`, `十一月`, `本月`, `上个月`. Returns (end, month, year from a relative word).
    #[allow(clippy::type_complexity)]
    fn month_at(
        &self,
        j: usize,
        year_given: bool,
    ) -> Option<(usize, u32, Option<(Option<i32>, bool)>)> {
        if let Some(n) = self.num(j)
            && !matches!(
                n.kind,
                NumKind::Arabic { decimal: true, .. } | NumKind::ChineseSeq { .. }
            )
            && let Some(v) = n.whole()
            && (1..=12).contains(&v)
            && let Some(e) = self.lit(n.end, "月")
        {
            if self.at(e).is_some_and(|c| "亮球饼光票薪子嫂台".contains(c)) {
                return None;
            }
            let e = self.lit(e, "份").unwrap_or(e);
            return Some((e, v, None));
        }
        if year_given {
            return None;
        }
        if let Some((e, shift)) = self.lit_any(j, REL_MONTHS) {
            if self.at(e).is_some_and(|c| "球亮面光饼".contains(c)) {
                return None;
            }
            return Some(match self.reference.and_then(|r| add_months(r, shift)) {
                Some(d) => (e, d.month(), Some((Some(d.year()), false))),
                None => (e, 1, Some((None, true))),
            });
        }
        for (w, shift) in [("当月", 0), ("同月", 0), ("次月", 1)] {
            if let Some(e) = self.lit(j, w) {
                // 首次月背着陆: 次 belongs to 首次.
                let prev = j.checked_sub(1).and_then(|p| self.s.get(p)).copied();
                if prev.is_some_and(|p| "首第多每屡层再几一二两三".contains(p)) {
                    return None;
                }
                let base = self.last_day.or(self.reference)?;
                let d = add_months(base, shift)?;
                return Some((e, d.month(), Some((Some(d.year()), false))));
            }
        }
        None
    }

    fn day_at(&self, j: usize, month_known: bool, year_given: bool) -> Option<(usize, DayVal)> {
        if let Some(n) = self.num(j)
            && !matches!(
                n.kind,
                NumKind::Arabic { decimal: true, .. } | NumKind::ChineseSeq { .. }
            )
            && let Some(v) = n.whole()
            && (1..=31).contains(&v)
        {
            let unit = self.at(n.end)?;
            let e = n.end + 1;
            let next = self.at(e);
            let ok = match unit {
                '日' => !next.is_some_and(|c| "元游均圆".contains(c)),
                // 14号凌晨, 30号当天: a bare day with 号 only before a time of that day.
                '号' => {
                    month_known
                        || n.is_arabic()
                            && (self.part_at(e, true).is_some()
                                || [
                                    "当天", "当日", "晚", "早", "起", "开始", "以来", "前后",
                                    "左右", "电",
                                ]
                                .iter()
                                .any(|w| self.lit(e, w).is_some())
                                || self.clock_at(e, true, false).is_some())
                }
                _ => false,
            };
            // A bare Chinese-numeral day (三日) is often a count; only with a month or a part of day.
            let chinese_bare = !n.is_arabic() && !month_known;
            if ok
                && (!chinese_bare || self.part_at(e, true).is_some() || self.lit(e, "电").is_some())
            {
                return Some((e, DayVal::Day(v)));
            }
            return None;
        }
        if month_known || year_given {
            return None;
        }
        if let Some((e, (_, shift, part))) = self.longest(j, REL_DAYS, |t| t.0) {
            if self.lit(j, "昨").is_some()
                && e == j + 1
                && self.at(e).is_some_and(|c| "天日晚夜晨".contains(c))
            {
                return None;
            }
            let date = self.reference.map(|r| r + Duration::days(shift));
            return Some((e, DayVal::Date(date, part)));
        }
        if let Some(e) = self.lit(j, "今")
            && matches!(self.at(e), Some('起'))
        {
            return Some((e, DayVal::Date(self.reference, None)));
        }
        let (e, (_, shift, sentence_only, part)) = self.longest(j, ANCHOR_DAYS, |t| t.0)?;
        let base = if sentence_only {
            self.sentence_day.or(self.reference)
        } else {
            self.sentence_day.or(self.last_day).or(self.reference)
        };
        Some((
            e,
            DayVal::Date(base.map(|b| b + Duration::days(shift)), part),
        ))
    }

    /// 周三, 星期五, 上周一, 下星期天.
    fn weekday_at(&self, i: usize) -> Option<(usize, Hit)> {
        let mut j = i;
        let mut weeks = 0i64;
        for (w, shift) in [
            ("上个", -1),
            ("下个", 1),
            ("上", -1),
            ("下", 1),
            ("本", 0),
            ("这", 0),
        ] {
            if let Some(e) = self.lit(j, w)
                && (self.lit(e, "周").is_some() || self.lit(e, "星期").is_some())
            {
                weeks = shift;
                j = e;
                break;
            }
        }
        let relative_week = j > i;
        let e = self.lit(j, "星期").or_else(|| self.lit(j, "周"))?;
        let wd = match self.at(e)? {
            '一' => 0,
            '二' => 1,
            '三' => 2,
            '四' => 3,
            '五' => 4,
            '六' => 5,
            '日' | '天' if self.lit(j, "星期").is_some() || self.at(e) == Some('日') => 6,
            _ => {
                // 本周, 上周, 下周: the week as a range of days.
                if !relative_week || self.at(e).is_some_and(|c| "年岁期边末".contains(c)) {
                    return None;
                }
                let r = self.reference;
                let v = r.map(|r| {
                    let monday = r - Duration::days(i64::from(r.weekday().num_days_from_monday()))
                        + Duration::days(7 * weeks);
                    format!("{monday}/{}", monday + Duration::days(6))
                });
                return Some((
                    e,
                    Hit::new(e, Val::Final(v.unwrap_or_default(), Precision::Interval)),
                ));
            }
        };
        let end = e + 1;
        if self.at(end).is_some_and(|c| "年岁刊报".contains(c)) {
            return None;
        }
        let Some(r) = self.reference else {
            let p = Parts {
                unknown: true,
                ..Parts::default()
            };
            return Some((end, Hit::new(end, Val::Date(p))));
        };
        let monday = r - Duration::days(i64::from(r.weekday().num_days_from_monday()));
        let mut day = monday + Duration::days(wd + 7 * weeks);
        if !relative_week && day > r && !self.future_cue(i, end) {
            day -= Duration::days(7);
        }
        Some((end, Hit::new(end, Val::Date(Parts::from_date(day)))))
    }

    /// A part of the day. Single 晚/夜/早 only right after a day.
    fn part_at(&self, j: usize, after_day: bool) -> Option<(usize, &'static str)> {
        if let Some((e, code)) = self.lit_any(j, PARTS_OF_DAY) {
            return Some((e, code));
        }
        if after_day {
            return match self.at(j)? {
                '晚' if !self
                    .at(j + 1)
                    .is_some_and(|c| "会宴餐饭报霞年辈期".contains(c)) =>
                {
                    Some((j + 1, "EV"))
                }
                '夜' if !self.at(j + 1).is_some_and(|c| "校班市景色空幕".contains(c)) => {
                    Some((j + 1, "NI"))
                }
                '早' if !self
                    .at(j + 1)
                    .is_some_and(|c| "已在就日期餐饭年些".contains(c)) =>
                {
                    Some((j + 1, "MO"))
                }
                _ => None,
            };
        }
        None
    }

    /// A clock time: 13时24分, 9时, 10点半, 8:30. Returns (end, hour, minute).
    fn clock_at(
        &self,
        j: usize,
        after_day: bool,
        after_part: bool,
    ) -> Option<(usize, u32, Option<u32>)> {
        let n = self.num(j)?;
        let h = n.whole()?;
        if h > 24 || matches!(n.kind, NumKind::Arabic { decimal: true, .. }) {
            return None;
        }
        let unit = self.at(n.end)?;
        let mut e = n.end + 1;
        match unit {
            '时' | '点' => {
                let next = self.at(e);
                let minute = self.num(e).and_then(|m| {
                    let v = m.whole()?;
                    let k = self.lit(m.end, "分")?;
                    (v < 60).then_some((k, v))
                });
                let half = next == Some('半');
                if unit == '时'
                    && next.is_some_and(|c| {
                        "间期代候刻节光局尚空速效长差段政事装辰任值机针钟髦".contains(c)
                    })
                {
                    return None;
                }
                if unit == '点'
                    && minute.is_none()
                    && !half
                    && !after_part
                    && !["钟", "整", "左右", "许", "多"]
                        .iter()
                        .any(|w| self.lit(e, w).is_some())
                {
                    return None;
                }
                if !n.is_arabic() && minute.is_none() && !after_part && !half {
                    return None;
                }
                let mut minute_val = None;
                if let Some((k, v)) = minute {
                    e = k;
                    minute_val = Some(v);
                    // Seconds: keep the minute.
                    if let Some(s) = self.num(e)
                        && let Some(k2) = self.lit(s.end, "秒")
                    {
                        e = k2;
                    }
                } else if half {
                    e += 1;
                    minute_val = Some(30);
                } else if let Some(k) = self.lit(e, "整").or_else(|| self.lit(e, "钟")) {
                    e = k;
                }
                Some((e, h, minute_val))
            }
            ':' | '：' if after_day || after_part => {
                let m = self.num(e)?;
                let v = m.whole()?;
                if !matches!(
                    m.kind,
                    NumKind::Arabic {
                        digits: 2,
                        decimal: false
                    }
                ) || v >= 60
                {
                    return None;
                }
                e = m.end;
                Some((e, h, Some(v)))
            }
            _ => None,
        }
    }

    /// 192天, 8.5小时, 6个半小时, 3年来, 三天后, 300多年前.
    fn duration_at(&self, i: usize) -> Option<Hit> {
        let prev = i.checked_sub(1).and_then(|p| self.s.get(p)).copied();
        if matches!(prev, Some('第' | '每' | '周')) {
            return None;
        }
        if matches!(self.at(i), Some('数' | '几')) {
            return self.unspecified_duration_at(i);
        }
        let mut j = i;
        let mut approx = false;
        let amount: f64;
        let mut half_after = false;
        if self.at(j) == Some('半') {
            amount = 0.5;
            j += 1;
        } else {
            let n = self.num(j)?;
            if n.is_four_digits()
                && n.whole().is_some_and(|v| (1000..=2200).contains(&v))
                && self.lit(n.end, "年").is_some()
            {
                return None;
            }
            if matches!(n.kind, NumKind::ChineseSeq { .. }) {
                return None;
            }
            amount = n.value;
            j = n.end;
            if let Some(e) = ["多", "余", "来"].iter().find_map(|w| self.lit(j, w)) {
                approx = true;
                j = e;
            }
        }
        let has_ge = self.lit(j, "个").is_some();
        if has_ge {
            j += 1;
            if self.at(j) == Some('半') {
                half_after = true;
                j += 1;
            }
        }
        let units: [(&str, Unit, bool); 12] = [
            ("个小时", Unit::Hour, false),
            ("小时", Unit::Hour, false),
            ("钟头", Unit::Hour, true),
            ("分钟", Unit::Minute, false),
            ("秒钟", Unit::Second, false),
            ("秒", Unit::Second, false),
            ("星期", Unit::Week, false),
            ("周", Unit::Week, false),
            ("天", Unit::Day, false),
            ("工作日", Unit::Day, false),
            ("月", Unit::Month, true),
            ("年", Unit::Year, false),
        ];
        let (mut e, unit) = units.iter().find_map(|(w, u, needs_ge)| {
            if *needs_ge && !has_ge && amount >= 1.0 {
                return None;
            }
            self.lit(j, w).map(|e| (e, *u))
        })?;
        if unit == Unit::Year && has_ge {
            return None;
        }
        let next = self.at(e);
        match unit {
            Unit::Year
                if next.is_some_and(|c| "级期龄薪轻纪货会报鉴画糕夜兽味关华号代".contains(c)) =>
            {
                return None;
            }
            Unit::Week if next.is_some_and(|c| "岁年边末".contains(c)) => return None,
            Unit::Day if next.is_some_and(|c| "然津文宫下使猫舟问眼链价".contains(c)) =>
            {
                return None;
            }
            _ => {}
        }
        if DURATION_NOUNS.iter().any(|w| self.lit(e, w).is_some()) {
            return None;
        }
        let mut amount = amount;
        if half_after {
            amount += 0.5;
        }
        // 一年半, 两天半.
        if !half_after
            && amount >= 1.0
            && self.at(e) == Some('半')
            && !self.at(e + 1).is_some_and(is_cjk_unit_start)
        {
            amount += 0.5;
            e += 1;
        }
        if let Some(k) = self.lit(e, "多") {
            approx = true;
            e = k;
        }
        let mut value = duration_value(amount, unit)?;
        // 2小时34分, 1年3个月, 3天5小时, 1小时18分46秒: smaller units after the first.
        let mut unit = unit;
        let mut compound = false;
        while amount.fract() == 0.0
            && let Some(n) = self.num(e)
            && let Some(v) = n.whole()
        {
            let smaller: &[(&str, Unit)] = match unit {
                Unit::Year => &[("个月", Unit::Month)],
                Unit::Day => &[("个小时", Unit::Hour), ("小时", Unit::Hour)],
                Unit::Hour => &[("分钟", Unit::Minute), ("分", Unit::Minute)],
                Unit::Minute => &[("秒钟", Unit::Second), ("秒", Unit::Second)],
                _ => &[],
            };
            if let Some((k, u)) = smaller
                .iter()
                .find_map(|(w, u)| self.lit(n.end, w).map(|k| (k, *u)))
                && let Some(extra) = duration_value(f64::from(v), u)
            {
                let extra = extra.trim_start_matches('P');
                if value.contains('T') {
                    value.push_str(extra.trim_start_matches('T'));
                } else {
                    value.push_str(extra);
                }
                e = k;
                unit = u;
                compound = true;
            } else {
                break;
            }
        }
        // Relative: 三天后, 3年前, 两个月后.
        let whole = (amount.fract() == 0.0).then_some(amount as i64);
        let shift_words: [(&str, i64); 6] = [
            ("以后", 1),
            ("之后", 1),
            ("后", 1),
            ("以前", -1),
            ("之前", -1),
            ("前", -1),
        ];
        if let Some(n) = whole
            && !compound
            && matches!(unit, Unit::Day | Unit::Week | Unit::Month | Unit::Year)
        {
            let limit = match unit {
                Unit::Day => 60,
                Unit::Week => 12,
                Unit::Month => 24,
                _ => i64::MAX,
            };
            for (w, sign) in shift_words {
                let Some(k) = self.lit(e, w) else { continue };
                let blocked = match w {
                    "后" => self.at(k).is_some_and(|c| NOT_AFTER.contains(c)),
                    "前" => self.at(k).is_some_and(|c| NOT_BEFORE.contains(c)),
                    _ => false,
                };
                if blocked || n > limit {
                    break;
                }
                let val = if sign > 0 {
                    match self.after_base(i, k, unit) {
                        AfterBase::Anchor(day) => shift_date(day, unit, n),
                        AfterBase::Reference => self.shift(unit, n),
                        AfterBase::Duration => Val::Duration(value.clone()),
                    }
                } else {
                    self.shift(unit, n * sign)
                };
                let mut hit = Hit::new(k, val);
                if approx {
                    hit.modifier = Mod::Approx;
                }
                return Some(hit);
            }
        }
        let mut hit = Hit::new(e, Val::Duration(value));
        for (w, m) in [
            ("以来", Mod::Since),
            ("来", Mod::Since),
            ("左右", Mod::Approx),
        ] {
            if let Some(k) = self.lit(e, w) {
                // 花一个小时来接受培训: with hours and less, 来 is a verb.
                let short = matches!(unit, Unit::Hour | Unit::Minute | Unit::Second);
                if w == "来"
                    && (short || self.at(k).is_some_and(|c| "华京沪访到自此看".contains(c)))
                {
                    continue;
                }
                hit.end = k;
                hit.modifier = m;
                return Some(hit);
            }
        }
        if approx {
            hit.modifier = Mod::Approx;
        }
        for w in ["之内", "以内", "内", "间"] {
            if let Some(k) = self.lit(e, w) {
                // 17年内科医生: 内 opens the next word.
                if w == "内"
                    && self.at(k).is_some_and(|c| {
                        "科容部地外涵蒙陆心在阁燃存需控河江衣伤务政战乱耗网".contains(c)
                    })
                {
                    break;
                }
                hit.end = k;
                break;
            }
        }
        Some(hit)
    }

    /// 数十年来, 几天, 数月: a count the text leaves open (vague; 来 makes it `since`).
    fn unspecified_duration_at(&self, i: usize) -> Option<Hit> {
        let mut j = i + 1;
        if self.at(j).is_some_and(|c| "十百千".contains(c)) {
            j += 1;
        }
        if self.at(j) == Some('个') {
            j += 1;
        }
        let e = [
            "个小时",
            "小时",
            "年",
            "个月",
            "月",
            "天",
            "周",
            "星期",
            "分钟",
        ]
        .iter()
        .find_map(|w| self.lit(j, w))?;
        if self.at(e).is_some_and(|c| "级期龄薪轻纪货会报".contains(c)) {
            return None;
        }
        let mut hit = Hit::new(e, Val::Vague);
        for w in ["以来", "来"] {
            if let Some(k) = self.lit(e, w) {
                hit.end = k;
                hit.modifier = Mod::Since;
                break;
            }
        }
        Some(hit)
    }

    /// A date counted from the sentence's date (or the reference date).
    fn shift(&self, unit: Unit, n: i64) -> Val {
        let base = self.sentence_day.or(self.reference);
        let Some(b) = base else {
            let p = Parts {
                unknown: true,
                ..Parts::default()
            };
            return Val::Date(p);
        };
        shift_date(b, unit, n)
    }

    /// What the forward count spanning `start..end` (`10年后`) counts from. A count at a clause
    /// start counts from the date named before it in this sentence or the one before
    /// (`1998年建成，10年后扩建` → 2008); after an interval word (时隔) or an event (成立23年后) it is
    /// a length of time. Without an anchor, days count from the reference date as news tells them
    /// (三天后启程); years and months do only in forward-looking wording (两年后将建成), else
    /// they tell a story (三年后，他又…) and stay a length of time.
    fn after_base(&self, start: usize, end: usize, unit: Unit) -> AfterBase {
        let lead = self.lead_in(start);
        // “布雷顿森林：75年后”: the count ends a quoted name.
        let closes_quote = self.at(end).is_some_and(|c| "”』」》\"".contains(c));
        if lead == LeadIn::Interval || closes_quote {
            return AfterBase::Duration;
        }
        let needed_depth = match unit {
            Unit::Year => 0,
            Unit::Month => 1,
            _ => 2,
        };
        let anchor = self
            .sentence_anchor
            .or(self.prev_anchor)
            .filter(|a| a.depth >= needed_depth);
        if lead == LeadIn::Bare
            && let Some(a) = anchor
        {
            return AfterBase::Anchor(a.day);
        }
        if matches!(unit, Unit::Day | Unit::Week) || self.forward_looking(start, end) {
            AfterBase::Reference
        } else {
            AfterBase::Duration
        }
    }

    /// What stands before the count starting at `start`, adverbs (在, 约, 近) skipped.
    fn lead_in(&self, start: usize) -> LeadIn {
        let ends_with = |j: usize, w: &str| {
            let n = w.chars().count();
            j >= self.sent_start + n
                && self
                    .s
                    .get(j - n..j)
                    .is_some_and(|seg| seg.iter().copied().eq(w.chars()))
        };
        let mut j = start;
        while let Some(w) = COUNT_ADVERBS.iter().find(|w| ends_with(j, w)) {
            j -= w.chars().count();
        }
        if INTERVAL_WORDS.iter().any(|w| ends_with(j, w)) {
            return LeadIn::Interval;
        }
        match j.checked_sub(1).filter(|&p| p >= self.sent_start) {
            Some(p) if self.s.get(p).is_some_and(|&c| c.is_alphanumeric()) => LeadIn::Event,
            _ => LeadIn::Bare,
        }
    }

    /// Forward-looking wording around a count (将, 计划 before it; 将, 相聚 after it in the
    /// sentence), unless the words after it tell a past or a return (再次, 终于, 了).
    fn forward_looking(&self, start: usize, end: usize) -> bool {
        let after: String = self
            .s
            .get(end..self.sent_end)
            .unwrap_or_default()
            .iter()
            .collect();
        if PAST_WORDS.iter().any(|w| after.contains(w)) || has_perfective_le(&after) {
            return false;
        }
        self.future_cue(start, end)
            || FORWARD_WORDS.iter().any(|w| after.contains(w))
            || has_modal_yao(&after)
    }

    /// Ranges with a shared unit or an abbreviated end: 1至10月, 2021—2025年, 11月6日至7日.
    fn range_at(&self, i: usize) -> Option<Hit> {
        // A full first date, then a connector and a second (maybe partial) date.
        let first = match self.date_chain_at(i) {
            Some(Hit {
                end,
                val: Val::Date(p),
                ..
            }) if !p.unknown => Some((end, p)),
            Some(_) => return None,
            None => None,
        };
        {
            let (conn_start, pa, bare) = match first {
                Some((end, p)) => (end, Some(p), None),
                None => {
                    let n = self.num(i)?;
                    (n.end, None, Some(n))
                }
            };
            let c_end = self.connector_at(conn_start)?;
            let b = self.date_chain_at(c_end)?;
            let Val::Date(mut pb) = b.val else {
                return None;
            };
            if pb.unknown {
                return None;
            }
            let mut pa = match (pa, bare) {
                (Some(pa), _) => pa,
                (None, Some(n)) => {
                    let v = n.whole()?;
                    let mut pa = Parts::default();
                    match pb.top() {
                        0 if n.is_four_digits() => {
                            pa.year = Some(v as i32);
                            pa.year_given = true;
                        }
                        1 if (1..=12).contains(&v) && pb.day.is_none() => {
                            pa.month = Some(v);
                            pa.year = pb.year;
                            pa.year_given = pb.year_given;
                        }
                        2 if (1..=31).contains(&v) && !pb.has_clock() => {
                            pa.day = Some(v);
                        }
                        _ => return None,
                    }
                    if pb.top() == 0 && pb.month.is_some() {
                        return None;
                    }
                    pa
                }
                _ => return None,
            };
            // The second date takes what it leaves out from the first.
            let inherit_year = pb.year.is_none();
            if pb.top() > pa.top() || pb.top() == pa.top() && pb.year.is_none() {
                if pb.year.is_none() {
                    pb.year = pa.year;
                    pb.year_given = pa.year_given;
                }
                if pb.month.is_none() && pb.day.is_some() {
                    pb.month = pa.month;
                }
                if pb.day.is_none() && pb.has_clock() {
                    pb.day = pa.day;
                    if pb.month.is_none() {
                        pb.month = pa.month;
                    }
                }
            }
            let _ = inherit_year;
            if pa.year.is_none() && pa.month.is_some() && pb.year.is_some() && pb.year_given {
                pa.year = pb.year;
                pa.year_given = true;
            }
            Some(Hit::new(b.end, Val::Range(pa, pb)))
        }
    }

    fn connector_at(&self, j: usize) -> Option<usize> {
        for w in ["——", "至", "到", "—", "–", "-", "~", "～", "－"] {
            if let Some(e) = self.lit(j, w) {
                return Some(e);
            }
        }
        None
    }

    /// Qualifiers after an expression: 以来, 前夕, 左右, 之后, 起, 至今 …
    fn with_suffix(&self, mut hit: Hit) -> Hit {
        if !matches!(
            hit.val,
            Val::Date(_) | Val::Range(..) | Val::Final(..) | Val::Vague
        ) || hit.festival.is_some()
        {
            return hit;
        }
        if matches!(hit.val, Val::Vague)
            || hit.modifier != Mod::None && !matches!(hit.val, Val::Date(_))
        {
            return hit;
        }
        let e = hit.end;
        let words: [(&str, Mod); 15] = [
            ("以来", Mod::Since),
            ("至今", Mod::Since),
            ("开始", Mod::Since),
            ("起", Mod::Since),
            ("前夕", Mod::Before),
            ("前后", Mod::Approx),
            ("左右", Mod::Approx),
            ("许", Mod::Approx),
            ("之后", Mod::After),
            ("以后", Mod::After),
            ("之前", Mod::Before),
            ("以前", Mod::Before),
            ("后", Mod::After),
            ("前", Mod::Before),
            ("期间", Mod::None),
        ];
        for (w, m) in words {
            let Some(k) = self.lit(e, w) else { continue };
            let next = self.at(k);
            let blocked = match w {
                "起" => next.is_some_and(|c| NOT_SINCE.contains(c)),
                "后" => next.is_some_and(|c| NOT_AFTER.contains(c)),
                "前" => next.is_some_and(|c| NOT_BEFORE.contains(c)),
                "开始" => next.is_some_and(|c| "的时".contains(c)) || !self.opened_by_from(e),
                "许" => !matches!(hit.val, Val::Date(p) if p.hour.is_some()),
                _ => false,
            };
            if blocked {
                continue;
            }
            hit.end = k;
            if m != Mod::None && hit.modifier != Mod::Until {
                hit.modifier = m;
            }
            break;
        }
        hit
    }

    /// Whether 从/自 stands shortly before the expression ending at `end` (从昨天开始).
    fn opened_by_from(&self, end: usize) -> bool {
        let from = end.saturating_sub(16).max(self.sent_start);
        self.s
            .get(from..end)
            .is_some_and(|w| w.iter().any(|&c| c == '从' || c == '自'))
    }

    /// Future wording around an expression (将于, 预计, …起, …前): month-day dates then lie ahead.
    fn future_cue(&self, start: usize, end: usize) -> bool {
        let from = start.saturating_sub(8).max(self.sent_start);
        let before: String = self.s.get(from..start).unwrap_or_default().iter().collect();
        let ahead = [
            "将", "预计", "计划", "拟", "定于", "有望", "届时", "力争", "争取", "即将",
        ];
        if ahead.iter().any(|w| before.contains(w)) || before.ends_with('到') {
            return true;
        }
        let after: String = self
            .s
            .get(end..(end + 3).min(self.sent_end))
            .unwrap_or_default()
            .iter()
            .collect();
        after.starts_with('起') || after.starts_with("前") || after.starts_with('将')
    }

    // ----- resolution -----

    fn emit(&mut self, start: usize, hit: Hit) {
        let (value, precision, modifier) = self.resolve(start, &hit);
        let text: String = self
            .s
            .get(start..hit.end)
            .unwrap_or_default()
            .iter()
            .collect();
        if let Some((day, _)) = super::value_range(&value)
            && matches!(
                precision,
                Precision::Day | Precision::Hour | Precision::Minute
            )
        {
            self.sentence_day = Some(day);
            self.last_day = Some(day);
        }
        if let Some(y) = value.get(..4).and_then(|y| y.parse::<i32>().ok())
            && !matches!(
                precision,
                Precision::Duration | Precision::Vague | Precision::Decade
            )
        {
            self.last_year = Some(y);
            // Only a plain date names the sentence's year (not 十八大以来, not 2023年以来).
            if matches!(hit.val, Val::Date(_) | Val::Range(..)) && modifier == Mod::None {
                self.sentence_year = Some(y);
            }
            // A plain or positioned date (2008年底, 1998年前后) anchors a later `10年后`; a
            // deadline (到2020年) does not.
            let deadline = start
                .checked_sub(1)
                .and_then(|p| self.s.get(p))
                .is_some_and(|&c| c == '到');
            if !deadline
                && matches!(hit.val, Val::Date(_) | Val::Range(..))
                && matches!(
                    modifier,
                    Mod::None | Mod::Approx | Mod::Start | Mod::Mid | Mod::End
                )
                && let Some(anchor) = Anchor::of_value(&value)
            {
                self.sentence_anchor = Some(anchor);
            }
        }
        self.out.push(TimeMention {
            start,
            end: hit.end,
            text,
            value,
            precision,
            modifier,
        });
    }

    fn resolve(&self, start: usize, hit: &Hit) -> (String, Precision, Mod) {
        let future = || self.future_cue(start, hit.end);
        let mut modifier = hit.modifier;
        if let Some((festival, year, period)) = hit.festival {
            let year = year.or_else(|| {
                let r = self.reference?;
                let d = calendar::festival_day(r.year(), festival)?;
                Some(self.wrap_year(r.year(), d, d, future()))
            });
            let Some(y) = year else {
                return (String::new(), Precision::Day, modifier);
            };
            if period && let Some((a, b)) = calendar::holiday_period(y, festival) {
                return (format!("{a}/{b}"), Precision::Interval, modifier);
            }
            let v = calendar::festival_day(y, festival).map(|d| d.to_string());
            return (v.unwrap_or_default(), Precision::Day, modifier);
        }
        match &hit.val {
            Val::Vague => (String::new(), Precision::Vague, modifier),
            Val::Duration(v) => (v.clone(), Precision::Duration, modifier),
            Val::Final(v, p) => {
                if let Some(pos) = hit.pos
                    && modifier == Mod::None
                {
                    modifier = pos_mod(pos);
                }
                (v.clone(), *p, modifier)
            }
            Val::Date(p) => {
                let p = self.fill(*p, future());
                let (mut value, mut precision) = format_parts(&p);
                if let Some(pos) = hit.pos {
                    if modifier == Mod::None || value.is_empty() {
                        modifier = pos_mod(pos);
                    } else if let Some((v, pr)) = pos_value(&p, pos) {
                        // 截至10月底 = the last day of October, until.
                        value = v;
                        precision = pr;
                    }
                }
                (value, precision, modifier)
            }
            Val::Range(a, b) => {
                let fut = future();
                let a = self.fill(*a, fut);
                let mut b = *b;
                if b.year.is_none() {
                    b.year = a.year;
                    b.year_given = a.year_given || a.year.is_some();
                }
                if b.month.is_none() && b.day.is_some() {
                    b.month = a.month;
                }
                let mut b = self.fill(b, fut);
                // An end before the start rolls over (12月28日至1月3日).
                if let (Some(da), Some(db)) = (a.date(), b.date())
                    && db < da
                {
                    if b.month == a.month {
                        if let Some(d) = add_months(db, 1) {
                            b.set_date(d);
                        }
                    } else if let Some(y) = b.year {
                        b.year = Some(y + 1);
                    }
                } else if let (Some(ya), Some(yb), Some(ma), Some(mb)) =
                    (a.year, b.year, a.month, b.month)
                    && (yb, mb) < (ya, ma)
                {
                    b.year = Some(yb + 1);
                }
                let (va, _) = format_parts(&a);
                let (vb, _) = format_parts(&b);
                if va.is_empty() || vb.is_empty() || va.contains('X') || vb.contains('X') {
                    return (String::new(), Precision::Interval, modifier);
                }
                (format!("{va}/{vb}"), Precision::Interval, modifier)
            }
        }
    }

    /// The year around the reference date: a date far ahead without future wording is last year's.
    fn wrap_year(&self, year: i32, first: NaiveDate, last: NaiveDate, future: bool) -> i32 {
        let Some(r) = self.reference else { return year };
        if days_between(r, first) > 183 && !future {
            year - 1
        } else if days_between(last, r) > 183 && future {
            year + 1
        } else {
            year
        }
    }

    /// Fills year and month from the reference date (with wrap-around) and clock-only times from
    /// the sentence's date.
    fn fill(&self, mut p: Parts, future: bool) -> Parts {
        if p.unknown {
            return p;
        }
        if p.year.is_none() && p.month.is_none() && p.day.is_none() {
            // A clock time or part of day alone: the day named before, else the reference.
            if let Some(d) = self.sentence_day.or(self.last_day).or(self.reference) {
                p.set_date(d);
            } else {
                p.unknown = true;
            }
            return p;
        }
        let Some(r) = self.reference else { return p };
        if p.year.is_none() && p.month.is_none() {
            // A day of the reference month: 4日.
            let day = p.day.unwrap_or(1);
            let candidates = [-1, 0, 1].map(|k| {
                add_months(r.with_day(1).unwrap_or(r), k)
                    .and_then(|m| NaiveDate::from_ymd_opt(m.year(), m.month(), day))
            });
            let [prev, this, next] = candidates;
            let chosen = match this {
                Some(d) if d > r + Duration::days(1) && !future => prev.or(Some(d)),
                Some(d) if d < r - Duration::days(7) && future => next.or(Some(d)),
                Some(d) => Some(d),
                None => prev,
            };
            if let Some(d) = chosen {
                p.year = Some(d.year());
                p.month = Some(d.month());
            }
            return p;
        }
        if p.year.is_none()
            && p.month.is_some()
            && let Some(y) = self.sentence_year
        {
            // 2013年9月和10月: the year the sentence named.
            p.year = Some(y);
            return p;
        }
        if p.year.is_none()
            && let Some(m) = p.month
        {
            let y = r.year();
            let first = NaiveDate::from_ymd_opt(y, m, p.day.unwrap_or(1));
            let last = match p.day {
                Some(d) => NaiveDate::from_ymd_opt(y, m, d),
                None => month_last_day(y, m),
            };
            p.year = Some(match (first, last) {
                (Some(a), Some(b)) => self.wrap_year(y, a, b, future),
                _ => y,
            });
        }
        p
    }
}

/// A date `n` units after `base`: a day for days and weeks, a month, a year.
fn shift_date(base: NaiveDate, unit: Unit, n: i64) -> Val {
    match unit {
        Unit::Day => Val::Date(Parts::from_date(base + Duration::days(n))),
        Unit::Week => Val::Date(Parts::from_date(base + Duration::days(7 * n))),
        Unit::Month => match add_months(base, n as i32) {
            Some(d) => Val::Date(Parts {
                year: Some(d.year()),
                month: Some(d.month()),
                year_given: true,
                ..Parts::default()
            }),
            None => Val::Vague,
        },
        _ => Val::Date(Parts {
            year: Some(base.year() + n as i32),
            year_given: true,
            ..Parts::default()
        }),
    }
}

/// 要 as a modal of intent (要达到, 要再来), not inside 重要, 主要, 需要, 要求.
fn has_modal_yao(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(k, &c)| {
        c == '要'
            && !k
                .checked_sub(1)
                .and_then(|p| chars.get(p))
                .is_some_and(|b| "重主需只必想纪首提概简摘政".contains(*b))
            && !chars
                .get(k + 1)
                .is_some_and(|a| "求素点闻害件务案塞冲职领".contains(*a))
    })
}

/// 了 as the perfective particle (修成了，), not inside 为了, 除了, 了解, 了不起, and not the
/// sentence-final particle (长得怎么样了。), which also ends future sentences.
fn has_perfective_le(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(k, &c)| {
        c == '了'
            && !chars
                .get(k + 1)
                .is_none_or(|a| "。！？!?；;\n”\"".contains(*a))
            && !k
                .checked_sub(1)
                .and_then(|p| chars.get(p))
                .is_some_and(|b| "为除罢末".contains(*b))
            && !chars.get(k + 1).is_some_and(|a| "解不却结如".contains(*a))
    })
}

fn is_cjk_unit_start(c: char) -> bool {
    "年月天小个".contains(c)
}

#[derive(Debug, Clone, Copy)]
enum DayVal {
    Day(u32),
    Date(Option<NaiveDate>, Option<&'static str>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

fn pos_mod(pos: Pos) -> Mod {
    match pos {
        Pos::Start => Mod::Start,
        Pos::Mid => Mod::Mid,
        Pos::End => Mod::End,
    }
}

/// With another qualifier, 底/末 name the last day and 初 the first (截至10月底 = 10-31).
fn pos_value(p: &Parts, pos: Pos) -> Option<(String, Precision)> {
    let y = p.year?;
    match (p.month, p.day, pos) {
        (Some(m), None, Pos::End) => Some((month_last_day(y, m)?.to_string(), Precision::Day)),
        (Some(m), None, Pos::Start) => Some((
            NaiveDate::from_ymd_opt(y, m, 1)?.to_string(),
            Precision::Day,
        )),
        (None, None, Pos::End) => Some((format!("{y}-12-31"), Precision::Day)),
        (None, None, Pos::Start) => Some((format!("{y}-01"), Precision::Month)),
        _ => None,
    }
}

/// Spring 03–05, summer 06–08, autumn 09–11, winter 12–02 of the next year.
fn season_value(year: i32, first: u32) -> String {
    if first == 12 {
        format!("{year}-12/{}-02", year + 1)
    } else {
        format!("{year}-{first:02}/{year}-{:02}", first + 2)
    }
}

/// The TIMEX3 value and precision of resolved parts; `XXXX` for a year the text leaves open.
fn format_parts(p: &Parts) -> (String, Precision) {
    if p.unknown {
        let precision = if p.hour.is_some() {
            Precision::Hour
        } else if p.day.is_some() || p.part.is_some() {
            Precision::Day
        } else if p.month.is_some() {
            Precision::Month
        } else {
            Precision::Year
        };
        return (String::new(), precision);
    }
    let year = p
        .year
        .map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
    let Some(month) = p.month else {
        if let Some(d) = p.day {
            return (format!("{year}-XX-{d:02}"), Precision::Day);
        }
        return (year, Precision::Year);
    };
    let Some(day) = p.day else {
        return (format!("{year}-{month:02}"), Precision::Month);
    };
    if p.year.is_some() && NaiveDate::from_ymd_opt(p.year.unwrap_or(0), month, day).is_none() {
        return (String::new(), Precision::Day);
    }
    let date = format!("{year}-{month:02}-{day:02}");
    match (p.hour, p.minute, p.part) {
        (Some(h), m, part) => {
            let h = adjust_hour(h, part);
            match m {
                Some(m) => (format!("{date}T{h:02}:{m:02}"), Precision::Minute),
                None => (format!("{date}T{h:02}"), Precision::Hour),
            }
        }
        (None, _, Some(part)) => (format!("{date}T{part}"), Precision::Hour),
        (None, _, None) => (date, Precision::Day),
    }
}

/// 下午3时 is 15:00; 凌晨 and 上午 keep the hour.
fn adjust_hour(h: u32, part: Option<&str>) -> u32 {
    match part {
        Some("AF" | "EV") if h < 12 => h + 12,
        Some("MI") if h < 6 => h + 12,
        Some("NI") if (6..12).contains(&h) => h + 12,
        _ => h,
    }
}

/// An ISO 8601 duration; a fraction goes to the next smaller unit (8.5小时 = PT8H30M).
fn duration_value(amount: f64, unit: Unit) -> Option<String> {
    if !(amount > 0.0 && amount < 1e7) {
        return None;
    }
    let whole = amount.trunc() as u64;
    let frac = amount.fract();
    let mut date = String::new();
    let mut time = String::new();
    let push = |s: &mut String, n: u64, c: char| {
        if n > 0 {
            s.push_str(&n.to_string());
            s.push(c);
        }
    };
    match unit {
        Unit::Year => {
            push(&mut date, whole, 'Y');
            push(&mut date, (frac * 12.0).round() as u64, 'M');
        }
        Unit::Month => {
            push(&mut date, whole, 'M');
            push(&mut date, (frac * 30.0).round() as u64, 'D');
        }
        Unit::Week => {
            if frac == 0.0 {
                push(&mut date, whole, 'W');
            } else {
                push(&mut date, (amount * 7.0).round() as u64, 'D');
            }
        }
        Unit::Day => {
            push(&mut date, whole, 'D');
            push(&mut time, (frac * 24.0).round() as u64, 'H');
        }
        Unit::Hour => {
            push(&mut time, whole, 'H');
            push(&mut time, (frac * 60.0).round() as u64, 'M');
        }
        Unit::Minute => {
            push(&mut time, whole, 'M');
            push(&mut time, (frac * 60.0).round() as u64, 'S');
        }
        Unit::Second => {
            if frac == 0.0 {
                push(&mut time, whole, 'S');
            } else {
                let text = format!("{amount:.3}");
                time = format!("{}S", text.trim_end_matches('0'));
            }
        }
    }
    if date.is_empty() && time.is_empty() {
        return None;
    }
    let mut v = format!("P{date}");
    if !time.is_empty() {
        v.push('T');
        v.push_str(&time);
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_carry_fractions_to_the_next_unit() {
        assert_eq!(duration_value(8.5, Unit::Hour).as_deref(), Some("PT8H30M"));
        assert_eq!(duration_value(192.0, Unit::Day).as_deref(), Some("P192D"));
        assert_eq!(duration_value(1.5, Unit::Year).as_deref(), Some("P1Y6M"));
        assert_eq!(duration_value(2.0, Unit::Week).as_deref(), Some("P2W"));
        assert_eq!(duration_value(0.5, Unit::Hour).as_deref(), Some("PT30M"));
    }

    #[test]
    fn afternoon_hours_move_past_noon() {
        assert_eq!(adjust_hour(3, Some("AF")), 15);
        assert_eq!(adjust_hour(2, Some("NI")), 2);
        assert_eq!(adjust_hour(10, Some("MO")), 10);
    }

    #[test]
    fn modal_yao_and_perfective_le_skip_the_words_holding_them() {
        assert!(has_modal_yao("研发投入要达到3%"));
        assert!(!has_modal_yao("这是重要的一步，主要需要资金"));
        assert!(has_perfective_le("水渠修成了，泉水流进了田间"));
        assert!(!has_perfective_le("为了了解情况，看看树苗长得怎么样了。"));
    }

    #[test]
    fn anchors_keep_the_depth_of_their_value() {
        let depth = |v: &str| Anchor::of_value(v).map(|a| a.depth);
        assert_eq!(depth("2008"), Some(0));
        assert_eq!(depth("2024-Q3"), Some(0));
        assert_eq!(depth("2023-05"), Some(1));
        assert_eq!(depth("2024-11-04TMO"), Some(2));
        assert_eq!(depth("2024-11-06/2024-11-07"), Some(2));
        assert_eq!(depth("P3Y"), None);
        assert_eq!(depth(""), None);
    }
}
