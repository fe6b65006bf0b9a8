//! Mention replacement (`train-ner --augment`): copies of the training sentences in which every
//! name is another name of its kind, drawn from the training data, so that a context is seen
//! with many names and a name in many contexts (Dai and Adel, *An analysis of simple data
//! augmentation for named entity recognition*, COLING 2020). A model trained on them is a
//! member of an average (`kanbao average-ner`, [`super::average`]), not a tagger of its own.

use super::GoldLine;
use super::learner::Rng;
use crate::extract::ner::{EntityKind, EntitySpan};
use anyhow::Context as _;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// `copies` copies of every sentence of `lines` that holds a name of two characters or more,
/// each such name replaced by one drawn uniformly from the distinct names of its kind in
/// `lines` and in `more_names` (one-character names, such as the abbreviations 中 and 美, stay).
/// Deterministic for a `seed`; the copies follow the order of `lines`.
pub fn replace_mentions(
    lines: &[GoldLine],
    copies: usize,
    seed: u64,
    more_names: &[(EntityKind, String)],
) -> Vec<GoldLine> {
    let mut pools: HashMap<EntityKind, BTreeSet<String>> = HashMap::new();
    for (kind, name) in more_names.iter().filter(|(_, n)| n.chars().count() >= 2) {
        pools.entry(*kind).or_default().insert(name.clone());
    }
    for line in lines {
        let chars: Vec<char> = line.text.chars().collect();
        for s in line.spans.iter().filter(|s| replaceable(s, chars.len())) {
            let name = chars[s.start..s.end].iter().collect();
            pools.entry(s.kind).or_default().insert(name);
        }
    }
    let pools: HashMap<EntityKind, Vec<Vec<char>>> = pools
        .into_iter()
        .map(|(kind, names)| (kind, names.iter().map(|n| n.chars().collect()).collect()))
        .collect();
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for _ in 0..copies {
        for line in lines {
            let chars: Vec<char> = line.text.chars().collect();
            if !line.spans.iter().any(|s| replaceable(s, chars.len())) {
                continue;
            }
            let mut spans = line.spans.clone();
            spans.sort_by_key(|s| s.start);
            let (mut text, mut placed) = (Vec::with_capacity(chars.len()), Vec::new());
            let mut at = 0;
            for s in spans {
                // Overlapping gold spans (none in the data) are left out of the copy.
                if s.start < at || s.end > chars.len() {
                    continue;
                }
                text.extend_from_slice(&chars[at..s.start]);
                let name = match pools.get(&s.kind) {
                    Some(pool) if replaceable(&s, chars.len()) => &pool[rng.below(pool.len())][..],
                    _ => &chars[s.start..s.end],
                };
                let start = text.len();
                text.extend_from_slice(name);
                placed.push(EntitySpan {
                    start,
                    end: text.len(),
                    kind: s.kind,
                });
                at = s.end;
            }
            text.extend_from_slice(&chars[at..]);
            out.push(GoldLine {
                text: text.into_iter().collect(),
                spans: placed,
            });
        }
    }
    out
}

/// Names for [`replace_mentions`] from a file of `KIND<TAB>NAME` lines (blank lines skipped).
pub fn read_names(path: &Path) -> anyhow::Result<Vec<(EntityKind, String)>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading names from {}", path.display()))?;
    parse_names(&text).with_context(|| format!("in {}", path.display()))
}

fn parse_names(text: &str) -> anyhow::Result<Vec<(EntityKind, String)>> {
    let mut names = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (kind, name) = line
            .split_once('\t')
            .and_then(|(k, n)| Some((EntityKind::from_label(k.trim())?, n.trim())))
            .with_context(|| {
                format!(
                    "line {}: not KIND<TAB>NAME with KIND PER, LOC or ORG",
                    i + 1
                )
            })?;
        names.push((kind, name.to_string()));
    }
    Ok(names)
}

/// A name that is replaced: two characters or more, inside the sentence.
fn replaceable(s: &EntitySpan, len: usize) -> bool {
    s.end <= len && s.end >= s.start + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, spans: &[(usize, usize, EntityKind)]) -> GoldLine {
        GoldLine {
            text: text.into(),
            spans: spans
                .iter()
                .map(|&(start, end, kind)| EntitySpan { start, end, kind })
                .collect(),
        }
    }

    fn names(g: &GoldLine) -> Vec<(String, EntityKind)> {
        let chars: Vec<char> = g.text.chars().collect();
        g.spans
            .iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.kind))
            .collect()
    }

    fn data() -> Vec<GoldLine> {
        use EntityKind::{Loc, Org, Per};
        vec![
            line("李明在北京大学读书。", &[(0, 2, Per), (3, 7, Org)]),
            line("王小红访问上海。", &[(0, 3, Per), (5, 7, Loc)]),
            line("中美两国合作。", &[(0, 1, Loc), (1, 2, Loc)]),
            line("今天天气很好。", &[]),
            line("复旦大学在上海。", &[(0, 4, Org), (5, 7, Loc)]),
        ]
    }

    #[test]
    fn names_are_replaced_by_names_of_their_kind_and_the_rest_stays() {
        let data = data();
        let copies = replace_mentions(&data, 3, 7, &[]);
        // Sentences without a name of two characters are not copied.
        assert_eq!(copies.len(), 3 * 3);
        let pool = |kind| -> BTreeSet<String> {
            data.iter()
                .flat_map(names)
                .filter(|(n, k)| *k == kind && n.chars().count() >= 2)
                .map(|(n, _)| n)
                .collect()
        };
        let copied = data
            .iter()
            .filter(|l| l.spans.iter().any(|s| s.end - s.start >= 2));
        for (copy, original) in copies.iter().zip(copied.cycle()) {
            assert_eq!(copy.spans.len(), original.spans.len());
            for (name, kind) in names(copy) {
                assert!(
                    pool(kind).contains(&name),
                    "{name} is no {kind:?} of the data"
                );
            }
            // What lies outside the names is the original's.
            let outside = |g: &GoldLine| -> String {
                let chars: Vec<char> = g.text.chars().collect();
                let mut at = 0;
                let mut s = String::new();
                for span in &g.spans {
                    s.extend(&chars[at..span.start]);
                    s.push('|');
                    at = span.end;
                }
                s.extend(&chars[at..]);
                s
            };
            assert_eq!(outside(copy), outside(original));
        }
    }

    #[test]
    fn more_names_join_the_pools_of_their_kind() {
        let more = parse_names("ORG\t华为技术有限公司\n\nPER\t张三丰\nLOC\t西\n").unwrap();
        assert_eq!(more.len(), 3);
        assert!(parse_names("ORG 华为").is_err());
        assert!(parse_names("XYZ\t华为").is_err());
        let drawn: BTreeSet<String> = replace_mentions(&data(), 40, 3, &more)
            .iter()
            .flat_map(names)
            .map(|(n, _)| n)
            .collect();
        assert!(drawn.contains("华为技术有限公司"));
        assert!(drawn.contains("张三丰"));
        // One-character names join no pool.
        assert!(!drawn.contains("西"));
    }

    #[test]
    fn the_same_seed_gives_the_same_copies_and_one_character_names_stay() {
        let data = data();
        let texts = |seed| -> Vec<String> {
            replace_mentions(&data, 4, seed, &[])
                .into_iter()
                .map(|g| g.text)
                .collect()
        };
        assert_eq!(texts(1), texts(1));
        assert_ne!(texts(1), texts(2));
        let mut only_short = data.clone();
        only_short.truncate(3);
        only_short.remove(0);
        only_short.remove(0);
        assert!(replace_mentions(&only_short, 2, 1, &[]).is_empty());
        assert!(replace_mentions(&data, 0, 1, &[]).is_empty());
    }
}
