//! The article list: articles grouped by date and file, a filter, keyboard navigation and
//! virtualised rows (74k articles cost what the visible rows do).
//!
//! Compute, then draw: [`ListIndex`] (per bundle, built on the loading thread) and [`ListRows`]
//! (per filter) are plain data, tested without egui; [`ArticleList::ui`] only draws them.

use crate::bundle::{Article, ArticleId, Bundle};
use crate::ui::i18n::Lang;
use crate::ui::route::{Nav, Route};
use chrono::NaiveDate;
use egui::{Align2, Key, Modifiers, Role, Sense, TextStyle, WidgetInfo};
use std::collections::HashMap;

/// One group of the list: the articles of one date in one file, in bundle order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub date: Option<NaiveDate>,
    /// The file's name (the last path component).
    pub file: String,
    pub articles: Vec<ArticleId>,
}

/// Per-bundle data of the list: groups and the lowercased text the filter matches.
#[derive(Debug, Clone, Default)]
pub struct ListIndex {
    /// Sorted by date (undated last), then file name, then first appearance.
    pub groups: Vec<Group>,
    /// Per article: kicker, title and subtitles, lowercased, joined by newlines.
    keys: Vec<String>,
    /// Whether the articles come from more than one file (then headers name the file).
    pub multi_file: bool,
}

impl ListIndex {
    pub fn new(bundle: &Bundle) -> Self {
        let mut group_of: HashMap<(Option<NaiveDate>, &str), usize> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        for (position, article) in bundle.articles.iter().enumerate() {
            let Some(id) = ArticleId::from_index(position) else {
                break; // more than u32::MAX articles cannot be addressed; never in practice
            };
            let file = file_name(&article.source.file);
            let g = *group_of.entry((article.date, file)).or_insert_with(|| {
                groups.push(Group {
                    date: article.date,
                    file: file.to_owned(),
                    articles: Vec::new(),
                });
                groups.len() - 1
            });
            groups[g].articles.push(id);
        }
        let files: std::collections::HashSet<&str> = bundle
            .articles
            .iter()
            .map(|a| a.source.file.as_str())
            .collect();
        // Stable: groups with equal keys keep their order of first appearance.
        groups.sort_by(|a, b| {
            (a.date.is_none(), a.date, &a.file).cmp(&(b.date.is_none(), b.date, &b.file))
        });
        Self {
            groups,
            keys: bundle.articles.iter().map(search_key).collect(),
            multi_file: files.len() > 1,
        }
    }

    /// Whether article `id` passes a filter of lowercased terms (all must occur).
    fn matches(&self, id: ArticleId, terms: &[String]) -> bool {
        self.keys
            .get(id.index())
            .is_some_and(|key| terms.iter().all(|t| key.contains(t.as_str())))
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn search_key(article: &Article) -> String {
    let mut key = String::with_capacity(article.title.len() + 8);
    if let Some(kicker) = &article.kicker {
        key.push_str(kicker);
        key.push('\n');
    }
    key.push_str(&article.title);
    for subtitle in &article.subtitles {
        key.push('\n');
        key.push_str(subtitle);
    }
    key.to_lowercase()
}

/// The filter's terms: whitespace-separated (ASCII or ideographic space), lowercased.
pub fn filter_terms(filter: &str) -> Vec<String> {
    filter
        .split(|c: char| c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// One row of the list as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A group header: the group's index and how many of its articles pass the filter.
    Group {
        group: usize,
        shown: usize,
    },
    Article(ArticleId),
}

/// The rows for one filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListRows {
    pub rows: Vec<Row>,
    /// Articles that pass the filter.
    pub shown: usize,
}

impl ListRows {
    pub fn new(index: &ListIndex, filter: &str) -> Self {
        let terms = filter_terms(filter);
        let mut rows = Vec::with_capacity(index.keys.len() + index.groups.len());
        let mut shown = 0;
        for (g, group) in index.groups.iter().enumerate() {
            let header = rows.len();
            rows.push(Row::Group { group: g, shown: 0 });
            let before = rows.len();
            rows.extend(
                group
                    .articles
                    .iter()
                    .filter(|&&id| terms.is_empty() || index.matches(id, &terms))
                    .map(|&id| Row::Article(id)),
            );
            let n = rows.len() - before;
            if n == 0 {
                rows.truncate(header);
            } else {
                rows[header] = Row::Group { group: g, shown: n };
                shown += n;
            }
        }
        Self { rows, shown }
    }

    /// The row showing article `id`.
    pub fn position(&self, id: ArticleId) -> Option<usize> {
        self.rows.iter().position(|r| *r == Row::Article(id))
    }

    /// The article `steps` article rows away from `from` (or from the top when `from` is not
    /// shown), clamped to the first and last article.
    pub fn step(&self, from: Option<ArticleId>, steps: isize) -> Option<ArticleId> {
        let ids = || {
            self.rows.iter().filter_map(|r| match r {
                Row::Article(id) => Some(*id),
                Row::Group { .. } => None,
            })
        };
        let current = from.and_then(|id| ids().position(|x| x == id));
        let target = match current {
            None if steps < 0 => self.shown.checked_sub(1)?,
            None => 0,
            Some(i) => i
                .saturating_add_signed(steps)
                .min(self.shown.checked_sub(1)?),
        };
        ids().nth(target)
    }
}

/// View state of the list: the filter and its rows, the scroll position.
#[derive(Default)]
pub struct ArticleList {
    pub filter: String,
    rows: ListRows,
    /// The filter the rows were computed for; `None` after a new bundle.
    rows_filter: Option<String>,
    /// A row to bring into view on the next frame (after keyboard moves).
    scroll_to_row: Option<usize>,
    /// The selection last brought into view: an article opened elsewhere (a search hit, a
    /// mention) scrolls the list to its row once.
    followed: Option<ArticleId>,
    /// Scroll offset and visible height of the last frame.
    last_offset: f32,
    last_height: f32,
}

/// The filter box's id, so keyboard navigation works while it has focus.
pub fn filter_id() -> egui::Id {
    egui::Id::unique("kanbao.article_list.filter")
}

impl ArticleList {
    /// Forgets rows computed for the previous bundle; keeps the filter text.
    pub fn new_bundle(&mut self) {
        self.rows_filter = None;
        self.last_offset = 0.0;
        self.scroll_to_row = None;
        self.followed = None;
    }

    /// The rows for the current filter, recomputed only when the filter changed.
    pub fn rows(&mut self, index: &ListIndex) -> &ListRows {
        if self.rows_filter.as_deref() != Some(self.filter.as_str()) {
            self.rows = ListRows::new(index, &self.filter);
            self.rows_filter = Some(self.filter.clone());
        }
        &self.rows
    }

    /// Arrow keys (and page keys) move the selection while no other text field has focus.
    fn keyboard_nav(&mut self, ui: &egui::Ui, selected: Option<ArticleId>) -> Option<Nav> {
        let focus = ui.memory(|m| m.focused());
        if focus.is_some_and(|f| f != filter_id()) {
            return None;
        }
        let page = ((self.last_height / row_height(ui)).floor() as isize - 1).max(1);
        let steps = ui.input_mut(|i| {
            let mut steps = 0isize;
            for (key, n) in [
                (Key::ArrowDown, 1),
                (Key::ArrowUp, -1),
                (Key::PageDown, page),
                (Key::PageUp, -page),
            ] {
                while i.consume_key(Modifiers::NONE, key) {
                    steps += n;
                }
            }
            steps
        });
        if steps == 0 {
            return None;
        }
        let target = self.rows.step(selected, steps)?;
        self.scroll_to_row = self.rows.position(target);
        (Some(target) != selected).then_some(Nav::Go(Route::Article(target)))
    }

    /// Draws the filter box and the rows; returns where to go when a row is picked.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        bundle: &Bundle,
        index: &ListIndex,
        selected: Option<ArticleId>,
        lang: Lang,
    ) -> Option<Nav> {
        let tr = lang.tr();
        let mut nav = None;

        ui.horizontal(|ui| {
            let label = ui.label(tr.filter_label);
            // Room for the clear button, so the row never asks for more than the panel has.
            let clear_width = if self.filter.is_empty() {
                0.0
            } else {
                ui.spacing().interact_size.y + 2.0 * ui.spacing().item_spacing.x
            };
            let edit = egui::TextEdit::singleline(&mut self.filter)
                .id(filter_id())
                .hint_text(tr.filter_hint)
                .desired_width(ui.available_width() - clear_width);
            ui.add(edit).labelled_by(label.id);
            if !self.filter.is_empty()
                && ui
                    .small_button("×")
                    .on_hover_text(tr.clear_filter)
                    .clicked()
            {
                self.filter.clear();
            }
        });

        self.rows(index);
        nav = self.keyboard_nav(ui, selected).or(nav);
        if selected != self.followed {
            self.followed = selected;
            if let Some(id) = selected {
                self.scroll_to_row = self.scroll_to_row.or(self.rows.position(id));
            }
        }

        let total = bundle.articles.len();
        let count = if self.filter.trim().is_empty() {
            lang.articles(total)
        } else {
            lang.articles_shown(self.rows.shown, total)
        };
        ui.add_space(2.0);
        ui.label(egui::RichText::new(count).small().weak());
        ui.add_space(2.0);

        if self.rows.rows.is_empty() {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                let text = if total == 0 {
                    tr.empty_bundle
                } else {
                    tr.no_match
                };
                ui.label(egui::RichText::new(text).weak());
            });
            return nav;
        }

        let row_h = row_height(ui);
        let spacing = ui.spacing().item_spacing.y;
        let mut area = egui::ScrollArea::vertical()
            .id_salt("kanbao.article_list.rows")
            .auto_shrink([false, false]);
        if let Some(row) = self.scroll_to_row.take() {
            let top = row as f32 * (row_h + spacing);
            let bottom = top + row_h;
            if top < self.last_offset {
                area = area.vertical_scroll_offset(top);
            } else if bottom > self.last_offset + self.last_height {
                area = area.vertical_scroll_offset((bottom - self.last_height).max(0.0));
            }
        }
        let rows = &self.rows.rows;
        let output = area.show_rows(ui, row_h, rows.len(), |ui, range| {
            let mut picked = None;
            for row in rows.get(range).unwrap_or_default() {
                match *row {
                    Row::Group { group, shown } => {
                        if let Some(g) = index.groups.get(group) {
                            group_row_ui(ui, g, shown, index.multi_file, row_h, lang);
                        }
                    }
                    Row::Article(id) => {
                        if let Some(article) = bundle.articles.get(id.index())
                            && article_row_ui(ui, article, selected == Some(id), row_h).clicked()
                        {
                            picked = Some(Nav::Go(Route::Article(id)));
                        }
                    }
                }
            }
            picked
        });
        self.last_offset = output.state.clamped_offset().y;
        self.last_height = output.inner_rect.height();
        output.inner.or(nav)
    }
}

/// The height of one row: a line of body text and some air.
pub fn row_height(ui: &egui::Ui) -> f32 {
    (ui.text_style_height(&TextStyle::Body) + 10.0).round()
}

fn group_row_ui(
    ui: &mut egui::Ui,
    group: &Group,
    shown: usize,
    multi_file: bool,
    row_h: f32,
    lang: Lang,
) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(ui.available_width(), row_h), Sense::hover());
    if !ui.is_rect_visible(rect) {
        return;
    }
    let visuals = ui.visuals();
    let painter = ui.painter();
    let date = group.date.map_or_else(
        || lang.tr().undated.to_owned(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    let label = if multi_file {
        format!("{date}  ·  {}", group.file)
    } else {
        date
    };
    let font = TextStyle::Small.resolve(ui.style());
    let y = rect.bottom() - 6.0;
    painter.text(
        egui::pos2(rect.left() + 4.0, y),
        Align2::LEFT_BOTTOM,
        label,
        font.clone(),
        visuals.strong_text_color(),
    );
    painter.text(
        egui::pos2(rect.right() - 8.0, y),
        Align2::RIGHT_BOTTOM,
        lang.articles(shown),
        font,
        visuals.weak_text_color(),
    );
    painter.hline(
        rect.x_range(),
        rect.bottom() - 1.0,
        visuals.widgets.noninteractive.bg_stroke,
    );
}

fn article_row_ui(
    ui: &mut egui::Ui,
    article: &Article,
    selected: bool,
    row_h: f32,
) -> egui::Response {
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), row_h), Sense::click());
    // An article without a title shows its first words, in italics.
    let untitled = article.title.trim().is_empty();
    let label = if untitled {
        first_words(article)
    } else {
        article.title.clone()
    };
    response.widget_info(|| WidgetInfo::selected(Role::ListBoxOption, true, selected, &label));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let fill = if selected {
            Some(visuals.selection.bg_fill)
        } else if response.hovered() {
            Some(visuals.widgets.hovered.weak_bg_fill)
        } else {
            None
        };
        if let Some(fill) = fill {
            ui.painter().rect_filled(rect, 4.0, fill);
        }
        let color = if selected {
            visuals.selection.stroke.color
        } else {
            visuals.text_color()
        };
        let inner = rect.shrink2(egui::vec2(10.0, 0.0));
        let text = egui::RichText::new(label.as_str());
        let text = if untitled { text.italics() } else { text };
        let galley = egui::WidgetText::from(text).into_galley(
            ui,
            Some(egui::TextWrapMode::Truncate),
            inner.width(),
            TextStyle::Body,
        );
        let pos = egui::pos2(inner.left(), inner.center().y - galley.size().y / 2.0);
        ui.painter().galley(pos, galley, color);
    }
    if response.hovered() && label.chars().count() > 24 {
        return response.on_hover_text(label);
    }
    response
}

/// Chars of an untitled article's first text shown in its place.
const FIRST_WORDS: usize = 40;

/// The first words of an article's first non-empty paragraph (or caption), for a missing title.
pub fn first_words(article: &Article) -> String {
    let text = article
        .paragraphs
        .iter()
        .chain(&article.captions)
        .map(|p| p.trim())
        .find(|p| !p.is_empty())
        .unwrap_or_default();
    let mut words: String = text.chars().take(FIRST_WORDS).collect();
    if text.chars().nth(FIRST_WORDS).is_some() {
        words.push('…');
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(raw: &[u32]) -> Vec<ArticleId> {
        raw.iter().copied().map(ArticleId::new).collect()
    }
    use crate::bundle::Source;

    fn article(title: &str, date: Option<&str>, file: &str) -> Article {
        Article {
            title: title.to_owned(),
            date: date.and_then(|d| d.parse().ok()),
            source: Source {
                file: file.to_owned(),
                ..Source::default()
            },
            ..Article::default()
        }
    }

    fn bundle(articles: Vec<Article>) -> Bundle {
        Bundle {
            articles,
            ..Bundle::default()
        }
    }

    #[test]
    fn groups_are_by_date_then_file_with_undated_last() {
        let b = bundle(vec![
            article("乙", Some("2024-11-05"), "d/b.txt"),
            article("甲", None, "d/a.txt"),
            article("丙", Some("2024-11-04"), "d/b.txt"),
            article("丁", Some("2024-11-05"), "d/a.txt"),
            article("戊", Some("2024-11-05"), "d/b.txt"),
        ]);
        let index = ListIndex::new(&b);
        let summary: Vec<(Option<String>, &str, &[ArticleId])> = index
            .groups
            .iter()
            .map(|g| {
                (
                    g.date.map(|d| d.to_string()),
                    g.file.as_str(),
                    g.articles.as_slice(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (Some("2024-11-04".into()), "b.txt", &ids(&[2])[..]),
                (Some("2024-11-05".into()), "a.txt", &ids(&[3])[..]),
                (Some("2024-11-05".into()), "b.txt", &ids(&[0, 4])[..]),
                (None, "a.txt", &ids(&[1])[..]),
            ]
        );
        assert!(index.multi_file);
    }

    #[test]
    fn filter_keeps_matching_articles_and_their_headers_with_counts() {
        let b = bundle(vec![
            article("神舟十八号成功着陆", Some("2024-11-04"), "a.txt"),
            article("李强会见哈萨克斯坦总理", Some("2024-11-04"), "a.txt"),
            article("嫦娥四号着陆月球背面", Some("2019-01-03"), "a.txt"),
        ]);
        let index = ListIndex::new(&b);
        let rows = ListRows::new(&index, "着陆");
        assert_eq!(rows.shown, 2);
        assert_eq!(
            rows.rows,
            vec![
                Row::Group { group: 0, shown: 1 },
                Row::Article(ArticleId::new(2)),
                Row::Group { group: 1, shown: 1 },
                Row::Article(ArticleId::new(0)),
            ]
        );
        // Every term must occur; ideographic space separates terms too.
        assert_eq!(ListRows::new(&index, "着陆　月球").shown, 1);
        assert_eq!(ListRows::new(&index, "火星").rows, vec![]);
        assert_eq!(ListRows::new(&index, "  ").shown, 3);
    }

    #[test]
    fn filter_matches_subtitles_and_ignores_latin_case() {
        let mut a = article("第二届进博会开幕", None, "a.txt");
        a.subtitles.push("——CIIE 2019 综述".into());
        let index = ListIndex::new(&bundle(vec![a]));
        assert_eq!(ListRows::new(&index, "ciie").shown, 1);
        assert_eq!(ListRows::new(&index, "综述").shown, 1);
        assert!(!index.multi_file);
    }

    #[test]
    fn an_untitled_article_is_named_by_its_first_words() {
        let mut a = article("", None, "a.txt");
        assert_eq!(first_words(&a), "");
        a.paragraphs = vec![
            "  ".into(),
            "新华社北京11月4日电 国务院总理李强4日在人民大会堂会见哈萨克斯坦总理别克塔耶夫。"
                .into(),
        ];
        let words = first_words(&a);
        assert!(words.starts_with("新华社北京11月4日电"), "{words}");
        assert!(words.ends_with('…') && words.chars().count() == FIRST_WORDS + 1);
        a.paragraphs = vec!["短讯。".into()];
        assert_eq!(first_words(&a), "短讯。");
    }

    #[test]
    fn steps_move_over_article_rows_and_clamp_at_the_ends() {
        let b = bundle(vec![
            article("一", Some("2024-11-04"), "a.txt"),
            article("二", Some("2024-11-05"), "a.txt"),
            article("三", Some("2024-11-05"), "a.txt"),
        ]);
        let rows = ListRows::new(&ListIndex::new(&b), "");
        assert_eq!(rows.step(None, 1), Some(ArticleId::new(0)));
        assert_eq!(rows.step(None, -1), Some(ArticleId::new(2)));
        assert_eq!(
            rows.step(Some(ArticleId::new(0)), 1),
            Some(ArticleId::new(1)),
            "skips the second header"
        );
        assert_eq!(
            rows.step(Some(ArticleId::new(1)), 5),
            Some(ArticleId::new(2))
        );
        assert_eq!(
            rows.step(Some(ArticleId::new(1)), -5),
            Some(ArticleId::new(0))
        );
        assert_eq!(rows.position(ArticleId::new(1)), Some(3));
        assert_eq!(ListRows::default().step(None, 1), None);
    }
}
