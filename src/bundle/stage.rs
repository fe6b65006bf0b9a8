//! Records read from a file, held compact until they become articles.
//!
//! An xz stream is decoded with a dictionary (64 MiB for `xz -9`) that stays resident until the
//! stream ends. Articles built while it is read would sit beside it as `String`s; instead a
//! deferring stage keeps their text lz4-compressed per batch (about 60 % of its size, plus a few
//! bytes per record) and builds the articles once the decoder is gone, freeing each batch as it
//! goes, so the dictionary and the built articles are never resident together.

use super::{Article, DateSource, Meta, Source};
use chrono::NaiveDate;

/// What a record has beyond title, text and date (rare in big corpora, so boxed).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct RecordExtras {
    pub kicker: Option<String>,
    pub subtitles: Vec<String>,
    pub url: Option<String>,
    pub media: Option<String>,
    pub meta: Meta,
}

impl RecordExtras {
    pub(super) fn is_empty(&self) -> bool {
        *self == RecordExtras::default()
    }
}

/// Text bytes per batch: a batch is sealed (compressed, or built) once it holds this much.
const BATCH_TEXT_BYTES: usize = 256 * 1024;

/// Strings of one record in a batch's text, each ended by `\n` (none holds a line end): its
/// paragraphs, then its title.
#[derive(Debug, Clone)]
struct StagedRecord {
    date: Option<NaiveDate>,
    line: usize,
    paragraphs: usize,
    extras: Option<Box<RecordExtras>>,
}

/// A sealed batch: its text, lz4-compressed.
struct Sealed {
    bytes: Box<[u8]>,
    /// False if compressing failed (it cannot with a buffer of the maximum output size): then
    /// `bytes` is the text itself.
    compressed: bool,
    text_len: usize,
    /// How many records of [`Stage::records`] it holds, after those of the batches before it.
    records: usize,
}

/// Collects records, in order, and builds them into articles of one file.
pub(super) struct Stage<'f> {
    file: &'f str,
    /// Keep batches compressed until [`Stage::finish`] rather than building them when sealed.
    defer: bool,
    /// The open batch: strings of its records, each ended by `\n`.
    text: String,
    /// Records not built yet: of the sealed batches, then of the open one.
    records: Vec<StagedRecord>,
    sealed: Vec<Sealed>,
    /// Records of the sealed batches (the first ones of `records`).
    sealed_records: usize,
    articles: Vec<Article>,
    /// Compression output, reused.
    scratch: Vec<u8>,
}

/// Where a record began in the open batch, to drop what a failed record wrote.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark(usize);

impl<'f> Stage<'f> {
    pub(super) fn new(file: &'f str, defer: bool) -> Self {
        Stage {
            file,
            defer,
            text: String::new(),
            records: Vec::new(),
            sealed: Vec::new(),
            sealed_records: 0,
            articles: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Records staged or built so far.
    pub(super) fn len(&self) -> usize {
        self.articles.len() + self.records.len()
    }

    /// Marks the start of a record.
    pub(super) fn mark(&self) -> Mark {
        Mark(self.text.len())
    }

    /// Drops the strings written since `mark` (a record that turned out invalid).
    pub(super) fn rollback(&mut self, mark: Mark) {
        self.text.truncate(mark.0);
    }

    /// Adds a paragraph of the current record; it must hold no `\n`.
    pub(super) fn push_paragraph(&mut self, paragraph: &str) {
        debug_assert!(!paragraph.contains('\n'));
        self.text.push_str(paragraph);
        self.text.push('\n');
    }

    /// Ends the current record with its title (which must hold no `\n`), after `paragraphs`
    /// pushed paragraphs.
    pub(super) fn end_record(
        &mut self,
        title: &str,
        paragraphs: usize,
        date: Option<NaiveDate>,
        line: usize,
        extras: Option<Box<RecordExtras>>,
    ) {
        debug_assert!(!title.contains('\n'));
        self.text.push_str(title);
        self.text.push('\n');
        self.records.push(StagedRecord {
            date,
            line,
            paragraphs,
            extras,
        });
        if self.text.len() >= BATCH_TEXT_BYTES {
            self.seal();
        }
    }

    /// Closes the open batch: compressed when deferring, else built at once.
    fn seal(&mut self) {
        if !self.defer {
            let articles = &mut self.articles;
            build_batch(&self.text, &self.records, self.file, &mut |a| {
                articles.push(a)
            });
            self.text.clear();
            self.records.clear();
            return;
        }
        let bound = lz4_flex::block::get_maximum_output_size(self.text.len());
        if self.scratch.len() < bound {
            self.scratch.resize(bound, 0);
        }
        let text = self.text.as_bytes();
        let (bytes, compressed) = match lz4_flex::block::compress_into(text, &mut self.scratch) {
            Ok(n) => (self.scratch.get(..n).unwrap_or_default(), true),
            Err(_) => (text, false),
        };
        self.sealed.push(Sealed {
            bytes: bytes.into(),
            compressed,
            text_len: text.len(),
            records: self.records.len() - self.sealed_records,
        });
        self.sealed_records = self.records.len();
        self.text.clear();
    }

    /// Every record as an article, in the order added.
    ///
    /// Sealed batches are built on two threads (the reader thread, and with it the decoder, is
    /// gone by now): each fills its own run of slots, so no list of articles is ever copied.
    pub(super) fn finish(mut self) -> Vec<Article> {
        let built = self.articles.len();
        let mut articles = self.articles;
        articles.reserve_exact(self.records.len());
        articles.resize_with(built + self.records.len(), Article::default);
        let slots = articles.get_mut(built..).unwrap_or_default();
        let (sealed_slots, open_slots) = slots.split_at_mut(self.sealed_records);
        let (sealed_records, open_records) = self.records.split_at(self.sealed_records);
        // Halves of about equal text.
        let total: usize = self.sealed.iter().map(|s| s.text_len).sum();
        let mut text = 0;
        let half = self
            .sealed
            .iter()
            .position(|s| {
                text += s.text_len;
                text * 2 >= total
            })
            .map_or(0, |i| i + 1);
        let second = self.sealed.split_off(half);
        let first_records: usize = self.sealed.iter().map(|s| s.records).sum();
        let (slots_a, slots_b) = sealed_slots.split_at_mut(first_records);
        let (records_a, records_b) = sealed_records.split_at(first_records);
        let file = self.file;
        let first = self.sealed;
        std::thread::scope(|scope| {
            if !second.is_empty() {
                scope.spawn(move || build_sealed(second, records_b, file, slots_b));
            }
            build_sealed(first, records_a, file, slots_a);
        });
        let mut open_slots = open_slots.iter_mut();
        build_batch(&self.text, open_records, file, &mut |a| {
            if let Some(slot) = open_slots.next() {
                *slot = a;
            }
        });
        articles
    }
}

/// Builds sealed batches into `slots`, in order, freeing each batch as it goes; `records` are
/// theirs.
fn build_sealed(batches: Vec<Sealed>, records: &[StagedRecord], file: &str, slots: &mut [Article]) {
    let mut buf = Vec::new();
    let mut records = records;
    let mut slots = slots.iter_mut();
    for sealed in batches {
        let (these, rest) = records.split_at(sealed.records.min(records.len()));
        records = rest;
        let text = if sealed.compressed {
            if buf.len() < sealed.text_len {
                buf.resize(sealed.text_len, 0);
            }
            let out = buf.get_mut(..sealed.text_len).unwrap_or_default();
            lz4_flex::block::decompress_into(&sealed.bytes, out)
                .ok()
                .filter(|&n| n == sealed.text_len)
                .and_then(|_| simdutf8::basic::from_utf8(out).ok())
        } else {
            simdutf8::basic::from_utf8(&sealed.bytes).ok()
        };
        // lz4 gives back exactly the bytes it was given, which were a `str`.
        let text = text.expect("a sealed batch decodes to the text it was made of");
        build_batch(text, these, file, &mut |a| {
            if let Some(slot) = slots.next() {
                *slot = a;
            }
        });
    }
}

/// Builds the records of one batch from its text, handing each article to `put`.
fn build_batch(text: &str, records: &[StagedRecord], file: &str, put: &mut dyn FnMut(Article)) {
    let mut strings = text.split_terminator('\n');
    for r in records {
        let mut paragraphs = Vec::with_capacity(r.paragraphs);
        paragraphs.extend(strings.by_ref().take(r.paragraphs).map(str::to_owned));
        let title = strings.next().unwrap_or_default().to_owned();
        let extras = r.extras.as_deref().cloned().unwrap_or_default();
        put(Article {
            kicker: extras.kicker,
            subtitles: extras.subtitles,
            url: extras.url,
            media: extras.media,
            meta: extras.meta,
            title,
            date: r.date,
            date_source: if r.date.is_some() {
                DateSource::Record
            } else {
                DateSource::None
            },
            // Paragraphs only: an empty layout reads as the paragraphs in order, as the reader
            // view already does; this saves a block per paragraph on big corpora.
            paragraphs,
            source: Source {
                file: file.to_owned(),
                line_start: r.line,
                line_end: r.line,
            },
            ..Article::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stages `n` records whose text spans several batches; gives what each should become.
    fn stage_records(stage: &mut Stage<'_>, n: usize) -> Vec<(String, Vec<String>, usize)> {
        let mut want = Vec::new();
        for i in 0..n {
            let paragraphs: Vec<String> = (0..i % 4)
                .map(|k| format!("第{i}篇第{k}段。").repeat(1 + (i * 7 + k) % 60))
                .collect();
            // Every fifth title is empty.
            let title = if i % 5 == 0 {
                String::new()
            } else {
                format!("标题{i}")
            };
            if i % 7 == 3 {
                // A record that fails after writing: nothing of it may stay.
                let mark = stage.mark();
                stage.push_paragraph("作废");
                stage.rollback(mark);
            }
            for p in &paragraphs {
                stage.push_paragraph(p);
            }
            stage.end_record(&title, paragraphs.len(), None, i + 1, None);
            want.push((title, paragraphs, i + 1));
        }
        want
    }

    fn got(articles: &[Article]) -> Vec<(String, Vec<String>, usize)> {
        articles
            .iter()
            .map(|a| (a.title.clone(), a.paragraphs.clone(), a.source.line_start))
            .collect()
    }

    #[test]
    fn deferred_and_immediate_stages_build_the_same_articles_in_order() {
        for defer in [false, true] {
            let mut stage = Stage::new("f.jsonl.xz", defer);
            let want = stage_records(&mut stage, 3_000);
            assert!(stage.text.len() < BATCH_TEXT_BYTES);
            if defer {
                assert!(stage.sealed.len() >= 4, "{} batches", stage.sealed.len());
                let sealed: usize = stage.sealed.iter().map(|s| s.bytes.len()).sum();
                let text: usize = stage.sealed.iter().map(|s| s.text_len).sum();
                assert!(sealed < text, "compressed {sealed} of {text} bytes");
            } else {
                assert!(stage.sealed.is_empty());
            }
            assert_eq!(stage.len(), want.len());
            let articles = stage.finish();
            assert_eq!(got(&articles), want, "defer {defer}");
            assert!(articles.iter().all(|a| a.source.file == "f.jsonl.xz"));
        }
    }

    #[test]
    fn small_stages_finish_with_one_batch_or_none() {
        for n in [0, 1, 2] {
            let mut stage = Stage::new("f", true);
            let want = stage_records(&mut stage, n);
            assert_eq!(got(&stage.finish()), want);
        }
        // One sealed batch and an open one: the second thread has nothing to build.
        let mut stage = Stage::new("f", true);
        stage.push_paragraph(&"长".repeat(BATCH_TEXT_BYTES / 3 + 1));
        stage.end_record("一", 1, None, 1, None);
        stage.end_record("二", 0, NaiveDate::from_ymd_opt(2024, 11, 4), 2, None);
        assert_eq!(stage.sealed.len(), 1);
        let articles = stage.finish();
        assert_eq!(articles.len(), 2);
        assert_eq!(
            articles[0].paragraphs[0].chars().count(),
            BATCH_TEXT_BYTES / 3 + 1
        );
        assert_eq!(articles[1].title, "二");
        assert_eq!(articles[1].date_source, DateSource::Record);
        assert_eq!(articles[0].date_source, DateSource::None);
    }
}
