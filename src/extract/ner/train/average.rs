//! Averaging CRFs (`kanbao average-ner`): one model whose every weight is the mean of the
//! members' weights, each member's quantised weights first turned into log-potentials by its
//! temperature (the scale calibrated on dev, [`super::span::calibrate`]). A CRF's scores are
//! linear in its weights, so the average is the members' product of experts (their geometric
//! mean, renormalised over tag sequences) and tags as fast as one model. Members trained on
//! different data (the training set and copies of it with names replaced, [`super::augment`])
//! average into a better tagger; members trained on the same data with other settings do not.

use crate::extract::ner::model::{ModelParts, NT};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AverageError {
    #[error("no models to average")]
    Empty,
    #[error(
        "the models were trained with different clusters (train them with --clusters-from one model)"
    )]
    Clusters,
    #[error("a model with an emission network cannot be averaged")]
    Network,
    #[error("a model's scale must be positive and finite, not {0}")]
    Scale(f64),
}

/// The mean of `members` (each a model and the log-potential of one of its weight units), with
/// mean log-potentials below `prune` in magnitude set to zero and features left with none
/// dropped, extracting the feature groups of all members; returns the model and the
/// log-potential of its weight unit.
pub fn average(
    members: &[(&ModelParts, f64)],
    prune: f64,
) -> Result<(ModelParts, f64), AverageError> {
    let (first, _) = members.first().ok_or(AverageError::Empty)?;
    for (parts, scale) in members {
        if parts.clusters != first.clusters {
            return Err(AverageError::Clusters);
        }
        if parts.net.is_some() {
            return Err(AverageError::Network);
        }
        if !(scale.is_finite() && *scale > 0.0) {
            return Err(AverageError::Scale(*scale));
        }
    }
    let mut keys: Vec<u64> = members
        .iter()
        .flat_map(|(parts, _)| parts.keys.iter().copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let share = 1.0 / members.len() as f64;
    let mut mean = vec![0f64; keys.len() * NT];
    let mut trans = [[0f64; NT]; NT + 1];
    for (parts, scale) in members {
        // Both key lists are sorted: one walk through the union places every feature.
        let mut at = 0;
        for (f, key) in parts.keys.iter().enumerate() {
            at += keys[at..].partition_point(|k| k < key);
            let row = &mut mean[at * NT..(at + 1) * NT];
            for (m, &w) in row.iter_mut().zip(&parts.weights[f * NT..(f + 1) * NT]) {
                *m += f64::from(w) * scale * share;
            }
        }
        for (sum, row) in trans.iter_mut().zip(&parts.trans) {
            for (m, &w) in sum.iter_mut().zip(row) {
                *m += f64::from(w) * scale * share;
            }
        }
    }
    let max = mean
        .iter()
        .chain(trans.iter().flatten())
        .fold(0f64, |m, v| m.max(v.abs()))
        .max(1e-12);
    let unit = max / 32_000.0;
    let q = |v: f64| {
        if v.abs() < prune {
            0
        } else {
            (v / unit).round().clamp(-32_767.0, 32_767.0) as i16
        }
    };
    // A member without a feature group has no weight there: the average extracts every group
    // some member has.
    let mut out = ModelParts {
        flags: members.iter().fold(0, |f, (parts, _)| f | parts.flags),
        clusters: first.clusters.clone(),
        ..ModelParts::default()
    };
    for (f, &key) in keys.iter().enumerate() {
        let row: Vec<i16> = mean[f * NT..(f + 1) * NT].iter().map(|&v| q(v)).collect();
        if row.iter().any(|&w| w != 0) {
            out.keys.push(key);
            out.weights.extend_from_slice(&row);
        }
    }
    for (to, row) in out.trans.iter_mut().zip(&trans) {
        for (t, &v) in to.iter_mut().zip(row) {
            *t = (v / unit).round() as i32;
        }
    }
    Ok((out, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model with one weight per feature, on tag 0, and one transition.
    fn model(features: &[(u64, i16)], transition: i32) -> ModelParts {
        let mut parts = ModelParts {
            flags: 63,
            ..ModelParts::default()
        };
        for &(key, w) in features {
            parts.keys.push(key);
            let mut row = [0i16; NT];
            row[0] = w;
            parts.weights.extend_from_slice(&row);
        }
        parts.trans[1][2] = transition;
        parts
    }

    /// Feature `key`'s weight on tag 0, as a log-potential.
    fn potential(parts: &ModelParts, unit: f64, key: u64) -> Option<f64> {
        let f = parts.keys.binary_search(&key).ok()?;
        Some(f64::from(parts.weights[f * NT]) * unit)
    }

    #[test]
    fn the_mean_is_taken_over_log_potentials_and_the_union_of_features() {
        let a = model(&[(1, 1000), (5, -400)], 200);
        let b = model(&[(5, -100), (9, 3000)], 600);
        // a's unit is twice b's: a's 1000 and b's 2000 weigh the same.
        let (avg, unit) = average(&[(&a, 2e-3), (&b, 1e-3)], 0.0).expect("averages");
        assert_eq!(avg.keys, vec![1, 5, 9]);
        let close = |x: Option<f64>, y: f64| (x.expect("present") - y).abs() < 1e-3;
        assert!(close(potential(&avg, unit, 1), 1.0));
        assert!(close(potential(&avg, unit, 5), (-0.8 - 0.1) / 2.0));
        assert!(close(potential(&avg, unit, 9), 1.5));
        assert!((f64::from(avg.trans[1][2]) * unit - (0.4 + 0.6) / 2.0).abs() < 1e-3);
        // A model averaged with itself keeps its log-potentials.
        let (same, unit) = average(&[(&a, 2e-3), (&a, 2e-3)], 0.0).expect("averages");
        assert!(close(potential(&same, unit, 1), 2.0));
        assert!(close(potential(&same, unit, 5), -0.8));
    }

    #[test]
    fn weak_means_are_pruned_and_mismatched_models_refused() {
        let a = model(&[(1, 1000), (5, 10)], 0);
        let b = model(&[(1, 1000)], 0);
        let (avg, _) = average(&[(&a, 1e-3), (&b, 1e-3)], 0.01).expect("averages");
        // Feature 5's mean, 0.005, is below the prune level: gone.
        assert_eq!(avg.keys, vec![1]);
        // Members with other feature groups add theirs.
        let mut wide = model(&[(1, 1)], 0);
        wide.flags = 127;
        let (both, _) = average(&[(&a, 1e-3), (&wide, 1e-3)], 0.0).expect("averages");
        assert_eq!(both.flags, 127);
        assert_eq!(average(&[], 0.0).err(), Some(AverageError::Empty));
        assert!(matches!(
            average(&[(&a, f64::NAN)], 0.0),
            Err(AverageError::Scale(_))
        ));
        let mut clustered = model(&[(1, 1)], 0);
        clustered.clusters = Some(Default::default());
        assert_eq!(
            average(&[(&a, 1e-3), (&clustered, 1e-3)], 0.0).err(),
            Some(AverageError::Clusters)
        );
    }
}
