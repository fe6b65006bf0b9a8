//! Repairs of the tagger's spans that the character model cannot see: paired marks, and the
//! place that heads an organization's name.
//!
//! A name holds its quotation marks and brackets in pairs (中国长江航运（集团）总公司,
//! 《朝日新闻》杂志社) or not at all: in the training annotation 312 of 314 names with such marks
//! hold them in pairs. The tagger's window is short, so it sometimes starts a name on an opening
//! mark (《天津日报) or stops one before the closing mark (华北《人民日报). [`balance_marks`] moves
//! such an edge by the one mark that balances it.
//!
//! An organization named after two administrative places (河南省郑州市二七司法培训学校) is, in
//! the annotation the tagger is scored against (the People's Daily development set), a place
//! followed by the organization named after the lower one: 河南省 + 郑州市二七司法培训学校
//! (6 of the 8 such names there; the training corpus mostly keeps them whole, so the model does).
//! [`split_place_prefix`] splits them so.

use super::lexicon::{Lexicon, class};
use super::{EntityKind, EntitySpan};

/// Characters that end the name of an administrative division below the country.
const ADMIN_SUFFIX: [char; 6] = ['省', '市', '县', '区', '镇', '乡'];

/// The closing partner of an opening mark.
pub(crate) fn closing_of(c: char) -> Option<char> {
    Some(match c {
        '“' => '”',
        '‘' => '’',
        '《' => '》',
        '〈' => '〉',
        '（' => '）',
        '(' => ')',
        '「' => '」',
        '『' => '』',
        '【' => '】',
        '[' => ']',
        _ => return None,
    })
}

/// The opening partner of a closing mark.
pub(crate) fn opening_of(c: char) -> Option<char> {
    Some(match c {
        '”' => '“',
        '’' => '‘',
        '》' => '《',
        '〉' => '〈',
        '）' => '（',
        ')' => '(',
        '」' => '「',
        '』' => '『',
        '】' => '【',
        ']' => '[',
        _ => return None,
    })
}

/// The first mark of `chars[start..end]` without its partner inside the range.
enum Unpaired {
    Open(usize),
    Close(usize),
}

fn first_unpaired(chars: &[char], start: usize, end: usize) -> Option<Unpaired> {
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        if closing_of(c).is_some() {
            open.push(i);
        } else if let Some(o) = opening_of(c) {
            match open.last() {
                Some(&top) if chars[top] == o => {
                    open.pop();
                }
                _ => return Some(Unpaired::Close(i)),
            }
        }
    }
    open.first().map(|&i| Unpaired::Open(i))
}

/// Balances the paired marks of every span of `chars`: a name starting on an unpaired opening
/// mark loses it; one whose unpaired opening mark is closed right after it takes the closing mark
/// in; one with an unpaired closing mark takes in the opening mark right before it, or loses
/// what follows the unpaired mark. Spans that vanish or come to overlap an earlier span are
/// dropped.
pub fn balance_marks(chars: &[char], spans: &mut Vec<EntitySpan>) {
    for s in spans.iter_mut() {
        if s.end > chars.len() {
            continue;
        }
        // Each step removes an unpaired mark from the span or pairs it; a span has few marks.
        for _ in 0..4 {
            match first_unpaired(chars, s.start, s.end) {
                None => break,
                Some(Unpaired::Open(i)) => {
                    let closer = closing_of(chars[i]);
                    if i == s.start {
                        s.start += 1;
                    } else if chars.get(s.end).copied() == closer {
                        s.end += 1;
                    } else {
                        s.end = i;
                    }
                }
                Some(Unpaired::Close(i)) => {
                    let opener = opening_of(chars[i]);
                    if s.start > 0 && chars.get(s.start - 1).copied() == opener {
                        s.start -= 1;
                    } else if i + 1 == s.end {
                        s.end -= 1;
                    } else {
                        s.start = i + 1;
                    }
                }
            }
            if s.start >= s.end {
                break;
            }
        }
    }
    let mut last_end = 0;
    spans.retain(|s| {
        let keep = s.start < s.end && s.start >= last_end;
        if keep {
            last_end = s.end;
        }
        keep
    });
}

/// Length of the place name at `start` of `codes`: the longest dictionary place word or word of
/// two to four characters ending in an administrative suffix (衡南县, where the dictionary has 衡南).
fn place_at(chars: &[char], codes: &[u32], start: usize, end: usize, lex: &Lexicon) -> usize {
    let mut longest = 0;
    lex.dict
        .for_each_match(&codes[..end], start, |len, value, _| {
            if value == class::PLACE {
                longest = len;
            }
        });
    longest.max(admin_at(chars, start, end))
}

/// Length of an administrative division's name (two to four characters) at `start`.
fn admin_at(chars: &[char], start: usize, end: usize) -> usize {
    (2..=4)
        .find(|&len| {
            start + len <= end
                && ADMIN_SUFFIX.contains(&chars[start + len - 1])
                && chars[start..start + len - 1]
                    .iter()
                    .all(|&c| super::chars::class_of(c as u32) == super::chars::CharClass::Han)
        })
        .unwrap_or(0)
}

/// Splits an organization whose name starts with a place and then an administrative division
/// (吉林 + 东丰县第五中学教导处, 长沙市 + 芙蓉区人民法院) into that place and the rest.
pub fn split_place_prefix(
    chars: &[char],
    codes: &[u32],
    lex: &Lexicon,
    spans: &mut Vec<EntitySpan>,
) {
    if codes.len() != chars.len() {
        return;
    }
    split_off_leading_places(spans, |s| {
        if s.kind != EntityKind::Org || s.end > chars.len() {
            return None;
        }
        let first = place_at(chars, codes, s.start, s.end, lex);
        if first == 0 {
            return None;
        }
        let second = admin_at(chars, s.start + first, s.end);
        (second > 0 && s.start + first + second < s.end).then_some(first)
    });
}

/// Splits a place off the start of every span for which `place_len` gives its length (shorter
/// than the span): the place becomes a span of its own and the span starts after it. Spans stay
/// in order.
pub fn split_off_leading_places(
    spans: &mut Vec<EntitySpan>,
    mut place_len: impl FnMut(&EntitySpan) -> Option<usize>,
) {
    let mut places = Vec::new();
    for s in spans.iter_mut() {
        if let Some(n) = place_len(s) {
            places.push(EntitySpan {
                start: s.start,
                end: s.start + n,
                kind: EntityKind::Loc,
            });
            s.start += n;
        }
    }
    if !places.is_empty() {
        spans.extend(places);
        spans.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut spans: Vec<EntitySpan> = spans
            .iter()
            .map(|&(start, end)| EntitySpan {
                start,
                end,
                kind: EntityKind::Org,
            })
            .collect();
        balance_marks(&chars, &mut spans);
        spans
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn an_opening_mark_at_the_start_is_dropped() {
        assert_eq!(repaired("●《天津日报》举办大赛", &[(1, 6)]), ["天津日报"]);
    }

    #[test]
    fn a_closing_mark_right_after_is_taken_in() {
        assert_eq!(
            repaired("合并创组华北《人民日报》。", &[(4, 11)]),
            ["华北《人民日报》"]
        );
    }

    #[test]
    fn an_opening_mark_right_before_is_taken_in() {
        assert_eq!(
            repaired("本报记者《时代潮》杂志记者", &[(5, 11)]),
            ["《时代潮》杂志"]
        );
    }

    #[test]
    fn an_unpaired_closing_mark_at_the_end_is_dropped() {
        assert_eq!(repaired("他说：新华社”", &[(3, 7)]), ["新华社"]);
    }

    #[test]
    fn an_opening_mark_without_its_partner_cuts_the_name() {
        assert_eq!(repaired("上海邮电《通讯", &[(0, 7)]), ["上海邮电"]);
    }

    #[test]
    fn balanced_names_are_left_alone() {
        let text = "中国长江航运（集团）总公司和“和平”号";
        assert_eq!(repaired(text, &[(0, 13)]), ["中国长江航运（集团）总公司"]);
        assert_eq!(repaired(text, &[(14, 19)]), ["“和平”号"]);
        assert!(repaired("《》", &[(0, 1)]).is_empty());
    }

    fn split(text: &str, start: usize, end: usize) -> Vec<(String, EntityKind)> {
        let chars: Vec<char> = text.chars().collect();
        let codes: Vec<u32> = chars
            .iter()
            .map(|&c| super::super::chars::normalize(c))
            .collect();
        let lex = Lexicon::from_text(
            "吉林\t10\tns\n中国\t10\tns\n美国\t10\tns\n",
            "",
            &Default::default(),
        );
        let mut spans = vec![EntitySpan {
            start,
            end,
            kind: EntityKind::Org,
        }];
        split_place_prefix(&chars, &codes, &lex, &mut spans);
        spans
            .iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.kind))
            .collect()
    }

    #[test]
    fn a_place_before_a_division_is_split_off() {
        let text = "吉林东丰县第五中学教导处的徐东辉";
        assert_eq!(
            split(text, 0, 12),
            [
                ("吉林".to_string(), EntityKind::Loc),
                ("东丰县第五中学教导处".to_string(), EntityKind::Org)
            ]
        );
        let text = "长沙市芙蓉区人民法院开庭";
        assert_eq!(
            split(text, 0, 10)[0],
            ("长沙市".to_string(), EntityKind::Loc)
        );
    }

    #[test]
    fn other_names_stay_whole() {
        // One place only, a country before a country, a division that is the whole rest.
        for (text, end) in [
            ("郑州市二七区委", 7),
            ("中国美国商会", 6),
            ("吉林长春市", 5),
            ("美国哥伦比亚大学", 8),
        ] {
            let whole = split(text, 0, end);
            assert_eq!(whole.len(), 1, "{text}");
        }
    }
}
