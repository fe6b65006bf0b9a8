//! The embedded CJK font (Noto Sans CJK SC, OFL-1.1; see `fonts/README.md`), installed once per context.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// Noto Sans CJK SC Regular 2.004, face 2 of Debian's `NotoSansCJK-Regular.ttc`.
pub const CJK_FONT: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Regular.otf");
/// The name the font is registered under in [`FontDefinitions`].
pub const CJK_FONT_NAME: &str = "NotoSansCJKsc-Regular";

/// egui's default fonts with the CJK font as the fallback of every family.
///
/// Latin text keeps egui's own faces; every character they lack (all of CJK) comes from Noto.
/// A character Noto lacks too is drawn as a box by egui, never a panic.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        CJK_FONT_NAME.to_owned(),
        Arc::new(FontData::from_static(CJK_FONT)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_FONT_NAME.to_owned());
    }
    fonts
}

/// Installs [`font_definitions`] into `ctx`. Call once: at app creation and in a test harness's
/// context setup, never per frame.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_falls_back_to_the_cjk_font() {
        let fonts = font_definitions();
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            let names = &fonts.families[&family];
            assert_eq!(names.last().map(String::as_str), Some(CJK_FONT_NAME));
            assert!(names.len() > 1, "egui's own fonts stay first: {names:?}");
        }
    }

    #[test]
    fn embedded_font_is_an_opentype_cff_file() {
        // "OTTO" marks OpenType with CFF outlines; a Git LFS pointer or truncated copy fails here.
        assert_eq!(CJK_FONT.get(..4), Some(&b"OTTO"[..]));
        assert!(CJK_FONT.len() > 10_000_000);
    }
}
