//! Chinese surnames: the one list (`assets/names/surnames.txt`) that both splits space-less runs
//! of reporters' names in datelines and gives the NER features their surname cues.

use crate::lexicon::{AssetText, LexiconError, Sections};
use std::collections::HashMap;

/// The shipped list.
const SURNAMES: AssetText = crate::asset_text!("names/surnames.txt");

/// Single-character surnames ranked by frequency, and compound surnames (复姓).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surnames {
    /// Single-character surnames, most frequent first.
    single: Vec<char>,
    /// Rank of each single surname in `single` (0: the most frequent).
    rank: HashMap<char, usize>,
    /// Compound surnames (欧阳, 司马), in file order.
    compound: Vec<String>,
}

impl Surnames {
    /// The list shipped in `assets/names/surnames.txt`.
    pub fn shipped() -> Result<Surnames, LexiconError> {
        Surnames::parse(SURNAMES)
    }

    /// Reads `[single]` (one character each, most frequent first) and `[compound]` (two or more
    /// characters each) lists.
    pub fn parse(asset: AssetText) -> Result<Surnames, LexiconError> {
        Surnames::parse_text(asset.path, asset.text)
    }

    /// [`Surnames::parse`] of text read at run time (`file` names it in errors).
    pub fn parse_text(file: &str, text: &str) -> Result<Surnames, LexiconError> {
        let sections = Sections::parse_text(file, text, &["single", "compound"])?;
        let misplaced = |word: &str, wanted: &str| {
            LexiconError::new(
                file,
                line_of(text, word),
                format!("`{word}` is not {wanted}"),
            )
        };
        let mut surnames = Surnames::default();
        for word in sections.words("single") {
            let mut chars = word.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return Err(misplaced(word, "one character"));
            };
            surnames.rank.entry(c).or_insert(surnames.single.len());
            surnames.single.push(c);
        }
        for word in sections.words("compound") {
            if word.chars().count() < 2 {
                return Err(misplaced(word, "a compound surname"));
            }
            surnames.compound.push(word.clone());
        }
        Ok(surnames)
    }

    /// Single-character surnames, most frequent first.
    pub fn single(&self) -> &[char] {
        &self.single
    }

    /// Compound surnames, in file order.
    pub fn compound(&self) -> &[String] {
        &self.compound
    }

    /// Frequency rank of a single-character surname (0: the most frequent).
    pub fn rank(&self, c: char) -> Option<usize> {
        self.rank.get(&c).copied()
    }

    /// Whether `chars` spell a compound surname.
    pub fn is_compound(&self, chars: &[char]) -> bool {
        self.compound
            .iter()
            .any(|s| s.chars().eq(chars.iter().copied()))
    }
}

/// The 1-based line holding `word` (outside comments), for an error about it.
fn line_of(text: &str, word: &str) -> usize {
    text.lines()
        .position(|l| {
            l.split('#')
                .next()
                .is_some_and(|l| l.split_whitespace().any(|w| w == word))
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_list_reads() {
        let s = Surnames::shipped().expect("the shipped list parses");
        assert_eq!(s.single().len(), 397);
        assert_eq!(s.compound().len(), 34);
        assert_eq!(
            (s.rank('王'), s.rank('李'), s.rank('x')),
            (Some(0), Some(1), None)
        );
        assert!(s.is_compound(&['欧', '阳']) && !s.is_compound(&['欧']));
    }

    #[test]
    fn a_misplaced_word_names_file_and_line() {
        let text = "# c\n[single]\n王 李\n[compound]\n欧阳 张\n";
        let err = Surnames::parse_text("s.txt", text).unwrap_err();
        assert_eq!(err.to_string(), "`张` is not a compound surname: s.txt:5");
        let err = Surnames::parse_text("s.txt", "[single]\n王 欧阳\n").unwrap_err();
        assert_eq!(err.to_string(), "`欧阳` is not one character: s.txt:2");
        let err = Surnames::parse_text("s.txt", "[given]\n伟\n").unwrap_err();
        assert_eq!(err.to_string(), "unknown section [given]: s.txt:1");
    }
}
