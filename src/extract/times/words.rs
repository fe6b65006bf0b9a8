//! The vocabulary of the time grammar: small closed tables tied to its enums, in code; the open
//! word lists, vague words, festival names and five-year plans from `assets/times/` (`words.txt`,
//! `vague.tsv`, `festivals.tsv`, `plans.tsv`), read through `crate::lexicon`.

use super::Mod;
use super::calendar::Festival;
use crate::asset_text;
use crate::lexicon::{self, AssetText, LexiconError, Sections};

pub const PARTS_OF_DAY: &[(&str, &str)] = &[
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

/// Relative days: offset from the reference date, and an optional part of day.
pub const REL_DAYS: &[(&str, i64, Option<&str>)] = &[
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
pub const ANCHOR_DAYS: &[(&str, i64, bool, Option<&str>)] = &[
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

pub const REL_YEARS: &[(&str, i32)] = &[
    ("大前年", -3),
    ("今年", 0),
    ("去年", -1),
    ("明年", 1),
    ("前年", -2),
    ("后年", 2),
    ("本年", 0),
    ("来年", 1),
];

pub const REL_MONTHS: &[(&str, i32)] = &[
    ("本月", 0),
    ("这个月", 0),
    ("上个月", -1),
    ("下个月", 1),
    ("上月", -1),
    ("下月", 1),
];

/// The 24 solar terms in Gregorian order (index into the table) and whether the name is also an
/// ordinary word (`大雪` heavy snow), so it needs a year before or 节气 after.
pub const SOLAR_TERMS: &[(&str, usize, bool)] = &[
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

/// Words after a festival that make it a time (and 期间-like ones: the holiday period).
pub const FESTIVAL_TAILS: &[(&str, Mod, bool)] = &[
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

/// A set of single characters (a `.next` or `.prev` section of `words.txt`).
#[derive(Debug, Clone, Default)]
pub struct CharSet(String);

impl CharSet {
    /// Whether `c` is there and in the set.
    pub fn holds(&self, c: Option<char>) -> bool {
        c.is_some_and(|c| self.0.contains(c))
    }
}

/// A festival name of `festivals.tsv`.
#[derive(Debug, Clone)]
pub struct FestivalName {
    pub name: String,
    pub festival: Festival,
    /// The name alone is also an ordinary word or a name (`七一勋章`, `政治清明`), so it needs a
    /// following word (期间, 前夕, 前 …).
    pub needs_tail: bool,
}

/// A vague time word of `vague.tsv` (当前, 近日, 以后): reported with an empty value.
#[derive(Debug, Clone)]
pub struct VagueWord {
    pub word: String,
    pub modifier: Mod,
    /// A time only at a clause start (以后，…), not inside a clause (毕业以后).
    pub clause_only: bool,
    /// Characters after or before the word that make it part of another word (应当前往, 项目前期).
    pub next: CharSet,
    pub prev: CharSet,
}

/// The sections of `words.txt`.
const SECTIONS: &[&str] = &[
    "before.next",
    "after.next",
    "since.next",
    "start.next",
    "today.prev",
    "near.prev",
    "whole_year.prev",
    "this_year.prev",
    "tomorrow.prev",
    "following.prev",
    "year_alone.prev",
    "month_alone.prev",
    "year.next",
    "relative_year.next",
    "month.next",
    "relative_month.next",
    "anchored_month.prev",
    "day.next",
    "bare_day.prev",
    "lunar_month.prev",
    "lunar_month.next",
    "lunar_day.next",
    "week.next",
    "weekday.next",
    "evening.next",
    "night.next",
    "morning.next",
    "hour.next",
    "duration_year.next",
    "duration_week.next",
    "duration_day.next",
    "vague_count.next",
    "come.next",
    "within.next",
    "modal_yao.prev",
    "modal_yao.next",
    "perfective_le.prev",
    "perfective_le.next",
    "duration.noun",
    "day_number.cue",
    "day_number.verb",
    "day_number.prev",
    "day_number.noun",
    "bare_day.cue",
    "count.adverb",
    "count.interval",
    "count.forward",
    "count.past",
    "future.cue",
    "era.prefix",
    "era.verb",
    "festival.show",
    "stretch.lead",
    "stretch_lead.prev",
    "season.tail",
    "century.tail",
    "midnight.tail",
    "clock_point.tail",
];

/// The open word lists of the grammar; `words.txt` documents each (field `x_next` is section
/// `x.next`).
#[derive(Debug, Clone)]
pub struct TimeWords {
    pub before_next: CharSet,
    pub after_next: CharSet,
    pub since_next: CharSet,
    pub start_next: CharSet,
    pub today_prev: CharSet,
    pub near_prev: CharSet,
    pub whole_year_prev: CharSet,
    pub this_year_prev: CharSet,
    pub tomorrow_prev: CharSet,
    pub following_prev: CharSet,
    pub year_alone_prev: CharSet,
    pub month_alone_prev: CharSet,
    pub year_next: CharSet,
    pub relative_year_next: CharSet,
    pub month_next: CharSet,
    pub relative_month_next: CharSet,
    pub anchored_month_prev: CharSet,
    pub day_next: CharSet,
    pub bare_day_prev: CharSet,
    pub lunar_month_prev: CharSet,
    pub lunar_month_next: CharSet,
    pub lunar_day_next: CharSet,
    pub week_next: CharSet,
    pub weekday_next: CharSet,
    pub evening_next: CharSet,
    pub night_next: CharSet,
    pub morning_next: CharSet,
    pub hour_next: CharSet,
    pub duration_year_next: CharSet,
    pub duration_week_next: CharSet,
    pub duration_day_next: CharSet,
    pub vague_count_next: CharSet,
    pub come_next: CharSet,
    pub within_next: CharSet,
    pub modal_yao_prev: CharSet,
    pub modal_yao_next: CharSet,
    pub perfective_le_prev: CharSet,
    pub perfective_le_next: CharSet,
    pub duration_nouns: Vec<String>,
    pub day_number_cues: Vec<String>,
    /// Longest first.
    pub day_number_verbs: Vec<String>,
    pub day_number_prev: CharSet,
    pub day_number_nouns: Vec<String>,
    pub bare_day_cues: Vec<String>,
    /// Longest first: the first that ends a text is stripped.
    pub count_adverbs: Vec<String>,
    pub interval_words: Vec<String>,
    pub forward_words: Vec<String>,
    pub past_words: Vec<String>,
    pub future_cues: Vec<String>,
    /// Longest first: the first spelled at a position is taken.
    pub era_prefixes: Vec<String>,
    /// Longest first.
    pub era_verbs: Vec<String>,
    pub festival_shows: Vec<String>,
    /// Longest first.
    pub stretch_leads: Vec<String>,
    pub stretch_lead_prev: CharSet,
    pub season_tails: Vec<String>,
    pub century_tails: Vec<String>,
    pub midnight_tails: Vec<String>,
    pub clock_point_tails: Vec<String>,
    pub vague: Vec<VagueWord>,
    pub festivals: Vec<FestivalName>,
    /// Five-year plans: name and first year.
    pub plans: Vec<(String, i32)>,
}

impl TimeWords {
    /// The lists shipped in `assets/times/`.
    pub fn shipped() -> Result<TimeWords, LexiconError> {
        TimeWords::parse(
            asset_text!("times/words.txt"),
            asset_text!("times/vague.tsv"),
            asset_text!("times/festivals.tsv"),
            asset_text!("times/plans.tsv"),
        )
    }

    fn parse(
        words: AssetText,
        vague: AssetText,
        festivals: AssetText,
        plans: AssetText,
    ) -> Result<TimeWords, LexiconError> {
        let s = Sections::parse(words, SECTIONS)?;
        let chars = |name: &str| CharSet(s.words(name).concat());
        let list = |name: &str| s.words(name).to_vec();
        let longest_first = |name: &str| {
            let mut words = list(name);
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            words
        };
        Ok(TimeWords {
            before_next: chars("before.next"),
            after_next: chars("after.next"),
            since_next: chars("since.next"),
            start_next: chars("start.next"),
            today_prev: chars("today.prev"),
            near_prev: chars("near.prev"),
            whole_year_prev: chars("whole_year.prev"),
            this_year_prev: chars("this_year.prev"),
            tomorrow_prev: chars("tomorrow.prev"),
            following_prev: chars("following.prev"),
            year_alone_prev: chars("year_alone.prev"),
            month_alone_prev: chars("month_alone.prev"),
            year_next: chars("year.next"),
            relative_year_next: chars("relative_year.next"),
            month_next: chars("month.next"),
            relative_month_next: chars("relative_month.next"),
            anchored_month_prev: chars("anchored_month.prev"),
            day_next: chars("day.next"),
            bare_day_prev: chars("bare_day.prev"),
            lunar_month_prev: chars("lunar_month.prev"),
            lunar_month_next: chars("lunar_month.next"),
            lunar_day_next: chars("lunar_day.next"),
            week_next: chars("week.next"),
            weekday_next: chars("weekday.next"),
            evening_next: chars("evening.next"),
            night_next: chars("night.next"),
            morning_next: chars("morning.next"),
            hour_next: chars("hour.next"),
            duration_year_next: chars("duration_year.next"),
            duration_week_next: chars("duration_week.next"),
            duration_day_next: chars("duration_day.next"),
            vague_count_next: chars("vague_count.next"),
            come_next: chars("come.next"),
            within_next: chars("within.next"),
            modal_yao_prev: chars("modal_yao.prev"),
            modal_yao_next: chars("modal_yao.next"),
            perfective_le_prev: chars("perfective_le.prev"),
            perfective_le_next: chars("perfective_le.next"),
            duration_nouns: list("duration.noun"),
            day_number_cues: list("day_number.cue"),
            day_number_verbs: longest_first("day_number.verb"),
            day_number_prev: chars("day_number.prev"),
            day_number_nouns: list("day_number.noun"),
            bare_day_cues: list("bare_day.cue"),
            count_adverbs: longest_first("count.adverb"),
            interval_words: list("count.interval"),
            forward_words: list("count.forward"),
            past_words: list("count.past"),
            future_cues: list("future.cue"),
            era_prefixes: longest_first("era.prefix"),
            era_verbs: longest_first("era.verb"),
            festival_shows: list("festival.show"),
            stretch_leads: longest_first("stretch.lead"),
            stretch_lead_prev: chars("stretch_lead.prev"),
            season_tails: list("season.tail"),
            century_tails: list("century.tail"),
            midnight_tails: list("midnight.tail"),
            clock_point_tails: list("clock_point.tail"),
            vague: parse_vague(vague)?,
            festivals: parse_festivals(festivals)?,
            plans: parse_plans(plans)?,
        })
    }
}

fn parse_vague(asset: AssetText) -> Result<Vec<VagueWord>, LexiconError> {
    let chars = |field: &str| CharSet(if field == "-" { "" } else { field }.to_string());
    lexicon::table(asset, 5, 5)?
        .iter()
        .map(|row| {
            let modifier = match row.field(1) {
                "none" => Mod::None,
                "since" => Mod::Since,
                other => return Err(row.error(format!("`mod` is none or since, not `{other}`"))),
            };
            let clause_only = match row.field(2) {
                "any" => false,
                "clause" => true,
                other => return Err(row.error(format!("`where` is any or clause, not `{other}`"))),
            };
            Ok(VagueWord {
                word: row.field(0).to_string(),
                modifier,
                clause_only,
                next: chars(row.field(3)),
                prev: chars(row.field(4)),
            })
        })
        .collect()
}

fn parse_festivals(asset: AssetText) -> Result<Vec<FestivalName>, LexiconError> {
    lexicon::table(asset, 3, 3)?
        .iter()
        .map(|row| {
            let festival = Festival::from_key(row.field(1))
                .ok_or_else(|| row.error(format!("unknown festival `{}`", row.field(1))))?;
            let needs_tail = match row.field(2) {
                "yes" => false,
                "no" => true,
                other => return Err(row.error(format!("`alone` is yes or no, not `{other}`"))),
            };
            Ok(FestivalName {
                name: row.field(0).to_string(),
                festival,
                needs_tail,
            })
        })
        .collect()
}

fn parse_plans(asset: AssetText) -> Result<Vec<(String, i32)>, LexiconError> {
    lexicon::table(asset, 2, 3)?
        .iter()
        .map(|row| Ok((row.field(0).to_string(), row.parse(1, "first year")?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_parse_and_every_section_has_words() {
        let words = TimeWords::shipped().expect("shipped time words");
        let sections = Sections::parse(asset_text!("times/words.txt"), SECTIONS).expect("parse");
        for name in SECTIONS {
            assert!(!sections.words(name).is_empty(), "[{name}] is empty");
            if name.ends_with(".next") || name.ends_with(".prev") {
                let chars = sections.words(name).concat();
                let distinct: std::collections::HashSet<char> = chars.chars().collect();
                assert_eq!(
                    distinct.len(),
                    chars.chars().count(),
                    "[{name}] repeats a char"
                );
            }
        }
        assert!(words.before_next.holds(Some('往')) && !words.before_next.holds(None));
        assert_eq!(
            words.count_adverbs.first().map(String::as_str),
            Some("仅仅")
        );
        assert_eq!(
            words.era_prefixes.first().map(String::as_str),
            Some("中国共产党第")
        );
        assert!(words.plans.contains(&("十四五".to_string(), 2021)));
        assert!(
            words
                .festivals
                .iter()
                .any(|f| f.name == "国庆" && f.festival == Festival::Fixed(10, 1) && f.needs_tail)
        );
    }

    #[test]
    fn an_unknown_section_is_an_error() {
        let words = AssetText {
            path: "words.txt",
            text: "[before.next]\n往\n[befor.next]\n进\n",
        };
        let err = TimeWords::parse(
            words,
            asset_text!("times/vague.tsv"),
            asset_text!("times/festivals.tsv"),
            asset_text!("times/plans.tsv"),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "unknown section [befor.next]: words.txt:3");
    }

    #[test]
    fn a_bad_vague_row_names_its_line() {
        let vague = AssetText {
            path: "vague.tsv",
            text: "# word\tmod\twhere\tnext\tprev\n当前\tnone\tany\t往\t-\n以后\tafter\tclause\t-\t-\n",
        };
        let err = parse_vague(vague).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`mod` is none or since, not `after`: vague.tsv:3"
        );
        let words = TimeWords::shipped().expect("shipped time words");
        let current = words.vague.iter().find(|v| v.word == "当前");
        assert!(current.is_some_and(|v| v.next.holds(Some('往')) && !v.clause_only));
    }

    #[test]
    fn a_bad_festival_row_names_its_line() {
        let festivals = AssetText {
            path: "festivals.tsv",
            text: "# name\tfestival\talone\n春节\tlunar-new-year\tyes\n复活节\teaster\tyes\n",
        };
        let err = parse_festivals(festivals).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown festival `easter`: festivals.tsv:3"
        );
    }
}
