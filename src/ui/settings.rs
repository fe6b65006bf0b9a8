//! The settings kept between runs (language, theme, recent bundles, …) and applying the language,
//! theme and window title to the egui context when they change.

use crate::ui::i18n::Lang;
use crate::ui::panels::SidePanels;
use crate::ui::theme::Theme;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Settings kept between runs (eframe persistence; the window size is persisted by eframe).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub theme: Theme,
    /// Most recent first, at most [`MAX_RECENT`].
    pub recent: Vec<PathBuf>,
    /// The last file or folder opened; `None` for the sample.
    pub last_bundle: Option<PathBuf>,
    /// Open `last_bundle` at start when no path is given.
    pub reopen_last: bool,
    pub show_frame_time: bool,
    /// The side panels: shown or hidden, and the widths they were dragged to.
    pub panels: SidePanels,
    /// The folder the last export or CSV was written to.
    pub export_dir: Option<PathBuf>,
    /// The first-run hint (names and dates are links) was dismissed.
    pub link_hint_dismissed: bool,
    /// The colour key in the status bar.
    pub show_legend: bool,
    /// The fields the user named for records' roles, per bundle (`title=F,text=F`, as `--map`).
    pub field_maps: BTreeMap<PathBuf, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            lang: Lang::default(),
            theme: Theme::default(),
            recent: Vec::new(),
            last_bundle: None,
            reopen_last: true,
            show_frame_time: false,
            panels: SidePanels::default(),
            export_dir: None,
            link_hint_dismissed: false,
            show_legend: true,
            field_maps: BTreeMap::new(),
        }
    }
}

pub const MAX_RECENT: usize = 10;

impl Settings {
    /// Puts `path` first in the recent list and remembers it as the last bundle.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(MAX_RECENT);
        self.last_bundle = Some(path.to_path_buf());
    }
}

/// The settings last applied to the egui context, to act only on change.
#[derive(Debug, Default)]
pub struct AppliedSettings {
    lang: Option<Lang>,
    theme: Option<Theme>,
    title: String,
}

impl AppliedSettings {
    /// Sets the context's theme and the window's title (in the settings' language) where they
    /// changed since the last call.
    pub fn apply(&mut self, ctx: &egui::Context, settings: &Settings, title: String) {
        if self.theme != Some(settings.theme) {
            ctx.set_theme(settings.theme.egui());
            self.theme = Some(settings.theme);
        }
        if self.title != title || self.lang != Some(settings.lang) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
            self.lang = Some(settings.lang);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_most_recent_first_without_duplicates_and_bounded() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember(Path::new(&format!("/data/{i}.txt")));
        }
        s.remember(Path::new("/data/5.txt"));
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], Path::new("/data/5.txt"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("5.txt")).count(), 1);
        assert_eq!(s.last_bundle.as_deref(), Some(Path::new("/data/5.txt")));
    }

    #[test]
    fn settings_round_trip_and_old_fields_default() {
        let mut s = Settings {
            lang: Lang::En,
            theme: Theme::Dark,
            ..Settings::default()
        };
        s.remember(Path::new("/data/新闻.txt"));
        s.panels.entities.shown = false;
        s.panels.list.width = 412;
        s.field_maps
            .insert(PathBuf::from("/data/x.jsonl"), "title=heading".into());
        let json = serde_json::to_string(&s).expect("settings serialise");
        assert_eq!(serde_json::from_str::<Settings>(&json).ok(), Some(s));
        let partial: Settings = serde_json::from_str(r#"{"lang":"En"}"#).expect("partial settings");
        assert_eq!(partial.lang, Lang::En);
        assert!(partial.reopen_last);
    }
}
