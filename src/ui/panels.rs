//! The side panels' widths: what the user asked for (kept with the settings: shown or hidden, the
//! width last dragged to) and what a window of a given width can give them, so that the reader
//! keeps a usable width in small windows. Plain numbers, no egui.

use serde::{Deserialize, Serialize};

/// What the user asked of one side panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelPref {
    pub shown: bool,
    /// Outer width in points, as last dragged.
    pub width: u16,
}

/// The two side panels of the reading views: the article list (left) and the entities (right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SidePanels {
    pub list: PanelPref,
    pub entities: PanelPref,
}

impl Default for SidePanels {
    fn default() -> Self {
        Self {
            list: PanelPref {
                shown: true,
                width: 340,
            },
            entities: PanelPref {
                shown: true,
                width: 260,
            },
        }
    }
}

/// The widths a panel may be dragged to.
pub const LIST_WIDTHS: (f32, f32) = (220.0, 640.0);
pub const ENTITY_WIDTHS: (f32, f32) = (200.0, 520.0);
/// The least width the central view keeps while side panels are shown: a reading column with
/// its margins. Below it panels shrink toward their least width, then hide (entities first).
pub const READER_MIN: f32 = 480.0;

/// The widths a frame gives the panels; `None` for a panel not drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted {
    pub list: Option<f32>,
    pub entities: Option<f32>,
    /// A panel the user shows is hidden because the window is too narrow.
    pub squeezed: bool,
}

impl SidePanels {
    /// The panels' widths in a window `window` points wide: each as dragged (within its range);
    /// where the reader would get less than [`READER_MIN`], both give up width in proportion to
    /// what they have above their least width; where that is not enough, the entities panel
    /// hides, then the list.
    pub fn fit(&self, window: f32) -> Fitted {
        let list = self
            .list
            .shown
            .then(|| f32::from(self.list.width).clamp(LIST_WIDTHS.0, LIST_WIDTHS.1));
        let entities = self
            .entities
            .shown
            .then(|| f32::from(self.entities.width).clamp(ENTITY_WIDTHS.0, ENTITY_WIDTHS.1));
        for (l, e) in [(list, entities), (list, None), (None, None)] {
            if let Some((l, e)) = shrink(l, e, window - READER_MIN) {
                let squeezed =
                    (list.is_some() && l.is_none()) || (entities.is_some() && e.is_none());
                return Fitted {
                    list: l,
                    entities: e,
                    squeezed,
                };
            }
        }
        Fitted {
            list: None,
            entities: None,
            squeezed: list.is_some() || entities.is_some(),
        }
    }

    /// Remembers a width the user dragged a panel to.
    pub fn dragged(&mut self, side: Side, width: f32) {
        let (pref, (min, max)) = match side {
            Side::List => (&mut self.list, LIST_WIDTHS),
            Side::Entities => (&mut self.entities, ENTITY_WIDTHS),
        };
        pref.width = width.clamp(min, max).round() as u16;
    }
}

/// Which side panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    List,
    Entities,
}

/// Both panels narrowed toward their least widths to fit in `room`; `None` if they cannot.
fn shrink(
    list: Option<f32>,
    entities: Option<f32>,
    room: f32,
) -> Option<(Option<f32>, Option<f32>)> {
    let width = list.unwrap_or(0.0) + entities.unwrap_or(0.0);
    if width <= room {
        return Some((list, entities));
    }
    let least = list.map_or(0.0, |_| LIST_WIDTHS.0) + entities.map_or(0.0, |_| ENTITY_WIDTHS.0);
    if least > room {
        return None;
    }
    // The share of the slack above the least widths that remains.
    let keep = (room - least) / (width - least);
    let narrowed = |w: Option<f32>, min: f32| w.map(|w| (min + (w - min) * keep).floor());
    Some((
        narrowed(list, LIST_WIDTHS.0),
        narrowed(entities, ENTITY_WIDTHS.0),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_window_gives_each_panel_its_width() {
        let p = SidePanels::default();
        let f = p.fit(1280.0);
        assert_eq!(
            (f.list, f.entities, f.squeezed),
            (Some(340.0), Some(260.0), false)
        );
    }

    #[test]
    fn a_small_window_narrows_both_panels_and_keeps_the_reader_usable() {
        let p = SidePanels::default();
        let f = p.fit(1024.0);
        let (l, e) = (f.list.unwrap_or(0.0), f.entities.unwrap_or(0.0));
        assert!(1024.0 - l - e >= READER_MIN, "{l} + {e}");
        assert!(l >= LIST_WIDTHS.0 && l < 340.0 && e >= ENTITY_WIDTHS.0 && e < 260.0);
        assert!(!f.squeezed);
    }

    #[test]
    fn a_narrow_window_hides_the_entities_then_the_list() {
        let p = SidePanels::default();
        let f = p.fit(800.0);
        assert_eq!(f.entities, None);
        assert!(f.list.is_some_and(|l| 800.0 - l >= READER_MIN));
        assert!(f.squeezed);
        let f = p.fit(600.0);
        assert_eq!((f.list, f.entities, f.squeezed), (None, None, true));
    }

    #[test]
    fn hidden_panels_take_no_width_and_widths_stay_in_range() {
        let mut p = SidePanels::default();
        p.entities.shown = false;
        p.list.width = 2000;
        let f = p.fit(1600.0);
        assert_eq!(
            (f.list, f.entities, f.squeezed),
            (Some(LIST_WIDTHS.1), None, false)
        );
        p.dragged(Side::Entities, 90.0);
        assert_eq!(p.entities.width, ENTITY_WIDTHS.0 as u16);
        p.dragged(Side::List, 401.6);
        assert_eq!(p.list.width, 402);
    }
}
