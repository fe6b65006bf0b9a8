//! The side panels of the reading views: the article list on the left, the entities on the
//! right. Each is as wide as the user dragged it (kept in the settings) and as the window allows
//! ([`SidePanels::fit`](crate::ui::panels::SidePanels::fit)); its content never widens it.

use super::KanbaoApp;
use crate::ui::panels::Side;
use crate::ui::route::{Nav, Route};

/// Half the width of the strip at a panel's inner edge that drags it.
const EDGE_GRAB: f32 = 3.0;

impl KanbaoApp {
    /// The article list and the entity sidebar, where shown and where the window has room.
    pub(super) fn side_panels_ui(&mut self, ui: &mut egui::Ui, nav: &mut Option<Nav>) {
        let fitted = self.settings.panels.fit(ui.available_width());
        self.squeezed = fitted.squeezed;
        self.drawn_panels = (None, None);
        if let Some(width) = fitted.list {
            let margin = egui::Margin {
                left: 10,
                right: 6,
                top: 10,
                bottom: 4,
            };
            let panel = egui::Panel::left("kanbao.list")
                .resizable(false)
                .exact_size(width)
                .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(margin))
                .show(ui, |ui| {
                    contained(ui, |ui| {
                        let selected = self.history.current().article();
                        let lang = self.settings.lang;
                        self.list
                            .ui(ui, &self.loaded.bundle, &self.loaded.index, selected, lang)
                    })
                });
            if let Some(n) = panel.inner {
                *nav = Some(n);
            }
            self.drawn_panels.0 = Some(panel.response.rect.width());
            self.drag_edge(ui, Side::List, panel.response.rect);
        }
        if let Some(width) = fitted.entities {
            let margin = egui::Margin {
                left: 8,
                right: 10,
                top: 10,
                bottom: 4,
            };
            let panel = egui::Panel::right("kanbao.entities")
                .resizable(false)
                .exact_size(width)
                .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(margin))
                .show(ui, |ui| {
                    contained(ui, |ui| {
                        let route = self.history.current();
                        let article = route.article();
                        let selected = match route {
                            Route::Entity(id) => Some(*id),
                            _ => None,
                        };
                        let lang = self.settings.lang;
                        self.sidebar
                            .ui(ui, self.analysis.as_deref(), article, selected, lang)
                    })
                });
            if let Some(n) = panel.inner {
                *nav = Some(n);
            }
            self.drawn_panels.1 = Some(panel.response.rect.width());
            self.drag_edge(ui, Side::Entities, panel.response.rect);
        }
    }

    /// The strip along a panel's inner edge: dragging it sets the panel's width (remembered).
    fn drag_edge(&mut self, ui: &mut egui::Ui, side: Side, panel: egui::Rect) {
        let x = match side {
            Side::List => panel.right(),
            Side::Entities => panel.left(),
        };
        let strip = egui::Rect::from_x_y_ranges(x - EDGE_GRAB..=x + EDGE_GRAB, panel.y_range());
        let id = egui::Id::unique(("kanbao.panel.edge", side == Side::List));
        let response = ui.interact(strip, id, egui::Sense::drag());
        if response.hovered() || response.dragged() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
            let stroke = ui.visuals().widgets.hovered.fg_stroke;
            ui.painter().vline(x, panel.y_range(), stroke);
        }
        if response.dragged()
            && let Some(pointer) = response.interact_pointer_pos()
        {
            let width = match side {
                Side::List => pointer.x - panel.left(),
                Side::Entities => panel.right() - pointer.x,
            };
            self.settings.panels.dragged(side, width);
        }
    }
}

/// Runs `add` in a child of `ui` that may not grow it: whatever the content asks for, the panel
/// keeps its width, and what does not fit is clipped rather than drawn over the neighbour.
fn contained<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let rect = ui.available_rect_before_wrap();
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(*ui.layout()));
    child.shrink_clip_rect(rect);
    let inner = add(&mut child);
    ui.advance_cursor_after_rect(rect);
    inner
}
