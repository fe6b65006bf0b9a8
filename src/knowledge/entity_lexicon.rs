//! [`EntityLexicon`]: the tables entity grouping reads (`assets/entities/`): titles after a
//! person's name, administrative suffixes, one-character place abbreviations, traditional
//! characters. Loaded once at the edge and passed in.

use crate::asset_text;
use crate::lexicon::{self, AssetText, LexiconError};
use std::collections::{HashMap, HashSet};

/// The grouping tables, parsed.
#[derive(Debug, Clone, Default)]
pub struct EntityLexicon {
    /// Titles and roles written after a name, longest first (副总理 before 总理).
    person_titles: Vec<String>,
    /// `市`, `省`, …: a place with and without one is one place.
    admin_suffixes: Vec<String>,
    /// Countries and provincial-level regions that have a one-character abbreviation.
    place_names: HashSet<String>,
    /// Characters that abbreviate some listed place.
    abbreviation_chars: HashSet<char>,
    /// The reading of an abbreviation when the article names no place starting with it: only the
    /// unambiguous ones (a character listed for one place).
    default_readings: HashMap<char, String>,
    /// Traditional → simplified.
    traditional: HashMap<char, char>,
}

/// The shipped tables, embedded.
pub struct EntityAssets {
    pub person_titles: AssetText,
    pub admin_suffixes: AssetText,
    pub place_abbreviations: AssetText,
    pub traditional: AssetText,
}

impl EntityAssets {
    pub fn shipped() -> EntityAssets {
        EntityAssets {
            person_titles: asset_text!("entities/person_titles.txt"),
            admin_suffixes: asset_text!("entities/admin_suffixes.txt"),
            place_abbreviations: asset_text!("entities/place_abbreviations.tsv"),
            traditional: asset_text!("entities/traditional.tsv"),
        }
    }
}

impl EntityLexicon {
    /// The tables of `assets/entities/`.
    pub fn shipped() -> Result<EntityLexicon, LexiconError> {
        EntityLexicon::parse(&EntityAssets::shipped())
    }

    /// Parses the four tables; a malformed row is an error naming file and line.
    pub fn parse(assets: &EntityAssets) -> Result<EntityLexicon, LexiconError> {
        let mut person_titles: Vec<String> = lexicon::words(assets.person_titles)
            .into_iter()
            .map(String::from)
            .collect();
        // Stable: equal lengths keep file order.
        person_titles.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        let admin_suffixes = lexicon::words(assets.admin_suffixes)
            .into_iter()
            .map(String::from)
            .collect();
        let mut places: Vec<(String, char)> = Vec::new();
        for row in lexicon::table(assets.place_abbreviations, 2, 2)? {
            let mut abbr = row.field(1).chars();
            let (Some(c), None) = (abbr.next(), abbr.next()) else {
                return Err(row.error("the abbreviation must be one character"));
            };
            places.push((row.field(0).to_string(), c));
        }
        let mut traditional = HashMap::new();
        for row in lexicon::table(assets.traditional, 2, 2)? {
            let one = |i: usize| {
                let mut cs = row.field(i).chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => Ok(c),
                    _ => Err(row.error("each column holds one character")),
                }
            };
            traditional.insert(one(0)?, one(1)?);
        }
        Ok(EntityLexicon {
            person_titles,
            admin_suffixes,
            place_names: places.iter().map(|(n, _)| n.clone()).collect(),
            abbreviation_chars: places.iter().map(|&(_, c)| c).collect(),
            default_readings: default_readings(&places),
            traditional,
        })
    }

    /// Folds a surface form: full-width ASCII to half-width, spaces dropped, middle-dot variants
    /// unified, common traditional characters to simplified.
    pub fn normalize(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{00B7}' | '\u{30FB}' | '\u{2022}' | '\u{FF65}' => '·',
                _ => c,
            };
            if c.is_whitespace() {
                continue;
            }
            out.push(self.traditional.get(&c).copied().unwrap_or(c));
        }
        out
    }

    /// Strips titles and roles written after a person's name (`习近平总书记`, `李强总理`); a name
    /// that is all title stays.
    pub fn strip_person_titles(&self, name: &str) -> String {
        let mut s = name;
        loop {
            let before = s.len();
            for t in &self.person_titles {
                if s.chars().count() > t.chars().count() + 1
                    && let Some(rest) = s.strip_suffix(t.as_str())
                {
                    s = rest;
                }
            }
            if s.len() == before {
                break;
            }
        }
        s.to_string()
    }

    /// The administrative suffixes (`市`, `省`, …) in file order.
    pub fn admin_suffixes(&self) -> impl Iterator<Item = &str> {
        self.admin_suffixes.iter().map(String::as_str)
    }

    /// Whether `s` is one of the administrative suffixes.
    pub fn is_admin_suffix(&self, s: &str) -> bool {
        self.admin_suffixes.iter().any(|a| a == s)
    }

    /// A country or provincial-level region with a one-character abbreviation.
    pub fn is_abbreviated_place(&self, name: &str) -> bool {
        self.place_names.contains(name)
    }

    /// A character that abbreviates some listed place.
    pub fn is_abbreviation(&self, c: char) -> bool {
        self.abbreviation_chars.contains(&c)
    }

    /// The one place `c` stands for when the article names none starting with it.
    pub fn default_reading(&self, c: char) -> Option<&str> {
        self.default_readings.get(&c).map(String::as_str)
    }
}

/// The first listed place of each character that abbreviates exactly one place.
fn default_readings(places: &[(String, char)]) -> HashMap<char, String> {
    let mut map: HashMap<char, String> = HashMap::new();
    let mut ambiguous = Vec::new();
    for (name, abbr) in places {
        match map.get(abbr) {
            Some(prev) if prev != name => ambiguous.push(*abbr),
            Some(_) => {}
            None => {
                map.insert(*abbr, name.clone());
            }
        }
    }
    for a in ambiguous {
        map.remove(&a);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> EntityLexicon {
        EntityLexicon::shipped().unwrap()
    }

    #[test]
    fn titles_are_stripped_from_person_names() {
        let l = shipped();
        assert_eq!(l.strip_person_titles("习近平总书记"), "习近平");
        assert_eq!(l.strip_person_titles("习近平同志"), "习近平");
        assert_eq!(l.strip_person_titles("李强总理"), "李强");
        assert_eq!(l.strip_person_titles("托卡耶夫总统"), "托卡耶夫");
        assert_eq!(l.strip_person_titles("总理"), "总理");
    }

    #[test]
    fn surface_forms_are_normalised() {
        let l = shipped();
        assert_eq!(l.normalize("ＳＫ集团"), "SK集团");
        assert_eq!(l.normalize("许 可"), "许可");
        assert_eq!(l.normalize("阿卜杜拉・阿卜杜拉"), "阿卜杜拉·阿卜杜拉");
        assert_eq!(l.normalize("中國"), "中国");
    }

    #[test]
    fn ambiguous_abbreviations_have_no_default_reading() {
        let places = [
            ("甲国".to_string(), '甲'),
            ("甲省".to_string(), '甲'),
            ("乙国".to_string(), '乙'),
        ];
        let readings = default_readings(&places);
        assert_eq!(readings.get(&'乙').map(String::as_str), Some("乙国"));
        assert!(!readings.contains_key(&'甲'));
    }

    #[test]
    fn a_malformed_row_names_its_file_and_line() {
        let assets = EntityAssets {
            place_abbreviations: AssetText {
                path: "p.tsv",
                text: "# c\n中国\t中\n美国\t美国\n",
            },
            ..EntityAssets::shipped()
        };
        let err = EntityLexicon::parse(&assets).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the abbreviation must be one character: p.tsv:3"
        );
    }
}
