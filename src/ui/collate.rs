//! The order names are listed in: Chinese names by their pinyin (syllable, then tone, as in a
//! dictionary), then names in other scripts, then names that open on neither a letter nor a
//! digit (`……`, stray punctuation), each group case-blind; ties by the names' own chars.

use pinyin::ToPinyin;
use std::cmp::Ordering;

/// A name's place in the order, computed once per name (sort with `sort_by_cached_key`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NameKey {
    /// 0: opens on a Han char; 1: on another letter or a digit; 2: on anything else.
    class: u8,
    /// Pinyin with tone numbers for Han chars (`li3 qiang2 `), lowercase chars otherwise.
    spelled: String,
    /// The name itself, so homophones keep one order.
    name: String,
}

impl NameKey {
    pub fn new(name: &str) -> NameKey {
        let first = name.chars().next();
        let class = match first {
            Some(c) if crate::text::is_han(c) => 0,
            Some(c) if c.is_alphanumeric() => 1,
            _ => 2,
        };
        let mut spelled = String::with_capacity(name.len() * 2);
        for c in name.chars() {
            match c.to_pinyin() {
                Some(p) => {
                    // ü after u, as in a dictionary.
                    spelled.extend(
                        p.with_tone_num_end()
                            .chars()
                            .map(|c| if c == 'ü' { 'v' } else { c }),
                    );
                    spelled.push(' ');
                }
                None => spelled.extend(c.to_lowercase()),
            }
        }
        NameKey {
            class,
            spelled,
            name: name.to_owned(),
        }
    }
}

/// Compares two names in the listing order (for a sort of a few names; a long list should
/// build each [`NameKey`] once).
pub fn compare_names(a: &str, b: &str) -> Ordering {
    NameKey::new(a).cmp(&NameKey::new(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by_cached_key(|n| NameKey::new(n));
        v
    }

    #[test]
    fn chinese_names_sort_by_pinyin_then_other_scripts_then_punctuation() {
        assert_eq!(
            sorted(&[
                "……",
                "习近平",
                "SK集团",
                "李强",
                "北京",
                "阿克苏",
                "apple",
                "中国",
                "林芝"
            ]),
            [
                "阿克苏",
                "北京",
                "李强",
                "林芝",
                "习近平",
                "中国",
                "apple",
                "SK集团",
                "……"
            ]
        );
    }

    #[test]
    fn tones_order_syllables_and_homophones_keep_one_order() {
        // 妈 ma1 < 麻 ma2 < 马 ma3 < 骂 ma4; li before lin.
        assert_eq!(sorted(&["骂", "马", "麻", "妈"]), ["妈", "麻", "马", "骂"]);
        assert_eq!(sorted(&["林", "李"]), ["李", "林"]);
        assert_eq!(compare_names("李强", "李强"), Ordering::Equal);
        // 女 nü after 怒 nu.
        assert_eq!(sorted(&["女", "怒"]), ["怒", "女"]);
    }
}
