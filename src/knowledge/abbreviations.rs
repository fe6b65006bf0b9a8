//! One-character place abbreviations in running text (中 美 京 沪 …): where the tagger's mark of
//! such a character is a mention of its place, and where a run of them is one region.
//!
//! A mark counts only where the text licenses it (`assets/entities/abbreviation_contexts.txt`):
//! in a pair or list of abbreviations of different places (中美, 中俄关系, 京津冀, 英、法、俄; with a
//! state the table does not list only before a word of relations: 中赞关系, 厄中两国),
//! before a word naming its side (中方, 美方面), before a head that makes it the state's (俄军,
//! 叙政府), or after a verb that takes a place (访华, 驻华, 在京). No licence holds where it
//! overlaps an ordinary word holding the character (学贯中西, 中西部, 华侨, 抗美援朝), after a
//! numeral (28日), or in a run that goes on into a full place name (大美|中国). A licensed list
//! counts all its members, also those the tagger left out (京津冀: 冀 too).
//!
//! A run of abbreviations of different places followed by a region word (高原, 地区, 大湾区) is one
//! place, not its members: 青藏高原, 京津冀地区, 粤港澳大湾区.

use super::entity_lexicon::EntityLexicon;
use crate::extract::ner::{EntityKind, EntitySpan};
use crate::extract::rules::is_numeral;
use crate::lexicon::{AssetText, LexiconError, Sections};
use crate::text::is_han;
use std::collections::HashSet;

/// The sections of `abbreviation_contexts.txt`.
const SECTIONS: [&str; 8] = [
    "side",
    "relation",
    "head",
    "before",
    "not_abbreviation",
    "region",
    "region_name",
    "pair_reading",
];

/// The longest run of abbreviations looked at on either side of a character (京津冀晋鲁豫…):
/// bounds the work per mark on any input.
const MAX_RUN: usize = 8;

/// The contexts that license an abbreviation, parsed. Word lists are longest first.
#[derive(Debug, Clone, Default)]
pub struct AbbreviationContexts {
    side: Vec<Vec<char>>,
    relation: Vec<Vec<char>>,
    head: Vec<Vec<char>>,
    before: HashSet<char>,
    not_abbreviation: Vec<Vec<char>>,
    region: Vec<Vec<char>>,
    /// Regions named by abbreviations, places wherever written (长三角, 江浙沪).
    region_name: Vec<Vec<char>>,
    /// The longest word of `not_abbreviation`.
    longest_word: usize,
    /// Partners that decide an ambiguous abbreviation in a pair (以巴, 巴以: 巴勒斯坦): the
    /// partner, the ambiguous character and its place there.
    pair_readings: Vec<(char, char, String)>,
}

impl AbbreviationContexts {
    /// Whether a word of relations between states (关系, 合作, 两国) starts at `chars[at]`.
    fn relation_at(&self, chars: &[char], at: usize) -> bool {
        self.relation.iter().any(|w| chars[at..].starts_with(w))
    }

    /// Parses the `[side]`, `[head]`, `[before]`, `[not_abbreviation]` and `[region]` lists.
    pub fn parse(asset: AssetText) -> Result<AbbreviationContexts, LexiconError> {
        let sections = Sections::parse(asset, &SECTIONS)?;
        let words = |name: &str| -> Vec<Vec<char>> {
            let mut v: Vec<Vec<char>> = sections
                .words(name)
                .iter()
                .map(|w| w.chars().collect())
                .collect();
            v.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            v.dedup();
            v
        };
        let not_abbreviation = words("not_abbreviation");
        Ok(AbbreviationContexts {
            side: words("side"),
            relation: words("relation"),
            head: words("head"),
            before: words("before")
                .iter()
                .filter_map(|w| w.first().copied())
                .collect(),
            longest_word: not_abbreviation.first().map_or(0, Vec::len),
            not_abbreviation,
            region: words("region"),
            region_name: words("region_name"),
            pair_readings: sections
                .words("pair_reading")
                .iter()
                .map(|item| {
                    parse_pair_reading(item).map_err(|message| {
                        let line = asset.text.lines().position(|l| l.contains(item.as_str()));
                        LexiconError::new(asset.path, line.map_or(0, |l| l + 1), message)
                    })
                })
                .collect::<Result<_, _>>()?,
        })
    }
}

/// One `[pair_reading]` item: `以巴=巴勒斯坦`, the second character read as the place beside
/// the first.
fn parse_pair_reading(item: &str) -> Result<(char, char, String), String> {
    let bad = || format!("`{item}` is not two different characters, `=` and a place");
    let (pair, place) = item.split_once('=').ok_or_else(bad)?;
    let chars: Vec<char> = pair.chars().collect();
    match chars[..] {
        [partner, ambiguous] if partner != ambiguous && !place.is_empty() => {
            Ok((partner, ambiguous, place.to_string()))
        }
        _ => Err(bad()),
    }
}

/// Applies the abbreviation rules to one text's spans: runs before a region word become one
/// place, a licensed list gains the members the tagger left out, and one-character places keep
/// only licensed marks.
pub(super) fn link_places(names: &EntityLexicon, chars: &[char], spans: &mut Vec<EntitySpan>) {
    compose_regions(names, chars, spans);
    add_region_names(names.abbreviation_contexts(), chars, spans);
    add_listed_bodies_and_states(names, chars, spans);
    split_lists(names, chars, spans);
    cut_heads(names, chars, spans);
    complete_lists(names, chars, spans);
    add_abbreviations_the_tagger_missed(names, chars, spans);
    spans.retain(|s| {
        s.kind != EntityKind::Loc || s.end - s.start != 1 || is_licensed(names, chars, s.start)
    });
}

/// A two-character place made of an abbreviation and the start of a head word running past it
/// (伊核|问题, 朝核|协议: the tagger's 伊核) is the abbreviation, which the head then licenses.
fn cut_heads(names: &EntityLexicon, chars: &[char], spans: &mut [EntitySpan]) {
    let heads = &names.abbreviation_contexts().head;
    for s in spans.iter_mut() {
        if s.kind == EntityKind::Loc
            && s.end - s.start == 2
            && names.is_abbreviation(chars[s.start])
            && !spells_place(names, &chars[s.start..s.end])
            // 湘西|西部 is a place and a direction.
            && !matches!(chars[s.start + 1], '东' | '西' | '南' | '北' | '中')
            && heads
                .iter()
                .any(|h| h.len() > 1 && chars[s.start + 1..].starts_with(h))
        {
            s.end = s.start + 1;
        }
    }
}

/// Whether the abbreviation at `at` names its place here.
pub(super) fn is_licensed(names: &EntityLexicon, chars: &[char], at: usize) -> bool {
    let Some(&c) = chars.get(at) else {
        return false;
    };
    if !names.is_abbreviation(c)
        || (at > 0 && is_numeral(chars[at - 1]))
        || is_direction(names, chars, at)
    {
        return false;
    }
    let contexts = names.abbreviation_contexts();
    let free = |unit: (usize, usize)| !overlaps_ordinary_word(contexts, chars, unit);
    if let Some(run) = list_around(names, chars, at)
        && free(run)
    {
        return true;
    }
    // A pair with a state the table does not list, before a word of relations between states:
    // 中赞关系, 赞中两国, 中拉论坛.
    let relation_after = |i: usize| contexts.relation_at(chars, i);
    let han = |i: usize| chars.get(i).is_some_and(|&c| is_han(c));
    // A pair that spells a state is its name (越南|总理).
    let pair = |i: usize| free((i, i + 2)) && !spells_place(names, &chars[i..i + 2]);
    if han(at + 1) && at + 2 <= chars.len() && relation_after(at + 2) && pair(at) {
        return true;
    }
    if at > 0 && han(at - 1) && relation_after(at + 1) && pair(at - 1) {
        return true;
    }
    let after = |words: &[Vec<char>]| {
        words
            .iter()
            .find(|w| chars[at + 1..].starts_with(w))
            .map(|w| (at, at + 1 + w.len()))
    };
    if let Some(unit) = after(&contexts.side).or_else(|| after(&contexts.head))
        && free(unit)
    {
        return true;
    }
    at > 0 && contexts.before.contains(&chars[at - 1]) && free((at - 1, at + 1))
}

/// The one place an ambiguous abbreviation stands for among the others of its list: the one in
/// China if they are all in China (港澳: 澳门), the one abroad if they are all abroad (中澳 —
/// 中国 counts as abroad to the provinces: 澳大利亚). `None` if the list does not decide.
pub(super) fn reading_in_list<'a>(
    names: &'a EntityLexicon,
    chars: &[char],
    at: usize,
) -> Option<&'a str> {
    let c = *chars.get(at)?;
    let own = names.places_of(c);
    if own.len() < 2 {
        return None;
    }
    let (start, end) = list_around(names, chars, at)?;
    // A partner that decides the reading: 以巴, 巴以 (巴勒斯坦).
    let decided =
        names
            .abbreviation_contexts()
            .pair_readings
            .iter()
            .find(|(partner, ambiguous, place)| {
                *ambiguous == c && own.contains(place) && chars[start..end].contains(partner)
            });
    if let Some((_, _, place)) = decided {
        return Some(place);
    }
    let mut scopes = (start..end)
        .filter(|&i| i != at && chars[i] != '、')
        .map(|i| {
            let places = names.places_of(chars[i]);
            let china = places.iter().filter(|p| names.is_in_china(p)).count();
            match china {
                0 => Some(false),
                n if n == places.len() => Some(true),
                _ => None,
            }
        });
    let first = scopes.next()??;
    if !scopes.all(|s| s == Some(first)) {
        return None;
    }
    let mut fitting = own.iter().filter(|p| names.is_in_china(p) == first);
    match (fitting.next(), fitting.next()) {
        (Some(place), None) => Some(place),
        _ => None,
    }
}

/// The run of abbreviations holding `at` if it names at least two different places: adjacent
/// characters (中美, 京津冀) or one-character items between 、 (英、法、俄).
fn list_around(names: &EntityLexicon, chars: &[char], at: usize) -> Option<(usize, usize)> {
    let (start, end) = adjacent_run(names, chars, at);
    if end - start >= 2 {
        return (several_places(names, chars[start..end].iter().copied())
            && !spells_place(names, &chars[start..end]))
        .then_some((start, end));
    }
    // A list with 、: one-character items, each but the first after a 、 (继美、法、俄: the first
    // may follow any word); an item ends the word (英语、俄语 is no list).
    let item = |i: usize| {
        chars.get(i).is_some_and(|&c| names.is_abbreviation(c))
            && chars
                .get(i + 1)
                .is_none_or(|&n| !is_han(n) || n == '、' || LIST_CLOSERS.contains(&n))
    };
    if !item(at) {
        return None;
    }
    let mut items = vec![at];
    let mut i = at;
    while items.len() <= MAX_RUN && i >= 2 && chars[i - 1] == '、' && item(i - 2) {
        i -= 2;
        items.push(i);
    }
    let first = i;
    i = at;
    while items.len() <= MAX_RUN && chars.get(i + 1) == Some(&'、') && item(i + 2) {
        i += 2;
        items.push(i);
    }
    (items.len() >= 2 && several_places(names, items.iter().map(|&i| chars[i])))
        .then_some((first, i + 1))
}

/// Characters that may follow the last item of a list of one-character abbreviations (英、法、俄等,
/// 中、俄两国, 美、法、俄、日之后).
const LIST_CLOSERS: [char; 13] = [
    '等', '两', '三', '四', '五', '六', '七', '八', '九', '十', '各', '双', '之',
];

/// The adjacent abbreviations around `at`, at most [`MAX_RUN`] on each side. A run takes no
/// direction (滇|西, 黎|南部) and stops where a listed ordinary word ends before it (参加|中俄) or
/// begins after it (中美|加强, 美|西方), and before a full place name (大美|中国).
fn adjacent_run(names: &EntityLexicon, chars: &[char], at: usize) -> (usize, usize) {
    let contexts = names.abbreviation_contexts();
    let mut start = at;
    while start > 0
        && at - start < MAX_RUN
        && names.is_abbreviation(chars[start - 1])
        && !is_direction(names, chars, start - 1)
        && !ordinary_word_at(contexts, chars, start - 1, Edge::Ends)
    {
        start -= 1;
    }
    let mut end = at + 1;
    while end < chars.len()
        && end - at <= MAX_RUN
        && names.is_abbreviation(chars[end])
        && !is_direction(names, chars, end)
        && !ordinary_word_at(contexts, chars, end, Edge::Begins)
        && !names.begins_place_name(&chars[end..])
    {
        end += 1;
    }
    (start, end)
}

/// Which edge of a word lies at a position.
#[derive(Clone, Copy, PartialEq)]
enum Edge {
    Begins,
    Ends,
}

/// Whether a listed ordinary word begins (or ends) at `i`.
fn ordinary_word_at(contexts: &AbbreviationContexts, chars: &[char], i: usize, edge: Edge) -> bool {
    contexts.not_abbreviation.iter().any(|w| match edge {
        Edge::Begins => chars[i..].starts_with(w),
        Edge::Ends => i + 1 >= w.len() && chars[..=i].ends_with(w),
    })
}

/// Whether the character at `i` is a direction rather than a place (西 Spain, 南 South Africa, 中
/// China are also directions): before 部 (黎南部, 中西部 — also across a second direction),
/// within a compound direction (西南, 西北), or after a place in China (滇西, 皖南, 陕西).
fn is_direction(names: &EntityLexicon, chars: &[char], i: usize) -> bool {
    const AMBIGUOUS: [char; 3] = ['西', '南', '中'];
    const COMPASS: [char; 4] = ['东', '西', '南', '北'];
    let c = chars[i];
    if !AMBIGUOUS.contains(&c) {
        return false;
    }
    let next = chars.get(i + 1).copied();
    let prev = i.checked_sub(1).map(|p| chars[p]);
    let in_china = |p: char| {
        let places = names.places_of(p);
        !places.is_empty() && places.iter().all(|place| names.is_in_china(place))
    };
    next == Some('部')
        || (next.is_some_and(|n| COMPASS.contains(&n)) && chars.get(i + 2) == Some(&'部'))
        || (c != '中' && next.is_some_and(|n| COMPASS.contains(&n) && n != c))
        || (c != '中' && prev.is_some_and(|p| COMPASS.contains(&p) && p != c))
        || prev.is_some_and(in_china)
}

/// Whether the abbreviations name at least two different places (中华 names one).
fn several_places(names: &EntityLexicon, mut cs: impl Iterator<Item = char>) -> bool {
    let Some(first) = cs.next() else {
        return false;
    };
    let first = names.places_of(first);
    cs.any(|c| names.places_of(c) != first)
}

/// Whether `run` spells a listed state or place (越南, 南非), which no abbreviations make up.
fn spells_place(names: &EntityLexicon, run: &[char]) -> bool {
    names.is_listed_place(&run.iter().collect::<String>())
}

/// Whether a listed ordinary word overlaps `chars[unit.0..unit.1]`.
fn overlaps_ordinary_word(
    contexts: &AbbreviationContexts,
    chars: &[char],
    (start, end): (usize, usize),
) -> bool {
    let from = start.saturating_sub(contexts.longest_word.saturating_sub(1));
    (from..end.min(chars.len())).any(|p| {
        contexts
            .not_abbreviation
            .iter()
            .any(|w| p + w.len() > start && chars[p..].starts_with(w))
    })
}

/// A run of abbreviations of different places that the tagger marked as such, followed by a
/// region word, becomes one place (青|藏|高原 → 青藏高原, 粤港澳大湾|区 → 粤港澳大湾区). The
/// tagger's marks must be single characters, or one span from the run's start of at least three
/// characters (so 宁德地区, a city's, stays as tagged), besides places inside the region word
/// (粤港澳|大湾|区); a span reaching past the region keeps the text (粤港澳大湾区建设领导小组).
fn compose_regions(names: &EntityLexicon, chars: &[char], spans: &mut Vec<EntitySpan>) {
    let contexts = names.abbreviation_contexts();
    let mut regions: Vec<EntitySpan> = Vec::new();
    for s in spans.iter().filter(|s| s.kind == EntityKind::Loc) {
        if regions.last().is_some_and(|r| r.end > s.start) {
            continue;
        }
        // The run starts at the first mark (穿越|粤港澳大湾区).
        let start = s.start;
        let mut end = adjacent_run(names, chars, start).1;
        // A span over the run and on into the region word (粤港澳大湾) ends the run where it is.
        while end < s.end && names.is_abbreviation(chars[end]) {
            end += 1;
        }
        let run = &chars[start..end];
        if run.len() < 2
            || !several_places(names, run.iter().copied())
            || names.is_abbreviated_place(&run.iter().collect::<String>())
            || overlaps_ordinary_word(contexts, chars, (start, end))
        {
            continue;
        }
        let Some(region) = contexts.region.iter().find(|w| chars[end..].starts_with(w)) else {
            continue;
        };
        let place = EntitySpan {
            start,
            end: end + region.len(),
            kind: EntityKind::Loc,
        };
        let marked_as_abbreviations = overlapping(spans, place.start, place.end).iter().all(|t| {
            t.kind == EntityKind::Loc
                && t.start >= place.start
                && t.end <= place.end
                && (t.end - t.start == 1
                    || (t.start == start && t.end - t.start >= 3)
                    // Part of the region word, tagged as a place of its own (粤港澳|大湾).
                    || t.start >= end)
        });
        if marked_as_abbreviations {
            regions.push(place);
        }
    }
    if regions.is_empty() {
        return;
    }
    spans.retain(|t| overlapping(&regions, t.start, t.end).is_empty());
    spans.extend(regions);
    spans.sort_unstable();
}

/// The written forms of the bodies of `aliases.tsv` (上合组织, 世卫组织, 全国人大; four
/// characters or more) are organizations, and the other forms of its states (大不列颠及北爱尔兰联合王国,
/// 大韩民国) places, wherever the tagger left them out or cut them up: a short form it never saw
/// in training (上合组织 in 联合国、上合组织、…) is still the body, a state's official name read as
/// two places (大不列颠|及|北爱尔兰联合王国) is still the state.
fn add_listed_bodies_and_states(
    names: &EntityLexicon,
    chars: &[char],
    spans: &mut Vec<EntitySpan>,
) {
    add_listed_names(chars, spans, EntityKind::Org, |i| {
        names.body_form_at(chars, i)
    });
    add_listed_names(chars, spans, EntityKind::Loc, |i| {
        names.state_form_at(chars, i)
    });
}

/// A region named by abbreviations (`region_name`: 长三角, 江浙沪) is a place wherever written.
fn add_region_names(contexts: &AbbreviationContexts, chars: &[char], spans: &mut Vec<EntitySpan>) {
    add_listed_names(chars, spans, EntityKind::Loc, |i| {
        contexts
            .region_name
            .iter()
            .find(|w| chars[i..].starts_with(w))
            .map(Vec::len)
    });
}

/// Adds a span of `kind` for each name `name_at(i)` finds (its length), left to right, a name
/// found skipping past its end, where no span crosses its edges: spans inside it (the tagger's
/// pieces of it) give way to it, a longer span holding it (粤港澳大湾区建设领导小组) keeps it.
fn add_listed_names(
    chars: &[char],
    spans: &mut Vec<EntitySpan>,
    kind: EntityKind,
    name_at: impl Fn(usize) -> Option<usize>,
) {
    let mut added = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match name_at(i) {
            Some(len)
                if overlapping(spans, i, i + len)
                    .iter()
                    .all(|t| t.start >= i && t.end <= i + len) =>
            {
                added.push(EntitySpan {
                    start: i,
                    end: i + len,
                    kind,
                });
                i += len;
            }
            _ => i += 1,
        }
    }
    if !added.is_empty() {
        spans.retain(|t| overlapping(&added, t.start, t.end).is_empty());
        spans.extend(added);
        spans.sort_unstable();
    }
}

/// Whether every character abbreviates a place in China (京 津 冀 澳, not 中 or 巴): lists of
/// such are what the tagger marks whole or in part, while a run of characters of states is as
/// often a name (奥巴马, 巴哈马).
fn all_in_china(names: &EntityLexicon, run: &[char]) -> bool {
    run.iter()
        .all(|&c| names.places_of(c).iter().any(|p| names.is_in_china(p)))
}

/// The pairs of characters a word of relations follows somewhere in `chars` (中非|合作).
fn pairs_before_relations(contexts: &AbbreviationContexts, chars: &[char]) -> HashSet<[char; 2]> {
    (2..chars.len())
        .filter(|&i| contexts.relation_at(chars, i))
        .map(|i| [chars[i - 2], chars[i - 1]])
        .collect()
}

/// A span of any model kind of three or more abbreviations of different places in China
/// that names no listed place is their list (粤港澳 → 粤 + 港 + 澳, 京津冀): each member counts.
/// Two-character spans stay, being as often a city's name (宁德, 湘西) as a pair, unless the
/// text uses them as a pair: the two characters (of different places) come before a word of
/// relations here or elsewhere in the text (中非合作 … 中非人民: 中 + 非 both times).
fn split_lists(names: &EntityLexicon, chars: &[char], spans: &mut Vec<EntitySpan>) {
    let contexts = names.abbreviation_contexts();
    let two_abbreviations = |s: &EntitySpan| {
        s.end - s.start == 2
            && chars[s.start..s.end]
                .iter()
                .all(|&c| names.is_abbreviation(c))
            && several_places(names, chars[s.start..s.end].iter().copied())
            && !spells_place(names, &chars[s.start..s.end])
            && !overlaps_ordinary_word(contexts, chars, (s.start, s.end))
    };
    let pairs = if spans.iter().any(two_abbreviations) {
        pairs_before_relations(contexts, chars)
    } else {
        HashSet::new()
    };
    let is_list = |s: &EntitySpan| {
        let run = &chars[s.start..s.end];
        if !matches!(s.kind, EntityKind::Loc | EntityKind::Org | EntityKind::Per) {
            return false;
        }
        if two_abbreviations(s) {
            return pairs.contains(&[run[0], run[1]]);
        }
        run.len() >= 3
            && run.len() <= MAX_RUN
            && all_in_china(names, run)
            && several_places(names, run.iter().copied())
            && names.canonical(&run.iter().collect::<String>()).is_none()
            && !names.is_abbreviated_place(&run.iter().collect::<String>())
            && !overlaps_ordinary_word(contexts, chars, (s.start, s.end))
    };
    if !spans.iter().any(is_list) {
        return;
    }
    let mut out = Vec::with_capacity(spans.len() + 4);
    for s in spans.iter() {
        if is_list(s) {
            out.extend((s.start..s.end).map(|i| EntitySpan {
                start: i,
                end: i + 1,
                kind: EntityKind::Loc,
            }));
        } else {
            out.push(*s);
        }
    }
    *spans = out;
}

/// The spans of `spans` (in text order, none overlapping another) that overlap `start..end`,
/// found by binary search so that no rule here is quadratic in the spans of a long text.
fn overlapping(spans: &[EntitySpan], start: usize, end: usize) -> &[EntitySpan] {
    let from = spans.partition_point(|t| t.end <= start);
    let to = spans.partition_point(|t| t.start < end).max(from);
    &spans[from..to]
}

/// A licensed list the tagger marked in part counts every member: one between 、 (哈、中、吉、俄、塔
/// with 吉 俄 塔 marked), or adjacent abbreviations of places in China (京 津 of 京津冀).
fn complete_lists(names: &EntityLexicon, chars: &[char], spans: &mut Vec<EntitySpan>) {
    let mut added: Vec<EntitySpan> = Vec::new();
    let mut done_to = 0;
    for s in spans.iter() {
        if s.kind != EntityKind::Loc || s.end - s.start != 1 || s.start < done_to {
            continue;
        }
        let Some((start, end)) = list_around(names, chars, s.start) else {
            continue;
        };
        done_to = end;
        // A list between 、 is plain (哈、中、吉、俄、塔五国); adjacent characters of states
        // are as often a name (奥巴马) or a verb (华|加征).
        let with_commas = chars[start..end].contains(&'、');
        if (!with_commas && !all_in_china(names, &chars[start..end]))
            || overlaps_ordinary_word(names.abbreviation_contexts(), chars, (start, end))
        {
            continue;
        }
        for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
            if overlapping(spans, i, i + 1).is_empty() && names.is_abbreviation(c) {
                added.push(EntitySpan {
                    start: i,
                    end: i + 1,
                    kind: EntityKind::Loc,
                });
            }
        }
    }
    if !added.is_empty() {
        added.sort_unstable();
        added.dedup();
        spans.extend(added);
        spans.sort_unstable();
    }
}

/// Heads after which a state's abbreviation opening a clause is its mention even where the
/// tagger left it out (以军称, 越方希望, 以媒称: the tagger reads 以 as a preposition), with the
/// characters after each that make an ordinary word of the head instead (以军事手段, 以方便,
/// 以媒体).
const CLAUSE_HEADS: [(&str, &str); 5] = [
    ("军方", ""),
    ("方面", ""),
    ("军", "事人民区营官港训工"),
    ("方", "便法式案略言舱阵针向位圆形块才"),
    ("媒", "体介"),
];

/// Words after which a state's abbreviation is its mention wherever it stands (解决朝核问题).
const NUCLEAR_HEADS: [&str; 6] = ["核问题", "核协议", "核危机", "核计划", "核试验", "核谈判"];

/// Verbs before which a region of China's abbreviation is its mention even where the tagger left
/// it out: 援疆工作, 援鄂医疗队, 涉港法案, 涉藏问题 (not 涉黑, 涉台湾: an ordinary word, a full
/// name).
const REGION_VERBS: [char; 2] = ['援', '涉'];

/// Abbreviations the tagger left out where the text names a place with them:
/// - a state's at the start of a clause (after punctuation, a quote, the start of the text, or a
///   verb of saying: 黎巴嫩称以军空袭) before a head of [`CLAUSE_HEADS`]; only characters that
///   abbreviate one state count (以 → 以色列, 越 → 越南; not 黑, 黑龙江 as well as 黑山 in 黑方);
/// - a state's before a word of [`NUCLEAR_HEADS`] wherever it stands (解决朝核问题);
/// - a region of China's after a verb of [`REGION_VERBS`] (援疆, 涉港).
fn add_abbreviations_the_tagger_missed(
    names: &EntityLexicon,
    chars: &[char],
    spans: &mut Vec<EntitySpan>,
) {
    let contexts = names.abbreviation_contexts();
    let mut added = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let [place] = names.places_of(c) else {
            continue;
        };
        if !overlapping(spans, i, i + 1).is_empty() {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let rest = &chars[i + 1..];
        let unit = if names.is_in_china(place) {
            prev.filter(|p| REGION_VERBS.contains(p))
                .filter(|_| !names.begins_place_name(&chars[i..]))
                .map(|_| (i - 1, i + 1))
        } else {
            let opens_clause = prev
                .is_none_or(|p| !(is_han(p) || p.is_alphanumeric()) || matches!(p, '称' | '说'));
            let spells = |word: &str| {
                rest.iter()
                    .take(word.chars().count())
                    .copied()
                    .eq(word.chars())
            };
            let nuclear = NUCLEAR_HEADS
                .iter()
                .find(|w| spells(w))
                .map(|w| (i, i + 1 + w.chars().count()));
            nuclear.or_else(|| {
                CLAUSE_HEADS
                    .iter()
                    .filter(|_| opens_clause)
                    .find_map(|(head, not_next)| {
                        let len = head.chars().count();
                        let glued = rest.get(len).is_some_and(|n| not_next.contains(*n));
                        (spells(head) && !glued).then_some((i, i + 1 + len))
                    })
            })
        };
        if let Some(unit) = unit
            && !overlaps_ordinary_word(contexts, chars, unit)
        {
            added.push(EntitySpan {
                start: i,
                end: i + 1,
                kind: EntityKind::Loc,
            });
        }
    }
    if !added.is_empty() {
        spans.extend(added);
        spans.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static NAMES: LazyLock<EntityLexicon> = LazyLock::new(|| EntityLexicon::shipped().unwrap());

    /// Whether the first `mark` in `text` is licensed.
    fn licensed(text: &str, mark: char) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let at = chars.iter().position(|&c| c == mark).unwrap();
        is_licensed(&NAMES, &chars, at)
    }

    /// The place `reading_in_list` reads the abbreviation at `at` of `text` as.
    fn reading(text: &str, at: usize) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        reading_in_list(&NAMES, &chars, at).map(str::to_string)
    }

    #[test]
    fn pairs_sides_heads_and_verbs_license_an_abbreviation() {
        assert!(licensed("推动中美关系发展", '中'));
        assert!(licensed("推动中美关系发展", '美'));
        assert!(licensed("京津冀协同发展", '冀'));
        assert!(licensed("英、法、俄等国", '法'));
        assert!(licensed("继美、法、俄、日之后", '美'));
        assert!(licensed("继美、法、俄、日之后", '日'));
        assert!(licensed("中方愿同各方一道", '中'));
        assert!(licensed("俄军在库尔斯克", '俄'));
        assert!(licensed("总统将访华", '华'));
        assert!(licensed("会议在京召开", '京'));
        assert!(licensed("推动中赞关系发展", '中'));
        assert!(licensed("厄中两国", '中'));
    }

    #[test]
    fn a_partner_decides_an_ambiguous_abbreviation() {
        assert_eq!(reading("推动巴以和谈", 2).as_deref(), Some("巴勒斯坦"));
        assert_eq!(reading("以巴冲突", 1).as_deref(), Some("巴勒斯坦"));
        // Beside another state, 巴 stays undecided.
        assert_eq!(reading("中巴关系", 1), None);
    }

    #[test]
    fn a_list_decides_between_readings_at_home_and_abroad() {
        assert_eq!(reading("粤港澳合作", 2).as_deref(), Some("澳门"));
        assert_eq!(reading("中澳关系", 1).as_deref(), Some("澳大利亚"));
        assert_eq!(reading("吉黑两省", 0).as_deref(), Some("吉林"));
        // Three states abroad start with 巴: the list does not decide.
        assert_eq!(reading("中巴关系", 1), None);
    }

    #[test]
    fn no_licence_inside_a_word_or_alone() {
        assert!(!licensed("他学贯中西", '中'));
        assert!(!licensed("中西部地区", '中'));
        assert!(!licensed("海外华侨华人", '华'));
        assert!(!licensed("中外关系", '中'));
        assert!(!licensed("抗美援朝战争", '朝'));
        assert!(!licensed("科技中心", '中'));
        assert!(!licensed("人民日报", '日'));
        assert!(!licensed("他在华为工作", '华'));
        assert!(!licensed("折中方案", '中'));
        assert!(!licensed("大美中国", '美'));
        assert!(!licensed("28日称", '日'));
        // Two characters of one place are no pair.
        assert!(!licensed("中华民族", '中'));
        // 俄 of 俄语 is no one-character item of a list.
        assert!(!licensed("英语、俄语", '俄'));
        // A run stops at a word of its own; 加 of 加征 is no Canada.
        assert!(licensed("中美加强合作", '美'));
        assert!(licensed("参加中俄联合演习", '中'));
        assert!(!licensed("对华加征关税", '加'));
        assert!(!licensed("美西方持续炒作", '西'));
        // Two characters that spell a state, or a place listed as a word, are no pair.
        assert!(!licensed("会见越南总理", '越'));
        assert!(!licensed("加沙边境冲突", '沙'));
    }

    #[test]
    fn a_direction_is_no_place() {
        assert!(!licensed("在黎南部的村庄", '南'));
        assert!(licensed("在黎南部的村庄", '黎'));
        assert!(licensed("美西部山火", '美'));
        assert!(!licensed("滇西边境", '西'));
        assert!(!licensed("叙西北部", '西'));
        assert!(!licensed("从区域看，中西部地区", '中'));
        assert!(licensed("中南关系", '南'));
        assert!(licensed("中西两国", '西'));
    }

    fn spans_of(text: &str, marks: &[(usize, usize)]) -> Vec<String> {
        let marks: Vec<_> = marks
            .iter()
            .map(|&(s, e)| (s, e, EntityKind::Loc))
            .collect();
        linked(text, &marks)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// The spans `link_places` leaves of the tagger's `marks`, with their kinds.
    fn linked(text: &str, marks: &[(usize, usize, EntityKind)]) -> Vec<(String, EntityKind)> {
        let chars: Vec<char> = text.chars().collect();
        let mut spans: Vec<EntitySpan> = marks
            .iter()
            .map(|&(start, end, kind)| EntitySpan { start, end, kind })
            .collect();
        link_places(&NAMES, &chars, &mut spans);
        spans
            .iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.kind))
            .collect()
    }

    #[test]
    fn a_run_before_a_region_word_is_one_place() {
        assert_eq!(spans_of("青藏高原生态", &[(0, 1), (1, 2)]), ["青藏高原"]);
        assert_eq!(spans_of("粤港澳大湾区建设", &[(0, 5)]), ["粤港澳大湾区"]);
        assert_eq!(
            spans_of("粤港澳大湾区轨道交通", &[(0, 3), (3, 5)]),
            ["粤港澳大湾区"]
        );
        assert_eq!(spans_of("京津冀地区", &[(0, 1), (1, 2)]), ["京津冀地区"]);
        // A city tagged whole stays the city; a lone place is no run.
        assert_eq!(spans_of("宁德地区", &[(0, 2)]), ["宁德"]);
        assert_eq!(spans_of("西藏地区", &[(0, 2)]), ["西藏"]);
    }

    #[test]
    fn a_licensed_list_counts_every_member() {
        assert_eq!(
            spans_of("京津冀协同发展", &[(0, 1), (1, 2)]),
            ["京", "津", "冀"]
        );
        assert_eq!(spans_of("他学贯中西", &[(3, 4)]), Vec::<String>::new());
        // A list tagged whole is its members; a pair tagged whole may be a city's name.
        assert_eq!(spans_of("粤港澳合作", &[(0, 3)]), ["粤", "港", "澳"]);
        assert_eq!(spans_of("宁德市", &[(0, 2)]), ["宁德"]);
        // …unless the text uses it as a pair before a word of relations, there or elsewhere.
        assert_eq!(
            spans_of(
                "中非合作好不好，只有中非人民最有发言权。",
                &[(0, 2), (10, 12)]
            ),
            ["中", "非", "中", "非"]
        );
        assert_eq!(spans_of("中非总统图瓦代拉", &[(0, 2)]), ["中非"]);
        // Two characters that spell a state or a listed place are its name, whatever follows
        // (越南总理: 总理 also follows pairs, 中越两国总理; 加沙边境: 边境 too).
        assert_eq!(spans_of("会见越南总理阮春福", &[(2, 4)]), ["越南"]);
        assert_eq!(
            spans_of("加沙边境冲突。以色列军方和加沙地带", &[(0, 2), (13, 15)]),
            ["加沙", "加沙"]
        );
        // Characters abroad tagged whole are as often a name: 奥巴马 stays one span.
        assert_eq!(spans_of("奥巴马总统", &[(0, 3)]), ["奥巴马"]);
    }

    #[test]
    fn a_state_opening_a_clause_before_its_head_is_a_mention_the_tagger_missed() {
        assert_eq!(spans_of("以军称，空袭了目标。", &[]), ["以"]);
        assert_eq!(spans_of("外长表示，越方希望加强合作", &[]), ["越"]);
        assert_eq!(spans_of("“以媒称，谈判将继续", &[]), ["以"]);
        // A preposition before an ordinary word, or no clause start: nothing.
        assert!(spans_of("以军事手段解决问题", &[]).is_empty());
        assert!(spans_of("以方便群众为原则", &[]).is_empty());
        assert!(spans_of("以媒体合作为纽带", &[]).is_empty());
        assert!(spans_of("可以军民融合发展", &[]).is_empty());
        assert_eq!(spans_of("黎巴嫩称以军空袭", &[(0, 3)]), ["黎巴嫩", "以"]);
        assert_eq!(spans_of("和平解决朝核问题", &[]), ["朝"]);
    }

    #[test]
    fn a_region_after_aid_or_concern_is_a_mention_the_tagger_missed() {
        assert_eq!(spans_of("援疆工作取得成绩", &[]), ["疆"]);
        assert_eq!(spans_of("在涉港、涉疆问题上", &[]), ["港", "疆"]);
        assert!(spans_of("严厉打击涉黑涉恶犯罪", &[]).is_empty());
        assert!(spans_of("涉台湾问题", &[]).is_empty());
    }

    #[test]
    fn listed_bodies_are_organizations_the_tagger_missed() {
        // The tagger marked 联合国 and not 上合组织; a body's form inside a name the tagger
        // marked stays part of it, and a state's forms are no bodies.
        let text = "在联合国、上合组织等框架内，世卫组织驻华代表处和阿联酋";
        assert_eq!(
            spans_of(text, &[(1, 4), (14, 23)]),
            ["联合国", "上合组织", "世卫组织驻华代表处"]
        );
    }

    #[test]
    fn an_abbreviation_glued_to_the_start_of_its_head_is_the_abbreviation() {
        assert_eq!(spans_of("伊核问题全面协议", &[(0, 2)]), ["伊"]);
        assert_eq!(spans_of("朝核问题", &[(0, 2)]), ["朝"]);
        // A state's name stays whole (越南 + 军…), and so does a head-less place.
        assert_eq!(spans_of("越南军方表示", &[(0, 2)]), ["越南"]);
        assert_eq!(spans_of("宁德地区", &[(0, 2)]), ["宁德"]);
        assert_eq!(spans_of("湘西西部山区", &[(0, 2)]), ["湘西"]);
    }

    #[test]
    fn a_states_official_name_is_the_state_however_the_tagger_cut_it() {
        let text = "大不列颠及北爱尔兰联合王国首相卡梅伦";
        assert_eq!(
            spans_of(text, &[(0, 4), (5, 13)]),
            ["大不列颠及北爱尔兰联合王国"]
        );
        // A longer name holding it keeps it (中华人民共和国 in 中华人民共和国国务院).
        let text = "中华人民共和国国务院令";
        assert_eq!(
            linked(text, &[(0, 10, EntityKind::Org)]),
            [("中华人民共和国国务院".to_string(), EntityKind::Org)]
        );
    }

    #[test]
    fn regions_named_by_abbreviations_are_places_the_tagger_missed() {
        assert_eq!(spans_of("因为，长三角正在推广", &[]), ["长三角"]);
        assert_eq!(spans_of("长三角一体化", &[(0, 3)]), ["长三角"]);
        // Also where the tagger took it for something else.
        assert_eq!(
            linked("江浙沪联合签署协议", &[(0, 3, EntityKind::Per)]),
            [("江浙沪".to_string(), EntityKind::Loc)]
        );
    }
}
