//! TimelineJS3 export: a JSON document with `title` and `events`; each event's `start_date`
//! (and `end_date` for spans) holds exactly the fields its value's precision knows.

use super::{ExportOptions, display_date};
use crate::knowledge::timeline::Event;
use serde_json::{Map, Value, json};

/// The TimelineJS3 document as bytes.
pub fn render(events: &[Event], opts: &ExportOptions) -> Vec<u8> {
    let items: Vec<Value> = events.iter().filter_map(event).collect();
    let doc = json!({
        "title": {
            "text": {
                "headline": super::escape_xml(&opts.title),
                "text": format!("{} events", items.len()),
            }
        },
        "events": items,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_else(|_| b"{}".to_vec());
    out.push(b'\n');
    out
}

fn event(e: &Event) -> Option<Value> {
    let (start, end) = dates(&e.value)?;
    let mut text = String::new();
    text.push_str(&format!("<p>{}</p>", super::escape_xml(&display_date(e))));
    for s in &e.sources {
        text.push_str(&format!(
            "<blockquote>{}</blockquote>",
            super::escape_xml(&s.sentence)
        ));
    }
    let mut v = Map::new();
    v.insert("unique_id".into(), json!(e.id));
    v.insert("start_date".into(), Value::Object(start));
    if let Some(end) = end {
        v.insert("end_date".into(), Value::Object(end));
    }
    v.insert(
        "text".into(),
        json!({ "headline": super::escape_xml(&e.title), "text": text }),
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
            // A part of day (MO, AF, EV, NI): the day is what a timeline can place.
            _ => {
                let label = match t {
                    "MO" => "上午",
                    "AF" => "下午",
                    "EV" => "晚上",
                    "NI" => "夜间",
                    _ => "",
                };
                if !label.is_empty() {
                    o.insert("display_date".into(), json!(format!("{date} {label}")));
                }
            }
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
        assert_eq!(p["display_date"], "2024-11-04 下午");
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
        assert!(dates("").is_none());
        assert!(dates("P3Y").is_none());
    }
}
