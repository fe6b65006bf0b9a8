//! An ensemble of CRFs that read the data differently (other sentence orders, other training
//! folds): each CRF's posterior tag marginals at its own temperature, averaged, decoded under
//! the BIOES constraints; the organization pass ([`super::span`]) then reads the members' mean
//! span probabilities.

use super::lattice::Lattice;
use super::model::{self, Model, NT};

/// A CRF beside the tagger's own, with the temperature that calibrates its posteriors.
#[derive(Debug)]
pub struct Member {
    pub model: Model,
    pub scale: f64,
    /// Whether its features are the tagger's (same groups, same clusters), so the tagger's
    /// features of a window serve it too.
    pub shares_features: bool,
}

impl Member {
    /// A member beside `tagger`, its posteriors scaled by `scale`.
    pub fn new(model: Model, scale: f64, tagger: &Model) -> Member {
        let shares_features = model.flags == tagger.flags && model.clusters == tagger.clusters;
        Member {
            model,
            scale,
            shares_features,
        }
    }
}

/// The tags of greatest total log mean marginal over the posteriors `lattices` (all of one
/// window), under the BIOES constraints; `mean` and `back` are buffers.
pub fn decode_mean(
    lattices: &[Lattice],
    mean: &mut Vec<f64>,
    back: &mut Vec<u8>,
    tags: &mut Vec<u8>,
) {
    let Some(first) = lattices.first() else {
        tags.clear();
        return;
    };
    let share = 1.0 / lattices.len() as f64;
    mean.clear();
    mean.extend(first.marg.iter().map(|p| p * share));
    for lat in &lattices[1..] {
        for (m, p) in mean.iter_mut().zip(&lat.marg) {
            *m += p * share;
        }
    }
    for m in mean.iter_mut() {
        *m = m.max(1e-12).ln();
    }
    model::viterbi(mean, &[[0.0; NT]; NT + 1], back, tags);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ner::model::{Part, tag_id};
    use crate::extract::ner::span::exp_transitions;

    /// Posteriors of a lattice whose emissions favour `tags` by `strength`.
    fn lattice(tags: &[u8], strength: f64) -> Lattice {
        let mut lat = Lattice::default();
        lat.emit.resize(tags.len() * NT, 0.0);
        for (i, &t) in tags.iter().enumerate() {
            lat.emit[i * NT + t as usize] = strength;
        }
        lat.forward_backward(&exp_transitions(&[[0; NT]; NT + 1], 1.0), None);
        lat
    }

    #[test]
    fn the_mean_of_posteriors_follows_the_surer_member_and_keeps_the_constraints() {
        let org = |p| tag_id(2, p);
        let name = [org(Part::Begin), org(Part::Inside), org(Part::End), 0];
        let other = [0, 0, 0, 0];
        let (mut mean, mut back, mut tags) = (Vec::new(), Vec::new(), Vec::new());
        decode_mean(
            &[lattice(&name, 6.0), lattice(&other, 1.0)],
            &mut mean,
            &mut back,
            &mut tags,
        );
        assert_eq!(tags, name);
        decode_mean(
            &[lattice(&name, 1.0), lattice(&other, 6.0)],
            &mut mean,
            &mut back,
            &mut tags,
        );
        assert_eq!(tags, other);
        // Marginals that favour a lone inside tag still decode to whole names.
        let mut lone = Lattice::default();
        lone.marg = vec![0.1 / (NT - 1) as f64; 4 * NT];
        for (i, row) in lone.marg.chunks_exact_mut(NT).enumerate() {
            row[if i == 1 {
                org(Part::Inside) as usize
            } else {
                0
            }] = 0.9;
        }
        decode_mean(&[lone], &mut mean, &mut back, &mut tags);
        assert_eq!(model::spans_to_tags(4, &model::tags_to_spans(&tags)), tags);
        decode_mean(&[], &mut mean, &mut back, &mut tags);
        assert!(tags.is_empty());
    }
}
