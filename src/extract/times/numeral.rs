//! Numbers as news text writes them: ASCII and full-width digits (with a decimal part), Chinese
//! numerals with units (`十八`, `一百零五`) and digit by digit (`二〇二四`).

/// How a number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    /// Arabic digits (ASCII or full-width); `digits` counts the integer part.
    Arabic { digits: usize, decimal: bool },
    /// Chinese numerals with units: `十八`, `两千`.
    Chinese,
    /// Chinese digits read one by one: `二〇二四`, `九〇`.
    ChineseSeq { digits: usize },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    pub value: f64,
    /// Char index just past the number.
    pub end: usize,
    pub kind: NumKind,
}

impl Num {
    /// The value as a whole number, if it is one.
    pub fn whole(&self) -> Option<u32> {
        let is_whole = self.value.fract() == 0.0 && self.value >= 0.0 && self.value < 1e9;
        is_whole.then_some(self.value as u32)
    }

    /// Written with exactly four digits (`2024`, `二〇二四`).
    pub fn is_four_digits(&self) -> bool {
        matches!(
            self.kind,
            NumKind::Arabic {
                digits: 4,
                decimal: false
            } | NumKind::ChineseSeq { digits: 4 }
        )
    }

    pub fn is_arabic(&self) -> bool {
        matches!(self.kind, NumKind::Arabic { .. })
    }
}

pub fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' | 'О' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        '万' => Some(10_000),
        _ => None,
    }
}

pub fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

/// Characters that continue a token, so a number cannot start right after them.
fn glues_to_number(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || arabic_digit(c).is_some()
        || matches!(c, '.' | '．' | '_' | '-' | '/' | '－' | '＋' | '+')
        || c.is_alphabetic() && c.is_ascii()
        || ('Ａ'..='ｚ').contains(&c)
}

/// Reads a number starting at `i`, unless `i` is inside a longer token.
pub fn parse_num(s: &[char], i: usize) -> Option<Num> {
    let first = *s.get(i)?;
    let prev = i.checked_sub(1).and_then(|p| s.get(p)).copied();
    if arabic_digit(first).is_some() {
        // 2019-2023年, 3-5天, 2001年-2006年: a hyphen after a number or a date's unit is a
        // range, not a code (CV-22).
        let range_hyphen = matches!(prev, Some('-' | '－'))
            && i.checked_sub(2)
                .and_then(|p| s.get(p))
                .is_some_and(|&c| arabic_digit(c).is_some() || "年月日号".contains(c));
        if prev.is_some_and(glues_to_number) && !range_hyphen {
            return None;
        }
        return parse_arabic(s, i);
    }
    if is_chinese_numeral(first) {
        if prev.is_some_and(|p| is_chinese_numeral(p) || arabic_digit(p).is_some()) {
            return None;
        }
        return parse_chinese(s, i);
    }
    None
}

fn parse_arabic(s: &[char], i: usize) -> Option<Num> {
    let mut j = i;
    let mut value = 0f64;
    while let Some(d) = s.get(j).copied().and_then(arabic_digit) {
        value = value * 10.0 + f64::from(d);
        j += 1;
    }
    let digits = j - i;
    let mut decimal = false;
    if matches!(s.get(j), Some('.' | '．'))
        && s.get(j + 1).copied().and_then(arabic_digit).is_some()
    {
        let mut k = j + 1;
        let mut scale = 0.1;
        while let Some(d) = s.get(k).copied().and_then(arabic_digit) {
            value += f64::from(d) * scale;
            scale /= 10.0;
            k += 1;
        }
        j = k;
        decimal = true;
    }
    // A number glued to letters (`5G`, `G20`) is a name, not a quantity.
    if s.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(Num {
        value,
        end: j,
        kind: NumKind::Arabic { digits, decimal },
    })
}

fn parse_chinese(s: &[char], i: usize) -> Option<Num> {
    let mut j = i;
    while s.get(j).copied().is_some_and(is_chinese_numeral) {
        j += 1;
    }
    let run = s.get(i..j)?;
    if !run.iter().any(|&c| chinese_unit(c).is_some()) {
        if run.len() >= 2 {
            // Digit by digit: 二〇二四. `两` is not used that way.
            if run.contains(&'两') {
                return None;
            }
            let mut value = 0u32;
            for &c in run {
                value = value.checked_mul(10)?.checked_add(chinese_digit(c)?)?;
            }
            return Some(Num {
                value: f64::from(value),
                end: j,
                kind: NumKind::ChineseSeq { digits: run.len() },
            });
        }
        let d = chinese_digit(*run.first()?)?;
        return Some(Num {
            value: f64::from(d),
            end: j,
            kind: NumKind::Chinese,
        });
    }
    // With units: 十八, 二十五, 一百零五, 两千, 三万.
    let (mut total, mut section, mut digit) = (0u32, 0u32, None::<u32>);
    let mut used = 0;
    for (k, &c) in run.iter().enumerate() {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some() && d != 0 {
                // Two digits in a row (`十二五`): stop before the second.
                break;
            }
            digit = if d == 0 { None } else { Some(d) };
        } else if let Some(u) = chinese_unit(c) {
            if u == 10_000 {
                total =
                    total.checked_add(section.checked_add(digit.unwrap_or(0))?.checked_mul(u)?)?;
                section = 0;
            } else {
                let n = digit.unwrap_or(if section == 0 && total == 0 { 1 } else { 0 });
                if n == 0 {
                    break;
                }
                section = section.checked_add(n.checked_mul(u)?)?;
            }
            digit = None;
        }
        used = k + 1;
    }
    if used == 0 {
        return None;
    }
    let value = total + section + digit.unwrap_or(0);
    Some(Num {
        value: f64::from(value),
        end: i + used,
        kind: NumKind::Chinese,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Option<(f64, usize)> {
        let s: Vec<char> = text.chars().collect();
        parse_num(&s, 0).map(|n| (n.value, n.end))
    }

    #[test]
    fn reads_arabic_full_width_and_decimal_numbers() {
        assert_eq!(num("2024年"), Some((2024.0, 4)));
        assert_eq!(num("２０２４年"), Some((2024.0, 4)));
        assert_eq!(num("8.5小时"), Some((8.5, 3)));
        assert_eq!(num("5G"), None);
    }

    #[test]
    fn reads_chinese_numerals_with_units_and_digit_by_digit() {
        assert_eq!(num("十八大"), Some((18.0, 2)));
        assert_eq!(num("二十五日"), Some((25.0, 3)));
        assert_eq!(num("一百零五天"), Some((105.0, 4)));
        assert_eq!(num("二〇二四年"), Some((2024.0, 4)));
        assert_eq!(num("十一月"), Some((11.0, 2)));
        assert_eq!(num("两千年"), Some((2000.0, 2)));
    }

    #[test]
    fn does_not_start_inside_a_longer_number() {
        let s: Vec<char> = "12345热线".chars().collect();
        assert!(parse_num(&s, 1).is_none());
        let s: Vec<char> = "神舟十八号".chars().collect();
        assert!(parse_num(&s, 3).is_none());
    }
}
