//! The clean-up of the model's spans: edge punctuation and verbs glued before a name cut off,
//! an organization started after a preposition standing alone, bare class nouns and roles
//! dropped; and organizations read from typed lists (`…、海克斯康、默沙东等企业`).

use super::{Rules, closes_pair, dict_class, glued_before, is_edge_junk, is_numeral, opens_pair};
use crate::extract::ner::chars::normalize;
use crate::extract::ner::lexicon::{Lexicon, class, cue};
use crate::extract::ner::{EntityKind, EntitySpan};
use crate::text::is_han;
use std::collections::BTreeMap;

impl Rules {
    /// The model's span after the clean-up rules, or `None` if it is no name.
    pub(super) fn clean(
        &self,
        chars: &[char],
        mut s: EntitySpan,
        lexicon: Option<&Lexicon>,
    ) -> Option<EntitySpan> {
        if s.end > chars.len() || s.start >= s.end {
            return None;
        }
        // Punctuation at the edges goes, except a mark whose partner the name holds (“玉兔号”巡视器).
        loop {
            let before = (s.start, s.end);
            if s.start < s.end && is_edge_junk(chars[s.start]) && !opens_pair(chars, s.start, s.end)
            {
                s.start += 1;
            }
            if s.end > s.start
                && is_edge_junk(chars[s.end - 1])
                && !closes_pair(chars, s.start, s.end)
            {
                s.end -= 1;
            }
            if (s.start, s.end) == before {
                break;
            }
        }
        if s.start == s.end {
            return None;
        }
        // A name never cuts a Latin word (`Articl|e`), and a Latin name starts with a capital or a
        // digit (`SK集团`, `G20`, not `dateline`).
        let latin = |c: char| c.is_ascii_alphanumeric();
        if (s.start > 0 && latin(chars[s.start - 1]) && latin(chars[s.start]))
            || (s.end < chars.len() && latin(chars[s.end]) && latin(chars[s.end - 1]))
            || chars[s.start].is_ascii_lowercase()
        {
            return None;
        }
        // A name never runs across a sentence or clause boundary.
        if chars[s.start..s.end]
            .iter()
            .any(|c| matches!(c, '。' | '！' | '？' | '；' | '，' | '\n'))
        {
            return None;
        }
        if s.kind == EntityKind::Per {
            if s.end - s.start < 2 {
                return None;
            }
            let text: String = chars[s.start..s.end].iter().collect();
            if self.per_not_name.contains(&text) {
                return None;
            }
            if let Some(lex) = lexicon {
                match dict_class(lex, &chars[s.start..s.end]) {
                    Some(class::TIME) => return None,
                    Some(class::PLACE) => s.kind = EntityKind::Loc,
                    _ => {}
                }
            }
            return Some(s);
        }
        self.cut_lead_verb(chars, &mut s, 2);
        if s.kind == EntityKind::Org {
            self.cut_before_inner_preposition(chars, &mut s, lexicon);
        }
        // …商会党|建: the name ends before the word that runs on.
        if s.end < chars.len() && s.end - s.start > 2 {
            let last = chars[s.end - 1];
            let runs_on = self
                .tail_split
                .iter()
                .any(|w| w.len() >= 2 && w[0] == last && chars[s.end..].starts_with(&w[1..]));
            if runs_on {
                s.end -= 1;
            }
        }
        let len = s.end - s.start;
        if len == 1 && s.kind != EntityKind::Loc {
            return None;
        }
        if len >= 2 && self.is_class_noun(&chars[s.start..s.end], lexicon) {
            return None;
        }
        Some(s)
    }

    /// 本措施由|生态环境部: an organization never holds a preposition standing as a word of its
    /// own (由, 向, 在; but 自由党, 对外友好协会 hold it inside a word); the name starts after it if
    /// three characters remain.
    fn cut_before_inner_preposition(
        &self,
        chars: &[char],
        s: &mut EntitySpan,
        lexicon: Option<&Lexicon>,
    ) {
        let Some(lex) = lexicon else {
            return;
        };
        let Some(p) = (s.start + 1..s.end.saturating_sub(3)).rev().find(|&p| {
            self.inner_preposition.contains(&chars[p])
                && !glued_before(chars, p, Some(lex))
                && dict_class(lex, &chars[p..p + 2]).is_none()
        }) else {
            return;
        };
        s.start = p + 1;
    }

    /// A list typed by the noun after its 等 (新思科技、蔡司医疗、海克斯康等企业, 清华、北大等高校)
    /// names organizations: every item becomes one, whatever the model made of it, unless most
    /// items are people (张三、李四等企业负责人).
    pub(super) fn organization_lists(&self, chars: &[char], spans: &mut Vec<EntitySpan>) {
        // The spans by start once a list is found (they never overlap, so each starts apart):
        // a list's items replace the spans around them in logarithmic time.
        let mut by_start: Option<BTreeMap<usize, EntitySpan>> = None;
        for q in 0..chars.len() {
            if chars[q] != '等' || !self.typed_as_organizations(chars, q + 1) {
                continue;
            }
            let mut items = list_items_before(chars, q, &self.list_lead);
            if items.len() < 2 {
                continue;
            }
            let placed =
                by_start.get_or_insert_with(|| spans.iter().map(|s| (s.start, *s)).collect());
            // The spans overlapping chars `a..b`, last first.
            let overlapping = |placed: &BTreeMap<usize, EntitySpan>, a: usize, b: usize| {
                placed
                    .range(..b)
                    .rev()
                    .map(|(_, s)| *s)
                    .take_while(move |s| s.end > a)
                    .collect::<Vec<_>>()
            };
            // The first item may carry words before the name (加强与其他|多边开发银行): it
            // starts where a name the model found at its end starts.
            if let Some(first) = items.first_mut()
                && let Some(m) = overlapping(placed, first.1 - 1, first.1)
                    .first()
                    .filter(|s| s.end == first.1 && s.start > first.0 && first.1 - s.start >= 2)
            {
                first.0 = m.start;
            }
            let people = items
                .iter()
                .filter(|&&(a, b)| {
                    overlapping(placed, a, b)
                        .iter()
                        .any(|s| s.kind == EntityKind::Per)
                })
                .count();
            if people * 2 > items.len() {
                continue;
            }
            for &(a, b) in &items {
                for s in overlapping(placed, a, b) {
                    placed.remove(&s.start);
                }
            }
            placed.extend(items.iter().map(|&(start, end)| {
                let kind = EntityKind::Org;
                (start, EntitySpan { start, end, kind })
            }));
        }
        if let Some(placed) = by_start {
            *spans = placed.into_values().collect();
        }
    }

    /// Whether the words from `at` (after 等) name a kind of organization: an optional count
    /// (5家, 多家), up to two modifiers (外资, 知名), then a head noun (企业, 高校).
    fn typed_as_organizations(&self, chars: &[char], at: usize) -> bool {
        let mut k = at;
        while k < chars.len()
            && (is_numeral(chars[k]) || chars[k].is_ascii_digit() || chars[k] == '多')
        {
            k += 1;
        }
        if k > at && chars.get(k) == Some(&'家') {
            k += 1;
        }
        for _ in 0..=2 {
            if self.list_org_head.iter().any(|w| chars[k..].starts_with(w)) {
                return true;
            }
            match self
                .list_org_modifier
                .iter()
                .find(|m| chars[k..].starts_with(m))
            {
                Some(m) => k += m.len(),
                None => return false,
            }
        }
        false
    }

    /// Cuts a two-character verb glued before a name if at least `keep` characters remain.
    pub(super) fn cut_lead_verb(&self, chars: &[char], s: &mut EntitySpan, keep: usize) {
        for v in &self.lead_verb {
            if chars[s.start..s.end].starts_with(v) && s.end - s.start >= v.len() + keep {
                s.start += v.len();
                return;
            }
        }
    }

    /// A class noun alone (空间站, 委员会, 研究院): no name; but 联合国 and 政协 are names.
    fn is_class_noun(&self, text: &[char], lexicon: Option<&Lexicon>) -> bool {
        if self.facility_suffix.iter().any(|s| s == text) {
            return true;
        }
        let Some(lex) = lexicon else {
            return false;
        };
        // A suffix that is itself a name or a name's short form (联合国, 政协) stays.
        if matches!(dict_class(lex, text), Some(class::ORG | class::ABBREV)) {
            return false;
        }
        let codes: Vec<u32> = text.iter().map(|&c| normalize(c)).collect();
        let mut whole = false;
        lex.cue_words.for_each_match(&codes, 0, |len, value, _| {
            if len == codes.len()
                && matches!(value, cue::ORG_SUFFIX | cue::PLACE_SUFFIX | cue::TITLE)
            {
                whole = true;
            }
        });
        whole
    }
}

/// Most items of a typed list: a longer run of 、 is no list (and its scan stops here).
const MAX_ITEMS: usize = 64;

/// The items of a list joined by 、 that ends right before `end` (the 等): each two to twelve
/// characters of letters, digits and Han, the first after a clause boundary or a lead word
/// (包括, 如); empty if the list is not clean or holds more than [`MAX_ITEMS`].
fn list_items_before(chars: &[char], end: usize, leads: &[Vec<char>]) -> Vec<(usize, usize)> {
    const MAX_ITEM: usize = 12;
    let mut items = Vec::new();
    let mut b = end;
    loop {
        if items.len() == MAX_ITEMS {
            return Vec::new();
        }
        let mut a = b;
        while a > 0
            && b - a <= MAX_ITEM
            && (is_han(chars[a - 1]) || chars[a - 1].is_ascii_alphanumeric())
            && chars[a - 1] != '的'
        {
            a -= 1;
        }
        let sep = a.checked_sub(1).map(|x| chars[x]);
        let last_item = sep != Some('、');
        let run_start = a;
        if last_item && let Some(lead) = leads.iter().find(|l| chars[a..b].starts_with(l)) {
            a += lead.len();
        }
        if b - a < 2 || b - a > MAX_ITEM {
            return Vec::new();
        }
        items.push((a, b));
        if last_item {
            // The first item starts after a clause boundary, not inside a run of text.
            if run_start > 0
                && (is_han(chars[run_start - 1]) || chars[run_start - 1].is_ascii_alphanumeric())
            {
                return Vec::new();
            }
            break;
        }
        b = a - 1;
    }
    items.reverse();
    items
}
