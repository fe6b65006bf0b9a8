//! How an [`EventSource`] is written: flat, its article's citation after the article's id, in
//! JSON (exports, `timeline --json`) and in the store's binary sections alike. Cut out of
//! `knowledge::timeline`, which merges events; this is only their sources' wire form.

use super::timeline::{Citation, EventSource};
use crate::bundle::{ArticleId, Part, TextSpan};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An [`EventSource`] as JSON writes it: flat, the article's citation after its id; `url` last,
/// and in JSON only when there is one (binary formats, which read fields by position, always
/// hold it).
#[derive(Deserialize)]
pub(super) struct EventSourceRecord {
    article: ArticleId,
    title: String,
    date: Option<NaiveDate>,
    file: String,
    line: usize,
    sentence: String,
    part: Part,
    index: u32,
    start: u32,
    end: u32,
    trigger: String,
    time_text: String,
    #[serde(default)]
    url: Option<String>,
}

impl Serialize for EventSourceRecord {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let with_url = self.url.is_some() || !s.is_human_readable();
        let mut st = s.serialize_struct("EventSourceRecord", 12 + usize::from(with_url))?;
        st.serialize_field("article", &self.article)?;
        st.serialize_field("title", &self.title)?;
        st.serialize_field("date", &self.date)?;
        st.serialize_field("file", &self.file)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("sentence", &self.sentence)?;
        st.serialize_field("part", &self.part)?;
        st.serialize_field("index", &self.index)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.serialize_field("trigger", &self.trigger)?;
        st.serialize_field("time_text", &self.time_text)?;
        if with_url {
            st.serialize_field("url", &self.url)?;
        } else {
            st.skip_field("url")?;
        }
        st.end()
    }
}

impl From<EventSource> for EventSourceRecord {
    fn from(s: EventSource) -> Self {
        let TextSpan {
            article,
            part,
            index,
            start,
            end,
        } = s.span;
        let Citation {
            title,
            date,
            file,
            line,
            url,
        } = s.citation;
        EventSourceRecord {
            article,
            title,
            date,
            file,
            line,
            sentence: s.sentence,
            part,
            index,
            start,
            end,
            trigger: s.trigger,
            time_text: s.time_text,
            url,
        }
    }
}

impl From<EventSourceRecord> for EventSource {
    fn from(r: EventSourceRecord) -> Self {
        EventSource {
            span: TextSpan {
                article: r.article,
                part: r.part,
                index: r.index,
                start: r.start,
                end: r.end,
            },
            citation: Citation {
                title: r.title,
                date: r.date,
                file: r.file,
                line: r.line,
                url: r.url,
            },
            sentence: r.sentence,
            trigger: r.trigger,
            time_text: r.time_text,
        }
    }
}
