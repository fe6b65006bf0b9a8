//! Grouping the mentions found in every article into entities, in three passes over the
//! mentions that never hold them all at once, so that `kanbao merge` can read them back from a
//! temporary file each time ([`FoundSource`]) and hold only what grows with the distinct names:
//!
//! 1. **Tally** each distinct key: whether it names something other than a person, and how
//!    often it is a place or a named event (read with a preposition the model glued before it,
//!    or not). From the tallies come the bundle-wide redirections: a preposition cut off where
//!    the rest is a name found elsewhere (`对行业协会商会`; a person's where the rest is a person
//!    the bundle names far more often, `和普京`), `北京市` ↔ `北京`, `进博会` →
//!    `中国国际进口博览会`.
//! 2. **Count** each mention under the key it resolves to (kind, surface forms, articles;
//!    reporters from datelines and bylines), then number the entities by mentions.
//! 3. **Place** each mention under its entity's id.
//!
//! A mention resolves the same way in passes 2 and 3 ([`Redirects::resolve`]).

use super::entities::{Entity, EntityModels, EntityTable, Found, Mention, Role};
use super::entity_lexicon::EntityLexicon;
use crate::bundle::{Article, ArticleId, TextSpan};
use crate::extract::ner::EntityKind;
use crate::extract::rules::Rules;
use crate::ids::EntityId;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::sync::Arc;

/// One article's mentions as found, with the people its datelines and bylines credit
/// (reporters, then correspondents, dateline by dateline: they count once each, with no
/// mention in the article's parts).
pub struct ArticleFound<'a> {
    pub article: ArticleId,
    pub found: &'a [Found],
    pub credited: &'a [String],
}

/// The mentions as found, article by article in bundle order, read as often as grouping
/// needs them.
pub trait FoundSource {
    type Error;
    /// Calls `each` with every article's mentions, in bundle order.
    fn each_article(&mut self, each: &mut dyn FnMut(ArticleFound<'_>)) -> Result<(), Self::Error>;
}

/// The people an article's datelines and bylines credit, in order.
pub fn credited(article: &Article) -> Vec<String> {
    let names = article.datelines.iter();
    names
        .flat_map(|d| d.reporters.iter().chain(&d.correspondents))
        .cloned()
        .collect()
}

/// A bundle's articles with each one's mentions (`found[i]` of article `i`).
pub struct InBundle<'a> {
    pub articles: &'a [Article],
    pub found: &'a [Vec<Found>],
}

impl FoundSource for InBundle<'_> {
    type Error = Infallible;

    fn each_article(&mut self, each: &mut dyn FnMut(ArticleFound<'_>)) -> Result<(), Infallible> {
        for (article, found) in self.articles.iter().zip(self.found) {
            each(ArticleFound {
                article: article.id,
                found,
                credited: &credited(article),
            });
        }
        Ok(())
    }
}

/// One article's mentions as found, as the merge sets them aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundIn {
    pub article: ArticleId,
    pub found: Vec<Found>,
    pub credited: Vec<String>,
}

impl FoundIn {
    pub fn as_found(&self) -> ArticleFound<'_> {
        ArticleFound {
            article: self.article,
            found: &self.found,
            credited: &self.credited,
        }
    }
}

/// Groups the mentions of a bundle of `articles` articles (`found` yields each one's) into
/// entities with stable ids; `Err` only if `found` cannot be read.
pub(crate) fn group<S: FoundSource>(
    found: S,
    articles: usize,
    models: EntityModels,
) -> Result<EntityTable, S::Error> {
    let mut mentions = Vec::new();
    let entities = group_placing(found, models, &mut |_, placed| {
        mentions.extend_from_slice(placed);
        Ok(())
    })?;
    Ok(EntityTable::from_parts(
        entities,
        mentions,
        articles,
        Arc::clone(models.names),
    ))
}

/// Told each article's mentions as pass 3 places them, in bundle order ([`group_placing`]).
pub type Placed<'p, E> = &'p mut dyn FnMut(ArticleId, &[Mention]) -> Result<(), E>;

/// Groups as [`group`] does, giving the entities, and telling `placed` each article's
/// mentions (sorted by place) as pass 3 places them, in bundle order: the mentions are never
/// held together here (the merge writes them a block of articles at a time and gives each
/// event candidate the entities of its sentence).
pub(crate) fn group_placing<S: FoundSource>(
    mut found: S,
    models: EntityModels,
    placed: Placed<'_, S::Error>,
) -> Result<Vec<Entity>, S::Error> {
    let redirects = Redirects::tally(&mut found, models.rules, models.names)?;
    let counts = Counts::count(&mut found, &redirects, models.names)?;
    let (entities, id_of) = counts.number();
    let mut mentions = Vec::new();
    let mut failed = None;
    found.each_article(&mut |a| {
        if failed.is_some() {
            return;
        }
        mentions.clear();
        for f in a.found {
            let r = redirects.resolve(f);
            // Pass 2 counted every key pass 3 resolves to.
            let Some(&entity) = id_of.get(r.key) else {
                continue;
            };
            mentions.push(Mention {
                span: TextSpan {
                    article: a.article,
                    part: f.part,
                    index: f.index,
                    start: r.start,
                    end: f.end,
                },
                entity,
            });
        }
        mentions.sort_unstable();
        if let Err(e) = placed(a.article, &mentions) {
            failed = Some(e);
        }
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(entities),
    }
}

/// How often a key (of something other than a person) is found as a place or a named event,
/// apart (`_lead`) the mentions that could lose a preposition glued before them.
#[derive(Default)]
struct Tally {
    loc: u32,
    loc_lead: u32,
    event: u32,
    event_lead: u32,
}

/// A mention as it counts: the key it resolves to, its kind, its surface form and where it
/// starts (a preposition cut off moves both).
struct Resolved<'a> {
    key: &'a str,
    kind: EntityKind,
    surface: &'a str,
    start: u32,
}

/// The bundle-wide redirections of keys, learnt from the tallies of pass 1.
struct Redirects<'r> {
    rules: &'r Rules,
    names: &'r EntityLexicon,
    /// Every key of something other than a person, with its tally.
    tallies: HashMap<String, Tally>,
    /// `北京市` → `北京` (or back: the more frequent form wins).
    places: HashMap<String, String>,
    /// `进博会` → `中国国际进口博览会`.
    events: HashMap<String, String>,
    /// Keys found as people that the bundle also writes as places with a division (哈尔科夫 beside
    /// 哈尔科夫州): places.
    people_as_places: HashSet<String>,
    /// People's keys that are a preposition glued before a person the bundle names far more
    /// often (`和普京` → `普京`): the key without its first character.
    people_trimmed: HashMap<String, String>,
}

/// A person's key that starts with a preposition is that preposition before a person where the
/// rest is a person named at least this many times as often as the whole (`向普京`, 28 beside
/// 3,091 in the big corpus; `于康震` beside `康震` twice each stays a person named 于).
const PERSON_TRIM_RATIO: u32 = 3;
/// ... and at least this many times in all.
const PERSON_TRIM_MIN: u32 = 3;

impl<'r> Redirects<'r> {
    fn tally<S: FoundSource>(
        found: &mut S,
        rules: &'r Rules,
        names: &'r EntityLexicon,
    ) -> Result<Redirects<'r>, S::Error> {
        let mut tallies: HashMap<String, Tally> = HashMap::new();
        // People's keys with their mentions, and those an article also writes as a place with a
        // division (哈尔科夫 beside 哈尔科夫州).
        let mut people: HashMap<String, u32> = HashMap::new();
        let mut people_as_places: HashSet<String> = HashSet::new();
        found.each_article(&mut |a| {
            for f in a.found.iter().filter(|f| f.kind == EntityKind::Per) {
                match people.get_mut(f.key.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        people.insert(f.key.clone(), 1);
                    }
                }
            }
            people_as_places.extend(places_written_as_people(names, a.found));
            for f in a.found.iter().filter(|f| f.kind != EntityKind::Per) {
                let t = match tallies.get_mut(f.key.as_str()) {
                    Some(t) => t,
                    None => tallies.entry(f.key.clone()).or_default(),
                };
                let lead = lead_preposition(rules, f).is_some();
                match f.kind {
                    EntityKind::Loc if lead => t.loc_lead += 1,
                    EntityKind::Loc => t.loc += 1,
                    EntityKind::NamedEvent if lead => t.event_lead += 1,
                    EntityKind::NamedEvent => t.event += 1,
                    _ => {}
                }
            }
        })?;
        let mut redirects = Redirects {
            rules,
            names,
            tallies,
            places: HashMap::new(),
            events: HashMap::new(),
            people_as_places: HashSet::new(),
            people_trimmed: HashMap::new(),
        };
        // Places and events counted under the key they have once prepositions are cut off.
        let mut places: HashMap<&str, u32> = HashMap::new();
        let mut events: HashMap<&str, u32> = HashMap::new();
        for (key, t) in &redirects.tallies {
            let trimmed = redirects.trimmed(key).unwrap_or(key);
            add(&mut places, key, t.loc);
            add(&mut places, trimmed, t.loc_lead);
            add(&mut events, key, t.event);
            add(&mut events, trimmed, t.event_lead);
        }
        for key in &people_as_places {
            add(
                &mut places,
                key,
                people.get(key.as_str()).copied().unwrap_or(0),
            );
        }
        let places = place_redirects(names, &places);
        let events = event_redirects(rules, &events);
        redirects.people_trimmed = people_after_prepositions(rules, &people);
        redirects.people_as_places = people_as_places;
        redirects.places = places;
        redirects.events = events;
        Ok(redirects)
    }

    /// `key` without its first character where that is a preposition and the rest is a key of
    /// something other than a person found in the bundle (so `同济大学`, `和田` keep theirs).
    fn trimmed<'k>(&self, key: &'k str) -> Option<&'k str> {
        let (_, rest) = after_lead_preposition(self.rules, key)?;
        self.tallies.contains_key(rest).then_some(rest)
    }

    /// Whether a person's key is a town of [`places_written_as_people`], with or without its
    /// division (the tagger also reads 费卢杰市 as a person).
    fn is_town_read_as_person(&self, key: &str) -> bool {
        !self.people_as_places.is_empty()
            && (self.people_as_places.contains(key)
                || division_stems(self.names, key).any(|stem| self.people_as_places.contains(stem)))
    }

    /// The key `f` counts under, with its surface form and start.
    fn resolve<'f>(&'f self, f: &'f Found) -> Resolved<'f> {
        let mut r = Resolved {
            key: &f.key,
            kind: f.kind,
            surface: &f.surface,
            start: f.start,
        };
        if f.kind == EntityKind::Per && self.is_town_read_as_person(&f.key) {
            r.kind = EntityKind::Loc;
        }
        if let Some(first) = lead_preposition(self.rules, f)
            && let Some(rest) = self.trimmed(&f.key)
        {
            r.key = rest;
            r.surface = &f.surface[first.len_utf8()..];
            r.start += 1;
        } else if r.kind == EntityKind::Per
            && let Some(rest) = self.people_trimmed.get(&f.key)
            && let Some(first) = f.key.chars().next()
            && let Some(surface) = f.surface.strip_prefix(first)
        {
            r.key = rest;
            r.surface = surface;
            r.start += 1;
        }
        let redirect = match r.kind {
            EntityKind::Loc => self.places.get(r.key),
            EntityKind::NamedEvent => self.events.get(r.key),
            _ => None,
        };
        if let Some(to) = redirect {
            r.key = to;
        }
        r
    }
}

/// Adds `n` mentions of `key` to `counts` (no entry for none).
fn add<'k>(counts: &mut HashMap<&'k str, u32>, key: &'k str, n: u32) {
    if n > 0 {
        *counts.entry(key).or_default() += n;
    }
}

/// The first character of `f`'s key where it could be a preposition the model glued before a
/// name (`对行业协会商会`): not a person, the surface starting with it too, two characters after.
fn lead_preposition(rules: &Rules, f: &Found) -> Option<char> {
    let (first, _) = after_lead_preposition(rules, &f.key)?;
    (f.kind != EntityKind::Per && f.surface.starts_with(first)).then_some(first)
}

/// `key`'s first character and the rest, where the first is a preposition and two characters
/// or more follow it (`对` + `行业协会商会`, `和` + `普京`).
fn after_lead_preposition<'k>(rules: &Rules, key: &'k str) -> Option<(char, &'k str)> {
    let mut cs = key.chars();
    let first = cs.next()?;
    let rest = cs.as_str();
    (rules.is_lead_preposition(first) && rest.chars().nth(1).is_some()).then_some((first, rest))
}

/// People's keys that read as a preposition before a person of the bundle (`和普京` → `普京`):
/// the first character a preposition, the rest of two characters or more and a person named
/// [`PERSON_TRIM_RATIO`] times as often as the whole, and [`PERSON_TRIM_MIN`] times at least.
/// Prepositions that are also surnames (于, 向) are why the rest must dominate.
fn people_after_prepositions(
    rules: &Rules,
    people: &HashMap<String, u32>,
) -> HashMap<String, String> {
    let mut trimmed = HashMap::new();
    for (key, &n) in people {
        if let Some((_, rest)) = after_lead_preposition(rules, key)
            && let Some(&m) = people.get(rest)
            && m >= PERSON_TRIM_MIN
            && m >= n.saturating_mul(PERSON_TRIM_RATIO)
        {
            trimmed.insert(key.clone(), rest.to_owned());
        }
    }
    trimmed
}

/// What pass 2 counts of one key.
#[derive(Default)]
struct Stats {
    kinds: HashMap<EntityKind, u32>,
    surfaces: HashMap<String, u32>,
    count: u32,
    reporter: u32,
    articles: Vec<ArticleId>,
}

/// Every key's counts (pass 2).
struct Counts(HashMap<String, Stats>);

impl Counts {
    fn count<S: FoundSource>(
        found: &mut S,
        redirects: &Redirects,
        names: &EntityLexicon,
    ) -> Result<Counts, S::Error> {
        let mut counts = Counts(HashMap::new());
        found.each_article(&mut |a| {
            for f in a.found {
                let r = redirects.resolve(f);
                counts.bump(r.key, r.kind, r.surface, f.reporter, a.article);
            }
            for name in a.credited {
                let name = names.fold_name(name);
                if !name.is_empty() {
                    counts.bump(&name, EntityKind::Per, &name, true, a.article);
                }
            }
        })?;
        Ok(counts)
    }

    fn bump(
        &mut self,
        key: &str,
        kind: EntityKind,
        surface: &str,
        reporter: bool,
        article: ArticleId,
    ) {
        // Keys and surfaces are copied only when first seen.
        let s = match self.0.get_mut(key) {
            Some(s) => s,
            None => self.0.entry(key.to_string()).or_default(),
        };
        *s.kinds.entry(kind).or_default() += 1;
        match s.surfaces.get_mut(surface) {
            Some(n) => *n += 1,
            None => {
                s.surfaces.insert(surface.to_string(), 1);
            }
        }
        s.count += 1;
        s.reporter += u32::from(reporter);
        if s.articles.last() != Some(&article) {
            s.articles.push(article);
        }
    }

    /// The entities, numbered in descending order of mentions (then by name), and each key's id.
    fn number(self) -> (Vec<Entity>, HashMap<String, EntityId>) {
        let mut keyed: Vec<(String, Stats)> = self.0.into_iter().collect();
        keyed.sort_unstable_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(&b.0)));
        let mut id_of = HashMap::with_capacity(keyed.len());
        let mut entities = Vec::with_capacity(keyed.len());
        for (i, (key, s)) in keyed.into_iter().enumerate() {
            let id = EntityId::new(i as u32);
            let kind = s
                .kinds
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(k, _)| *k)
                .unwrap_or(EntityKind::Per);
            let mut aliases: Vec<(String, u32)> =
                s.surfaces.into_iter().filter(|(a, _)| *a != key).collect();
            aliases.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut articles = s.articles;
            articles.sort_unstable();
            articles.dedup();
            entities.push(Entity {
                id,
                name: key.clone(),
                kind,
                aliases: aliases.into_iter().map(|(a, _)| a).collect(),
                role: (kind == EntityKind::Per && s.reporter * 2 > s.count)
                    .then_some(Role::Reporter),
                count: s.count,
                articles,
            });
            id_of.insert(key, id);
        }
        (entities, id_of)
    }
}

/// `进博会` joins `中国国际进口博览会` across the bundle when the abbreviation rule derives it
/// ([`Rules::abbreviates_event`]); of several full names, the most mentioned. `counts`: every
/// named event's key with its mentions.
fn event_redirects(rules: &Rules, counts: &HashMap<&str, u32>) -> HashMap<String, String> {
    type Counted<'a> = Vec<(&'a str, u32)>;
    let (short, long): (Counted, Counted) = counts
        .iter()
        .map(|(k, c)| (*k, *c))
        .partition(|(k, _)| k.chars().count() <= 4);
    let long: Vec<(Vec<char>, &str, u32)> = long
        .into_iter()
        .map(|(k, c)| (k.chars().collect(), k, c))
        .collect();
    let mut redirect = HashMap::new();
    for (s, _) in short {
        let sc: Vec<char> = s.chars().collect();
        let best = long
            .iter()
            .filter(|(lc, _, _)| rules.abbreviates_event(&sc, lc))
            .max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.1.cmp(a.1)));
        if let Some((_, l, _)) = best {
            redirect.insert(s.to_string(), l.to_string());
        }
    }
    redirect
}

/// The keys of an article's people (three characters or more) that the article also writes as
/// a place with an administrative division (哈尔科夫 beside 哈尔科夫州, 赫尔松 beside 赫尔松州):
/// towns the tagger read as people, transliterated names of towns and of people looking alike.
/// Only where both stand in one article: 奥斯汀 (a person) and 奥斯汀市 (a city) seldom do.
fn places_written_as_people<'a>(names: &'a EntityLexicon, found: &'a [Found]) -> Vec<String> {
    let stems = |f: &'a Found| division_stems(names, &f.key);
    // Most articles write no place of a long name with a division: nothing to look up.
    if !found
        .iter()
        .any(|f| f.kind == EntityKind::Loc && stems(f).next().is_some())
    {
        return Vec::new();
    }
    let people: HashSet<&str> = found
        .iter()
        .filter(|f| f.kind == EntityKind::Per && f.key.chars().nth(2).is_some())
        .map(|f| f.key.as_str())
        .collect();
    if people.is_empty() {
        return Vec::new();
    }
    let mut placed: Vec<String> = found
        .iter()
        .filter(|f| f.kind == EntityKind::Loc)
        .flat_map(|f| {
            stems(f)
                .filter(|stem| people.contains(stem))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    placed.sort_unstable();
    placed.dedup();
    placed
}

/// The names of three characters or more that `key` writes with an administrative division
/// (哈尔科夫州 → 哈尔科夫).
fn division_stems<'a>(names: &'a EntityLexicon, key: &'a str) -> impl Iterator<Item = &'a str> {
    names
        .admin_suffixes()
        .filter_map(move |suffix| key.strip_suffix(suffix))
        .filter(|stem| stem.chars().nth(2).is_some())
}

/// `北京市` and `北京` name one place wherever they occur: both keys become the more frequent
/// one. `counts`: every place's key with its mentions.
fn place_redirects(names: &EntityLexicon, counts: &HashMap<&str, u32>) -> HashMap<String, String> {
    let count = |name: &str| counts.get(name).copied().unwrap_or(0);
    let mut redirect: HashMap<String, String> = HashMap::new();
    // Joins `long` and `short` where the bundle names both, the less frequent redirecting to the
    // more frequent; whether it names `short`.
    let mut join = |long: &str, long_count: u32, short: &str| {
        if short.chars().count() < 2 {
            return false;
        }
        let Some(&short_count) = counts.get(short) else {
            return false;
        };
        let (from, to) = if (short_count, short) > (long_count, long) {
            (long, short)
        } else {
            (short, long)
        };
        // 朝阳 beside both 朝阳区 and 朝阳市 joins the more frequent (then the first in order),
        // whatever order the map yields them in.
        let better = |new: &str, old: &str| {
            (count(new), std::cmp::Reverse(new)) > (count(old), std::cmp::Reverse(old))
        };
        match redirect.get_mut(from) {
            Some(current) if better(to, current) => *current = to.to_string(),
            Some(_) => {}
            None => {
                redirect.insert(from.to_string(), to.to_string());
            }
        }
        true
    };
    // A district is no state of that name (哥伦比亚特区 is not 哥伦比亚), an autonomous prefecture
    // or county no province (海南藏族自治州 is in Qinghai, not 海南).
    let foreign_state = |short: &str| names.is_listed_place(short) && !names.is_in_china(short);
    for (&long, &long_count) in counts {
        // 新疆维吾尔自治区 → 新疆, beside 新疆维吾尔自治区 ↔ the fragment 新疆维吾尔 below.
        if let Some(short) = names
            .autonomous_stem(long)
            .filter(|short| long.ends_with("自治区") || !names.is_listed_place(short))
        {
            join(long, long_count, short);
        }
        // 北京市 ↔ 北京: the first suffix whose short form the bundle names.
        for suffix in names.admin_suffixes() {
            let Some(short) = long.strip_suffix(suffix) else {
                continue;
            };
            if suffix.ends_with("特区") && foreign_state(short) {
                continue;
            }
            if join(long, long_count, short) {
                break;
            }
        }
    }
    // A redirect to a name that itself redirects goes on to the end (新疆维吾尔 → 新疆维吾尔自治区
    // → 新疆); a cycle, which the frequency order rules out, would stop at the bound.
    let ends: Vec<(String, String)> = redirect
        .iter()
        .map(|(from, to)| {
            let mut end = to;
            for _ in 0..4 {
                match redirect.get(end) {
                    Some(next) if next != from => end = next,
                    _ => break,
                }
            }
            (from.clone(), end.clone())
        })
        .collect();
    redirect.extend(ends);
    redirect
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::Part;
    use crate::models::Models;
    use std::sync::LazyLock;

    static MODELS: LazyLock<Models> = LazyLock::new(|| Models::shipped().unwrap());

    fn found(kind: EntityKind, surface: &str) -> Found {
        let names = &MODELS.names;
        Found {
            part: Part::Paragraphs,
            index: 0,
            start: 0,
            end: surface.chars().count() as u32,
            kind,
            surface: surface.into(),
            key: names.fold_name(surface),
            reporter: false,
        }
    }

    /// Grouping's models with no tagger and no dictionary (grouping reads neither here).
    fn models() -> EntityModels<'static> {
        EntityModels {
            tag: &NO_TAGGER,
            rules: &MODELS.rules,
            dictionary: None,
            names: &MODELS.names,
        }
    }

    fn no_tagger(_: &str) -> Vec<crate::extract::ner::EntitySpan> {
        Vec::new()
    }

    static NO_TAGGER: fn(&str) -> Vec<crate::extract::ner::EntitySpan> = no_tagger;

    fn table(per_article: &[Vec<Found>]) -> EntityTable {
        let articles: Vec<Article> = (0..per_article.len())
            .map(|i| Article {
                id: ArticleId::from_index(i).unwrap(),
                ..Article::default()
            })
            .collect();
        let models = models();
        let source = InBundle {
            articles: &articles,
            found: per_article,
        };
        let Ok(table) = group(source, articles.len(), models);
        table
    }

    /// The entity the mention of `surface` names, by its name.
    fn entity_of<'t>(table: &'t EntityTable, surface: &str) -> Option<&'t str> {
        table
            .entities
            .iter()
            .find(|e| e.name == surface || e.aliases.iter().any(|a| a == surface))
            .map(|e| e.name.as_str())
    }

    #[test]
    fn a_short_place_beside_two_divisions_joins_the_more_frequent_one() {
        let places = |order: &[&str]| {
            let list = order.iter().map(|s| found(EntityKind::Loc, s)).collect();
            let table = table(&[list]);
            entity_of(&table, "朝阳").map(str::to_string)
        };
        let a = places(&["朝阳", "朝阳区", "朝阳区", "朝阳市", "朝阳市"]);
        let b = places(&["朝阳市", "朝阳市", "朝阳区", "朝阳区", "朝阳"]);
        assert_eq!(a, b);
        assert_eq!(
            a.as_deref(),
            Some("朝阳区"),
            "a tie goes to the first in order"
        );
        let c = places(&["朝阳", "朝阳区", "朝阳市", "朝阳市"]);
        assert_eq!(c.as_deref(), Some("朝阳市"));
        // An autonomous region joins the place before its ethnic group, as a province does.
        let t = table(&[vec![
            found(EntityKind::Loc, "新疆"),
            found(EntityKind::Loc, "新疆"),
            found(EntityKind::Loc, "新疆维吾尔自治区"),
        ]]);
        assert_eq!(t.entities.len(), 1, "{:?}", t.entities);
        assert_eq!(t.entities[0].name, "新疆");
        assert_eq!(t.entities[0].count, 3);
        // The fragment the tagger sometimes leaves, and the full name, are both 新疆.
        let t = table(&[vec![
            found(EntityKind::Loc, "新疆"),
            found(EntityKind::Loc, "新疆"),
            found(EntityKind::Loc, "新疆"),
            found(EntityKind::Loc, "新疆维吾尔自治区"),
            found(EntityKind::Loc, "新疆维吾尔自治区"),
            found(EntityKind::Loc, "新疆维吾尔"),
        ]]);
        assert_eq!(t.entities.len(), 1, "{:?}", t.entities);
        assert_eq!(t.entities[0].count, 6);
        // …but a prefecture named like a province, or a district like a state, stays apart.
        let t = table(&[vec![
            found(EntityKind::Loc, "海南"),
            found(EntityKind::Loc, "海南藏族自治州"),
            found(EntityKind::Loc, "哥伦比亚"),
            found(EntityKind::Loc, "哥伦比亚特区"),
        ]]);
        assert_eq!(t.entities.len(), 4, "{:?}", t.entities);
    }

    #[test]
    fn a_town_read_as_a_person_is_a_place_where_an_article_writes_it_with_a_division() {
        let (per, loc) = (EntityKind::Per, EntityKind::Loc);
        let t = table(&[
            vec![found(per, "哈尔科夫"), found(loc, "哈尔科夫州")],
            vec![found(per, "哈尔科夫")],
            vec![found(per, "哈尔科夫"), found(per, "哈尔科夫州")],
        ]);
        assert_eq!(t.entities.len(), 1, "{:?}", t.entities);
        assert_eq!(t.entities[0].kind, loc);
        assert_eq!(t.entities[0].count, 5);
        // A person and a city of that name in different articles stay apart; a two-character
        // name is a person whatever the bundle calls a place.
        let t = table(&[
            vec![found(per, "奥斯汀")],
            vec![found(loc, "奥斯汀市")],
            vec![found(per, "李庄"), found(loc, "李庄镇")],
        ]);
        let kind_of = |name: &str| t.entities.iter().find(|e| e.name == name).map(|e| e.kind);
        assert_eq!(kind_of("奥斯汀"), Some(per));
        assert_eq!(kind_of("奥斯汀市"), Some(loc));
        assert_eq!(kind_of("李庄"), Some(per));
    }

    #[test]
    fn a_glued_preposition_is_cut_off_where_the_rest_is_a_name_of_the_bundle() {
        let org = |s: &str| found(EntityKind::Org, s);
        // The rest is named in another article: the preposition goes, the mention moves on.
        let t = table(&[vec![org("对行业协会商会")], vec![org("行业协会商会")]]);
        assert_eq!(t.entities.len(), 1, "{:?}", t.entities);
        assert_eq!(t.entities[0].name, "行业协会商会");
        assert_eq!(t.entities[0].count, 2);
        let first = t.mentions.iter().find(|m| m.span.article.index() == 0);
        assert_eq!(first.map(|m| (m.span.start, m.span.end)), Some((1, 7)));
        // Alone, the name keeps its first character.
        let t = table(&[vec![org("对行业协会商会")]]);
        assert_eq!(t.entities[0].name, "对行业协会商会");
    }

    #[test]
    fn a_preposition_glued_before_a_person_goes_where_the_bundle_names_the_person_far_more() {
        let per = |s: &str| found(EntityKind::Per, s);
        let mut articles = vec![vec![per("和普京")]];
        articles.extend((0..3).map(|_| vec![per("普京")]));
        let t = table(&articles);
        assert_eq!(t.entities.len(), 1, "{:?}", t.entities);
        assert_eq!(t.entities[0].name, "普京");
        assert_eq!(t.entities[0].count, 4);
        let first = t.mentions.iter().find(|m| m.span.article.index() == 0);
        assert_eq!(first.map(|m| (m.span.start, m.span.end)), Some((1, 3)));
        // 于 is a surname too: a person named 于康震 stays whole beside as many mentions of 康震.
        let t = table(&[
            vec![per("于康震")],
            vec![per("于康震")],
            vec![per("康震")],
            vec![per("康震")],
        ]);
        let names: Vec<&str> = t.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"于康震"), "{names:?}");
        // Too few mentions of the rest to tell.
        let t = table(&[vec![per("向泽曼")], vec![per("泽曼")], vec![per("泽曼")]]);
        assert_eq!(t.entities.len(), 2, "{:?}", t.entities);
    }

    #[test]
    fn a_short_event_name_joins_the_most_mentioned_full_name() {
        let event = |s: &str| found(EntityKind::NamedEvent, s);
        let t = table(&[
            vec![event("中国国际进口博览会"), event("进博会")],
            vec![event("进博会")],
        ]);
        assert_eq!(t.entities.len(), 1, "{:?}", t.entities);
        assert_eq!(entity_of(&t, "进博会"), Some("中国国际进口博览会"));
        assert_eq!(t.entities[0].articles.len(), 2);
    }

    /// A source read from somewhere that can fail, as the merge's temporary file can.
    struct Failing;

    impl FoundSource for Failing {
        type Error = String;

        fn each_article(&mut self, _: &mut dyn FnMut(ArticleFound<'_>)) -> Result<(), String> {
            Err("cannot read".into())
        }
    }

    #[test]
    fn a_source_that_cannot_be_read_is_an_error() {
        let models = models();
        assert!(group(Failing, 0, models).is_err());
    }
}
