//! Entities: mentions found in articles, grouped under one id, kind, canonical name and aliases.
//!
//! Grouping rules (each documented with the lexicon it uses in `assets/entities/README.md`):
//! - surface forms are folded (full-width ASCII to half-width, spaces dropped, traditional
//!   characters folded for the common ones, quotation marks and brackets dropped, no punctuation
//!   or middle dot at either end: `……习近平` → `习近平`, `“雪龙”号` → `雪龙号`);
//! - titles and roles around a person's name are stripped (`习近平总书记` → `习近平`), so a person
//!   is keyed by the name alone and two people who share a surname never merge;
//! - a one-character place abbreviation is a mention only where the text licenses it (中美, 中方,
//!   访华; not 学贯中西, 华侨), and a run of them before a region word is one place (青藏高原):
//!   see [`super::abbreviations`];
//! - full and short names of one state or body are one entity under the name news writes most
//!   (`中华人民共和国` → `中国`, `教科文组织` → `联合国教科文组织`, `哈萨克斯坦共和国` → `哈萨克斯坦`);
//! - a short form is joined to a long form only where the text licenses it: an explicit
//!   `全称（以下简称“简称”）`, an administrative suffix (`北京市` ↔ `北京`), a short form whose
//!   characters run in order through a long form of the same article and kind ending alike
//!   (`进博会` ↔ `中国国际进口博览会`, `上合组织` ↔ `上海合作组织`; never for places, where it
//!   would join `马里` to `索马里`), and a one-character abbreviation (`中哈` → `中国`,
//!   `哈萨克斯坦`) resolved against the places named in the same article, else by the places it
//!   is listed with (`港澳` → `澳门`), else against the standard abbreviation table.
//!
//! Reporters, photographers and correspondents named in datelines, bylines and photo credits are
//! people with the role [`Role::Reporter`].

use super::abbreviations;
use super::entity_lexicon::EntityLexicon;
use crate::bundle::{Article, Part};
use crate::extract::ner::chars::normalize;
use crate::extract::ner::lexicon::{Lexicon, class};
use crate::extract::ner::repair::split_off_leading_places;
use crate::extract::ner::{EntityKind, EntitySpan};
use crate::extract::rules::{Rules, dict_class, is_numeral};
use crate::text::is_han;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Entities are numbered in descending order of mentions, so entity 0 is the most mentioned.
pub use crate::ids::EntityId;

pub use super::entity_table::{Entity, EntityTable, Mention, Role};

/// A mention as found in its article, before grouping: what the store keeps of an article so
/// that grouping can be redone without tagging it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub(super) part: Part,
    pub(super) index: u32,
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) kind: EntityKind,
    /// Normalised surface form.
    pub(super) surface: String,
    /// The key the surface resolves to within its article (after titles and abbreviations).
    pub(super) key: String,
    pub(super) reporter: bool,
}

/// What finding and grouping entities read besides the articles: the tagger, the rule
/// lexicons, the tagger's dictionary (the rules' word checks) and the grouping tables.
#[derive(Clone, Copy)]
pub struct EntityModels<'a> {
    pub tag: &'a (dyn Fn(&str) -> Vec<EntitySpan> + Sync),
    pub rules: &'a Rules,
    pub dictionary: Option<&'a Lexicon>,
    pub names: &'a Arc<EntityLexicon>,
}

/// Milliseconds (wall clock) of the two phases of [`build`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BuildPhases {
    /// Tagging and rules over all texts, in parallel over articles.
    pub find_ms: f64,
    /// Grouping the mentions into entities.
    pub group_ms: f64,
}

/// Finds the entities of all articles (tagging every text, in parallel over articles) and groups
/// them; `done` is told as each article is read. Once `stop` says so, articles not yet begun are
/// skipped and the texts of those begun no longer read (a cancelled analysis): the table is then
/// incomplete and meant to be dropped.
pub fn build(
    articles: &[Article],
    models: EntityModels,
    stop: &(dyn Fn() -> bool + Sync),
    done: &(dyn Fn() + Sync),
) -> (EntityTable, BuildPhases) {
    let t = std::time::Instant::now();
    let per_article: Vec<Vec<Found>> = articles
        .par_iter()
        .map(|a| {
            if stop() {
                return Vec::new();
            }
            let found = find_in_article(a, models, stop);
            done();
            found
        })
        .collect();
    let find_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = std::time::Instant::now();
    let source = super::grouping::InBundle {
        articles,
        found: &per_article,
    };
    let Ok(table) = super::grouping::group(source, articles.len(), models);
    let group_ms = t.elapsed().as_secs_f64() * 1e3;
    (table, BuildPhases { find_ms, group_ms })
}

/// Tags one article's texts, applies the entity rules (further kinds, clean-up of the model's
/// spans) and resolves each mention to a key licensed by the article itself; `stop` is asked
/// before each text.
pub(crate) fn find_in_article(
    article: &Article,
    models: EntityModels,
    stop: &(dyn Fn() -> bool + Sync),
) -> Vec<Found> {
    let EntityModels {
        tag,
        rules,
        dictionary,
        names,
    } = models;
    let mut found = Vec::new();
    // Keys of people and places the article writes right after a person's title (总统奥巴马) or
    // right before 同志 (罗阳同志).
    let mut titled: HashSet<String> = HashSet::new();
    let mut texts: Vec<(Part, usize, Vec<char>, Vec<EntitySpan>)> = article
        .texts()
        .take_while(|_| !stop())
        .map(|(part, index, text)| {
            let chars: Vec<char> = text.chars().collect();
            let mut spans = rules.apply(&chars, &tag(text), dictionary);
            abbreviations::link_places(names, &chars, &mut spans);
            split_province_prefix(names, dictionary, &chars, &mut spans);
            split_dashed_names(names, dictionary, &chars, &mut spans);
            (part, index, chars, spans)
        })
        .collect();
    complete_cut_names(&mut texts);
    for (part, index, chars, spans) in &texts {
        let (part, index) = (*part, *index);
        for &span in spans {
            let raw: String = chars[span.start..span.end].iter().collect();
            let surface = names.fold_name(&raw);
            if surface.is_empty() {
                continue;
            }
            let mut kind = span.kind;
            // A state or province the model took for a person (安徽, 苏丹, 科摩罗) is a place.
            if kind == EntityKind::Per && names.is_listed_place(&surface) {
                kind = EntityKind::Loc;
            }
            let key = match abbreviations::reading_in_list(names, chars, span.start) {
                Some(place) if span.end - span.start == 1 => place.to_string(),
                _ => key_of(names, &surface, kind),
            };
            if key.is_empty() {
                continue;
            }
            if matches!(kind, EntityKind::Loc | EntityKind::Per)
                && (names.title_before(chars, span.start)
                    || chars[span.end..].starts_with(&['同', '志']))
            {
                titled.insert(key.clone());
            }
            let reporter = kind == EntityKind::Per && is_credit(chars, span.start, span.end);
            found.push(Found {
                part,
                index: index as u32,
                start: span.start as u32,
                end: span.end as u32,
                kind,
                surface,
                key,
                reporter,
            });
        }
    }
    people_read_as_places(names, dictionary, &mut found, &titled);
    resolve_short_forms(names, article, &mut found);
    // A one-character place that resolved to no place (巴 with neither 巴西 nor 巴基斯坦 named, 月)
    // names nothing the reader can follow.
    found.retain(|f| f.key.chars().nth(1).is_some());
    found
}

/// A name the article writes right after a person's title (美国总统|奥巴马), or right before 同志
/// (罗阳|同志), is a person in every mention of the article, also where the tagger read it as a place (奥巴马提名…, the dictionary
/// filing 奥巴马 as a place): a place never follows a title directly. Not a listed state or
/// province, nor a name ending like a place (…州, …岛, …市).
fn people_read_as_places(
    names: &EntityLexicon,
    dictionary: Option<&Lexicon>,
    found: &mut [Found],
    titled: &HashSet<String>,
) {
    if titled.is_empty() {
        return;
    }
    let ends_like_place = |key: &str| {
        key.chars()
            .last()
            .is_some_and(|c| dictionary.is_some_and(|lex| lex.place_suffix.contains(&normalize(c))))
    };
    let people: HashSet<&String> = titled
        .iter()
        .filter(|k| k.chars().count() >= 2 && !names.is_listed_place(k) && !ends_like_place(k))
        .collect();
    for f in found.iter_mut() {
        if f.kind == EntityKind::Loc && people.contains(&f.key) {
            f.kind = EntityKind::Per;
            f.key = key_of(names, &f.surface, EntityKind::Per);
        }
    }
}

/// A place the tagger read as one that is a province (or a city of provincial rank) and a place
/// in it (甘肃兰州, 云南省昆明市, 上海松江) is the two places, as the annotation and the reader have
/// it: 兰州 is one entity wherever written. The rest must be a dictionary place word, alone or
/// before a division (昆明市, 兰州新区), and no generic one (`generic_places.txt`: 海峡, 西站);
/// 山东半岛, 新疆军区, 西藏自治区, 天津自贸区, 河北平原 and 台湾海峡 stay whole.
fn split_province_prefix(
    names: &EntityLexicon,
    dictionary: Option<&Lexicon>,
    chars: &[char],
    spans: &mut Vec<EntitySpan>,
) {
    const DIVISIONS: [&[char]; 7] = [
        &['市'],
        &['县'],
        &['区'],
        &['州'],
        &['盟'],
        &['新', '区'],
        &['地', '区'],
    ];
    const LONGEST_PROVINCE: usize = 3;
    let Some(lex) = dictionary else {
        return;
    };
    let place_word = |word: &[char]| {
        word.len() >= 2
            && !names.is_generic_place(&word.iter().collect::<String>())
            && dict_class(lex, word) == Some(class::PLACE)
    };
    // A place word, alone or before a division (昆明市, 兰州新区; not 自治区, 自贸区, 警备区).
    let is_place = |rest: &[char]| {
        place_word(rest)
            || DIVISIONS.iter().any(|d| {
                rest.len() > d.len()
                    && rest.ends_with(d)
                    && place_word(&rest[..rest.len() - d.len()])
            })
    };
    split_off_leading_places(spans, |s| {
        if s.kind != EntityKind::Loc || s.end - s.start < 4 {
            return None;
        }
        let span = &chars[s.start..s.end];
        (2..=LONGEST_PROVINCE.min(span.len() - 2)).find_map(|n| {
            let name: String = span[..n].iter().collect();
            if !names.is_abbreviated_place(&name) || !names.is_in_china(&name) {
                return None;
            }
            // With its suffix (云南省) where one follows.
            let suffixed = names
                .admin_suffixes()
                .map(|a| a.chars().count())
                .find(|&a| {
                    n + a + 2 <= span.len()
                        && names.is_admin_suffix(&span[n..n + a].iter().collect::<String>())
                });
            let n = n + suffixed.unwrap_or(0);
            is_place(&span[n..]).then_some(n)
        })
    });
}

/// Names joined by dashes that the tagger read as one (中国—东盟, 深圳—香港—广州, 中国—上海合作组织)
/// are each a name of their own where every part is one the lexicons know: a listed state,
/// province or body, or a dictionary place or organization word. A part the dictionary calls a
/// place, or a place in China, is a place; the others keep the span's kind (欧盟, listed with
/// the abbreviation 欧, stays an organization). A name with a dash of its own has a part no lexicon
/// knows and stays whole (莱茵兰—普法尔茨州, 津巴布韦非洲民族联盟—爱国阵线, 中国—东盟信息港股份有限公司).
fn split_dashed_names(
    names: &EntityLexicon,
    dictionary: Option<&Lexicon>,
    chars: &[char],
    spans: &mut Vec<EntitySpan>,
) {
    let is_dash = |c: &char| matches!(c, '—' | '–' | '－' | '-');
    let dict = |word: &[char]| dictionary.and_then(|lex| dict_class(lex, word));
    // The kind of a part the lexicons know, or `None`.
    let part_kind = |part: &[char], kind: EntityKind| {
        if part.len() < 2 {
            return None;
        }
        let name: String = part.iter().collect();
        let class = dict(part);
        if class == Some(class::PLACE) || names.is_in_china(&name) {
            Some(EntityKind::Loc)
        } else if names.is_listed_place(&name)
            || names.is_listed_body(&name)
            || class == Some(class::ORG)
        {
            Some(kind)
        } else {
            None
        }
    };
    let dashed = |s: &EntitySpan| {
        matches!(s.kind, EntityKind::Org | EntityKind::Loc)
            && chars[s.start..s.end].iter().any(is_dash)
    };
    if !spans.iter().any(dashed) {
        return;
    }
    let mut split = Vec::with_capacity(spans.len() + 1);
    for &s in spans.iter() {
        let span = &chars[s.start..s.end];
        let parts = dashed(&s)
            .then(|| {
                let mut parts = Vec::new();
                let mut at = s.start;
                for piece in span.split(is_dash) {
                    if !piece.is_empty() {
                        parts.push(EntitySpan {
                            start: at,
                            end: at + piece.len(),
                            kind: part_kind(piece, s.kind)?,
                        });
                    }
                    at += piece.len() + 1;
                }
                (parts.len() >= 2).then_some(parts)
            })
            .flatten();
        match parts {
            Some(parts) => split.extend(parts),
            None => split.push(s),
        }
    }
    *spans = split;
}

/// A name the tagger cut short in one place (克捷夫 after 总理别克捷夫… at a sentence start, 吉乌铁路
/// for 中吉乌铁路) is completed from a longer name of the same kind found elsewhere in the article
/// when the characters just before it are the missing start. The longer names are looked up by
/// length in a set, so time grows with the spans times the lengths names have, not with the
/// spans times the names.
fn complete_cut_names(texts: &mut [(Part, usize, Vec<char>, Vec<EntitySpan>)]) {
    let mut names: HashSet<(EntityKind, &[char])> = HashSet::new();
    // The lengths names of each kind have, longest first.
    let mut lengths: HashMap<EntityKind, Vec<usize>> = HashMap::new();
    for (_, _, chars, spans) in texts.iter() {
        for s in spans.iter().filter(|s| s.end - s.start >= 2) {
            if names.insert((s.kind, &chars[s.start..s.end])) {
                lengths.entry(s.kind).or_default().push(s.end - s.start);
            }
        }
    }
    if names.len() < 2 {
        return;
    }
    for l in lengths.values_mut() {
        l.sort_unstable_by(|a, b| b.cmp(a));
        l.dedup();
    }
    let mut extended: Vec<(usize, usize, usize)> = Vec::new();
    // An abbreviation marked inside the missing start of an organization's name (国家援|鄂|抗疫
    // 中医医疗队) gives way to it; before a shorter name or another kind it stays (中|欧).
    let is_abbreviation = |s: &EntitySpan| s.kind == EntityKind::Loc && s.end - s.start == 1;
    for (t, (_, _, chars, spans)) in texts.iter().enumerate() {
        for (i, s) in spans.iter().enumerate() {
            let long_org = s.kind == EntityKind::Org && s.end - s.start >= 3;
            let floor = spans[..i]
                .iter()
                .rev()
                .find(|p| !(long_org && is_abbreviation(p)))
                .map_or(0, |p| p.end);
            let Some(lengths) = lengths.get(&s.kind) else {
                continue;
            };
            // The longest name that is this one with the characters before it.
            let extra = lengths
                .iter()
                .map(|&len| len.saturating_sub(s.end - s.start))
                .filter(|&extra| extra > 0 && extra <= s.start.saturating_sub(floor))
                .find(|&extra| names.contains(&(s.kind, &chars[s.start - extra..s.end])));
            if let Some(extra) = extra {
                extended.push((t, i, extra));
            }
        }
    }
    // Per text, the completed names in order; abbreviations inside them are dropped.
    let mut completed: Vec<(usize, usize, usize)> = Vec::new();
    for (t, i, extra) in extended {
        let s = &mut texts[t].3[i];
        s.start -= extra;
        completed.push((t, s.start, s.end));
    }
    for group in completed.chunk_by(|a, b| a.0 == b.0) {
        let spans = &mut texts[group[0].0].3;
        spans.retain(|s| {
            let at = group.partition_point(|&(_, start, _)| start <= s.start);
            !(is_abbreviation(s) && at > 0 && group[at - 1].2 >= s.end && group[at - 1].1 < s.start)
        });
    }
}

/// The grouping key of a normalised surface form of one kind: titles stripped from people,
/// ordinals stripped from organizations and events (十四届全国政协 → 全国政协), 号 stripped from
/// named craft (祝融号 → 祝融, but 神舟十八号 keeps it), places and organizations by the name of
/// their state or body (中华人民共和国 → 中国).
fn key_of(names: &EntityLexicon, surface: &str, kind: EntityKind) -> String {
    match kind {
        EntityKind::Per => names.strip_person_titles(surface),
        EntityKind::Loc => names.canonical(surface).unwrap_or(surface).to_string(),
        EntityKind::Org => {
            let name = names.fold_name(strip_ordinal(strip_trailing_ordinal(surface)));
            names.canonical(&name).map_or(name.clone(), str::to_string)
        }
        // Folded again: `七届、八届中央委员会` loses `七届` and then its `、`.
        EntityKind::NamedEvent => names.fold_name(strip_ordinal(surface)),
        EntityKind::Craft => match surface.strip_suffix('号') {
            Some(name)
                if name.chars().count() >= 2 && !name.chars().last().is_some_and(is_numeral) =>
            {
                name.to_string()
            }
            _ => surface.to_string(),
        },
        _ => surface.to_string(),
    }
}

/// The bytes of the run of numerals `chars` starts with.
fn numeral_bytes(chars: impl Iterator<Item = char>) -> usize {
    chars
        .take_while(|&c| is_numeral(c))
        .map(char::len_utf8)
        .sum()
}

/// `第七届`, `十四届`, `第二次` before a name: the name alone if at least two characters remain.
fn strip_ordinal(s: &str) -> &str {
    let body = s.strip_prefix('第').unwrap_or(s);
    let digits = numeral_bytes(body.chars());
    if digits == 0 {
        return s;
    }
    let rest = &body[digits..];
    match rest.strip_prefix('届').or_else(|| rest.strip_prefix('次')) {
        Some(name) if name.chars().count() >= 2 => name,
        _ => s,
    }
}

/// `二十届`, `第十九届` after a name (中共二十届 of 中共二十届四中全会, the rest of which holds no
/// name): the name alone if at least two characters remain.
fn strip_trailing_ordinal(s: &str) -> &str {
    let Some(body) = s.strip_suffix('届').or_else(|| s.strip_suffix('次')) else {
        return s;
    };
    let digits = numeral_bytes(body.chars().rev());
    if digits == 0 {
        return s;
    }
    let name = &body[..body.len() - digits];
    let name = name.strip_suffix('第').unwrap_or(name);
    if name.chars().count() >= 2 { name } else { s }
}

/// `记者 X`, `X 摄`, `通讯员 X`: a person named as the author of text or picture.
fn is_credit(chars: &[char], start: usize, end: usize) -> bool {
    let before: String = chars[start.saturating_sub(4)..start]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    let after: String = chars[end..(end + 2).min(chars.len())]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    before.ends_with("记者")
        || before.ends_with("通讯员")
        || before.ends_with("摄影")
        || after.starts_with('摄')
}

/// Applies the abbreviation rules inside one article: explicit `简称`, administrative suffixes,
/// in-order short forms and one-character country abbreviations.
fn resolve_short_forms(names: &EntityLexicon, article: &Article, found: &mut [Found]) {
    // Long forms of this article by kind, with their counts.
    let mut long_forms: HashMap<&str, (EntityKind, u32)> = HashMap::new();
    for f in found.iter() {
        let e = long_forms.entry(f.key.as_str()).or_insert((f.kind, 0));
        e.1 += 1;
    }
    let explicit = explicit_abbreviations(names, article);
    let mut resolved: HashMap<String, String> = HashMap::new();
    for f in found.iter() {
        if f.kind == EntityKind::Per || resolved.contains_key(&f.key) {
            continue;
        }
        if let Some(text) = explicit.get(&f.key) {
            // The longest long form of this article that ends the text before `简称`.
            let long = long_forms
                .keys()
                .filter(|k| k.len() > f.key.len() && text.ends_with(*k))
                .max_by_key(|k| k.len());
            if let Some(long) = long {
                resolved.insert(f.key.clone(), long.to_string());
                continue;
            }
        }
        let key: Vec<char> = f.key.chars().collect();
        let mut best: Option<(&str, u32)> = None;
        for (&long, &(kind, count)) in &long_forms {
            if long == f.key || kind == EntityKind::Per {
                continue;
            }
            let lc: Vec<char> = long.chars().collect();
            if licenses(names, &key, f.kind, &lc, kind)
                && best.is_none_or(|b| (count, long) > (b.1, b.0))
            {
                best = Some((long, count));
            }
        }
        if let Some((long, _)) = best {
            resolved.insert(f.key.clone(), long.to_string());
        } else if key.len() == 1
            && f.kind == EntityKind::Loc
            && let Some(country) = names.default_reading(key[0])
        {
            resolved.insert(f.key.clone(), country.to_string());
        }
    }
    for f in found.iter_mut() {
        if let Some(long) = resolved.get(&f.key) {
            f.key = long.clone();
        }
    }
}

/// Whether the text licenses reading `short` as a short form of `long`.
fn licenses(
    names: &EntityLexicon,
    short: &[char],
    short_kind: EntityKind,
    long: &[char],
    long_kind: EntityKind,
) -> bool {
    if long.len() <= short.len() {
        return false;
    }
    // One-character abbreviations: 哈 → 哈萨克斯坦 when that country is named here (but 西 is no
    // abbreviation of 西藏).
    if short.len() == 1 {
        let long: String = long.iter().collect();
        return short_kind == EntityKind::Loc
            && long_kind == EntityKind::Loc
            && names.places_of(short[0]).contains(&long);
    }
    // Administrative suffix: 北京 ↔ 北京市, 新疆 ↔ 新疆维吾尔自治区 is not licensed (not a suffix).
    if long.starts_with(short) {
        let rest: String = long[short.len()..].iter().collect();
        return short_kind == long_kind && names.is_admin_suffix(&rest);
    }
    // A short form joins only its own kind (中国 is no short form of 《今日中国》, 联合国 none of
    // 阿拉伯联合酋长国), and places only by the rules above and the alias tables: in order, 马里
    // would join 索马里, 中国 中非共和国 and 苏丹 南苏丹.
    if short_kind != long_kind || short_kind == EntityKind::Loc {
        return false;
    }
    // In-order short form ending alike: 上合组织 ↔ 上海合作组织, 进博会 ↔ 中国国际进口博览会.
    short.len() >= 2
        && short.len() * 2 <= long.len() + 2
        && short.last() == long.last()
        && short_kind != EntityKind::Per
        && is_subsequence(short, long)
        && !is_subsequence_of_prefix_word(short, long)
}

/// Rejects short forms that are merely the long form's own head word (`中国` in
/// `中国机电产品进出口商会` reads as the country, not as the chamber).
fn is_subsequence_of_prefix_word(short: &[char], long: &[char]) -> bool {
    long.starts_with(short)
}

fn is_subsequence(short: &[char], long: &[char]) -> bool {
    let mut it = long.iter();
    short.iter().all(|c| it.any(|l| l == c))
}

/// `中国国际进口博览会（以下简称“进博会”）`, `…(简称进博会)`: short form → the text before it,
/// from the article's texts.
fn explicit_abbreviations(names: &EntityLexicon, article: &Article) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (_, _, text) in article.texts() {
        let t = names.normalize(text);
        let mut from = 0;
        while let Some(pos) = t[from..].find("简称") {
            let at = from + pos;
            from = at + "简称".len();
            let after = &t[from..];
            let after = after.trim_start_matches(['“', '"', '「', '：', ':']);
            let short: String = after
                .chars()
                .take_while(|c| {
                    !matches!(c, '”' | '"' | '」' | ')' | '）' | '，' | ',' | '。' | '、')
                })
                .take(12)
                .collect();
            // The long form is the run of CJK characters before the opening bracket.
            let before = &t[..at];
            let before = before.trim_end_matches(['(', '（', '以', '下', '，', ',']);
            let long: String = before
                .chars()
                .rev()
                .take_while(|&c| is_han(c))
                .take(30)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if short.chars().count() >= 2 && long.chars().count() > short.chars().count() {
                map.insert(short, long);
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn names_cut_short_are_completed_from_the_same_article() {
        let span = |start, end, kind| EntitySpan { start, end, kind };
        let per = EntityKind::Per;
        let mut texts = vec![
            (
                Part::Paragraphs,
                0,
                c("会见哈萨克斯坦总理别克捷夫。"),
                vec![span(2, 7, EntityKind::Loc), span(9, 13, per)],
            ),
            (
                Part::Paragraphs,
                1,
                c("别克捷夫表示，"),
                vec![span(1, 4, per)],
            ),
            // Another person whose name ends alike, with other characters before: untouched.
            (Part::Paragraphs, 2, c("王克捷夫说"), vec![span(1, 4, per)]),
        ];
        complete_cut_names(&mut texts);
        assert_eq!(texts[1].3, vec![span(0, 4, per)]);
        assert_eq!(texts[2].3, vec![span(1, 4, per)]);
        assert_eq!(texts[0].3[1], span(9, 13, per));
    }

    #[test]
    fn an_abbreviation_inside_the_cut_start_of_an_organization_gives_way() {
        let span = |start, end, kind| EntitySpan { start, end, kind };
        let (org, loc) = (EntityKind::Org, EntityKind::Loc);
        let mut texts = vec![
            (
                Part::Paragraphs,
                0,
                c("国家援鄂抗疫医疗队"),
                vec![span(0, 9, org)],
            ),
            // 鄂 marked after 援, the tagger's name cut after it: the name is completed.
            (
                Part::Paragraphs,
                1,
                c("派出国家援鄂抗疫医疗队"),
                vec![span(5, 6, loc), span(7, 11, org)],
            ),
            // Before a name of two characters an abbreviation stays (中|欧 of 中欧).
            (Part::Paragraphs, 2, c("中欧班列"), vec![span(0, 2, org)]),
            (
                Part::Paragraphs,
                3,
                c("中欧合作"),
                vec![span(0, 1, loc), span(1, 2, org)],
            ),
        ];
        complete_cut_names(&mut texts);
        assert_eq!(texts[1].3, vec![span(2, 11, org)]);
        assert_eq!(texts[3].3, vec![span(0, 1, loc), span(1, 2, org)]);
    }

    #[test]
    fn a_province_written_before_a_place_in_it_is_a_place_of_its_own() {
        let names = EntityLexicon::shipped().unwrap();
        let lexicon = Lexicon::shipped().unwrap();
        let split = |text: &str| -> Vec<String> {
            let chars = c(text);
            let mut spans = vec![EntitySpan {
                start: 0,
                end: chars.len(),
                kind: EntityKind::Loc,
            }];
            split_province_prefix(&names, Some(&lexicon), &chars, &mut spans);
            let names = spans.iter().map(|s| chars[s.start..s.end].iter().collect());
            names.collect()
        };
        assert_eq!(split("甘肃兰州"), ["甘肃", "兰州"]);
        assert_eq!(split("云南省昆明市"), ["云南省", "昆明市"]);
        assert_eq!(split("甘肃兰州新区"), ["甘肃", "兰州新区"]);
        assert_eq!(split("上海松江"), ["上海", "松江"]);
        // The rest is no place, or the province is the whole name: one place.
        assert_eq!(split("山东半岛"), ["山东半岛"]);
        assert_eq!(split("新疆军区"), ["新疆军区"]);
        assert_eq!(split("香港特区"), ["香港特区"]);
        assert_eq!(split("新疆维吾尔自治区"), ["新疆维吾尔自治区"]);
        assert_eq!(split("西藏自治区"), ["西藏自治区"]);
        assert_eq!(split("天津自贸区"), ["天津自贸区"]);
        assert_eq!(split("天津警备区"), ["天津警备区"]);
        assert_eq!(split("台湾海峡"), ["台湾海峡"]);
        assert_eq!(split("河北平原"), ["河北平原"]);
        assert_eq!(split("四川城镇"), ["四川城镇"]);
        assert_eq!(split("北京西站"), ["北京西站"]);
    }

    #[test]
    fn ordinals_after_an_organization_are_no_part_of_its_key() {
        assert_eq!(strip_trailing_ordinal("中共二十届"), "中共");
        assert_eq!(strip_trailing_ordinal("中共第十九届"), "中共");
        assert_eq!(strip_trailing_ordinal("二十届"), "二十届");
        assert_eq!(strip_trailing_ordinal("中央委员会"), "中央委员会");
        assert_eq!(strip_trailing_ordinal("历届"), "历届");
        let names = EntityLexicon::shipped().unwrap();
        assert_eq!(key_of(&names, "中共二十届", EntityKind::Org), "中国共产党");
    }

    #[test]
    fn names_joined_by_dashes_are_names_of_their_own() {
        let names = EntityLexicon::shipped().unwrap();
        let lexicon = Lexicon::shipped().unwrap();
        let split = |text: &str, kind| -> Vec<(String, EntityKind)> {
            let chars = c(text);
            let mut spans = vec![EntitySpan {
                start: 0,
                end: chars.len(),
                kind,
            }];
            split_dashed_names(&names, Some(&lexicon), &chars, &mut spans);
            let names = spans
                .iter()
                .map(|s| (chars[s.start..s.end].iter().collect(), s.kind));
            names.collect()
        };
        let (org, loc) = (EntityKind::Org, EntityKind::Loc);
        let named = |list: &[(&str, EntityKind)]| -> Vec<(String, EntityKind)> {
            list.iter().map(|&(n, k)| (n.to_string(), k)).collect()
        };
        assert_eq!(
            split("中国—东盟", org),
            named(&[("中国", loc), ("东盟", org)])
        );
        assert_eq!(
            split("中国——欧盟", org),
            named(&[("中国", loc), ("欧盟", org)])
        );
        assert_eq!(
            split("中国—上海合作组织", org),
            named(&[("中国", loc), ("上海合作组织", org)])
        );
        assert_eq!(
            split("深圳—香港—广州", org),
            named(&[("深圳", loc), ("香港", loc), ("广州", loc)])
        );
        // A part no lexicon knows: the name has a dash of its own.
        for (text, kind) in [
            ("莱茵兰—普法尔茨州", loc),
            ("中国—东盟信息港股份有限公司", org),
            ("津巴布韦非洲民族联盟—爱国阵线", org),
            ("钱凯—上海", loc),
        ] {
            assert_eq!(split(text, kind), named(&[(text, kind)]), "{text}");
        }
        // People and events are left alone.
        assert_eq!(
            split("中国—东盟", EntityKind::Per),
            named(&[("中国—东盟", EntityKind::Per)])
        );
    }

    #[test]
    fn a_name_after_a_title_is_a_person_in_the_whole_article() {
        let names = EntityLexicon::shipped().unwrap();
        let lexicon = Lexicon::shipped().unwrap();
        let found = |key: &str, kind| Found {
            part: Part::Paragraphs,
            index: 0,
            start: 0,
            end: 0,
            kind,
            surface: key.to_string(),
            key: key.to_string(),
            reporter: false,
        };
        let mut all = vec![
            found("奥巴马", EntityKind::Loc),
            found("奥巴马", EntityKind::Per),
            found("美国", EntityKind::Loc),
            found("加州", EntityKind::Loc),
        ];
        let titled: HashSet<String> = ["奥巴马", "美国", "加州"].map(String::from).into();
        people_read_as_places(&names, Some(&lexicon), &mut all, &titled);
        let kinds: Vec<EntityKind> = all.iter().map(|f| f.kind).collect();
        // A listed state, or a name ending like a place, stays a place.
        use EntityKind::*;
        assert_eq!(kinds, [Per, Per, Loc, Loc]);
        let chars = c("美国总统奥巴马表示");
        assert!(names.title_before(&chars, 4));
        assert!(!names.title_before(&chars, 2));
    }

    #[test]
    fn short_forms_need_a_licence() {
        use EntityKind::*;
        let names = EntityLexicon::shipped().unwrap();
        let licenses = |s: &[char], sk, l: &[char], lk| licenses(&names, s, sk, l, lk);
        assert!(licenses(&c("进博会"), Org, &c("中国国际进口博览会"), Org));
        assert!(licenses(&c("上合组织"), Org, &c("上海合作组织"), Org));
        assert!(licenses(&c("北京"), Loc, &c("北京市"), Loc));
        assert!(licenses(&c("哈"), Loc, &c("哈萨克斯坦"), Loc));
        assert!(!licenses(&c("西"), Loc, &c("西藏"), Loc));
        // The head word of a long name is not its short form.
        assert!(!licenses(
            &c("中国"),
            Loc,
            &c("中国机电产品进出口商会"),
            Org
        ));
        // A place is no short form of a work.
        assert!(!licenses(&c("中国"), Loc, &c("今日中国"), Work));
        assert!(licenses(&c("条例"), Work, &c("存款保险条例"), Work));
        // Different ending: not a short form.
        assert!(!licenses(&c("国务院"), Org, &c("国务院办公厅"), Org));
        // A one-character abbreviation needs a country.
        assert!(!licenses(&c("乌"), Loc, &c("乌鲁木齐"), Loc));
    }
}
