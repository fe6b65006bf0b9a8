//! The entities of a bundle as the views and commands read them: each entity with its kind,
//! canonical name, aliases and articles, every mention by place, and the indexes by entity and
//! by article. [`super::entities`] finds and groups them; the store reads them back through
//! [`EntityTable::from_parts`].

use super::entity_lexicon::EntityLexicon;
use crate::bundle::{ArticleId, TextSpan};
use crate::extract::ner::EntityKind;
use crate::ids::EntityId;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// What a person is to the bundle: someone the news is about, or someone who wrote or photographed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Reporter,
}

/// One entity of a bundle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    pub id: EntityId,
    pub name: String,
    pub kind: EntityKind,
    /// Other surface forms seen for it, most frequent first.
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    pub count: u32,
    /// Articles it is mentioned in, ascending.
    pub articles: Vec<ArticleId>,
}

/// One mention of an entity: where it stands and which entity it names. Mentions order by
/// place first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Mention {
    #[serde(flatten)]
    pub span: TextSpan,
    pub entity: EntityId,
}

/// The entities of a bundle with every mention, sorted by (article, part, index, start).
#[derive(Debug, Clone, Default)]
pub struct EntityTable {
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    /// For each entity, the indexes of its mentions in `mentions`, in order.
    pub by_entity: Vec<Vec<u32>>,
    /// For each article id, the range of its mentions in `mentions`.
    pub by_article: Vec<std::ops::Range<u32>>,
    /// The tables names were folded with, to fold a name asked for the same way.
    names: Arc<EntityLexicon>,
}

impl EntityTable {
    /// The table of these entities and mentions (sorted by place, each naming an entity of
    /// `entities`), indexed by entity and by article; `articles` is the bundle's article count
    /// and `names` the tables the names were folded with. How grouping ends, and how the store
    /// reads a table back.
    pub fn from_parts(
        entities: Vec<Entity>,
        mentions: Vec<Mention>,
        articles: usize,
        names: Arc<EntityLexicon>,
    ) -> EntityTable {
        let mut by_entity = vec![Vec::new(); entities.len()];
        for (i, m) in mentions.iter().enumerate() {
            if let Some(list) = by_entity.get_mut(m.entity.index()) {
                list.push(i as u32);
            }
        }
        // Mentions are sorted by article: each article's run, in one pass.
        let mut by_article = Vec::with_capacity(articles);
        let mut i = 0;
        for article in 0..articles {
            let start = i;
            while mentions
                .get(i)
                .is_some_and(|m| m.span.article.index() == article)
            {
                i += 1;
            }
            by_article.push(start as u32..i as u32);
        }
        EntityTable {
            entities,
            mentions,
            by_entity,
            by_article,
            names,
        }
    }

    /// The tables names were folded with.
    pub fn names(&self) -> &Arc<EntityLexicon> {
        &self.names
    }

    /// Mentions of one article, in reading order of parts.
    pub fn article_mentions(&self, article: ArticleId) -> &[Mention] {
        match self.by_article.get(article.index()) {
            Some(r) => &self.mentions[r.start as usize..r.end as usize],
            None => &[],
        }
    }

    /// Mentions of one entity.
    pub fn entity_mentions(&self, entity: EntityId) -> impl Iterator<Item = &Mention> {
        self.by_entity
            .get(entity.index())
            .into_iter()
            .flatten()
            .map(|&i| &self.mentions[i as usize])
    }

    /// The entity whose canonical name or an alias equals `name` (folded as names are); the most
    /// mentioned one if several.
    pub fn find_by_name(&self, name: &str) -> Vec<EntityId> {
        let key = self.names.fold_name(name);
        let stripped = self.names.strip_person_titles(&key);
        self.entities
            .iter()
            .filter(|e| {
                e.name == key
                    || e.name == stripped
                    || e.aliases.iter().any(|a| *a == key || *a == stripped)
            })
            .map(|e| e.id)
            .collect()
    }

    /// `name` folded as entity names are (full-width, spaces, traditional characters).
    pub fn normalize(&self, name: &str) -> String {
        self.names.normalize(name)
    }

    /// Entities sharing articles with `entity`, most shared first: (entity, shared articles).
    pub fn co_occurring(&self, entity: EntityId, limit: usize) -> Vec<(EntityId, u32)> {
        let mut v = self.co_occurring_where(entity, |_| true, |_| true);
        v.truncate(limit);
        v
    }

    /// Entities that `kind` accepts sharing articles that `article` accepts with `entity`
    /// (e.g. a kind and a date range), most shared first, ties by id: (entity, shared articles).
    pub fn co_occurring_where(
        &self,
        entity: EntityId,
        article: impl Fn(ArticleId) -> bool,
        kind: impl Fn(&Entity) -> bool,
    ) -> Vec<(EntityId, u32)> {
        let Some(e) = self.entities.get(entity.index()) else {
            return Vec::new();
        };
        // Dense counters: a frequent entity's articles name a large share of all entities.
        let mut counts = vec![0u32; self.entities.len()];
        let mut last_article = vec![u32::MAX; self.entities.len()];
        let mut touched: Vec<usize> = Vec::new();
        for &a in e.articles.iter().filter(|&&a| article(a)) {
            for m in self.article_mentions(a) {
                let i = m.entity.index();
                if m.entity == entity || last_article.get(i) == Some(&a.get()) {
                    continue;
                }
                let (Some(seen), Some(count)) = (last_article.get_mut(i), counts.get_mut(i)) else {
                    continue;
                };
                *seen = a.get();
                if *count == 0 {
                    touched.push(i);
                }
                *count += 1;
            }
        }
        let mut v: Vec<(EntityId, u32)> = touched
            .into_iter()
            .filter_map(|i| {
                let other = self.entities.get(i).filter(|x| kind(x))?;
                Some((other.id, counts.get(i).copied().unwrap_or(0)))
            })
            .collect();
        v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// For each pair of `among` (by position), the articles naming both that also name
    /// `entity` and that `article` accepts: (i, j, shared) with i < j, pairs sharing none left
    /// out. The edges among an entity's neighbours.
    pub fn shared_among(
        &self,
        entity: EntityId,
        among: &[EntityId],
        article: impl Fn(ArticleId) -> bool,
    ) -> Vec<(usize, usize, u32)> {
        let Some(e) = self.entities.get(entity.index()) else {
            return Vec::new();
        };
        let position: HashMap<EntityId, usize> =
            among.iter().enumerate().map(|(i, &id)| (id, i)).collect();
        let n = among.len();
        let mut pairs = vec![0u32; n * n];
        let mut present: Vec<usize> = Vec::new();
        for &a in e.articles.iter().filter(|&&a| article(a)) {
            present.clear();
            present.extend(
                self.article_mentions(a)
                    .iter()
                    .filter_map(|m| position.get(&m.entity).copied()),
            );
            present.sort_unstable();
            present.dedup();
            for (x, &i) in present.iter().enumerate() {
                for &j in &present[x + 1..] {
                    pairs[i * n + j] += 1;
                }
            }
        }
        let mut v = Vec::new();
        for i in 0..n {
            for j in (i + 1)..n {
                let shared = pairs[i * n + j];
                if shared > 0 {
                    v.push((i, j, shared));
                }
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::Part;

    /// Four entities (0–2 people, 3 a place) over four articles: 0 and 1 meet in articles 0 and
    /// 1, 0 and 2 in article 1, 0 and 3 in articles 1 and 2; article 3 names 1 and 3 only.
    fn table() -> EntityTable {
        let kinds = [
            EntityKind::Per,
            EntityKind::Per,
            EntityKind::Per,
            EntityKind::Loc,
        ];
        let named: [&[u32]; 4] = [&[0, 1], &[0, 1, 2, 3], &[0, 3], &[1, 3]];
        let mut mentions = Vec::new();
        for (article, entities) in named.iter().enumerate() {
            for (i, &e) in entities.iter().enumerate() {
                mentions.push(Mention {
                    span: TextSpan::new(ArticleId::new(article as u32), Part::Title, 0, i, i + 1),
                    entity: EntityId::new(e),
                });
            }
        }
        // One entity named twice in an article counts once.
        mentions.push(Mention {
            span: TextSpan::new(ArticleId::new(0), Part::Title, 0, 5, 6),
            entity: EntityId::new(1),
        });
        mentions.sort();
        let entities = (0..4)
            .map(|e| Entity {
                id: EntityId::new(e),
                name: format!("e{e}"),
                kind: kinds[e as usize],
                aliases: Vec::new(),
                role: None,
                count: 1,
                articles: (0..4)
                    .filter(|&a| named[a].contains(&e))
                    .map(|a| ArticleId::new(a as u32))
                    .collect(),
            })
            .collect();
        EntityTable::from_parts(entities, mentions, 4, Arc::default())
    }

    #[test]
    fn co_occurring_counts_shared_articles_under_article_and_kind_filters() {
        let t = table();
        let e = |i| EntityId::new(i);
        assert_eq!(
            t.co_occurring(e(0), usize::MAX),
            [(e(1), 2), (e(3), 2), (e(2), 1)]
        );
        assert_eq!(t.co_occurring(e(0), 1), [(e(1), 2)]);
        let early = |a: ArticleId| a.index() < 2;
        assert_eq!(
            t.co_occurring_where(e(0), early, |_| true),
            [(e(1), 2), (e(2), 1), (e(3), 1)]
        );
        assert_eq!(
            t.co_occurring_where(e(0), |_| true, |x| x.kind == EntityKind::Loc),
            [(e(3), 2)]
        );
        assert!(t.co_occurring_where(e(9), |_| true, |_| true).is_empty());
    }

    #[test]
    fn shared_among_counts_pairs_within_the_entitys_articles() {
        let t = table();
        let e = |i| EntityId::new(i);
        // Within entity 0's articles, 1, 2 and 3 meet in article 1 only (article 3 does not
        // name entity 0).
        assert_eq!(
            t.shared_among(e(0), &[e(1), e(2), e(3)], |_| true),
            [(0, 1, 1), (0, 2, 1), (1, 2, 1)]
        );
        assert_eq!(
            t.shared_among(e(0), &[e(1), e(3)], |a| a.index() != 1),
            Vec::<(usize, usize, u32)>::new()
        );
    }
}
