//! Titles that open on a pronoun (他们, 这是, 该): the pronoun replaced by the name it stands for,
//! found by the tagger around the title's sentence, or the pointing phrase dropped.

use super::SourceSentence;
use super::title::{TITLE_MAX_CHARS, clip};
use crate::extract::ner::{EntityKind, EntitySpan};
use crate::lexicon::Sections;
use crate::text::sentences;

/// Chars a title never opens on: pronouns and demonstratives (他, 这, 其, 该 …).
const PRONOUN_CHARS: &str = "他她它这那其该此";

/// Determiners that open a noun phrase (该项目, 这两位科学家).
const DETERMINER_CHARS: &str = "这那该此";

/// Numerals between a determiner and its classifier (这两位), besides ASCII digits.
const NUMERAL_CHARS: &str = "两二三四五六七八九十几";

/// How much of the sentence before a pronoun's is searched for its name, in chars.
const PREVIOUS_HEAD_CHARS: usize = 40;

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

/// Leading pronouns standing for a name (a closed class, tied to [`Wants`]).
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

/// The word lists of pronoun mending (`assets/events/words.txt`, sections `pronoun.*`).
#[derive(Debug, Clone, Default)]
pub(super) struct PronounWords {
    /// Pointing and linking phrases dropped from a title's start, longest first.
    dropped_leads: Vec<Vec<char>>,
    /// Classifiers after a determiner (这个, 该批).
    classifiers: Vec<char>,
    /// Nouns opening on a classifier char (该项目).
    classifier_nouns: Vec<Vec<char>>,
    /// Nouns after a determiner standing for a body, with what they want, longest first.
    bodies: Vec<(String, Wants)>,
    /// Chars that make a one-char body noun part of a longer word (该国人).
    body_compounds: Vec<char>,
}

/// Words as char vectors, longest first (file order among equals).
fn longest_first(words: &[String]) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
    out.sort_by_key(|w| std::cmp::Reverse(w.len()));
    out
}

impl PronounWords {
    pub(super) const SECTIONS: &[&str] = &[
        "pronoun.dropped_lead",
        "pronoun.classifier",
        "pronoun.classifier_noun",
        "pronoun.body_organization",
        "pronoun.body_place",
        "pronoun.body_compound",
    ];

    pub(super) fn from_sections(sections: &Sections) -> PronounWords {
        let chars = |name: &str| -> Vec<char> {
            sections
                .words(name)
                .iter()
                .flat_map(|w| w.chars())
                .collect()
        };
        let mut bodies: Vec<(String, Wants)> = sections
            .words("pronoun.body_organization")
            .iter()
            .map(|w| (w.clone(), Wants::Organization))
            .chain(
                sections
                    .words("pronoun.body_place")
                    .iter()
                    .map(|w| (w.clone(), Wants::Place)),
            )
            .collect();
        bodies.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        PronounWords {
            dropped_leads: longest_first(sections.words("pronoun.dropped_lead")),
            classifiers: chars("pronoun.classifier"),
            classifier_nouns: longest_first(sections.words("pronoun.classifier_noun")),
            bodies,
            body_compounds: chars("pronoun.body_compound"),
        }
    }

    /// The leading pronoun phrase of a title: its length in chars and what it is.
    fn leading_pronoun(&self, title: &[char]) -> Option<(usize, Lead)> {
        if let Some(w) = self.dropped_leads.iter().find(|w| title.starts_with(w)) {
            return Some((w.len(), Lead::Drop));
        }
        let starts = |w: &str| title.iter().copied().take(w.chars().count()).eq(w.chars());
        if let Some((w, wants)) = STANDING_LEADS.iter().find(|(w, _)| starts(w)) {
            return Some((w.chars().count(), Lead::Stand(*wants)));
        }
        let first = *title.first()?;
        if !DETERMINER_CHARS.contains(first) {
            return None;
        }
        // A determiner, then numerals and a classifier (这两位, 这一): all dropped; numerals
        // without a classifier count a noun (这9人) and stay.
        let mut m = 1;
        while title
            .get(m)
            .is_some_and(|c| c.is_ascii_digit() || NUMERAL_CHARS.contains(*c))
        {
            m += 1;
        }
        let noun_here = title
            .get(m..)
            .is_some_and(|rest| self.classifier_nouns.iter().any(|w| rest.starts_with(w)));
        if title.get(m).is_some_and(|c| self.classifiers.contains(c)) && !noun_here {
            return Some((m + 1, Lead::Determiner));
        }
        Some((1, Lead::Determiner))
    }

    /// The body noun opening `tail` (组织 in 该组织), with what it wants; a one-char noun
    /// opening a longer word (该党团, 该国人) is none.
    fn body_at(&self, tail: &[char]) -> Option<(usize, Wants)> {
        self.bodies
            .iter()
            .map(|(w, wants)| (w.chars().count(), w, *wants))
            .find(|&(len, w, _)| {
                tail.iter().copied().take(len).eq(w.chars())
                    && !(len == 1 && tail.get(1).is_some_and(|c| self.body_compounds.contains(c)))
            })
            .map(|(len, _, wants)| (len, wants))
    }
}

/// One name found near a title's sentence: its text and kind.
#[derive(Debug, Clone)]
struct Name {
    text: String,
    kind: EntityKind,
}

/// The names `tag` finds in `text`, in text order.
fn names_in(tag: &(dyn Fn(&str) -> Vec<EntitySpan> + Sync), text: &str) -> Vec<Name> {
    let chars: Vec<char> = text.chars().collect();
    tag(text)
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

/// Mends the titles of one article that open on a pronoun; the article title's names are tagged
/// once, when a pronoun first needs them.
pub(super) struct PronounResolver<'a> {
    words: &'a PronounWords,
    tag: &'a (dyn Fn(&str) -> Vec<EntitySpan> + Sync),
    article_title: &'a str,
    title_names: Option<Vec<Name>>,
}

impl<'a> PronounResolver<'a> {
    pub(super) fn new(
        words: &'a PronounWords,
        tag: &'a (dyn Fn(&str) -> Vec<EntitySpan> + Sync),
        article_title: &'a str,
    ) -> PronounResolver<'a> {
        PronounResolver {
            words,
            tag,
            article_title,
            title_names: None,
        }
    }

    /// A title opening on a pronoun, mended: the pronoun replaced by the name it stands for (the
    /// nearest fitting name before it in its sentence, else one of the sentence before, else the
    /// article title's), a pointing phrase (这是, 其中) or a determiner (该, 这个) dropped. A
    /// pronoun no name fits is dropped, leaving the predicate; when nothing is left, the
    /// sentence's first name is the title. `text` is the text `source` was read from.
    pub(super) fn mend(&mut self, title: &str, text: &str, source: &SourceSentence) -> String {
        let chars: Vec<char> = text.chars().collect();
        let sent = chars
            .get(source.span.start as usize..source.span.end as usize)
            .unwrap_or_default();
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
            .rfind(|&(_, e)| e <= source.span.start as usize)
            .and_then(|(s, e)| chars.get(s..e.min(s + PREVIOUS_HEAD_CHARS)))
            .unwrap_or_default();
        let article_title = self.article_title;
        let mut names = NameSource {
            sentence: sent,
            at,
            previous,
            article_title,
            tag: self.tag,
            sentence_spans: None,
            previous_names: None,
            title_names: &mut self.title_names,
        };
        let Some((rest, named)) = drop_leads(self.words, title, &mut names) else {
            return title.to_string();
        };
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
}

/// The title without its leading pronoun phrases, and the name the pronoun stands for if one
/// fits; `None` when the title opens on a name, not a pronoun (其美多吉).
fn drop_leads(
    words: &PronounWords,
    title: &str,
    names: &mut NameSource,
) -> Option<(String, Option<String>)> {
    let mut rest: Vec<char> = title.chars().collect();
    let mut named: Option<String> = None;
    // A dropped lead may uncover another (这是该护卫舰…): a few rounds.
    for round in 0..3 {
        let Some((len, lead)) = words.leading_pronoun(&rest) else {
            break;
        };
        if round == 0 && lead != Lead::Drop && names.name_at_title() {
            return None;
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
                match words
                    .body_at(&tail)
                    .and_then(|(noun_len, wants)| Some((noun_len, names.antecedent(wants)?)))
                {
                    Some((noun_len, name)) => {
                        named = Some(name);
                        rest = tail.get(noun_len..).unwrap_or_default().to_vec();
                    }
                    None => rest = tail,
                }
                break;
            }
        }
    }
    Some((rest.into_iter().collect(), named))
}

/// Names around one title's sentence, each list tagged only when first needed.
struct NameSource<'a> {
    /// The sentence, and where the title's words begin in it.
    sentence: &'a [char],
    at: usize,
    /// The sentence before, in the same text.
    previous: &'a [char],
    article_title: &'a str,
    tag: &'a (dyn Fn(&str) -> Vec<EntitySpan> + Sync),
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
        let tag = self.tag;
        self.sentence_spans.get_or_insert_with(|| {
            let text: String = head.iter().collect();
            tag(&text)
        })
    }

    /// Does a name begin where the title does (其美多吉 is a name, not 其)?
    fn name_at_title(&mut self) -> bool {
        let at = self.at;
        self.sentence_spans()
            .iter()
            .any(|span| span.start == at && span.end > at + 1)
    }

    /// The names of the article's title.
    fn title_names(&mut self) -> &[Name] {
        let (tag, title) = (self.tag, self.article_title);
        self.title_names.get_or_insert_with(|| names_in(tag, title))
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
        let (tag, previous) = (self.tag, self.previous);
        let before = self
            .previous_names
            .get_or_insert_with(|| names_in(tag, &previous.iter().collect::<String>()));
        let mut fitting = before.iter().filter(|n| wants.accepts(n.kind));
        let found = if matches!(wants, Wants::Place | Wants::Body | Wants::Any) {
            fitting.next_back()
        } else {
            fitting.next()
        };
        if let Some(name) = found {
            return Some(name.text.clone());
        }
        self.title_names()
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
        self.title_names()
            .iter()
            .map(|n| n.text.clone())
            .find(|n| !opens_on_pronoun(n))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::shipped_lexicon;
    use super::super::tests::titled;
    use super::*;

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
        let words = &shipped_lexicon().pronouns;
        let lead = |title: &str| words.leading_pronoun(&title.chars().collect::<Vec<_>>());
        assert_eq!(
            lead("这是我国首次"),
            Some((2, Lead::Drop)),
            "a pointing phrase"
        );
        assert_eq!(
            lead("这9人抵达"),
            Some((1, Lead::Determiner)),
            "这9人 keeps its count"
        );
        assert_eq!(lead("这两位科学家").map(|(len, _)| len), Some(3));
        assert_eq!(
            lead("该项目启动").map(|(len, _)| len),
            Some(1),
            "项目 is a noun, not a classifier"
        );
    }

    #[test]
    fn one_char_bodies_opening_a_longer_word_are_none() {
        let words = &shipped_lexicon().pronouns;
        let body = |tail: &str| words.body_at(&tail.chars().collect::<Vec<_>>());
        assert_eq!(body("国家领导人"), Some((2, Wants::Place)));
        assert_eq!(body("国对"), Some((1, Wants::Place)));
        assert_eq!(body("国人"), None);
        assert_eq!(body("组织对"), Some((2, Wants::Organization)));
    }
}
