//! Entities found by rules rather than the statistical model, and the clean-up of the model's spans.
//!
//! The model tags people, places and organizations ([`EntityKind::MODEL_KINDS`]). On top of its
//! output, [`Rules::apply`] finds
//! - works titled in 《》 ([`EntityKind::Work`]): the title between the brackets;
//! - spacecraft, launch vehicles and missions ([`EntityKind::Craft`]): a programme stem with a
//!   numeral and 号 (神舟十八号, 长征五号遥八), a stem with a module noun (问天实验舱), a quoted
//!   name with 号 or a vehicle noun (“奋斗者”号, “祝融号”火星车);
//! - facilities ([`EntityKind::Facility`]): a place or organization the model found followed by a
//!   facility suffix (酒泉 + 卫星发射中心, 东风 + 着陆场);
//! - named events ([`EntityKind::NamedEvent`]): a name ending in an event suffix (中国国际进口博览会,
//!   二十国集团领导人峰会) and short forms X·Y·会 whose Y stands for an event type (进博会).
//!
//! and it cleans the model's spans: verbs glued before a name are cut off (推进行业协会商会), an
//! organization starts after a preposition standing as a word of its own (本措施由|生态环境部), a
//! name never ends inside a word that runs on (…商会党|建), bare roles are no people (高管), and
//! class nouns alone are no names (空间站, 委员会). Where a rule span overlaps a model span the
//! rule span wins (酒泉卫星发射中心 is one facility, not 酒泉 + an organization), except that an
//! organization containing an event or craft and running on past it stays (中国国际进口博览会局). A name
//! standing alone is left to the model (酒泉 stays a place).
//!
//! The lexicons are in `assets/rules/rules.txt`, documented in `assets/rules/README.md`.

use crate::extract::ner::chars::normalize;
use crate::extract::ner::lexicon::{Lexicon, class, cue};
use crate::extract::ner::{EntityKind, EntitySpan};
use crate::text::is_han;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The shipped rule lexicons.
pub const RULES_TXT: &str = include_str!("../../assets/rules/rules.txt");

/// Longest description scanned back from an event suffix (characters).
const EVENT_MAX_NAME: usize = 14;
/// Longest title taken from 《》 (characters).
const WORK_MAX: usize = 60;
/// Longest quoted craft name (characters).
const QUOTED_CRAFT_MAX: usize = 8;

/// The rule lexicons, parsed. Build once ([`Rules::shipped`]) and share.
#[derive(Debug, Default)]
pub struct Rules {
    craft_numbered: HashMap<char, Vec<Vec<char>>>,
    craft_standalone: HashSet<Vec<char>>,
    craft_module: Vec<Vec<char>>,
    craft_vehicle: Vec<Vec<char>>,
    facility_suffix: Vec<Vec<char>>,
    facility_last: HashSet<char>,
    facility_modifier: Vec<Vec<char>>,
    facility_named: Vec<Vec<char>>,
    list_org_head: Vec<Vec<char>>,
    list_org_modifier: Vec<Vec<char>>,
    list_lead: Vec<Vec<char>>,
    facility_not_after: HashSet<char>,
    /// Event suffixes with whether they are weak, longest first.
    event_suffix: Vec<(Vec<char>, bool)>,
    event_last: HashSet<char>,
    event_abbreviation: HashSet<char>,
    event_not_after: HashSet<char>,
    event_scope: Vec<Vec<char>>,
    event_stop: HashSet<char>,
    event_stop_word: Vec<Vec<char>>,
    lead_verb: Vec<Vec<char>>,
    lead_preposition: HashSet<char>,
    /// Prepositions that never stand as a word of their own inside an organization's name.
    inner_preposition: HashSet<char>,
    tail_split: Vec<Vec<char>>,
    per_not_name: HashSet<String>,
}

static SHIPPED: LazyLock<Rules> = LazyLock::new(|| Rules::from_text(RULES_TXT));

fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn longest_first(mut v: Vec<Vec<char>>) -> Vec<Vec<char>> {
    v.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    v.dedup();
    v
}

fn single_chars(items: &[String]) -> HashSet<char> {
    items.iter().filter_map(|s| s.chars().next()).collect()
}

impl Rules {
    /// The rules of `assets/rules/rules.txt`, parsed on first use.
    pub fn shipped() -> &'static Rules {
        &SHIPPED
    }

    /// Parses rule lexicons: `[section]` lines start a list, items are separated by white space,
    /// `#` starts a comment. Unknown sections are ignored.
    pub fn from_text(text: &str) -> Rules {
        let mut sections: HashMap<String, Vec<String>> = HashMap::new();
        let mut current = String::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = name.trim().to_string();
                continue;
            }
            sections
                .entry(current.clone())
                .or_default()
                .extend(line.split_whitespace().map(String::from));
        }
        let list = |name: &str| sections.get(name).cloned().unwrap_or_default();
        let words = |name: &str| longest_first(list(name).iter().map(|s| chars_of(s)).collect());
        let mut craft_numbered: HashMap<char, Vec<Vec<char>>> = HashMap::new();
        for stem in words("craft.numbered") {
            if let Some(&first) = stem.first() {
                craft_numbered.entry(first).or_default().push(stem);
            }
        }
        let facility_suffix = words("facility.suffix");
        let facility_last = facility_suffix
            .iter()
            .filter_map(|s| s.last().copied())
            .collect();
        let mut event_suffix: Vec<(Vec<char>, bool)> = words("event.suffix")
            .into_iter()
            .map(|s| (s, false))
            .chain(words("event.weak").into_iter().map(|s| (s, true)))
            .collect();
        event_suffix.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let event_last = event_suffix
            .iter()
            .filter_map(|s| s.0.last().copied())
            .collect();
        Rules {
            craft_numbered,
            craft_standalone: words("craft.standalone").into_iter().collect(),
            craft_module: words("craft.module"),
            craft_vehicle: words("craft.vehicle"),
            facility_suffix,
            facility_last,
            facility_modifier: words("facility.modifier"),
            facility_named: words("facility.named"),
            list_org_head: words("list.org_head"),
            list_org_modifier: words("list.org_modifier"),
            list_lead: words("list.lead"),
            facility_not_after: single_chars(&list("facility.not_after")),
            event_suffix,
            event_last,
            event_abbreviation: single_chars(&list("event.abbreviation")),
            event_not_after: single_chars(&list("event.not_after")),
            event_scope: words("event.scope"),
            event_stop: single_chars(&list("event.stop")),
            event_stop_word: words("event.stop_word"),
            lead_verb: words("lead.verb"),
            lead_preposition: single_chars(&list("lead.preposition")),
            inner_preposition: single_chars(&list("org.inner_preposition")),
            tail_split: words("tail.split_word"),
            per_not_name: list("per.not_name").into_iter().collect(),
        }
    }

    /// Whether `c` is a preposition the model may glue before a name (对, 在, 向).
    pub fn is_lead_preposition(&self, c: char) -> bool {
        self.lead_preposition.contains(&c)
    }

    /// Whether `short` (进博会) is the short form of the event `long` (中国国际进口博览会) by the
    /// abbreviation rule: after a leading scope word (中国国际, 世界; stripped only if four
    /// characters remain), the short form's first character is among the first three of the
    /// name, its middle characters follow in order, and both end alike.
    pub fn abbreviates_event(&self, short: &[char], long: &[char]) -> bool {
        if short.len() < 3 || long.len() <= short.len() || short.last() != long.last() {
            return false;
        }
        let body = self
            .event_scope
            .iter()
            .find(|p| long.starts_with(p) && long.len() - p.len() >= 4)
            .map_or(long, |p| &long[p.len()..]);
        let Some(first) = body.iter().take(3).position(|&c| c == short[0]) else {
            return false;
        };
        let mut rest = body[first + 1..body.len() - 1].iter();
        short[1..short.len() - 1]
            .iter()
            .all(|c| rest.any(|l| l == c))
    }

    /// Cleans the model's spans of `chars` and adds the rule kinds. Returns spans in text order
    /// that do not overlap. `lexicon` (the tagger's dictionary and cue lists) sharpens a few
    /// decisions; without it those checks are skipped.
    pub fn apply(
        &self,
        chars: &[char],
        model: &[EntitySpan],
        lexicon: Option<&Lexicon>,
    ) -> Vec<EntitySpan> {
        let mut cleaned: Vec<EntitySpan> = model
            .iter()
            .filter_map(|&s| self.clean(chars, s, lexicon))
            .collect();
        cleaned.sort_unstable();
        self.organization_lists(chars, &mut cleaned);
        let mut rules: Vec<EntitySpan> = Vec::new();
        let brackets = self.works(chars, &mut rules);
        self.crafts(chars, lexicon, &mut rules);
        self.facilities(chars, &cleaned, &mut rules);
        self.events(chars, &cleaned, lexicon, &mut rules);
        for r in &mut rules {
            if r.kind != EntityKind::Work {
                self.cut_lead_verb(chars, r, 3);
            }
        }
        merge(cleaned, rules, &brackets)
    }

    /// The model's span after the clean-up rules, or `None` if it is no name.
    fn clean(
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
    fn organization_lists(&self, chars: &[char], spans: &mut Vec<EntitySpan>) {
        let mut added = false;
        for q in 0..chars.len() {
            if chars[q] != '等' || !self.typed_as_organizations(chars, q + 1) {
                continue;
            }
            let mut items = list_items_before(chars, q, &self.list_lead);
            if items.len() < 2 {
                continue;
            }
            // The first item may carry words before the name (加强与其他|多边开发银行): it
            // starts where a name the model found at its end starts.
            if let Some(first) = items.first_mut()
                && let Some(m) = spans
                    .iter()
                    .find(|s| s.end == first.1 && s.start > first.0 && first.1 - s.start >= 2)
            {
                first.0 = m.start;
            }
            let people = items
                .iter()
                .filter(|&&(a, b)| {
                    spans
                        .iter()
                        .any(|s| s.kind == EntityKind::Per && s.start < b && a < s.end)
                })
                .count();
            if people * 2 > items.len() {
                continue;
            }
            spans.retain(|s| !items.iter().any(|&(a, b)| s.start < b && a < s.end));
            spans.extend(items.iter().map(|&(start, end)| EntitySpan {
                start,
                end,
                kind: EntityKind::Org,
            }));
            added = true;
        }
        if added {
            spans.sort_unstable();
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
    fn cut_lead_verb(&self, chars: &[char], s: &mut EntitySpan, keep: usize) {
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

    /// Titles in 《》 become works; returns the bracketed ranges (brackets included).
    fn works(&self, chars: &[char], out: &mut Vec<EntitySpan>) -> Vec<(usize, usize)> {
        let mut brackets = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != '《' {
                i += 1;
                continue;
            }
            let open = i;
            let mut close = None;
            for (j, &c) in chars.iter().enumerate().skip(open + 1).take(WORK_MAX + 1) {
                match c {
                    '》' => {
                        close = Some(j);
                        break;
                    }
                    '《' | '\n' | '。' => break,
                    _ => {}
                }
            }
            match close {
                Some(close) if close > open + 1 => {
                    let (mut start, mut end) = (open + 1, close);
                    while start < end && chars[start].is_whitespace() {
                        start += 1;
                    }
                    while end > start && chars[end - 1].is_whitespace() {
                        end -= 1;
                    }
                    if start < end {
                        out.push(EntitySpan {
                            start,
                            end,
                            kind: EntityKind::Work,
                        });
                    }
                    brackets.push((open, close + 1));
                    i = close + 1;
                }
                _ => i = open + 1,
            }
        }
        brackets
    }

    /// Programme stems with numerals and 号, module names, quoted vehicle names.
    fn crafts(&self, chars: &[char], lexicon: Option<&Lexicon>, out: &mut Vec<EntitySpan>) {
        let n = chars.len();
        let mut i = 0;
        while i < n {
            let c = chars[i];
            if c == '“' || c == '"' {
                if let Some(span) = self.quoted_craft(chars, i) {
                    out.push(span);
                    i = span.end;
                    continue;
                }
                i += 1;
                continue;
            }
            let Some(stems) = self.craft_numbered.get(&c) else {
                i += 1;
                continue;
            };
            let mut found = None;
            for stem in stems {
                if !chars[i..].starts_with(stem) {
                    continue;
                }
                let p = i + stem.len();
                let mut q = p;
                while q < n && is_numeral(chars[q]) {
                    q += 1;
                }
                if q < n && chars[q] == '号' {
                    q += 1;
                    if q < n
                        && (matches!(chars[q], '甲' | '乙' | '丙' | '丁')
                            || is_variant_letter(chars, q))
                    {
                        q += 1;
                    }
                    if q + 1 < n && chars[q] == '遥' && is_numeral(chars[q + 1]) {
                        q += 1;
                        while q < n && is_numeral(chars[q]) {
                            q += 1;
                        }
                    }
                    found = Some(q);
                    break;
                }
                if q == p {
                    if let Some(m) = self.craft_module.iter().find(|m| chars[p..].starts_with(m)) {
                        found = Some(p + m.len());
                        break;
                    }
                    if self.craft_standalone.contains(stem) && !glued_before(chars, i, lexicon) {
                        found = Some(p);
                        break;
                    }
                }
            }
            match found {
                Some(end) => {
                    out.push(EntitySpan {
                        start: i,
                        end,
                        kind: EntityKind::Craft,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
    }

    /// `“奋斗者”号`, `“祝融号”火星车`: a short quoted name that is a vehicle's.
    fn quoted_craft(&self, chars: &[char], open: usize) -> Option<EntitySpan> {
        let close_char = if chars[open] == '“' { '”' } else { '"' };
        let close = (open + 1..chars.len().min(open + QUOTED_CRAFT_MAX + 2))
            .find(|&j| chars[j] == close_char)?;
        let (start, end) = (open + 1, close);
        let name = &chars[start..end];
        if name.len() < 2
            || name.len() > QUOTED_CRAFT_MAX
            || !name.iter().all(|&c| is_han(c) || c.is_ascii_alphanumeric())
            || !name.iter().any(|&c| is_han(c))
        {
            return None;
        }
        let after = &chars[close + 1..];
        let vehicle_after = self.craft_vehicle.iter().any(|v| after.starts_with(v));
        // “祝融号”: the name itself ends in 号 after a name character (not “一号” or “8号”).
        let ends_in_hao =
            name.len() >= 3 && name[name.len() - 1] == '号' && !is_numeral(name[name.len() - 2]);
        let vehicle_inside = self
            .craft_vehicle
            .iter()
            .any(|v| v.len() >= 2 && name.ends_with(v));
        if (after.first() == Some(&'号') && !name.iter().all(|&c| is_numeral(c)))
            || (ends_in_hao && vehicle_after)
            || (ends_in_hao && !vehicle_inside && after.first().is_some_and(|&c| !is_han(c)))
        {
            return Some(EntitySpan {
                start,
                end,
                kind: EntityKind::Craft,
            });
        }
        None
    }

    /// A place or organization followed by a facility suffix.
    fn facilities(&self, chars: &[char], model: &[EntitySpan], out: &mut Vec<EntitySpan>) {
        let n = chars.len();
        let is_name = |s: &EntitySpan| matches!(s.kind, EntityKind::Loc | EntityKind::Org);
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
                let is_place = |s: &&EntitySpan| s.kind == EntityKind::Loc;
                let mut start = None;
                for &stop in &[k, j] {
                    if let Some(m) = model.iter().find(|s| is_place(s) && s.end == stop) {
                        let mut st = m.start;
                        while let Some(prev) = model.iter().find(|s| is_place(s) && s.end == st) {
                            st = prev.start;
                        }
                        start = Some(st);
                        break;
                    }
                }
                if start.is_none() && suffix.len() >= 2 {
                    // The model took name and suffix as one span (酒泉卫星发射中心 as a place);
                    // not for one-character suffixes: 连云港 and 枫桥 are places.
                    start = model
                        .iter()
                        .find(|s| {
                            is_name(s)
                                && s.start + 2 <= k
                                && (s.end == e
                                    || (s.kind == EntityKind::Loc && s.end > k && s.end < e))
                        })
                        .map(|s| s.start);
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
                if let Some(start) = start
                    && j > start
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

    /// Names ending in an event suffix, and short forms X·Y·会.
    fn events(
        &self,
        chars: &[char],
        model: &[EntitySpan],
        lexicon: Option<&Lexicon>,
        out: &mut Vec<EntitySpan>,
    ) {
        let n = chars.len();
        let is_name = |s: &EntitySpan| matches!(s.kind, EntityKind::Loc | EntityKind::Org);
        let mut e = 1;
        while e <= n {
            let last = chars[e - 1];
            if last == '会' && e < n && self.event_not_after.contains(&chars[e]) {
                e += 1;
                continue;
            }
            let mut found = None;
            if self.event_last.contains(&last) {
                for (suffix, weak) in &self.event_suffix {
                    if e < suffix.len() || !chars[..e].ends_with(suffix) {
                        continue;
                    }
                    let j = e - suffix.len();
                    // The model took the name with its suffix (南美洲国家联盟峰会 as an
                    // organization): retyped, unless the suffix is weak (全国人民代表大会).
                    // A suffix that is an event by itself (奥运会) takes only a place before it
                    // (东京奥运会, not 夺得奥运会).
                    let complete = suffix.len() == 3 && self.is_event_short_form(chars, e, lexicon);
                    let whole = model.iter().find(|s| {
                        is_name(s) && s.end == e && s.start + 2 <= j && !*weak && !complete
                    });
                    if let Some(m) = whole {
                        found = Some(m.start);
                        break;
                    }
                    if let Some(start) =
                        self.event_name_start(chars, j, *weak, model, &is_name, lexicon)
                    {
                        found = Some(start);
                        break;
                    }
                }
            }
            if found.is_none()
                && last == '会'
                && e >= 3
                && self.is_event_short_form(chars, e, lexicon)
            {
                found = Some(e - 3);
            }
            if let Some(start) = found {
                out.push(EntitySpan {
                    start,
                    end: e,
                    kind: EntityKind::NamedEvent,
                });
            }
            e += 1;
        }
    }

    /// Where the name of an event whose suffix starts at `j` begins, if it has one.
    fn event_name_start(
        &self,
        chars: &[char],
        j: usize,
        weak: bool,
        model: &[EntitySpan],
        is_name: &dyn Fn(&EntitySpan) -> bool,
        lexicon: Option<&Lexicon>,
    ) -> Option<usize> {
        let mut b = j;
        let mut has_name = false;
        let mut first_name = None;
        // Why the scan stopped: true for a clear boundary (ordinal, year, punctuation, a stop word).
        let mut clear = false;
        let mut ordinal = false;
        while b > 0 {
            if j - b >= EVENT_MAX_NAME {
                break;
            }
            if let Some(m) = model
                .iter()
                .find(|s| is_name(s) && s.start < b && s.end >= b)
            {
                if m.end > j || j - m.start > EVENT_MAX_NAME {
                    break;
                }
                has_name |= m.end - m.start >= 2;
                b = m.start;
                first_name = Some(b);
                continue;
            }
            if model
                .iter()
                .any(|s| s.kind == EntityKind::Per && s.start < b && s.end >= b)
            {
                clear = true;
                break;
            }
            let c = chars[b - 1];
            // A year in digits right before (北京申办2022|冬奥会) ends the name.
            if c.is_ascii_digit() {
                let run = chars[..b]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                if run == 4
                    && chars[..b - run]
                        .last()
                        .is_none_or(|c| !c.is_ascii_alphanumeric())
                {
                    clear = true;
                    ordinal = true;
                    break;
                }
            }
            if !(is_han(c) || c.is_ascii_alphanumeric()) || self.event_stop.contains(&c) {
                clear = true;
                ordinal = matches!(c, '届' | '次' | '年');
                break;
            }
            if self.event_stop_word.iter().any(|w| chars[..b].ends_with(w)) {
                clear = true;
                break;
            }
            b -= 1;
        }
        if b == 0 {
            clear = true;
        }
        // Words before the first place or organization are cut off (热情支持|北京冬奥会) unless
        // an ordinal or year marks the start, or they are one name word (博鳌|亚洲论坛).
        if let Some(f) = first_name
            && f > b
            && !ordinal
        {
            let name_word = lexicon.is_some_and(|lex| {
                matches!(
                    dict_class(lex, &chars[b..f]),
                    Some(
                        class::PERSON
                            | class::TRANSLIT
                            | class::PLACE
                            | class::ORG
                            | class::PROPER
                            | class::ABBREV
                    )
                )
            });
            if !clear || !name_word {
                b = f;
            }
        }
        // A year written in digits before the name (2023中国科幻大会) is no part of it.
        let digits = chars[b..j]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits > 0 && b + digits < j && is_han(chars[b + digits]) {
            b += digits;
            ordinal = true;
        }
        let desc = j - b;
        let ok = if weak {
            desc >= 2 && (has_name || ordinal)
        } else {
            desc >= 2 && (has_name || ordinal || (clear && desc >= 4))
        };
        ok.then_some(b)
    }

    /// `进博会`, `亚运会`: a character, an event-type character and 会 ending at `e`.
    fn is_event_short_form(&self, chars: &[char], e: usize, lexicon: Option<&Lexicon>) -> bool {
        let (x, y) = (chars[e - 3], chars[e - 2]);
        if !self.event_abbreviation.contains(&y) || !is_han(x) || x == y {
            return false;
        }
        if self.event_stop.contains(&x) {
            return false;
        }
        // 命运会, 幸运会: the first two characters are an everyday word and 会 is the verb.
        if let Some(lex) = lexicon
            && dict_class(lex, &chars[e - 3..e - 1]) == Some(class::WORD)
            && dict_class(lex, &chars[e - 3..e]).is_none()
        {
            return false;
        }
        true
    }
}

/// Rule spans first (works, then the longest), then the model's spans that overlap none of them;
/// an organization containing a craft or event span and running on past its end keeps its place
/// instead (中国国际进口博览会局).
fn merge(
    model: Vec<EntitySpan>,
    rules: Vec<EntitySpan>,
    brackets: &[(usize, usize)],
) -> Vec<EntitySpan> {
    let overlaps = |a: &EntitySpan, b: &EntitySpan| a.start < b.end && b.start < a.end;
    let mut rules: Vec<EntitySpan> = rules
        .into_iter()
        .filter(|r| {
            r.kind == EntityKind::Work
                || !model.iter().any(|m| {
                    m.kind == EntityKind::Org
                        && m.start <= r.start
                        && m.end > r.end
                        && matches!(r.kind, EntityKind::Craft | EntityKind::NamedEvent)
                })
        })
        .collect();
    rules.sort_by(|a, b| {
        (b.kind == EntityKind::Work)
            .cmp(&(a.kind == EntityKind::Work))
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<EntitySpan> = Vec::with_capacity(model.len() + rules.len());
    for r in rules {
        if r.start < r.end && !kept.iter().any(|k| overlaps(k, &r)) {
            kept.push(r);
        }
    }
    for m in model {
        let in_brackets = brackets.iter().any(|&(o, c)| m.start < c && o < m.end);
        if !in_brackets && !kept.iter().any(|k| overlaps(k, &m)) {
            kept.push(m);
        }
    }
    kept.sort_unstable();
    kept
}

/// The items of a list joined by 、 that ends right before `end` (the 等): each two to twelve
/// characters of letters, digits and Han, the first after a clause boundary or a lead word
/// (包括, 如); empty if the list is not clean.
fn list_items_before(chars: &[char], end: usize, leads: &[Vec<char>]) -> Vec<(usize, usize)> {
    const MAX_ITEM: usize = 12;
    let mut items = Vec::new();
    let mut b = end;
    loop {
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

/// The dictionary class of `word` if it is a dictionary word.
fn dict_class(lex: &Lexicon, word: &[char]) -> Option<u8> {
    let codes: Vec<u32> = word.iter().map(|&c| normalize(c)).collect();
    let mut found = None;
    lex.dict.for_each_match(&codes, 0, |len, value, _| {
        if len == codes.len() {
            found = Some(value);
        }
    });
    found
}

/// Whether the character before `i` and the one at `i` make a dictionary word (今|天和).
fn glued_before(chars: &[char], i: usize, lexicon: Option<&Lexicon>) -> bool {
    match lexicon {
        Some(lex) if i > 0 && is_han(chars[i - 1]) => dict_class(lex, &chars[i - 1..=i]).is_some(),
        _ => false,
    }
}

/// A variant letter after 号 (长征二号F), not the start of a Latin word.
fn is_variant_letter(chars: &[char], q: usize) -> bool {
    chars[q].is_ascii_uppercase() && chars.get(q + 1).is_none_or(|c| !c.is_ascii_alphabetic())
}

/// Chinese or Arabic numerals of a serial number.
pub fn is_numeral(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || matches!(
            c,
            '〇' | '零'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '百'
                | '两'
        )
}

/// Space and punctuation, which never start or end a name (the middle dot `·` does not count).
/// Whether `chars[start]` is an opening mark whose partner lies inside `chars[start..end]`, not
/// at its end (“青岛”号, but not “新华社”, which the marks only enclose).
fn opens_pair(chars: &[char], start: usize, end: usize) -> bool {
    end - start > 2
        && crate::extract::ner::repair::closing_of(chars[start])
            .is_some_and(|c| chars[start + 1..end - 1].contains(&c))
}

/// Whether `chars[end - 1]` is a closing mark whose partner lies inside `chars[start..end]`, not
/// at its start (中国长江航运（集团）).
fn closes_pair(chars: &[char], start: usize, end: usize) -> bool {
    end - start > 2
        && crate::extract::ner::repair::opening_of(chars[end - 1])
            .is_some_and(|o| chars[start + 1..end - 1].contains(&o))
}

pub fn is_edge_junk(c: char) -> bool {
    c.is_whitespace()
        || (c.is_ascii_punctuation() && c != '·')
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '（'
                | '）'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '【'
                | '】'
                | '…'
                | '—'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityKind::*;

    fn span(start: usize, end: usize, kind: EntityKind) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

    /// Runs the rules on `text` with model spans given as (surface, kind), found left to right.
    fn run(text: &str, model: &[(&str, EntityKind)]) -> Vec<(String, EntityKind)> {
        run_on(text, model, None)
    }

    /// [`run`] with the tagger's dictionary and cue lists, as the entity builder calls the rules.
    fn run_with_lexicon(text: &str, model: &[(&str, EntityKind)]) -> Vec<(String, EntityKind)> {
        run_on(
            text,
            model,
            Some(crate::extract::ner::Ner::embedded().lexicon()),
        )
    }

    fn run_on(
        text: &str,
        model: &[(&str, EntityKind)],
        lexicon: Option<&Lexicon>,
    ) -> Vec<(String, EntityKind)> {
        let chars: Vec<char> = text.chars().collect();
        let mut spans = Vec::new();
        let mut from = 0;
        for (surface, kind) in model {
            let s: Vec<char> = surface.chars().collect();
            let at = (from..chars.len())
                .find(|&i| chars[i..].starts_with(&s))
                .expect("model surface occurs in the text");
            spans.push(span(at, at + s.len(), *kind));
            from = at + s.len();
        }
        Rules::shipped()
            .apply(&chars, &spans, lexicon)
            .into_iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.kind))
            .collect()
    }

    fn has(found: &[(String, EntityKind)], name: &str, kind: EntityKind) -> bool {
        found.iter().any(|(n, k)| n == name && *k == kind)
    }

    #[test]
    fn titles_in_brackets_are_works_and_hide_the_names_inside() {
        let text = "2012年，中共中央办公厅印发《关于加强和改进非公有制企业党建工作的意见》。";
        let found = run(text, &[("中共中央办公厅", Org)]);
        assert!(
            has(&found, "关于加强和改进非公有制企业党建工作的意见", Work),
            "{found:?}"
        );
        assert!(has(&found, "中共中央办公厅", Org));
        let found = run("据英国《金融时报》报道", &[("英国《金融时报", Org)]);
        assert_eq!(found, vec![("金融时报".to_string(), Work)]);
        // An unclosed bracket is no work.
        assert!(run("《未完", &[]).is_empty());
    }

    #[test]
    fn spacecraft_take_stems_numerals_and_hao() {
        let text = "神舟十八号载人飞船返回舱4日在东风着陆场成功着陆，长征五号遥八运载火箭和天舟七号货运飞船";
        let found = run(text, &[("东风着陆场", Loc)]);
        for name in ["神舟十八号", "长征五号遥八", "天舟七号"] {
            assert!(has(&found, name, Craft), "{name} in {found:?}");
        }
        let found = run("问天实验舱与天和核心舱对接，长征二号F遥十八火箭", &[]);
        for name in ["问天实验舱", "天和核心舱", "长征二号F遥十八"] {
            assert!(has(&found, name, Craft), "{name} in {found:?}");
        }
        // A quoted vehicle name.
        let found = run("“奋斗者”号全海深载人潜水器和“祝融号”火星车", &[]);
        assert!(has(&found, "奋斗者", Craft), "{found:?}");
        assert!(has(&found, "祝融号", Craft), "{found:?}");
        // A stem that is an everyday word stays one without numeral and 号.
        assert!(run("红军长征胜利", &[]).is_empty());
        assert!(run("“一号”文件", &[]).is_empty());
        assert!(run("在问天阁举行", &[]).is_empty());
    }

    #[test]
    fn facilities_join_the_name_before_their_suffix() {
        let found = run("在酒泉卫星发射中心点火发射", &[("酒泉", Loc)]);
        assert_eq!(found, vec![("酒泉卫星发射中心".to_string(), Facility)]);
        // The model found nothing: a site of the space programme takes the two characters
        // before it after a preposition; a common suffix does not.
        let found = run("返回舱在东风着陆场成功着陆", &[]);
        assert_eq!(found, vec![("东风着陆场".to_string(), Facility)]);
        assert!(run("他们参观了新建博物馆", &[]).is_empty());
        assert!(run("返回舱已在着陆场", &[]).is_empty());
        // The model took it whole as a place: retyped.
        let found = run("在东风着陆场成功着陆", &[("东风着陆场", Loc)]);
        assert_eq!(found, vec![("东风着陆场".to_string(), Facility)]);
        let found = run("抵达北京大兴国际机场", &[("北京", Loc), ("大兴", Loc)]);
        assert_eq!(found, vec![("北京大兴国际机场".to_string(), Facility)]);
        // 香港 ends in 港 but is a place; 酒泉 alone stays a place.
        let found = run("香港和酒泉", &[("香港", Loc), ("酒泉", Loc)]);
        assert_eq!(
            found,
            vec![("香港".to_string(), Loc), ("酒泉".to_string(), Loc)]
        );
        // A place ending in a one-character suffix stays a place.
        assert_eq!(
            run("连云港", &[("连云港", Loc)]),
            vec![("连云港".to_string(), Loc)]
        );
        // 天津港 is a facility, 天津港口 is not.
        assert!(has(
            &run("天津港吞吐量", &[("天津", Loc)]),
            "天津港",
            Facility
        ));
        assert!(has(&run("天津港口", &[("天津", Loc)]), "天津", Loc));
        // An organization before a suffix is not a facility's name (…有限公司 + 铁路科学).
        let found = run("集团有限公司铁路科学", &[("集团有限公司", Org)]);
        assert!(found.iter().all(|(_, k)| *k != Facility), "{found:?}");
    }

    #[test]
    fn events_end_in_event_suffixes() {
        let text = "来华出席第七届中国国际进口博览会的哈萨克斯坦总理";
        let found = run(text, &[("中国", Loc), ("哈萨克斯坦", Loc)]);
        assert!(has(&found, "中国国际进口博览会", NamedEvent), "{found:?}");
        assert!(has(&found, "哈萨克斯坦", Loc));
        assert!(!has(&found, "中国", Loc));
        let found = run("出席二十国集团领导人峰会", &[]);
        assert!(has(&found, "二十国集团领导人峰会", NamedEvent), "{found:?}");
        let found = run("博鳌亚洲论坛年会开幕", &[("博鳌", Loc), ("亚洲", Loc)]);
        assert!(
            has(&found, "博鳌亚洲论坛年会", NamedEvent) || has(&found, "博鳌亚洲论坛", NamedEvent)
        );
        // A weak suffix needs a name or an ordinal: 表彰大会 is no named event.
        assert!(run("召开表彰大会", &[]).is_empty());
        assert!(has(
            &run("第七届世界互联网大会", &[]),
            "世界互联网大会",
            NamedEvent
        ));
        // The model's organization ending in a strong suffix is the event; a weak one stays.
        let found = run("出席南美洲国家联盟峰会", &[("南美洲国家联盟峰会", Org)]);
        assert_eq!(found, vec![("南美洲国家联盟峰会".to_string(), NamedEvent)]);
        let found = run("全国人民代表大会", &[("全国人民代表大会", Org)]);
        assert_eq!(found, vec![("全国人民代表大会".to_string(), Org)]);
        // Words before the first name are cut off; an ordinal keeps what follows it.
        let found = run("热情支持北京冬奥会", &[("北京", Loc)]);
        assert!(has(&found, "北京冬奥会", NamedEvent), "{found:?}");
        let found = run("出席第二届联合国全球可持续交通大会", &[("联合国", Org)]);
        assert!(
            has(&found, "联合国全球可持续交通大会", NamedEvent),
            "{found:?}"
        );
        // Another event's 会 ends the scan; a measure word is no part of a name.
        let found = run("北京冬奥会冬残奥会总结表彰大会", &[("北京", Loc)]);
        assert!(has(&found, "北京冬奥会", NamedEvent), "{found:?}");
        assert!(
            found.iter().all(|(n, _)| !n.ends_with("表彰大会")),
            "{found:?}"
        );
        let found = run("北京申办2022冬奥会", &[("北京", Loc)]);
        assert!(has(&found, "冬奥会", NamedEvent), "{found:?}");
        let found = run("夺得奥运会金牌", &[("夺得奥运会", Org)]);
        assert_eq!(found, vec![("奥运会".to_string(), NamedEvent)]);
        let found = run("获得第17枚奥运会金牌", &[]);
        assert_eq!(found, vec![("奥运会".to_string(), NamedEvent)]);
        // A verb before the name is cut off.
        let found = run("推动中国国际进口博览会", &[("中国", Loc)]);
        assert!(has(&found, "中国国际进口博览会", NamedEvent), "{found:?}");
        assert!(has(
            &run(
                "2023中国科幻大会在成都开幕",
                &[("中国", Loc), ("成都", Loc)]
            ),
            "中国科幻大会",
            NamedEvent
        ));
        // A one-character name does not make a weak suffix an event.
        let found = run("泰政府召集改革论坛", &[("泰", Loc)]);
        assert!(found.iter().all(|(_, k)| *k != NamedEvent), "{found:?}");
    }

    #[test]
    fn event_short_forms_stand_alone() {
        let found = run("李强同进博会参展商代表座谈", &[("李强", Per)]);
        assert!(has(&found, "进博会", NamedEvent), "{found:?}");
        assert!(has(
            &run("杭州亚运会开幕", &[("杭州", Loc)]),
            "杭州亚运会",
            NamedEvent
        ));
        assert!(has(&run("服贸会上签约", &[]), "服贸会", NamedEvent));
        // 会 as a verb or in 会议 is no event.
        assert!(run("博会议", &[]).is_empty());
        assert!(run("他们会运会", &[]).iter().all(|(n, _)| n != "们会运"));
    }

    #[test]
    fn event_short_forms_are_derived_from_full_names() {
        let r = Rules::shipped();
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        for (short, long) in [
            ("进博会", "中国国际进口博览会"),
            ("服贸会", "中国国际服务贸易交易会"),
            ("消博会", "中国国际消费品博览会"),
            ("世博会", "世界博览会"),
            ("亚运会", "亚洲运动会"),
            ("冬奥会", "冬季奥林匹克运动会"),
            ("链博会", "中国国际供应链促进博览会"),
        ] {
            assert!(r.abbreviates_event(&c(short), &c(long)), "{short} {long}");
        }
        for (short, long) in [
            // The scope word is no part of the short form.
            ("中博会", "中国国际进口博览会"),
            ("世博会", "世界互联网博览会"),
            ("进博会", "中国国际进口交易会"),
            ("亚运会", "亚洲运动"),
        ] {
            assert!(!r.abbreviates_event(&c(short), &c(long)), "{short} {long}");
        }
    }

    #[test]
    fn lists_typed_as_companies_name_organizations() {
        let found = run(
            "新思科技、蔡司医疗、海克斯康、默沙东、小米等企业负责人出席。",
            &[("蔡司", Org), ("海克斯康", Loc), ("默沙东", Per)],
        );
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["新思科技", "蔡司医疗", "海克斯康", "默沙东", "小米"]
        );
        assert!(found.iter().all(|(_, k)| *k == Org));
        // A count and a modifier may stand between 等 and the head; a lead word is cut.
        let found = run("包括华为、中兴等3家国内企业", &[]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "华为");
        // Most items people: the head types the people's employer, not them.
        let found = run(
            "，张三、李四、王五等企业负责人",
            &[("张三", Per), ("李四", Per)],
        );
        assert!(found.iter().all(|(_, k)| *k == Per), "{found:?}");
        // Not a type of organization after 等, or a verb in between: nothing.
        assert!(run("，北京、上海等地", &[]).is_empty());
        assert!(run("，党员出资人、高管等担任企业党组织书记", &[]).is_empty());
        // The first item starts at the name the model found at its end.
        let found = run(
            "，加强与其他多边开发银行、亚洲开发银行等银行合作",
            &[("多边开发银行", Org)],
        );
        assert_eq!(found[0].0, "多边开发银行");
    }

    #[test]
    fn an_organization_starts_after_a_preposition_standing_alone() {
        let org = |name: &str| vec![(name.to_string(), Org)];
        assert_eq!(
            run_with_lexicon("本措施由生态环境部负责解释", &[("本措施由生态环境部", Org)]),
            org("生态环境部")
        );
        // Inside a word the character stays: 自由党, 对外友好协会.
        assert_eq!(
            run_with_lexicon("奥地利自由党领导人", &[("奥地利自由党", Org)]),
            org("奥地利自由党")
        );
        assert_eq!(
            run_with_lexicon("中国人民对外友好协会会长", &[("中国人民对外友好协会", Org)]),
            org("中国人民对外友好协会")
        );
    }

    #[test]
    fn the_model_s_spans_are_cleaned() {
        let found = run("推进行业协会商会深化改革", &[("推进行业协会商会", Org)]);
        assert_eq!(found, vec![("行业协会商会".to_string(), Org)]);
        let found = run("行业协会商会党建工作", &[("行业协会商会党", Org)]);
        assert_eq!(found, vec![("行业协会商会".to_string(), Org)]);
        // A bare role is no person; one character is no person.
        assert!(run("党员出资人、高管等担任", &[("高管", Per)]).is_empty());
        assert!(run("黄说", &[("黄", Per)]).is_empty());
        // A class noun alone is no name.
        assert!(run("空间站", &[("空间站", Loc)]).is_empty());
        // 联合国 is a dictionary name and stays; 委员会 goes.
        assert_eq!(
            run_with_lexicon("在联合国、委员会", &[("联合国", Org), ("委员会", Org)]),
            vec![("联合国".to_string(), Org)]
        );
        // Edge punctuation goes, unless the name holds its partner.
        let found = run("，“新华社”，", &[("，“新华社”，", Org)]);
        assert_eq!(found, vec![("新华社".to_string(), Org)]);
        let found = run("由“青岛”号驱逐舰", &[("“青岛”号驱逐舰", Org)]);
        assert_eq!(found, vec![("“青岛”号驱逐舰".to_string(), Org)]);
        let found = run("中国长江航运（集团）。", &[("中国长江航运（集团）", Org)]);
        assert_eq!(found, vec![("中国长江航运（集团）".to_string(), Org)]);
        // Fragments of Latin words are no names; capitalised ones are.
        assert!(run("an Article here", &[("Articl", Org)]).is_empty());
        assert!(run("the dateline", &[("dateline", Org)]).is_empty());
        assert_eq!(
            run("IMF称", &[("IMF", Org)]),
            vec![("IMF".to_string(), Org)]
        );
        // A span across a sentence boundary is no name.
        assert!(run("发展。行业", &[("发展。行业", Org)]).is_empty());
        // Punctuation is trimmed off the edges.
        assert_eq!(
            run("“北京”", &[("“北京”", Loc)]),
            vec![("北京".to_string(), Loc)]
        );
    }

    #[test]
    fn an_organization_containing_an_event_stays() {
        let found = run("中国国际进口博览会局", &[("中国国际进口博览会局", Org)]);
        assert_eq!(found, vec![("中国国际进口博览会局".to_string(), Org)]);
    }

    #[test]
    fn every_section_of_the_shipped_lexicons_is_read() {
        let r = Rules::shipped();
        assert!(!r.craft_numbered.is_empty());
        assert!(!r.craft_standalone.is_empty());
        assert!(!r.craft_module.is_empty());
        assert!(!r.craft_vehicle.is_empty());
        assert!(!r.facility_suffix.is_empty());
        assert!(!r.facility_modifier.is_empty());
        assert!(!r.facility_not_after.is_empty());
        assert!(!r.facility_named.is_empty());
        assert!(!r.list_org_head.is_empty());
        assert!(!r.list_org_modifier.is_empty());
        assert!(!r.list_lead.is_empty());
        assert!(r.event_suffix.iter().any(|s| s.1) && r.event_suffix.iter().any(|s| !s.1));
        assert!(!r.event_abbreviation.is_empty());
        assert!(!r.event_not_after.is_empty());
        assert!(!r.event_stop.is_empty());
        assert!(!r.event_stop_word.is_empty());
        assert!(!r.lead_verb.is_empty());
        assert!(!r.lead_preposition.is_empty());
        assert!(!r.inner_preposition.is_empty());
        assert!(!r.tail_split.is_empty());
        assert!(!r.per_not_name.is_empty());
    }
}
