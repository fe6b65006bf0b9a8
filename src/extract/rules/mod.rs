//! Entities found by rules rather than the statistical model, and the clean-up of the model's spans.
//!
//! The model tags people, places and organizations ([`EntityKind::MODEL_KINDS`]). On top of its
//! output, [`Rules::apply`] finds
//! - works titled in 《》 ([`EntityKind::Work`]): the title between the brackets;
//! - spacecraft, launch vehicles and missions ([`EntityKind::Craft`]): a programme stem with a
//!   numeral and 号 (神舟十八号, 长征五号遥八), a stem with a module noun (问天实验舱), a quoted
//!   name with 号 or a vehicle noun (“奋斗者”号, “祝融号”火星车);
//! - facilities ([`EntityKind::Facility`]): a place or organization the model found followed by a
//!   facility suffix (酒泉 + 卫星发射中心, 东风 + 着陆场);
//! - named events ([`EntityKind::NamedEvent`]): a name ending in an event suffix (中国国际进口博览会,
//!   二十国集团领导人峰会) and short forms X·Y·会 whose Y stands for an event type (进博会).
//!
//! and it cleans the model's spans: verbs glued before a name are cut off (推进行业协会商会), an
//! organization starts after a preposition standing as a word of its own (本措施由|生态环境部), a
//! name never ends inside a word that runs on (…商会党|建), bare roles are no people (高管), and
//! class nouns alone are no names (空间站, 委员会). Where a rule span overlaps a model span the
//! rule span wins (酒泉卫星发射中心 is one facility, not 酒泉 + an organization), except that an
//! organization containing an event or craft and running on past it stays (中国国际进口博览会局). A name
//! standing alone is left to the model (酒泉 stays a place).
//!
//! The lexicons are in `assets/rules/rules.txt`, documented in `assets/rules/README.md`.

mod clean;
mod craft;
mod events;
mod facilities;

use crate::asset_text;
use crate::extract::ner::chars::normalize;
use crate::extract::ner::lexicon::Lexicon;
use crate::extract::ner::{EntityKind, EntitySpan};
use crate::lexicon::{AssetText, LexiconError, Sections};
use crate::text::is_han;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The sections of a rules file; any other is an error.
pub const SECTIONS: [&str; 26] = [
    "craft.numbered",
    "craft.standalone",
    "craft.module",
    "craft.vehicle",
    "facility.suffix",
    "facility.modifier",
    "facility.named",
    "facility.not_after",
    "list.org_head",
    "list.org_modifier",
    "list.lead",
    "event.suffix",
    "event.weak",
    "event.abbreviation",
    "event.scope",
    "event.not_after",
    "event.stop",
    "event.stop_word",
    "lead.verb",
    "lead.preposition",
    "org.inner_preposition",
    "org.generic_head",
    "org.scope",
    "tail.split_word",
    "per.not_name",
    "name.holding_word",
];

/// The rule lexicons, parsed. Build once ([`Rules::shipped`], held by [`crate::models::Models`])
/// and share.
#[derive(Debug, Default)]
pub struct Rules {
    craft_numbered: HashMap<char, Vec<Vec<char>>>,
    craft_standalone: HashSet<Vec<char>>,
    craft_module: Vec<Vec<char>>,
    craft_vehicle: Vec<Vec<char>>,
    facility_suffix: Vec<Vec<char>>,
    facility_last: HashSet<char>,
    facility_modifier: Vec<Vec<char>>,
    facility_named: Vec<Vec<char>>,
    list_org_head: Vec<Vec<char>>,
    list_org_modifier: Vec<Vec<char>>,
    list_lead: Vec<Vec<char>>,
    facility_not_after: HashSet<char>,
    /// Event suffixes with whether they are weak, longest first.
    event_suffix: Vec<(Vec<char>, bool)>,
    event_last: HashSet<char>,
    event_abbreviation: HashSet<char>,
    event_not_after: HashSet<char>,
    event_scope: Vec<Vec<char>>,
    event_stop: HashSet<char>,
    event_stop_word: Vec<Vec<char>>,
    lead_verb: Vec<Vec<char>>,
    lead_preposition: HashSet<char>,
    /// Prepositions that never stand as a word of their own inside an organization's name.
    inner_preposition: HashSet<char>,
    /// Heads of names of a kind of body (服务站, 工作组), longest first.
    org_generic_head: Vec<Vec<char>>,
    /// Words that make a body one of its kind (国家, 中央, 国际).
    org_scope: Vec<Vec<char>>,
    tail_split: Vec<Vec<char>>,
    /// Words that hold no name: a span inside one is none (南水 of 南水北调).
    holding_words: Vec<Vec<char>>,
    per_not_name: HashSet<String>,
}

fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn longest_first(mut v: Vec<Vec<char>>) -> Vec<Vec<char>> {
    v.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    v.dedup();
    v
}

fn single_chars(items: &[String]) -> HashSet<char> {
    items.iter().filter_map(|s| s.chars().next()).collect()
}

impl Rules {
    /// The rules of `assets/rules/rules.txt`.
    pub fn shipped() -> Result<Rules, LexiconError> {
        Rules::parse(asset_text!("rules/rules.txt"))
    }

    /// Parses rule lexicons: `[section]` lines start a list (one of [`SECTIONS`]), items are
    /// separated by white space, `#` starts a comment.
    pub fn parse(asset: AssetText) -> Result<Rules, LexiconError> {
        Ok(Rules::from_sections(&Sections::parse(asset, &SECTIONS)?))
    }

    fn from_sections(sections: &Sections) -> Rules {
        let list = |name: &str| sections.words(name).to_vec();
        let words = |name: &str| longest_first(list(name).iter().map(|s| chars_of(s)).collect());
        let mut craft_numbered: HashMap<char, Vec<Vec<char>>> = HashMap::new();
        for stem in words("craft.numbered") {
            if let Some(&first) = stem.first() {
                craft_numbered.entry(first).or_default().push(stem);
            }
        }
        let facility_suffix = words("facility.suffix");
        let facility_last = facility_suffix
            .iter()
            .filter_map(|s| s.last().copied())
            .collect();
        let mut event_suffix: Vec<(Vec<char>, bool)> = words("event.suffix")
            .into_iter()
            .map(|s| (s, false))
            .chain(words("event.weak").into_iter().map(|s| (s, true)))
            .collect();
        event_suffix.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let event_last = event_suffix
            .iter()
            .filter_map(|s| s.0.last().copied())
            .collect();
        Rules {
            craft_numbered,
            craft_standalone: words("craft.standalone").into_iter().collect(),
            craft_module: words("craft.module"),
            craft_vehicle: words("craft.vehicle"),
            facility_suffix,
            facility_last,
            facility_modifier: words("facility.modifier"),
            facility_named: words("facility.named"),
            list_org_head: words("list.org_head"),
            list_org_modifier: words("list.org_modifier"),
            list_lead: words("list.lead"),
            facility_not_after: single_chars(&list("facility.not_after")),
            event_suffix,
            event_last,
            event_abbreviation: single_chars(&list("event.abbreviation")),
            event_not_after: single_chars(&list("event.not_after")),
            event_scope: words("event.scope"),
            event_stop: single_chars(&list("event.stop")),
            event_stop_word: words("event.stop_word"),
            lead_verb: words("lead.verb"),
            lead_preposition: single_chars(&list("lead.preposition")),
            inner_preposition: single_chars(&list("org.inner_preposition")),
            org_generic_head: words("org.generic_head"),
            org_scope: words("org.scope"),
            tail_split: words("tail.split_word"),
            holding_words: words("name.holding_word"),
            per_not_name: list("per.not_name").into_iter().collect(),
        }
    }

    /// Whether `c` is a preposition the model may glue before a name (对, 在, 向).
    pub fn is_lead_preposition(&self, c: char) -> bool {
        self.lead_preposition.contains(&c)
    }

    /// Cleans the model's spans of `chars` and adds the rule kinds. Returns spans in text order
    /// that do not overlap. `lexicon` (the tagger's dictionary and cue lists) sharpens a few
    /// decisions; without it those checks are skipped. Of model spans that overlap (a tagger
    /// other than the model's), the first in text order is kept. Time grows linearly with the
    /// text: every look-up of a model span by position is a binary search ([`Placed`]).
    pub fn apply(
        &self,
        chars: &[char],
        model: &[EntitySpan],
        lexicon: Option<&Lexicon>,
    ) -> Vec<EntitySpan> {
        let mut cleaned: Vec<EntitySpan> = model
            .iter()
            .filter_map(|&s| self.clean(chars, s, lexicon))
            .collect();
        cleaned.sort_unstable();
        let mut last_end = 0;
        cleaned.retain(|s| {
            let apart = s.start >= last_end;
            if apart {
                last_end = s.end;
            }
            apart
        });
        self.organization_lists(chars, &mut cleaned);
        let placed = Placed(&cleaned);
        let mut rules: Vec<EntitySpan> = Vec::new();
        let brackets = self.works(chars, &mut rules);
        self.crafts(chars, lexicon, &mut rules);
        self.facilities(chars, placed, &mut rules);
        self.events(chars, placed, lexicon, &mut rules);
        for r in &mut rules {
            if r.kind != EntityKind::Work {
                self.cut_lead_verb(chars, r, 3);
                clean::trim_edges(chars, r, lexicon);
            }
        }
        clean::join_across_dots(chars, &mut cleaned);
        merge(cleaned, rules, &brackets)
    }
}

/// Spans in text order, none overlapping another (so their ends are in order too), looked up by
/// position in logarithmic time.
#[derive(Clone, Copy)]
pub(super) struct Placed<'a>(&'a [EntitySpan]);

impl<'a> Placed<'a> {
    /// The span ending at `at`, with its index.
    fn ending_at(self, at: usize) -> Option<(usize, &'a EntitySpan)> {
        let i = self.0.partition_point(|s| s.end < at);
        self.0.get(i).filter(|s| s.end == at).map(|s| (i, s))
    }

    /// The span holding the character before `at` (it starts before `at` and ends at or after it).
    fn reaching(self, at: usize) -> Option<&'a EntitySpan> {
        let i = self.0.partition_point(|s| s.start < at);
        i.checked_sub(1)
            .and_then(|i| self.0.get(i))
            .filter(|s| s.end >= at)
    }

    /// The spans ending after `from` and at or before `to`, in order, with their indexes.
    fn ending_within(
        self,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = (usize, &'a EntitySpan)> {
        let a = self.0.partition_point(|s| s.end <= from);
        let b = self.0.partition_point(|s| s.end <= to).max(a);
        (a..b).zip(&self.0[a..b])
    }

    fn spans(self) -> &'a [EntitySpan] {
        self.0
    }
}

/// Rule spans first (works, then the longest), then the model's spans that overlap none of them;
/// an organization containing a craft or event span and running on past its end keeps its place
/// instead (中国国际进口博览会局). `model` and `brackets` are in text order without overlaps.
fn merge(
    model: Vec<EntitySpan>,
    rules: Vec<EntitySpan>,
    brackets: &[(usize, usize)],
) -> Vec<EntitySpan> {
    let placed = Placed(&model);
    let mut rules: Vec<EntitySpan> = rules
        .into_iter()
        .filter(|r| {
            r.kind == EntityKind::Work
                || !matches!(r.kind, EntityKind::Craft | EntityKind::NamedEvent)
                || !placed.reaching(r.start + 1).is_some_and(|m| {
                    m.kind == EntityKind::Org && m.start <= r.start && m.end > r.end
                })
        })
        .collect();
    rules.sort_by(|a, b| {
        (b.kind == EntityKind::Work)
            .cmp(&(a.kind == EntityKind::Work))
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    // Kept spans by start; they never overlap, so the one starting last before a span's end is
    // the only one that can overlap it.
    let mut kept: BTreeMap<usize, EntitySpan> = BTreeMap::new();
    let overlaps_kept = |kept: &BTreeMap<usize, EntitySpan>, s: &EntitySpan| {
        kept.range(..s.end)
            .next_back()
            .is_some_and(|(_, k)| k.end > s.start)
    };
    for r in rules {
        if r.start < r.end && !overlaps_kept(&kept, &r) {
            kept.insert(r.start, r);
        }
    }
    for m in model {
        let b = brackets.partition_point(|&(open, _)| open < m.end);
        let in_brackets = b.checked_sub(1).is_some_and(|b| brackets[b].1 > m.start);
        if !in_brackets && !overlaps_kept(&kept, &m) {
            kept.insert(m.start, m);
        }
    }
    kept.into_values().collect()
}

/// The dictionary class of `word` if it is a dictionary word.
pub(crate) fn dict_class(lex: &Lexicon, word: &[char]) -> Option<u8> {
    let codes: Vec<u32> = word.iter().map(|&c| normalize(c)).collect();
    let mut found = None;
    lex.dict.for_each_match(&codes, 0, |len, value, _| {
        if len == codes.len() {
            found = Some(value);
        }
    });
    found
}

/// Whether the character before `i` and the one at `i` make a dictionary word (今|天和).
fn glued_before(chars: &[char], i: usize, lexicon: Option<&Lexicon>) -> bool {
    match lexicon {
        Some(lex) if i > 0 && is_han(chars[i - 1]) => dict_class(lex, &chars[i - 1..=i]).is_some(),
        _ => false,
    }
}

/// Chinese or Arabic numerals of a serial number.
pub fn is_numeral(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || matches!(
            c,
            '〇' | '零'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '百'
                | '两'
        )
}

/// Space and punctuation, which never start or end a name (the middle dot `·` does not count).
/// Whether `chars[start]` is an opening mark whose partner lies inside `chars[start..end]`, not
/// at its end (“青岛”号, but not “新华社”, which the marks only enclose).
fn opens_pair(chars: &[char], start: usize, end: usize) -> bool {
    end - start > 2
        && crate::extract::ner::repair::closing_of(chars[start])
            .is_some_and(|c| chars[start + 1..end - 1].contains(&c))
}

/// Whether `chars[end - 1]` is a closing mark whose partner lies inside `chars[start..end]`, not
/// at its start (中国长江航运（集团）).
fn closes_pair(chars: &[char], start: usize, end: usize) -> bool {
    end - start > 2
        && crate::extract::ner::repair::opening_of(chars[end - 1])
            .is_some_and(|o| chars[start + 1..end - 1].contains(&o))
}

pub fn is_edge_junk(c: char) -> bool {
    c.is_whitespace()
        || (c.is_ascii_punctuation() && c != '·')
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '（'
                | '）'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '【'
                | '】'
                | '…'
                | '—'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::shipped().unwrap());
    static DICTIONARY: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::shipped().unwrap());

    #[test]
    fn an_unknown_section_is_an_error_naming_file_and_line() {
        let asset = AssetText {
            path: "r.txt",
            text: "[lead.verb]\n召开\n[lead.verbs]\n举行\n",
        };
        let err = Rules::parse(asset).unwrap_err();
        assert_eq!(err.to_string(), "unknown section [lead.verbs]: r.txt:3");
    }
    use EntityKind::*;

    fn span(start: usize, end: usize, kind: EntityKind) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

    /// Runs the rules on `text` with model spans given as (surface, kind), found left to right.
    fn run(text: &str, model: &[(&str, EntityKind)]) -> Vec<(String, EntityKind)> {
        run_on(text, model, None)
    }

    /// [`run`] with the tagger's dictionary and cue lists, as the entity builder calls the rules.
    fn run_with_lexicon(text: &str, model: &[(&str, EntityKind)]) -> Vec<(String, EntityKind)> {
        run_on(text, model, Some(&DICTIONARY))
    }

    fn run_on(
        text: &str,
        model: &[(&str, EntityKind)],
        lexicon: Option<&Lexicon>,
    ) -> Vec<(String, EntityKind)> {
        let chars: Vec<char> = text.chars().collect();
        let mut spans = Vec::new();
        let mut from = 0;
        for (surface, kind) in model {
            let s: Vec<char> = surface.chars().collect();
            let at = (from..chars.len())
                .find(|&i| chars[i..].starts_with(&s))
                .expect("model surface occurs in the text");
            spans.push(span(at, at + s.len(), *kind));
            from = at + s.len();
        }
        RULES
            .apply(&chars, &spans, lexicon)
            .into_iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.kind))
            .collect()
    }

    fn has(found: &[(String, EntityKind)], name: &str, kind: EntityKind) -> bool {
        found.iter().any(|(n, k)| n == name && *k == kind)
    }

    #[test]
    fn a_name_inside_a_word_that_holds_none_is_none() {
        assert_eq!(run("推进南水北调后续工程", &[("南水", Loc)]), vec![]);
        assert_eq!(run("党的十八届三中全会精神", &[("三中", Org)]), vec![]);
        // The first of a list of such words sharing their end.
        assert_eq!(
            run(
                "十八届二中、三中、四中全会精神",
                &[("二中", Org), ("三中", Org)]
            ),
            vec![]
        );
        assert_eq!(
            run("北京二中、三中的学生", &[("北京二中", Org), ("三中", Org)]),
            vec![("北京二中".to_string(), Org), ("三中".to_string(), Org)]
        );
        // A name running into such a word ends where it starts.
        assert_eq!(
            run("中共二十届四中全会在北京召开", &[("中共二十届四中", Org)]),
            vec![("中共二十届".to_string(), Org)]
        );
        // Only inside the word: the school and the place stand.
        assert_eq!(
            run("北京四中的学生", &[("北京四中", Org)]),
            vec![("北京四中".to_string(), Org)]
        );
        assert_eq!(
            run("南水北调中线工程在河南", &[("南水", Loc), ("河南", Loc)]),
            vec![("河南".to_string(), Loc)]
        );
    }

    #[test]
    fn a_span_of_punctuation_or_symbols_alone_is_no_name() {
        for (text, surface) in [("据·?·报道", "·?·"), ("据※★报道", "※★"), ("·♦·说", "·♦·")]
        {
            assert_eq!(run(text, &[(surface, Per)]), vec![], "{text}");
        }
        assert_eq!(
            run("据·李强·报道", &[("·李强·", Per)]),
            vec![("李强".to_string(), Per)]
        );
    }

    #[test]
    fn titles_in_brackets_are_works_and_hide_the_names_inside() {
        let text = "2012年，中共中央办公厅印发《关于加强和改进非公有制企业党建工作的意见》。";
        let found = run(text, &[("中共中央办公厅", Org)]);
        assert!(
            has(&found, "关于加强和改进非公有制企业党建工作的意见", Work),
            "{found:?}"
        );
        assert!(has(&found, "中共中央办公厅", Org));
        let found = run("据英国《金融时报》报道", &[("英国《金融时报", Org)]);
        assert_eq!(found, vec![("金融时报".to_string(), Work)]);
        // An unclosed bracket is no work.
        assert!(run("《未完", &[]).is_empty());
    }

    #[test]
    fn spacecraft_take_stems_numerals_and_hao() {
        let text = "神舟十八号载人飞船返回舱4日在东风着陆场成功着陆，长征五号遥八运载火箭和天舟七号货运飞船";
        let found = run(text, &[("东风着陆场", Loc)]);
        for name in ["神舟十八号", "长征五号遥八", "天舟七号"] {
            assert!(has(&found, name, Craft), "{name} in {found:?}");
        }
        let found = run("问天实验舱与天和核心舱对接，长征二号F遥十八火箭", &[]);
        for name in ["问天实验舱", "天和核心舱", "长征二号F遥十八"] {
            assert!(has(&found, name, Craft), "{name} in {found:?}");
        }
        // A quoted vehicle name.
        let found = run("“奋斗者”号全海深载人潜水器和“祝融号”火星车", &[]);
        assert!(has(&found, "奋斗者", Craft), "{found:?}");
        assert!(has(&found, "祝融号", Craft), "{found:?}");
        // A stem that is an everyday word stays one without numeral and 号.
        assert!(run("红军长征胜利", &[]).is_empty());
        assert!(run("“一号”文件", &[]).is_empty());
        assert!(run("在问天阁举行", &[]).is_empty());
    }

    #[test]
    fn facilities_join_the_name_before_their_suffix() {
        let found = run("在酒泉卫星发射中心点火发射", &[("酒泉", Loc)]);
        assert_eq!(found, vec![("酒泉卫星发射中心".to_string(), Facility)]);
        // The model found nothing: a site of the space programme takes the two characters
        // before it after a preposition; a common suffix does not.
        let found = run("返回舱在东风着陆场成功着陆", &[]);
        assert_eq!(found, vec![("东风着陆场".to_string(), Facility)]);
        assert!(run("他们参观了新建博物馆", &[]).is_empty());
        assert!(run("返回舱已在着陆场", &[]).is_empty());
        // The model took it whole as a place: retyped.
        let found = run("在东风着陆场成功着陆", &[("东风着陆场", Loc)]);
        assert_eq!(found, vec![("东风着陆场".to_string(), Facility)]);
        let found = run("抵达北京大兴国际机场", &[("北京", Loc), ("大兴", Loc)]);
        assert_eq!(found, vec![("北京大兴国际机场".to_string(), Facility)]);
        // 香港 ends in 港 but is a place; 酒泉 alone stays a place.
        let found = run("香港和酒泉", &[("香港", Loc), ("酒泉", Loc)]);
        assert_eq!(
            found,
            vec![("香港".to_string(), Loc), ("酒泉".to_string(), Loc)]
        );
        // A place ending in a one-character suffix stays a place.
        assert_eq!(
            run("连云港", &[("连云港", Loc)]),
            vec![("连云港".to_string(), Loc)]
        );
        // 天津港 is a facility, 天津港口 is not.
        assert!(has(
            &run("天津港吞吐量", &[("天津", Loc)]),
            "天津港",
            Facility
        ));
        assert!(has(&run("天津港口", &[("天津", Loc)]), "天津", Loc));
        // A one-character place before a one-character suffix is a pair of places (沪|港).
        let found = run("今后沪港两地合作", &[("沪", Loc), ("港", Loc)]);
        assert!(found.iter().all(|(_, k)| *k == Loc), "{found:?}");
        // An organization before a suffix is not a facility's name (…有限公司 + 铁路科学).
        let found = run("集团有限公司铁路科学", &[("集团有限公司", Org)]);
        assert!(found.iter().all(|(_, k)| *k != Facility), "{found:?}");
    }

    #[test]
    fn events_end_in_event_suffixes() {
        let text = "来华出席第七届中国国际进口博览会的哈萨克斯坦总理";
        let found = run(text, &[("中国", Loc), ("哈萨克斯坦", Loc)]);
        assert!(has(&found, "中国国际进口博览会", NamedEvent), "{found:?}");
        assert!(has(&found, "哈萨克斯坦", Loc));
        assert!(!has(&found, "中国", Loc));
        let found = run("出席二十国集团领导人峰会", &[]);
        assert!(has(&found, "二十国集团领导人峰会", NamedEvent), "{found:?}");
        let found = run("博鳌亚洲论坛年会开幕", &[("博鳌", Loc), ("亚洲", Loc)]);
        assert!(
            has(&found, "博鳌亚洲论坛年会", NamedEvent) || has(&found, "博鳌亚洲论坛", NamedEvent)
        );
        // A weak suffix needs a name or an ordinal: 表彰大会 is no named event.
        assert!(run("召开表彰大会", &[]).is_empty());
        assert!(has(
            &run("第七届世界互联网大会", &[]),
            "世界互联网大会",
            NamedEvent
        ));
        // The model's organization ending in a strong suffix is the event; a weak one stays.
        let found = run("出席南美洲国家联盟峰会", &[("南美洲国家联盟峰会", Org)]);
        assert_eq!(found, vec![("南美洲国家联盟峰会".to_string(), NamedEvent)]);
        let found = run("全国人民代表大会", &[("全国人民代表大会", Org)]);
        assert_eq!(found, vec![("全国人民代表大会".to_string(), Org)]);
        // Words before the first name are cut off; an ordinal keeps what follows it.
        let found = run("热情支持北京冬奥会", &[("北京", Loc)]);
        assert!(has(&found, "北京冬奥会", NamedEvent), "{found:?}");
        let found = run("出席第二届联合国全球可持续交通大会", &[("联合国", Org)]);
        assert!(
            has(&found, "联合国全球可持续交通大会", NamedEvent),
            "{found:?}"
        );
        // Another event's 会 ends the scan; a measure word is no part of a name.
        let found = run("北京冬奥会冬残奥会总结表彰大会", &[("北京", Loc)]);
        assert!(has(&found, "北京冬奥会", NamedEvent), "{found:?}");
        assert!(
            found.iter().all(|(n, _)| !n.ends_with("表彰大会")),
            "{found:?}"
        );
        let found = run("北京申办2022冬奥会", &[("北京", Loc)]);
        assert!(has(&found, "冬奥会", NamedEvent), "{found:?}");
        let found = run("夺得奥运会金牌", &[("夺得奥运会", Org)]);
        assert_eq!(found, vec![("奥运会".to_string(), NamedEvent)]);
        let found = run("获得第17枚奥运会金牌", &[]);
        assert_eq!(found, vec![("奥运会".to_string(), NamedEvent)]);
        // A verb before the name is cut off.
        let found = run("推动中国国际进口博览会", &[("中国", Loc)]);
        assert!(has(&found, "中国国际进口博览会", NamedEvent), "{found:?}");
        assert!(has(
            &run(
                "2023中国科幻大会在成都开幕",
                &[("中国", Loc), ("成都", Loc)]
            ),
            "中国科幻大会",
            NamedEvent
        ));
        // A one-character name does not make a weak suffix an event.
        let found = run("泰政府召集改革论坛", &[("泰", Loc)]);
        assert!(found.iter().all(|(_, k)| *k != NamedEvent), "{found:?}");
    }

    #[test]
    fn event_short_forms_stand_alone() {
        let found = run("李强同进博会参展商代表座谈", &[("李强", Per)]);
        assert!(has(&found, "进博会", NamedEvent), "{found:?}");
        assert!(has(
            &run("杭州亚运会开幕", &[("杭州", Loc)]),
            "杭州亚运会",
            NamedEvent
        ));
        assert!(has(&run("服贸会上签约", &[]), "服贸会", NamedEvent));
        // 会 as a verb or in 会议 is no event.
        assert!(run("博会议", &[]).is_empty());
        assert!(run("他们会运会", &[]).iter().all(|(n, _)| n != "们会运"));
    }

    #[test]
    fn event_short_forms_are_derived_from_full_names() {
        let r = &*RULES;
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        for (short, long) in [
            ("进博会", "中国国际进口博览会"),
            ("服贸会", "中国国际服务贸易交易会"),
            ("消博会", "中国国际消费品博览会"),
            ("世博会", "世界博览会"),
            ("亚运会", "亚洲运动会"),
            ("冬奥会", "冬季奥林匹克运动会"),
            ("链博会", "中国国际供应链促进博览会"),
        ] {
            assert!(r.abbreviates_event(&c(short), &c(long)), "{short} {long}");
        }
        for (short, long) in [
            // The scope word is no part of the short form.
            ("中博会", "中国国际进口博览会"),
            ("世博会", "世界互联网博览会"),
            ("进博会", "中国国际进口交易会"),
            ("亚运会", "亚洲运动"),
        ] {
            assert!(!r.abbreviates_event(&c(short), &c(long)), "{short} {long}");
        }
    }

    #[test]
    fn lists_typed_as_companies_name_organizations() {
        let found = run(
            "新思科技、蔡司医疗、海克斯康、默沙东、小米等企业负责人出席。",
            &[("蔡司", Org), ("海克斯康", Loc), ("默沙东", Per)],
        );
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["新思科技", "蔡司医疗", "海克斯康", "默沙东", "小米"]
        );
        assert!(found.iter().all(|(_, k)| *k == Org));
        // A count and a modifier may stand between 等 and the head; a lead word is cut.
        let found = run("包括华为、中兴等3家国内企业", &[]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "华为");
        // Most items people: the head types the people's employer, not them.
        let found = run(
            "，张三、李四、王五等企业负责人",
            &[("张三", Per), ("李四", Per)],
        );
        assert!(found.iter().all(|(_, k)| *k == Per), "{found:?}");
        // Not a type of organization after 等, or a verb in between: nothing.
        assert!(run("，北京、上海等地", &[]).is_empty());
        assert!(run("，党员出资人、高管等担任企业党组织书记", &[]).is_empty());
        // The first item starts at the name the model found at its end.
        let found = run(
            "，加强与其他多边开发银行、亚洲开发银行等银行合作",
            &[("多边开发银行", Org)],
        );
        assert_eq!(found[0].0, "多边开发银行");
    }

    #[test]
    fn an_organization_starts_after_a_preposition_standing_alone() {
        let org = |name: &str| vec![(name.to_string(), Org)];
        assert_eq!(
            run_with_lexicon("本措施由生态环境部负责解释", &[("本措施由生态环境部", Org)]),
            org("生态环境部")
        );
        // Inside a word the character stays: 自由党, 对外友好协会.
        assert_eq!(
            run_with_lexicon("奥地利自由党领导人", &[("奥地利自由党", Org)]),
            org("奥地利自由党")
        );
        assert_eq!(
            run_with_lexicon("中国人民对外友好协会会长", &[("中国人民对外友好协会", Org)]),
            org("中国人民对外友好协会")
        );
    }

    #[test]
    fn the_model_s_spans_are_cleaned() {
        let found = run("推进行业协会商会深化改革", &[("推进行业协会商会", Org)]);
        assert_eq!(found, vec![("行业协会商会".to_string(), Org)]);
        let found = run("行业协会商会党建工作", &[("行业协会商会党", Org)]);
        assert_eq!(found, vec![("行业协会商会".to_string(), Org)]);
        // A bare role is no person; one character is no person.
        assert!(run("党员出资人、高管等担任", &[("高管", Per)]).is_empty());
        assert!(run("黄说", &[("黄", Per)]).is_empty());
        // A class noun alone is no name.
        assert!(run("空间站", &[("空间站", Loc)]).is_empty());
        // 联合国 is a dictionary name and stays; 委员会 goes.
        assert_eq!(
            run_with_lexicon("在联合国、委员会", &[("联合国", Org), ("委员会", Org)]),
            vec![("联合国".to_string(), Org)]
        );
        // Edge punctuation goes, unless the name holds its partner.
        let found = run("，“新华社”，", &[("，“新华社”，", Org)]);
        assert_eq!(found, vec![("新华社".to_string(), Org)]);
        let found = run("由“青岛”号驱逐舰", &[("“青岛”号驱逐舰", Org)]);
        assert_eq!(found, vec![("“青岛”号驱逐舰".to_string(), Org)]);
        let found = run("中国长江航运（集团）。", &[("中国长江航运（集团）", Org)]);
        assert_eq!(found, vec![("中国长江航运（集团）".to_string(), Org)]);
        // Fragments of Latin words are no names; capitalised ones are.
        assert!(run("an Article here", &[("Articl", Org)]).is_empty());
        assert!(run("the dateline", &[("dateline", Org)]).is_empty());
        assert_eq!(
            run("IMF称", &[("IMF", Org)]),
            vec![("IMF".to_string(), Org)]
        );
        // A span across a sentence boundary is no name.
        assert!(run("发展。行业", &[("发展。行业", Org)]).is_empty());
        // Punctuation is trimmed off the edges.
        assert_eq!(
            run("“北京”", &[("“北京”", Loc)]),
            vec![("北京".to_string(), Loc)]
        );
    }

    /// `unit` repeated `n` times with the model's spans of each copy (surface, kind) in order.
    fn repeated(unit: &str, model: &[(&str, EntityKind)], n: usize) -> Vec<(String, EntityKind)> {
        let text = unit.repeat(n);
        let model: Vec<(&str, EntityKind)> = (0..n).flat_map(|_| model.iter().copied()).collect();
        run(&text, &model)
    }

    #[test]
    fn rules_read_every_copy_of_a_repeated_text() {
        let n = 200;
        let found = repeated("在酒泉卫星发射中心，", &[("酒泉", Loc)], n);
        assert_eq!(found, vec![("酒泉卫星发射中心".to_string(), Facility); n]);
        let found = repeated("抵达北京大兴国际机场，", &[("北京", Loc), ("大兴", Loc)], n);
        assert_eq!(found, vec![("北京大兴国际机场".to_string(), Facility); n]);
        let found = repeated("出席第七届中国国际进口博览会，", &[("中国", Loc)], n);
        assert_eq!(
            found,
            vec![("中国国际进口博览会".to_string(), NamedEvent); n]
        );
        let found = repeated("，华为、中兴等企业", &[("华为", Loc)], n);
        let pair = [("华为".to_string(), Org), ("中兴".to_string(), Org)];
        assert_eq!(
            found,
            pair.iter().cycle().take(2 * n).cloned().collect::<Vec<_>>()
        );
        let found = repeated("《人民日报》记者", &[("人民日报", Org)], n);
        assert_eq!(found, vec![("人民日报".to_string(), Work); n]);
    }

    #[test]
    fn a_list_of_more_than_the_most_items_is_no_list() {
        let list = |n: usize| {
            let items: Vec<String> = (0..n).map(|i| format!("公司{i:02}")).collect();
            run(&format!("，{}等企业", items.join("、")), &[])
        };
        assert_eq!(list(64).len(), 64);
        assert!(list(65).is_empty());
    }

    #[test]
    fn of_overlapping_model_spans_the_first_is_kept() {
        let chars: Vec<char> = "他在北京大学读书".chars().collect();
        let spans = [span(2, 6, Org), span(2, 4, Loc), span(3, 6, Org)];
        assert_eq!(RULES.apply(&chars, &spans, None), vec![span(2, 4, Loc)]);
    }

    #[test]
    fn names_keep_no_dangling_dot_or_bracketed_aside() {
        let per = |name: &str| vec![(name.to_string(), Per)];
        // A dot at an edge dangles; people's spans on either side of one are one name.
        assert_eq!(run("人士查理·柯克遭", &[("·柯克", Per)]), per("柯克"));
        assert_eq!(
            run("人士查理·柯克遭", &[("查理", Per), ("·柯克", Per)]),
            per("查理·柯克")
        );
        assert_eq!(
            run("劳尔·卡斯特罗出席", &[("劳尔·卡斯特罗", Per)]),
            per("劳尔·卡斯特罗")
        );
        assert_eq!(
            run("是埃斯特万·圣地亚哥", &[("埃斯特万·", Per)]),
            per("埃斯特万")
        );
        assert_eq!(
            run("合作······习近平在", &[("······习近平", Per)]),
            per("习近平")
        );
        // A bracketed aside opening a span belongs to the word before it.
        assert!(run("赴南苏丹(朱巴)维和", &[("(朱巴)维", Per)]).is_empty());
        // One closing a span goes, unless it holds a class word of the name.
        assert_eq!(
            run_with_lexicon("市场监管总局(标准委)发布", &[("市场监管总局(标准委)", Org)]),
            vec![("市场监管总局".to_string(), Org)]
        );
        assert_eq!(
            run_with_lexicon("中国长江航运（集团）。", &[("中国长江航运（集团）", Org)]),
            vec![("中国长江航运（集团）".to_string(), Org)]
        );
        // A rule span scanned back to a dot starts after it.
        assert!(has(
            &run("世界互联网大会·乌镇峰会将举行", &[("乌镇", Loc)]),
            "乌镇峰会",
            NamedEvent
        ));
    }

    #[test]
    fn a_generic_head_after_common_words_is_no_name() {
        for bare in ["行业协会商会", "政务服务站", "专家小组"] {
            let text = format!("推动{bare}发展");
            assert!(run_with_lexicon(&text, &[(bare, Org)]).is_empty(), "{bare}");
        }
        // A place, an abbreviation, a scope word or an institution is a proper part.
        for name in [
            "北京市社区服务站",
            "中日友好协会",
            "国家安全小组",
            "公安部工作组",
        ] {
            let text = format!("推动{name}发展");
            assert_eq!(
                run_with_lexicon(&text, &[(name, Org)]),
                vec![(name.to_string(), Org)],
                "{name}"
            );
        }
    }

    #[test]
    fn a_person_is_a_place_only_if_the_dictionary_and_the_ending_agree() {
        assert_eq!(
            run_with_lexicon("普京会见", &[("普京", Per)]),
            vec![("普京".to_string(), Per)]
        );
        assert_eq!(
            run_with_lexicon("游览黄山时", &[("黄山", Per)]),
            vec![("黄山".to_string(), Loc)]
        );
    }

    #[test]
    fn an_organization_containing_an_event_stays() {
        let found = run("中国国际进口博览会局", &[("中国国际进口博览会局", Org)]);
        assert_eq!(found, vec![("中国国际进口博览会局".to_string(), Org)]);
    }

    #[test]
    fn every_section_of_the_shipped_lexicons_is_read() {
        let r = &*RULES;
        assert!(!r.craft_numbered.is_empty());
        assert!(!r.craft_standalone.is_empty());
        assert!(!r.craft_module.is_empty());
        assert!(!r.craft_vehicle.is_empty());
        assert!(!r.facility_suffix.is_empty());
        assert!(!r.facility_modifier.is_empty());
        assert!(!r.facility_not_after.is_empty());
        assert!(!r.facility_named.is_empty());
        assert!(!r.list_org_head.is_empty());
        assert!(!r.list_org_modifier.is_empty());
        assert!(!r.list_lead.is_empty());
        assert!(r.event_suffix.iter().any(|s| s.1) && r.event_suffix.iter().any(|s| !s.1));
        assert!(!r.event_abbreviation.is_empty());
        assert!(!r.event_not_after.is_empty());
        assert!(!r.event_stop.is_empty());
        assert!(!r.event_stop_word.is_empty());
        assert!(!r.lead_verb.is_empty());
        assert!(!r.org_generic_head.is_empty());
        assert!(!r.org_scope.is_empty());
        assert!(!r.lead_preposition.is_empty());
        assert!(!r.inner_preposition.is_empty());
        assert!(!r.tail_split.is_empty());
        assert!(!r.per_not_name.is_empty());
        assert!(!r.holding_words.is_empty());
    }
}
