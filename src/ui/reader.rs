//! The reader: one article set for reading, in the order of its `layout`.
//!
//! Paragraphs are drawn from styled [`Span`]s by [`paragraph_ui`]. Today every paragraph is one
//! plain span; part 2 supplies entity mentions and dates as link spans through a [`SpanSource`],
//! and a click on one comes back as a [`Nav`].

use crate::bundle::{Article, Block, Dateline, Part};
use crate::ui::i18n::Lang;
use crate::ui::route::Nav;
use egui::text::{LayoutJob, TextFormat};
use egui::text_selection::LabelSelectionState;
use egui::{Color32, FontId, Sense, Stroke};
use std::ops::Range;

/// Sizes of the reader's text, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReaderStyle {
    pub body: f32,
    /// Line height as a multiple of the font size (CJK reads best at 1.7–1.9).
    pub line_spacing: f32,
    pub title: f32,
    pub subtitle: f32,
    pub kicker: f32,
    pub heading: f32,
    pub caption: f32,
    pub meta: f32,
    /// Widest column of text; about 40 CJK characters at the body size.
    pub max_width: f32,
}

impl Default for ReaderStyle {
    fn default() -> Self {
        Self {
            body: 17.0,
            line_spacing: 1.8,
            title: 27.0,
            subtitle: 18.0,
            kicker: 15.0,
            heading: 19.0,
            caption: 14.0,
            meta: 13.0,
            max_width: 720.0,
        }
    }
}

impl ReaderStyle {
    fn line_height(&self, size: f32) -> f32 {
        (size * self.line_spacing).round()
    }
}

/// How a span of a paragraph is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum SpanKind {
    Plain,
    /// A link (an entity mention, a date on the timeline): coloured, underlined on hover.
    Link {
        color: Color32,
        /// Where a click goes.
        target: Nav,
    },
    /// A search hit or a mention to point out.
    Highlight,
}

/// A styled part of a paragraph. Ranges are byte ranges into the paragraph's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub byte_range: Range<usize>,
    pub kind: SpanKind,
    /// Shown on hover (e.g. an entity's canonical name, kind and count).
    pub tooltip: Option<String>,
}

/// Supplies the styled spans of an article's texts; part 2 implements it over the model.
pub trait SpanSource {
    /// Spans of text `index` of `part` of `article`, sorted by start, not overlapping.
    /// Text outside every span is plain.
    fn spans(&self, article: &Article, part: Part, index: usize, text: &str) -> Vec<Span>;
}

/// Every text plain.
pub struct PlainText;

impl SpanSource for PlainText {
    fn spans(&self, _: &Article, _: Part, _: usize, _: &str) -> Vec<Span> {
        Vec::new()
    }
}

/// Text format of one kind of block.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphFormat {
    pub size: f32,
    pub line_height: f32,
    pub color: Color32,
    /// Indent of the first line, in points (two characters for body paragraphs).
    pub first_line_indent: f32,
}

/// The layout job of a paragraph: plain text between the spans; spans that are empty,
/// overlapping an earlier one, out of range or not on char boundaries are drawn plain.
pub fn paragraph_job(
    text: &str,
    spans: &[Span],
    format: &ParagraphFormat,
    highlight_bg: Color32,
) -> LayoutJob {
    let base = TextFormat {
        font_id: FontId::proportional(format.size),
        line_height: Some(format.line_height),
        color: format.color,
        ..TextFormat::default()
    };
    let mut job = LayoutJob {
        text: String::with_capacity(text.len()),
        ..LayoutJob::default()
    };
    let mut leading = format.first_line_indent;
    let mut push = |job: &mut LayoutJob, range: Range<usize>, fmt: TextFormat| {
        if let Some(piece) = text.get(range)
            && !piece.is_empty()
        {
            job.append(piece, leading, fmt);
            leading = 0.0;
        }
    };
    let mut at = 0;
    for span in spans {
        let r = &span.byte_range;
        let valid = r.start >= at
            && r.start < r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end);
        if !valid {
            continue;
        }
        push(&mut job, at..r.start, base.clone());
        let fmt = match &span.kind {
            SpanKind::Plain => base.clone(),
            SpanKind::Link { color, .. } => TextFormat {
                color: *color,
                ..base.clone()
            },
            SpanKind::Highlight => TextFormat {
                background: highlight_bg,
                ..base.clone()
            },
        };
        push(&mut job, r.clone(), fmt);
        at = r.end;
    }
    push(&mut job, at..text.len(), base);
    job
}

/// What drawing a paragraph gave: a link clicked, and where its highlight stands.
#[derive(Debug, Default)]
pub struct ParagraphOutcome {
    pub nav: Option<Nav>,
    /// Screen rect of the first highlighted span (to scroll a focused passage into view).
    pub highlight: Option<egui::Rect>,
}

/// Draws one paragraph from its spans: selectable and copyable. Each link span is also a
/// widget of its own over its glyphs (hover text, pointing hand, a click returns its target,
/// and screen readers and tests find it by its text).
pub fn paragraph_ui(
    ui: &mut egui::Ui,
    text: &str,
    spans: &[Span],
    format: &ParagraphFormat,
) -> ParagraphOutcome {
    let job = paragraph_job(text, spans, format, crate::ui::theme::marker(ui.visuals()));
    let label = egui::Label::new(job).wrap().sense(Sense::hover());
    let (pos, galley, response) = label.layout_in_ui(ui);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Label, ui.is_enabled(), galley.text())
    });
    let mut outcome = ParagraphOutcome::default();
    let visible = ui.is_rect_visible(response.rect);
    if visible {
        LabelSelectionState::label_text_selection(
            ui,
            &response,
            pos,
            galley.clone(),
            format.color,
            Stroke::NONE,
        );
    }
    let needs_rects = spans.iter().any(|s| {
        matches!(s.kind, SpanKind::Highlight)
            || (visible && matches!(s.kind, SpanKind::Link { .. }))
    });
    if !needs_rects {
        return outcome;
    }
    let bytes_to_chars = CharIndexer::new(text);
    for (n, span) in spans.iter().enumerate() {
        let chars = bytes_to_chars.chars(&span.byte_range);
        match &span.kind {
            SpanKind::Highlight if outcome.highlight.is_none() => {
                outcome.highlight = char_range_rects(&galley, chars)
                    .into_iter()
                    .reduce(|a, b| a.union(b))
                    .map(|r| r.translate(pos.to_vec2()));
            }
            SpanKind::Link { color, target } if visible => {
                let name = text.get(span.byte_range.clone()).unwrap_or_default();
                for (row, rect) in char_range_rects(&galley, chars).into_iter().enumerate() {
                    let rect = rect.translate(pos.to_vec2());
                    let id = response.id.with(("link", n, row));
                    let link = ui.interact(rect, id, Sense::click());
                    link.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Link, ui.is_enabled(), name)
                    });
                    if link.hovered() {
                        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                        let y = rect.bottom() - 2.0;
                        ui.painter()
                            .hline(rect.x_range(), y, Stroke::new(1.0, *color));
                    }
                    let link = match &span.tooltip {
                        Some(tip) => link.on_hover_text(tip.as_str()),
                        None => link,
                    };
                    if link.clicked() {
                        outcome.nav = Some(target.clone());
                    }
                }
            }
            _ => {}
        }
    }
    outcome
}

/// Texts longer than this (in bytes, about 4,000 Chinese chars) are drawn a piece at a time.
pub const LONG_TEXT_BYTES: usize = 12_000;
/// Chars per piece of a long text (cut after a sentence end where there is one).
const PIECE_CHARS: usize = 2_000;

/// A long text's pieces and the height each had when last drawn, kept in egui's memory.
#[derive(Debug, Clone, Default)]
struct Pieces {
    /// The text's address and length: the pieces belong to it.
    text: (usize, usize),
    /// Byte ranges of the pieces, in order, without gaps.
    ranges: Vec<Range<usize>>,
    /// Each piece's height at `width` when last drawn.
    heights: Vec<Option<f32>>,
    width: f32,
}

/// Byte ranges of `text` cut into pieces of at most [`PIECE_CHARS`] chars, after sentence ends
/// where there are some (`text::stretches`).
pub fn piece_ranges(text: &str, max_chars: usize) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let cuts = crate::text::stretches(&chars, 0, chars.len(), max_chars);
    let mut ranges = Vec::with_capacity(cuts.len());
    let mut byte = 0;
    let mut char_at = 0;
    for (_, end) in cuts {
        let start = byte;
        byte += chars[char_at..end]
            .iter()
            .map(|c| c.len_utf8())
            .sum::<usize>();
        char_at = end;
        ranges.push(start..byte);
    }
    ranges
}

/// Draws a long text as consecutive pieces, each its own label: a piece off screen whose
/// height is known takes its room without being laid out, so a paragraph of a million chars
/// costs what its visible pieces cost. A piece with a highlight is always laid out (to scroll
/// to it). Spans crossing a cut are cut with it.
pub fn long_paragraph_ui(
    ui: &mut egui::Ui,
    id: egui::Id,
    text: &str,
    spans: &[Span],
    format: &ParagraphFormat,
) -> ParagraphOutcome {
    let key = (text.as_ptr() as usize, text.len());
    let width = ui.available_width();
    let mut pieces = ui
        .data(|d| d.get_temp::<Pieces>(id))
        .filter(|p| p.text == key)
        .unwrap_or_else(|| {
            let ranges = piece_ranges(text, PIECE_CHARS);
            Pieces {
                text: key,
                heights: vec![None; ranges.len()],
                ranges,
                width,
            }
        });
    if pieces.width != width {
        pieces.width = width;
        pieces.heights.iter_mut().for_each(|h| *h = None);
    }
    let mut outcome = ParagraphOutcome::default();
    ui.scope(|ui| {
        ui.spacing_mut().item_spacing.y = 0.0;
        for (i, range) in pieces.ranges.iter().enumerate() {
            let piece_spans = spans_within(spans, range);
            let highlighted = piece_spans
                .iter()
                .any(|s| matches!(s.kind, SpanKind::Highlight));
            let top = ui.cursor().top();
            if let Some(h) = pieces.heights[i]
                && !highlighted
                && !ui.is_rect_visible(egui::Rect::from_min_size(
                    ui.cursor().min,
                    egui::vec2(width, h),
                ))
            {
                ui.allocate_space(egui::vec2(width, h));
                continue;
            }
            let piece_format = ParagraphFormat {
                first_line_indent: if i == 0 {
                    format.first_line_indent
                } else {
                    0.0
                },
                ..format.clone()
            };
            let drawn = paragraph_ui(ui, &text[range.clone()], &piece_spans, &piece_format);
            pieces.heights[i] = Some(ui.cursor().top() - top);
            outcome.nav = drawn.nav.or(outcome.nav.take());
            outcome.highlight = outcome.highlight.or(drawn.highlight);
        }
    });
    ui.data_mut(|d| d.insert_temp(id, pieces));
    outcome
}

/// The spans inside `range` (spans crossing its ends cut there), rebased to its start.
fn spans_within(spans: &[Span], range: &Range<usize>) -> Vec<Span> {
    let first = spans.partition_point(|s| s.byte_range.end <= range.start);
    spans[first..]
        .iter()
        .take_while(|s| s.byte_range.start < range.end)
        .filter_map(|s| {
            let start = s.byte_range.start.max(range.start);
            let end = s.byte_range.end.min(range.end);
            (start < end).then(|| Span {
                byte_range: start - range.start..end - range.start,
                kind: s.kind.clone(),
                tooltip: s.tooltip.clone(),
            })
        })
        .collect()
}

/// Char offsets of byte offsets of one text, and back.
pub(crate) struct CharIndexer {
    /// Byte offset of each char, then the text's length.
    starts: Vec<usize>,
}

impl CharIndexer {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        Self { starts }
    }

    pub(crate) fn chars(&self, bytes: &Range<usize>) -> Range<usize> {
        let at = |b: usize| self.starts.partition_point(|&s| s < b);
        at(bytes.start)..at(bytes.end)
    }
}

/// Rects (galley coordinates) covering chars `range` of a galley, one per row it spans.
fn char_range_rects(galley: &egui::Galley, range: Range<usize>) -> Vec<egui::Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0;
    for placed in &galley.rows {
        let n = placed.glyphs.len();
        let row_end = row_start + n;
        let (from, to) = (range.start.max(row_start), range.end.min(row_end));
        if from < to {
            let first = &placed.glyphs[from - row_start];
            let last = &placed.glyphs[to - 1 - row_start];
            rects.push(egui::Rect::from_min_max(
                egui::pos2(placed.pos.x + first.pos.x, placed.pos.y),
                egui::pos2(placed.pos.x + last.max_x(), placed.pos.y + placed.size.y),
            ));
        }
        row_start = row_end + usize::from(placed.ends_with_newline);
        if row_start >= range.end {
            break;
        }
    }
    rects
}

/// Draws `article` for reading; `spans` styles its texts. With `scroll_to_highlight`, the
/// first highlighted span is scrolled to the middle of the view.
pub fn article_ui(
    ui: &mut egui::Ui,
    article: &Article,
    spans: &dyn SpanSource,
    style: &ReaderStyle,
    lang: Lang,
    scroll_to_highlight: bool,
) -> Option<Nav> {
    let tr = lang.tr();
    let visuals = ui.visuals().clone();
    let text = visuals.text_color();
    let strong = visuals.strong_text_color();
    let weak = visuals.weak_text_color();
    let mut nav = None;
    let mut highlight: Option<egui::Rect> = None;
    let mut part_ui =
        |ui: &mut egui::Ui, part: Part, index: usize, s: &str, f: &ParagraphFormat| {
            let spans = spans.spans(article, part, index, s);
            let outcome = if s.len() > LONG_TEXT_BYTES {
                let id = ui.scope_id().with(("kanbao.reader.long", part, index));
                long_paragraph_ui(ui, id, s, &spans, f)
            } else {
                paragraph_ui(ui, s, &spans, f)
            };
            if outcome.nav.is_some() {
                nav = outcome.nav;
            }
            if highlight.is_none() {
                highlight = outcome.highlight;
            }
        };
    let plain = |size: f32, color: Color32| ParagraphFormat {
        size,
        line_height: style.line_height(size).min(size * 1.5),
        color,
        first_line_indent: 0.0,
    };

    ui.add_space(8.0);
    if let Some(kicker) = &article.kicker {
        ui.label(egui::RichText::new(kicker).size(style.kicker).color(weak));
        ui.add_space(2.0);
    }
    part_ui(
        ui,
        Part::Title,
        0,
        &article.title,
        &ParagraphFormat {
            line_height: (style.title * 1.4).round(),
            ..plain(style.title, strong)
        },
    );
    for (i, subtitle) in article.subtitles.iter().enumerate() {
        part_ui(
            ui,
            Part::Subtitles,
            i,
            subtitle,
            &plain(style.subtitle, text),
        );
    }
    ui.add_space(6.0);
    meta_ui(ui, article, style, lang);
    ui.add_space(10.0);
    ui.separator();
    ui.add_space(10.0);

    let body = ParagraphFormat {
        size: style.body,
        line_height: style.line_height(style.body),
        color: text,
        first_line_indent: 2.0 * style.body,
    };
    let caption = ParagraphFormat {
        size: style.caption,
        line_height: style.line_height(style.caption).min(style.caption * 1.6),
        color: weak,
        first_line_indent: 0.0,
    };
    let heading = ParagraphFormat {
        line_height: (style.heading * 1.5).round(),
        ..plain(style.heading, strong)
    };
    let paragraph_gap = (style.body * 0.6).round();

    for block in blocks(article) {
        match block {
            Block::Heading(i) => {
                if let Some(s) = article.headings.get(i) {
                    ui.add_space(paragraph_gap);
                    part_ui(ui, Part::Headings, i, s, &heading);
                    ui.add_space(paragraph_gap * 0.5);
                }
            }
            Block::Paragraph(i) => {
                if let Some(s) = article.paragraphs.get(i) {
                    part_ui(ui, Part::Paragraphs, i, s, &body);
                    ui.add_space(paragraph_gap);
                }
            }
            Block::Caption(i) => {
                if let Some(s) = article.captions.get(i) {
                    caption_frame(&visuals).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(egui::RichText::new(tr.caption).size(style.meta).color(weak));
                        part_ui(ui, Part::Captions, i, s, &caption);
                    });
                    ui.add_space(paragraph_gap);
                }
            }
            Block::Dateline(i) => {
                if let Some(d) = article.datelines.get(i) {
                    dateline_ui(ui, d, style, lang);
                    ui.add_space(paragraph_gap);
                }
            }
        }
    }
    ui.add_space(40.0);
    if scroll_to_highlight && let Some(rect) = highlight {
        ui.scroll_to_rect(rect, Some(egui::Align::Center));
    }
    nav
}

/// The article's blocks in reading order; without a layout, paragraphs then captions.
fn blocks(article: &Article) -> Vec<Block> {
    if !article.layout.is_empty() {
        return article.layout.clone();
    }
    (0..article.datelines.len())
        .map(Block::Dateline)
        .chain((0..article.paragraphs.len()).map(Block::Paragraph))
        .chain((0..article.captions.len()).map(Block::Caption))
        .collect()
}

fn caption_frame(visuals: &egui::Visuals) -> egui::Frame {
    egui::Frame::new()
        .fill(visuals.faint_bg_color)
        .stroke(Stroke::new(
            1.0,
            visuals.widgets.noninteractive.bg_stroke.color,
        ))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(14, 10))
}

/// Date and source of the article, under the title.
fn meta_ui(ui: &mut egui::Ui, article: &Article, style: &ReaderStyle, lang: Lang) {
    let tr = lang.tr();
    let weak = ui.visuals().weak_text_color();
    let date = article.date.map_or_else(
        || tr.undated.to_owned(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    let file = article
        .source
        .file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&article.source.file);
    let mut source = format!("{}  {file}", tr.source);
    if article.source.line_start > 0 {
        source.push_str(&format!(
            "  {}",
            lang.lines(article.source.line_start, article.source.line_end)
        ));
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(date).size(style.meta).color(weak));
        ui.label(egui::RichText::new("·").size(style.meta).color(weak));
        ui.label(egui::RichText::new(source).size(style.meta).color(weak))
            .on_hover_text(&article.source.file);
        // Where it was published: the medium and the address, when the source gives them.
        if let Some(media) = &article.media {
            ui.label(egui::RichText::new("·").size(style.meta).color(weak));
            ui.label(egui::RichText::new(media).size(style.meta).color(weak));
        }
        if let Some(url) = &article.url {
            ui.label(egui::RichText::new("·").size(style.meta).color(weak));
            ui.hyperlink_to(egui::RichText::new(url).size(style.meta), url);
        }
    });
}

/// A dateline: its text, then agency, place, date and reporters as labelled fields.
fn dateline_ui(ui: &mut egui::Ui, d: &Dateline, style: &ReaderStyle, lang: Lang) {
    let tr = lang.tr();
    let visuals = ui.visuals();
    let weak = visuals.weak_text_color();
    let text = visuals.text_color();
    let accent = visuals.selection.bg_fill;
    let mut fields: Vec<(&str, String)> = Vec::new();
    if let Some(a) = &d.agency {
        fields.push((tr.agency, a.clone()));
    }
    if let Some(p) = &d.place {
        fields.push((tr.place, p.clone()));
    }
    if let Some(date) = &d.date {
        fields.push((tr.date, date.clone()));
    }
    if !d.reporters.is_empty() {
        fields.push((tr.reporters, d.reporters.join("、")));
    }
    if !d.correspondents.is_empty() {
        fields.push((tr.correspondents, d.correspondents.join("、")));
    }
    let frame = egui::Frame::new().inner_margin(egui::Margin {
        left: 12,
        right: 0,
        top: 2,
        bottom: 2,
    });
    let response = frame.show(ui, |ui| {
        ui.label(
            egui::RichText::new(&d.text)
                .size(style.body - 2.0)
                .color(text),
        );
        if !fields.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        ui.add_space(10.0);
                    }
                    ui.label(egui::RichText::new(*key).size(style.meta).color(weak));
                    ui.label(egui::RichText::new(value).size(style.meta).color(text));
                }
            });
        }
    });
    let r = response.response.rect;
    ui.painter()
        .vline(r.left() + 2.0, r.y_range(), Stroke::new(3.0, accent));
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_text_is_cut_into_pieces_after_sentence_ends_without_gaps() {
        let sentence = "李强会见哈萨克斯坦总理。"; // 12 chars
        let text = sentence.repeat(1000);
        let ranges = piece_ranges(&text, 100);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "no gap, no overlap");
        }
        for r in &ranges[..ranges.len() - 1] {
            assert!(text[r.clone()].ends_with('。'), "cut after a sentence end");
            assert!(text[r.clone()].chars().count() <= 100);
        }
    }

    #[test]
    fn spans_within_a_piece_are_rebased_and_cut_at_its_ends() {
        let span = |r: Range<usize>| Span {
            byte_range: r,
            kind: SpanKind::Highlight,
            tooltip: None,
        };
        let spans = [span(0..6), span(10..20), span(28..34), span(40..50)];
        let within: Vec<Range<usize>> = spans_within(&spans, &(12..40))
            .into_iter()
            .map(|s| s.byte_range)
            .collect();
        assert_eq!(within, [0..8, 16..22]);
    }

    use super::*;
    use crate::bundle::ArticleId;
    use crate::ui::route::Route;

    fn format() -> ParagraphFormat {
        ParagraphFormat {
            size: 17.0,
            line_height: 30.0,
            color: Color32::BLACK,
            first_line_indent: 34.0,
        }
    }

    fn link(range: Range<usize>) -> Span {
        Span {
            byte_range: range,
            kind: SpanKind::Link {
                color: Color32::RED,
                target: Nav::Go(Route::Article(ArticleId::new(3))),
            },
            tooltip: None,
        }
    }

    fn section_texts(job: &LayoutJob) -> Vec<&str> {
        job.sections
            .iter()
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect()
    }

    #[test]
    fn plain_paragraph_is_one_indented_section() {
        let job = paragraph_job("新华社上海11月4日电", &[], &format(), Color32::YELLOW);
        assert_eq!(section_texts(&job), vec!["新华社上海11月4日电"]);
        assert_eq!(job.sections[0].leading_space, 34.0);
        assert_eq!(job.sections[0].format.line_height, Some(30.0));
    }

    #[test]
    fn spans_split_the_text_in_order_and_keep_every_character() {
        let text = "李强会见哈萨克斯坦总理";
        // 李强 = bytes 0..6, 哈萨克斯坦 = bytes 12..27
        let job = paragraph_job(
            text,
            &[link(0..6), link(12..27)],
            &format(),
            Color32::YELLOW,
        );
        assert_eq!(
            section_texts(&job),
            vec!["李强", "会见", "哈萨克斯坦", "总理"]
        );
        assert_eq!(job.text, text);
        assert_eq!(job.sections[0].format.color, Color32::RED);
        assert_eq!(job.sections[1].format.color, Color32::BLACK);
        assert_eq!(
            job.sections[0].leading_space, 34.0,
            "indent on the first section only"
        );
        assert_eq!(job.sections[1].leading_space, 0.0);
    }

    #[test]
    fn bad_spans_are_drawn_plain_and_never_panic() {
        let text = "神舟十八号";
        // 1..4 is not on a char boundary; 3..99 is out of range; 6..3 is reversed; overlap.
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 6..3;
        let spans = [
            link(1..4),
            link(3..99),
            link(reversed),
            link(0..6),
            link(3..9),
        ];
        let job = paragraph_job(text, &spans, &format(), Color32::YELLOW);
        assert_eq!(job.text, text);
        assert_eq!(section_texts(&job), vec!["神舟", "十八号"]);
    }

    #[test]
    fn byte_ranges_map_to_char_ranges() {
        let ix = CharIndexer::new("李强会见a哈");
        assert_eq!(ix.chars(&(0..6)), 0..2);
        assert_eq!(ix.chars(&(6..13)), 2..5);
        assert_eq!(ix.chars(&(13..16)), 5..6);
        assert_eq!(ix.chars(&(16..16)), 6..6);
    }

    #[test]
    fn articles_without_layout_read_datelines_paragraphs_then_captions() {
        let article = Article {
            paragraphs: vec!["一".into(), "二".into()],
            captions: vec!["图".into()],
            datelines: vec![Dateline::default()],
            ..Article::default()
        };
        assert_eq!(
            blocks(&article),
            vec![
                Block::Dateline(0),
                Block::Paragraph(0),
                Block::Paragraph(1),
                Block::Caption(0)
            ]
        );
    }
}
