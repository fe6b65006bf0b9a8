//! Timeline exports: events to bytes, one module per format, written atomically.
//! Every format is a pure function of the events and [`ExportOptions`]; [`write_export`] puts the
//! bytes on disk through [`crate::atomic::write_atomic`]. What people read in an export (dates,
//! citations) is written by [`crate::readable_date`] and [`sources`]; machine fields keep the
//! TIMEX3 value. [`guard`] refuses an output path that is a file of the bundle.

pub mod csv;
pub mod guard;
pub mod html;
pub mod ics;
pub mod json;
pub mod sources;
pub mod svg;
pub mod timelinejs;

use crate::knowledge::timeline::Event;
use crate::readable_date::{self, Language};
use chrono::NaiveDateTime;
use std::path::Path;

/// Errors of exporting, each one line with the cause in brackets before the file; no `source()`,
/// so error chains do not print the cause twice.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format `{0}` ({names})", names = ExportFormat::ALL.map(ExportFormat::name).join(", "))]
    UnknownFormat(String),
    #[error("cannot write export ({cause}): {path}")]
    Write { path: String, cause: std::io::Error },
    /// The output is a file the bundle was read from (the same path, a link to it, or a hard
    /// link).
    #[error("refusing to overwrite a source of the bundle ({source_file}): {output}")]
    OntoSource { output: String, source_file: String },
    /// The output lies in the loaded folder where loading it again would read it as news.
    #[error(
        "refusing to write into the bundle folder, which would read it as news ({folder}): {output}"
    )]
    IntoBundleFolder { output: String, folder: String },
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Json,
    Csv,
    TimelineJs,
    Ics,
    Svg,
    Html,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Json,
        ExportFormat::Csv,
        ExportFormat::TimelineJs,
        ExportFormat::Ics,
        ExportFormat::Svg,
        ExportFormat::Html,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::TimelineJs => "timelinejs",
            ExportFormat::Ics => "ics",
            ExportFormat::Svg => "svg",
            ExportFormat::Html => "html",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::TimelineJs => "json",
            other => other.name(),
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ExportError::UnknownFormat(s.to_string()))
    }
}

/// What every format may need besides the events.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// Heading of the document (the bundle's name).
    pub title: String,
    /// The moment of export (UTC), for the iCalendar `DTSTAMP`. Passed in to keep exports pure.
    pub now: NaiveDateTime,
    /// The language of dates people read (the document's own words stay as they are).
    pub lang: Language,
}

impl ExportOptions {
    /// Options stamped with the current time, dates in Chinese.
    pub fn new(title: impl Into<String>) -> Self {
        ExportOptions {
            title: title.into(),
            now: chrono::Utc::now().naive_utc(),
            lang: Language::Zh,
        }
    }

    /// The same options with dates in `lang`.
    pub fn in_language(self, lang: Language) -> Self {
        ExportOptions { lang, ..self }
    }

    /// An event's date as the export's readers read it.
    pub(crate) fn date(&self, e: &Event) -> String {
        readable_date::event_date(e, self.lang)
    }
}

/// The bytes of one export.
pub fn render(format: ExportFormat, events: &[Event], opts: &ExportOptions) -> Vec<u8> {
    match format {
        ExportFormat::Json => json::render(events),
        ExportFormat::Csv => csv::render(events, opts),
        ExportFormat::TimelineJs => timelinejs::render(events, opts),
        ExportFormat::Ics => ics::render(events, opts),
        ExportFormat::Svg => svg::render(events, opts).into_bytes(),
        ExportFormat::Html => html::render(events, opts).into_bytes(),
    }
}

/// Renders and writes one export atomically: the file at `path` is either complete or untouched.
pub fn write_export(
    format: ExportFormat,
    events: &[Event],
    opts: &ExportOptions,
    path: &Path,
) -> Result<(), ExportError> {
    crate::atomic::write_atomic(path, &render(format, events, opts)).map_err(|cause| {
        ExportError::Write {
            path: path.display().to_string(),
            cause,
        }
    })
}

/// Text with XML/HTML special chars escaped (for element text and quoted attributes).
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Chars XML 1.0 forbids (controls, U+FFFE, U+FFFF) and other noncharacters are
            // dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c if is_noncharacter(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Unicode noncharacters: U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE,
/// U+FFFF, U+1FFFE, …). Never text; XML 1.0 forbids U+FFFE and U+FFFF outright.
pub(crate) fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in ExportFormat::ALL {
            assert_eq!(f.name().parse::<ExportFormat>().ok(), Some(f));
        }
        assert_eq!(
            "pdf".parse::<ExportFormat>().map_err(|e| e.to_string()),
            Err("unknown export format `pdf` (json, csv, timelinejs, ics, svg, html)".into())
        );
    }

    #[test]
    fn xml_escaping_covers_markup_and_control_chars() {
        assert_eq!(escape_xml("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&#39;c");
        assert_eq!(
            escape_xml("甲\u{FFFE}乙\u{FFFF}丙\u{FDD0}\u{10FFFF}\u{1FFFE}丁"),
            "甲乙丙丁"
        );
        assert_eq!(
            escape_xml("\u{FFFD}\u{FDCF}\u{FDF0}\u{FFFC}"),
            "\u{FFFD}\u{FDCF}\u{FDF0}\u{FFFC}"
        );
    }
}
