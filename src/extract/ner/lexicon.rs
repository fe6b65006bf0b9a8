//! Lexicons behind the lexical features: a segmentation dictionary with coarse part-of-speech
//! classes (from jieba-rs, see `assets/ner/README.md`) and hand lists of cue characters and words
//! (surnames, place and organization suffixes, transliteration characters, titles).
//! None of them lists the entities of the training data.

use super::NerError;
use super::chars::normalize;
use crate::names::Surnames;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Mixes a 64-bit value (splitmix64 finaliser); feature and word keys are built with it.
#[inline]
pub fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Extends the key of a character sequence by one normalised character.
#[inline]
pub fn seq_step(key: u64, code: u32) -> u64 {
    mix64(key.rotate_left(7) ^ u64::from(code) ^ 0x9E37_79B9_7F4A_7C15)
}

/// Hasher for keys that are already mixed.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix64(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = mix64(u64::from(n));
    }
}

/// A `HashMap` keyed by pre-mixed `u64`s.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

const PREFIX: u32 = 1 << 31;
const CLASS_MASK: u32 = 0x7F;
const FREQ_SHIFT: u32 = 7;
const FREQ_MAX: u32 = (1 << 24) - 1;

/// Words of 2+ characters with a small class value and a frequency each, matched at every
/// position of a line.
#[derive(Debug, Default)]
pub struct WordTable {
    map: KeyMap<u32>,
    max_len: usize,
}

impl WordTable {
    /// Adds a word (normalised on the way in); `value` must be below 0x80. The first entry wins.
    pub fn insert(&mut self, word: &str, value: u8, freq: u32) {
        let codes: Vec<u32> = word.chars().map(normalize).collect();
        if codes.len() < 2 {
            return;
        }
        let mut key = 0;
        for (i, &c) in codes.iter().enumerate() {
            key = seq_step(key, c);
            let entry = self.map.entry(key).or_insert(0);
            if i + 1 == codes.len() {
                if *entry & CLASS_MASK == 0 {
                    *entry |= u32::from(value) & CLASS_MASK;
                    *entry |= freq.clamp(1, FREQ_MAX) << FREQ_SHIFT;
                }
            } else {
                *entry |= PREFIX;
            }
        }
        self.max_len = self.max_len.max(codes.len());
    }

    /// Calls `f(len, value, freq)` for every word starting at `start`, shortest first.
    #[inline]
    pub fn for_each_match(&self, codes: &[u32], start: usize, mut f: impl FnMut(usize, u8, u32)) {
        let mut key = 0;
        let end = codes.len().min(start + self.max_len);
        for (i, &c) in codes.iter().enumerate().take(end).skip(start) {
            key = seq_step(key, c);
            let Some(&entry) = self.map.get(&key) else {
                return;
            };
            let len = i + 1 - start;
            if len >= 2 && entry & CLASS_MASK != 0 {
                f(
                    len,
                    (entry & CLASS_MASK) as u8,
                    (entry & !PREFIX) >> FREQ_SHIFT,
                );
            }
            if entry & PREFIX == 0 {
                return;
            }
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.map.values().filter(|v| **v & CLASS_MASK != 0).count()
    }

    /// Whether the table holds no word.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Coarse dictionary classes (jieba part-of-speech tags folded).
pub mod class {
    pub const WORD: u8 = 1;
    pub const PERSON: u8 = 2;
    pub const TRANSLIT: u8 = 3;
    pub const PLACE: u8 = 4;
    pub const ORG: u8 = 5;
    pub const PROPER: u8 = 6;
    pub const ABBREV: u8 = 7;
    pub const TIME: u8 = 8;
    pub const COUNT: u8 = 9;
}

/// Folds a jieba part-of-speech tag into a [`class`].
pub fn class_of_pos(pos: &str) -> u8 {
    match pos {
        "nr" | "nrfg" => class::PERSON,
        "nrt" => class::TRANSLIT,
        "ns" => class::PLACE,
        "nt" => class::ORG,
        "nz" => class::PROPER,
        "j" => class::ABBREV,
        "t" | "tg" => class::TIME,
        "m" | "mq" | "q" => class::COUNT,
        _ => class::WORD,
    }
}

/// All lexicons the features consult.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub dict: WordTable,
    /// Frequencies of single characters in the dictionary, for segmentation.
    pub char_freq: HashMap<u32, u32>,
    /// Natural log of the dictionary's total frequency.
    pub log_total: f64,
    /// Single-character surnames (compound ones are in `cue_words`).
    pub surnames: HashSet<u32>,
    /// Compound surnames (欧阳) and multi-char cues: org suffixes, place suffix words, titles.
    pub cue_words: WordTable,
    pub place_suffix: HashSet<u32>,
    pub org_suffix_char: HashSet<u32>,
    pub translit: HashSet<u32>,
    pub given_name: HashSet<u32>,
    /// Single characters of sports reports (队, 赛); longer ones are in `cue_words`.
    pub sport_char: HashSet<u32>,
}

/// Values in [`Lexicon::cue_words`].
pub mod cue {
    pub const SURNAME2: u8 = 1;
    pub const ORG_SUFFIX: u8 = 2;
    pub const PLACE_SUFFIX: u8 = 3;
    pub const TITLE: u8 = 4;
    /// Words of sports reports (决赛, 冠军): a country there is often a team.
    pub const SPORT: u8 = 5;
}

/// The dictionary shipped in `assets/ner/dict.txt.gz`.
pub const DICT_GZ: &[u8] = include_bytes!("../../../assets/ner/dict.txt.gz");
/// The cue lists shipped in `assets/ner/cues.txt`.
pub const CUES: &str = include_str!("../../../assets/ner/cues.txt");

impl Lexicon {
    /// Builds the lexicon from dictionary lines (`word<TAB>pos` or `word freq pos`), cue lines
    /// (`name<TAB>items separated by spaces`; `#` starts a comment) and the surnames.
    pub fn from_text(dict: &str, cues: &str, surnames: &Surnames) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut total = 0f64;
        for line in dict.lines() {
            let parts: Vec<&str> = line.split(['\t', ' ']).filter(|p| !p.is_empty()).collect();
            let (word, freq, pos) = match parts[..] {
                [word, freq, pos] => (word, freq.parse().unwrap_or(1u32), pos),
                [word, pos] => (word, 1, pos),
                _ => continue,
            };
            total += f64::from(freq);
            let mut chars = word.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => {
                    lex.char_freq.entry(normalize(c)).or_insert(freq);
                }
                _ => lex.dict.insert(word, class_of_pos(pos), freq),
            }
        }
        lex.log_total = total.max(1.0).ln();
        lex.surnames = surnames.single().iter().map(|&c| normalize(c)).collect();
        for word in surnames.compound() {
            lex.cue_words.insert(word, cue::SURNAME2, 1);
        }
        for line in cues.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, items)) = line.split_once('\t') else {
                continue;
            };
            for item in items.split_whitespace() {
                let mut chars = item.chars();
                let single = match (chars.next(), chars.next()) {
                    (Some(c), None) => Some(normalize(c)),
                    _ => None,
                };
                match (name.trim(), single) {
                    ("given", Some(c)) => {
                        lex.given_name.insert(c);
                    }
                    ("translit", Some(c)) => {
                        lex.translit.insert(c);
                    }
                    ("place_suffix", Some(c)) => {
                        lex.place_suffix.insert(c);
                    }
                    ("place_suffix", None) => lex.cue_words.insert(item, cue::PLACE_SUFFIX, 1),
                    ("org_suffix", Some(c)) => {
                        lex.org_suffix_char.insert(c);
                    }
                    ("org_suffix", None) => lex.cue_words.insert(item, cue::ORG_SUFFIX, 1),
                    ("title", None) => lex.cue_words.insert(item, cue::TITLE, 1),
                    ("sport", Some(c)) => {
                        lex.sport_char.insert(c);
                    }
                    ("sport", None) => lex.cue_words.insert(item, cue::SPORT, 1),
                    _ => {}
                }
            }
        }
        lex
    }

    /// Splits a normalised line into dictionary words by the most probable path (unigram
    /// frequencies, as jieba does without its HMM); pushes word end offsets (exclusive) to `ends`.
    pub fn segment(&self, codes: &[u32], best: &mut Vec<(f64, u32)>, ends: &mut Vec<u32>) {
        let n = codes.len();
        best.clear();
        best.resize(n + 1, (0.0, 0));
        for start in (0..n).rev() {
            let single = self
                .char_freq
                .get(&codes[start])
                .copied()
                .unwrap_or(1)
                .max(1);
            let mut top = (
                f64::from(single).ln() - self.log_total + best[start + 1].0,
                1u32,
            );
            self.dict.for_each_match(codes, start, |len, _, freq| {
                let score = f64::from(freq.max(1)).ln() - self.log_total + best[start + len].0;
                if score > top.0 {
                    top = (score, len as u32);
                }
            });
            best[start] = top;
        }
        ends.clear();
        let mut at = 0usize;
        while at < n {
            at += best[at].1.max(1) as usize;
            ends.push(at as u32);
        }
    }

    /// The shipped lexicon (dictionary, cues and surnames).
    pub fn shipped() -> Result<Lexicon, NerError> {
        use std::io::Read as _;
        let mut dict = String::new();
        flate2::read::GzDecoder::new(DICT_GZ)
            .read_to_string(&mut dict)
            .map_err(|cause| NerError::Io {
                what: "NER dictionary",
                path: "assets/ner/dict.txt.gz".into(),
                cause,
            })?;
        let surnames = Surnames::shipped()?;
        Ok(Lexicon::from_text(&dict, CUES, &surnames))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_table_finds_every_word_starting_at_a_position() {
        let mut t = WordTable::default();
        t.insert("北京", class::PLACE, 10);
        t.insert("北京大学", class::ORG, 5);
        t.insert("大学", class::WORD, 20);
        let codes: Vec<u32> = "在北京大学读书".chars().map(normalize).collect();
        let mut got = Vec::new();
        t.for_each_match(&codes, 1, |len, v, f| got.push((len, v, f)));
        assert_eq!(got, vec![(2, class::PLACE, 10), (4, class::ORG, 5)]);
        got.clear();
        t.for_each_match(&codes, 0, |len, v, f| got.push((len, v, f)));
        assert!(got.is_empty());
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn cue_lines_and_surnames_fill_the_sets() {
        let lex = Lexicon::from_text(
            "北京 100 ns\n国务院\tnt\n",
            "# comment\norg_suffix\t委员会 局\n",
            &Surnames::parse_text("s.txt", "[single]\n王\n[compound]\n欧阳\n").expect("valid"),
        );
        assert!(lex.surnames.contains(&normalize('王')));
        assert!(lex.org_suffix_char.contains(&normalize('局')));
        let codes: Vec<u32> = "欧阳修".chars().map(normalize).collect();
        let mut got = Vec::new();
        lex.cue_words
            .for_each_match(&codes, 0, |len, v, _| got.push((len, v)));
        assert_eq!(got, vec![(2, cue::SURNAME2)]);
        let codes: Vec<u32> = "国务院".chars().map(normalize).collect();
        got.clear();
        lex.dict
            .for_each_match(&codes, 0, |len, v, _| got.push((len, v)));
        assert_eq!(got, vec![(3, class::ORG)]);
    }

    #[test]
    fn segmentation_prefers_frequent_words() {
        let lex = Lexicon::from_text(
            "在\t100\tp\n北\t5\tn\n京\t5\tn\n大\t50\ta\n学\t50\tv\n北京\t50\tns\n北京大学\t20\tnt\n大学\t40\tn\n",
            "",
            &Surnames::default(),
        );
        let codes: Vec<u32> = "在北京大学".chars().map(normalize).collect();
        let (mut best, mut ends) = (Vec::new(), Vec::new());
        lex.segment(&codes, &mut best, &mut ends);
        assert_eq!(ends, vec![1, 5]);
        lex.segment(&[], &mut best, &mut ends);
        assert!(ends.is_empty());
    }

    #[test]
    fn pos_tags_fold_into_classes() {
        assert_eq!(class_of_pos("nrfg"), class::PERSON);
        assert_eq!(class_of_pos("ns"), class::PLACE);
        assert_eq!(class_of_pos("v"), class::WORD);
    }
}
