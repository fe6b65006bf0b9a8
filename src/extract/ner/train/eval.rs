//! Scoring the tagger on gold sentences: exact-span precision, recall and F1 per kind.

use super::data::GoldLine;
use crate::extract::ner::{EntityKind, EntitySpan, Ner};
use rayon::prelude::*;

/// True positives, false positives and false negatives per kind.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Exact-span scores per model kind, plus micro totals.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub per_kind: [Counts; 3],
}

impl Scores {
    /// Adds one sentence.
    pub fn add(&mut self, gold: &[EntitySpan], predicted: &[EntitySpan]) {
        for (k, kind) in EntityKind::MODEL_KINDS.iter().enumerate() {
            let g: Vec<_> = gold.iter().filter(|s| s.kind == *kind).collect();
            let p: Vec<_> = predicted.iter().filter(|s| s.kind == *kind).collect();
            let tp = p.iter().filter(|s| g.contains(s)).count();
            let c = &mut self.per_kind[k];
            c.tp += tp;
            c.fp += p.len() - tp;
            c.fn_ += g.len() - tp;
        }
    }

    pub fn kind(&self, kind: EntityKind) -> Counts {
        EntityKind::MODEL_KINDS
            .iter()
            .position(|k| *k == kind)
            .map(|i| self.per_kind[i])
            .unwrap_or_default()
    }

    pub fn micro(&self) -> Counts {
        self.per_kind.iter().fold(Counts::default(), |a, c| Counts {
            tp: a.tp + c.tp,
            fp: a.fp + c.fp,
            fn_: a.fn_ + c.fn_,
        })
    }

    /// A small table: kind, precision, recall, F1, gold count.
    pub fn table(&self) -> String {
        let mut out = String::from("kind  precision  recall  f1      gold\n");
        let row = |name: &str, c: Counts| {
            format!(
                "{name:<5} {:.4}     {:.4}  {:.4}  {}\n",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp + c.fn_
            )
        };
        for kind in EntityKind::MODEL_KINDS {
            out += &row(kind.as_str(), self.kind(kind));
        }
        out += &row("micro", self.micro());
        out
    }
}

/// Tags every gold line (in parallel when `parallel`) and scores the result.
pub fn evaluate(ner: &Ner, gold: &[GoldLine], parallel: bool) -> Scores {
    score(gold, &predict(ner, gold, parallel))
}

/// The spans `ner` tags in every gold line (in parallel when `parallel`).
pub fn predict(ner: &Ner, gold: &[GoldLine], parallel: bool) -> Vec<Vec<EntitySpan>> {
    if parallel {
        gold.par_iter().map(|g| ner.tag(&g.text)).collect()
    } else {
        gold.iter().map(|g| ner.tag(&g.text)).collect()
    }
}

/// Scores predicted spans (one list per gold line) against the gold.
pub fn score(gold: &[GoldLine], predicted: &[Vec<EntitySpan>]) -> Scores {
    let mut scores = Scores::default();
    for (g, p) in gold.iter().zip(predicted) {
        scores.add(&g.spans, p);
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, kind: EntityKind) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

    #[test]
    fn scores_count_exact_spans_only() {
        let mut s = Scores::default();
        let gold = [span(0, 2, EntityKind::Per), span(3, 5, EntityKind::Loc)];
        let pred = [span(0, 2, EntityKind::Per), span(3, 6, EntityKind::Loc)];
        s.add(&gold, &pred);
        assert_eq!(s.kind(EntityKind::Per).f1(), 1.0);
        assert_eq!(s.kind(EntityKind::Loc).tp, 0);
        let m = s.micro();
        assert_eq!((m.tp, m.fp, m.fn_), (1, 1, 1));
        assert!((m.f1() - 0.5).abs() < 1e-9);
    }
}
