//! Facilities: a place or organization the model found, followed by a facility suffix
//! (酒泉 + 卫星发射中心, 东风 + 着陆场), or a named facility.

use super::{Placed, Rules, is_edge_junk, is_numeral};
use crate::extract::ner::{EntityKind, EntitySpan};
use crate::text::is_han;

impl Rules {
    /// A place or organization followed by a facility suffix.
    pub(super) fn facilities(&self, chars: &[char], model: Placed, out: &mut Vec<EntitySpan>) {
        let n = chars.len();
        let is_name = |s: &EntitySpan| matches!(s.kind, EntityKind::Loc | EntityKind::Org);
        // Where the run of places ending with each span starts (北京 + 大兴): computed once, so
        // a suffix after a long run of places does not walk it back again.
        let spans = model.spans();
        let mut run_start: Vec<usize> = Vec::with_capacity(spans.len());
        for (i, s) in spans.iter().enumerate() {
            let joins =
                i > 0 && spans[i - 1].kind == EntityKind::Loc && spans[i - 1].end == s.start;
            run_start.push(if joins { run_start[i - 1] } else { s.start });
        }
        for e in 1..=n {
            if !self.facility_last.contains(&chars[e - 1]) {
                continue;
            }
            for suffix in &self.facility_suffix {
                if e < suffix.len() || !chars[..e].ends_with(suffix) {
                    continue;
                }
                if suffix.len() == 1 && e < n && self.facility_not_after.contains(&chars[e]) {
                    continue;
                }
                let j = e - suffix.len();
                // Modifiers between the name and the suffix: 北京大兴 + 国际 + 机场.
                let mut k = j;
                for _ in 0..2 {
                    match self
                        .facility_modifier
                        .iter()
                        .find(|m| chars[..k].ends_with(m))
                    {
                        Some(m) => k -= m.len(),
                        None => break,
                    }
                }
                // A place right before: 酒泉 + 卫星发射中心, 北京 + 大兴 + 国际机场.
                let mut start = None;
                for &stop in &[k, j] {
                    if let Some((i, _)) = model
                        .ending_at(stop)
                        .filter(|(_, s)| s.kind == EntityKind::Loc)
                    {
                        start = Some(run_start[i]);
                        break;
                    }
                }
                if start.is_none() && suffix.len() >= 2 {
                    // The model took name and suffix as one span (酒泉卫星发射中心 as a place);
                    // not for one-character suffixes: 连云港 and 枫桥 are places.
                    start = model
                        .ending_within(k, e)
                        .find(|(_, s)| {
                            is_name(s)
                                && s.start + 2 <= k
                                && (s.end == e
                                    || (s.kind == EntityKind::Loc && s.end > k && s.end < e))
                        })
                        .map(|(_, s)| s.start);
                }
                if start.is_none() && k >= 2 && self.facility_named.iter().any(|w| w == suffix) {
                    // Sites of the space programme are always named (东风 + 着陆场): the two
                    // characters before the suffix, after a preposition or a clause boundary.
                    let name = &chars[k - 2..k];
                    let bounded = k == 2
                        || self.lead_preposition.contains(&chars[k - 3])
                        || is_edge_junk(chars[k - 3]);
                    if bounded && name.iter().all(|&c| is_han(c) && !is_numeral(c)) {
                        start = Some(k - 2);
                    }
                }
                // A one-character suffix needs a name of two characters or more: 沪|港 is a
                // pair of places, 天津|港 a port.
                let shortest_name = if suffix.len() == 1 { 2 } else { 1 };
                if let Some(start) = start
                    && j >= start + shortest_name
                {
                    out.push(EntitySpan {
                        start,
                        end: e,
                        kind: EntityKind::Facility,
                    });
                    break;
                }
            }
        }
    }
}
