//! iCalendar export (RFC 5545): CRLF line ends, lines folded at 75 octets, text escaped, one
//! VEVENT per exported event. Where an event goes:
//! - a clock time (`2024-11-04T13`, `…T13:24`) is a floating local time: an hour covers the hour,
//!   a minute is a moment, `T24` the next day's 00:00; two clock times (`…T08/…T20`) span
//!   between them;
//! - a day, a part of a day (`2024-11-04TAF`) or a range of days (`2024-11-06/2024-11-07`, a
//!   week, a holiday) is an all-day event over exactly those days (`DTSTART;VALUE=DATE`, `DTEND`
//!   the day after);
//! - a period named coarser than a day (a month, quarter, season, half, year, decade, a range of
//!   months or years) is an all-day event on its **first day only**, its SUMMARY opening with the
//!   period (`2024年 · …`) and its DESCRIPTION naming the days covered: a calendar shows it once
//!   instead of a bar across every day of a year;
//! - an event with no days of its own (a partial date `XXXX-11-04`, a bare clock time `T24`, an
//!   empty value) stands on its first source article's date, SUMMARY opening with its date and
//!   the DESCRIPTION saying so; one whose articles have no date either is left out.
//!   [`placements`] counts both for the CLI's message.
//!
//! SUMMARY is the title; DESCRIPTION the readable date, then each sentence once with the articles
//! citing it. The TIMEX3 value stays in `X-KANBAO-VALUE`.

use super::ExportOptions;
use super::sources::{citation_text, told};
use crate::knowledge::timeline::Event;
use crate::readable_date::{Language, source_day};
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// The calendar as bytes.
pub fn render(events: &[Event], opts: &ExportOptions) -> Vec<u8> {
    let mut out = String::new();
    let stamp = opts.now.format("%Y%m%dT%H%M%SZ").to_string();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//kanbao//timeline export//ZH");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape_text(&opts.title)),
    );
    for e in events {
        let Some((when, basis)) = place(e) else {
            continue;
        };
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}@kanbao", e.id));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        write_when(&mut out, &when);
        let date = opts.date(e);
        let summary = match basis {
            Basis::Own => e.title.clone(),
            Basis::FirstDayOfPeriod | Basis::ArticleDate(_) => format!("{date} · {}", e.title),
        };
        line(&mut out, &format!("SUMMARY:{}", escape_text(&summary)));
        let desc = description(e, &date, basis, opts.lang);
        line(&mut out, &format!("DESCRIPTION:{}", escape_text(&desc)));
        line(
            &mut out,
            &format!("CATEGORIES:{}", e.kind.as_str().to_uppercase()),
        );
        line(
            &mut out,
            &format!("X-KANBAO-VALUE:{}", escape_text(&e.value)),
        );
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out.into_bytes()
}

/// How many events stand on their article's date, and how many are left out (no date at all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placements {
    pub on_article_date: usize,
    pub left_out: usize,
}

/// What [`render`] does with events that have no days of their own.
pub fn placements(events: &[Event]) -> Placements {
    let mut p = Placements::default();
    for e in events {
        match place(e) {
            None => p.left_out += 1,
            Some((_, Basis::ArticleDate(_))) => p.on_article_date += 1,
            Some(_) => {}
        }
    }
    p
}

enum When {
    /// All-day: first day, day after the last.
    Days(NaiveDate, NaiveDate),
    /// A floating local time, with an end for an hour or a span.
    At(NaiveDateTime, Option<NaiveDateTime>),
}

/// Where the days of a VEVENT come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// The event's own value.
    Own,
    /// The first day of a period coarser than a day.
    FirstDayOfPeriod,
    /// The date of its first dated source article.
    ArticleDate(NaiveDate),
}

fn place(e: &Event) -> Option<(When, Basis)> {
    if let Some(when) = clock_time(&e.value) {
        return Some((when, Basis::Own));
    }
    if let (Some(start), Some(end)) = (e.start, e.end) {
        let next = |d: NaiveDate| d.succ_opt().unwrap_or(d);
        return Some(if names_days(&e.value) {
            (When::Days(start, next(end)), Basis::Own)
        } else {
            (When::Days(start, next(start)), Basis::FirstDayOfPeriod)
        });
    }
    let day = source_day(e)?;
    let basis = Basis::ArticleDate(day);
    // A bare clock time (`T24`) at that time of the article's day.
    if let Some((start, hour)) = e.value.strip_prefix('T').and_then(|t| clock_on(day, t)) {
        return Some((
            When::At(start, hour.then(|| start + Duration::hours(1))),
            basis,
        ));
    }
    Some((When::Days(day, day.succ_opt().unwrap_or(day)), basis))
}

/// A day or a range of days, with or without times (each point `YYYY-MM-DD…`).
fn names_days(value: &str) -> bool {
    value.split('/').all(|p| {
        let date = p.split('T').next().unwrap_or_default();
        NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
    })
}

/// A clock time on a day (`2024-11-04T13`, `…T13:24`), or two of them (`…T08/…T20`); not parts
/// of day (`TAF`).
fn clock_time(value: &str) -> Option<When> {
    if let Some((a, b)) = value.split_once('/') {
        let (start, _) = at(a)?;
        let (end, hour) = at(b)?;
        let end = if hour { end + Duration::hours(1) } else { end };
        return (end > start).then_some(When::At(start, Some(end)));
    }
    let (start, hour) = at(value)?;
    // An hour covers the hour; a minute is a moment (no DTEND, RFC 5545 §3.6.1).
    Some(When::At(start, hour.then(|| start + Duration::hours(1))))
}

/// `2024-11-04T13` → the moment and whether it names a whole hour.
fn at(point: &str) -> Option<(NaiveDateTime, bool)> {
    let (date, time) = point.split_once('T')?;
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    clock_on(day, time)
}

/// `13`, `13:24`, `13:24:05` or `24` on `day`; `24` is the next day's 00:00, a moment.
fn clock_on(day: NaiveDate, time: &str) -> Option<(NaiveDateTime, bool)> {
    let mut fields = time.split(':');
    let h: u32 = fields.next()?.parse().ok()?;
    let m: Option<u32> = match fields.next() {
        Some(m) => Some(m.parse().ok()?),
        None => None,
    };
    if h == 24 && m.unwrap_or(0) == 0 {
        return Some((day.succ_opt()?.and_hms_opt(0, 0, 0)?, false));
    }
    Some((day.and_hms_opt(h, m.unwrap_or(0), 0)?, m.is_none()))
}

fn write_when(out: &mut String, when: &When) {
    match *when {
        When::Days(start, end_excl) => {
            line(
                out,
                &format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")),
            );
            line(
                out,
                &format!("DTEND;VALUE=DATE:{}", end_excl.format("%Y%m%d")),
            );
        }
        When::At(start, end) => {
            line(out, &format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")));
            if let Some(end) = end {
                line(out, &format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")));
            }
        }
    }
}

/// The readable date (with the days a period covers, or the article date it stands on), then each
/// sentence once with the articles citing it.
fn description(e: &Event, date: &str, basis: Basis, lang: Language) -> String {
    let zh = lang == Language::Zh;
    let mut desc = date.to_owned();
    match basis {
        Basis::Own => {}
        Basis::FirstDayOfPeriod => {
            if let (Some(a), Some(b)) = (e.start, e.end) {
                desc.push('\n');
                desc.push_str(&if zh {
                    format!("范围：{a} 至 {b}（日历中标在首日）")
                } else {
                    format!("covers {a} to {b} (shown on its first day)")
                });
            }
        }
        Basis::ArticleDate(day) => {
            desc.push('\n');
            desc.push_str(&if zh {
                format!("无确切日期，按报道日期 {day} 列出")
            } else {
                format!("no date of its own; listed on its article's date, {day}")
            });
        }
    }
    for t in told(e) {
        desc.push_str("\n\n");
        desc.push_str(t.sentence);
        for c in t.citations {
            desc.push_str("\n—— ");
            desc.push_str(&citation_text(c));
        }
    }
    desc
}

/// Escapes TEXT values: backslash, semicolon, comma and newlines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if (c as u32) < 0x20 && c != '\t' => {}
            c if super::is_noncharacter(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (never inside a UTF-8 char), ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_on_char_boundaries() {
        let mut out = String::new();
        let text = "SUMMARY:".to_string() + &"神舟十八号载人飞船".repeat(6);
        line(&mut out, &text);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), text);
    }

    #[test]
    fn text_escapes_special_chars() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
