//! Learning distributional clusters of characters and character bigrams from unlabelled news.
//!
//! Each unit (a frequent character or bigram) is described by its neighbours: positive PMI of the
//! characters around it, randomly projected to a short dense vector, then grouped by spherical
//! k-means at two granularities (coarse and fine). Units that behave alike (surnames, place-name
//! endings, transliteration syllables) share clusters, which carries knowledge of names never
//! seen in the labelled data.

use super::learner::Rng;
use crate::extract::ner::clusters::Clusters;
use rayon::prelude::*;
use std::collections::HashMap;

/// Settings of [`learn`].
#[derive(Debug, Clone)]
pub struct LearnOptions {
    pub max_chars: usize,
    pub max_bigrams: usize,
    pub min_count: u32,
    pub context_chars: usize,
    pub dims: usize,
    pub coarse: usize,
    pub fine: usize,
    pub iterations: usize,
    pub seed: u64,
}

impl Default for LearnOptions {
    fn default() -> LearnOptions {
        LearnOptions {
            max_chars: 8000,
            max_bigrams: 200_000,
            min_count: 10,
            context_chars: 1000,
            dims: 96,
            coarse: 128,
            fine: 2048,
            iterations: 12,
            seed: 7,
        }
    }
}

fn top_by_count<K: Copy + Ord + std::hash::Hash>(
    counts: impl IntoIterator<Item = (K, u32)>,
    max: usize,
    min: u32,
) -> Vec<K> {
    let mut v: Vec<(K, u32)> = counts.into_iter().filter(|(_, n)| *n >= min).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(max);
    v.into_iter().map(|(k, _)| k).collect()
}

/// Learns clusters from normalised lines.
pub fn learn(lines: &[Vec<u32>], opts: &LearnOptions) -> Clusters {
    let mut char_counts: HashMap<u32, u32> = HashMap::new();
    let mut bigram_counts: HashMap<(u32, u32), u32> = HashMap::new();
    for line in lines {
        for (x, &c) in line.iter().enumerate() {
            *char_counts.entry(c).or_default() += 1;
            if let Some(&d) = line.get(x + 1) {
                *bigram_counts.entry((c, d)).or_default() += 1;
            }
        }
    }
    let units = top_by_count(
        char_counts.iter().map(|(&k, &v)| (k, v)),
        opts.max_chars,
        opts.min_count,
    );
    let context = top_by_count(
        char_counts.iter().map(|(&k, &v)| (k, v)),
        opts.context_chars,
        1,
    );
    let bigrams = top_by_count(bigram_counts, opts.max_bigrams, opts.min_count);
    let ctx_index: HashMap<u32, usize> = context.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let width = opts.context_chars + 2;
    let ctx_of = |code: Option<&u32>| match code {
        None => width - 1,
        Some(c) => ctx_index.get(c).copied().unwrap_or(width - 2),
    };
    // Characters: neighbours at -2, -1, +1, +2.
    let unit_index: HashMap<u32, usize> = units.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let char_offsets: [isize; 4] = [-2, -1, 1, 2];
    let mut char_ctx = vec![0u32; units.len() * 4 * width];
    // Bigrams: neighbours at -1 and +2 (the characters just outside the bigram).
    let bigram_index: HashMap<(u32, u32), usize> =
        bigrams.iter().enumerate().map(|(i, &b)| (b, i)).collect();
    let mut bigram_ctx = vec![0u32; bigrams.len() * 2 * width];
    for line in lines {
        let at = |x: isize| if x < 0 { None } else { line.get(x as usize) };
        for (x, &c) in line.iter().enumerate() {
            let xi = x as isize;
            if let Some(&u) = unit_index.get(&c) {
                for (slot, off) in char_offsets.iter().enumerate() {
                    char_ctx[(u * 4 + slot) * width + ctx_of(at(xi + off))] += 1;
                }
            }
            if let Some(&d) = line.get(x + 1)
                && let Some(&b) = bigram_index.get(&(c, d))
            {
                bigram_ctx[(b * 2) * width + ctx_of(at(xi - 1))] += 1;
                bigram_ctx[(b * 2 + 1) * width + ctx_of(at(xi + 2))] += 1;
            }
        }
    }
    let char_vecs = embed(&char_ctx, 4 * width, opts);
    let bigram_vecs = embed(&bigram_ctx, 2 * width, opts);
    let char_coarse = kmeans(&char_vecs, opts.dims, opts.coarse, opts);
    let char_fine = kmeans(&char_vecs, opts.dims, opts.fine, opts);
    let bi_coarse = kmeans(&bigram_vecs, opts.dims, opts.coarse, opts);
    let bi_fine = kmeans(&bigram_vecs, opts.dims, opts.fine, opts);
    let mut clusters = Clusters::default();
    for (i, &c) in units.iter().enumerate() {
        clusters.insert_char(c, [char_coarse[i] + 1, char_fine[i] + 1]);
    }
    for (i, &(a, b)) in bigrams.iter().enumerate() {
        clusters.insert_bigram(a, b, [bi_coarse[i] + 1, bi_fine[i] + 1]);
    }
    clusters
}

/// PPMI of each row of a count matrix, randomly projected to `dims` and L2-normalised.
fn embed(counts: &[u32], width: usize, opts: &LearnOptions) -> Vec<f32> {
    let rows = counts.len() / width.max(1);
    let mut col_total = vec![0f64; width];
    let mut total = 0f64;
    for row in counts.chunks_exact(width) {
        for (c, &n) in row.iter().enumerate() {
            col_total[c] += f64::from(n);
            total += f64::from(n);
        }
    }
    // Context distribution smoothing (alpha 0.75), as in word-embedding PPMI.
    let smoothed: Vec<f64> = col_total.iter().map(|n| n.powf(0.75)).collect();
    let smoothed_total: f64 = smoothed.iter().sum();
    let mut rng = Rng::new(opts.seed ^ 0xC1);
    let projection: Vec<f32> = (0..width * opts.dims)
        .map(|_| if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 })
        .collect();
    let dims = opts.dims;
    let mut out = vec![0f32; rows * dims];
    out.par_chunks_mut(dims)
        .zip(counts.par_chunks(width))
        .for_each(|(v, row)| {
            let row_total: f64 = row.iter().map(|&n| f64::from(n)).sum();
            if row_total == 0.0 || total == 0.0 {
                return;
            }
            for (c, &n) in row.iter().enumerate() {
                if n == 0 || smoothed[c] == 0.0 {
                    continue;
                }
                let pmi = ((f64::from(n) / row_total) / (smoothed[c] / smoothed_total)).ln();
                if pmi <= 0.0 {
                    continue;
                }
                let p = &projection[c * dims..(c + 1) * dims];
                for (o, &r) in v.iter_mut().zip(p) {
                    *o += pmi as f32 * r;
                }
            }
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|x| *x /= norm);
            }
        });
    out
}

/// Spherical k-means; returns the cluster of each row.
fn kmeans(vecs: &[f32], dims: usize, k: usize, opts: &LearnOptions) -> Vec<u16> {
    let rows = vecs.len() / dims.max(1);
    if rows == 0 {
        return Vec::new();
    }
    let k = k.min(rows).max(1);
    let mut rng = Rng::new(opts.seed ^ k as u64);
    let mut order: Vec<usize> = (0..rows).collect();
    rng.shuffle(&mut order);
    let mut centroids: Vec<f32> = order[..k]
        .iter()
        .flat_map(|&r| vecs[r * dims..(r + 1) * dims].iter().copied())
        .collect();
    let mut assign = vec![0u16; rows];
    for _ in 0..opts.iterations {
        assign.par_iter_mut().enumerate().for_each(|(r, a)| {
            let v = &vecs[r * dims..(r + 1) * dims];
            let mut best = f32::NEG_INFINITY;
            for (c, cen) in centroids.chunks_exact(dims).enumerate() {
                let dot: f32 = v.iter().zip(cen).map(|(x, y)| x * y).sum();
                if dot > best {
                    best = dot;
                    *a = c as u16;
                }
            }
        });
        let mut sums = vec![0f32; k * dims];
        for (r, &a) in assign.iter().enumerate() {
            let s = &mut sums[a as usize * dims..(a as usize + 1) * dims];
            for (x, y) in s.iter_mut().zip(&vecs[r * dims..(r + 1) * dims]) {
                *x += y;
            }
        }
        for (c, s) in sums.chunks_exact_mut(dims).enumerate() {
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                centroids[c * dims..(c + 1) * dims]
                    .iter_mut()
                    .zip(s.iter())
                    .for_each(|(c, x)| *c = x / norm);
            } else {
                // An empty cluster restarts from a random row.
                let r = rng.below(rows);
                centroids[c * dims..(c + 1) * dims]
                    .copy_from_slice(&vecs[r * dims..(r + 1) * dims]);
            }
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ner::chars::normalize_all;

    #[test]
    fn characters_in_the_same_contexts_share_a_cluster() {
        // 王 and 李 always appear as 老_说; 山 and 河 always as 大_上.
        let mut lines = Vec::new();
        for _ in 0..50 {
            for text in ["老王说话", "老李说话", "大山上去", "大河上去"] {
                lines.push(normalize_all(text));
            }
        }
        let opts = LearnOptions {
            min_count: 1,
            coarse: 2,
            fine: 4,
            dims: 32,
            ..Default::default()
        };
        let clusters = learn(&lines, &opts);
        let id = |c: char| {
            let mut ids = Vec::new();
            clusters.assign(&normalize_all(&c.to_string()), &mut ids);
            ids[0][0]
        };
        assert_ne!(id('王'), 0);
        assert_eq!(id('王'), id('李'));
        assert_eq!(id('山'), id('河'));
        assert_ne!(id('王'), id('山'));
        let mut raw = Vec::new();
        clusters.write(&mut raw);
        let mut pos = 0;
        let back = Clusters::read(&raw, &mut pos).expect("just written");
        assert_eq!(back.sizes(), clusters.sizes());
        let mut a = Vec::new();
        let mut b = Vec::new();
        let codes = normalize_all("老王说话");
        clusters.assign(&codes, &mut a);
        back.assign(&codes, &mut b);
        assert_eq!(a, b);
    }
}
