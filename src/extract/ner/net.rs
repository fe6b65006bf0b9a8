//! A small convolutional network whose scores join the CRF's emissions: it sees 15 characters
//! around each one through dense embeddings (of the character, its cluster and its bigram's
//! cluster), where the CRF's sparse features see exact n-grams in ±3. Three convolutions of
//! width 3 dilated 1, 2 and 4, ReLU, residual from the second on, and a linear map to the tags.
//! Trained jointly with the CRF (`train::net`); the scores are added to the quantised emissions
//! in the CRF's weight unit.

use super::clusters::Clusters;
use super::model::NT;
use std::collections::HashMap;

/// Dilation of each convolution: the receptive field is 1 + 2 × (1 + 2 + 4) = 15 characters.
pub const DILATIONS: [usize; 3] = [1, 2, 4];

/// Sizes of the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetShape {
    /// Embedding width.
    pub dim: usize,
    /// Width of each convolution's output.
    pub hidden: usize,
    /// Rows of the character table (row 0: a character not in it).
    pub chars: usize,
    /// Rows of each cluster table (row 0: no cluster).
    pub clusters: usize,
}

/// Where each parameter block starts in the flat parameter vector.
#[derive(Debug, Clone, Copy)]
pub struct Offsets {
    pub chars: usize,
    pub char_clusters: usize,
    pub bigram_clusters: usize,
    /// Convolution `l`: `[o][d][h]` (offset, input, output), so that a position's outputs
    /// gather as whole rows.
    pub conv: [usize; 3],
    pub bias: [usize; 3],
    /// Output map `[t][h]`.
    pub out: usize,
    /// Total length; the embedding tables end at `conv[0]`.
    pub len: usize,
}

impl NetShape {
    /// Input width of convolution `l`.
    pub fn input(&self, l: usize) -> usize {
        if l == 0 { self.dim } else { self.hidden }
    }

    pub fn offsets(&self) -> Offsets {
        let (d, h) = (self.dim, self.hidden);
        let chars = 0;
        let char_clusters = chars + self.chars * d;
        let bigram_clusters = char_clusters + self.clusters * d;
        let mut at = bigram_clusters + self.clusters * d;
        let mut conv = [0; 3];
        let mut bias = [0; 3];
        for l in 0..3 {
            conv[l] = at;
            at += 3 * h * self.input(l);
            bias[l] = at;
            at += h;
        }
        let out = at;
        Offsets {
            chars,
            char_clusters,
            bigram_clusters,
            conv,
            bias,
            out,
            len: out + NT * h,
        }
    }
}

/// Buffers of one forward pass (kept for the backward pass in training).
#[derive(Debug, Default)]
pub struct NetWork {
    /// Parameter offsets of each position's three embedding rows.
    pub rows: Vec<[u32; 3]>,
    /// Sum of the embeddings, `x[i * dim + d]`.
    pub x: Vec<f32>,
    /// Each convolution's pre-activation and output, `[i * hidden + h]`.
    pub pre: [Vec<f32>; 3],
    pub act: [Vec<f32>; 3],
    /// Tag scores, `scores[i * NT + t]`.
    pub scores: Vec<f32>,
    clusters: Vec<[u16; 4]>,
}

/// A trained network: its shape, its characters and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct EmissionNet {
    pub shape: NetShape,
    /// Character code → row of the character table.
    vocab: HashMap<u32, u32>,
    /// The characters by row (row 0, unknown, has none): how the vocabulary is written out.
    codes: Vec<u32>,
    pub params: Vec<f32>,
    /// The CRF's weight unit: a score `s` adds `s / unit` to the quantised emission.
    pub unit: f32,
    /// The first convolution of every embedding row ([`first_layer`]), for tagging.
    first: Vec<f32>,
}

/// `Σ a[k] b[k]`, in eight lanes so that the compiler vectorises it.
#[inline(always)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (ac, bc) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ac
        .remainder()
        .iter()
        .zip(bc.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ac.zip(bc) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// `y += a x`.
#[inline(always)]
pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    for (v, u) in y.iter_mut().zip(x) {
        *v += a * u;
    }
}

impl EmissionNet {
    /// A network over `codes` (the character table's rows 1…) with the given parameters.
    pub fn new(shape: NetShape, codes: Vec<u32>, params: Vec<f32>, unit: f32) -> EmissionNet {
        let vocab = codes
            .iter()
            .enumerate()
            .map(|(row, &c)| (c, row as u32 + 1))
            .collect();
        let first = first_layer(&shape, &params);
        EmissionNet {
            shape,
            vocab,
            codes,
            params,
            unit,
            first,
        }
    }

    /// Each position's embedding rows: the character, its fine cluster, its bigram's fine cluster.
    pub fn rows(
        shape: &NetShape,
        vocab: &HashMap<u32, u32>,
        codes: &[u32],
        clusters: Option<&Clusters>,
        w: &mut NetWork,
    ) {
        let off = shape.offsets();
        w.clusters.clear();
        match clusters {
            Some(c) => c.assign(codes, &mut w.clusters),
            None => w.clusters.resize(codes.len(), [0; 4]),
        }
        let row = |base: usize, r: usize| (base + r * shape.dim) as u32;
        let cluster = |id: u16| (id as usize).min(shape.clusters - 1);
        w.rows.clear();
        w.rows.extend(codes.iter().zip(&w.clusters).map(|(c, cl)| {
            [
                row(off.chars, vocab.get(c).map_or(0, |&r| r as usize)),
                row(off.char_clusters, cluster(cl[1])),
                row(off.bigram_clusters, cluster(cl[3])),
            ]
        }));
    }

    /// Tag scores of `codes` into `w.scores`.
    pub fn forward(&self, codes: &[u32], clusters: Option<&Clusters>, w: &mut NetWork) {
        Self::rows(&self.shape, &self.vocab, codes, clusters, w);
        forward_with(&self.shape, &self.params, Some(&self.first), w);
    }

    /// Adds the scores of `codes`, in the CRF's unit, to `emit[i * NT + t]`.
    pub fn add_scores(
        &self,
        codes: &[u32],
        clusters: Option<&Clusters>,
        w: &mut NetWork,
        emit: &mut [i32],
    ) {
        self.forward(codes, clusters, w);
        let inv = 1.0 / self.unit;
        for (e, s) in emit.iter_mut().zip(&w.scores) {
            *e += (s * inv).round() as i32;
        }
    }

    /// The same network in another weight unit.
    pub fn with_unit(self, unit: f32) -> EmissionNet {
        EmissionNet { unit, ..self }
    }

    /// Appends the network to a model file's raw bytes.
    pub fn write(&self, out: &mut Vec<u8>) {
        let s = &self.shape;
        for v in [s.dim, s.hidden, s.chars, s.clusters] {
            out.extend_from_slice(&(v as u32).to_le_bytes());
        }
        out.extend_from_slice(&self.unit.to_le_bytes());
        for c in &self.codes {
            out.extend_from_slice(&c.to_le_bytes());
        }
        for p in &self.params {
            out.extend_from_slice(&p.to_le_bytes());
        }
    }

    /// Reads a network written by [`EmissionNet::write`].
    pub fn read(raw: &[u8], pos: &mut usize) -> Option<EmissionNet> {
        let mut word = || -> Option<[u8; 4]> {
            let b = raw.get(*pos..*pos + 4)?.try_into().ok()?;
            *pos += 4;
            Some(b)
        };
        let mut dims = [0usize; 4];
        for d in &mut dims {
            *d = u32::from_le_bytes(word()?) as usize;
        }
        let [dim, hidden, chars, clusters] = dims;
        if dim == 0 || hidden == 0 || chars == 0 || clusters == 0 || dim > 4096 || hidden > 4096 {
            return None;
        }
        let shape = NetShape {
            dim,
            hidden,
            chars,
            clusters,
        };
        let unit = f32::from_le_bytes(word()?);
        let len = shape.offsets().len;
        // Guard the allocations against a corrupt header.
        if (chars - 1 + len) * 4 > raw.len() {
            return None;
        }
        let codes = (1..chars)
            .map(|_| word().map(u32::from_le_bytes))
            .collect::<Option<Vec<u32>>>()?;
        let params = (0..len)
            .map(|_| word().map(f32::from_le_bytes))
            .collect::<Option<Vec<f32>>>()?;
        (unit > 0.0 && unit.is_finite()).then(|| EmissionNet::new(shape, codes, params, unit))
    }
}

/// The forward pass over `w.rows` (see [`EmissionNet::rows`]) with parameters `p`, in AVX2
/// where the processor has it (the default x86-64 target has SSE2 only, a quarter of the
/// lanes).
pub fn forward(shape: &NetShape, p: &[f32], w: &mut NetWork) {
    forward_with(shape, p, None, w);
}

/// [`forward`], with the first convolution read from `first` when given (see
/// [`first_layer`]).
fn forward_with(shape: &NetShape, p: &[f32], first: Option<&[f32]>, w: &mut NetWork) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the processor has the features the function is compiled for.
        unsafe { forward_avx2(shape, p, first, w) };
        return;
    }
    forward_body(shape, p, first, w);
}

/// Whether the processor runs the AVX2 and FMA versions of the network's passes (the training
/// pass asks too).
#[cfg(target_arch = "x86_64")]
pub fn has_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn forward_avx2(shape: &NetShape, p: &[f32], first: Option<&[f32]>, w: &mut NetWork) {
    forward_body(shape, p, first, w);
}

/// The first convolution applied to every embedding row: `[(row * 3 + o) * hidden + k]`, where
/// row `r` starts at parameter `r * dim`. A position's first pre-activation is then the bias and
/// nine rows of this table, not three products by a matrix.
fn first_layer(shape: &NetShape, p: &[f32]) -> Vec<f32> {
    let off = shape.offsets();
    let (d, h) = (shape.dim, shape.hidden);
    let rows = off.conv[0] / d;
    let mut table = vec![0f32; rows * 3 * h];
    for r in 0..rows {
        let e = &p[r * d..(r + 1) * d];
        for o in 0..3 {
            let out = &mut table[(r * 3 + o) * h..(r * 3 + o + 1) * h];
            let wo = off.conv[0] + o * d * h;
            for (k, &x) in e.iter().enumerate() {
                axpy(x, &p[wo + k * h..wo + (k + 1) * h], out);
            }
        }
    }
    table
}

#[inline(always)]
fn forward_body(shape: &NetShape, p: &[f32], first: Option<&[f32]>, w: &mut NetWork) {
    let off = shape.offsets();
    let (d, h) = (shape.dim, shape.hidden);
    let n = w.rows.len();
    let mut from = 0;
    if let Some(table) = first {
        let (pre, act) = (&mut w.pre[0], &mut w.act[0]);
        pre.clear();
        act.clear();
        let bias = &p[off.bias[0]..off.bias[0] + h];
        for i in 0..n {
            let at = pre.len();
            pre.extend_from_slice(bias);
            let acc = &mut pre[at..];
            for o in 0..3 {
                let Some(j) = (i + o).checked_sub(1).filter(|&j| j < n) else {
                    continue;
                };
                for &r in &w.rows[j] {
                    let t = (r as usize / d * 3 + o) * h;
                    axpy(1.0, &table[t..t + h], acc);
                }
            }
            act.extend(acc.iter().map(|a| a.max(0.0)));
        }
        from = 1;
    } else {
        w.x.clear();
        w.x.resize(n * d, 0.0);
        for (x, rows) in w.x.chunks_exact_mut(d).zip(&w.rows) {
            for &r in rows {
                for (v, e) in x.iter_mut().zip(&p[r as usize..r as usize + d]) {
                    *v += e;
                }
            }
        }
    }
    for l in from..3 {
        let input_width = shape.input(l);
        let (done, rest) = w.act.split_at_mut(l);
        let input: &[f32] = if l == 0 { &w.x } else { &done[l - 1] };
        let pre = &mut w.pre[l];
        let act = &mut rest[0];
        pre.clear();
        pre.resize(n * h, 0.0);
        act.clear();
        act.resize(n * h, 0.0);
        let bias = &p[off.bias[l]..off.bias[l] + h];
        let dil = DILATIONS[l];
        for i in 0..n {
            let acc = &mut pre[i * h..(i + 1) * h];
            acc.copy_from_slice(bias);
            for o in 0..3 {
                let Some(j) = (i + o * dil).checked_sub(dil).filter(|&j| j < n) else {
                    continue;
                };
                let xin = &input[j * input_width..(j + 1) * input_width];
                let wo = off.conv[l] + o * input_width * h;
                for (d, &x) in xin.iter().enumerate() {
                    axpy(x, &p[wo + d * h..wo + (d + 1) * h], acc);
                }
            }
            let out = &mut act[i * h..(i + 1) * h];
            for (k, (o, &a)) in out.iter_mut().zip(acc.iter()).enumerate() {
                *o = a.max(0.0) + if l > 0 { input[i * h + k] } else { 0.0 };
            }
        }
    }
    w.scores.clear();
    w.scores.resize(n * NT, 0.0);
    let last = &w.act[2];
    for (i, s) in w.scores.chunks_exact_mut(NT).enumerate() {
        let hi = &last[i * h..(i + 1) * h];
        for (t, v) in s.iter_mut().enumerate() {
            let row = off.out + t * h;
            *v = dot(&p[row..row + h], hi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> EmissionNet {
        let shape = NetShape {
            dim: 4,
            hidden: 3,
            chars: 3,
            clusters: 2,
        };
        let len = shape.offsets().len;
        let params = (0..len)
            .map(|k| ((k * 7 % 11) as f32 - 5.0) / 10.0)
            .collect();
        EmissionNet::new(shape, vec!['中' as u32, '国' as u32], params, 0.01)
    }

    #[test]
    fn network_round_trips_through_its_bytes() {
        let net = tiny();
        let mut raw = Vec::new();
        net.write(&mut raw);
        let mut pos = 0;
        assert_eq!(EmissionNet::read(&raw, &mut pos), Some(net));
        assert_eq!(pos, raw.len());
        let mut pos = 0;
        assert_eq!(EmissionNet::read(&raw[..raw.len() - 1], &mut pos), None);
    }

    #[test]
    fn a_score_depends_on_characters_within_reach_only() {
        let net = tiny();
        let codes: Vec<u32> = "中国人中国人中国人中国人中国人中国人"
            .chars()
            .map(|c| c as u32)
            .collect();
        let mut w = NetWork::default();
        net.forward(&codes, None, &mut w);
        let before = w.scores.clone();
        // Position 0 sees positions up to 7; changing position 8 leaves it alone.
        let mut changed = codes.clone();
        changed[8] = '国' as u32;
        net.forward(&changed, None, &mut w);
        assert_eq!(before[..NT], w.scores[..NT]);
        assert_ne!(before[8 * NT..9 * NT], w.scores[8 * NT..9 * NT]);
        // The precomputed first layer gives the training pass's scores.
        let mut plain = NetWork::default();
        EmissionNet::rows(&net.shape, &net.vocab, &codes, None, &mut plain);
        forward(&net.shape, &net.params, &mut plain);
        for (a, b) in before.iter().zip(&plain.scores) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
        // Unknown characters share row 0.
        let mut unknown = codes.clone();
        unknown[8] = '民' as u32;
        net.forward(&unknown, None, &mut w);
        assert_eq!(before, w.scores);
    }
}
