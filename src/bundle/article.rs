//! The article: what a source published under one headline, with its parts kept apart.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::ids::ArticleId;

/// One article as read from a source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    /// 引题: the line above the title, if any.
    pub kicker: Option<String>,
    pub title: String,
    /// Lines under the title (副题), including `——` subtitles.
    pub subtitles: Vec<String>,
    /// Section headings inside the body, in order.
    pub headings: Vec<String>,
    /// The reference date used to resolve `4日`, `昨`, `今年`.
    pub date: Option<NaiveDate>,
    pub date_source: DateSource,
    pub datelines: Vec<Dateline>,
    /// Body paragraphs, cut lines joined, captions and datelines moved out.
    pub paragraphs: Vec<String>,
    pub captions: Vec<String>,
    /// Reading order of headings, paragraphs, captions and datelines. Empty means the
    /// paragraphs alone, in order (articles from JSON records).
    pub layout: Vec<Block>,
    pub source: Source,
    /// The address the article was published or crawled at, when its source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The medium that published it (a record's `source`/`media`/`来源` field, an HTML page's
    /// site name). Serialized as `media`: `source` is where in the bundle it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
    /// Fields of its record that are no part of the article (`keywords`, `desc`, `category`),
    /// in the record's order.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

/// Extra fields of a record, in their order: names unique, values as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta(Vec<(String, String)>);

impl Meta {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a field, or replaces the value of one of the same name in its place.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

impl Serialize for Meta {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (n, v) in &self.0 {
            map.serialize_entry(n, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Meta {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MetaVisitor;
        impl<'de> serde::de::Visitor<'de> for MetaVisitor {
            type Value = Meta;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of strings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Meta, A::Error> {
                let mut meta = Meta::default();
                while let Some((n, v)) = map.next_entry::<String, String>()? {
                    meta.insert(n, v);
                }
                Ok(meta)
            }
        }
        d.deserialize_map(MetaVisitor)
    }
}

/// Where an article's reference date came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Given on the command line (`--date`).
    Cli,
    /// The date field of an article record: JSON, CSV/TSV, a labelled crawl file, Sogou XML, an
    /// HTML page's meta tags (printed `json`, the first record format, for stable output).
    #[serde(rename = "json")]
    Record,
    /// A date in the article's URL (`/2020-01/01/`, `_20200101_`, `/20200101/`).
    Url,
    /// A date in the file name (`2024-11-04`, `20241104`).
    FileName,
    /// A date in the name of a folder the file lies in (`20200302/01.txt`).
    FolderName,
    /// The dateline's month and day, the year inferred from the text.
    Dateline,
    /// The one date every dated article of its page carries (a `本报讯` story without a
    /// dateline date of its own).
    Page,
    /// No date could be found; none is invented.
    #[default]
    None,
}

/// A dateline or byline: `新华社上海11月4日电(记者许可 周蕊)`, `本报讯(记者 … 通讯员 …)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    pub text: String,
    pub agency: Option<String>,
    pub place: Option<String>,
    /// `YYYY-MM-DD` when the year is known, else `--MM-DD`.
    pub date: Option<String>,
    pub reporters: Vec<String>,
    /// 通讯员 named in a `本报讯` byline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correspondents: Vec<String>,
    pub position: DatelinePosition,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatelinePosition {
    #[default]
    Start,
    End,
    /// Opening a sub-story inside the article (`据新华社…电`).
    Inner,
    /// A separate byline under the headline (`本报记者 陆娅楠`).
    Byline,
}

/// One block of an article's body in reading order; the index points into the matching list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum Block {
    Heading(usize),
    Paragraph(usize),
    Caption(usize),
    Dateline(usize),
}

/// Where an article came from: the file and its first and last line (1-based).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub line_start: usize,
    pub line_end: usize,
}

/// The named parts of an article that hold text, as `kanbao entities` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Title,
    Subtitles,
    Headings,
    Paragraphs,
    Captions,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Title,
        Part::Subtitles,
        Part::Headings,
        Part::Paragraphs,
        Part::Captions,
    ];
}

/// Where a stretch of text lies: an article, one of its texts (part and index) and a char range
/// `start..end` in that text. Mentions, passages, date links and event sources all point this way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TextSpan {
    pub article: ArticleId,
    pub part: Part,
    /// Which text of the part (0 for the title).
    pub index: u32,
    /// Char offsets in that text.
    pub start: u32,
    pub end: u32,
}

impl TextSpan {
    /// The span of chars `start..end` in text `index` of `part`; offsets past `u32::MAX` saturate.
    pub fn new(article: ArticleId, part: Part, index: usize, start: usize, end: usize) -> Self {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        TextSpan {
            article,
            part,
            index: narrow(index),
            start: narrow(start),
            end: narrow(end),
        }
    }

    /// The same text and range in `article`.
    pub fn in_article(self, article: ArticleId) -> Self {
        TextSpan { article, ..self }
    }

    /// The chars this span covers in `text` (the text it points to).
    pub fn slice(self, text: &str) -> String {
        text.chars()
            .skip(self.start as usize)
            .take(self.end.saturating_sub(self.start) as usize)
            .collect()
    }
}

impl Article {
    /// The text a span points to, if this article has it (the span's article is not checked).
    pub fn text_at(&self, span: TextSpan) -> Option<&str> {
        self.part(span.part)
            .get(span.index as usize)
            .map(String::as_str)
    }

    /// The strings of one part; the title is a one-element list.
    pub fn part(&self, part: Part) -> &[String] {
        match part {
            Part::Title => std::slice::from_ref(&self.title),
            Part::Subtitles => &self.subtitles,
            Part::Headings => &self.headings,
            Part::Paragraphs => &self.paragraphs,
            Part::Captions => &self.captions,
        }
    }

    /// Every text of the article with its part and index, in a fixed order.
    pub fn texts(&self) -> impl Iterator<Item = (Part, usize, &str)> {
        Part::ALL.into_iter().flat_map(move |p| {
            self.part(p)
                .iter()
                .enumerate()
                .map(move |(i, s)| (p, i, s.as_str()))
        })
    }

    /// Characters of body text (paragraphs only).
    pub fn body_chars(&self) -> usize {
        self.paragraphs.iter().map(|p| p.chars().count()).sum()
    }
}
