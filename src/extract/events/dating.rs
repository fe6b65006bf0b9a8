//! Dating triggers: in each sentence, every trigger points at one time mention (its clause's,
//! else the nearest before it); the best-ranked trigger of a time names the event. A sentence
//! without a trigger that opens on its own time still tells an `other` event.

use super::clause::{TimedSentence, clauses};
use super::title::other_title;
use super::triggers::Trigger;
use super::{ArticleText, EventCandidate, EventKind, EventLexicon, SourceSentence};
use crate::bundle::TextSpan;
use crate::extract::times::{self, Mod, Precision, TimeMention};
use crate::ids::EntityId;
use crate::text::{is_han, sentences};
use chrono::NaiveDate;

/// The [`Dated::index`] of a day a sentence takes from its context (no mention of its own).
const FROM_CONTEXT: usize = usize::MAX;

/// Longest sentence read whole; a longer one is read in stretches of at most this many chars
/// (cut after a clause mark where it can be), as the work on a sentence grows with its triggers
/// times its length. Of the 1.2 M sentences of the 36 M-character corpus, 5 are longer, all
/// lists of names (the longest has 1,978 chars).
const MAX_SENTENCE_CHARS: usize = 1024;

/// At most this many triggers of one sentence (or stretch) become events. A sentence of news
/// tells a few happenings; text repeating a dated trigger without a sentence end (`前年会见…`
/// ×10,000) would otherwise make an event of each, each holding its stretch's text.
const MAX_EVENTS_PER_SENTENCE: usize = 32;

/// A datable time mention of a sentence, with its char range in the sentence.
struct Dated<'a> {
    /// Its index among the text's mentions.
    index: usize,
    start: usize,
    end: usize,
    mention: &'a TimeMention,
}

/// A trigger of a sentence and the mention it points at.
struct Anchored<'a> {
    time: &'a Dated<'a>,
    start: usize,
    end: usize,
    trigger: &'a Trigger,
}

/// Events of one text whose time mentions are already known, appended to `out`.
pub(super) fn events_in_text(
    text: &ArticleText,
    lexicon: &EventLexicon,
    out: &mut Vec<EventCandidate>,
) {
    let chars: Vec<char> = text.text.chars().collect();
    // The day the sentences so far set (`5日…。会谈后，…`), else the report's.
    let mut day: Option<TimeMention> = text.report_day.map(undated_day);
    // Each sentence is handed the mentions and participants starting in it (both in text
    // order), so the scan grows with the text, not with its sentences times its mentions.
    let mut participants = text.participants.to_vec();
    participants.sort_by_key(|p| p.span.start);
    let (mut m_from, mut p_from) = (0, 0);
    // A sentence longer than any of real news (text without sentence ends) is read in
    // stretches, so the work per sentence stays bounded.
    let bounded = sentences(&chars)
        .into_iter()
        .flat_map(|(a, b)| crate::text::stretches(&chars, a, b, MAX_SENTENCE_CHARS));
    for (s_start, s_end) in bounded {
        let starting_in = |from: &mut usize, starts: &dyn Fn(usize) -> Option<usize>| {
            while starts(*from).is_some_and(|s| s < s_start) {
                *from += 1;
            }
            let mut to = *from;
            while starts(to).is_some_and(|s| s < s_end) {
                to += 1;
            }
            *from..to
        };
        let m_range = starting_in(&mut m_from, &|i| text.mentions.get(i).map(|m| m.start));
        let p_range = starting_in(&mut p_from, &|i| {
            participants.get(i).map(|p| p.span.start as usize)
        });
        let text = &ArticleText {
            mentions: &text.mentions[m_range],
            participants: &participants[p_range],
            ..*text
        };
        if let Some(sent) = chars.get(s_start..s_end) {
            events_in_sentence(text, lexicon, sent, s_start, day.as_ref(), out);
        }
        if text.report_day.is_some()
            && let Some(m) = text
                .mentions
                .iter()
                .rfind(|m| m.start >= s_start && m.end <= s_end && names_a_day(m))
        {
            day = times::value_range(&m.value).map(|(d, _)| undated_day(d));
        }
    }
}

/// A day a sentence takes from its context: no text of its own.
fn undated_day(day: NaiveDate) -> TimeMention {
    TimeMention {
        start: 0,
        end: 0,
        text: String::new(),
        value: day.format("%Y-%m-%d").to_string(),
        precision: Precision::Day,
        modifier: Mod::None,
    }
}

/// Does the mention name one day (`5日`, `4日上午`)?
fn names_a_day(m: &TimeMention) -> bool {
    is_datable(m)
        && m.modifier == Mod::None
        && times::value_range(&m.value).is_some_and(|(a, b)| a == b)
}

/// Events of the sentence `sent`, starting at char `s_start` of the text.
fn events_in_sentence(
    text: &ArticleText,
    lexicon: &EventLexicon,
    sent: &[char],
    s_start: usize,
    context_day: Option<&TimeMention>,
    out: &mut Vec<EventCandidate>,
) {
    let s_end = s_start + sent.len();
    let inside = |m: &TimeMention| m.start >= s_start && m.end <= s_end;
    // A comparison's base (`比上年增长8%`) is no time of the sentence: it dates nothing and
    // stays in the title.
    let compared = |m: &TimeMention| {
        lexicon
            .clause
            .is_comparison_base(sent, m.start - s_start, m.end - s_start)
    };
    let inside = |m: &TimeMention| inside(m) && !compared(m);
    // Datable mentions inside the sentence, offsets made sentence-relative.
    let dated: Vec<Dated> = text
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| inside(m) && is_datable(m))
        .map(|(index, m)| Dated {
            index,
            start: m.start - s_start,
            end: m.end - s_start,
            mention: m,
        })
        .collect();
    // `近日，监测站建成`: a happening of the days before the report, on or before its day.
    let recent: Option<(usize, TimeMention)> = match text.report_day {
        Some(day) if dated.is_empty() => text
            .mentions
            .iter()
            .enumerate()
            .find(|(_, m)| inside(m) && lexicon.clause.recent.contains(&m.text))
            .map(|(index, m)| {
                let mut on_or_before = undated_day(day);
                on_or_before.start = m.start;
                on_or_before.end = m.end;
                on_or_before.text = m.text.clone();
                on_or_before.modifier = Mod::Before;
                (index, on_or_before)
            }),
        _ => None,
    };
    // A sentence with no time of its own is dated by its context, for its triggers only.
    let dated = match (context_day, &recent) {
        (_, Some((index, m))) => vec![Dated {
            index: *index,
            start: m.start - s_start,
            end: m.end - s_start,
            mention: m,
        }],
        (Some(m), None)
            if dated.is_empty()
                && !text.mentions.iter().any(inside)
                && !lexicon.relation.sums_up(&text_of(sent, 0, sent.len())) =>
        {
            vec![Dated {
                index: FROM_CONTEXT,
                start: 0,
                end: 0,
                mention: m,
            }]
        }
        _ => dated,
    };
    if dated.is_empty() {
        return;
    }
    let sentence_text: String = sent.iter().collect();
    let clauses = clauses(sent);
    let anchored = anchor_triggers(lexicon, sent, &sentence_text, &clauses, &dated);
    let mut entities: Vec<EntityId> = text
        .participants
        .iter()
        .filter(|p| p.span.start as usize >= s_start && p.span.end as usize <= s_end)
        .map(|p| p.entity)
        .collect();
    entities.sort_unstable();
    entities.dedup();
    let source = SourceSentence {
        span: TextSpan::new(text.article, text.part, text.index, s_start, s_end),
        text: sentence_text,
    };
    // A day from the context has no text in the sentence to cut.
    let mut times: Vec<(usize, usize)> = dated
        .iter()
        .filter(|d| d.index != FROM_CONTEXT)
        .map(|d| (d.start, d.end))
        .chain(
            // A duration stays in the title (`用时8.5小时完成出舱活动`).
            text.mentions
                .iter()
                .filter(|m| inside(m) && !is_datable(m) && m.precision != Precision::Duration)
                .map(|m| (m.start - s_start, m.end - s_start)),
        )
        .collect();
    // In text order (the title cuts them in one pass); a recent time (`近日`) is both dated
    // and vague: once.
    times.sort_unstable();
    times.dedup();
    let sentence = TimedSentence {
        chars: sent,
        times: &times,
        words: &lexicon.clause,
    };
    if anchored.is_empty() {
        // No trigger: a sentence opening on its own time still tells a dated happening.
        // A day taken from the context opens nothing.
        let Some(first) = dated
            .first()
            .filter(|d| d.index != FROM_CONTEXT && recent.is_none())
        else {
            return;
        };
        if !opens_sentence(&lexicon.clause.time_openings, sent, first.start, first.end) {
            return;
        }
        // `截至…` reports a state, and a period of years (`“十四五”期间`) no happening.
        if first.mention.modifier == Mod::Until || spans_years(&first.mention.value) {
            return;
        }
        let openings = &lexicon.titles.adverbial_openings;
        let title = other_title(&sentence, &clauses, first.end, openings);
        let Some(title) = lexicon.titles.tidy(&title, &[], MIN_TITLE_CHARS) else {
            return;
        };
        let lead = text_of(sent, 0, first.start);
        let relation = lexicon
            .relation
            .relation(&lead, &first.mention.value, text.published);
        out.push(EventCandidate {
            kind: EventKind::Other,
            relation,
            trigger: String::new(),
            title: title.clone(),
            time: first.mention.clone(),
            sentence: source,
            subject: title,
            object: String::new(),
            entities,
        });
        return;
    }
    for a in anchored.into_iter().take(MAX_EVENTS_PER_SENTENCE) {
        let (c_start, c_end) = clauses
            .get(clause_of(&clauses, a.start))
            .copied()
            .unwrap_or((0, 0));
        let parts = sentence.parts(c_start, c_end, a.start, a.end);
        // What follows the trigger's clause, for an announcement's title.
        let next: Vec<String> = clauses
            .iter()
            .filter(|&&(s, _)| s >= c_end)
            .map(|&(s, e)| text_of(sent, s, e))
            .collect();
        let Some(title) = lexicon.titles.tidy(&parts.title(), &next, MIN_TITLE_CHARS) else {
            continue;
        };
        let lead = text_of(sent, c_start, a.start);
        let relation = lexicon
            .relation
            .relation(&lead, &a.time.mention.value, text.published);
        out.push(EventCandidate {
            kind: a.trigger.kind,
            relation,
            trigger: a.trigger.word.clone(),
            title,
            time: a.time.mention.clone(),
            sentence: source.clone(),
            subject: parts.subject,
            object: parts.object,
            entities: entities.clone(),
        });
    }
}

/// Does the value cover more than a year (`2021/2025`)?
fn spans_years(value: &str) -> bool {
    times::value_range(value).is_some_and(|(a, b)| (b - a).num_days() > 366)
}

/// A title shorter than this says too little to stand on a timeline.
const MIN_TITLE_CHARS: usize = 3;

/// The chars `start..end` of a sentence as a string.
fn text_of(sent: &[char], start: usize, end: usize) -> String {
    sent.get(start..end.min(sent.len()))
        .unwrap_or_default()
        .iter()
        .collect()
}

/// The clause holding char `pos` (the first when none does).
fn clause_of(clauses: &[(usize, usize)], pos: usize) -> usize {
    clauses
        .iter()
        .position(|&(a, b)| pos >= a && pos < b)
        .unwrap_or(0)
}

/// The triggers of a sentence, each pointing at one dated mention; of the triggers pointing at
/// the same mention, the best-ranked. In sentence order.
fn anchor_triggers<'a>(
    lexicon: &'a EventLexicon,
    sent: &[char],
    sentence_text: &str,
    clauses: &[(usize, usize)],
    dated: &'a [Dated<'a>],
) -> Vec<Anchored<'a>> {
    let mut chosen: Vec<Anchored> = Vec::new();
    for (start, end, trigger) in lexicon.triggers.find(sent, sentence_text) {
        let Some(time) = anchor(trigger.kind, start, clauses, dated) else {
            continue;
        };
        // A day from the context dates what happened: not a record, a statement, a figure or
        // the weather (which describe as often as they report), nor a plan, nor a trigger
        // describing a noun (`实施的举措`).
        if time.index == FROM_CONTEXT
            && (matches!(
                trigger.kind,
                EventKind::Record
                    | EventKind::Statement
                    | EventKind::Economy
                    | EventKind::Weather
                    | EventKind::Epidemic
                    | EventKind::Travel
            ) || sent.get(end) == Some(&'的')
                || lexicon.relation.announces_plan(&text_of(sent, 0, start)))
        {
            continue;
        }
        // A plan dated only by another clause that says more than its time (`4日宣布：代表团将
        // 出访三国`) has no date of its own; a leading time clause (`今天，铁路预计…`) dates it.
        let clause = clause_of(clauses, start);
        let (c_start, _) = clauses.get(clause).copied().unwrap_or((0, 0));
        let time_clause = clause_of(clauses, time.start);
        if time_clause != clause
            && !is_time_alone(sent, clauses, time_clause, time)
            && lexicon
                .relation
                .announces_plan(&text_of(sent, c_start, start))
        {
            continue;
        }
        let found = Anchored {
            time,
            start,
            end,
            trigger,
        };
        match chosen.iter_mut().find(|c| c.time.index == time.index) {
            Some(c) if trigger.kind.rank() < c.trigger.kind.rank() => *c = found,
            Some(_) => {}
            None => chosen.push(found),
        }
    }
    chosen.sort_by_key(|c| c.start);
    chosen
}

/// Is the clause `clause` nothing but the time `time` (`今天，`, `6月5日上午，`)?
fn is_time_alone(sent: &[char], clauses: &[(usize, usize)], clause: usize, time: &Dated) -> bool {
    let Some(&(c_start, c_end)) = clauses.get(clause) else {
        return false;
    };
    let rest = |a: usize, b: usize| {
        sent.get(a..b)
            .unwrap_or_default()
            .iter()
            .all(|c| !is_han(*c) && !c.is_alphanumeric())
    };
    time.index != FROM_CONTEXT && rest(c_start, time.start) && rest(time.end, c_end)
}

/// The mention a trigger of `kind` at `t_start` points at: the last one before it in its clause,
/// else (not for statements) the clause's first, else the nearest before it in the sentence,
/// else the sentence's most specific.
fn anchor<'a>(
    kind: EventKind,
    t_start: usize,
    clauses: &[(usize, usize)],
    dated: &'a [Dated<'a>],
) -> Option<&'a Dated<'a>> {
    let clause = clause_of(clauses, t_start);
    let in_clause = dated
        .iter()
        .filter(|d| clause_of(clauses, d.start) == clause);
    let before = in_clause
        .clone()
        .filter(|d| d.end <= t_start)
        .max_by_key(|d| d.end);
    if kind == EventKind::Statement {
        return before;
    }
    before
        .or_else(|| in_clause.min_by_key(|d| d.start))
        .or_else(|| {
            dated
                .iter()
                .filter(|d| d.end <= t_start)
                .max_by_key(|d| d.end)
        })
        .or_else(|| dated.iter().min_by_key(|d| specificity(d.mention)))
}

/// Can this mention date an event? Not a duration, not vague, and with a value.
fn is_datable(m: &TimeMention) -> bool {
    // `党的十八大以来`, `2019年以来` name a period up to now, not when something happened
    // (`从昨天开始` still dates a start).
    !matches!(m.precision, Precision::Duration | Precision::Vague)
        && (m.modifier != Mod::Since || !m.text.ends_with("以来"))
        && !m.value.is_empty()
        && times::value_range(&m.value).is_some()
}

/// Lower is more specific (only dated mentions are ranked).
fn specificity(m: &TimeMention) -> (u8, usize) {
    let p = m.precision.specificity_rank();
    let q = if m.modifier == Mod::None { 0 } else { 1 };
    (p * 2 + q, m.start)
}

/// Does the sentence open on this time (`2023年12月，…`, `党的十八大以来，…`, `截至2024年10月，…`)?
/// `openings` are the words that may stand before it.
fn opens_sentence(openings: &[String], sent: &[char], m_start: usize, m_end: usize) -> bool {
    let lead: String = sent.get(..m_start).unwrap_or_default().iter().collect();
    let lead = lead.trim_start_matches(['“', '"', '（', '(']);
    let opens = lead.is_empty() || openings.iter().any(|w| w == lead);
    let next = sent.get(m_end).copied();
    let after_ok = matches!(next, Some('，' | ',' | '：' | ':' | ' ' | '　'))
        || sent
            .get(m_end..)
            .is_some_and(|rest| rest.starts_with(&['以', '来']) || rest.starts_with(&['起']));
    opens && after_ok
}

#[cfg(test)]
mod tests {
    use super::super::tests::events;
    use super::*;

    #[test]
    fn each_clause_dates_its_own_trigger() {
        let ev = events(
            &["天舟飞船于3月2日成功升空，返回舱9月8日在着陆场成功着陆，刷新了纪录。"],
            "2025-09-09",
        );
        let got: Vec<(EventKind, &str)> =
            ev.iter().map(|e| (e.kind, e.time.value.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (EventKind::Launch, "2025-03-02"),
                (EventKind::Landing, "2025-09-08")
            ]
        );
    }

    #[test]
    fn a_sentence_repeating_a_dated_trigger_makes_a_bounded_number_of_events() {
        let one = events(&["前年会见联合国秘书长。"], "2024-11-04");
        assert_eq!(one.len(), 1);
        let repeated = "前年会见联合国秘书长".repeat(100) + "。";
        let many = events(&[repeated.as_str()], "2024-11-04");
        assert_eq!(many.len(), MAX_EVENTS_PER_SENTENCE);
    }

    #[test]
    fn undated_sentences_and_durations_make_no_event() {
        assert!(
            events(
                &["会见后，两国总理共同见证签署有关合作文件。"],
                "2024-11-04"
            )
            .is_empty()
        );
        assert!(events(&["乘组在轨飞行192天，完成首次出舱活动。"], "2024-11-04").is_empty());
        assert!(events(&["近日，监测站建成并正式运行。"], "2024-11-04").is_empty());
        assert!(events(&["近日，记者来到村里采访。"], "2024-11-04").is_empty());
    }

    #[test]
    fn statements_need_a_time_before_them_in_their_clause() {
        let ev = events(
            &[
                "外交部发言人4日宣布：代表团将出访三国。",
                "他表示，2020年以来两国贸易持续增长。",
            ],
            "2024-11-04",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].kind, EventKind::Statement);
        assert_eq!(ev[0].time.value, "2024-11-04");
    }

    #[test]
    fn a_comparison_base_dates_nothing_and_stays_in_the_title() {
        let ev = events(
            &["去年，全国居民人均可支配收入比上年实际增长8.0%。"],
            "2020-01-17",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].kind, EventKind::Economy);
        assert_eq!(ev[0].time.value, "2019");
        assert!(ev[0].title.contains("比上年"), "{}", ev[0].title);
        // With no other time, the base alone dates no event.
        assert!(events(&["全国夏粮总产量比2012年增长1.5%。"], "2013-07-10").is_empty());
    }

    #[test]
    fn sentence_opening_on_a_time_is_an_other_event() {
        let ev = events(
            &["2022年，全省新建各类公园120个，绿地面积不断增加。"],
            "2023-01-02",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].kind, EventKind::Other);
        assert_eq!(ev[0].time.value, "2022");
        assert_eq!(ev[0].title, "全省新建各类公园120个");
    }
}
