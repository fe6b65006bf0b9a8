//! Sogou news XML (SogouCS, SogouCA): `<doc><url>…</url><docno>…</docno><contenttitle>…
//! </contenttitle><content>…</content></doc>` repeated with no root element, read tolerantly: no
//! XML parser (the files are not well-formed XML: no root, bare `&`, cut records), but a scan for
//! `<doc>` records and the fields inside them, named through [`super::fields`]. A record with no
//! `</doc>` before the next `<doc>` (or the end) is read up to there and noted with its line and
//! byte offset. Paragraphs are the content's lines, and its runs of two full-width spaces (the
//! crawl kept indents but dropped line breaks).

use super::fields::{FieldMapping, FieldNames};
use super::json::{Notes, Parsed};
use super::table::apply_field;
use super::{Article, Source};
use memchr::memmem;

/// Reads every `<doc>` record of a file.
pub(super) fn read(text: &str, file: &str, names: &FieldNames) -> Parsed {
    let open = memmem::Finder::new(b"<doc>");
    let close = memmem::Finder::new(b"</doc>");
    let bytes = text.as_bytes();
    let mut parsed = Parsed::default();
    let mut notes = Notes::default();
    let mut mapping = FieldMapping::default();
    let mut lines = LineCounter::default();
    let mut pos = 0;
    // The first `</doc>` at or after `.0` is `.1` (none: there is none): each is searched for
    // once, so a file of unclosed records is read in one pass.
    let mut close_cache: Option<(usize, Option<usize>)> = None;
    while let Some(found) = open.find(bytes.get(pos..).unwrap_or_default()) {
        let start = pos + found;
        let body_from = start + b"<doc>".len();
        let rest = bytes.get(body_from..).unwrap_or_default();
        let next_open = open.find(rest).map(|i| body_from + i);
        let next_close = match close_cache {
            Some((from, found)) if from <= body_from && found.is_none_or(|c| c >= body_from) => {
                found
            }
            _ => {
                let found = close.find(rest).map(|i| body_from + i);
                close_cache = Some((body_from, found));
                found
            }
        };
        let closed = next_close.filter(|&c| next_open.is_none_or(|n| c < n));
        let (body_to, next) = match closed {
            Some(c) => (c, c + b"</doc>".len()),
            None => {
                let to = next_open.unwrap_or(bytes.len());
                notes.push(format!(
                    "line {}, byte {start}: <doc> not closed, read up to {}",
                    lines.line_at(bytes, start),
                    if next_open.is_some() {
                        "the next <doc>"
                    } else {
                        "the end"
                    }
                ));
                (to, to)
            }
        };
        let line = lines.line_at(bytes, start);
        let end_line = lines.line_at(bytes, body_to);
        let doc = text.get(body_from..body_to).unwrap_or_default();
        if let Some(a) = read_doc(doc, file, (line, end_line), names, &mut mapping, &mut notes) {
            parsed.title_chars += a.title.chars().count() as u64;
            parsed.body_chars += a.body_chars() as u64;
            parsed.articles.push(a);
        }
        pos = next.max(body_from);
    }
    parsed.notes = notes;
    parsed.mapping = mapping;
    parsed
}

/// One record's fields: `<name>value</name>` in any order; an unclosed field runs to the end.
fn read_doc(
    doc: &str,
    file: &str,
    (line_start, line_end): (usize, usize),
    names: &FieldNames,
    mapping: &mut FieldMapping,
    notes: &mut Notes,
) -> Option<Article> {
    let mut a = Article {
        source: Source {
            file: file.to_string(),
            line_start,
            line_end,
        },
        ..Article::default()
    };
    let mut rest = doc;
    while let Some(lt) = rest.find('<') {
        let after = rest.get(lt + 1..).unwrap_or_default();
        // A field name is short: look no further for its `>` (no quadratic scans of `<<<<`).
        let Some(gt) = after.bytes().take(64).position(|b| b == b'>') else {
            rest = after;
            continue;
        };
        let name = after.get(..gt).unwrap_or_default();
        if name.is_empty()
            || name.starts_with('/')
            || !name.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            rest = after;
            continue;
        }
        let value_from = after.get(gt + 1..).unwrap_or_default();
        let closing = format!("</{name}>");
        let (value, next) = match value_from.find(&closing) {
            Some(i) => (
                value_from.get(..i).unwrap_or_default(),
                value_from.get(i + closing.len()..).unwrap_or_default(),
            ),
            None => (value_from, ""),
        };
        let role = names.role(name);
        match role {
            Some(r) => mapping.saw_role(r, name),
            None => mapping.saw_extra(name),
        }
        let value = decode_entities(value);
        let value = if role == Some(super::fields::Role::Text) {
            value.replace("\u{3000}\u{3000}", "\n")
        } else {
            value
        };
        apply_field(&mut a, role, name, &value, line_start, notes);
        rest = next;
    }
    (!a.title.is_empty() || !a.paragraphs.is_empty()).then_some(a)
}

/// Text with the entities of XML and HTML's commonest ones decoded (`&amp;`, `&lt;`, `&nbsp;`,
/// `&#12288;`, `&#x3000;`); an `&` that opens none stays.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        let entity = after
            .bytes()
            .take(12)
            .position(|b| b == b';')
            .and_then(|i| Some((entity_char(after.get(..i)?)?, i)));
        match entity {
            Some((c, i)) => {
                out.push(c);
                rest = after.get(i + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity_char(name: &str) -> Option<char> {
    let numeric = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => numeric(hex.get(1..)?, 16),
            Some(dec) => numeric(dec, 10),
            None => None,
        },
    }
    .filter(|c| *c != '\0')
}

/// Line numbers of increasing byte offsets.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, bytes: &[u8], offset: usize) -> usize {
        if offset >= self.offset {
            let seen = bytes.get(self.offset..offset).unwrap_or_default();
            self.line += memchr::memchr_iter(b'\n', seen).count();
            self.offset = offset;
        }
        self.line + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> FieldNames {
        FieldNames::shipped().expect("shipped field names")
    }

    const DOCS: &str = "<doc>\n<url>http://news.sohu.com/20120601/n344644553.shtml</url>\n<docno>f2467af22cd2f0ea-34913306c0bb3300</docno>\n<contenttitle>北京&amp;天津 天气</contenttitle>\n<content>　　第一段。　　第二段&lt;注&gt;。</content>\n</doc>\n<doc>\n<url>http://x.cn/2</url>\n<contenttitle>未完的记录</contenttitle>\n<content>残";

    #[test]
    fn records_load_and_an_unclosed_one_is_noted() {
        let p = read(DOCS, "news.sohunews.txt", &names());
        let [a, b] = p.articles.as_slice() else {
            panic!("two records: {:?}", p.articles)
        };
        assert_eq!(a.title, "北京&天津 天气");
        assert_eq!(a.paragraphs, ["第一段。", "第二段<注>。"]);
        assert_eq!(
            a.url.as_deref(),
            Some("http://news.sohu.com/20120601/n344644553.shtml")
        );
        assert_eq!(
            a.meta.get("docno"),
            Some("f2467af22cd2f0ea-34913306c0bb3300")
        );
        assert_eq!((a.source.line_start, a.source.line_end), (1, 6));
        assert_eq!(
            (b.title.as_str(), b.paragraphs.as_slice()),
            ("未完的记录", &["残".to_string()][..])
        );
        let notes = p.notes.into_messages();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("line 7, byte "), "{notes:?}");
        assert_eq!(
            p.mapping.describe(),
            "title=contenttitle text=content url=url meta: docno"
        );
    }

    #[test]
    fn a_record_cut_by_the_next_one_keeps_the_next() {
        let p = read(
            "<doc><contenttitle>一</contenttitle><doc><contenttitle>二</contenttitle></doc>",
            "x.xml",
            &names(),
        );
        let titles: Vec<_> = p.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["一", "二"]);
    }

    #[test]
    fn entities_decode_and_stray_ampersands_stay() {
        assert_eq!(
            decode_entities("A&amp;B &#12288;&#x4e2d; & x &bogus;"),
            "A&B \u{3000}中 & x &bogus;"
        );
    }
}
