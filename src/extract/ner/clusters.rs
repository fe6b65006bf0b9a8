//! Distributional clusters of characters and character bigrams, as the tagger reads them: cluster
//! ids per position of a line, and their place in the model file. They are learnt from
//! unlabelled news by `train::clusters`.

use super::lexicon::{KeyMap, seq_step};
use std::collections::HashMap;

/// Cluster ids of characters and bigrams (0 = unknown; ids start at 1), coarse and fine.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Clusters {
    chars: HashMap<u32, [u16; 2]>,
    bigrams: KeyMap<[u16; 2]>,
    /// The bigrams' characters, kept to write the table back out.
    bigram_codes: Vec<(u32, u32)>,
}

fn bigram_key(a: u32, b: u32) -> u64 {
    seq_step(seq_step(0, a), b)
}

impl Clusters {
    /// For every index `x` of `codes`: `[char coarse, char fine, bigram(x, x+1) coarse, fine]`.
    pub fn assign(&self, codes: &[u32], out: &mut Vec<[u16; 4]>) {
        out.clear();
        for (x, &c) in codes.iter().enumerate() {
            let ch = self.chars.get(&c).copied().unwrap_or([0; 2]);
            let bi = codes
                .get(x + 1)
                .and_then(|&d| self.bigrams.get(&bigram_key(c, d)))
                .copied()
                .unwrap_or([0; 2]);
            out.push([ch[0], ch[1], bi[0], bi[1]]);
        }
    }

    /// Sets the (coarse, fine) cluster ids of a character.
    pub(super) fn insert_char(&mut self, code: u32, ids: [u16; 2]) {
        self.chars.insert(code, ids);
    }

    /// Sets the (coarse, fine) cluster ids of the bigram `a b`.
    pub(super) fn insert_bigram(&mut self, a: u32, b: u32, ids: [u16; 2]) {
        self.bigrams.insert(bigram_key(a, b), ids);
        self.bigram_codes.push((a, b));
    }

    /// The largest fine cluster id of a character or a bigram.
    pub fn max_id(&self) -> u16 {
        let fine = |ids: &[u16; 2]| ids[1];
        let chars = self.chars.values().map(fine).max().unwrap_or(0);
        chars.max(self.bigrams.values().map(fine).max().unwrap_or(0))
    }

    /// Number of clustered characters and bigrams.
    pub fn sizes(&self) -> (usize, usize) {
        (self.chars.len(), self.bigrams.len())
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let mut chars: Vec<_> = self.chars.iter().collect();
        chars.sort();
        out.extend_from_slice(&(chars.len() as u32).to_le_bytes());
        for (c, ids) in chars {
            out.extend_from_slice(&c.to_le_bytes());
            out.extend_from_slice(&ids[0].to_le_bytes());
            out.extend_from_slice(&ids[1].to_le_bytes());
        }
        out.extend_from_slice(&(self.bigram_codes.len() as u32).to_le_bytes());
        for &(a, b) in &self.bigram_codes {
            let ids = self
                .bigrams
                .get(&bigram_key(a, b))
                .copied()
                .unwrap_or([0; 2]);
            out.extend_from_slice(&a.to_le_bytes());
            out.extend_from_slice(&b.to_le_bytes());
            out.extend_from_slice(&ids[0].to_le_bytes());
            out.extend_from_slice(&ids[1].to_le_bytes());
        }
    }

    pub(crate) fn read(raw: &[u8], pos: &mut usize) -> Option<Clusters> {
        let u32_at = |pos: &mut usize| -> Option<u32> {
            let b = raw.get(*pos..*pos + 4)?;
            *pos += 4;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let mut clusters = Clusters::default();
        let n = u32_at(pos)?;
        for _ in 0..n {
            let c = u32_at(pos)?;
            let ids = u32_at(pos)?;
            clusters.insert_char(c, [ids as u16, (ids >> 16) as u16]);
        }
        let n = u32_at(pos)?;
        for _ in 0..n {
            let (a, b) = (u32_at(pos)?, u32_at(pos)?);
            let ids = u32_at(pos)?;
            clusters.insert_bigram(a, b, [ids as u16, (ids >> 16) as u16]);
        }
        Some(clusters)
    }
}
