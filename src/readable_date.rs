//! Dates as people read them. A TIMEX3 value with its qualifier becomes Chinese or English text:
//! `2024-11-04TAF` → `2024-11-04 下午` / `2024-11-04 afternoon`, `2013-12-02T00` → `2013-12-02
//! 00:00`, `2024-SP` → `2024年春` / `spring 2024`, `2012-11` since → `2012-11 以来` / `since
//! 2012-11`. The app (timeline, entity pages, tooltips) and every export's visible text read dates
//! through [`event_date`] or [`readable_date`]; the value itself stays in machine fields (the JSON
//! export, CSV's `value` column, iCalendar's `X-KANBAO-VALUE`). No egui here.
//!
//! Days and months keep their ISO digits in both languages (`2024-11-04`, `2024-11`); what TIMEX3
//! writes as a code (parts of day, quarters, halves, seasons, weeks, decades, centuries, partial
//! dates, durations, vague references) becomes words. A clock time with no day (`T24`) is shown
//! on the day of its article when one is known. A value of a shape this module does not know is
//! shown as written.

use crate::extract::times::{Mod, Precision};
use crate::knowledge::timeline::Event;
use chrono::NaiveDate;

/// The language of the text: of dates and exports here, and of the whole app (`ui::i18n::Lang`
/// is this type, a persisted setting).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Language {
    #[default]
    Zh,
    En,
}

impl Language {
    /// The one of a Chinese and an English form this language reads.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Language::Zh => zh,
            Language::En => en,
        }
    }
}

/// An event's date as people read it; a clock time with no day takes its first dated source's
/// article date.
pub fn event_date(e: &Event, lang: Language) -> String {
    readable_date(&e.value, e.modifier, e.precision, source_day(e), lang)
}

/// The reference date of the first of an event's source articles that has one.
pub fn source_day(e: &Event) -> Option<NaiveDate> {
    e.sources.iter().find_map(|s| s.citation.date)
}

/// A TIMEX3 value and qualifier as people read them. `precision` tells a decade (`1990/1999`)
/// from a range of years; `day` is the day a bare clock time (`T24`) is shown on.
pub fn readable_date(
    value: &str,
    modifier: Mod,
    precision: Precision,
    day: Option<NaiveDate>,
    lang: Language,
) -> String {
    let date = bare_date(value.trim(), precision, day, lang);
    qualified(&date, modifier, lang)
}

/// A qualifier as a word (`以来` / `since`); empty for none.
pub fn qualifier_word(m: Mod, lang: Language) -> &'static str {
    let (zh, en) = match m {
        Mod::None => ("", ""),
        Mod::Before => ("前", "before"),
        Mod::After => ("之后", "after"),
        Mod::Since => ("以来", "since"),
        Mod::Until => ("截至", "until"),
        Mod::Approx => ("前后", "around"),
        Mod::Start => ("初", "early"),
        Mod::Mid => ("中", "mid"),
        Mod::End => ("末", "late"),
    };
    lang.pick(zh, en)
}

/// The date without its qualifier.
fn bare_date(value: &str, precision: Precision, day: Option<NaiveDate>, lang: Language) -> String {
    if value.is_empty() {
        return match lang {
            Language::Zh => "日期不详",
            Language::En => "date unknown",
        }
        .to_owned();
    }
    let text = if let Some(v) = vague(value, lang) {
        Some(v)
    } else if let Some(d) = value.strip_prefix('P') {
        duration(d, lang)
    } else if let Some((a, b)) = value.split_once('/') {
        range(a, b, precision, day, lang)
    } else {
        Point::parse(value).map(|p| p.text(day, lang))
    };
    text.unwrap_or_else(|| value.to_owned())
}

/// A part of the day (TIMEX3 `MO`, `MI`, `AF`, `EV`, `NI`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayPart {
    Morning,
    Midday,
    Afternoon,
    Evening,
    Night,
}

/// A time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    Hour(u32),
    Minute(u32, u32),
    Part(DayPart),
}

impl Clock {
    /// `13`, `13:24`, `13:24:05`, `24`, `AF`.
    fn parse(t: &str) -> Option<Clock> {
        let part = match t {
            "MO" => Some(DayPart::Morning),
            "MI" => Some(DayPart::Midday),
            "AF" => Some(DayPart::Afternoon),
            "EV" => Some(DayPart::Evening),
            "NI" => Some(DayPart::Night),
            _ => None,
        };
        if let Some(p) = part {
            return Some(Clock::Part(p));
        }
        let mut fields = t.split(':');
        let h = number(fields.next()?, 2).filter(|&h| h <= 24)?;
        let Some(m) = fields.next() else {
            return Some(Clock::Hour(h));
        };
        let m = number(m, 2).filter(|&m| m < 60)?;
        // Seconds are kept in the value, not shown.
        if let Some(s) = fields.next() {
            number(s, 2).filter(|&s| s < 61)?;
        }
        (fields.next().is_none() && (h < 24 || m == 0)).then_some(Clock::Minute(h, m))
    }

    fn text(self, lang: Language) -> String {
        match self {
            Clock::Hour(h) => format!("{h:02}:00"),
            Clock::Minute(h, m) => format!("{h:02}:{m:02}"),
            Clock::Part(p) => {
                let (zh, en) = match p {
                    DayPart::Morning => ("上午", "morning"),
                    DayPart::Midday => ("中午", "midday"),
                    DayPart::Afternoon => ("下午", "afternoon"),
                    DayPart::Evening => ("晚上", "evening"),
                    DayPart::Night => ("夜间", "night"),
                };
                lang.pick(zh, en).to_owned()
            }
        }
    }
}

/// A season (TIMEX3 `SP`, `SU`, `FA`, `WI`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

/// One TIMEX3 point (no `/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Point {
    /// `19`: the hundred years from 1900 (the 20th century).
    Century(i32),
    /// `199`: the 1990s.
    Decade(i32),
    Year(i32),
    Half(i32, u32),
    Quarter(i32, u32),
    Season(i32, Season),
    Week(i32, u32),
    /// A calendar date with any of year, month and day unknown (`XXXX-11-04`), and a time.
    Date {
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        time: Option<Clock>,
    },
    /// A time of day with no date (`T24`, `TAF`).
    Time(Clock),
}

impl Point {
    fn parse(v: &str) -> Option<Point> {
        if let Some(t) = v.strip_prefix('T') {
            return Clock::parse(t).map(Point::Time);
        }
        let (date, time) = match v.split_once('T') {
            Some((d, t)) => (d, Some(Clock::parse(t)?)),
            None => (v, None),
        };
        let mut parts = date.split('-');
        let first = parts.next()?;
        let year = match first.len() {
            _ if first == "XXXX" => None,
            4 => Some(number(first, 4)? as i32),
            3 if date.len() == 3 && time.is_none() => {
                return Some(Point::Decade(number(first, 3)? as i32));
            }
            2 if date.len() == 2 && time.is_none() => {
                return Some(Point::Century(number(first, 2)? as i32));
            }
            _ => return None,
        };
        let Some(second) = parts.next() else {
            return (time.is_none()).then_some(Point::Year(year?));
        };
        let third = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let coarse = |y: Option<i32>, p: Point| {
            (third.is_none() && time.is_none() && y.is_some()).then_some(p)
        };
        let y = year.unwrap_or(0);
        // Seasons first: `WI` is winter, not a week.
        let season = match second {
            "SP" => Some(Season::Spring),
            "SU" => Some(Season::Summer),
            "FA" => Some(Season::Autumn),
            "WI" => Some(Season::Winter),
            _ => None,
        };
        if let Some(s) = season {
            return coarse(year, Point::Season(y, s));
        }
        if let Some(q) = second.strip_prefix('Q') {
            let q = number(q, 1).filter(|q| (1..=4).contains(q))?;
            return coarse(year, Point::Quarter(y, q));
        }
        if let Some(h) = second.strip_prefix('H') {
            let h = number(h, 1).filter(|h| (1..=2).contains(h))?;
            return coarse(year, Point::Half(y, h));
        }
        if let Some(w) = second.strip_prefix('W') {
            let w = number(w, 2).filter(|w| (1..=53).contains(w))?;
            return coarse(year, Point::Week(y, w));
        }
        let month = match second {
            "XX" => None,
            m => Some(number(m, 2).filter(|m| (1..=12).contains(m))?),
        };
        let day = match third {
            None | Some("XX") => None,
            Some(d) => Some(number(d, 2).filter(|d| (1..=31).contains(d))?),
        };
        // A time needs a day to stand on.
        if time.is_some() && day.is_none() {
            return None;
        }
        Some(Point::Date {
            year,
            month,
            day,
            time,
        })
    }

    /// The point as text; `day` places a bare time.
    fn text(self, day: Option<NaiveDate>, lang: Language) -> String {
        let zh = lang == Language::Zh;
        match self {
            Point::Century(c) if zh => format!("{}世纪", c + 1),
            Point::Century(c) => format!("the {} century", ordinal(c + 1)),
            Point::Decade(d) if zh => format!("{}年代", d * 10),
            Point::Decade(d) => format!("the {}s", d * 10),
            Point::Year(y) if zh => format!("{y}年"),
            Point::Year(y) => y.to_string(),
            Point::Half(y, h) if zh => format!("{y}年{}半年", if h == 1 { "上" } else { "下" }),
            Point::Half(y, h) => {
                format!(
                    "the {} half of {y}",
                    if h == 1 { "first" } else { "second" }
                )
            }
            Point::Quarter(y, q) if zh => {
                let n = ["", "一", "二", "三", "四"]
                    .get(q as usize)
                    .copied()
                    .unwrap_or("");
                format!("{y}年第{n}季度")
            }
            Point::Quarter(y, q) => format!("Q{q} {y}"),
            Point::Season(y, s) => {
                let (w_zh, w_en) = match s {
                    Season::Spring => ("春", "spring"),
                    Season::Summer => ("夏", "summer"),
                    Season::Autumn => ("秋", "autumn"),
                    Season::Winter => ("冬", "winter"),
                };
                if zh {
                    format!("{y}年{w_zh}")
                } else {
                    format!("{w_en} {y}")
                }
            }
            Point::Week(y, w) if zh => format!("{y}年第{w}周"),
            Point::Week(y, w) => format!("week {w} of {y}"),
            Point::Date {
                year,
                month,
                day: d,
                time,
            } => date_text(year, month, d, time, lang),
            Point::Time(clock) => match day {
                Some(day) => format!("{day} {}", clock.text(lang)),
                None => clock.text(lang),
            },
        }
    }

    /// The calendar day of a full date, and its time.
    fn day(self) -> Option<((i32, u32, u32), Option<Clock>)> {
        match self {
            Point::Date {
                year: Some(y),
                month: Some(m),
                day: Some(d),
                time,
            } => Some(((y, m, d), time)),
            _ => None,
        }
    }
}

/// A calendar date: ISO digits when the year is known, words when parts are missing.
fn date_text(
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<Clock>,
    lang: Language,
) -> String {
    let zh = lang == Language::Zh;
    let (base, note) = match (year, month, day) {
        (Some(y), Some(m), Some(d)) => (format!("{y:04}-{m:02}-{d:02}"), ""),
        (Some(y), Some(m), None) => (format!("{y:04}-{m:02}"), ""),
        (Some(y), None, None) if zh => (format!("{y}年"), ""),
        (Some(y), None, None) => (y.to_string(), ""),
        (Some(y), None, Some(d)) if zh => (format!("{y}年{d}日"), "（月份不详）"),
        (Some(y), None, Some(d)) => (format!("day {d} of a month of {y}"), ""),
        (None, Some(m), Some(d)) if zh => (format!("{m}月{d}日"), "（年份不详）"),
        (None, Some(m), Some(d)) => (format!("{d} {}", month_name(m)), " (year unknown)"),
        (None, Some(m), None) if zh => (format!("{m}月"), "（年份不详）"),
        (None, Some(m), None) => (month_name(m).to_owned(), " (year unknown)"),
        (None, None, Some(d)) if zh => (format!("{d}日"), "（年月不详）"),
        (None, None, Some(d)) => (format!("day {d}"), " (month and year unknown)"),
        (None, None, None) if zh => ("日期不详".to_owned(), ""),
        (None, None, None) => ("date unknown".to_owned(), ""),
    };
    match time {
        Some(t) => format!("{base} {}{note}", t.text(lang)),
        None => format!("{base}{note}"),
    }
}

/// `a/b`: a decade, one day's span of times, or two points joined by 至 / to.
fn range(
    a: &str,
    b: &str,
    precision: Precision,
    day: Option<NaiveDate>,
    lang: Language,
) -> Option<String> {
    let (pa, pb) = (Point::parse(a)?, Point::parse(b)?);
    if precision == Precision::Decade
        && let (Point::Year(ya), Point::Year(yb)) = (pa, pb)
        && ya % 10 == 0
        && yb == ya + 9
    {
        return Some(Point::Decade(ya / 10).text(day, lang));
    }
    let to = match lang {
        Language::Zh => "至",
        Language::En => " to ",
    };
    // The same day at two times: the day once (`2024-11-04 08:00至20:00`).
    if let (Some((da, Some(ta))), Some((db, Some(tb)))) = (pa.day(), pb.day())
        && da == db
    {
        let (y, m, d) = da;
        return Some(format!(
            "{y:04}-{m:02}-{d:02} {}{to}{}",
            ta.text(lang),
            tb.text(lang)
        ));
    }
    let (ta, tb) = (pa.text(day, lang), pb.text(day, lang));
    // 至 runs on after Chinese (`1915年至1917年`) and stands apart after digits
    // (`2024-11-06 至 2024-11-07`).
    let spaced = lang == Language::Zh && ta.ends_with(|c: char| c.is_ascii_alphanumeric());
    Some(if spaced {
        format!("{ta} {to} {tb}")
    } else {
        format!("{ta}{to}{tb}")
    })
}

/// A duration (`P3Y`, `P1Y6M`, `PT30M`, `PXY`): `3年` / `3 years`, `数年` / `several years`.
fn duration(d: &str, lang: Language) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_time = false;
    let mut amount = String::new();
    for c in d.chars() {
        match c {
            'T' if amount.is_empty() && !in_time => in_time = true,
            '0'..='9' | '.' | 'X' => amount.push(c),
            unit => {
                if amount.is_empty() {
                    return None;
                }
                let (zh, en) = match (unit, in_time) {
                    ('Y', false) => ("年", "year"),
                    ('M', false) => ("个月", "month"),
                    ('W', false) => ("周", "week"),
                    ('D', false) => ("天", "day"),
                    ('H', true) => ("小时", "hour"),
                    ('M', true) => ("分钟", "minute"),
                    ('S', true) => ("秒", "second"),
                    _ => return None,
                };
                let unknown = amount.contains('X');
                out.push(match lang {
                    Language::Zh if unknown => format!("数{zh}"),
                    Language::Zh => format!("{amount}{zh}"),
                    Language::En if unknown => format!("several {en}s"),
                    Language::En if amount == "1" => format!("1 {en}"),
                    Language::En => format!("{amount} {en}s"),
                });
                amount.clear();
            }
        }
    }
    (amount.is_empty() && !out.is_empty()).then(|| match lang {
        Language::Zh => out.concat(),
        Language::En => out.join(" "),
    })
}

/// TIMEX3's vague references.
fn vague(v: &str, lang: Language) -> Option<String> {
    let (zh, en) = match v {
        "PAST_REF" => ("过去", "the past"),
        "PRESENT_REF" => ("现在", "now"),
        "FUTURE_REF" => ("将来", "the future"),
        _ => return None,
    };
    Some(lang.pick(zh, en).to_owned())
}

/// The date with its qualifier: Chinese puts 截至 before and the others after the date, English
/// puts every word before it (`the late 1990s`, `mid-2024`).
fn qualified(date: &str, m: Mod, lang: Language) -> String {
    let word = qualifier_word(m, lang);
    if word.is_empty() {
        return date.to_owned();
    }
    match lang {
        Language::Zh if m == Mod::Until => join_zh(word, date),
        // The middle of a month is its 中旬.
        Language::Zh if m == Mod::Mid && is_iso_month(date) => join_zh(date, "中旬"),
        Language::Zh => join_zh(date, word),
        Language::En => match m {
            Mod::Start | Mod::Mid | Mod::End => {
                let (article, rest) = date
                    .strip_prefix("the ")
                    .map_or(("", date), |rest| ("the ", rest));
                let sep = if m == Mod::Mid && !rest.contains('-') {
                    "-"
                } else {
                    " "
                };
                format!("{article}{word}{sep}{rest}")
            }
            _ => format!("{word} {date}"),
        },
    }
}

/// Chinese words run on; a space stands between Chinese and digits (`2024年以来`, `2012-11 以来`,
/// `截至 2024年`).
fn join_zh(a: &str, b: &str) -> String {
    let cjk = |c: Option<char>| c.is_some_and(|c| crate::text::is_han(c) || is_cjk_mark(c));
    if cjk(a.chars().next_back()) && cjk(b.chars().next()) {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

/// CJK punctuation and full-width forms (`）`, `，`).
fn is_cjk_mark(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// `2024-11`.
fn is_iso_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

/// A number of at most `max_len` ASCII digits.
fn number(s: &str, max_len: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn month_name(m: u32) -> &'static str {
    const NAMES: [&str; 13] = [
        "",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES.get(m as usize).copied().unwrap_or("")
}

/// `1st`, `2nd`, `21st`, `11th`.
fn ordinal(n: i32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// Value, precision, qualifier → Chinese, English.
    const CASES: &[(&str, Precision, Mod, &str, &str)] = &[
        (
            "2024-11-04",
            Precision::Day,
            Mod::None,
            "2024-11-04",
            "2024-11-04",
        ),
        ("2024-11", Precision::Month, Mod::None, "2024-11", "2024-11"),
        ("2024", Precision::Year, Mod::None, "2024年", "2024"),
        (
            "2024-11-04TMO",
            Precision::Hour,
            Mod::None,
            "2024-11-04 上午",
            "2024-11-04 morning",
        ),
        (
            "2024-11-04TMI",
            Precision::Hour,
            Mod::None,
            "2024-11-04 中午",
            "2024-11-04 midday",
        ),
        (
            "2024-11-04TAF",
            Precision::Hour,
            Mod::None,
            "2024-11-04 下午",
            "2024-11-04 afternoon",
        ),
        (
            "2024-11-04TEV",
            Precision::Hour,
            Mod::None,
            "2024-11-04 晚上",
            "2024-11-04 evening",
        ),
        (
            "2024-11-04TNI",
            Precision::Hour,
            Mod::None,
            "2024-11-04 夜间",
            "2024-11-04 night",
        ),
        (
            "2013-12-02T00",
            Precision::Hour,
            Mod::None,
            "2013-12-02 00:00",
            "2013-12-02 00:00",
        ),
        (
            "2021-05-14T24",
            Precision::Hour,
            Mod::None,
            "2021-05-14 24:00",
            "2021-05-14 24:00",
        ),
        (
            "2024-11-04T10:30",
            Precision::Minute,
            Mod::None,
            "2024-11-04 10:30",
            "2024-11-04 10:30",
        ),
        (
            "2024-11-04T10:30:15",
            Precision::Minute,
            Mod::None,
            "2024-11-04 10:30",
            "2024-11-04 10:30",
        ),
        (
            "2024-Q3",
            Precision::Quarter,
            Mod::None,
            "2024年第三季度",
            "Q3 2024",
        ),
        (
            "2024-H1",
            Precision::Interval,
            Mod::None,
            "2024年上半年",
            "the first half of 2024",
        ),
        (
            "2024-H2",
            Precision::Interval,
            Mod::None,
            "2024年下半年",
            "the second half of 2024",
        ),
        (
            "2024-SP",
            Precision::Interval,
            Mod::None,
            "2024年春",
            "spring 2024",
        ),
        (
            "2023-WI",
            Precision::Interval,
            Mod::None,
            "2023年冬",
            "winter 2023",
        ),
        (
            "2024-W45",
            Precision::Interval,
            Mod::None,
            "2024年第45周",
            "week 45 of 2024",
        ),
        ("199", Precision::Decade, Mod::None, "1990年代", "the 1990s"),
        (
            "1990/1999",
            Precision::Decade,
            Mod::End,
            "1990年代末",
            "the late 1990s",
        ),
        (
            "19",
            Precision::Decade,
            Mod::Start,
            "20世纪初",
            "the early 20th century",
        ),
        (
            "20",
            Precision::Decade,
            Mod::None,
            "21世纪",
            "the 21st century",
        ),
        (
            "1915/1917",
            Precision::Interval,
            Mod::None,
            "1915年至1917年",
            "1915 to 1917",
        ),
        (
            "2010/2019",
            Precision::Interval,
            Mod::None,
            "2010年至2019年",
            "2010 to 2019",
        ),
        (
            "2024-11-06/2024-11-07",
            Precision::Interval,
            Mod::None,
            "2024-11-06 至 2024-11-07",
            "2024-11-06 to 2024-11-07",
        ),
        (
            "2013-08-09T08/2013-08-09T20",
            Precision::Interval,
            Mod::None,
            "2013-08-09 08:00至20:00",
            "2013-08-09 08:00 to 20:00",
        ),
        (
            "2012-11-04TEV/2012-11-05TNI",
            Precision::Interval,
            Mod::None,
            "2012-11-04 晚上至2012-11-05 夜间",
            "2012-11-04 evening to 2012-11-05 night",
        ),
        (
            "XXXX-11-04",
            Precision::Day,
            Mod::None,
            "11月4日（年份不详）",
            "4 November (year unknown)",
        ),
        (
            "XXXX-11",
            Precision::Month,
            Mod::None,
            "11月（年份不详）",
            "November (year unknown)",
        ),
        (
            "XXXX-XX-04",
            Precision::Day,
            Mod::None,
            "4日（年月不详）",
            "day 4 (month and year unknown)",
        ),
        (
            "XXXX-11-04TAF",
            Precision::Hour,
            Mod::None,
            "11月4日 下午（年份不详）",
            "4 November afternoon (year unknown)",
        ),
        ("T10:00", Precision::Minute, Mod::None, "10:00", "10:00"),
        ("TAF", Precision::Hour, Mod::None, "下午", "afternoon"),
        ("", Precision::Vague, Mod::None, "日期不详", "date unknown"),
        ("P3Y", Precision::Duration, Mod::None, "3年", "3 years"),
        (
            "P1Y6M",
            Precision::Duration,
            Mod::None,
            "1年6个月",
            "1 year 6 months",
        ),
        (
            "PT30M",
            Precision::Duration,
            Mod::None,
            "30分钟",
            "30 minutes",
        ),
        (
            "PXY",
            Precision::Duration,
            Mod::None,
            "数年",
            "several years",
        ),
        ("PAST_REF", Precision::Vague, Mod::None, "过去", "the past"),
        (
            "2012-11",
            Precision::Month,
            Mod::Since,
            "2012-11 以来",
            "since 2012-11",
        ),
        (
            "2024",
            Precision::Year,
            Mod::Since,
            "2024年以来",
            "since 2024",
        ),
        (
            "2024-11-04",
            Precision::Day,
            Mod::Until,
            "截至 2024-11-04",
            "until 2024-11-04",
        ),
        (
            "2024",
            Precision::Year,
            Mod::Until,
            "截至 2024年",
            "until 2024",
        ),
        (
            "2024",
            Precision::Year,
            Mod::Approx,
            "2024年前后",
            "around 2024",
        ),
        ("2024", Precision::Year, Mod::Mid, "2024年中", "mid-2024"),
        (
            "2024-11",
            Precision::Month,
            Mod::Mid,
            "2024-11 中旬",
            "mid 2024-11",
        ),
        (
            "2024-11",
            Precision::Month,
            Mod::End,
            "2024-11 末",
            "late 2024-11",
        ),
        (
            "2024-11-04",
            Precision::Day,
            Mod::Before,
            "2024-11-04 前",
            "before 2024-11-04",
        ),
        (
            "2024",
            Precision::Year,
            Mod::After,
            "2024年之后",
            "after 2024",
        ),
    ];

    #[test]
    fn every_value_class_reads_in_both_languages() {
        for &(value, precision, m, zh, en) in CASES {
            for (lang, want) in [(Language::Zh, zh), (Language::En, en)] {
                let got = readable_date(value, m, precision, None, lang);
                assert_eq!(got, want, "{value} {m:?} {lang:?}");
            }
        }
    }

    #[test]
    fn a_bare_clock_time_stands_on_its_articles_day() {
        let d = day(2021, 5, 14);
        assert_eq!(
            readable_date("T24", Mod::None, Precision::Hour, d, Language::Zh),
            "2021-05-14 24:00"
        );
        assert_eq!(
            readable_date("TEV", Mod::None, Precision::Hour, d, Language::En),
            "2021-05-14 evening"
        );
        assert_eq!(
            readable_date("T24", Mod::None, Precision::Hour, None, Language::En),
            "24:00"
        );
        // A dated value ignores the article's day.
        assert_eq!(
            readable_date("2024-11-04TAF", Mod::None, Precision::Hour, d, Language::Zh),
            "2024-11-04 下午"
        );
    }

    #[test]
    fn malformed_values_are_shown_as_written() {
        for v in [
            "2024-13",
            "2024-11-32",
            "2024-Q5",
            "2024-11-04T25",
            "24:00",
            "2024-11-04TXX",
        ] {
            assert_eq!(
                readable_date(v, Mod::None, Precision::Day, None, Language::En),
                v
            );
        }
    }

    #[test]
    fn no_readable_date_keeps_a_timex_code() {
        // Codes TIMEX3 writes that a reader does not know.
        let codes = [
            "TMO", "TMI", "TAF", "TEV", "TNI", "-Q", "-H", "-SP", "-WI", "-W", "XX", "_REF",
        ];
        for &(value, precision, m, _, _) in CASES {
            for lang in [Language::Zh, Language::En] {
                let got = readable_date(value, m, precision, day(2024, 11, 4), lang);
                for code in codes {
                    assert!(!got.contains(code), "{value} → {got}");
                }
                assert!(!got.contains('T'), "{value} → {got}");
            }
        }
    }

    #[test]
    fn qualifier_words_in_both_languages() {
        assert_eq!(qualifier_word(Mod::Approx, Language::Zh), "前后");
        assert_eq!(qualifier_word(Mod::Since, Language::En), "since");
        assert_eq!(qualifier_word(Mod::None, Language::Zh), "");
    }
}
