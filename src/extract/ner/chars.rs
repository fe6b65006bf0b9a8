//! Character normalisation and classes shared by features and the lexicon.
//!
//! Full-width and half-width forms fold together, ASCII digits collapse to `0` and Latin letters
//! to lower case, so 1998年 and １９９８年, `（` and `(`, `，` and `,` give the same features.

/// Padding before the first character of a line.
pub const PAD_START: u32 = 0x11_0000;
/// Padding after the last character of a line.
pub const PAD_END: u32 = 0x11_0001;

/// Folds width and case variants and collapses digits; returns a code point (or a pad code).
pub fn normalize(c: char) -> u32 {
    let mut c = c as u32;
    if (0xFF01..=0xFF5E).contains(&c) {
        c -= 0xFEE0;
    } else if c == 0x3000 {
        c = b' ' as u32;
    }
    match c {
        0x30..=0x39 => b'0' as u32,
        0x41..=0x5A => c + 0x20,
        // Quotation marks of every style.
        0x22 | 0x27 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x300C | 0x300D | 0x300E | 0x300F => {
            b'"' as u32
        }
        // Middle dots that join the parts of foreign names.
        0xB7 | 0x2022 | 0x2027 | 0x30FB | 0x2219 | 0x22C5 => 0xB7,
        // Dashes.
        0x2013 | 0x2014 | 0x2015 | 0x2500 => 0x2014,
        0x3002 | 0xFF61 => 0x3002,
        _ => c,
    }
}

/// Coarse class of a normalised character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CharClass {
    Pad = 0,
    Digit = 1,
    Latin = 2,
    Numeral = 3,
    Punct = 4,
    Han = 5,
    Dot = 6,
    Other = 7,
}

const NUMERALS: &str = "〇零一二三四五六七八九十百千万亿两";

/// Class of a normalised character code (see [`normalize`]).
pub fn class_of(code: u32) -> CharClass {
    if code >= PAD_START {
        return CharClass::Pad;
    }
    let Some(c) = char::from_u32(code) else {
        return CharClass::Other;
    };
    if c == '0' {
        CharClass::Digit
    } else if c.is_ascii_alphabetic() {
        CharClass::Latin
    } else if c == '·' {
        CharClass::Dot
    } else if NUMERALS.contains(c) {
        CharClass::Numeral
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c) {
        // The class the shipped model was trained with: narrower than `crate::text::is_han` on
        // purpose, widening it would change the features and so the tagger's output.
        CharClass::Han
    } else if c.is_ascii_punctuation()
        || c.is_whitespace()
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{2000}'..='\u{206F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
    {
        CharClass::Punct
    } else {
        CharClass::Other
    }
}

/// Normalised codes of a text, one per char.
pub fn normalize_all(text: &str) -> Vec<u32> {
    text.chars().map(normalize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_half_width_fold_together() {
        assert_eq!(normalize('，'), normalize(','));
        assert_eq!(normalize('（'), normalize('('));
        assert_eq!(normalize('９'), normalize('1'));
        assert_eq!(normalize('Ａ'), normalize('a'));
        assert_eq!(normalize('“'), normalize('"'));
        assert_eq!(normalize('・'), normalize('·'));
        assert_eq!(normalize('中'), '中' as u32);
    }

    #[test]
    fn classes_cover_common_characters() {
        let cases = [
            ('7', CharClass::Digit),
            ('Ｘ', CharClass::Latin),
            ('三', CharClass::Numeral),
            ('，', CharClass::Punct),
            ('、', CharClass::Punct),
            ('京', CharClass::Han),
            ('•', CharClass::Dot),
        ];
        for (c, want) in cases {
            assert_eq!(class_of(normalize(c)), want, "{c}");
        }
        assert_eq!(class_of(PAD_START), CharClass::Pad);
    }
}
