//! The desktop app (eframe/egui): the only code that imports egui.
//!
//! [`app`] holds the state and lays out the frame; [`route`] the routes, navigation and history
//! the views and the app share; [`settings`] what is kept between runs; one file per view
//! ([`article_list`], [`reader`]); [`jobs`] runs loading and the file dialog off the UI thread;
//! [`fonts`] embeds the CJK font.

pub mod analysis;
pub mod app;
pub mod article_list;
pub mod collate;
pub mod corrections;
pub mod date_box;
pub mod derived;
pub mod entity_page;
pub mod entity_sidebar;
pub mod export_dialog;
pub mod field_map;
pub mod fonts;
pub mod force_layout;
pub mod i18n;
pub mod jobs;
pub mod line_editor;
pub mod links;
pub mod panels;
pub mod reader;
pub mod route;
pub mod search_facets;
pub mod search_view;
pub mod settings;
pub mod theme;
pub mod timeline;

pub use app::{KanbaoApp, Notice, NoticeLevel, NoticeTopic};
pub use jobs::{BundleSource, LoadedBundle};
pub use route::{History, Nav, Route};
pub use settings::Settings;

use std::path::PathBuf;
use std::time::Instant;

/// The desktop's name for the app (reverse DNS, AppStream's rule): the window's app id (Wayland)
/// and class (X11), the desktop entry's and metainfo's file names in `packaging/`, the installed
/// icons' name.
pub const APP_ID: &str = "io.github.kanbao.Kanbao";

/// Installs the embedded CJK font and the app's style into `ctx`: once, before the first frame
/// (eframe's creation closure; a test harness's context setup).
pub fn setup_context(ctx: &egui::Context) {
    fonts::install(ctx);
    theme::install(ctx);
}

/// Opens the window on `path` (or the sample, or the last bundle) and runs until it closes.
pub fn run(
    path: Option<PathBuf>,
    store: Option<crate::store::Store>,
    corrections: Option<PathBuf>,
    started: Instant,
) -> eframe::Result {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("看报 kanbao")
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 420.0])
        .with_drag_and_drop(true);
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "kanbao",
        options,
        Box::new(move |cc| {
            Ok(Box::new(
                KanbaoApp::from_creation_context(cc, path, started)
                    .with_store(store)
                    .with_corrections(corrections),
            ))
        }),
    )
}

/// The 看报 icon (`assets/icon/`, drawn as SVG, rendered to PNG) for the window; `None` only if
/// the embedded PNG were damaged, and then the window has the desktop's default icon.
pub fn window_icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon/kanbao-256.png")).ok()
}

#[cfg(test)]
mod tests {
    use super::APP_ID;

    #[test]
    fn the_packaging_files_and_the_package_name_the_app_id() {
        let desktop = include_str!("../../packaging/io.github.kanbao.Kanbao.desktop");
        let metainfo = include_str!("../../packaging/io.github.kanbao.Kanbao.metainfo.xml");
        let cargo = include_str!("../../Cargo.toml");
        assert!(desktop.contains(&format!("\nIcon={APP_ID}\n")));
        assert!(desktop.contains(&format!("\nStartupWMClass={APP_ID}\n")));
        assert!(metainfo.contains(&format!("<id>{APP_ID}</id>")));
        assert!(metainfo.contains(&format!(">{APP_ID}.desktop</launchable>")));
        for installed in [
            format!("packaging/{APP_ID}.desktop"),
            format!("packaging/{APP_ID}.metainfo.xml"),
            format!("scalable/apps/{APP_ID}.svg"),
            format!("256x256/apps/{APP_ID}.png"),
        ] {
            assert!(
                cargo.contains(&installed),
                "Cargo.toml installs {installed}"
            );
        }
        assert!(
            !cargo.contains("apps/kanbao."),
            "no icon under the old name"
        );
    }
}
