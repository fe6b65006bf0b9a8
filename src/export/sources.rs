//! An event's sources as exports cite them: each sentence once, under it the articles that tell
//! it, each as `《title》 2024-11-04 · file:line` (title, the article's reference date, and the
//! file and first line it was read from).

use crate::knowledge::timeline::{Citation, Event};

/// One sentence of an event and the articles telling it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Told<'a> {
    pub sentence: &'a str,
    /// Distinct, in source order.
    pub citations: Vec<&'a Citation>,
}

/// The event's distinct sentences in source order, each with its citations.
pub fn told(e: &Event) -> Vec<Told<'_>> {
    let mut out: Vec<Told<'_>> = Vec::new();
    for s in &e.sources {
        let sentence = s.sentence.trim();
        match out.iter_mut().find(|t| t.sentence == sentence) {
            Some(t) => {
                if !t.citations.contains(&&s.citation) {
                    t.citations.push(&s.citation);
                }
            }
            None => out.push(Told {
                sentence,
                citations: vec![&s.citation],
            }),
        }
    }
    out
}

/// `《title》 2024-11-04 · file:line · URL`; parts the article lacks are left out.
pub fn citation_text(c: &Citation) -> String {
    let mut out = String::new();
    if !c.title.trim().is_empty() {
        out.push_str(&format!("《{}》", c.title.trim()));
    }
    if let Some(d) = c.date {
        push_part(&mut out, " ", &d.to_string());
    }
    let place = file_line(c);
    if !place.is_empty() {
        push_part(&mut out, " · ", &place);
    }
    if let Some(url) = c.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        push_part(&mut out, " · ", url);
    }
    out
}

/// `file:line`, or the file alone when the line is unknown (0); empty without a file.
pub fn file_line(c: &Citation) -> String {
    match (c.file.is_empty(), c.line) {
        (true, _) => String::new(),
        (false, 0) => c.file.clone(),
        (false, line) => format!("{}:{line}", c.file),
    }
}

fn push_part(out: &mut String, sep: &str, part: &str) {
    if !out.is_empty() {
        out.push_str(sep);
    }
    out.push_str(part);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{Part, TextSpan};
    use crate::extract::events::EventKind;
    use crate::extract::times::{Mod, Precision};
    use crate::ids::ArticleId;
    use crate::knowledge::timeline::EventSource;
    use chrono::NaiveDate;

    fn citation(title: &str, line: usize) -> Citation {
        Citation {
            title: title.into(),
            date: NaiveDate::from_ymd_opt(2024, 11, 4),
            file: "news.txt".into(),
            line,
            url: None,
        }
    }

    fn source(article: u32, sentence: &str, c: Citation) -> EventSource {
        EventSource {
            span: TextSpan::new(ArticleId::new(article), Part::Paragraphs, 0, 0, 2),
            citation: c,
            sentence: sentence.into(),
            trigger: "着陆".into(),
            time_text: "4日".into(),
        }
    }

    #[test]
    fn a_sentence_told_twice_is_cited_once_with_both_articles() {
        let e = Event {
            id: "e".into(),
            value: "2024-11-04".into(),
            precision: Precision::Day,
            modifier: Mod::None,
            start: None,
            end: None,
            kind: EventKind::Landing,
            relation: crate::extract::events::Relation::Reported,
            salience: 1.0,
            title: "着陆".into(),
            sources: vec![
                source(1, "返回舱着陆。", citation("甲", 3)),
                source(2, "返回舱着陆。 ", citation("乙", 9)),
                source(1, "返回舱着陆。", citation("甲", 3)),
                source(1, "东风着陆场。", citation("甲", 3)),
            ],
            entities: Vec::new(),
        };
        let told = told(&e);
        assert_eq!(told.len(), 2);
        assert_eq!(told[0].sentence, "返回舱着陆。");
        let cites: Vec<String> = told[0].citations.iter().map(|c| citation_text(c)).collect();
        assert_eq!(
            cites,
            [
                "《甲》 2024-11-04 · news.txt:3",
                "《乙》 2024-11-04 · news.txt:9"
            ]
        );
    }

    #[test]
    fn a_citation_leaves_out_what_the_article_lacks() {
        let mut c = citation("", 0);
        c.date = None;
        assert_eq!(citation_text(&c), "news.txt");
        c.file.clear();
        assert_eq!(citation_text(&c), "");
        c.title = "标题".into();
        assert_eq!(citation_text(&c), "《标题》");
    }
}
