//! iCalendar export (RFC 5545): CRLF line ends, lines folded at 75 octets, text escaped, one
//! VEVENT per dated event. Day, month and year values are all-day events (`DTSTART;VALUE=DATE`,
//! `DTEND` exclusive); hour and minute values are floating local times.

use super::{ExportOptions, display_date};
use crate::knowledge::timeline::Event;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

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
        let Some(when) = when(e) else { continue };
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}@kanbao", e.id));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        match when {
            When::Days(start, end_excl) => {
                line(
                    &mut out,
                    &format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")),
                );
                line(
                    &mut out,
                    &format!("DTEND;VALUE=DATE:{}", end_excl.format("%Y%m%d")),
                );
            }
            When::At(start, end) => {
                line(
                    &mut out,
                    &format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")),
                );
                if let Some(end) = end {
                    line(&mut out, &format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")));
                }
            }
        }
        line(&mut out, &format!("SUMMARY:{}", escape_text(&e.title)));
        let mut desc = display_date(e);
        for s in &e.sources {
            desc.push('\n');
            desc.push_str(&s.sentence);
        }
        line(&mut out, &format!("DESCRIPTION:{}", escape_text(&desc)));
        line(
            &mut out,
            &format!("CATEGORIES:{}", e.kind.as_str().to_uppercase()),
        );
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out.into_bytes()
}

enum When {
    /// All-day: first day, day after the last.
    Days(NaiveDate, NaiveDate),
    /// A floating local time, with an end for hour precision.
    At(NaiveDateTime, Option<NaiveDateTime>),
}

fn when(e: &Event) -> Option<When> {
    // `2024-11-04T13` and `2024-11-04T13:24` (not parts of day like `TMO`).
    if let Some((date, time)) = e.value.split_once('T')
        && !e.value.contains('/')
    {
        let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let mut hm = time.split(':');
        if let Some(h) = hm.next().and_then(|h| h.parse::<u32>().ok()) {
            let m = hm.next().and_then(|m| m.parse::<u32>().ok());
            let start = day.and_time(NaiveTime::from_hms_opt(h, m.unwrap_or(0), 0)?);
            // An hour covers the hour; a minute is a moment (no DTEND, RFC 5545 §3.6.1).
            let end = m.is_none().then(|| start + Duration::hours(1));
            return Some(When::At(start, end));
        }
    }
    let (start, end) = (e.start?, e.end?);
    Some(When::Days(start, end.succ_opt()?))
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
