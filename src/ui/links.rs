//! The reader's spans over the model: entity mentions and dated events become links, a focused
//! passage is highlighted.

use crate::bundle::TextSpan;
use crate::bundle::{Article, Part};
use crate::ui::analysis::{Analysis, EntityGroup};
use crate::ui::i18n::Lang;
use crate::ui::reader::{Span, SpanKind, SpanSource};
use crate::ui::route::{Nav, Route};
use crate::ui::theme;

/// Spans of one article's texts from an [`Analysis`].
pub struct ModelSpans<'a> {
    pub analysis: &'a Analysis,
    /// A passage to highlight (from a mention list, a search hit or an event's sentence).
    pub focus: Option<TextSpan>,
    /// Other passages to mark like the focus (every hit of a search in the focused text).
    pub marks: &'a [TextSpan],
    pub visuals: &'a egui::Visuals,
    pub lang: Lang,
}

/// A span in chars before it is turned into bytes; lower `rank` wins an overlap.
struct Candidate {
    start: usize,
    end: usize,
    rank: u8,
    kind: SpanKind,
    tooltip: Option<String>,
}

impl SpanSource for ModelSpans<'_> {
    fn spans(&self, article: &Article, part: Part, index: usize, text: &str) -> Vec<Span> {
        let k = &self.analysis.knowledge;
        let mut found: Vec<Candidate> = Vec::new();
        if let Some(f) = self.focus
            && f.article == article.id
            && f.part == part
            && f.index as usize == index
        {
            found.push(Candidate {
                start: f.start as usize,
                end: f.end as usize,
                rank: 0,
                kind: SpanKind::Highlight,
                tooltip: None,
            });
        }
        for m in self.marks {
            if m.article == article.id && m.part == part && m.index as usize == index {
                found.push(Candidate {
                    start: m.start as usize,
                    end: m.end as usize,
                    rank: 0,
                    kind: SpanKind::Highlight,
                    tooltip: None,
                });
            }
        }
        for m in k.entities.article_mentions(article.id) {
            if m.span.part != part || m.span.index as usize != index {
                continue;
            }
            let Some(e) = self.analysis.entity(m.entity) else {
                continue;
            };
            let group = EntityGroup::of(e);
            found.push(Candidate {
                start: m.span.start as usize,
                end: m.span.end as usize,
                rank: 1,
                kind: SpanKind::Link {
                    color: theme::entity_color(self.visuals, group),
                    target: Nav::Go(Route::Entity(e.id)),
                },
                tooltip: Some(self.lang.entity_tooltip(&e.name, group, e.count as usize)),
            });
        }
        for d in self.analysis.date_links(article.id, part, index as u32) {
            let Some(event) = k.timeline.events.get(d.event.index()) else {
                continue;
            };
            found.push(Candidate {
                start: d.span.start as usize,
                end: d.span.end as usize,
                rank: 2,
                kind: SpanKind::Link {
                    color: theme::date_color(self.visuals),
                    target: Nav::Timeline(Some(d.event)),
                },
                tooltip: Some(self.lang.date_tooltip(event)),
            });
        }
        to_byte_spans(text, found)
    }
}

/// Sorts candidates by position, drops any that overlap a better-ranked or earlier one, and
/// turns char ranges into byte ranges of `text`.
fn to_byte_spans(text: &str, mut found: Vec<Candidate>) -> Vec<Span> {
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_by_key(|c| c.rank);
    let mut kept: Vec<Candidate> = Vec::with_capacity(found.len());
    for c in found {
        let clashes = kept.iter().any(|k| c.start < k.end && k.start < c.end);
        if c.start < c.end && !clashes {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.start);
    // Starts and ends ascend (the spans do not overlap): one walk over the text up to the last
    // end turns them into bytes, with no table of every char of a long text.
    let mut offsets = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let mut char_at = 0;
    // The last char asked for and its byte: a span may start where the one before ends.
    let mut last = (usize::MAX, 0);
    let mut byte_of = |target: usize| {
        if last.0 == target {
            return Some(last.1);
        }
        let byte = offsets.nth(target.checked_sub(char_at)?)?;
        char_at = target + 1;
        last = (target, byte);
        Some(byte)
    };
    kept.into_iter()
        .map_while(|c| {
            let start = byte_of(c.start)?;
            let end = byte_of(c.end)?;
            Some(Span {
                byte_range: start..end,
                kind: c.kind,
                tooltip: c.tooltip,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(start: usize, end: usize, rank: u8) -> Candidate {
        Candidate {
            start,
            end,
            rank,
            kind: if rank == 0 {
                SpanKind::Highlight
            } else {
                SpanKind::Plain
            },
            tooltip: None,
        }
    }

    #[test]
    fn overlaps_keep_the_better_rank_and_ranges_become_bytes() {
        // 李强会见哈萨克斯坦总理: 李强 0..2, 哈萨克斯坦 4..9
        let text = "李强会见哈萨克斯坦总理";
        let spans = to_byte_spans(
            text,
            vec![
                candidate(4, 9, 1),
                candidate(0, 2, 1),
                candidate(3, 5, 0),  // the highlight wins over 哈萨克斯坦
                candidate(9, 30, 1), // past the end: dropped
                candidate(2, 2, 1),  // empty: dropped
            ],
        );
        let ranges: Vec<_> = spans.iter().map(|s| s.byte_range.clone()).collect();
        assert_eq!(ranges, vec![0..6, 9..15]);
        assert_eq!(spans[1].kind, SpanKind::Highlight);
    }

    #[test]
    fn adjacent_spans_and_a_span_to_the_end_keep_their_bytes() {
        let text = "李强会见a哈萨克斯坦";
        let spans = to_byte_spans(
            text,
            vec![candidate(2, 4, 1), candidate(0, 2, 1), candidate(5, 10, 1)],
        );
        let ranges: Vec<_> = spans.iter().map(|s| s.byte_range.clone()).collect();
        assert_eq!(ranges, vec![0..6, 6..12, 13..28]);
        assert_eq!(&text[13..28], "哈萨克斯坦");
    }
}
