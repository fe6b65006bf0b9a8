//! Works titled in 《》 and named craft: programme stems with a numeral and 号 (神舟十八号,
//! 长征五号遥八), stems with a module noun (问天实验舱), quoted names with 号 or a vehicle noun.

use super::{Rules, glued_before, is_numeral};
use crate::extract::ner::lexicon::Lexicon;
use crate::extract::ner::{EntityKind, EntitySpan};
use crate::text::is_han;

impl Rules {
    /// Titles in 《》 become works; returns the bracketed ranges (brackets included).
    pub(super) fn works(&self, chars: &[char], out: &mut Vec<EntitySpan>) -> Vec<(usize, usize)> {
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
    pub(super) fn crafts(
        &self,
        chars: &[char],
        lexicon: Option<&Lexicon>,
        out: &mut Vec<EntitySpan>,
    ) {
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
}

/// A variant letter after 号 (长征二号F), not the start of a Latin word.
fn is_variant_letter(chars: &[char], q: usize) -> bool {
    chars[q].is_ascii_uppercase() && chars.get(q + 1).is_none_or(|c| !c.is_ascii_alphabetic())
}

/// Longest title taken from 《》 (characters).
const WORK_MAX: usize = 60;

/// Longest quoted craft name (characters).
const QUOTED_CRAFT_MAX: usize = 8;
