//! TimelineJS3 export: a JSON document with `title` and `events`; each event's `start_date`
//! (and `end_date` for spans) holds exactly the fields its value's precision knows, its
//! `display_date` the date as people read it, its text each sentence once with the articles
//! citing it. An event whose value has no date of its own (`XXXX-11-04`, a bare `T24`) stands on
//! its first source article's date, its text saying so; with no article date either it is left
//! out.

use super::ExportOptions;
use super::escape_xml;
use super::sources::{citation_text, told};
use crate::knowledge::timeline::Event;
use crate::readable_date::{Language, source_day};
use chrono::Datelike as _;
use serde_json::{Map, Value, json};

/// The TimelineJS3 document as bytes.
pub fn render(events: &[Event], opts: &ExportOptions) -> Vec<u8> {
    let items: Vec<Value> = events.iter().filter_map(|e| event(e, opts)).collect();
    let doc = json!({
        "title": {
            "text": {
                "headline": escape_xml(&opts.title),
                "text": format!("{} events", items.len()),
            }
        },
        "events": items,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_else(|_| b"{}".to_vec());
    out.push(b'\n');
    out
}

fn event(e: &Event, opts: &ExportOptions) -> Option<Value> {
    let date = opts.date(e);
    let mut text = format!("<p>{}</p>", escape_xml(&date));
    let (start, end) = match dates(&e.value) {
        Some(d) => d,
        None => {
            let day = source_day(e)?;
            text.push_str(&format!(
                "<p>{}</p>",
                match opts.lang {
                    Language::Zh => format!("无确切日期，按报道日期 {day} 列出"),
                    Language::En =>
                        format!("no date of its own; shown on its article's date, {day}"),
                }
            ));
            let mut o = ym(day.year(), day.month());
            o.insert("day".into(), json!(day.day().to_string()));
            (o, None)
        }
    };
    for t in told(e) {
        text.push_str(&format!(
            "<blockquote>{}</blockquote>",
            escape_xml(t.sentence)
        ));
        for c in t.citations {
            text.push_str(&format!(
                "<p class=\"cite\">{}</p>",
                escape_xml(&citation_text(c))
            ));
        }
    }
    let mut v = Map::new();
    v.insert("unique_id".into(), json!(e.id));
    v.insert("start_date".into(), Value::Object(start));
    if let Some(end) = end {
        v.insert("end_date".into(), Value::Object(end));
    }
    v.insert("display_date".into(), json!(date));
    v.insert(
        "text".into(),
        json!({ "headline": escape_xml(&e.title), "text": text }),
    );
    v.insert("group".into(), json!(e.kind.as_str()));
    Some(Value::Object(v))
}

/// A TimelineJS date: `year`, `month`, `day`, `hour`, `minute` as strings.
pub type DateObject = Map<String, Value>;

/// Start and optional end date objects of a TIMEX3 value.
pub fn dates(value: &str) -> Option<(DateObject, Option<DateObject>)> {
    if let Some((a, b)) = value.split_once('/') {
        return Some((point(a)?, Some(point(b)?)));
    }
    // Quarters and half-years span months.
    if let Some((y, q)) = value.split_once("-Q") {
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        let y = year(y)?;
        return Some((ym(y, q * 3 - 2), Some(ym(y, q * 3))));
    }
    if let Some((y, h)) = value.split_once("-H") {
        let h: u32 = h.parse().ok().filter(|h| (1..=2).contains(h))?;
        let y = year(y)?;
        return Some((ym(y, h * 6 - 5), Some(ym(y, h * 6))));
    }
    // Seasons span three months; winter runs into the next year.
    if let Some((y, s)) = value.split_once('-')
        && let Some(first) = ["SP", "SU", "FA", "WI"].iter().position(|&c| c == s)
    {
        let y = year(y)?;
        let first = 3 * first as u32 + 3;
        let (end_y, end_m) = if first == 12 {
            (y + 1, 2)
        } else {
            (y, first + 2)
        };
        return Some((ym(y, first), Some(ym(end_y, end_m))));
    }
    // Decades (`199`) and centuries (`19`) span years.
    if !value.is_empty() && value.len() <= 3 && value.bytes().all(|b| b.is_ascii_digit()) {
        let n: i32 = value.parse().ok()?;
        let years = if value.len() == 3 { 10 } else { 100 };
        let first = n * years;
        let of = |y: i32| Map::from_iter([("year".to_string(), json!(y.to_string()))]);
        return Some((of(first), Some(of(first + years - 1))));
    }
    Some((point(value)?, None))
}

fn year(s: &str) -> Option<i32> {
    (s.len() == 4).then(|| s.parse().ok()).flatten()
}

fn ym(y: i32, m: u32) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("year".into(), json!(y.to_string()));
    o.insert("month".into(), json!(m.to_string()));
    o
}

/// `2024`, `2024-11`, `2024-11-04`, `2024-11-04T13`, `2024-11-04T13:24`, `2024-11-04TMO`.
fn point(v: &str) -> Option<Map<String, Value>> {
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let mut parts = date.split('-');
    let mut o = Map::new();
    let y = year(parts.next()?)?;
    o.insert("year".into(), json!(y.to_string()));
    for key in ["month", "day"] {
        if let Some(p) = parts.next() {
            let n: u32 = p.parse().ok()?;
            o.insert(key.into(), json!(n.to_string()));
        }
    }
    if let Some(t) = time {
        let mut hm = t.split(':');
        let h = hm.next().and_then(|h| h.parse::<u32>().ok());
        match h {
            Some(h) if h < 24 => {
                o.insert("hour".into(), json!(h.to_string()));
                if let Some(m) = hm.next().and_then(|m| m.parse::<u32>().ok()) {
                    o.insert("minute".into(), json!(m.to_string()));
                }
            }
            // A part of day (`TAF`): the day is what a timeline can place; the event's
            // `display_date` names the part.
            _ => {}
        }
    }
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(m: &Map<String, Value>) -> Vec<&str> {
        let mut k: Vec<&str> = m.keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    #[test]
    fn fields_follow_precision() {
        let (s, e) = dates("2024").expect("year");
        assert_eq!(keys(&s), ["year"]);
        assert!(e.is_none());
        assert_eq!(keys(&dates("2024-11").expect("month").0), ["month", "year"]);
        assert_eq!(
            keys(&dates("2024-11-04").expect("day").0),
            ["day", "month", "year"]
        );
        assert_eq!(
            keys(&dates("2024-11-04T13").expect("hour").0),
            ["day", "hour", "month", "year"]
        );
        let (m, _) = dates("2024-11-04T13:24").expect("minute");
        assert_eq!(keys(&m), ["day", "hour", "minute", "month", "year"]);
        assert_eq!(m["minute"], "24");
        let (p, _) = dates("2024-11-04TAF").expect("part of day");
        assert_eq!(keys(&p), ["day", "month", "year"]);
    }

    #[test]
    fn spans_get_an_end_date() {
        let (s, e) = dates("2024-11-06/2024-11-07").expect("interval");
        assert_eq!(s["day"], "6");
        assert_eq!(e.expect("end")["day"], "7");
        let (s, e) = dates("2024-Q3").expect("quarter");
        assert_eq!(
            (s["month"].clone(), e.expect("end")["month"].clone()),
            (json!("7"), json!("9"))
        );
        let (s, e) = dates("1990/1999").expect("decade");
        assert_eq!(keys(&s), ["year"]);
        assert_eq!(e.expect("end")["year"], "1999");
        let (s, e) = dates("2024-WI").expect("winter");
        assert_eq!(
            (s["month"].clone(), s["year"].clone()),
            (json!("12"), json!("2024"))
        );
        let e = e.expect("end");
        assert_eq!(
            (e["month"].clone(), e["year"].clone()),
            (json!("2"), json!("2025"))
        );
        let (s, e) = dates("199").expect("decade");
        assert_eq!(
            (s["year"].clone(), e.expect("end")["year"].clone()),
            (json!("1990"), json!("1999"))
        );
        assert!(dates("").is_none());
        assert!(dates("XXXX-11-04").is_none());
        assert!(dates("P3Y").is_none());
    }
}
