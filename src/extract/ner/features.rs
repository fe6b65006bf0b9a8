//! Feature templates: every character position of a line becomes a list of hashed feature keys.
//!
//! Templates: character uni-, bi- and trigrams in a ±3 window, a skip bigram, class patterns,
//! segmentation-dictionary matches with their coarse part of speech (begin/middle/end of a word
//! covering the character, longest word starting or ending here), cue lists (surnames, given-name
//! characters, place and organization suffixes, titles, transliteration characters) and, when the
//! model carries them, distributional clusters of characters and bigrams learnt from raw news.

use super::chars::{PAD_END, PAD_START, class_of};
use super::clusters::Clusters;
use super::lexicon::{Lexicon, cue, mix64, seq_step};

/// Feature groups a model was trained with (stored in the model file).
pub mod flags {
    pub const NGRAMS: u32 = 1;
    pub const DICT: u32 = 2;
    pub const CUES: u32 = 4;
    pub const CLUSTERS: u32 = 8;
    pub const SEGMENTS: u32 = 16;
    /// Long-range context: the next organization suffix in the clause and the place words
    /// before it, quotes and book-title marks around the character, sports reports.
    pub const CONTEXT: u32 = 32;
    /// The segmentation two words out: the words before the previous one and after the next
    /// one, and the classes of the five words around the character.
    pub const WIDE_WORDS: u32 = 64;
    pub const ALL: u32 = NGRAMS | DICT | CUES | CLUSTERS | SEGMENTS | CONTEXT;
}

const WINDOW: usize = 3;

#[inline]
fn key(template: u64, a: u32, b: u32, c: u32) -> u64 {
    mix64(
        mix64((template << 56) ^ u64::from(a) ^ (u64::from(b) << 24))
            ^ u64::from(c)
            ^ (template << 32),
    )
}

/// Characters and character classes around padded position `j`: unigrams, bigrams and
/// trigrams in a window of 7, the class pattern of 5.
fn ngram_keys(k: &mut Vec<u64>, p: &[u32], cls: &[u8], j: usize) {
    for d in 0..7 {
        k.push(key(1 + d as u64, p[j + d - 3], 0, 0));
    }
    for d in 0..6 {
        k.push(key(8 + d as u64, p[j + d - 3], p[j + d - 2], 0));
    }
    for d in 0..3 {
        k.push(key(14 + d as u64, p[j + d - 2], p[j + d - 1], p[j + d]));
    }
    k.push(key(17, p[j - 1], p[j + 1], 0));
    let pattern = cls[j - 2..=j + 2]
        .iter()
        .fold(0u32, |acc, &c| (acc << 3) | u32::from(c));
    k.push(key(18, pattern, 0, 0));
    k.push(key(
        19,
        p[j],
        u32::from(cls[j - 1]) << 4 | u32::from(cls[j + 1]),
        0,
    ));
}

/// Dictionary words covering, starting and ending at character `i`, and their neighbours.
fn dict_keys(k: &mut Vec<u64>, s: &Scratch, i: usize) {
    let bits = s.dict_bits[i];
    let mut rest = bits;
    while rest != 0 {
        let b = rest.trailing_zeros();
        k.push(key(20, b, 0, 0));
        rest &= rest - 1;
    }
    let (sl, sc) = s.dict_start[i];
    let (el, ec) = s.dict_end[i];
    k.push(key(21, u32::from(sl.min(6)), u32::from(sc), 0));
    k.push(key(22, u32::from(el.min(6)), u32::from(ec), 0));
    let (cl, cc, cp) = s.dict_cover[i];
    k.push(key(23, u32::from(cl.min(6)), u32::from(cc), u32::from(cp)));
    let next = s.dict_start.get(i + 1).copied().unwrap_or((0, 0));
    let prev = if i > 0 { s.dict_end[i - 1] } else { (0, 0) };
    k.push(key(
        24,
        u32::from(prev.1),
        u32::from(sc),
        u32::from(prev.0.min(4)),
    ));
    k.push(key(
        25,
        u32::from(ec),
        u32::from(next.1),
        u32::from(next.0.min(4)),
    ));
    k.push(key(26, bits & 0x3FFF_FFFF, 0, 0));
}

/// Cluster ids at padded positions `j-1`, `j`, `j+1` and of the bigrams around `j`.
fn cluster_keys(k: &mut Vec<u64>, clusters: &[[u16; 4]], j: usize) {
    let at = |x: usize| clusters.get(x).copied().unwrap_or([0; 4]);
    let (l, c, r) = (at(j - 1), at(j), at(j + 1));
    for g in 0..2 {
        let t = 40 + 8 * g as u64;
        k.push(key(t, u32::from(c[g]), 0, 0));
        k.push(key(t + 1, u32::from(l[g]), u32::from(c[g]), 0));
        k.push(key(t + 2, u32::from(c[g]), u32::from(r[g]), 0));
        k.push(key(t + 3, u32::from(l[g]), 0, 0));
        k.push(key(t + 4, u32::from(r[g]), 0, 0));
        // Bigram clusters: the bigram ending at j and the one starting at j.
        k.push(key(t + 5, u32::from(l[2 + g]), 0, 0));
        k.push(key(t + 6, u32::from(c[2 + g]), 0, 0));
        k.push(key(t + 7, u32::from(l[2 + g]), u32::from(c[2 + g]), 0));
    }
}

/// Reusable buffers for feature extraction of one line.
#[derive(Debug, Default)]
pub struct Scratch {
    padded: Vec<u32>,
    class: Vec<u8>,
    dict_bits: Vec<u32>,
    dict_start: Vec<(u8, u8)>,
    dict_end: Vec<(u8, u8)>,
    dict_cover: Vec<(u8, u8, u8)>,
    org_end: Vec<u8>,
    place_end: Vec<u8>,
    title_start: Vec<u8>,
    title_end: Vec<u8>,
    surname2_start: Vec<u8>,
    clusters: Vec<[u16; 4]>,
    seg_best: Vec<(f64, u32)>,
    seg_ends: Vec<u32>,
    /// Segmented words: start, end, key, dictionary class.
    words: Vec<(u32, u32, u64, u8)>,
    /// Whether the line has words of a sports report.
    sport: bool,
    /// Per character: distance bucket to the end of the next organization suffix word in the
    /// clause, the place words between, distance bucket to the next one-character suffix.
    org_ahead: Vec<(u8, u8, u8)>,
    /// Per character: whether an organization suffix ends here, and the distance bucket to the
    /// end of the next one after it in the clause (sub-units: 科学技术部|农村科技司).
    org_next: Vec<(u8, u8)>,
    /// Per character: inside 《》 (bit 0), inside quotes (bit 1).
    quoted: Vec<u8>,
    place_starts: Vec<u32>,
}

/// Feature keys of a line: `keys[starts[i]..starts[i + 1]]` belong to character `i`.
#[derive(Debug, Default)]
pub struct LineFeatures {
    pub keys: Vec<u64>,
    pub starts: Vec<u32>,
}

impl LineFeatures {
    pub fn position(&self, i: usize) -> &[u64] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.keys.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Everything feature extraction consults.
pub struct FeatureContext<'a> {
    pub lexicon: &'a Lexicon,
    pub clusters: Option<&'a Clusters>,
    pub flags: u32,
}

impl FeatureContext<'_> {
    /// Extracts the features of a normalised line (see [`super::chars::normalize_all`]).
    pub fn extract(&self, codes: &[u32], scratch: &mut Scratch, out: &mut LineFeatures) {
        out.keys.clear();
        out.starts.clear();
        out.starts.push(0);
        let s = scratch;
        self.prepare(codes, s);
        let with_clusters = self.clusters.is_some() && self.flags & flags::CLUSTERS != 0;
        let with_words = self.flags & (flags::SEGMENTS | flags::CONTEXT | flags::WIDE_WORDS) != 0;
        let mut word = 0usize;
        for i in 0..codes.len() {
            let j = i + WINDOW;
            let k = &mut out.keys;
            k.push(key(0, 0, 0, 0));
            if self.flags & flags::NGRAMS != 0 {
                ngram_keys(k, &s.padded, &s.class, j);
            }
            if self.flags & flags::DICT != 0 {
                dict_keys(k, s, i);
            }
            if self.flags & flags::CUES != 0 {
                self.cue_keys(k, s, i);
            }
            if with_words {
                while s.words.get(word).is_some_and(|w| w.1 as usize <= i) {
                    word += 1;
                }
                self.word_keys(k, s, i, word);
            }
            if with_clusters {
                cluster_keys(k, &s.clusters, j);
            }
            out.starts.push(out.keys.len() as u32);
        }
    }

    /// Fills the scratch tables the per-character features read: the padded line, character
    /// classes, and whichever spans the flags ask for.
    fn prepare(&self, codes: &[u32], s: &mut Scratch) {
        s.padded.clear();
        s.padded.extend(std::iter::repeat_n(PAD_START, WINDOW));
        s.padded.extend_from_slice(codes);
        s.padded.extend(std::iter::repeat_n(PAD_END, WINDOW));
        s.class.clear();
        s.class.extend(s.padded.iter().map(|&c| class_of(c) as u8));
        if self.flags & flags::DICT != 0 {
            self.dict_spans(codes, s);
        }
        if self.flags & (flags::CUES | flags::CONTEXT) != 0 {
            self.cue_spans(codes, s);
        }
        if let Some(cl) = self.clusters.filter(|_| self.flags & flags::CLUSTERS != 0) {
            cl.assign(&s.padded, &mut s.clusters);
        }
        if self.flags & (flags::SEGMENTS | flags::CONTEXT | flags::WIDE_WORDS) != 0 {
            self.words(codes, s);
        }
        if self.flags & flags::CONTEXT != 0 {
            self.context(codes, s);
        }
    }

    /// Name cues at character `i`: surnames and given-name characters, two-character
    /// surnames, transliteration, place and organization suffixes, titles before and after.
    fn cue_keys(&self, k: &mut Vec<u64>, s: &Scratch, i: usize) {
        let (p, j) = (&s.padded, i + WINDOW);
        let lex = self.lexicon;
        let bit = |set: &std::collections::HashSet<u32>, c: u32| u32::from(set.contains(&c));
        let sur = bit(&lex.surnames, p[j - 2]) << 2
            | bit(&lex.surnames, p[j - 1]) << 1
            | bit(&lex.surnames, p[j]);
        let given = bit(&lex.given_name, p[j - 1]) << 2
            | bit(&lex.given_name, p[j]) << 1
            | bit(&lex.given_name, p[j + 1]);
        k.push(key(30, sur, given, 0));
        let s2 = (u32::from(s.surname2_start[i]) << 2)
            | (u32::from(i >= 1 && s.surname2_start[i - 1] != 0) << 1)
            | u32::from(i >= 2 && s.surname2_start[i - 2] != 0);
        if s2 != 0 {
            k.push(key(31, s2, 0, 0));
        }
        let translit = (j - 2..=j + 2).fold(0u32, |acc, x| (acc << 1) | bit(&lex.translit, p[x]));
        k.push(key(32, translit, 0, 0));
        let place = bit(&lex.place_suffix, p[j]) << 1 | bit(&lex.place_suffix, p[j + 1]);
        let org = bit(&lex.org_suffix_char, p[j]) << 1 | bit(&lex.org_suffix_char, p[j + 1]);
        k.push(key(33, place, org, 0));
        let org_next = s.org_end.get(i + 1).copied().unwrap_or(0);
        k.push(key(
            34,
            u32::from(s.org_end[i].min(4)),
            u32::from(org_next.min(4)),
            0,
        ));
        k.push(key(35, u32::from(s.place_end[i].min(4)), 0, 0));
        let title_before = if i > 0 { s.title_end[i - 1] } else { 0 };
        let title_after = s.title_start.get(i + 1).copied().unwrap_or(0);
        k.push(key(
            36,
            u32::from(title_before != 0),
            u32::from(title_after != 0),
            0,
        ));
        if title_before != 0 {
            k.push(key(37, p[j], 0, 0));
        }
    }

    /// The segmented word holding character `i` (`s.words[word]`) and its neighbours, and the
    /// long-range context of the clause, as the flags ask.
    fn word_keys(&self, k: &mut Vec<u64>, s: &Scratch, i: usize, word: usize) {
        let none = (0, 0, 0, 0);
        let (ws, we, wk, wc) = s.words.get(word).copied().unwrap_or(none);
        let prev = if word > 0 { s.words[word - 1] } else { none };
        let next = s.words.get(word + 1).copied().unwrap_or(none);
        let len = we - ws;
        let part = if len == 1 {
            3
        } else if i as u32 == ws {
            0
        } else if i as u32 + 1 == we {
            2
        } else {
            1
        };
        if self.flags & flags::SEGMENTS != 0 {
            let lo = |k: u64| k as u32;
            let hi = |k: u64| (k >> 32) as u32;
            k.push(key(60, part, len.min(6), 0));
            k.push(key(61, lo(wk), hi(wk), part));
            k.push(key(62, lo(prev.2), hi(prev.2), 0));
            k.push(key(63, lo(next.2), hi(next.2), 0));
            k.push(key(64, u32::from(wc), part, len.min(4)));
            k.push(key(65, u32::from(prev.3), u32::from(wc), u32::from(next.3)));
        }
        if self.flags & flags::WIDE_WORDS != 0 {
            let before = if word > 1 { s.words[word - 2] } else { none };
            let after = s.words.get(word + 2).copied().unwrap_or(none);
            let (lo, hi) = (|k: u64| k as u32, |k: u64| (k >> 32) as u32);
            k.push(key(66, lo(before.2), hi(before.2), part));
            k.push(key(67, lo(after.2), hi(after.2), part));
            let classes = [before.3, prev.3, next.3, after.3].map(u32::from);
            k.push(key(68, classes[0] << 8 | classes[1], u32::from(wc), part));
            k.push(key(69, classes[2] << 8 | classes[3], u32::from(wc), part));
        }
        if self.flags & flags::CONTEXT != 0 {
            let (far, places, near) = s.org_ahead[i];
            let (far, places, near) = (u32::from(far), u32::from(places), u32::from(near));
            let sport = u32::from(s.sport);
            k.push(key(70, far, places, part));
            k.push(key(71, far, u32::from(wc), part));
            k.push(key(72, near, u32::from(wc), part));
            k.push(key(73, u32::from(prev.3), places, far));
            k.push(key(74, sport, u32::from(wc), part));
            k.push(key(75, sport, far.max(near), u32::from(wc)));
            let class = s.class[i + WINDOW];
            k.push(key(76, u32::from(s.quoted[i]), u32::from(class), part));
            let (here, next) = s.org_next[i];
            k.push(key(77, u32::from(here), u32::from(next), part));
        }
    }

    /// Long-range context of every character (see [`flags::CONTEXT`]).
    fn context(&self, codes: &[u32], s: &mut Scratch) {
        let n = codes.len();
        let lex = self.lexicon;
        // Place words by start, as a prefix count.
        s.place_starts.clear();
        s.place_starts.resize(n + 1, 0);
        for w in &s.words {
            if w.3 == super::lexicon::class::PLACE {
                s.place_starts[w.0 as usize + 1] = 1;
            }
        }
        for i in 0..n {
            s.place_starts[i + 1] += s.place_starts[i];
        }
        s.org_ahead.clear();
        s.org_ahead.resize(n, (0, 0, 0));
        s.org_next.clear();
        s.org_next.resize(n, (0, 0));
        let mut after: Option<usize> = None;
        // Backwards: the nearest suffix word ending at or after i, reset at clause punctuation.
        let mut far: Option<(usize, usize)> = None; // (end index, start index)
        let mut near: Option<usize> = None;
        for i in (0..n).rev() {
            let c = codes[i];
            if breaks_clause(c) {
                far = None;
                near = None;
                after = None;
                continue;
            }
            let ends_here = s.org_end[i] > 0 || lex.org_suffix_char.contains(&c);
            if s.org_end[i] > 0 {
                far = Some((i, i + 1 - usize::from(s.org_end[i])));
            }
            if lex.org_suffix_char.contains(&c) {
                near = Some(i);
            }
            let (fb, places) = match far {
                Some((end, start)) => {
                    let places = if start > i {
                        s.place_starts[start] - s.place_starts[i]
                    } else {
                        0
                    };
                    (bucket(end - i), places.min(3) as u8)
                }
                None => (0, 0),
            };
            let nb = near.map_or(0, |x| bucket(x - i));
            s.org_ahead[i] = (fb, places, nb);
            s.org_next[i] = (u8::from(ends_here), after.map_or(0, |x| bucket(x - i - 1)));
            if ends_here {
                after = Some(i);
            }
        }
        // Inside 《》 and inside quotes (folded to `"`), within the line.
        s.quoted.clear();
        s.quoted.resize(n, 0);
        let mut book_open: Option<usize> = None;
        let mut quote_open: Option<usize> = None;
        for (i, &c) in codes.iter().enumerate() {
            match char::from_u32(c) {
                Some('《') => book_open = Some(i),
                Some('》') => {
                    if let Some(o) = book_open.take() {
                        s.quoted[o + 1..i].iter_mut().for_each(|q| *q |= 1);
                    }
                }
                Some('"') => match quote_open.take() {
                    Some(o) => s.quoted[o + 1..i].iter_mut().for_each(|q| *q |= 2),
                    None => quote_open = Some(i),
                },
                _ => {}
            }
        }
    }

    fn words(&self, codes: &[u32], s: &mut Scratch) {
        self.lexicon
            .segment(codes, &mut s.seg_best, &mut s.seg_ends);
        s.words.clear();
        let mut start = 0u32;
        for &end in &s.seg_ends {
            let span = codes.get(start as usize..end as usize).unwrap_or(&[]);
            let key = span.iter().fold(0u64, |k, &c| seq_step(k, c));
            let mut class = 0u8;
            if span.len() >= 2 {
                self.lexicon
                    .dict
                    .for_each_match(codes, start as usize, |len, c, _| {
                        if len == span.len() {
                            class = c;
                        }
                    });
            }
            s.words.push((start, end, key, class));
            start = end;
        }
    }

    fn dict_spans(&self, codes: &[u32], s: &mut Scratch) {
        let n = codes.len();
        s.dict_bits.clear();
        s.dict_bits.resize(n, 0);
        s.dict_start.clear();
        s.dict_start.resize(n, (0, 0));
        s.dict_end.clear();
        s.dict_end.resize(n, (0, 0));
        s.dict_cover.clear();
        s.dict_cover.resize(n, (0, 0, 0));
        for start in 0..n {
            let (bits, st, en, cover) = (
                &mut s.dict_bits,
                &mut s.dict_start,
                &mut s.dict_end,
                &mut s.dict_cover,
            );
            self.lexicon
                .dict
                .for_each_match(codes, start, |len, class, _| {
                    let end = start + len - 1;
                    st[start] = (len as u8, class);
                    if len as u8 > en[end].0 {
                        en[end] = (len as u8, class);
                    }
                    for (x, slot) in (start..=end).zip(bits[start..=end].iter_mut()) {
                        let pos = if x == start {
                            0
                        } else if x == end {
                            2
                        } else {
                            1
                        };
                        *slot |= 1 << (u32::from(class) * 3 + pos);
                        if len as u8 > cover[x].0 {
                            cover[x] = (len as u8, class, pos as u8);
                        }
                    }
                });
        }
    }

    fn cue_spans(&self, codes: &[u32], s: &mut Scratch) {
        let n = codes.len();
        for v in [
            &mut s.org_end,
            &mut s.place_end,
            &mut s.title_start,
            &mut s.title_end,
            &mut s.surname2_start,
        ] {
            v.clear();
            v.resize(n, 0);
        }
        let lex = self.lexicon;
        s.sport = codes.iter().any(|c| lex.sport_char.contains(c));
        for start in 0..n {
            self.lexicon
                .cue_words
                .for_each_match(codes, start, |len, value, _| {
                    let end = start + len - 1;
                    let l = len as u8;
                    match value {
                        cue::ORG_SUFFIX => s.org_end[end] = s.org_end[end].max(l),
                        cue::PLACE_SUFFIX => s.place_end[end] = s.place_end[end].max(l),
                        cue::TITLE => {
                            s.title_end[end] = s.title_end[end].max(l);
                            s.title_start[start] = s.title_start[start].max(l);
                        }
                        cue::SURNAME2 => s.surname2_start[start] = l,
                        cue::SPORT => s.sport = true,
                        _ => {}
                    }
                });
        }
    }
}

/// Bucket of a distance in characters for the long-range context: 1–3 exact, then wider; 0 for
/// none within 16.
fn bucket(d: usize) -> u8 {
    match d {
        0..=2 => d as u8 + 1,
        3..=4 => 4,
        5..=7 => 5,
        8..=11 => 6,
        12..=15 => 7,
        _ => 0,
    }
}

/// Punctuation that ends a clause for the long-range context (not quotes, brackets or `·`).
fn breaks_clause(code: u32) -> bool {
    matches!(
        char::from_u32(code),
        Some(',' | '.' | ';' | ':' | '!' | '?' | ' ' | '、' | '。' | '\n' | '\t' | '—' | '…')
    )
}

#[cfg(test)]
mod tests {
    use super::super::chars::normalize_all;
    use super::*;
    use crate::names::Surnames;

    fn lexicon() -> Lexicon {
        Lexicon::from_text(
            "北京\t50\tns\n北京大学\t20\tnt\n大学\t40\tn\n",
            "org_suffix\t大学\ntitle\t教授\n",
            &Surnames::parse_text("s.txt", "[single]\n王\n").expect("valid"),
        )
    }

    fn features(text: &str, flags: u32) -> LineFeatures {
        features_with(&lexicon(), text, flags)
    }

    fn features_with(lexicon: &Lexicon, text: &str, flags: u32) -> LineFeatures {
        let ctx = FeatureContext {
            lexicon,
            clusters: None,
            flags,
        };
        let mut out = LineFeatures::default();
        ctx.extract(&normalize_all(text), &mut Scratch::default(), &mut out);
        out
    }

    #[test]
    fn every_character_gets_features() {
        let f = features("王教授在北京大学", flags::ALL);
        assert_eq!(f.len(), 8);
        for i in 0..8 {
            assert!(f.position(i).len() > 20, "position {i}");
        }
        assert!(features("", flags::ALL).is_empty());
    }

    #[test]
    fn half_width_punctuation_gives_the_same_features() {
        let a = features("他说，北京（中国）", flags::ALL);
        let b = features("他说,北京(中国)", flags::ALL);
        assert_eq!(a.keys, b.keys);
    }

    #[test]
    fn dictionary_features_depend_on_the_dictionary() {
        let with = features("在北京大学", flags::NGRAMS | flags::DICT);
        let without = features("在北京大学", flags::NGRAMS);
        assert!(with.position(1).len() > without.position(1).len());
        // The same char in different dictionary contexts differs only through dict features.
        let a = features("北京大学", flags::DICT);
        let b = features("北京大街", flags::DICT);
        assert_ne!(a.position(0), b.position(0));
    }

    #[test]
    fn context_sees_a_suffix_beyond_the_window() {
        // The first character of 北京 sees 大学 five characters on, past the ±3 window.
        let a = features("北京某某某大学", flags::CONTEXT);
        let b = features("北京某某某大街", flags::CONTEXT);
        assert_ne!(a.position(0), b.position(0));
        // A clause break hides it.
        let c = features("北京，某某大学", flags::CONTEXT);
        let d = features("北京，某某大街", flags::CONTEXT);
        assert_eq!(c.position(0), d.position(0));
    }

    #[test]
    fn context_knows_quotes_and_sports_reports() {
        let quoted = features("“北京”", flags::CONTEXT);
        let bare = features("，北京，", flags::CONTEXT);
        assert_ne!(quoted.position(1), bare.position(1));
        let lex = Lexicon::from_text("巴西\t9\tns\n", "sport\t队 决赛\n", &Surnames::default());
        let run = |text: &str| {
            features_with(&lex, text, flags::CONTEXT)
                .position(0)
                .to_vec()
        };
        assert_ne!(run("巴西进了决赛"), run("巴西进了北京"));
        assert_eq!(run("巴西进了北京"), run("巴西进了上海"));
    }

    #[test]
    fn wide_words_see_the_segmentation_two_words_out() {
        let lex = Lexicon::from_text(
            "我们\t9\tr\n访问\t9\tv\n北京\t9\tns\n上海\t9\tns\n",
            "",
            &Surnames::default(),
        );
        let run = |text: &str, flags: u32| features_with(&lex, text, flags).position(0).to_vec();
        // 我 of 我们: the word after the next one is 北京 or 上海.
        assert_ne!(
            run("我们访问北京", flags::WIDE_WORDS),
            run("我们访问上海", flags::WIDE_WORDS)
        );
        assert_eq!(
            run("我们访问北京", flags::SEGMENTS),
            run("我们访问上海", flags::SEGMENTS)
        );
        // The group adds keys and leaves those of the others as they were (older models).
        let old = features("我们访问北京", flags::ALL);
        let wide = features("我们访问北京", flags::ALL | flags::WIDE_WORDS);
        for i in 0..old.len() {
            assert!(old.position(i).iter().all(|k| wide.position(i).contains(k)));
            assert!(wide.position(i).len() > old.position(i).len());
        }
    }

    #[test]
    fn windows_see_neighbours() {
        let a = features("李鹏说", flags::NGRAMS);
        let b = features("李鹏讲", flags::NGRAMS);
        assert_ne!(a.position(0), b.position(0));
        assert_eq!(a.position(0)[..4], b.position(0)[..4]);
    }
}
