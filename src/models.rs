//! [`Models`]: the shipped models and lexicons in one value, loaded once at the edge (the CLI's
//! commands, the app's analysis) and passed down, so the core has no hidden globals to reach for
//! and tests can pass small fakes.

use crate::extract::events::{EventLexicon, EventModels};
use crate::extract::ner::{Ner, NerError, Tagger};
use crate::extract::rules::Rules;
use crate::extract::times::TimeLexicon;
use crate::knowledge::entity_lexicon::EntityLexicon;
use crate::lexicon::LexiconError;
use std::sync::Arc;

/// Everything extraction and grouping read besides the text.
#[derive(Debug)]
pub struct Models {
    /// The PER/LOC/ORG tagger with its dictionary.
    pub ner: Ner,
    /// The entity rules' lexicons (`assets/rules/`).
    pub rules: Rules,
    /// The event triggers and word lists (`assets/events/`).
    pub events: EventLexicon,
    /// The time words and calendar tables (`assets/times/`).
    pub times: TimeLexicon,
    /// The entity grouping tables (`assets/entities/`); shared with the entity table built.
    pub names: Arc<EntityLexicon>,
}

/// A shipped model or lexicon that does not load (a build from a broken checkout).
#[derive(Debug, thiserror::Error)]
pub enum ModelsError {
    #[error(transparent)]
    Ner(#[from] NerError),
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
}

impl Models {
    /// The models and lexicons embedded in the binary (the NER model takes a second to unpack).
    pub fn shipped() -> Result<Models, ModelsError> {
        // The tagger unpacks while the lexicons parse; plain threads, not rayon, for the reason
        // `Ner::shipped` gives (callers load these inside lazily initialised values).
        let (ner, rest) = std::thread::scope(|scope| {
            let ner = scope.spawn(Ner::shipped);
            let rest = (|| -> Result<_, ModelsError> {
                Ok((
                    Rules::shipped()?,
                    EventLexicon::shipped()?,
                    TimeLexicon::shipped()?,
                    EntityLexicon::shipped()?,
                ))
            })();
            (ner.join(), rest)
        });
        let (rules, events, times, names) = rest?;
        let ner = ner.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok(Models {
            ner,
            rules,
            events,
            times,
            names: Arc::new(names),
        })
    }

    /// What event extraction reads, with `tag` naming who a pronoun stands for (usually
    /// `self.ner`, or a wrapper of it that stops once a build is cancelled).
    pub fn event_models<'a>(&'a self, tag: &'a Tagger<'a>) -> EventModels<'a> {
        EventModels {
            lexicon: &self.events,
            times: &self.times,
            tag,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_models_load() {
        let models = Models::shipped().unwrap();
        assert!(models.ner.feature_count() > 100_000);
        assert!(!models.events.triggers.is_empty());
        assert!(!models.ner.tag("习近平在北京会见联合国秘书长。").is_empty());
    }
}
