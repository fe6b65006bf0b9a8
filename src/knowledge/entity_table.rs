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
        let Some(e) = self.entities.get(entity.index()) else {
            return Vec::new();
        };
        let mut counts: HashMap<EntityId, u32> = HashMap::new();
        for &a in &e.articles {
            let mut seen: Vec<EntityId> = self
                .article_mentions(a)
                .iter()
                .map(|m| m.entity)
                .filter(|&id| id != entity)
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for id in seen {
                *counts.entry(id).or_default() += 1;
            }
        }
        let mut v: Vec<(EntityId, u32)> = counts.into_iter().collect();
        v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(limit);
        v
    }
}
