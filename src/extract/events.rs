//! Event candidates: a dated happening in one sentence (trigger word + time mention), typed by kind.
//! Pure: one article, its reference date and optional entity spans in; candidates out. A title
//! that would open on a pronoun (他们, 这是, 该) is mended with a name the shipped tagger finds
//! around it (run only on those sentences).

use crate::bundle::{Article, ArticleId, Part};
use crate::extract::ner::{EntityKind, EntitySpan, Ner};
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
    // Names of the article's title, tagged when a pronoun first needs them.
    let mut title_names: Option<Vec<Name>> = None;
    for (part, index, text) in article.texts() {
        if part == Part::Captions {
            continue;
        }
        let mentions = times::find_times(text, article.date);
        let people: Vec<&Participant> = participants
            .iter()
            .filter(|p| p.part == part && p.index == index)
            .collect();
        let first = out.len();
        events_in_text(
            article.id, part, index, text, &mentions, triggers, &people, &mut out,
        );
        for c in out.iter_mut().skip(first) {
            if opens_on_pronoun(&c.title) {
                c.title = name_the_actor(
                    &c.title,
                    text,
                    &c.sentence,
                    &article.title,
                    &mut title_names,
                );
            }
        }
    }
    out
}

// ----- titles that open on a pronoun -----

/// Chars a title never opens on: pronouns and demonstratives (他, 这, 其, 该 …).
const PRONOUN_CHARS: &str = "他她它这那其该此";

/// Does this title open on a pronoun or a demonstrative?
pub fn opens_on_pronoun(title: &str) -> bool {
    title
        .chars()
        .next()
        .is_some_and(|c| PRONOUN_CHARS.contains(c))
}

/// Which names a pronoun can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wants {
    /// 他, 她: a person.
    Person,
    /// 他们, 她们: a body of people (an organization); a single person's name would be wrong.
    Group,
    /// 该组织, 这家公司: an organization.
    Organization,
    /// 该国, 这里: a place.
    Place,
    /// 它: an organization or a place.
    Body,
    /// 其: anything named.
    Any,
}

impl Wants {
    fn accepts(self, kind: EntityKind) -> bool {
        match self {
            Wants::Person => kind == EntityKind::Per,
            Wants::Group | Wants::Organization => kind == EntityKind::Org,
            Wants::Place => kind == EntityKind::Loc,
            Wants::Body => matches!(kind, EntityKind::Org | EntityKind::Loc),
            Wants::Any => true,
        }
    }
}

/// What a leading pronoun phrase is and how a title is mended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// 这是, 这标志着, 其中, 此前: points at the clause before or only links; dropped.
    Drop,
    /// 他, 他们, 其, 这里: stands for a name; replaced by it, else dropped.
    Stand(Wants),
    /// 该, 这个, 这家 before a noun: the determiner is dropped, the noun kept (该项目 → 项目),
    /// or the whole phrase is replaced by a name when the noun names a body (该组织, 该国).
    Determiner,
}

/// Leading phrases that point at the clause before (这是…, 这标志着…) or only link (其中, 此前).
const DROPPED_LEADS: &[&str] = &[
    "这些都是",
    "这被认为是",
    "这被视为",
    "这不仅是",
    "这意味着",
    "这标志着",
    "这表明",
    "这说明",
    "这显示",
    "这使得",
    "这也是",
    "这还是",
    "这就是",
    "这又是",
    "这将是",
    "这已是",
    "这既是",
    "这正是",
    "这更是",
    "这才是",
    "这都是",
    "此举是",
    "这是",
    "此举",
    "这其中",
    "这当中",
    "这期间",
    "其中",
    "其间",
    "其后",
    "其他",
    "其它",
    "其余",
    "其实",
    "其次",
    "此前",
    "此后",
    "此外",
    "此时",
    "这时",
    "那时",
    "这样",
    "同时",
];
/// Leading pronouns standing for a name.
const STANDING_LEADS: &[(&str, Wants)] = &[
    ("他们", Wants::Group),
    ("她们", Wants::Group),
    ("它们", Wants::Body),
    ("这里", Wants::Place),
    ("那里", Wants::Place),
    ("此地", Wants::Place),
    ("他", Wants::Person),
    ("她", Wants::Person),
    ("它", Wants::Body),
    ("其", Wants::Any),
];
/// Classifiers after a determiner (这个, 这家, 该批).
const CLASSIFIERS: &str =
    "个位家座条部项份架次些对名批所届款只台辆艘颗篇本件场起种类支群块片栋间股首轮波段张幅一";
/// Words that open with a classifier char but are nouns (该项目, 该部门): kept whole.
const CLASSIFIER_NOUNS: &[&str] = &[
    "项目", "部门", "部队", "部分", "批次", "次日", "起义", "种子", "名单", "名称", "条例", "条约",
    "台湾", "本地", "片区", "段落", "届时",
];
/// Nouns after a determiner that stand for an organization (该组织, 这家公司) or a place (该国).
const BODY_NOUNS: &[(&str, Wants)] = &[
    ("组织", Wants::Organization),
    ("公司", Wants::Organization),
    ("集团", Wants::Organization),
    ("企业", Wants::Organization),
    ("机构", Wants::Organization),
    ("部门", Wants::Organization),
    ("政府", Wants::Organization),
    ("团队", Wants::Organization),
    ("银行", Wants::Organization),
    ("协会", Wants::Organization),
    ("大学", Wants::Organization),
    ("学校", Wants::Organization),
    ("医院", Wants::Organization),
    ("校", Wants::Organization),
    ("党", Wants::Organization),
    ("国家", Wants::Place),
    ("城市", Wants::Place),
    ("地区", Wants::Place),
    ("国", Wants::Place),
    ("省", Wants::Place),
    ("市", Wants::Place),
    ("县", Wants::Place),
    ("州", Wants::Place),
    ("镇", Wants::Place),
    ("村", Wants::Place),
];

/// One name found near a title's sentence: its text and kind.
#[derive(Debug, Clone)]
struct Name {
    text: String,
    kind: EntityKind,
}

/// The names the tagger finds in `text`, in text order.
fn names_in(text: &str) -> Vec<Name> {
    let chars: Vec<char> = text.chars().collect();
    Ner::embedded()
        .tag(text)
        .into_iter()
        .filter_map(|s| {
            let name: String = chars.get(s.start..s.end)?.iter().collect();
            (name.chars().count() >= 2).then_some(Name {
                text: name,
                kind: s.kind,
            })
        })
        .collect()
}

/// The leading pronoun phrase of a title: its length in chars and what it is.
fn leading_pronoun(title: &[char]) -> Option<(usize, Lead)> {
    let starts = |w: &str| title.iter().copied().take(w.chars().count()).eq(w.chars());
    if let Some(w) = DROPPED_LEADS.iter().find(|w| starts(w)) {
        return Some((w.chars().count(), Lead::Drop));
    }
    if let Some((w, wants)) = STANDING_LEADS.iter().find(|(w, _)| starts(w)) {
        return Some((w.chars().count(), Lead::Stand(*wants)));
    }
    let first = *title.first()?;
    if !"这那该此".contains(first) {
        return None;
    }
    // A determiner, then numerals and a classifier (这两位, 这一): all dropped; numerals without
    // a classifier count a noun (这9人) and stay.
    let mut m = 1;
    while title
        .get(m)
        .is_some_and(|c| c.is_ascii_digit() || "两二三四五六七八九十几".contains(*c))
    {
        m += 1;
    }
    let noun_here = |k: usize| {
        CLASSIFIER_NOUNS
            .iter()
            .any(|w| title.iter().skip(k).copied().take(2).eq(w.chars()))
    };
    if title.get(m).is_some_and(|c| CLASSIFIERS.contains(*c)) && !noun_here(m) {
        return Some((m + 1, Lead::Determiner));
    }
    Some((1, Lead::Determiner))
}

/// How much of the sentence before a pronoun's is searched for its name, in chars.
const PREVIOUS_HEAD_CHARS: usize = 40;

/// Names around one title's sentence, each list tagged only when first needed.
struct NameSource<'a> {
    /// The sentence, and where the title's words begin in it.
    sentence: &'a [char],
    at: usize,
    /// The sentence before, in the same text.
    previous: &'a [char],
    article_title: &'a str,
    sentence_spans: Option<Vec<EntitySpan>>,
    previous_names: Option<Vec<Name>>,
    title_names: &'a mut Option<Vec<Name>>,
}

impl NameSource<'_> {
    /// Names in the sentence up to just past the title's first word (the rest names no
    /// antecedent, and tagging it would cost).
    fn sentence_spans(&mut self) -> &[EntitySpan] {
        let head = self
            .sentence
            .get(..(self.at + 8).min(self.sentence.len()))
            .unwrap_or_default();
        self.sentence_spans.get_or_insert_with(|| {
            let text: String = head.iter().collect();
            Ner::embedded().tag(&text)
        })
    }

    /// Does a name begin where the title does (其美多吉 is a name, not 其)?
    fn name_at_title(&mut self) -> bool {
        let at = self.at;
        self.sentence_spans()
            .iter()
            .any(|span| span.start == at && span.end > at + 1)
    }

    /// The nearest fitting name before the title in its sentence, then one in the head of the
    /// sentence before, then the first in the article's title.
    fn antecedent(&mut self, wants: Wants) -> Option<String> {
        let (sentence, at) = (self.sentence, self.at);
        let in_sentence = self
            .sentence_spans()
            .iter()
            .rev()
            .filter(|span| span.end <= at && span.end - span.start >= 2 && wants.accepts(span.kind))
            .find_map(|span| sentence.get(span.start..span.end))
            .map(|name| name.iter().collect::<String>());
        if in_sentence.is_some() {
            return in_sentence;
        }
        // In the sentence before: a person or a body is its subject, the first fitting name; a
        // place narrows as the sentence goes (在贵州铜仁的梵净山), the last one.
        let previous = self.previous;
        let before = self
            .previous_names
            .get_or_insert_with(|| names_in(&previous.iter().collect::<String>()));
        let mut fitting = before.iter().filter(|n| wants.accepts(n.kind));
        let found = if matches!(wants, Wants::Place | Wants::Body | Wants::Any) {
            fitting.next_back()
        } else {
            fitting.next()
        };
        if let Some(name) = found {
            return Some(name.text.clone());
        }
        let title = self.article_title;
        let title_names = self.title_names.get_or_insert_with(|| names_in(title));
        title_names
            .iter()
            .find(|n| wants.accepts(n.kind))
            .map(|n| n.text.clone())
    }

    /// The first name of the sentence's head, else the article title's.
    fn first_name(&mut self) -> Option<String> {
        let sentence = self.sentence;
        let first = self
            .sentence_spans()
            .iter()
            .filter_map(|span| sentence.get(span.start..span.end))
            .map(|name| name.iter().collect::<String>())
            .find(|n| n.chars().count() >= 2 && !opens_on_pronoun(n));
        if first.is_some() {
            return first;
        }
        let title = self.article_title;
        self.title_names
            .get_or_insert_with(|| names_in(title))
            .iter()
            .map(|n| n.text.clone())
            .find(|n| !opens_on_pronoun(n))
    }
}

/// A title opening on a pronoun, mended: the pronoun replaced by the name it stands for (the
/// nearest fitting name before it in its sentence, else one of the sentence before, else the
/// article title's), a pointing phrase (这是, 其中) or a determiner (该, 这个) dropped. A pronoun no name fits
/// is dropped, leaving the predicate; when nothing is left, the sentence's first name is the title.
/// The tagger runs only on the few sentences that need a name.
fn name_the_actor(
    title: &str,
    text: &str,
    source: &SourceSentence,
    article_title: &str,
    title_names: &mut Option<Vec<Name>>,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let sent = chars.get(source.start..source.end).unwrap_or_default();
    // Where the title's words begin in the sentence: names before that point are antecedents.
    let head: Vec<char> = title.chars().take(4).collect();
    let at = sent
        .windows(head.len().max(1))
        .position(|w| w == head.as_slice())
        .or_else(|| head.first().and_then(|h| sent.iter().position(|c| c == h)))
        .unwrap_or(sent.len());
    // The sentence before, its head only: its subject stands there, and tagging costs.
    let previous = sentences(&chars)
        .into_iter()
        .rfind(|&(_, e)| e <= source.start)
        .and_then(|(s, e)| chars.get(s..e.min(s + PREVIOUS_HEAD_CHARS)))
        .unwrap_or_default();
    let mut names = NameSource {
        sentence: sent,
        at,
        previous,
        article_title,
        sentence_spans: None,
        previous_names: None,
        title_names,
    };
    let mut rest: Vec<char> = title.chars().collect();
    let mut named: Option<String> = None;
    // A dropped lead may uncover another (这是该护卫舰…): a few rounds.
    for round in 0..3 {
        let Some((len, lead)) = leading_pronoun(&rest) else {
            break;
        };
        if round == 0 && lead != Lead::Drop && names.name_at_title() {
            return title.to_string();
        }
        let tail: Vec<char> = rest.get(len..).unwrap_or_default().to_vec();
        match lead {
            Lead::Drop => rest = tail,
            Lead::Stand(wants) => {
                named = names.antecedent(wants);
                rest = tail;
                break;
            }
            Lead::Determiner => {
                let tail_s: String = tail.iter().collect();
                // A one-char noun opening a longer one (该党团, 该国人) is no body.
                let body = BODY_NOUNS.iter().find(|(w, _)| {
                    tail_s.starts_with(*w)
                        && !(w.chars().count() == 1
                            && tail
                                .get(1)
                                .is_some_and(|c| "团委部会员长籍民人队企内外".contains(*c)))
                });
                match body.and_then(|&(noun, wants)| Some((noun, names.antecedent(wants)?))) {
                    Some((noun, name)) => {
                        named = Some(name);
                        rest = tail
                            .get(noun.chars().count()..)
                            .unwrap_or_default()
                            .to_vec();
                    }
                    None => rest = tail,
                }
                break;
            }
        }
    }
    let rest: String = rest.into_iter().collect();
    let rest = rest.trim_start_matches(['，', ',', '、', '：', ':', ' ']);
    if let Some(name) = named {
        // 他的妹妹 → 李明的妹妹.
        return clip(&format!("{name}{rest}"), TITLE_MAX_CHARS);
    }
    // No name fits the pronoun: the predicate alone (他毅然跨过罗湖桥 → 毅然跨过罗湖桥), a name
    // from elsewhere in the sentence would often be the object, not the actor.
    let bare: String = rest
        .chars()
        .skip_while(|c| PRONOUN_CHARS.contains(*c) || *c == '的')
        .collect();
    if bare.chars().count() >= 2 {
        return clip(&bare, TITLE_MAX_CHARS);
    }
    // Nothing left: the sentence's first name, else the article title's, else the article title.
    names.first_name().map_or_else(
        || {
            clip(
                article_title.trim_start_matches(|c| PRONOUN_CHARS.contains(c)),
                TITLE_MAX_CHARS,
            )
        },
        |n| clip(&n, TITLE_MAX_CHARS),
    )
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

    fn titled(paragraphs: &[&str], article_title: &str) -> Vec<String> {
        let mut a = article(paragraphs, "2024-11-04");
        a.title = article_title.into();
        extract_events(&a, Triggers::embedded(), &[])
            .into_iter()
            .filter(|e| e.sentence.part == Part::Paragraphs)
            .map(|e| e.title)
            .collect()
    }

    #[test]
    fn pointing_phrases_are_dropped_from_titles() {
        assert_eq!(
            titled(
                &[
                    "3日，日本东京上野动物园宣布大熊猫产下幼仔，这是上野动物园首次有大熊猫幼仔诞生。"
                ],
                "标题"
            ),
            ["上野动物园首次有大熊猫幼仔诞生"]
        );
        assert_eq!(
            titled(
                &["今天，白鹤滩水电站8号机组正式转入商业运行，这标志着左岸机组全部投产发电。"],
                "标题"
            ),
            ["左岸机组全部投产发电"]
        );
    }

    #[test]
    fn personal_pronouns_take_the_name_before_them() {
        // In the same sentence.
        assert_eq!(
            titled(
                &["2003年，牛玉儒调任呼和浩特市委书记，他一有时间就深入基层调研。"],
                "标题"
            ),
            ["牛玉儒一有时间就深入基层调研"]
        );
        // In the sentence before.
        assert_eq!(
            titled(
                &["张桂梅是华坪女子高级中学的校长。2008年，她创办了全国第一所免费女子高中。"],
                "标题"
            ),
            ["张桂梅创办了全国第一所免费女子高中"]
        );
        // In the article's title.
        assert_eq!(
            titled(
                &["1987年，他带课题组到新加坡考察自由港建设。"],
                "习近平与厦门"
            ),
            ["习近平带课题组到新加坡考察自由港建设"]
        );
    }

    #[test]
    fn determiners_keep_their_noun_or_take_the_body_named_before() {
        assert_eq!(
            titled(
                &["巴勒斯坦伊斯兰圣战组织19日称，该组织对以色列边境城市发射了火箭弹。"],
                "标题"
            ),
            ["巴勒斯坦伊斯兰圣战组织对以色列边境城市发射了火箭弹"]
        );
        assert_eq!(
            titled(&["该项目2016年启动，计划出版100种经典书目。"], "标题"),
            ["项目启动"]
        );
        assert_eq!(
            titled(&["从昨天开始，这股寒潮率先影响我国华北地区。"], "标题"),
            ["寒潮率先影响我国华北地区"]
        );
    }

    #[test]
    fn a_pronoun_no_name_fits_leaves_the_predicate() {
        assert_eq!(
            titled(&["1978年，他到北京军区当兵，一直坚持学习外语。"], "标题"),
            ["到北京军区当兵"]
        );
        assert_eq!(
            titled(&["其中8栋楼将在本月底竣工交付。"], "标题"),
            ["8栋楼将竣工交付"]
        );
        assert_eq!(
            titled(&["其他地级城市今年6月底前全部出台实施方案。"], "标题"),
            ["地级城市全部出台实施方案"]
        );
    }

    #[test]
    fn names_opening_on_a_pronoun_char_stay() {
        assert!(opens_on_pronoun("他们顺利返回地球"));
        assert!(opens_on_pronoun("该项目启动"));
        assert!(!opens_on_pronoun("神舟十八号返回地球"));
        let (len, lead) = leading_pronoun(&"这是我国首次".chars().collect::<Vec<_>>())
            .expect("a pointing phrase");
        assert_eq!((len, lead), (2, Lead::Drop));
        let (len, lead) =
            leading_pronoun(&"这9人抵达".chars().collect::<Vec<_>>()).expect("a determiner");
        assert_eq!((len, lead), (1, Lead::Determiner), "这9人 keeps its count");
        let (len, _) =
            leading_pronoun(&"这两位科学家".chars().collect::<Vec<_>>()).expect("a determiner");
        assert_eq!(len, 3);
        let (len, _) =
            leading_pronoun(&"该项目启动".chars().collect::<Vec<_>>()).expect("a determiner");
        assert_eq!(len, 1, "项目 is a noun, not a classifier");
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
