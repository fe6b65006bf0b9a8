//! Event titles: the trigger's clause when it fits, else subject, predicate and the object's
//! head; for an `other` event, the clause after its opening time. At most [`TITLE_MAX_CHARS`].

use super::clause::{ClauseParts, TimedSentence};
use crate::lexicon::Sections;

/// The words that decide whether a title says who did what (`assets/events/words.txt`).
#[derive(Debug, Clone, Default)]
pub(super) struct TitleWords {
    /// Verbs of reported speech: a title ending on one makes no event.
    speech: Vec<String>,
    /// Verbs of announcing: the title goes on with what was announced.
    announcement: Vec<String>,
    /// Time words trimmed from a title's end (`后`, `以来`), longest first.
    dangling: Vec<String>,
    /// Words opening an adverbial clause (`在`, `随着`): an `other` title skips such a clause.
    pub(super) adverbial_openings: Vec<String>,
}

impl TitleWords {
    pub(super) const SECTIONS: &[&str] = &[
        "title.speech",
        "title.announcement",
        "title.dangling",
        "title.adverbial_opening",
    ];

    pub(super) fn from_sections(sections: &Sections) -> TitleWords {
        let mut dangling = sections.words("title.dangling").to_vec();
        dangling.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        TitleWords {
            speech: sections.words("title.speech").to_vec(),
            announcement: sections.words("title.announcement").to_vec(),
            dangling,
            adverbial_openings: sections.words("title.adverbial_opening").to_vec(),
        }
    }

    /// The title as shown, or `None` when it tells no happening: time words left at its end are
    /// trimmed (`会见后` → `会见`), an announcement goes on with `next` (the clause after it), and
    /// a title that only reports speech or is left shorter than `min_chars` is no event.
    /// `next` are the clauses after the title's, in order.
    pub(super) fn tidy(&self, title: &str, next: &[String], min_chars: usize) -> Option<String> {
        let mut t = title.trim_end_matches(['，', ',', '、', ' ', '：', ':']);
        while let Some(w) = self.dangling.iter().find(|w| t.ends_with(w.as_str())) {
            t = t[..t.len() - w.len()].trim_end_matches(['，', ',', ' ']);
        }
        let ends_on = |words: &[String]| words.iter().any(|w| t.ends_with(w.as_str()));
        if ends_on(&self.speech) {
            return None;
        }
        // A time cut out of brackets leaves them empty: `成员（）举行罢工`.
        let mut out = t.replace("（）", "").replace("()", "");
        if ends_on(&self.announcement) {
            // What was announced: the first clause after it that is no time clause.
            let next = next
                .iter()
                .map(|c| c.trim_matches(['，', ',', '：', ':', ' ', '。', '“', '”', '；']))
                .find(|c| !self.dangling.iter().any(|w| c.ends_with(w.as_str())))?;
            if next.chars().count() < 2 {
                return None;
            }
            let room = TITLE_MAX_CHARS
                .saturating_sub(out.chars().count() + 1)
                .max(8);
            out = format!("{out}：{}", clip(next, room));
        }
        (out.chars().count() >= min_chars).then_some(out)
    }
}

/// Longest title, in chars.
pub const TITLE_MAX_CHARS: usize = 30;

impl ClauseParts {
    /// `神舟十八号载人飞船在酒泉卫星发射中心成功升空` when it fits, else subject, predicate and the
    /// object's head (`国务院总理李强 会见…哈萨克斯坦总理别克捷夫`), at most [`TITLE_MAX_CHARS`].
    pub(super) fn title(&self) -> String {
        let clause_len = self.clause.chars().count();
        let topic_len = self.topic.chars().count();
        if !self.topic.is_empty() && topic_len >= 2 {
            // A subject-less clause needs the clause before it to say what happened.
            let room = TITLE_MAX_CHARS.saturating_sub(clause_len + 1);
            if room >= 4 {
                return format!("{}，{}", clip(&self.topic, room), self.clause);
            }
        }
        if clause_len <= TITLE_MAX_CHARS {
            return self.clause.clone();
        }
        let subject = clip(&self.subject, 12);
        // The object's head: what follows its last 的 (`…进口博览会的哈萨克斯坦总理别克捷夫`).
        let object = match self.object.rsplit_once('的') {
            Some((_, head)) if head.chars().count() >= 2 && !self.object.contains('《') => head,
            _ => self.object.as_str(),
        };
        let (head, tail_text) = if self.partner_before {
            (format!("{subject}同"), self.predicate.clone())
        } else if subject.chars().count() < 2 {
            (self.predicate.clone(), String::new())
        } else {
            (format!("{subject} {}", self.predicate), String::new())
        };
        let room = TITLE_MAX_CHARS.saturating_sub(head.chars().count() + tail_text.chars().count());
        let obj: Vec<char> = object.chars().collect();
        if obj.len() <= room {
            return format!("{head}{object}{tail_text}");
        }
        if room < 3 {
            return clip(&format!("{head}{tail_text}"), TITLE_MAX_CHARS);
        }
        // Keep the object's end: the head noun (a name, a place) stands last.
        let kept: String = obj
            .get(obj.len() - (room - 1)..)
            .unwrap_or_default()
            .iter()
            .collect();
        format!("{head}…{kept}{tail_text}")
    }
}

/// Title of an `other` event: the first non-empty clause after the opening time (ending at
/// `m_end`) of the sentence cut into `clauses`.
pub(super) fn other_title(
    sentence: &TimedSentence,
    clauses: &[(usize, usize)],
    m_end: usize,
    adverbial_openings: &[String],
) -> String {
    let last = clauses.last().map_or(0, |c| c.0);
    for &(a, b) in clauses {
        if b <= m_end {
            continue;
        }
        // `在河南，…`, `随着…，…`: an adverbial clause sets the scene; the next one says what
        // happened.
        let opening: String = sentence
            .chars
            .get(a.max(m_end)..b)
            .unwrap_or_default()
            .iter()
            .collect();
        let opening = opening.trim_start_matches([',', '，', ' ']);
        if a < last
            && adverbial_openings
                .iter()
                .any(|w| opening.starts_with(w.as_str()))
        {
            continue;
        }
        let text: String = sentence
            .without_times(a.max(m_end), b)
            .into_iter()
            .collect();
        let text = text
            .trim_start_matches("以来")
            .trim_start_matches('起')
            .trim_start_matches([',', '，', ' ']);
        if text.chars().count() >= 2 {
            return clip(text, TITLE_MAX_CHARS);
        }
    }
    String::new()
}

/// At most `max` chars, an ellipsis marking a cut.
pub(super) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_end_on_what_happened() {
        let words = super::TitleWords {
            speech: vec!["表示".into(), "指出".into()],
            announcement: vec!["宣布".into()],
            dangling: vec!["以来".into(), "后".into()],
            adverbial_openings: Vec::new(),
        };
        let tidy = |t: &str, next: &str| words.tidy(t, &[next.to_string()], 3);
        assert_eq!(
            tidy("李强会见别克捷夫后", ""),
            Some("李强会见别克捷夫".into())
        );
        assert_eq!(tidy("机组投产发电以来，", ""), Some("机组投产发电".into()));
        assert_eq!(tidy("会见后", ""), None, "too short once trimmed");
        assert_eq!(tidy("外交部发言人华春莹表示", "中方欢迎"), None);
        assert_eq!(
            tidy("国防科工局宣布", "，嫦娥五号任务取得圆满成功"),
            Some("国防科工局宣布：嫦娥五号任务取得圆满成功".into())
        );
        assert_eq!(tidy("国防科工局宣布", ""), None);
        assert_eq!(
            tidy("护理学院成员（）举行罢工", ""),
            Some("护理学院成员举行罢工".into())
        );
        let after = ["在14个小时扑救后".to_string(), "大火被扑灭".to_string()];
        assert_eq!(
            words.tidy("海军宣布", &after, 3),
            Some("海军宣布：大火被扑灭".into())
        );
    }

    use super::super::EventKind;
    use super::super::tests::events;
    use super::*;

    #[test]
    fn launch_sentence_gives_a_dated_launch_with_place_in_title() {
        let ev = events(
            &["天舟九号货运飞船于7月15日在文昌航天发射场成功发射，随后进入预定轨道。"],
            "2025-07-16",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        let e = &ev[0];
        assert_eq!(e.kind, EventKind::Launch);
        assert_eq!(e.time.value, "2025-07-15");
        assert_eq!(e.title, "天舟九号货运飞船在文昌航天发射场成功发射");
        assert_eq!(e.article().get(), 7);
        assert_eq!(e.sentence.span.part, crate::bundle::Part::Paragraphs);
        assert_eq!(e.sentence.span.start, 0);
    }

    #[test]
    fn meeting_titles_keep_the_partner() {
        let ev = events(
            &[
                "国务院副总理王某11月4日下午在北京会见来华出席第九届国际论坛年会的阿根廷外交部长马尔蒂内斯。",
            ],
            "2024-11-04",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        let e = &ev[0];
        assert_eq!(e.kind, EventKind::Meeting);
        assert!(e.title.chars().count() <= TITLE_MAX_CHARS, "{}", e.title);
        assert!(e.title.starts_with("国务院副总理王某 会见"), "{}", e.title);
        assert!(e.title.ends_with("马尔蒂内斯"), "{}", e.title);
        assert!(e.object.ends_with("马尔蒂内斯"));
    }

    #[test]
    fn partner_before_the_trigger_stays_before_it_in_the_title() {
        let ev = events(
            &[
                "6月3日，国务院副总理王某在北京同参加第二十届全球数字经济大会的各国企业家和专家学者代表座谈。",
            ],
            "2025-06-04",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        let t = &ev[0].title;
        assert!(
            t.starts_with("国务院副总理王某同") && t.ends_with("代表座谈"),
            "{t}"
        );
        assert!(t.chars().count() <= TITLE_MAX_CHARS);
    }

    #[test]
    fn subjectless_clause_borrows_the_clause_before() {
        let ev = events(
            &["2022年，全市旅游收入达35亿元，再创历史新高。"],
            "2023-01-02",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].kind, EventKind::Record);
        assert_eq!(ev[0].title, "全市旅游收入达35亿元，再创历史新高");
    }

    #[test]
    fn clip_marks_the_cut() {
        assert_eq!(clip("一二三四五", 5), "一二三四五");
        assert_eq!(clip("一二三四五六", 5), "一二三四…");
    }
}
