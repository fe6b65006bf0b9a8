//! The entities an entity shares articles with: every one, counted on a worker (a frequent
//! entity takes tens of milliseconds), filtered by name and group, drawn virtualised with the
//! number of shared articles as a bar.

use crate::knowledge::entities::EntityId;
use crate::ui::analysis::{Analysis, EntityGroup};
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::route::{Nav, Route};
use crate::ui::theme;
use egui::{Align2, FontId, Sense};

/// How the co-occurring list is narrowed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RelatedQuery {
    pub text: String,
    /// Only this group; `None` for all.
    pub group: Option<EntityGroup>,
}

/// The entries of `counted` (entity, shared articles; most shared first) passing `query`.
pub fn related_rows(
    analysis: &Analysis,
    counted: &[(EntityId, u32)],
    query: &RelatedQuery,
) -> Vec<(EntityId, u32)> {
    let needle = analysis
        .knowledge
        .entities
        .normalize(query.text.trim())
        .to_lowercase();
    counted
        .iter()
        .copied()
        .filter(|&(id, _)| {
            analysis.entity(id).is_some_and(|e| {
                query.group.is_none_or(|g| EntityGroup::of(e) == g)
                    && (needle.is_empty() || e.name.to_lowercase().contains(&needle))
            })
        })
        .collect()
}

/// The filter row: a name box and one toggle per group.
pub fn query_ui(ui: &mut egui::Ui, query: &mut RelatedQuery, lang: Lang) {
    let tr = lang.tr();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr.entity_filter_label);
        ui.add(
            egui::TextEdit::singleline(&mut query.text)
                .id_salt("kanbao.entity.related.filter")
                .hint_text(tr.entity_filter_hint)
                .desired_width(140.0),
        )
        .labelled_by(label.id);
        ui.selectable_value(&mut query.group, None, tr.all_groups);
        for group in EntityGroup::ALL {
            let color = theme::entity_color(ui.visuals(), group);
            let text = egui::RichText::new(lang.group(group)).color(color);
            ui.selectable_value(&mut query.group, Some(group), text);
        }
    });
}

/// The rows, virtualised: name in its group's colour, a bar of shared articles, the count.
pub fn related_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    rows: &[(EntityId, u32)],
    lang: Lang,
) -> Option<Nav> {
    if rows.is_empty() {
        ui.label(egui::RichText::new(lang.tr().no_entities).weak());
        return None;
    }
    let most = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f32;
    let row_h = (ui.text_style_height(&egui::TextStyle::Body) + 8.0).round();
    egui::ScrollArea::vertical()
        .id_salt("kanbao.entity.related")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, rows.len(), |ui, range| {
            let mut nav = None;
            for &(id, shared) in rows.get(range).unwrap_or_default() {
                let Some(e) = analysis.entity(id) else {
                    continue;
                };
                let (rect, response) =
                    ui.allocate_exact_size(egui::vec2(ui.available_width(), row_h), Sense::click());
                let label = format!("{} {}", e.name, lang.articles(shared as usize));
                response
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if ui.is_rect_visible(rect) {
                    let visuals = ui.visuals();
                    let painter = ui.painter_at(rect);
                    if response.hovered() {
                        painter.rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
                    }
                    let color = theme::entity_color(visuals, EntityGroup::of(e));
                    // Name in the left half, cut to it; the bar and count in the right half.
                    let half = rect.width() * 0.5;
                    let mut job = egui::text::LayoutJob::simple_singleline(
                        e.name.clone(),
                        FontId::proportional(15.0),
                        color,
                    );
                    job.wrap = egui::text::TextWrapping::truncate_at_width(half - 12.0);
                    let name = painter.layout_job(job);
                    let y = rect.center().y - name.size().y / 2.0;
                    painter.galley(egui::pos2(rect.left() + 6.0, y), name, color);
                    let bar_w = (half - 80.0).max(0.0) * shared as f32 / most;
                    let bar = egui::Rect::from_min_size(
                        egui::pos2(rect.left() + half, rect.center().y - 4.0),
                        egui::vec2(bar_w.max(1.0), 8.0),
                    );
                    painter.rect_filled(bar, 2.0, color.gamma_multiply(0.5));
                    painter.text(
                        egui::pos2(rect.right() - 6.0, rect.center().y),
                        Align2::RIGHT_CENTER,
                        group_digits(shared),
                        FontId::proportional(12.0),
                        visuals.weak_text_color(),
                    );
                }
                let hover = format!("{}\n{}", e.name, lang.articles(shared as usize));
                if response.on_hover_text(hover).clicked() {
                    nav = Some(Nav::Go(Route::Entity(id)));
                }
            }
            nav
        })
        .inner
}
