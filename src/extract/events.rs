//! Event candidates: a dated happening in one sentence (trigger word + time mention), typed by kind.
//! Pure: one article, its reference date and optional entity spans in; candidates out.

use crate::bundle::{Article, ArticleId, Part};
use crate::extract::times::{self, Mod, Precision, TimeMention};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The trigger lexicon shipped with kanbao (`assets/events/triggers.tsv`).
const TRIGGERS_TSV: &str = include_str!("../../assets/events/triggers.tsv");

/// Longest title, in chars.
pub const TITLE_MAX_CHARS: usize = 30;

/// Reference to an entity of the knowledge layer (its `EntityId`).
pub type EntityRef = u32;

/// What kind of happening an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Launch,
    Landing,
    Spacewalk,
    Docking,
    Meeting,
    Visit,
    Policy,
    Founding,
    Record,
    Statement,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 11] = [
        EventKind::Launch,
        EventKind::Landing,
        EventKind::Spacewalk,
        EventKind::Docking,
        EventKind::Meeting,
        EventKind::Visit,
        EventKind::Policy,
        EventKind::Founding,
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
            EventKind::Meeting => "会见会议",
            EventKind::Visit => "访问考察",
            EventKind::Policy => "政策",
            EventKind::Founding => "成立",
            EventKind::Record => "纪录",
            EventKind::Statement => "表态",
            EventKind::Other => "其他",
        }
    }

    /// When several triggers of a sentence point at the same time, the lowest rank names the event.
    fn rank(self) -> u8 {
        match self {
            EventKind::Launch | EventKind::Landing | EventKind::Spacewalk | EventKind::Docking => 0,
            EventKind::Meeting | EventKind::Visit => 1,
            EventKind::Policy | EventKind::Founding => 2,
            EventKind::Record => 3,
            EventKind::Other => 4,
            EventKind::Statement => 5,
        }
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EventKind {
    type Err = EventError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| EventError::UnknownKind(s.to_string()))
    }
}

/// Errors of the event lexicon.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("unknown event kind `{0}`")]
    UnknownKind(String),
    #[error("bad trigger line {line} ({message}): {source_name}")]
    BadLine {
        line: usize,
        message: String,
        source_name: String,
    },
}

/// One trigger of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub word: String,
    pub kind: EventKind,
    /// The sentence must contain one of these (empty: no condition).
    pub requires: Vec<String>,
    /// Longer words holding the trigger that are not happenings.
    pub except: Vec<String>,
}

/// The trigger lexicon: words that mark happenings, looked up by their first char.
#[derive(Debug, Clone, Default)]
pub struct Triggers {
    triggers: Vec<Trigger>,
    /// First char → trigger indexes, longest word first, then lexicon order.
    by_first: HashMap<char, Vec<usize>>,
}

static EMBEDDED: LazyLock<Triggers> = LazyLock::new(|| {
    Triggers::parse(TRIGGERS_TSV, "assets/events/triggers.tsv").expect(
        "the embedded trigger lexicon is checked by the unit test `embedded_lexicon_parses`",
    )
});

impl Triggers {
    /// The lexicon shipped in `assets/events/triggers.tsv`, parsed once.
    pub fn embedded() -> &'static Triggers {
        &EMBEDDED
    }

    /// Parses a lexicon in the `triggers.tsv` format; `source_name` names it in errors.
    pub fn parse(text: &str, source_name: &str) -> Result<Triggers, EventError> {
        let mut triggers = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let bad = |message: &str| EventError::BadLine {
                line: n + 1,
                message: message.to_string(),
                source_name: source_name.to_string(),
            };
            let word = cols.next().map(str::trim).unwrap_or_default();
            if word.is_empty() {
                return Err(bad("empty trigger"));
            }
            let kind: EventKind = cols
                .next()
                .ok_or_else(|| bad("missing kind"))?
                .parse()
                .map_err(|e: EventError| bad(&e.to_string()))?;
            let list = |c: Option<&str>| -> Vec<String> {
                c.unwrap_or_default()
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            };
            let requires = list(cols.next());
            let except = list(cols.next());
            if let Some(x) = except.iter().find(|x| !x.contains(word)) {
                return Err(bad(&format!("exception `{x}` does not contain `{word}`")));
            }
            triggers.push(Trigger {
                word: word.to_string(),
                kind,
                requires,
                except,
            });
        }
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, t) in triggers.iter().enumerate() {
            if let Some(c) = t.word.chars().next() {
                by_first.entry(c).or_default().push(i);
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|&i| {
                (
                    std::cmp::Reverse(triggers.get(i).map_or(0, |t| t.word.chars().count())),
                    i,
                )
            });
        }
        Ok(Triggers { triggers, by_first })
    }

    pub fn len(&self) -> usize {
        self.triggers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.triggers.is_empty()
    }

    /// Trigger matches in `chars` (one sentence): (char start, char end, trigger), left to right,
    /// longest first, never overlapping.
    fn find(&self, chars: &[char], sentence: &str) -> Vec<(usize, usize, &Trigger)> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let hit = chars
                .get(i)
                .and_then(|c| self.by_first.get(c))
                .and_then(|list| {
                    list.iter().filter_map(|&t| self.triggers.get(t)).find(|t| {
                        let len = t.word.chars().count();
                        chars
                            .get(i..i + len)
                            .is_some_and(|w| w.iter().copied().eq(t.word.chars()))
                            && (t.requires.is_empty()
                                || t.requires.iter().any(|r| sentence.contains(r.as_str())))
                            && !t
                                .except
                                .iter()
                                .any(|x| inside_exception(chars, i, &t.word, x))
                    })
                });
            match hit {
                Some(t) => {
                    let len = t.word.chars().count();
                    found.push((i, i + len, t));
                    i += len;
                }
                None => i += 1,
            }
        }
        found
    }
}

/// Is the trigger `word` at `at` part of the longer word `exception` there?
fn inside_exception(chars: &[char], at: usize, word: &str, exception: &str) -> bool {
    let x: Vec<char> = exception.chars().collect();
    let w: Vec<char> = word.chars().collect();
    (0..=x.len().saturating_sub(w.len()))
        .filter(|&o| x.get(o..o + w.len()) == Some(&w[..]))
        .any(|o| {
            at.checked_sub(o)
                .and_then(|s| chars.get(s..s + x.len()))
                .is_some_and(|span| span == &x[..])
        })
}

/// An entity taking part, as a char range in one text of the article (`Article::part(part)[index]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub part: Part,
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub entity: EntityRef,
}

/// The sentence an event was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSentence {
    pub part: Part,
    pub index: usize,
    /// Char range of the sentence in its text.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One dated happening read from one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCandidate {
    pub article: ArticleId,
    pub kind: EventKind,
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
    pub entities: Vec<EntityRef>,
}

/// Events of one article, reading its title, subtitles, headings and paragraphs (not captions,
/// which date the photograph rather than the happening). `participants` may be empty.
pub fn extract_events(
    article: &Article,
    triggers: &Triggers,
    participants: &[Participant],
) -> Vec<EventCandidate> {
    let mut out = Vec::new();
    for (part, index, text) in article.texts() {
        if part == Part::Captions {
            continue;
        }
        let mentions = times::find_times(text, article.date);
        let people: Vec<&Participant> = participants
            .iter()
            .filter(|p| p.part == part && p.index == index)
            .collect();
        events_in_text(
            article.id, part, index, text, &mentions, triggers, &people, &mut out,
        );
    }
    out
}

/// Events of one text whose time mentions are already known (char offsets into `text`).
#[allow(clippy::too_many_arguments)]
pub fn events_in_text(
    article: ArticleId,
    part: Part,
    index: usize,
    text: &str,
    mentions: &[TimeMention],
    triggers: &Triggers,
    participants: &[&Participant],
    out: &mut Vec<EventCandidate>,
) {
    let chars: Vec<char> = text.chars().collect();
    for (s_start, s_end) in sentences(&chars) {
        let Some(sent) = chars.get(s_start..s_end) else {
            continue;
        };
        // Datable mentions inside the sentence, offsets made sentence-relative.
        let dated: Vec<(usize, &TimeMention)> = mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.start >= s_start && m.end <= s_end && is_datable(m))
            .collect();
        if dated.is_empty() {
            continue;
        }
        let sentence_text: String = sent.iter().collect();
        let rel = |m: &TimeMention| (m.start - s_start, m.end - s_start);
        let clauses = clauses(sent);
        let clause_of = |pos: usize| {
            clauses
                .iter()
                .position(|&(a, b)| pos >= a && pos < b)
                .unwrap_or(0)
        };
        // Each trigger points at one time mention; the best-ranked trigger names the event.
        let mut chosen: Vec<(usize, usize, usize, &Trigger)> = Vec::new(); // (mention, start, end, trigger)
        for (t_start, t_end, trig) in triggers.find(sent, &sentence_text) {
            let clause = clause_of(t_start);
            let in_clause = dated
                .iter()
                .filter(|(_, m)| clause_of(rel(m).0) == clause)
                .map(|&(i, m)| (i, rel(m)));
            let before = in_clause
                .clone()
                .filter(|&(_, (_, e))| e <= t_start)
                .max_by_key(|&(_, (_, e))| e);
            let anchor = if trig.kind == EventKind::Statement {
                before
            } else {
                before
                    .or_else(|| in_clause.clone().min_by_key(|&(_, (s, _))| s))
                    .or_else(|| {
                        // Nearest earlier mention in the sentence, else the most specific one.
                        dated
                            .iter()
                            .map(|&(i, m)| (i, rel(m)))
                            .filter(|&(_, (_, e))| e <= t_start)
                            .max_by_key(|&(_, (_, e))| e)
                    })
                    .or_else(|| {
                        dated
                            .iter()
                            .min_by_key(|(_, m)| specificity(m))
                            .map(|&(i, m)| (i, rel(m)))
                    })
            };
            let Some((mention, _)) = anchor else {
                continue;
            };
            match chosen.iter_mut().find(|c| c.0 == mention) {
                Some(c) if trig.kind.rank() < c.3.kind.rank() => {
                    *c = (mention, t_start, t_end, trig);
                }
                Some(_) => {}
                None => chosen.push((mention, t_start, t_end, trig)),
            }
        }
        let entities = |p: &[&Participant]| {
            let mut ids: Vec<EntityRef> = p
                .iter()
                .filter(|p| p.start >= s_start && p.end <= s_end)
                .map(|p| p.entity)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let source = SourceSentence {
            part,
            index,
            start: s_start,
            end: s_end,
            text: sentence_text.clone(),
        };
        let sent_mentions: Vec<(usize, usize)> = dated
            .iter()
            .map(|(_, m)| rel(m))
            .chain(
                mentions
                    .iter()
                    .filter(|m| m.start >= s_start && m.end <= s_end && !is_datable(m))
                    .map(|m| (m.start - s_start, m.end - s_start)),
            )
            .collect();
        if chosen.is_empty() {
            // No trigger: a sentence opening on its own time still tells a dated happening.
            let Some(&(_, first)) = dated.first() else {
                continue;
            };
            let (m_start, m_end) = rel(first);
            if !opens_sentence(sent, m_start, m_end) {
                continue;
            }
            let title = other_title(sent, &clauses, m_end, &sent_mentions);
            if title.is_empty() {
                continue;
            }
            out.push(EventCandidate {
                article,
                kind: EventKind::Other,
                trigger: String::new(),
                title: title.clone(),
                time: first.clone(),
                sentence: source.clone(),
                subject: title,
                object: String::new(),
                entities: entities(participants),
            });
            continue;
        }
        chosen.sort_by_key(|c| c.1);
        for (mention, t_start, t_end, trig) in chosen {
            let Some((_, m)) = dated.iter().find(|(i, _)| *i == mention) else {
                continue;
            };
            let (c_start, c_end) = clauses.get(clause_of(t_start)).copied().unwrap_or((0, 0));
            let parts = clause_parts(sent, c_start, c_end, t_start, t_end, &sent_mentions);
            out.push(EventCandidate {
                article,
                kind: trig.kind,
                trigger: trig.word.clone(),
                title: parts.title(),
                time: (*m).clone(),
                sentence: source.clone(),
                subject: parts.subject,
                object: parts.object,
                entities: entities(participants),
            });
        }
    }
}

/// Can this mention date an event? Not a duration, not vague, and with a value.
pub fn is_datable(m: &TimeMention) -> bool {
    !matches!(m.precision, Precision::Duration | Precision::Vague)
        && !m.value.is_empty()
        && times::value_range(&m.value).is_some()
}

/// Lower is more specific (only dated mentions are ranked).
fn specificity(m: &TimeMention) -> (u8, usize) {
    let p = m.precision.specificity_rank();
    let q = if m.modifier == Mod::None { 0 } else { 1 };
    (p * 2 + q, m.start)
}

/// Char ranges of the sentences of a text: split after 。！？!? ; and newlines, closing quotes kept.
pub fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c == '\n' {
            push_trimmed(chars, start, i, &mut out);
            start = i + 1;
        } else if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';') {
            let mut end = i + 1;
            while chars
                .get(end)
                .is_some_and(|c| matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"'))
            {
                end += 1;
            }
            push_trimmed(chars, start, end, &mut out);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(chars, start, chars.len(), &mut out);
    out
}

fn push_trimmed(chars: &[char], mut start: usize, mut end: usize, out: &mut Vec<(usize, usize)>) {
    while start < end && chars.get(start).is_some_and(|c| c.is_whitespace()) {
        start += 1;
    }
    while end > start && chars.get(end - 1).is_some_and(|c| c.is_whitespace()) {
        end -= 1;
    }
    if end > start {
        out.push((start, end));
    }
}

/// Clause ranges of a sentence: split at commas, colons, dashes and wide spaces (titles).
fn clauses(sent: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in sent.iter().enumerate() {
        if matches!(
            c,
            '，' | ',' | '：' | ':' | '　' | ' ' | '—' | '。' | '！' | '？' | '；' | ';'
        ) {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if sent.len() > start {
        out.push((start, sent.len()));
    }
    if out.is_empty() {
        out.push((0, sent.len()));
    }
    out
}

/// Does the sentence open on this time (`2023年12月，…`, `党的十八大以来，…`, `截至2024年10月，…`)?
fn opens_sentence(sent: &[char], m_start: usize, m_end: usize) -> bool {
    const LEADS: [&str; 6] = ["截至", "截止", "自", "从", "在", "于"];
    let lead: String = sent.get(..m_start).unwrap_or_default().iter().collect();
    let lead = lead.trim_start_matches(['“', '"', '（', '(']);
    let opens = lead.is_empty() || LEADS.contains(&lead);
    let next = sent.get(m_end).copied();
    let after_ok = matches!(next, Some('，' | ',' | '：' | ':' | ' ' | '　'))
        || sent
            .get(m_end..)
            .is_some_and(|rest| rest.starts_with(&['以', '来']) || rest.starts_with(&['起']));
    opens && after_ok
}

/// Title of an `other` event: the first non-empty clause after the opening time.
fn other_title(
    sent: &[char],
    clauses: &[(usize, usize)],
    m_end: usize,
    mentions: &[(usize, usize)],
) -> String {
    for &(a, b) in clauses {
        if b <= m_end {
            continue;
        }
        let text = strip_times(sent, a.max(m_end), b, mentions);
        let text: String = text.into_iter().collect();
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

/// The chars of `sent[a..b]` without the time mentions (and a preposition just before one).
fn strip_times(sent: &[char], a: usize, b: usize, mentions: &[(usize, usize)]) -> Vec<char> {
    let mut out = Vec::with_capacity(b.saturating_sub(a));
    let mut i = a;
    while i < b {
        if let Some(&(_, e)) = mentions.iter().find(|&&(s, _)| s == i) {
            if out
                .last()
                .is_some_and(|c| matches!(c, '于' | '在' | '从' | '自'))
            {
                out.pop();
            }
            i = e.max(i + 1);
            continue;
        }
        if let Some(&c) = sent.get(i) {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// A trigger clause cut into subject, trigger and object, times removed.
struct ClauseParts {
    subject: String,
    /// Adverbs right before the trigger (`成功`, `顺利`) plus the trigger.
    predicate: String,
    object: String,
    /// The whole clause, times removed.
    clause: String,
    /// The object is the `同/与/和` partner before the trigger.
    partner_before: bool,
    /// The clause before, times removed, when the subject is empty (`报名人数达188.9万` for
    /// `再创历史新高`).
    topic: String,
}

const ADVERBS: [&str; 15] = [
    "成功", "顺利", "正式", "安全", "圆满", "首次", "再次", "共同", "已经", "再", "又", "已", "将",
    "也", "还",
];
const PREPOSITIONS: [char; 10] = ['在', '于', '同', '与', '和', '从', '向', '对', '由', '将'];

fn clause_parts(
    sent: &[char],
    c_start: usize,
    c_end: usize,
    t_start: usize,
    t_end: usize,
    mentions: &[(usize, usize)],
) -> ClauseParts {
    let before = strip_times(sent, c_start, t_start, mentions);
    let trigger: String = sent
        .get(t_start..t_end)
        .unwrap_or_default()
        .iter()
        .collect();
    let after: String = strip_times(sent, t_end, c_end, mentions)
        .into_iter()
        .collect();
    let before_s: String = before.iter().collect();
    let mut adverbs = String::new();
    let mut rest = before_s.as_str();
    while let Some(a) = ADVERBS.iter().find(|a| rest.ends_with(*a)) {
        rest = &rest[..rest.len() - a.len()];
        adverbs.insert_str(0, a);
    }
    let rest = rest.trim_end_matches(['了', '的']);
    // The subject ends where the adverbials (在上海, 同…) begin.
    let rest_chars: Vec<char> = rest.chars().collect();
    let cut = rest_chars
        .iter()
        .enumerate()
        .skip(2)
        .find(|(_, c)| PREPOSITIONS.contains(c))
        .map_or(rest_chars.len(), |(i, _)| i);
    let subject: String = rest_chars.get(..cut).unwrap_or_default().iter().collect();
    let mut object = after.trim_start_matches(['了', '的']).to_string();
    let mut partner_before = false;
    if object.is_empty() {
        // `同…代表座谈`: the partner stands between 同/与/和 and the trigger.
        if let Some(p) = rest_chars
            .iter()
            .enumerate()
            .skip(cut)
            .find(|(_, c)| matches!(c, '同' | '与' | '和'))
            .map(|(i, _)| i)
        {
            object = rest_chars.get(p + 1..).unwrap_or_default().iter().collect();
            partner_before = !object.is_empty();
        }
    }
    let clause: String = before_s.clone() + &trigger + &after;
    let topic = if subject.chars().count() < 2 {
        clauses(sent)
            .into_iter()
            .rfind(|&(_, b)| b < c_start)
            .map(|(a, b)| strip_times(sent, a, b, mentions).into_iter().collect())
            .unwrap_or_default()
    } else {
        String::new()
    };
    ClauseParts {
        subject,
        predicate: adverbs + &trigger,
        object,
        clause,
        partner_before,
        topic,
    }
}

impl ClauseParts {
    /// `神舟十八号载人飞船在酒泉卫星发射中心成功升空` when it fits, else subject, predicate and the
    /// object's head (`国务院总理李强 会见…哈萨克斯坦总理别克捷夫`), at most [`TITLE_MAX_CHARS`].
    fn title(&self) -> String {
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

/// At most `max` chars, an ellipsis marking a cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn article(paragraphs: &[&str], date: &str) -> Article {
        Article {
            id: 7,
            title: "标题".into(),
            paragraphs: paragraphs.iter().map(|s| s.to_string()).collect(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            ..Article::default()
        }
    }

    fn events(paragraphs: &[&str], date: &str) -> Vec<EventCandidate> {
        extract_events(&article(paragraphs, date), Triggers::embedded(), &[])
    }

    #[test]
    fn embedded_lexicon_parses() {
        let t = Triggers::parse(TRIGGERS_TSV, "triggers.tsv").expect("lexicon parses");
        assert!(t.len() > 50);
        for kind in EventKind::ALL {
            assert!(
                t.triggers.iter().any(|tr| tr.kind == kind),
                "no trigger for {kind}"
            );
        }
    }

    #[test]
    fn bad_lexicon_lines_are_reported_with_line_number() {
        let err = Triggers::parse("# c\n发射\tlaunchx\n", "x.tsv").expect_err("bad kind");
        assert_eq!(
            err.to_string(),
            "bad trigger line 2 (unknown event kind `launchx`): x.tsv"
        );
        let err = Triggers::parse("发射\tlaunch\t\t着陆场\n", "x.tsv").expect_err("bad except");
        assert!(err.to_string().contains("does not contain"));
    }

    #[test]
    fn kind_names_round_trip() {
        for kind in EventKind::ALL {
            assert_eq!(kind.as_str().parse::<EventKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).expect("serialise");
            assert_eq!(json, format!("\"{kind}\""));
        }
        assert!("rocket".parse::<EventKind>().is_err());
    }

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
        assert_eq!(e.article, 7);
        assert_eq!(e.sentence.part, Part::Paragraphs);
        assert_eq!(e.sentence.start, 0);
    }

    #[test]
    fn place_names_holding_a_trigger_are_not_triggers() {
        // 发射场 and 着陆场 alone are places, not happenings.
        let ev = events(&["5月3日，记者来到海南文昌航天发射场参观。"], "2025-05-04");
        assert!(ev.iter().all(|e| e.kind != EventKind::Launch), "{ev:#?}");
    }

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

    #[test]
    fn participants_inside_the_sentence_are_listed_once() {
        let a = article(&["前言。5月8日，甲会见乙，甲表示欢迎。"], "2025-05-09");
        let p = |start, end, entity| Participant {
            part: Part::Paragraphs,
            index: 0,
            start,
            end,
            entity,
        };
        let ev = extract_events(
            &a,
            Triggers::embedded(),
            &[p(0, 2, 9), p(9, 10, 3), p(11, 12, 4), p(13, 14, 3)],
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].entities, vec![3, 4]);
        assert_eq!(ev[0].sentence.start, 3);
    }

    #[test]
    fn sentences_keep_closing_quotes() {
        let chars: Vec<char> = "他说：“好。”然后走了！\n新段".chars().collect();
        let got: Vec<String> = sentences(&chars)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect();
        assert_eq!(got, vec!["他说：“好。”", "然后走了！", "新段"]);
    }

    #[test]
    fn clip_marks_the_cut() {
        assert_eq!(clip("一二三四五", 5), "一二三四五");
        assert_eq!(clip("一二三四五六", 5), "一二三四…");
    }
}
