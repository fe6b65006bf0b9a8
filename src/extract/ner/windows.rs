//! Long lines tagged in windows, so the tagger's time and memory grow linearly with the line.
//!
//! The tagger builds its lattice (features, emissions, back pointers: several hundred bytes per
//! character) over the text it is given, and some features read the whole line (a sports report,
//! quotes). A line without sentence punctuation (a converted PDF, a table dump) can run to
//! millions of characters. A line up to [`WHOLE_LINE_MAX`] characters is tagged whole, which
//! covers every paragraph of real news (the longest of the 36 M-character corpus has 1,978); a
//! longer one is cut into stretches of at most [`STRETCH_MAX`] characters, each tagged with
//! [`CONTEXT`] characters of the line on either side so that the character windows and the
//! decoder see across the cut. A stretch ends after a sentence end if one lies in its second half,
//! else after a clause mark, else anywhere.

use std::ops::Range;

/// Longest line tagged in one piece.
pub const WHOLE_LINE_MAX: usize = 4096;
/// Longest stretch of a long line whose spans one window keeps.
pub const STRETCH_MAX: usize = 2048;
/// Characters of context tagged on each side of a stretch (its spans not kept): more than the
/// feature windows and the clause look-ahead reach, and longer than names are.
pub const CONTEXT: usize = 64;

/// One window of a long line: the stretch whose spans it keeps and the range it tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub keep: Range<usize>,
    pub tag: Range<usize>,
}

/// The windows of a line of `chars`: one over the whole line up to [`WHOLE_LINE_MAX`]
/// characters, else stretches that cover the line in order ([`crate::text::stretches`]).
pub fn windows(chars: &[char]) -> Vec<Window> {
    let n = chars.len();
    if n <= WHOLE_LINE_MAX {
        return vec![Window {
            keep: 0..n,
            tag: 0..n,
        }];
    }
    crate::text::stretches(chars, 0, n, STRETCH_MAX)
        .into_iter()
        .map(|(start, end)| Window {
            keep: start..end,
            tag: start.saturating_sub(CONTEXT)..(end + CONTEXT).min(n),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The stretches cover the line in order without gaps; each tags its stretch with context.
    fn check_cover(line: &[char], ws: &[Window]) {
        let mut at = 0;
        for w in ws {
            assert_eq!(w.keep.start, at);
            assert!(w.keep.end > w.keep.start && w.keep.len() <= STRETCH_MAX);
            assert_eq!(w.tag.start, w.keep.start.saturating_sub(CONTEXT));
            assert_eq!(w.tag.end, (w.keep.end + CONTEXT).min(line.len()));
            at = w.keep.end;
        }
        assert_eq!(at, line.len());
    }

    #[test]
    fn a_line_of_normal_length_is_one_window() {
        let line = chars(&"新华社北京电。".repeat(WHOLE_LINE_MAX / 7));
        let ws = windows(&line);
        assert_eq!(ws.len(), 1);
        assert_eq!(ws[0].tag, 0..line.len());
        assert_eq!(ws[0].keep, 0..line.len());
        assert_eq!(windows(&[]).len(), 1);
    }

    #[test]
    fn a_long_line_is_cut_after_sentence_ends() {
        let line = chars(&"国家主席习近平在人民大会堂会见联合国秘书长，双方交换意见。".repeat(300));
        let ws = windows(&line);
        check_cover(&line, &ws);
        assert!(ws.len() >= line.len() / STRETCH_MAX);
        for w in &ws[..ws.len() - 1] {
            assert_eq!(line[w.keep.end - 1], '。', "{:?}", w.keep);
        }
    }

    #[test]
    fn without_sentence_ends_a_long_line_is_cut_after_clause_marks_or_anywhere() {
        let line = chars(&"中国人民大学北京市委员会、".repeat(1000));
        let ws = windows(&line);
        check_cover(&line, &ws);
        assert!(
            ws[..ws.len() - 1]
                .iter()
                .all(|w| line[w.keep.end - 1] == '、')
        );
        let line = chars(&"中国人民大学北京市委员会".repeat(1000));
        let ws = windows(&line);
        check_cover(&line, &ws);
        assert!(
            ws[..ws.len() - 1]
                .iter()
                .all(|w| w.keep.len() == STRETCH_MAX)
        );
    }
}
