//! JSON article records (`{"title", "text", "date"?, …}`, or the same under the other names of
//! [`super::fields`]: `headline`, `content`, `publish_time`, `url`, `来源`; other fields kept as
//! metadata) to articles: JSON Lines fed line by line (whole, or batch by batch from
//! [`super::stream`]), and JSON arrays (or a single record) read whole. Records are parsed straight from the input (or from the JSON parser's scratch
//! buffer where a string has escapes) into a [`Stage`].

use super::Article;
use super::decode;
use super::fields::{FieldMapping, FieldNames, Role};
use super::stage::{RecordExtras, Stage};
use chrono::NaiveDate;
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;

/// Problems listed one by one per file; the rest are counted.
const MAX_NOTES: usize = 20;

/// A record's date, or the string that could not be read as one.
#[derive(Debug)]
enum RecordDate {
    Valid(NaiveDate),
    Invalid(String),
}

impl<'de> Deserialize<'de> for RecordDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = RecordDate;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<RecordDate, E> {
                Ok(match super::crawl::parse_field_date(s) {
                    Some(d) => RecordDate::Valid(d),
                    None => RecordDate::Invalid(s.to_owned()),
                })
            }
            /// Unix time in seconds, or in milliseconds (past 10^11), read in China's time zone.
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<RecordDate, E> {
                let secs = if n.unsigned_abs() >= 100_000_000_000 {
                    n / 1000
                } else {
                    n
                };
                let date = chrono::DateTime::from_timestamp(secs.saturating_add(8 * 3600), 0)
                    .map(|t| t.date_naive())
                    .filter(|d| super::refdate::in_range(*d));
                Ok(match date {
                    Some(d) => RecordDate::Valid(d),
                    None => RecordDate::Invalid(n.to_string()),
                })
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<RecordDate, E> {
                self.visit_i64(i64::try_from(n).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<RecordDate, E> {
                Ok(RecordDate::Invalid(n.to_string()))
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

/// A record's field: a role of [`FieldNames`], or another field (metadata) by name.
enum Field {
    Role(Role, bool),
    Other(String),
}

/// Reads a field name through the table of names.
struct FieldSeed<'a> {
    names: &'a FieldNames,
    mapping: &'a mut FieldMapping,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Field;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldSeed<'_> {
    type Value = Field;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Field, E> {
        Ok(match self.names.role(s) {
            Some(role) => {
                self.mapping.saw_role(role, s);
                // `title`, `text`, `date` are the record format's own names: a second field of
                // the same role under one of them is a duplicate.
                Field::Role(role, s == role.name())
            }
            None => {
                self.mapping.saw_extra(s);
                Field::Other(s.to_owned())
            }
        })
    }
}

/// A field's value as text: strings as they are, numbers and booleans written out, lists of
/// strings joined by `, `, other values as JSON; `null` is none.
fn value_text(v: serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.trim().to_string()),
        Value::Array(items) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => Some(other.to_string()),
    }
    .filter(|s| !s.is_empty())
}

/// What reading one record gave besides the text written to the stage.
struct RecordRead {
    paragraphs: usize,
    body_chars: u64,
    date: Option<RecordDate>,
    extras: Option<Box<RecordExtras>>,
}

/// Reads one record object: the paragraphs of its `text` go straight into the stage, its title
/// into `title` (trimmed, on one line).
struct RecordSeed<'a, 'f> {
    stage: &'a mut Stage<'f>,
    title: &'a mut String,
    names: &'a FieldNames,
    mapping: &'a mut FieldMapping,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_> {
    type Value = RecordRead;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RecordRead, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_, '_> {
    type Value = RecordRead;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an article record {\"title\", \"text\", \"date\"?}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RecordRead, A::Error> {
        let (mut title, mut text, mut date) = (false, None, None);
        let mut extras = RecordExtras::default();
        loop {
            let seed = FieldSeed {
                names: self.names,
                mapping: &mut *self.mapping,
            };
            let Some(field) = map.next_key_seed(seed)? else {
                break;
            };
            match field {
                Field::Role(Role::Title, own) if title => {
                    if own {
                        return Err(A::Error::duplicate_field("title"));
                    }
                    map.next_value::<IgnoredAny>()?;
                }
                Field::Role(Role::Title, _) => {
                    map.next_value_seed(TitleSeed(&mut *self.title))?;
                    title = true;
                }
                Field::Role(Role::Text, own) if text.is_some() => {
                    if own {
                        return Err(A::Error::duplicate_field("text"));
                    }
                    map.next_value::<IgnoredAny>()?;
                }
                Field::Role(Role::Text, _) => {
                    text = Some(map.next_value_seed(TextSeed(&mut *self.stage))?);
                }
                Field::Role(Role::Date, own) if date.is_some() => {
                    if own {
                        return Err(A::Error::duplicate_field("date"));
                    }
                    map.next_value::<IgnoredAny>()?;
                }
                Field::Role(Role::Date, _) => {
                    date = Some(map.next_value::<Option<RecordDate>>()?);
                }
                Field::Role(role, _) => {
                    let value = value_text(map.next_value()?);
                    let one_line = |v: String| {
                        let mut s = String::new();
                        one_line_into(&mut s, &v);
                        s
                    };
                    match role {
                        Role::Kicker => extras.kicker = value.map(one_line),
                        Role::Subtitle => extras.subtitles.extend(value.map(one_line)),
                        Role::Url => extras.url = value,
                        _ => extras.media = value.map(one_line),
                    }
                }
                Field::Other(name) => {
                    if let Some(v) = value_text(map.next_value()?) {
                        extras.meta.insert(name, v);
                    }
                }
            }
        }
        if !title {
            return Err(A::Error::missing_field("title"));
        }
        let (paragraphs, body_chars) = text.ok_or_else(|| A::Error::missing_field("text"))?;
        Ok(RecordRead {
            paragraphs,
            body_chars,
            date: date.flatten(),
            extras: (!extras.is_empty()).then(|| Box::new(extras)),
        })
    }
}

/// A record's title, trimmed, inner line breaks made spaces.
struct TitleSeed<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for TitleSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for TitleSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        self.0.clear();
        one_line_into(self.0, s.trim());
        Ok(())
    }
}

/// A record's text, as paragraphs pushed to the stage; gives their number and characters.
struct TextSeed<'a, 'f>(&'a mut Stage<'f>);

impl<'de> DeserializeSeed<'de> for TextSeed<'_, '_> {
    type Value = (usize, u64);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(usize, u64), D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for TextSeed<'_, '_> {
    type Value = (usize, u64);
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(usize, u64), E> {
        let (mut count, mut chars) = (0, 0);
        for p in paragraphs(s) {
            self.0.push_paragraph(p);
            count += 1;
            chars += p.chars().count() as u64;
        }
        Ok((count, chars))
    }
}

/// Problems found in one file, worded for a warning; capped at [`MAX_NOTES`] plus a count.
#[derive(Debug, Default)]
pub(super) struct Notes {
    list: Vec<String>,
    dropped: usize,
}

impl Notes {
    pub(super) fn push(&mut self, message: String) {
        if self.list.len() < MAX_NOTES {
            self.list.push(message);
        } else {
            self.dropped += 1;
        }
    }

    pub(super) fn into_messages(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.list
                .push(format!("{} more problems like these", self.dropped));
        }
        self.list
    }
}

/// Articles parsed from one file, with their character counts and problems.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub articles: Vec<Article>,
    pub mapping: FieldMapping,
    pub notes: Notes,
    pub body_chars: u64,
    pub title_chars: u64,
}

/// Records of one file as they are read: staged, then built by [`Records::finish`].
pub(super) struct Records<'f> {
    stage: Stage<'f>,
    names: &'f FieldNames,
    /// The fields the records used.
    pub mapping: FieldMapping,
    /// The title of the record being read, reused.
    title: String,
    notes: Notes,
    body_chars: u64,
    title_chars: u64,
}

impl<'f> Records<'f> {
    /// `defer`: hold the records compressed until [`Records::finish`] (see [`Stage`]).
    pub(super) fn new(file: &'f str, defer: bool, names: &'f FieldNames) -> Self {
        Records {
            stage: Stage::new(file, defer),
            names,
            mapping: FieldMapping::default(),
            title: String::new(),
            notes: Notes::default(),
            body_chars: 0,
            title_chars: 0,
        }
    }

    /// Records read so far.
    pub(super) fn len(&self) -> usize {
        self.stage.len()
    }

    /// Reads one record from `json` (a whole JSON value) found at `line`. On error nothing is
    /// kept. A record whose strings escape a lone surrogate (`"\ud800"`, which no string can
    /// hold) is read again with U+FFFD in its place, and noted.
    fn push_json(&mut self, json: &str, line: usize) -> Result<(), serde_json::Error> {
        match self.push_json_once(json, line) {
            Err(e) if e.is_syntax() => match replace_lone_surrogates(json) {
                Some(fixed) => {
                    self.push_json_once(&fixed, line)?;
                    self.notes.push(format!(
                        "line {line}: lone surrogate escapes replaced by U+FFFD"
                    ));
                    Ok(())
                }
                None => Err(e),
            },
            read => read,
        }
    }

    fn push_json_once(&mut self, json: &str, line: usize) -> Result<(), serde_json::Error> {
        let mark = self.stage.mark();
        let mut de = serde_json::Deserializer::from_str(json);
        let seed = RecordSeed {
            stage: &mut self.stage,
            title: &mut self.title,
            names: self.names,
            mapping: &mut self.mapping,
        };
        let read = match seed.deserialize(&mut de).and_then(|r| de.end().map(|()| r)) {
            Ok(read) => read,
            Err(e) => {
                self.stage.rollback(mark);
                return Err(e);
            }
        };
        let date = match read.date {
            Some(RecordDate::Valid(d)) => Some(d),
            Some(RecordDate::Invalid(d)) => {
                self.notes
                    .push(format!("line {line}: date {d:?} not understood, ignored"));
                None
            }
            None => None,
        };
        self.title_chars += self.title.chars().count() as u64;
        self.body_chars += read.body_chars;
        self.stage
            .end_record(&self.title, read.paragraphs, date, line, read.extras);
        Ok(())
    }

    /// Every record read, as articles in order.
    pub(super) fn finish(self) -> Parsed {
        Parsed {
            mapping: self.mapping,
            articles: self.stage.finish(),
            notes: self.notes,
            body_chars: self.body_chars,
            title_chars: self.title_chars,
        }
    }
}

/// The paragraphs of a record's `text`: its lines, trimmed, empty ones dropped.
pub(super) fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr2_iter(b'\n', b'\r', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .filter_map(move |end| {
            // Line ends are ASCII, so every cut falls on a char boundary.
            let piece = text.get(start..end).unwrap_or_default().trim();
            start = end + 1;
            (!piece.is_empty()).then_some(piece)
        })
}

/// Appends a title on one line: inner line breaks (`\r\n`, `\n`, `\r`) become spaces.
fn one_line_into(out: &mut String, title: &str) {
    let mut rest = title;
    while let Some(i) = memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
        out.push_str(rest.get(..i).unwrap_or_default());
        out.push(' ');
        let skip = if rest.get(i..).is_some_and(|r| r.starts_with("\r\n")) {
            2
        } else {
            1
        };
        rest = rest.get(i + skip..).unwrap_or_default();
    }
    out.push_str(rest);
}

/// A record's `date`: `YYYY-MM-DD` (optionally followed by a time), `YYYY/MM/DD` or `YYYYMMDD`,
/// in the years of [`super::refdate::YEARS`] (`0000-01-01` is not understood).
pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = b.get(from..to)?;
        digits.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = match (b.get(4), b.get(7)) {
        (Some(&sep), Some(&sep2)) if sep == sep2 && (sep == b'-' || sep == b'/') => {
            let rest = b.get(10..)?;
            if !(rest.is_empty() || rest.starts_with(b"T") || rest.starts_with(b" ")) {
                return None;
            }
            (number(0, 4)?, number(5, 7)?, number(8, 10)?)
        }
        _ if b.len() == 8 => (number(0, 4)?, number(4, 6)?, number(6, 8)?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
        .filter(|d| super::refdate::in_range(*d))
}

/// `json` with each `\uXXXX` escape of a lone surrogate (one not in a high-low pair) made
/// `\ufffd`; `None` when there is none. Outside strings valid JSON has no backslash, so escapes
/// are found without tracking strings.
fn replace_lone_surrogates(json: &str) -> Option<String> {
    let b = json.as_bytes();
    let unit_at = |i: usize| -> Option<u16> {
        let hex = b.get(i..i + 6)?;
        if !hex.starts_with(b"\\u") {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(hex.get(2..)?).ok()?, 16).ok()
    };
    let high = |u: u16| (0xD800..0xDC00).contains(&u);
    let low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'\\', b.get(i..).unwrap_or_default()) {
        let at = i + k;
        let unit = unit_at(at);
        let lone = match unit {
            Some(u) if high(u) => {
                if unit_at(at + 6).is_some_and(low) {
                    i = at + 12;
                    continue;
                }
                true
            }
            Some(u) => low(u),
            None => false,
        };
        if lone {
            let s = out.get_or_insert_with(|| String::with_capacity(json.len()));
            // The escape is ASCII, so both cuts fall on char boundaries.
            s.push_str(json.get(copied..at).unwrap_or_default());
            s.push_str("\\ufffd");
            copied = at + 6;
            i = at + 6;
        } else {
            // `\\` and other escapes: skip the escaped char with the backslash.
            i = at + 2;
        }
    }
    let mut s = out?;
    s.push_str(json.get(copied..).unwrap_or_default());
    Some(s)
}

/// A serde_json error without its position (given separately, relative to the record).
fn json_problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) if e.line() > 0 => message.to_owned(),
        _ => text,
    }
}

/// A JSON Lines parser fed whole lines, in order, batch by batch.
pub(super) struct JsonLines<'f> {
    /// Lines seen so far (the 1-based number of the last line).
    line: usize,
    /// Byte offset of the next line in the decoded stream.
    byte_offset: u64,
    pub records: Records<'f>,
}

impl<'f> JsonLines<'f> {
    /// `defer`: see [`Records::new`].
    pub(super) fn new(file: &'f str, defer: bool, names: &'f FieldNames) -> Self {
        JsonLines {
            line: 0,
            byte_offset: 0,
            records: Records::new(file, defer, names),
        }
    }

    /// A parser that goes on after `line` lines and `byte_offset` bytes of a stream (a new one
    /// per batch, so each batch's articles are handed out as soon as it is parsed).
    pub(super) fn resume(
        file: &'f str,
        line: usize,
        byte_offset: u64,
        names: &'f FieldNames,
    ) -> Self {
        JsonLines {
            line,
            byte_offset,
            records: Records::new(file, false, names),
        }
    }

    /// Lines and bytes read so far.
    pub(super) fn position(&self) -> (usize, u64) {
        (self.line, self.byte_offset)
    }

    /// Parses the lines of `chunk`; every chunk but the last ends with `\n`.
    pub(super) fn feed(&mut self, chunk: &[u8]) {
        // One validation for the whole chunk; lines are checked one by one only if it fails.
        let valid = simdutf8::basic::from_utf8(chunk).ok();
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', chunk).chain(std::iter::once(chunk.len()));
        for end in ends {
            let raw = chunk.get(start..end).unwrap_or_default();
            // Cuts at `\n` fall on char boundaries of valid text.
            let text = valid.and_then(|v| v.get(start..end));
            if end < chunk.len() || !raw.is_empty() {
                self.line(raw, text);
            }
            start = end + 1;
        }
    }

    /// One line: its bytes, and the same as text when already known to be UTF-8.
    fn line(&mut self, raw: &[u8], text: Option<&str>) {
        self.line += 1;
        let line_offset = self.byte_offset;
        self.byte_offset += raw.len() as u64 + 1;
        let to = raw.len() - usize::from(raw.ends_with(b"\r"));
        // A byte order mark opens the file, or any line of files joined together.
        let from = if raw.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let bytes = raw.get(from..to).unwrap_or_default();
        if bytes.trim_ascii().is_empty() {
            return;
        }
        // `\r` and the BOM are whole chars, so the known text cuts where the bytes do.
        let known = text.and_then(|t| t.get(from..to));
        let text = match known.or_else(|| simdutf8::basic::from_utf8(bytes).ok()) {
            Some(s) => Cow::Borrowed(s),
            None => {
                let mut d = decode::decode_unmarked(bytes.to_vec());
                d.first_bad_byte = d.first_bad_byte.map(|b| b + line_offset as usize + from);
                if let Some(m) = d.bad_bytes_message() {
                    self.records.notes.push(format!("line {}: {m}", self.line));
                }
                Cow::Owned(d.text)
            }
        };
        if let Err(e) = self.records.push_json(&text, self.line) {
            self.records.notes.push(format!(
                "line {}, column {}: record skipped, {}",
                self.line,
                e.column(),
                json_problem(&e)
            ));
        }
    }
}

/// Parses a whole JSON file: an array of records, or a single record. `Err` when the file is not
/// article records at all; problems with single records are notes.
pub(super) fn parse_document(text: &str, file: &str, names: &FieldNames) -> Result<Parsed, String> {
    let mut records = Records::new(file, false, names);
    let bytes = text.as_bytes();
    let skip_ws = |from: usize| {
        from + bytes
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count()
    };
    let mut lines = LineCounter::default();
    let mut pos = skip_ws(0);
    match bytes.get(pos) {
        Some(b'{') => {
            return match records.push_json(text, lines.line_at(bytes, pos)) {
                Ok(()) => Ok(records.finish()),
                Err(e) => Err(format!(
                    "not an article record ({}, line {} column {})",
                    json_problem(&e),
                    e.line(),
                    e.column()
                )),
            };
        }
        Some(b'[') => pos = skip_ws(pos + 1),
        _ => return Err("not JSON article records (expected an array or an object)".into()),
    }
    if bytes.get(pos) == Some(&b']') {
        return Ok(records.finish());
    }
    loop {
        let start = pos;
        let line = lines.line_at(bytes, start);
        let rest = text.get(start..).unwrap_or_default();
        // Find the element's end first; then read it as a record.
        let mut element = serde_json::Deserializer::from_str(rest).into_iter::<IgnoredAny>();
        match element.next() {
            Some(Ok(_)) => {
                let end = element.byte_offset();
                if let Err(e) = records.push_json(rest.get(..end).unwrap_or_default(), line) {
                    records
                        .notes
                        .push(format!("line {line}: record skipped, {}", json_problem(&e)));
                }
                pos = start + end;
            }
            Some(Err(e)) => {
                let at = line + e.line().saturating_sub(1);
                records.notes.push(format!(
                    "line {at}: invalid JSON, rest of the file skipped ({})",
                    json_problem(&e)
                ));
                break;
            }
            None => {
                records
                    .notes
                    .push("unexpected end of the file inside the array".into());
                break;
            }
        }
        pos = skip_ws(pos);
        match bytes.get(pos) {
            Some(b',') => pos = skip_ws(pos + 1),
            Some(b']') => break,
            None => {
                records
                    .notes
                    .push("unexpected end of the file inside the array".into());
                break;
            }
            Some(_) => {
                let at = lines.line_at(bytes, pos);
                records.notes.push(format!(
                    "line {at}: expected `,` or `]` after a record, rest of the file skipped"
                ));
                break;
            }
        }
    }
    Ok(records.finish())
}

/// Line numbers of increasing byte offsets, counting line ends only once.
#[derive(Default)]
struct LineCounter {
    byte_offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, bytes: &[u8], byte_offset: usize) -> usize {
        if byte_offset >= self.byte_offset {
            let seen = bytes.get(self.byte_offset..byte_offset).unwrap_or_default();
            self.line += memchr::memchr_iter(b'\n', seen).count();
            self.byte_offset = byte_offset;
        }
        self.line + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::DateSource;

    static NAMES: std::sync::LazyLock<FieldNames> =
        std::sync::LazyLock::new(|| FieldNames::shipped().expect("shipped field names"));

    fn lines(input: &str) -> Parsed {
        let mut p = JsonLines::new("x.jsonl", false, &NAMES);
        p.feed(input.as_bytes());
        p.records.finish()
    }

    #[test]
    fn a_record_becomes_an_article_with_trimmed_paragraphs() {
        let p = lines(
            "{\"date\":\"2019-01-03\",\"title\":\" 嫦娥四号成功着陆 \",\"text\":\"　第一段。\\n\\n 第二段。 \\r\\n\",\"video\":1}\n",
        );
        let a = &p.articles[0];
        assert_eq!(a.title, "嫦娥四号成功着陆");
        assert_eq!(a.paragraphs, ["第一段。", "第二段。"]);
        assert!(a.layout.is_empty());
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2019, 1, 3));
        assert_eq!(a.date_source, DateSource::Record);
        assert_eq!((a.source.line_start, a.source.line_end), (1, 1));
        assert_eq!((p.title_chars, p.body_chars), (8, 8));
    }

    #[test]
    fn bad_lines_are_noted_with_their_number_and_the_rest_loads() {
        let p = lines(
            "{\"title\":\"一\",\"text\":\"甲\"}\n\nnot json\n{\"title\":\"二\"}\n{\"title\":\"三\",\"text\":\"丙\",\"date\":\"明天\"}",
        );
        let titles: Vec<_> = p.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["一", "三"]);
        assert_eq!(p.articles[1].source.line_start, 5);
        assert_eq!(p.articles[1].date_source, DateSource::None);
        let notes = p.notes.into_messages();
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[0].starts_with("line 3, column 2: record skipped"));
        assert!(notes[1].contains("line 4") && notes[1].contains("missing field `text`"));
        assert!(notes[2].contains("line 5: date \"明天\""));
    }

    #[test]
    fn a_line_in_gb18030_is_decoded() {
        let (gb, _, _) = encoding_rs::GB18030.encode("{\"title\":\"新闻联播\",\"text\":\"正文\"}");
        let mut p = JsonLines::new("x.jsonl", false, &NAMES);
        p.feed(&gb);
        assert_eq!(p.records.finish().articles[0].title, "新闻联播");
    }

    #[test]
    fn fields_come_in_any_order_and_unknown_ones_are_skipped() {
        let p = lines(
            "{\"text\":\"甲\\n乙\",\"extra\":{\"a\":[1,\"x\"]},\"title\":\" 题\\r\\n目\\n二 \",\"date\":null}\n",
        );
        let a = &p.articles[0];
        assert_eq!(a.title, "题 目 二");
        assert_eq!(a.paragraphs, ["甲", "乙"]);
        assert_eq!((a.date, a.date_source), (None, DateSource::None));
        assert_eq!((p.title_chars, p.body_chars), (5, 2));
    }

    #[test]
    fn a_record_that_fails_midway_leaves_nothing_behind() {
        let p = lines(concat!(
            "{\"title\":\"一\",\"text\":\"废\",\"text\":\"甲\"}\n",
            "[\"二\",\"乙\"]\n",
            "{\"text\":\"废\\n废\",\"title\":3}\n",
            "{\"title\":\"三\",\"text\":\"丙\"} x\n",
            "{\"title\":\"四\",\"text\":\"丁\"}\n",
        ));
        let got: Vec<_> = p
            .articles
            .iter()
            .map(|a| (a.title.as_str(), a.paragraphs.clone()))
            .collect();
        assert_eq!(got, [("四", vec!["丁".to_string()])]);
        assert_eq!((p.title_chars, p.body_chars), (1, 1));
        let notes = p.notes.into_messages();
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert!(notes[0].contains("duplicate field `text`"), "{notes:?}");
        assert!(notes[3].starts_with("line 4"), "{notes:?}");
    }

    #[test]
    fn news2016zh_records_load_with_their_extras() {
        let p = lines(concat!(
            "{\"news_id\":\"610130831\",\"keywords\":\"导游，门票\",\"title\":\"故宫门票\",",
            "\"desc\":\"提要\",\"source\":\"新华网\",\"time\":\"2016-02-19 11:35\",",
            "\"content\":\"第一段。\\n第二段。\"}\n",
            "{\"标题\":\"二\",\"正文\":\"乙\",\"发布时间\":1582992000,\"link\":\"http://x.cn/a\"}\n",
        ));
        let [a, b] = p.articles.as_slice() else {
            panic!("two articles: {:?}", p.notes)
        };
        assert_eq!(a.title, "故宫门票");
        assert_eq!(a.paragraphs, ["第一段。", "第二段。"]);
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2016, 2, 19));
        assert_eq!(a.media.as_deref(), Some("新华网"));
        let meta: Vec<_> = a.meta.iter().collect();
        assert_eq!(
            meta,
            [
                ("news_id", "610130831"),
                ("keywords", "导游，门票"),
                ("desc", "提要")
            ]
        );
        assert_eq!(b.date, NaiveDate::from_ymd_opt(2020, 3, 1));
        assert_eq!(b.url.as_deref(), Some("http://x.cn/a"));
        assert_eq!(
            p.mapping.describe(),
            "title=title text=content date=time url=link media=source meta: news_id keywords desc"
        );
    }

    #[test]
    fn a_second_name_for_a_role_is_ignored_but_a_repeated_one_is_a_duplicate() {
        let p = lines("{\"title\":\"一\",\"headline\":\"别\",\"text\":\"甲\"}\n");
        assert_eq!(p.articles[0].title, "一");
        let p = lines("{\"title\":\"一\",\"title\":\"别\",\"text\":\"甲\"}\n");
        assert!(p.articles.is_empty());
    }

    #[test]
    fn many_problems_are_capped() {
        let p = lines(&"x\n".repeat(MAX_NOTES + 5));
        let notes = p.notes.into_messages();
        assert_eq!(notes.len(), MAX_NOTES + 1);
        assert_eq!(notes[MAX_NOTES], "5 more problems like these");
    }

    #[test]
    fn dates_in_several_spellings() {
        let d = NaiveDate::from_ymd_opt(2024, 11, 4);
        for s in [
            "2024-11-04",
            "2024/11/04",
            "20241104",
            "2024-11-04T19:00:00+08:00",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        for s in [
            "2024-11",
            "2024-13-01",
            "11月4日",
            "2024-11-045",
            "0000-01-01",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn a_json_array_keeps_record_lines_and_skips_bad_records() {
        let text = "[\n  {\"title\": \"一\", \"text\": \"甲\"},\n  {\"title\": 2},\n  {\"title\": \"三\",\n   \"text\": \"丙\"}\n]\n";
        let p = parse_document(text, "a.json", &NAMES).expect("an array of records");
        let got: Vec<_> = p
            .articles
            .iter()
            .map(|a| (a.title.as_str(), a.source.line_start))
            .collect();
        assert_eq!(got, [("一", 2), ("三", 4)]);
        assert_eq!(p.notes.into_messages().len(), 1);
    }

    #[test]
    fn a_single_record_object_is_one_article() {
        let p = parse_document("{\"title\":\"一\",\"text\":\"甲\"}", "a.json", &NAMES)
            .expect("a record");
        assert_eq!(p.articles.len(), 1);
    }

    #[test]
    fn json_that_is_not_records_is_refused() {
        assert!(parse_document("{\"2019-01-03.txt\": []}", "TRUTH.json", &NAMES).is_err());
        assert!(parse_document("42", "n.json", &NAMES).is_err());
        assert!(parse_document("", "e.json", &NAMES).is_err());
    }

    #[test]
    fn a_cut_array_keeps_the_records_before_the_cut() {
        let p = parse_document(
            "[{\"title\":\"一\",\"text\":\"甲\"}, {\"title\":\"二\",\"te",
            "a.json",
            &NAMES,
        )
        .expect("an array");
        assert_eq!(p.articles.len(), 1);
        assert_eq!(p.notes.into_messages().len(), 1);
    }
}
