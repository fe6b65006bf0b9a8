//! Facts about Chinese text that every layer shares: which characters are Han, where sentences
//! end. One copy each, so the reader, the extractors and the exports agree.

/// A Han (CJK ideograph) character: the unified ideographs with extension A, the compatibility
/// ideographs, and the supplementary planes' extensions B to G (rare names are written there).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}')
}

/// Marks that end a sentence: 。！？ and their half-width forms, and the semicolons.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';')
}

/// Closing quotes and brackets that stay with the sentence they close (`他说：“好。”`).
pub fn is_closing_mark(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"')
}

/// Char ranges of the sentences of a text: split after 。！？!?；; (with the closing quotes that
/// follow) and at newlines; each range trimmed of white space, empty ones left out.
pub fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\n' {
            push_trimmed(chars, start, i, &mut out);
            start = i + 1;
        } else if is_sentence_end(c) {
            let mut end = i + 1;
            while chars.get(end).is_some_and(|&c| is_closing_mark(c)) {
                end += 1;
            }
            push_trimmed(chars, start, end, &mut out);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(chars, start, chars.len(), &mut out);
    out
}

/// Marks after which a clause ends: the place to cut a long stretch of text with no sentence end.
pub fn is_clause_mark(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '：' | ':' | ' ' | '\u{3000}' | '\t')
}

/// `start..end` of `chars` cut into stretches of at most `max` chars (`max` ≥ 2), in order and
/// without gaps: each ends after the last sentence end or newline in its second half, else after
/// the last clause mark there, else at `max` chars. Bounds the work on text without punctuation
/// (a converted PDF, a table dump) where the extractors' windows would span the whole text.
pub fn stretches(chars: &[char], start: usize, end: usize, max: usize) -> Vec<(usize, usize)> {
    let max = max.max(2);
    let end = end.min(chars.len());
    let mut out = Vec::with_capacity((end.saturating_sub(start)) / (max / 2) + 1);
    let mut at = start;
    while at < end {
        let hard = (at + max).min(end);
        let cut = if hard == end {
            end
        } else {
            let half = at + max / 2;
            let last = |f: &dyn Fn(char) -> bool| chars[half..hard].iter().rposition(|&c| f(c));
            last(&|c| is_sentence_end(c) || c == '\n')
                .or_else(|| last(&is_clause_mark))
                .map_or(hard, |i| half + i + 1)
        };
        out.push((at, cut));
        at = cut;
    }
    out
}

fn push_trimmed(chars: &[char], mut start: usize, mut end: usize, out: &mut Vec<(usize, usize)>) {
    while start < end && chars.get(start).is_some_and(|c| c.is_whitespace()) {
        start += 1;
    }
    while end > start && chars.get(end - 1).is_some_and(|c| c.is_whitespace()) {
        end -= 1;
    }
    if end > start {
        out.push((start, end));
    }
}

/// The chars `start..end` of `text` with up to `width` chars either side: (left, middle,
/// right), an ellipsis where the text goes on. Offsets past the text are clamped. A search
/// hit's snippet, a mention's line in context.
pub fn context(text: &str, start: usize, end: usize, width: usize) -> (String, String, String) {
    // Only the chars up to the right context are walked.
    let chars: Vec<char> = text.chars().take(end.saturating_add(width) + 1).collect();
    let end = end.min(chars.len());
    let start = start.min(end);
    let from = start.saturating_sub(width);
    let to = end.saturating_add(width).min(chars.len());
    let mut left: String = chars[from..start].iter().collect();
    if from > 0 {
        left.insert(0, '…');
    }
    let mut right: String = chars[end..to].iter().collect();
    if to < chars.len() {
        right.push('…');
    }
    (left, chars[start..end].iter().collect(), right)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        sentences(&chars)
            .into_iter()
            .map(|(s, e)| chars[s..e].iter().collect())
            .collect()
    }

    #[test]
    fn han_covers_extensions_and_not_punctuation() {
        assert!(is_han('中') && is_han('㐀') && is_han('𠀀') && is_han('豈'));
        assert!(!is_han('。') && !is_han('a') && !is_han('ー'));
    }

    #[test]
    fn sentences_keep_their_closing_quotes() {
        assert_eq!(
            split("他说：“好。”随后离开！ 次日返回"),
            ["他说：“好。”", "随后离开！", "次日返回"]
        );
    }

    #[test]
    fn stretches_end_after_sentence_ends_else_clause_marks_else_anywhere() {
        let cut = |text: &str, max| {
            let chars: Vec<char> = text.chars().collect();
            stretches(&chars, 0, chars.len(), max)
                .into_iter()
                .map(|(s, e)| chars[s..e].iter().collect::<String>())
                .collect::<Vec<_>>()
        };
        assert_eq!(cut("甲乙。丙丁，戊己", 8), ["甲乙。丙丁，戊己"]);
        assert_eq!(cut("甲乙。丙丁，戊己庚辛", 8), ["甲乙。丙丁，", "戊己庚辛"]);
        assert_eq!(cut("甲乙丙。丁，戊己庚辛", 6), ["甲乙丙。", "丁，戊己庚辛"]);
        assert_eq!(cut("甲乙丙丁戊己庚辛壬", 4), ["甲乙丙丁", "戊己庚辛", "壬"]);
        assert!(cut("", 4).is_empty());
        // A stretch inside the text.
        let chars: Vec<char> = "甲乙丙丁戊己".chars().collect();
        assert_eq!(stretches(&chars, 1, 5, 2), [(1, 3), (3, 5)]);
    }

    #[test]
    fn newlines_end_sentences_and_blank_ones_vanish() {
        assert_eq!(split("标题\n\n  正文；续"), ["标题", "正文；", "续"]);
        assert!(split(" \n ").is_empty());
    }

    #[test]
    fn context_cuts_either_side_and_marks_the_cuts() {
        let (l, m, r) = context("一二三四五六七八九", 4, 5, 2);
        assert_eq!(
            (l.as_str(), m.as_str(), r.as_str()),
            ("…三四", "五", "六七…")
        );
        let (l, m, r) = context("一二三", 0, 3, 5);
        assert_eq!((l.as_str(), m.as_str(), r.as_str()), ("", "一二三", ""));
        let (l, m, r) = context("一二三", 7, 9, 1);
        assert_eq!((l.as_str(), m.as_str(), r.as_str()), ("…三", "", ""));
    }
}
