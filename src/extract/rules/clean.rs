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
    /// Whether `s` lies inside a word that holds no name (`name.holding_word`: 南水 of 南水北调,
    /// 三中 of 三中全会), the word being longer than the span, or is the start of such a word
    /// whose rest follows a list of items like it (二中 of 十八届二中、三中全会).
    fn inside_holding_word(&self, chars: &[char], s: EntitySpan) -> bool {
        const MAX_ITEMS: usize = 8;
        let len = s.end - s.start;
        self.holding_words.iter().any(|w| {
            if w.len() <= len {
                return false;
            }
            let inside = (s.end.saturating_sub(w.len())..=s.start)
                .any(|at| chars.get(at..at + w.len()) == Some(&w[..]));
            let listed = w.starts_with(&chars[s.start..s.end]) && {
                let rest = &w[len..];
                let mut at = s.end;
                let mut items = 0;
                while chars.get(at) == Some(&'、') && items < MAX_ITEMS {
                    at += 1 + len;
                    items += 1;
                }
                items > 0 && chars.get(at..).is_some_and(|tail| tail.starts_with(rest))
            };
            inside || listed
        })
    }

    /// Where a word that holds no name starts inside `s` and runs on past its end (四中全会 in
    /// 中共二十届|四中|全会), its start being after the span's.
    fn holding_word_from_inside(&self, chars: &[char], s: EntitySpan) -> Option<usize> {
        (s.start + 1..s.end).find(|&at| {
            self.holding_words
                .iter()
                .any(|w| at + w.len() > s.end && chars.get(at..at + w.len()) == Some(&w[..]))
        })
    }

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
        trim_edges(chars, &mut s, lexicon);
        // A name holds a letter, a Han char or a digit: punctuation alone (`·?·`) is none.
        if !chars[s.start..s.end].iter().any(|c| c.is_alphanumeric()) {
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
        if self.inside_holding_word(chars, s) {
            return None;
        }
        // …二十届|四中 of 中共二十届四中全会: the name ends where the word starts.
        if let Some(start) = self.holding_word_from_inside(chars, s) {
            s.end = start;
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
                    // A place of the dictionary is one if it ends like a place (延安市, 黄山):
                    // the dictionary also files people as places (普京, 奥巴马).
                    Some(class::PLACE)
                        if lex.place_suffix.contains(&normalize(chars[s.end - 1])) =>
                    {
                        s.kind = EntityKind::Loc;
                    }
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
        if s.kind == EntityKind::Org
            && let Some(lex) = lexicon
            && self.is_bare_class_noun(&chars[s.start..s.end], lex)
        {
            return None;
        }
        Some(s)
    }

    /// 政务服务站, 行业协会商会, 专家小组: a generic class head (`org.generic_head`) after nothing
    /// but common words names a kind of body, not one body. A proper part keeps the name: a
    /// place, person, organization or abbreviation word of the dictionary, a scope word
    /// (`org.scope`: 国家, 中央, 国际), an institution (公安部工作组), Latin letters or digits, or a
    /// character that makes no word with its neighbours.
    fn is_bare_class_noun(&self, text: &[char], lex: &Lexicon) -> bool {
        let mut rest = text;
        let mut heads = 0;
        while let Some(h) = self
            .org_generic_head
            .iter()
            .find(|h| rest.len() > h.len() && rest.ends_with(h))
        {
            rest = &rest[..rest.len() - h.len()];
            heads += 1;
        }
        if heads == 0 {
            return false;
        }
        let codes: Vec<u32> = rest.iter().map(|&c| normalize(c)).collect();
        let (mut best, mut ends) = (Vec::new(), Vec::new());
        lex.segment(&codes, &mut best, &mut ends);
        let mut start = 0;
        ends.iter().all(|&end| {
            let word = &rest[start..end as usize];
            let first = start == 0;
            start = end as usize;
            // A preposition the tagger glued before the name is no proper part (对|行业协会商会).
            if first && word.len() == 1 && self.lead_preposition.contains(&word[0]) {
                return true;
            }
            word.len() >= 2
                && dict_class(lex, word) == Some(class::WORD)
                && !self.org_scope.iter().any(|w| word.starts_with(w))
                && !word
                    .last()
                    .is_some_and(|&c| lex.org_suffix_char.contains(&normalize(c)))
                && word.iter().all(|&c| is_han(c))
        })
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

/// Middle dots between the parts of a transliterated name (劳尔·卡斯特罗); one at either end of a
/// span dangles (·柯克, 埃斯特万·).
fn is_middle_dot(c: char) -> bool {
    matches!(c, '·' | '・' | '•' | '･' | '‧')
}

/// An opening bracket of an aside: `(朱巴)维` holds the end of the word before it.
fn opens_aside(c: char) -> bool {
    matches!(c, '(' | '（' | '[' | '【')
}

/// Cuts from a span what is no part of the name at its edges, until nothing changes:
/// punctuation, except a mark whose partner the name holds (“玉兔号”巡视器); a dangling middle dot
/// (·柯克 → 柯克); a bracketed aside opening the span (中国赴南苏丹(朱巴)维和 tagged `(朱巴)维` →
/// `维`); a bracketed aside closing it (市场监管总局(标准委) → 市场监管总局), unless it holds a
/// class word of the name (中国长江航运(集团)), which only the dictionary's cue list tells.
pub(super) fn trim_edges(chars: &[char], s: &mut EntitySpan, lexicon: Option<&Lexicon>) {
    loop {
        let before = (s.start, s.end);
        if s.start < s.end {
            let first = chars[s.start];
            if opens_aside(first)
                && let Some(close) = crate::extract::ner::repair::closing_of(first)
                && let Some(q) = (s.start + 1..s.end - 1).find(|&q| chars[q] == close)
            {
                s.start = q + 1;
            } else if is_middle_dot(first)
                || (is_edge_junk(first) && !opens_pair(chars, s.start, s.end))
            {
                s.start += 1;
            }
        }
        if s.end > s.start {
            let last = chars[s.end - 1];
            if is_middle_dot(last) || (is_edge_junk(last) && !closes_pair(chars, s.start, s.end)) {
                s.end -= 1;
            } else if let Some(open) = crate::extract::ner::repair::opening_of(last)
                && opens_aside(open)
                && let Some(lex) = lexicon
                && let Some(p) = (s.start + 1..s.end - 1).rev().find(|&p| chars[p] == open)
                && !is_cue_word(lex, &chars[p + 1..s.end - 1], cue::ORG_SUFFIX)
            {
                s.end = p;
            }
        }
        if (s.start, s.end) == before {
            return;
        }
    }
}

/// Whether `text` is a whole cue word of the given kind.
fn is_cue_word(lex: &Lexicon, text: &[char], kind: u8) -> bool {
    let codes: Vec<u32> = text.iter().map(|&c| normalize(c)).collect();
    let mut whole = false;
    lex.cue_words.for_each_match(&codes, 0, |len, value, _| {
        whole |= len == codes.len() && value == kind;
    });
    whole
}

/// Two people's spans on either side of a middle dot are one transliterated name (查理 + ·柯克 →
/// 查理·柯克): the tagger sometimes breaks a name at its dot.
pub(super) fn join_across_dots(chars: &[char], spans: &mut Vec<EntitySpan>) {
    let mut i = 1;
    while i < spans.len() {
        let (a, b) = (spans[i - 1], spans[i]);
        if a.kind == EntityKind::Per
            && b.kind == EntityKind::Per
            && b.start == a.end + 1
            && is_middle_dot(chars[a.end])
        {
            spans[i - 1].end = b.end;
            spans.remove(i);
        } else {
            i += 1;
        }
    }
}

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
