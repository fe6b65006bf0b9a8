//! Named events: a name ending in an event suffix (中国国际进口博览会, 二十国集团领导人峰会), short
//! forms X·Y·会 whose Y stands for an event type (进博会), and the abbreviation rule joining them.

use super::{Placed, Rules, dict_class};
use crate::extract::ner::lexicon::{Lexicon, class};
use crate::extract::ner::{EntityKind, EntitySpan};
use crate::text::is_han;

impl Rules {
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

    /// Names ending in an event suffix, and short forms X·Y·会.
    pub(super) fn events(
        &self,
        chars: &[char],
        model: Placed,
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
                    let whole = model
                        .ending_at(e)
                        .filter(|(_, s)| is_name(s) && s.start + 2 <= j && !*weak && !complete);
                    if let Some((_, m)) = whole {
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
        model: Placed,
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
            let reaching = model.reaching(b);
            if let Some(m) = reaching.filter(|s| is_name(s)) {
                if m.end > j || j - m.start > EVENT_MAX_NAME {
                    break;
                }
                has_name |= m.end - m.start >= 2;
                b = m.start;
                first_name = Some(b);
                continue;
            }
            if reaching.is_some_and(|s| s.kind == EntityKind::Per) {
                clear = true;
                break;
            }
            let c = chars[b - 1];
            // A year in digits right before (北京申办2022|冬奥会) ends the name.
            if c.is_ascii_digit() {
                // Only whether the run is four digits long matters: count at most five.
                let run = chars[..b]
                    .iter()
                    .rev()
                    .take(5)
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

/// Longest description scanned back from an event suffix (characters).
const EVENT_MAX_NAME: usize = 14;
