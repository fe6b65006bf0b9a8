//! Timeline events: a dated happening in one sentence (trigger word + time mention), typed by
//! kind. Pure: one article, the event lexicon, a tagger and optional entity spans in; candidates
//! out. The tagger runs only on the few sentences whose titles open on a pronoun.

mod clause;
mod dating;
mod pronoun;
mod relation;
mod title;
mod triggers;

pub use pronoun::opens_on_pronoun;
pub use title::TITLE_MAX_CHARS;
pub use triggers::Triggers;

use crate::bundle::{Article, ArticleId, Part, TextSpan};
use crate::extract::ner::Tagger;
use crate::extract::times::{self, TimeLexicon, TimeMention};
use crate::ids::EntityId;
use crate::lexicon::{AssetText, LexiconError, Sections};
use chrono::NaiveDate;
use clause::ClauseWords;
use pronoun::{PronounResolver, PronounWords};
pub use relation::Relation;
use relation::RelationWords;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use title::TitleWords;

/// What kind of happening an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Launch,
    Landing,
    Spacewalk,
    Docking,
    Meeting,
    /// Talks and calls (会谈, 通电话).
    Talks,
    Visit,
    /// A conference, session or forum held or opened.
    Conference,
    /// An agreement or contract signed.
    Agreement,
    /// A law, plan or resolution adopted.
    Adoption,
    /// A document issued or put in force.
    Policy,
    Founding,
    /// Appointed, elected, sworn in.
    Appointment,
    /// A natural disaster or an accident.
    Disaster,
    /// A sports result.
    Sports,
    /// Opened to traffic, production or operation; built, begun.
    Opening,
    Death,
    /// Economic figures released.
    Economy,
    /// Weather: rain, snow, heat, cold waves, floods on rivers.
    Weather,
    /// An epidemic's figures: cases, tests, vaccination.
    Epidemic,
    /// Courts and police: charges, trials, sentences, arrests.
    Justice,
    /// Military exercises, drills, parades, patrols.
    Military,
    /// Protests, demonstrations and strikes.
    Protest,
    /// Travel and passenger flows (holiday rush, extra trains).
    Travel,
    Record,
    Statement,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 27] = [
        EventKind::Launch,
        EventKind::Landing,
        EventKind::Spacewalk,
        EventKind::Docking,
        EventKind::Meeting,
        EventKind::Talks,
        EventKind::Visit,
        EventKind::Conference,
        EventKind::Agreement,
        EventKind::Adoption,
        EventKind::Policy,
        EventKind::Founding,
        EventKind::Appointment,
        EventKind::Disaster,
        EventKind::Sports,
        EventKind::Opening,
        EventKind::Death,
        EventKind::Economy,
        EventKind::Weather,
        EventKind::Epidemic,
        EventKind::Justice,
        EventKind::Military,
        EventKind::Protest,
        EventKind::Travel,
        EventKind::Record,
        EventKind::Statement,
        EventKind::Other,
    ];

    /// The lowercase name used in JSON, CSV and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Launch => "launch",
            EventKind::Landing => "landing",
            EventKind::Spacewalk => "spacewalk",
            EventKind::Docking => "docking",
            EventKind::Meeting => "meeting",
            EventKind::Visit => "visit",
            EventKind::Policy => "policy",
            EventKind::Founding => "founding",
            EventKind::Talks => "talks",
            EventKind::Conference => "conference",
            EventKind::Agreement => "agreement",
            EventKind::Adoption => "adoption",
            EventKind::Appointment => "appointment",
            EventKind::Disaster => "disaster",
            EventKind::Sports => "sports",
            EventKind::Opening => "opening",
            EventKind::Death => "death",
            EventKind::Economy => "economy",
            EventKind::Weather => "weather",
            EventKind::Epidemic => "epidemic",
            EventKind::Justice => "justice",
            EventKind::Military => "military",
            EventKind::Protest => "protest",
            EventKind::Travel => "travel",
            EventKind::Record => "record",
            EventKind::Statement => "statement",
            EventKind::Other => "other",
        }
    }

    /// A short Chinese label for lanes and badges.
    pub fn label_zh(self) -> &'static str {
        match self {
            EventKind::Launch => "发射",
            EventKind::Landing => "着陆",
            EventKind::Spacewalk => "出舱",
            EventKind::Docking => "对接",
            EventKind::Meeting => "会见",
            EventKind::Visit => "访问考察",
            EventKind::Policy => "政策",
            EventKind::Founding => "成立",
            EventKind::Talks => "会谈通话",
            EventKind::Conference => "会议论坛",
            EventKind::Agreement => "签约",
            EventKind::Adoption => "通过",
            EventKind::Appointment => "任免选举",
            EventKind::Disaster => "灾害事故",
            EventKind::Sports => "体育",
            EventKind::Opening => "通车投产",
            EventKind::Death => "逝世",
            EventKind::Economy => "经济数据",
            EventKind::Weather => "天气",
            EventKind::Epidemic => "疫情",
            EventKind::Justice => "司法",
            EventKind::Military => "军事",
            EventKind::Protest => "抗议示威",
            EventKind::Travel => "出行",
            EventKind::Record => "纪录",
            EventKind::Statement => "表态",
            EventKind::Other => "其他",
        }
    }

    /// When several triggers of a sentence point at the same time, the lowest rank names the event.
    fn rank(self) -> u8 {
        match self {
            EventKind::Launch | EventKind::Landing | EventKind::Spacewalk | EventKind::Docking => 0,
            EventKind::Meeting | EventKind::Talks | EventKind::Visit => 1,
            EventKind::Conference
            | EventKind::Agreement
            | EventKind::Adoption
            | EventKind::Policy
            | EventKind::Founding
            | EventKind::Appointment
            | EventKind::Disaster
            | EventKind::Sports
            | EventKind::Opening
            | EventKind::Death
            | EventKind::Economy
            | EventKind::Epidemic
            | EventKind::Justice
            | EventKind::Military
            | EventKind::Protest => 2,
            EventKind::Weather | EventKind::Travel => 3,
            EventKind::Record => 4,
            EventKind::Other => 5,
            EventKind::Statement => 6,
        }
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EventKind {
    type Err = UnknownEventKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownEventKind(s.to_string()))
    }
}

/// A name that is no [`EventKind`] (`--kind rocket`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event kind `{0}`")]
pub struct UnknownEventKind(pub String);

/// What event extraction reads from `assets/events/`: the triggers (`triggers.tsv`) and the word
/// lists of titles and clauses (`words.txt`).
#[derive(Debug, Clone, Default)]
pub struct EventLexicon {
    pub triggers: Triggers,
    pronouns: PronounWords,
    clause: ClauseWords,
    relation: RelationWords,
    titles: TitleWords,
}

impl EventLexicon {
    /// The lexicon shipped in `assets/events/`.
    pub fn shipped() -> Result<EventLexicon, LexiconError> {
        EventLexicon::parse(
            crate::asset_text!("events/triggers.tsv"),
            crate::asset_text!("events/words.txt"),
        )
    }

    /// A lexicon from a trigger table and a word-list file in the shipped formats.
    pub fn parse(triggers: AssetText, words: AssetText) -> Result<EventLexicon, LexiconError> {
        let sections = Sections::parse(words, &EventLexicon::sections())?;
        Ok(EventLexicon {
            triggers: Triggers::parse(triggers)?,
            pronouns: PronounWords::from_sections(&sections),
            clause: ClauseWords::from_sections(&sections),
            relation: RelationWords::from_sections(&sections),
            titles: TitleWords::from_sections(&sections),
        })
    }

    /// The sections `words.txt` may hold.
    fn sections() -> Vec<&'static str> {
        [
            PronounWords::SECTIONS,
            ClauseWords::SECTIONS,
            RelationWords::SECTIONS,
            TitleWords::SECTIONS,
        ]
        .concat()
    }
}

/// What event extraction reads besides the article: the event lexicon, the time lexicon that
/// finds and dates time expressions, and the tagger that names who a title's pronoun stands for.
#[derive(Clone, Copy)]
pub struct EventModels<'a> {
    pub lexicon: &'a EventLexicon,
    pub times: &'a TimeLexicon,
    pub tag: &'a Tagger<'a>,
}

/// An entity taking part: where the article names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub span: TextSpan,
    pub entity: EntityId,
}

/// The sentence an event was read from: where it stands and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSentence {
    pub span: TextSpan,
    pub text: String,
}

/// One dated happening read from one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCandidate {
    pub kind: EventKind,
    /// How it stands to the article's date.
    pub relation: Relation,
    /// The trigger word (empty for `other` events dated by a leading time).
    pub trigger: String,
    pub title: String,
    /// The time mention dating the event; offsets are chars in the sentence's text.
    pub time: TimeMention,
    pub sentence: SourceSentence,
    /// Who or what acts: the clause before the trigger, times removed.
    pub subject: String,
    /// What is acted on: the clause after the trigger, or the `同/与…` partner before it.
    pub object: String,
    /// Entities in the sentence, sorted, distinct.
    pub entities: Vec<EntityId>,
}

impl EventCandidate {
    /// The article the event was read from.
    pub fn article(&self) -> ArticleId {
        self.sentence.span.article
    }
}

/// One text of an article with what is already known about it: its time mentions and the
/// entities taking part in it (char offsets into `text`).
struct ArticleText<'a> {
    article: ArticleId,
    /// The article's reference date.
    published: Option<NaiveDate>,
    /// The day the report is from (its dateline's), for sentences with no date of their own;
    /// `None` where the text's sentences need their own (titles, headings).
    report_day: Option<NaiveDate>,
    part: Part,
    index: usize,
    text: &'a str,
    mentions: &'a [TimeMention],
    participants: &'a [&'a Participant],
}

/// Events of one article, reading its title, subtitles, headings, paragraphs and captions. A
/// paragraph or caption sentence with no date of its own takes the day the sentence before it set,
/// else the dateline's day. `models.tag` finds the names a title opening on a pronoun stands
/// for; `participants` may be empty.
pub fn extract_events(
    article: &Article,
    models: EventModels,
    participants: &[Participant],
) -> Vec<EventCandidate> {
    extract_events_until(article, models, participants, &|| false)
}

/// [`extract_events`], asking `stop` before each text of the article; once it says so, the
/// events found so far (a cancelled analysis drops them).
pub fn extract_events_until(
    article: &Article,
    models: EventModels,
    participants: &[Participant],
    stop: &dyn Fn() -> bool,
) -> Vec<EventCandidate> {
    let lexicon = models.lexicon;
    let mut out = Vec::new();
    let mut resolver = PronounResolver::new(&lexicon.pronouns, models.tag, &article.title);
    // A review of years (`…成就综述`) tells no happening of its dateline's day.
    let reviews = std::iter::once(article.title.as_str())
        .chain(article.subtitles.iter().map(String::as_str))
        .chain(article.kicker.as_deref())
        .any(|h| lexicon.relation.reviews(h));
    // A dateline without a date (`本报讯`) reports the day its article is published.
    let dateline_day = article.datelines.iter().filter(|_| !reviews).find_map(|d| {
        d.date.as_deref().map_or(article.date, |day| {
            NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
        })
    });
    // Participants by text, in one pass over them.
    let mut by_text: HashMap<(Part, u32), Vec<&Participant>> = HashMap::new();
    for p in participants {
        by_text
            .entry((p.span.part, p.span.index))
            .or_default()
            .push(p);
    }
    for (part, index, text) in article.texts() {
        if stop() {
            break;
        }
        let mentions = times::find_times(models.times, text, article.date);
        let people = by_text.remove(&(part, index as u32)).unwrap_or_default();
        let source = ArticleText {
            article: article.id,
            published: article.date,
            report_day: matches!(part, Part::Paragraphs | Part::Captions)
                .then_some(dateline_day)
                .flatten(),
            part,
            index,
            text,
            mentions: &mentions,
            participants: &people,
        };
        let first = out.len();
        dating::events_in_text(&source, lexicon, &mut out);
        for c in out.iter_mut().skip(first) {
            if opens_on_pronoun(&c.title) {
                c.title = resolver.mend(&c.title, text, &c.sentence);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ner::EntitySpan;
    use chrono::NaiveDate;
    use std::sync::LazyLock;

    pub(super) fn article(paragraphs: &[&str], date: &str) -> Article {
        Article {
            id: ArticleId::new(7),
            title: "标题".into(),
            paragraphs: paragraphs.iter().map(|s| s.to_string()).collect(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            ..Article::default()
        }
    }

    static LEXICON: LazyLock<EventLexicon> =
        LazyLock::new(|| EventLexicon::shipped().expect("shipped event lexicon"));
    static TIMES: LazyLock<TimeLexicon> =
        LazyLock::new(|| TimeLexicon::shipped().expect("shipped time lexicon"));
    static NER: LazyLock<crate::extract::ner::Ner> =
        LazyLock::new(|| crate::extract::ner::Ner::shipped().expect("shipped tagger"));

    #[test]
    fn each_of_many_sentences_is_dated_by_its_own_time_and_lists_its_own_participants() {
        let sentence = |d: usize| format!("5月{d}日，甲会见乙。");
        let text: String = (1..=20).map(sentence).collect();
        let a = article(&[text.as_str()], "2025-05-25");
        // 甲 of each sentence, given last sentence first.
        let mut participants = Vec::new();
        let mut at = 0;
        for d in 1..=20 {
            let start = at + sentence(d).chars().count() - 5;
            participants.push(Participant {
                span: TextSpan::new(a.id, Part::Paragraphs, 0, start, start + 1),
                entity: EntityId::new(d as u32),
            });
            at += sentence(d).chars().count();
        }
        participants.reverse();
        let ev = extract_events(&a, shipped(), &participants);
        assert_eq!(ev.len(), 20, "{ev:#?}");
        for (d, e) in (1..=20).zip(&ev) {
            assert_eq!(e.time.value, format!("2025-05-{d:02}"));
            assert_eq!(e.entities, vec![EntityId::new(d as u32)]);
        }
    }

    #[test]
    fn a_sentence_longer_than_any_of_real_news_is_read_in_stretches() {
        let text = "前年会见联合国秘书长，".repeat(300);
        let ev = events(&[text.as_str()], "2024-11-04");
        assert!(ev.len() > 100, "{} events", ev.len());
        let spans: Vec<TextSpan> = ev.iter().map(|e| e.sentence.span).collect();
        assert!(spans.iter().all(|s| s.end - s.start <= 1024), "{spans:?}");
        assert!(spans.iter().any(|s| s.start > 0));
        assert!(ev.iter().all(|e| e.time.value == "2022"));
    }

    /// The shipped event lexicon, parsed once for the tests.
    pub(super) fn shipped_lexicon() -> &'static EventLexicon {
        &LEXICON
    }

    /// The shipped tagger, as the knowledge layer passes it.
    pub(super) fn tag(text: &str) -> Vec<EntitySpan> {
        NER.tag(text)
    }

    /// The shipped models with the shipped tagger.
    pub(super) fn shipped() -> EventModels<'static> {
        EventModels {
            lexicon: &LEXICON,
            times: &TIMES,
            tag: &tag,
        }
    }

    /// The events of paragraphs with the shipped lexicon and tagger, no participants.
    pub(super) fn events(paragraphs: &[&str], date: &str) -> Vec<EventCandidate> {
        extract_events(&article(paragraphs, date), shipped(), &[])
    }

    /// The titles of the events read from paragraphs, under an article title.
    pub(super) fn titled(paragraphs: &[&str], article_title: &str) -> Vec<String> {
        let mut a = article(paragraphs, "2024-11-04");
        a.title = article_title.into();
        extract_events(&a, shipped(), &[])
            .into_iter()
            .filter(|e| e.sentence.span.part == Part::Paragraphs)
            .map(|e| e.title)
            .collect()
    }

    #[test]
    fn shipped_lexicons_parse_and_fill_every_section() {
        let lexicon = EventLexicon::shipped().expect("the shipped lexicons parse");
        assert!(lexicon.triggers.len() > 50);
        let words = Sections::parse(
            crate::asset_text!("events/words.txt"),
            &EventLexicon::sections(),
        )
        .expect("words.txt parses");
        for section in EventLexicon::sections() {
            assert!(!words.words(section).is_empty(), "[{section}] is empty");
        }
    }

    #[test]
    fn an_unknown_word_section_fails_with_file_and_line() {
        let words = AssetText {
            path: "words.txt",
            text: "[clause.adverb]\n成功\n[clause.adverbs]\n顺利\n",
        };
        let err = EventLexicon::parse(crate::asset_text!("events/triggers.tsv"), words)
            .expect_err("typo in a section name");
        assert_eq!(
            err.to_string(),
            "unknown section [clause.adverbs]: words.txt:3"
        );
    }

    #[test]
    fn news_kinds_beyond_space_and_diplomacy() {
        let kind_of = |sentence: &str| {
            let ev = events(&[sentence], "2024-11-04");
            assert_eq!(ev.len(), 1, "{sentence}: {ev:#?}");
            ev[0].kind
        };
        assert_eq!(kind_of("3日，两国外长通电话。"), EventKind::Talks);
        assert_eq!(kind_of("4日，双方签署合作协议。"), EventKind::Agreement);
        assert_eq!(
            kind_of("1日，第五届进博会在上海开幕。"),
            EventKind::Conference
        );
        assert_eq!(
            kind_of("2日，大会表决通过了新修订的法律。"),
            EventKind::Adoption
        );
        assert_eq!(kind_of("3日，该市发生一起交通事故。"), EventKind::Disaster);
        assert_eq!(kind_of("2日，中国队在决赛中夺冠。"), EventKind::Sports);
        assert_eq!(kind_of("1日，这条高速公路正式通车。"), EventKind::Opening);
        assert_eq!(
            kind_of("10月30日，著名科学家在北京逝世。"),
            EventKind::Death
        );
        assert_eq!(kind_of("4日，他当选为协会会长。"), EventKind::Appointment);
    }

    #[test]
    fn broadcast_copy_dates_its_news_by_a_bare_day_with_hao() {
        let ev = events(
            &["乌克兰总统亚努科维奇14号与反对派领导人举行了会谈。23号，两国外长通电话。"],
            "2013-12-15",
        );
        let dated: Vec<(&str, EventKind)> =
            ev.iter().map(|e| (e.time.value.as_str(), e.kind)).collect();
        assert_eq!(
            dated,
            [
                ("2013-12-14", EventKind::Talks),
                ("2013-11-23", EventKind::Talks)
            ],
            "{ev:#?}"
        );
        assert!(ev.iter().all(|e| !e.title.contains('号')), "{ev:#?}");
    }

    #[test]
    fn a_sentence_without_a_date_takes_the_days_of_its_report() {
        let mut a = article(
            &[
                "会谈后，双方签署了合作协议。",
                "3日，两国外长在北京会谈。双方还签署了联合声明。",
                "任务期间，双方先后签署了多项协议。",
            ],
            "2024-11-05",
        );
        a.datelines.push(crate::bundle::Dateline {
            date: Some("2024-11-05".into()),
            ..Default::default()
        });
        let ev = extract_events(&a, shipped(), &[]);
        let dated: Vec<(&str, EventKind)> =
            ev.iter().map(|e| (e.time.value.as_str(), e.kind)).collect();
        assert_eq!(
            dated,
            [
                ("2024-11-05", EventKind::Agreement),
                ("2024-11-03", EventKind::Talks),
                ("2024-11-03", EventKind::Agreement),
            ],
            "{ev:#?}"
        );
        // The context's day has no text in the sentence: the title keeps its first char.
        assert_eq!(ev[2].title, "双方还签署了联合声明", "{ev:#?}");
        // A happening of recent days (`近日`) is dated on or before the report's day, also
        // under a dateline with no date of its own (`本报讯`), which is the publication's.
        let mut recent = article(
            &["近日，由援疆指挥部援建的监测站建成，正式并网运行。"],
            "2024-11-04",
        );
        recent.datelines.push(crate::bundle::Dateline {
            agency: Some("本报".into()),
            ..Default::default()
        });
        let ev = extract_events(&recent, shipped(), &[]);
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(
            (ev[0].kind, ev[0].time.value.as_str()),
            (EventKind::Founding, "2024-11-04")
        );
        assert_eq!(ev[0].time.modifier, crate::extract::times::Mod::Before);
        assert!(!ev[0].title.contains("近日"), "{}", ev[0].title);
        // A review of years takes no day from its dateline.
        a.subtitles.push("——党的十八大以来社会工作成就综述".into());
        assert!(
            extract_events(&a, shipped(), &[])
                .iter()
                .all(|e| !e.time.text.is_empty())
        );
        a.subtitles.clear();
        // With no dateline, a sentence with no date of its own tells no event.
        a.datelines.clear();
        assert!(
            extract_events(&a, shipped(), &[])
                .iter()
                .all(|e| !e.time.text.is_empty())
        );
    }

    #[test]
    fn kind_names_round_trip() {
        for kind in EventKind::ALL {
            assert_eq!(kind.as_str().parse::<EventKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).expect("serialise");
            assert_eq!(json, format!("\"{kind}\""));
        }
        assert_eq!(
            "rocket".parse::<EventKind>().map_err(|e| e.to_string()),
            Err("unknown event kind `rocket`".to_string())
        );
    }

    #[test]
    fn participants_inside_the_sentence_are_listed_once() {
        let a = article(&["前言。5月8日，甲会见乙，甲表示欢迎。"], "2025-05-09");
        let p = |start, end, entity| Participant {
            span: TextSpan::new(a.id, Part::Paragraphs, 0, start, end),
            entity: EntityId::new(entity),
        };
        let ev = extract_events(
            &a,
            shipped(),
            &[p(0, 2, 9), p(9, 10, 3), p(11, 12, 4), p(13, 14, 3)],
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].entities, vec![EntityId::new(3), EntityId::new(4)]);
        assert_eq!(ev[0].sentence.span.start, 3);
    }
}
