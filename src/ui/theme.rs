//! Look of the app: text sizes, spacing and the light and dark palettes (design tokens live here,
//! never in the core).

use crate::extract::events::EventKind;
use crate::timeline_chart::{self, Background, Rgb};
use crate::ui::analysis::EntityGroup;
use egui::{Color32, FontFamily, FontId, TextStyle};
use serde::{Deserialize, Serialize};

/// The colour theme, a persisted setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn egui(self) -> egui::Theme {
        match self {
            Theme::Light => egui::Theme::Light,
            Theme::Dark => egui::Theme::Dark,
        }
    }
}

/// Text sizes and spacing for both themes; palettes per theme. Call once at start.
pub fn install(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(12.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(15.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(22.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(13.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 4.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.spacing.interact_size.y = 24.0;
        style.spacing.menu_margin = egui::Margin::same(8);
        style.spacing.window_margin = egui::Margin::same(14);
    });
    ctx.style_mut_of(egui::Theme::Light, |style| light(&mut style.visuals));
    ctx.style_mut_of(egui::Theme::Dark, |style| dark(&mut style.visuals));
}

/// Accent of links and the selection (a calm ink blue).
const ACCENT_LIGHT: Color32 = Color32::from_rgb(0x2f, 0x5f, 0x9e);
const ACCENT_DARK: Color32 = Color32::from_rgb(0x7f, 0xa8, 0xe0);

fn light(v: &mut egui::Visuals) {
    v.panel_fill = Color32::from_rgb(0xf6, 0xf5, 0xf2);
    v.window_fill = Color32::from_rgb(0xfd, 0xfc, 0xfa);
    v.faint_bg_color = Color32::from_rgb(0xef, 0xed, 0xe8);
    v.extreme_bg_color = Color32::from_rgb(0xff, 0xff, 0xff);
    v.override_text_color = None;
    v.widgets.noninteractive.fg_stroke.color = Color32::from_rgb(0x33, 0x33, 0x33);
    v.widgets.noninteractive.bg_stroke.color = Color32::from_rgb(0xdd, 0xda, 0xd3);
    v.selection.bg_fill = Color32::from_rgb(0xd9, 0xe4, 0xf3);
    v.selection.stroke.color = Color32::from_rgb(0x1d, 0x3f, 0x6e);
    v.hyperlink_color = ACCENT_LIGHT;
}

fn dark(v: &mut egui::Visuals) {
    v.panel_fill = Color32::from_rgb(0x1f, 0x20, 0x22);
    v.window_fill = Color32::from_rgb(0x26, 0x27, 0x2a);
    v.faint_bg_color = Color32::from_rgb(0x2a, 0x2b, 0x2e);
    v.extreme_bg_color = Color32::from_rgb(0x18, 0x19, 0x1a);
    v.widgets.noninteractive.fg_stroke.color = Color32::from_rgb(0xd6, 0xd4, 0xcf);
    v.widgets.noninteractive.bg_stroke.color = Color32::from_rgb(0x3a, 0x3b, 0x3f);
    v.selection.bg_fill = Color32::from_rgb(0x2d, 0x44, 0x63);
    v.selection.stroke.color = Color32::from_rgb(0xe8, 0xee, 0xf6);
    v.hyperlink_color = ACCENT_DARK;
}

/// Background of the reading column: paper in light mode, ink in dark mode.
pub fn paper(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x1a, 0x1b, 0x1d)
    } else {
        Color32::from_rgb(0xff, 0xff, 0xfe)
    }
}

/// Background of a highlighted passage (a marker pen).
pub fn marker(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x6b, 0x55, 0x1c)
    } else {
        Color32::from_rgb(0xff, 0xe5, 0x8f)
    }
}

/// Colour of the links and marks of one entity group, legible on paper and ink.
pub fn entity_color(visuals: &egui::Visuals, group: EntityGroup) -> Color32 {
    let (light, dark) = match group {
        EntityGroup::People => ((0x1f, 0x5f, 0xb4), (0x86, 0xb4, 0xf0)),
        EntityGroup::Places => ((0x1d, 0x7a, 0x4a), (0x7c, 0xcf, 0x9c)),
        EntityGroup::Organizations => ((0xa3, 0x4a, 0x0c), (0xf0, 0xa8, 0x6a)),
        EntityGroup::Other => ((0x7a, 0x3a, 0x9a), (0xc9, 0x9a, 0xe6)),
        EntityGroup::Reporters => ((0x5c, 0x5c, 0x5c), (0xa8, 0xa8, 0xa8)),
    };
    let (r, g, b) = if visuals.dark_mode { dark } else { light };
    Color32::from_rgb(r, g, b)
}

/// Colour of an event kind's marks, legible on the light and the dark background (the exports
/// draw the light one).
pub fn kind_color(kind: EventKind, dark: bool) -> Color32 {
    let background = if dark {
        Background::Dark
    } else {
        Background::Light
    };
    let Rgb(r, g, b) = timeline_chart::kind_color(kind, background);
    Color32::from_rgb(r, g, b)
}

/// Colour of dates that link to the timeline: a rose apart from every entity group's hue (the
/// former gold read as the organisations' orange).
pub fn date_color(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xff, 0x8f, 0xa3)
    } else {
        Color32::from_rgb(0xb0, 0x1a, 0x5a)
    }
}

/// Series a comparison chart tells apart by colour.
pub const SERIES: usize = 6;

/// Colour of the `i`-th series of a comparison chart (cycling after [`SERIES`]): hues far apart
/// from each other, legible on paper and ink (Okabe–Ito, darkened for the light theme).
pub fn series_color(visuals: &egui::Visuals, i: usize) -> Color32 {
    const LIGHT: [(u8, u8, u8); SERIES] = [
        (0x1f, 0x5f, 0xb4),
        (0xc0, 0x4b, 0x00),
        (0x00, 0x80, 0x60),
        (0xa8, 0x3b, 0x7f),
        (0x7a, 0x6a, 0x00),
        (0x4d, 0x4d, 0x4d),
    ];
    const DARK: [(u8, u8, u8); SERIES] = [
        (0x56, 0xb4, 0xe9),
        (0xe6, 0x9f, 0x00),
        (0x3c, 0xc8, 0x9a),
        (0xe0, 0x8c, 0xc0),
        (0xf0, 0xe4, 0x42),
        (0xb8, 0xb8, 0xb8),
    ];
    let table = if visuals.dark_mode { DARK } else { LIGHT };
    let (r, g, b) = table[i % SERIES];
    Color32::from_rgb(r, g, b)
}

/// What a colour of the reader means, for the colour key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyItem {
    Group(EntityGroup),
    Date,
}

/// Every link colour of the reader, in the key's order.
pub fn link_key(visuals: &egui::Visuals) -> Vec<(KeyItem, Color32)> {
    EntityGroup::ALL
        .into_iter()
        .map(|g| (KeyItem::Group(g), entity_color(visuals, g)))
        .chain([(KeyItem::Date, date_color(visuals))])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    fn luminance(c: Color32) -> f64 {
        0.2126 * linear(c.r()) + 0.7152 * linear(c.g()) + 0.0722 * linear(c.b())
    }

    /// WCAG 2 contrast ratio.
    fn contrast(a: Color32, b: Color32) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// CIE L*a*b* (D65) of an sRGB colour.
    fn lab(c: Color32) -> [f64; 3] {
        let (r, g, b) = (linear(c.r()), linear(c.g()), linear(c.b()));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    /// CIE76 colour difference (about 2.3 is just noticeable; 25 reads as another colour).
    fn delta_e(a: Color32, b: Color32) -> f64 {
        let (a, b) = (lab(a), lab(b));
        a.iter()
            .zip(b)
            .map(|(p, q)| (p - q).powi(2))
            .sum::<f64>()
            .sqrt()
    }

    fn visuals(theme: Theme) -> egui::Visuals {
        let mut v = match theme {
            Theme::Light => egui::Visuals::light(),
            Theme::Dark => egui::Visuals::dark(),
        };
        match theme {
            Theme::Light => light(&mut v),
            Theme::Dark => dark(&mut v),
        }
        v
    }

    #[test]
    fn links_are_legible_on_paper_and_panels_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            let v = visuals(theme);
            let mut colours = link_key(&v);
            colours.push((KeyItem::Date, v.hyperlink_color));
            for (item, colour) in colours {
                for background in [paper(&v), v.panel_fill, v.window_fill, v.extreme_bg_color] {
                    let ratio = contrast(colour, background);
                    assert!(
                        ratio >= 4.5,
                        "{theme:?} {item:?} {colour:?} on {background:?}: {ratio:.2}"
                    );
                }
            }
        }
    }

    #[test]
    fn series_colours_are_legible_and_told_apart() {
        for theme in [Theme::Light, Theme::Dark] {
            let v = visuals(theme);
            let colours: Vec<Color32> = (0..SERIES).map(|i| series_color(&v, i)).collect();
            for (i, &a) in colours.iter().enumerate() {
                assert!(contrast(a, paper(&v)) >= 3.0, "{theme:?} series {i} {a:?}");
                for (j, &b) in colours.iter().enumerate().skip(i + 1) {
                    let d = delta_e(a, b);
                    assert!(
                        d >= 20.0,
                        "{theme:?} series {i} and {j} look alike: ΔE {d:.1}"
                    );
                }
            }
            assert_eq!(series_color(&v, SERIES), colours[0], "the palette cycles");
        }
    }

    #[test]
    fn link_colours_are_told_apart_from_each_other() {
        for theme in [Theme::Light, Theme::Dark] {
            let v = visuals(theme);
            let key = link_key(&v);
            for (i, (a, ca)) in key.iter().enumerate() {
                for (b, cb) in &key[i + 1..] {
                    let d = delta_e(*ca, *cb);
                    assert!(d >= 25.0, "{theme:?} {a:?} and {b:?} look alike: ΔE {d:.1}");
                }
            }
        }
        // The measure itself: black and white are far apart, a colour is not apart from itself.
        assert!(delta_e(Color32::BLACK, Color32::WHITE) > 99.0);
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
    }
}
