//! Event titles: the trigger's clause when it fits, else subject, predicate and the object's
//! head; for an `other` event, the clause after its opening time. At most [`TITLE_MAX_CHARS`].

use super::clause::{ClauseParts, TimedSentence};

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
) -> String {
    for &(a, b) in clauses {
        if b <= m_end {
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
