//! The reduce of an analysis as separate steps, for articles whose findings come as a stream
//! (`kanbao merge`): the entities grouped from every article's mentions (read three times,
//! never held all at once: [`super::grouping`]), then the timeline merged from the event
//! candidates with their entities attached, a share of them at a time, each candidate
//! carrying its article's citation. [`Knowledge::build`] does the same in one go, with the
//! same results; these steps need neither the articles nor all of their findings at once.
//!
//! [`Knowledge::build`]: super::Knowledge::build

use super::entities::{Entity, EntityModels, Mention};
use super::entity_lexicon::EntityLexicon;
use super::grouping::{self, FoundSource, Placed};
use super::model::sentence_entities;
use super::timeline::{self, Citation, Event};
pub(crate) use super::timeline::{Rank, UniqueIds, ranked_order};
use crate::extract::events::EventCandidate;
use crate::extract::ner::lexicon::Lexicon;
use crate::extract::rules::Rules;
use crate::models::ModelsError;
use std::sync::Arc;

/// What grouping reads: the rule lexicons, the tagger's dictionary (the rules' word checks)
/// and the grouping tables; not the tagger, which grouping never calls (some 70 MB unpacked).
pub struct GroupingModels {
    rules: Rules,
    dictionary: Lexicon,
    names: Arc<EntityLexicon>,
}

impl GroupingModels {
    /// The shipped lexicons and tables.
    pub fn shipped() -> Result<GroupingModels, ModelsError> {
        Ok(GroupingModels {
            rules: Rules::shipped()?,
            dictionary: Lexicon::shipped()?,
            names: Arc::new(EntityLexicon::shipped()?),
        })
    }
}

/// The entities of a bundle from each article's mentions as found (`mentions` yields them in
/// bundle order, three times over), grouped as [`Knowledge::build`] groups them; `placed` is
/// told each article's mentions, sorted by place, as they are placed (and only then). `Err` if `mentions` cannot be read or `placed` fails.
///
/// [`Knowledge::build`]: super::Knowledge::build
pub fn group_entities<S: FoundSource>(
    mentions: S,
    models: &GroupingModels,
    placed: Placed<'_, S::Error>,
) -> Result<Vec<Entity>, S::Error> {
    // Grouping reads no text: the tagger is never called.
    let tag = |_: &str| Vec::new();
    let entity_models = EntityModels {
        tag: &tag,
        rules: &models.rules,
        dictionary: Some(&models.dictionary),
        names: &models.names,
    };
    grouping::group_placing(mentions, entity_models, placed)
}

/// Gives each of one article's event candidates the entities mentioned in its sentence
/// (`mentions`: the article's, sorted by place).
pub fn attach_entities_of(candidates: &mut [EventCandidate], mentions: &[Mention]) {
    for c in candidates {
        c.entities = sentence_entities(&c.sentence.span, mentions);
    }
}

/// The timeline is merged a share of the merge keys at a time ([`timeline_by_shares`]): event
/// candidates are set aside in this many shares.
pub const SHARES: usize = 64;

/// The share of a candidate (its headline aligned, [`align_headlines`]): candidates that could
/// merge share one.
pub fn share_of(candidate: &EventCandidate) -> usize {
    use std::hash::{Hash as _, Hasher as _};
    // A fixed hash: the same share on every run (the result does not depend on it).
    let mut hasher = std::hash::DefaultHasher::new();
    timeline::merge_key(candidate).hash(&mut hasher);
    (hasher.finish() % SHARES as u64) as usize
}

/// Aligns headline events with their articles' bodies ([`Timeline::merge`] does it first);
/// `candidates` must hold whole articles' candidates.
pub fn align_headlines(candidates: &mut [EventCandidate]) {
    timeline::align_headlines(candidates);
}

/// A candidate as the merge sets it aside: its place among the bundle's candidates (in
/// article order), its article's citation, the candidate (headline aligned).
pub type PlacedCandidate = (u64, Citation, EventCandidate);

/// The events of one share of candidates (their entities attached), each with its [`Rank`],
/// in timeline order ([`ranked_order`]): the events of all shares merged in that order are
/// the timeline [`Knowledge::build`] merges, once their ids are made unique ([`UniqueIds`]).
///
/// [`Knowledge::build`]: super::Knowledge::build
pub(crate) fn share_events(share: Vec<PlacedCandidate>) -> Vec<(Rank, Event)> {
    let mut places = Vec::new();
    let mut citations = Vec::new();
    let mut candidates = Vec::new();
    for (place, citation, candidate) in share {
        places.push(place);
        citations.push(citation);
        candidates.push(candidate);
    }
    let cite = |i: usize| citations.get(i).cloned().unwrap_or_default();
    let mut events = timeline::merge_aligned(
        &candidates,
        |i| places.get(i).copied().unwrap_or(u64::MAX),
        &cite,
    );
    events.sort_unstable_by(ranked_order);
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{LoadOptions, load_sample};
    use crate::knowledge::timeline::Timeline;

    #[test]
    fn a_timeline_merged_a_share_at_a_time_is_the_timeline_merged_at_once() {
        let models = crate::models::Models::shipped().unwrap();
        let bundle = load_sample(&LoadOptions::default());
        let tag = |text: &str| models.ner.tag(text);
        let events = models.event_models(&tag);
        let candidates = timeline::extract_candidates(&bundle.articles, events, &|_| Vec::new());
        assert!(candidates.len() > 20, "{} candidates", candidates.len());
        let at_once = Timeline::merge(candidates.clone(), &bundle.articles);
        let mut aligned = candidates;
        align_headlines(&mut aligned);
        let mut shares: Vec<Vec<PlacedCandidate>> = vec![Vec::new(); SHARES];
        for (place, c) in aligned.into_iter().enumerate() {
            let citation = Citation::of(&bundle.articles[c.article().index()]);
            shares[share_of(&c)].push((place as u64, citation, c));
        }
        assert!(shares.iter().filter(|s| !s.is_empty()).count() > 4);
        // The shares in any order, merged as `kanbao merge` merges their runs.
        let ranked: Vec<(Rank, Event)> = shares.into_iter().rev().flat_map(share_events).collect();
        let by_shares = Timeline::of_ranked(ranked);
        assert_eq!(by_shares.events, at_once.events);
    }
}
