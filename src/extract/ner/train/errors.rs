//! Where the tagger's errors of one kind are (`kanbao eval-ner --errors`): every gold name sorted
//! into found, wrong kind, wrong boundary, both or missed, every predicted name not in the gold
//! into overlapping a gold name or spurious; split by whether the name occurs in the training
//! data (seen or unseen), by its length and by its last character (the class suffix of an
//! organization: 局, 队, 公司).

use super::data::GoldLine;
use crate::extract::ner::{EntityKind, EntitySpan};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// What happened to one gold name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// The same span with the same kind.
    Found,
    /// The same span with another kind.
    Kind,
    /// An overlapping span of the same kind with other boundaries.
    Boundary,
    /// An overlapping span of another kind with other boundaries.
    KindAndBoundary,
    /// No predicted span overlaps it.
    Missed,
}

impl Outcome {
    const ALL: [Outcome; 5] = [
        Outcome::Found,
        Outcome::Kind,
        Outcome::Boundary,
        Outcome::KindAndBoundary,
        Outcome::Missed,
    ];

    fn label(self) -> &'static str {
        match self {
            Outcome::Found => "found",
            Outcome::Kind => "kind",
            Outcome::Boundary => "boundary",
            Outcome::KindAndBoundary => "kind+boundary",
            Outcome::Missed => "missed",
        }
    }
}

/// Found / gold / predicted counts of one group of names.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub gold: usize,
    pub found: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Tally {
    fn f(a: usize, b: usize) -> f64 {
        if b == 0 { 0.0 } else { a as f64 / b as f64 }
    }
    pub fn recall(&self) -> f64 {
        Tally::f(self.found, self.gold)
    }
    pub fn precision(&self) -> f64 {
        Tally::f(self.correct, self.predicted)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// The error analysis of one kind over a gold set.
#[derive(Debug, Default)]
pub struct ErrorReport {
    /// Gold names by outcome, split seen (`[0]`) and unseen (`[1]`).
    pub outcomes: BTreeMap<Outcome, [usize; 2]>,
    /// Predicted names matching no gold name exactly: overlapping one, or spurious (seen, unseen).
    pub overlapping: [usize; 2],
    pub spurious: [usize; 2],
    pub seen: Tally,
    pub unseen: Tally,
    pub by_length: BTreeMap<usize, Tally>,
    pub by_suffix: BTreeMap<char, Tally>,
    /// A few examples per outcome (gold name → what was predicted there), and of spurious names.
    examples: BTreeMap<&'static str, Vec<String>>,
}

/// Length groups: 1–2, 3–4, 5–6, 7–9, 10+ characters (the group's smallest length).
fn length_group(n: usize) -> usize {
    match n {
        0..=2 => 1,
        3..=4 => 3,
        5..=6 => 5,
        7..=9 => 7,
        _ => 10,
    }
}

const EXAMPLES: usize = 12;

/// The names of `kind` in the training data.
pub fn known_names(train: &[GoldLine], kind: EntityKind) -> HashSet<String> {
    train
        .iter()
        .flat_map(|g| {
            let chars: Vec<char> = g.text.chars().collect();
            g.spans
                .iter()
                .filter(|s| s.kind == kind && s.end <= chars.len())
                .map(|s| chars[s.start..s.end].iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn overlaps(a: &EntitySpan, b: &EntitySpan) -> bool {
    a.start < b.end && b.start < a.end
}

impl ErrorReport {
    /// Sorts the names of `kind` in `gold` against `predicted` (one list per gold line).
    pub fn new(
        gold: &[GoldLine],
        predicted: &[Vec<EntitySpan>],
        known: &HashSet<String>,
        kind: EntityKind,
    ) -> ErrorReport {
        let mut report = ErrorReport::default();
        for (g, p) in gold.iter().zip(predicted) {
            let chars: Vec<char> = g.text.chars().collect();
            let text = |s: &EntitySpan| -> String {
                chars[s.start.min(chars.len())..s.end.min(chars.len())]
                    .iter()
                    .collect()
            };
            for s in g.spans.iter().filter(|s| s.kind == kind) {
                let name = text(s);
                let unseen = usize::from(!known.contains(&name));
                let there: Vec<&EntitySpan> = p.iter().filter(|q| overlaps(q, s)).collect();
                let outcome = if p.contains(s) {
                    Outcome::Found
                } else if there.iter().any(|q| q.start == s.start && q.end == s.end) {
                    Outcome::Kind
                } else if there.iter().any(|q| q.kind == kind) {
                    Outcome::Boundary
                } else if !there.is_empty() {
                    Outcome::KindAndBoundary
                } else {
                    Outcome::Missed
                };
                report.outcomes.entry(outcome).or_default()[unseen] += 1;
                let found = usize::from(outcome == Outcome::Found);
                let last = name.chars().last().unwrap_or(' ');
                for tally in report.tallies(unseen == 1, s.end - s.start, last) {
                    tally.gold += 1;
                    tally.found += found;
                }
                if outcome != Outcome::Found {
                    let got: Vec<String> = there
                        .iter()
                        .map(|q| format!("{}/{}", text(q), q.kind))
                        .collect();
                    report.example(outcome.label(), format!("{name} → {}", got.join(" ")));
                }
            }
            for q in p.iter().filter(|q| q.kind == kind) {
                let name = text(q);
                let unseen = usize::from(!known.contains(&name));
                let correct = usize::from(g.spans.contains(q));
                let last = name.chars().last().unwrap_or(' ');
                for tally in report.tallies(unseen == 1, q.end - q.start, last) {
                    tally.predicted += 1;
                    tally.correct += correct;
                }
                if correct == 0 {
                    if g.spans.iter().any(|s| overlaps(s, q)) {
                        report.overlapping[unseen] += 1;
                    } else {
                        report.spurious[unseen] += 1;
                        report.example("spurious", format!("{name} in {}", g.text));
                    }
                }
            }
        }
        report
    }

    /// The tallies a name counts in: seen or unseen, its length group, its last character.
    fn tallies(&mut self, unseen: bool, chars: usize, last: char) -> [&mut Tally; 3] {
        [
            if unseen {
                &mut self.unseen
            } else {
                &mut self.seen
            },
            self.by_length.entry(length_group(chars)).or_default(),
            self.by_suffix.entry(last).or_default(),
        ]
    }

    fn example(&mut self, what: &'static str, line: String) {
        let list = self.examples.entry(what).or_default();
        if list.len() < EXAMPLES {
            list.push(line);
        }
    }

    /// The report as text: outcomes, seen and unseen, lengths, the commonest suffixes, examples.
    pub fn table(&self, suffixes: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "gold names   seen  unseen");
        for outcome in Outcome::ALL {
            let [s, u] = self.outcomes.get(&outcome).copied().unwrap_or_default();
            let _ = writeln!(out, "{:<13}{s:>5} {u:>7}", outcome.label());
        }
        let _ = writeln!(out, "predicted, not gold");
        let _ = writeln!(
            out,
            "{:<13}{:>5} {:>7}\n{:<13}{:>5} {:>7}",
            "overlapping",
            self.overlapping[0],
            self.overlapping[1],
            "spurious",
            self.spurious[0],
            self.spurious[1]
        );
        let row = |out: &mut String, name: &str, t: &Tally| {
            let _ = writeln!(
                out,
                "{name:<8} gold {:>5} predicted {:>5}  P {:.3} R {:.3} F1 {:.3}",
                t.gold,
                t.predicted,
                t.precision(),
                t.recall(),
                t.f1()
            );
        };
        row(&mut out, "seen", &self.seen);
        row(&mut out, "unseen", &self.unseen);
        for (len, t) in &self.by_length {
            row(&mut out, &format!("len {len}+"), t);
        }
        let mut common: Vec<(&char, &Tally)> = self.by_suffix.iter().collect();
        common.sort_by_key(|(c, t)| (std::cmp::Reverse(t.gold.max(t.predicted)), **c));
        for (c, t) in common.into_iter().take(suffixes) {
            row(&mut out, &format!("…{c}"), t);
        }
        for (what, list) in &self.examples {
            let _ = writeln!(out, "{what}:");
            for line in list {
                let _ = writeln!(out, "  {line}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, kind: EntityKind) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

    #[test]
    fn names_are_sorted_by_outcome_and_by_seen() {
        use EntityKind::{Loc, Org};
        // 新华社 found, 北京大学 cut short, 中国银行 taken for a place, 工商局 missed;
        // 上海 is spurious.
        let gold = vec![GoldLine {
            text: "新华社北京大学中国银行工商局上海".into(),
            spans: vec![
                span(0, 3, Org),
                span(3, 7, Org),
                span(7, 11, Org),
                span(11, 14, Org),
            ],
        }];
        let predicted = vec![vec![
            span(0, 3, Org),
            span(3, 5, Org),
            span(7, 11, Loc),
            span(14, 16, Org),
        ]];
        let known: HashSet<String> = ["新华社".to_string()].into();
        let r = ErrorReport::new(&gold, &predicted, &known, Org);
        assert_eq!(r.outcomes[&Outcome::Found], [1, 0]);
        assert_eq!(r.outcomes[&Outcome::Boundary], [0, 1]);
        assert_eq!(r.outcomes[&Outcome::Kind], [0, 1]);
        assert_eq!(r.outcomes[&Outcome::Missed], [0, 1]);
        assert_eq!(r.overlapping, [0, 1]);
        assert_eq!(r.spurious, [0, 1]);
        assert_eq!((r.seen.gold, r.seen.found), (1, 1));
        assert_eq!(
            (r.unseen.gold, r.unseen.predicted, r.unseen.correct),
            (3, 2, 0)
        );
        assert_eq!(r.by_suffix[&'局'].gold, 1);
        assert!(r.table(5).contains("北京大学 → 北京/ORG"), "{}", r.table(5));
    }
}
