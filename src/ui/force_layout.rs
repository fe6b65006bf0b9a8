//! A force-directed layout for a small graph (tens of nodes, as the co-occurrence network
//! draws): Fruchterman–Reingold forces (every pair repels, edges pull by weight, a weak pull to
//! the middle) under a cooling temperature, then passes that push overlapping circles apart.
//! Deterministic: the start positions come from a seeded generator. No egui.

/// An edge between two nodes (indexes) and its weight (any positive scale; normalised inside).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    pub weight: f32,
}

/// Node centres in layout units (the radii's units), centred on the origin; node 0 stays at
/// the origin when `pin_first`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub positions: Vec<[f32; 2]>,
    /// The largest step any node took in the last force iteration (a converged layout's is
    /// small against the ideal edge length).
    pub last_move: f32,
    /// The ideal distance between connected nodes the forces aimed at.
    pub ideal: f32,
}

/// Force iterations; the temperature cools to nothing over them.
const ITERATIONS: usize = 400;
/// Gap kept between two circles by the overlap passes, in layout units.
pub const GAP: f32 = 2.0;
const OVERLAP_PASSES: usize = 60;

/// Lays out nodes of the given `radii` joined by `edges`; the same input and `seed` give the
/// same layout.
pub fn layout(radii: &[f32], edges: &[Edge], seed: u64, pin_first: bool) -> Layout {
    let n = radii.len();
    let mean_r = if n == 0 {
        1.0
    } else {
        (radii.iter().map(|r| r.max(0.0)).sum::<f32>() / n as f32).max(1.0)
    };
    // Room for a node and its label: a few diameters between neighbours.
    let ideal = mean_r * 6.0;
    let mut pos = start_positions(n, ideal, seed, pin_first);
    let max_w = edges
        .iter()
        .map(|e| e.weight)
        .filter(|w| w.is_finite())
        .fold(0.0f32, f32::max);
    let mut last_move = 0.0;
    let start_temp = ideal * 2.0;
    let mut disp = vec![[0.0f32; 2]; n];
    for it in 0..ITERATIONS {
        let temp = start_temp * (1.0 - it as f32 / ITERATIONS as f32).powi(2);
        disp.iter_mut().for_each(|d| *d = [0.0, 0.0]);
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy, d) = delta(pos[i], pos[j], i, j);
                // Repulsion k²/d, along the line from j to i.
                let f = ideal * ideal / d;
                let (fx, fy) = (dx / d * f, dy / d * f);
                disp[i][0] += fx;
                disp[i][1] += fy;
                disp[j][0] -= fx;
                disp[j][1] -= fy;
            }
        }
        for e in edges {
            if e.a >= n || e.b >= n || e.a == e.b {
                continue;
            }
            let (dx, dy, d) = delta(pos[e.a], pos[e.b], e.a, e.b);
            // Attraction d²/k, stronger for heavier edges (0.2–1 of the full pull).
            let w = if max_w > 0.0 && e.weight.is_finite() {
                0.2 + 0.8 * (e.weight / max_w).clamp(0.0, 1.0)
            } else {
                0.2
            };
            let f = d * d / ideal * w;
            let (fx, fy) = (dx / d * f, dy / d * f);
            disp[e.a][0] -= fx;
            disp[e.a][1] -= fy;
            disp[e.b][0] += fx;
            disp[e.b][1] += fy;
        }
        last_move = 0.0f32;
        for i in 0..n {
            if pin_first && i == 0 {
                continue;
            }
            // A weak pull to the middle keeps unconnected nodes near.
            disp[i][0] -= pos[i][0] * 0.05;
            disp[i][1] -= pos[i][1] * 0.05;
            let len = (disp[i][0].powi(2) + disp[i][1].powi(2)).sqrt();
            if !len.is_finite() || len == 0.0 {
                continue;
            }
            let step = len.min(temp);
            pos[i][0] += disp[i][0] / len * step;
            pos[i][1] += disp[i][1] / len * step;
            last_move = last_move.max(step);
        }
    }
    separate(&mut pos, radii, pin_first);
    if !pin_first {
        centre(&mut pos);
    }
    Layout {
        positions: pos,
        last_move,
        ideal,
    }
}

/// The vector from `q` to `p` and its length, never zero: coincident nodes are told apart by
/// their indexes.
fn delta(p: [f32; 2], q: [f32; 2], i: usize, j: usize) -> (f32, f32, f32) {
    let (mut dx, mut dy) = (p[0] - q[0], p[1] - q[1]);
    let mut d = (dx * dx + dy * dy).sqrt();
    if !d.is_finite() || d < 1e-3 {
        let angle = (i * 31 + j * 17) as f32;
        (dx, dy) = (angle.cos() * 1e-2, angle.sin() * 1e-2);
        d = 1e-2;
    }
    (dx, dy, d)
}

/// Nodes spread on a jittered spiral around the origin (node 0 at the origin when pinned).
fn start_positions(n: usize, ideal: f32, seed: u64, pin_first: bool) -> Vec<[f32; 2]> {
    let mut rng = SplitMix(seed);
    (0..n)
        .map(|i| {
            if pin_first && i == 0 {
                return [0.0, 0.0];
            }
            let angle = i as f32 * 2.399_963 + rng.unit() * 0.5;
            let radius = ideal * (0.5 + (i as f32).sqrt()) * (0.8 + 0.4 * rng.unit());
            [radius * angle.cos(), radius * angle.sin()]
        })
        .collect()
}

/// Pushes overlapping circles apart (each by half the overlap; a pinned node never moves).
fn separate(pos: &mut [[f32; 2]], radii: &[f32], pin_first: bool) {
    let n = pos.len().min(radii.len());
    for _ in 0..OVERLAP_PASSES {
        let mut moved = false;
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy, d) = delta(pos[i], pos[j], i, j);
                let need = radii[i].max(0.0) + radii[j].max(0.0) + GAP;
                if d >= need {
                    continue;
                }
                moved = true;
                let push = need - d;
                let (ux, uy) = (dx / d, dy / d);
                let (share_i, share_j) = match (pin_first && i == 0, pin_first && j == 0) {
                    (true, _) => (0.0, 1.0),
                    (_, true) => (1.0, 0.0),
                    _ => (0.5, 0.5),
                };
                pos[i][0] += ux * push * share_i;
                pos[i][1] += uy * push * share_i;
                pos[j][0] -= ux * push * share_j;
                pos[j][1] -= uy * push * share_j;
            }
        }
        if !moved {
            break;
        }
    }
}

fn centre(pos: &mut [[f32; 2]]) {
    if pos.is_empty() {
        return;
    }
    let n = pos.len() as f32;
    let cx = pos.iter().map(|p| p[0]).sum::<f32>() / n;
    let cy = pos.iter().map(|p| p[1]).sum::<f32>() / n;
    for p in pos {
        p[0] -= cx;
        p[1] -= cy;
    }
}

/// SplitMix64: a small, well-mixed generator for reproducible start positions.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(p: [f32; 2], q: [f32; 2]) -> f32 {
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
    }

    /// A star around node 0 with decreasing weights, and a few edges among the leaves.
    fn star(n: usize) -> (Vec<f32>, Vec<Edge>) {
        let radii: Vec<f32> = (0..n).map(|i| 6.0 + (i % 5) as f32 * 3.0).collect();
        let mut edges: Vec<Edge> = (1..n)
            .map(|b| Edge {
                a: 0,
                b,
                weight: (n - b) as f32,
            })
            .collect();
        edges.extend((1..n - 1).step_by(3).map(|a| Edge {
            a,
            b: a + 1,
            weight: 1.0,
        }));
        (radii, edges)
    }

    #[test]
    fn the_same_seed_gives_the_same_layout_and_another_seed_another() {
        let (radii, edges) = star(20);
        let a = layout(&radii, &edges, 7, true);
        let b = layout(&radii, &edges, 7, true);
        let c = layout(&radii, &edges, 8, true);
        assert_eq!(a, b);
        assert_ne!(a.positions, c.positions);
    }

    #[test]
    fn the_forces_settle_and_no_circles_overlap() {
        for n in [2, 5, 12, 40, 60] {
            let (radii, edges) = star(n);
            let l = layout(&radii, &edges, 1, true);
            assert!(
                l.last_move < l.ideal * 0.01,
                "n={n}: still moving {} (ideal {})",
                l.last_move,
                l.ideal
            );
            assert_eq!(l.positions[0], [0.0, 0.0], "the centre stays pinned");
            for i in 0..n {
                assert!(l.positions[i].iter().all(|v| v.is_finite()));
                for j in (i + 1)..n {
                    let d = dist(l.positions[i], l.positions[j]);
                    assert!(
                        d + 0.5 >= radii[i] + radii[j],
                        "n={n}: nodes {i} and {j} overlap ({d} < {} + {})",
                        radii[i],
                        radii[j]
                    );
                }
            }
        }
    }

    #[test]
    fn heavy_edges_end_closer_than_light_ones_and_neighbours_closer_than_strangers() {
        // Two clusters of four joined by one light edge.
        let radii = vec![5.0; 8];
        let mut edges = Vec::new();
        for cluster in [0, 4] {
            for a in cluster..cluster + 4 {
                for b in (a + 1)..cluster + 4 {
                    edges.push(Edge { a, b, weight: 10.0 });
                }
            }
        }
        edges.push(Edge {
            a: 3,
            b: 4,
            weight: 1.0,
        });
        let l = layout(&radii, &edges, 3, false);
        let p = &l.positions;
        let within = (dist(p[0], p[1]) + dist(p[5], p[6])) / 2.0;
        let across = (dist(p[0], p[5]) + dist(p[1], p[6])) / 2.0;
        assert!(within < across, "within {within} ≥ across {across}");
    }

    #[test]
    fn empty_single_and_coincident_inputs_are_laid_out() {
        assert!(layout(&[], &[], 0, true).positions.is_empty());
        assert_eq!(layout(&[4.0], &[], 0, true).positions, vec![[0.0, 0.0]]);
        let bad = [Edge {
            a: 0,
            b: 9,
            weight: f32::NAN,
        }];
        let l = layout(&[3.0, 3.0, 3.0], &bad, 0, false);
        assert!(l.positions.iter().flatten().all(|v| v.is_finite()));
    }
}
