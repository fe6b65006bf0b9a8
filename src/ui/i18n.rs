//! Every string the UI shows, in Chinese (the default) and English.
//!
//! Fixed strings are fields of [`Tr`] (one table per language, so a missing translation does not
//! compile); strings with numbers or names are methods of [`Lang`].

use crate::extract::ner::EntityKind;
use crate::knowledge::BuildPhase;
use crate::ui::analysis::EntityGroup;
use serde::{Deserialize, Serialize};

/// The UI language, a persisted setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The fixed strings of one language.
#[derive(Debug)]
pub struct Tr {
    pub app_name: &'static str,
    pub menu_file: &'static str,
    pub open_file: &'static str,
    pub open_folder: &'static str,
    pub open_path: &'static str,
    pub open_sample: &'static str,
    pub recent: &'static str,
    pub recent_empty: &'static str,
    pub clear_recent: &'static str,
    pub quit: &'static str,
    pub menu_view: &'static str,
    pub theme: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub language: &'static str,
    pub reopen_last: &'static str,
    pub show_frame_time: &'static str,
    pub back: &'static str,
    pub forward: &'static str,
    pub filter_label: &'static str,
    pub filter_hint: &'static str,
    pub clear_filter: &'static str,
    pub no_match: &'static str,
    pub empty_bundle: &'static str,
    pub welcome: &'static str,
    pub keyboard_hint: &'static str,
    pub cancel: &'static str,
    pub load_cancelled: &'static str,
    pub cannot_open: &'static str,
    pub job_panicked: &'static str,
    pub warnings_title: &'static str,
    pub no_dialog: &'static str,
    pub path_title: &'static str,
    pub path_label: &'static str,
    pub path_hint: &'static str,
    pub open: &'static str,
    pub drop_to_open: &'static str,
    pub dropped_many: &'static str,
    pub dismiss: &'static str,
    pub dialog_title: &'static str,
    pub dialog_filter: &'static str,
    pub sample: &'static str,
    pub undated: &'static str,
    pub agency: &'static str,
    pub place: &'static str,
    pub date: &'static str,
    pub reporters: &'static str,
    pub correspondents: &'static str,
    pub caption: &'static str,
    pub source: &'static str,
    pub article_list: &'static str,
    pub dialog_open: &'static str,
    pub entities: &'static str,
    pub group_people: &'static str,
    pub group_places: &'static str,
    pub group_orgs: &'static str,
    pub group_other: &'static str,
    pub group_reporters: &'static str,
    pub this_article_only: &'static str,
    pub sort_by_count: &'static str,
    pub sort_by_name: &'static str,
    pub entity_filter_hint: &'static str,
    pub entity_filter_label: &'static str,
    pub no_entities: &'static str,
    pub analysing: &'static str,
    pub phase_entities: &'static str,
    pub phase_timeline: &'static str,
    pub phase_search: &'static str,
    pub analysis_pending: &'static str,
    pub aliases: &'static str,
    pub mentions: &'static str,
    pub co_occurring: &'static str,
    /// Shown while the co-occurring entities are counted.
    pub counting: &'static str,
    pub its_events: &'static str,
    pub show_on_timeline: &'static str,
    pub role_reporter: &'static str,
    pub no_events: &'static str,
    pub timeline: &'static str,
    pub search: &'static str,
    pub search_hint: &'static str,
    pub no_results: &'static str,
    pub export: &'static str,
    pub export_title: &'static str,
    pub export_format: &'static str,
    pub export_path: &'static str,
    pub choose: &'static str,
    pub export_do: &'static str,
    pub export_failed: &'static str,
    pub export_note: &'static str,
    pub entity_not_found: &'static str,
}

pub const ZH: Tr = Tr {
    app_name: "看报",
    menu_file: "文件",
    open_file: "打开文件…",
    open_folder: "打开文件夹…",
    open_path: "输入路径…",
    open_sample: "示例页面",
    recent: "最近打开",
    recent_empty: "（无）",
    clear_recent: "清除记录",
    quit: "退出",
    menu_view: "视图",
    theme: "主题",
    theme_light: "浅色",
    theme_dark: "深色",
    language: "语言",
    reopen_last: "启动时打开上次的文件",
    show_frame_time: "显示帧时间",
    back: "后退",
    forward: "前进",
    filter_label: "筛选",
    filter_hint: "标题中的词，空格分隔",
    clear_filter: "清除筛选",
    no_match: "没有符合条件的文章",
    empty_bundle: "这里没有文章",
    welcome: "从左侧列表选择一篇文章",
    keyboard_hint: "↑ ↓ 切换文章　Ctrl+O 打开文件　也可把文件或文件夹拖进窗口",
    cancel: "取消",
    load_cancelled: "已取消加载",
    cannot_open: "无法打开",
    job_panicked: "后台任务出错",
    warnings_title: "加载警告",
    no_dialog: "没有可用的文件对话框，请直接输入路径。",
    path_title: "打开路径",
    path_label: "路径",
    path_hint: "文件或文件夹，例如 /data/2024-11-04.txt",
    open: "打开",
    drop_to_open: "松开鼠标即可打开",
    dropped_many: "一次只能打开一个文件或文件夹，已打开第一个",
    dismiss: "关闭",
    dialog_title: "打开新闻文件",
    dialog_filter: "新闻文本",
    sample: "示例页面",
    undated: "日期不详",
    agency: "通讯社",
    place: "地点",
    date: "日期",
    reporters: "记者",
    correspondents: "通讯员",
    caption: "图片说明",
    source: "来源",
    article_list: "文章列表",
    dialog_open: "文件对话框已打开…",
    entities: "实体",
    group_people: "人物",
    group_places: "地点",
    group_orgs: "机构",
    group_other: "其他",
    group_reporters: "记者",
    this_article_only: "仅本文",
    sort_by_count: "按次数",
    sort_by_name: "按名称",
    entity_filter_hint: "筛选实体…",
    entity_filter_label: "查找",
    no_entities: "没有实体",
    analysing: "正在分析",
    phase_entities: "识别人物、地点、机构",
    phase_timeline: "抽取事件",
    phase_search: "建立全文索引",
    analysis_pending: "实体、时间线和搜索在分析完成后可用",
    aliases: "别名",
    mentions: "提及",
    co_occurring: "共同出现",
    counting: "正在统计…",
    its_events: "相关事件",
    show_on_timeline: "在时间线中查看",
    role_reporter: "记者、摄影或通讯员",
    no_events: "没有相关事件",
    timeline: "时间线",
    search: "搜索",
    search_hint: "搜索全文 Ctrl+F",
    no_results: "没有找到",
    export: "导出…",
    export_title: "导出时间线",
    export_format: "格式",
    export_path: "保存到",
    choose: "选择…",
    export_do: "导出",
    export_failed: "导出失败",
    export_note: "导出时间线视图当前筛选出的事件",
    entity_not_found: "找不到这个实体",
};

pub const EN: Tr = Tr {
    app_name: "Kanbao",
    menu_file: "File",
    open_file: "Open file…",
    open_folder: "Open folder…",
    open_path: "Open path…",
    open_sample: "Sample page",
    recent: "Open recent",
    recent_empty: "(none)",
    clear_recent: "Clear list",
    quit: "Quit",
    menu_view: "View",
    theme: "Theme",
    theme_light: "Light",
    theme_dark: "Dark",
    language: "Language",
    reopen_last: "Reopen the last bundle at start",
    show_frame_time: "Show frame time",
    back: "Back",
    forward: "Forward",
    filter_label: "Filter",
    filter_hint: "Words in titles, space-separated",
    clear_filter: "Clear filter",
    no_match: "No article matches",
    empty_bundle: "No articles here",
    welcome: "Pick an article from the list",
    keyboard_hint: "↑ ↓ next article   Ctrl+O open a file   or drop a file or folder on the window",
    cancel: "Cancel",
    load_cancelled: "Load cancelled",
    cannot_open: "Cannot open",
    job_panicked: "A background job failed",
    warnings_title: "Load warnings",
    no_dialog: "No file dialog is available here; type a path instead.",
    path_title: "Open path",
    path_label: "Path",
    path_hint: "A file or folder, e.g. /data/2024-11-04.txt",
    open: "Open",
    drop_to_open: "Drop to open",
    dropped_many: "Only one file or folder opens at a time; opened the first",
    dismiss: "Dismiss",
    dialog_title: "Open news files",
    dialog_filter: "News text",
    sample: "Sample page",
    undated: "Undated",
    agency: "Agency",
    place: "Place",
    date: "Date",
    reporters: "Reporters",
    correspondents: "Correspondents",
    caption: "Caption",
    source: "Source",
    article_list: "Articles",
    dialog_open: "File dialog open…",
    entities: "Entities",
    group_people: "People",
    group_places: "Places",
    group_orgs: "Organizations",
    group_other: "Other",
    group_reporters: "Reporters",
    this_article_only: "This article only",
    sort_by_count: "By count",
    sort_by_name: "By name",
    entity_filter_hint: "Filter entities…",
    entity_filter_label: "Find",
    no_entities: "No entities",
    analysing: "Analysing",
    phase_entities: "finding people, places, organizations",
    phase_timeline: "extracting events",
    phase_search: "indexing the text",
    analysis_pending: "Entities, the timeline and search are ready once the analysis ends",
    aliases: "Also written",
    mentions: "Mentions",
    co_occurring: "Appears with",
    counting: "Counting…",
    its_events: "Events",
    show_on_timeline: "Show on timeline",
    role_reporter: "reporter, photographer or correspondent",
    no_events: "No events",
    timeline: "Timeline",
    search: "Search",
    search_hint: "Search all text  Ctrl+F",
    no_results: "Nothing found",
    export: "Export…",
    export_title: "Export timeline",
    export_format: "Format",
    export_path: "Save to",
    choose: "Choose…",
    export_do: "Export",
    export_failed: "Export failed",
    export_note: "Exports the events the timeline view shows with its current filters",
    entity_not_found: "No such entity",
};

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The fixed strings of this language.
    pub fn tr(self) -> &'static Tr {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// The language's own name, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    pub fn articles(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("{} 篇", group_digits(n)),
            Lang::En if n == 1 => "1 article".to_owned(),
            Lang::En => format!("{} articles", group_digits(n)),
        }
    }

    /// `shown` of `total` articles pass the filter.
    pub fn articles_shown(self, shown: usize, total: usize) -> String {
        match self {
            Lang::Zh => format!("{} / {} 篇", group_digits(shown), group_digits(total)),
            Lang::En => format!(
                "{} of {} articles",
                group_digits(shown),
                group_digits(total)
            ),
        }
    }

    pub fn files(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("{} 个文件", group_digits(n)),
            Lang::En if n == 1 => "1 file".to_owned(),
            Lang::En => format!("{} files", group_digits(n)),
        }
    }

    pub fn chars(self, n: u64) -> String {
        match self {
            Lang::Zh => format!("{} 字", group_digits(n)),
            Lang::En => format!("{} characters", group_digits(n)),
        }
    }

    pub fn warnings(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("{} 条警告", group_digits(n)),
            Lang::En if n == 1 => "1 warning".to_owned(),
            Lang::En => format!("{} warnings", group_digits(n)),
        }
    }

    pub fn loading(self, name: &str) -> String {
        match self {
            Lang::Zh => format!("正在加载 {name}"),
            Lang::En => format!("Loading {name}"),
        }
    }

    /// Progress of a load: files, articles and megabytes so far.
    pub fn load_progress(
        self,
        files_done: usize,
        files_total: usize,
        articles: usize,
        bytes_read: u64,
        bytes_total: u64,
    ) -> String {
        let mb = |b: u64| b as f64 / 1_000_000.0;
        let bytes = if bytes_total > 0 {
            format!("{:.1} / {:.1} MB", mb(bytes_read), mb(bytes_total))
        } else {
            format!("{:.1} MB", mb(bytes_read))
        };
        match self {
            Lang::Zh => format!(
                "文件 {files_done}/{files_total} · {} 篇 · {bytes}",
                group_digits(articles)
            ),
            Lang::En => format!(
                "file {files_done}/{files_total} · {} articles · {bytes}",
                group_digits(articles)
            ),
        }
    }

    pub fn loaded_in(self, ms: f64) -> String {
        match self {
            Lang::Zh if ms < 1000.0 => format!("用时 {ms:.0} 毫秒"),
            Lang::Zh => format!("用时 {:.1} 秒", ms / 1000.0),
            Lang::En if ms < 1000.0 => format!("in {ms:.0} ms"),
            Lang::En => format!("in {:.1} s", ms / 1000.0),
        }
    }

    /// Lines `start`–`end` of the source file.
    pub fn lines(self, start: usize, end: usize) -> String {
        match self {
            Lang::Zh => format!("第 {start}–{end} 行"),
            Lang::En => format!("lines {start}–{end}"),
        }
    }

    pub fn frame_time(self, ms: f32) -> String {
        match self {
            Lang::Zh => format!("帧 {ms:.1} 毫秒"),
            Lang::En => format!("frame {ms:.1} ms"),
        }
    }

    /// A sidebar group's name.
    pub fn group(self, group: EntityGroup) -> &'static str {
        let tr = self.tr();
        match group {
            EntityGroup::People => tr.group_people,
            EntityGroup::Places => tr.group_places,
            EntityGroup::Organizations => tr.group_orgs,
            EntityGroup::Other => tr.group_other,
            EntityGroup::Reporters => tr.group_reporters,
        }
    }

    /// An entity kind's name.
    pub fn entity_kind(self, kind: EntityKind) -> String {
        let (zh, en) = match kind.as_str() {
            "PER" => ("人物", "person"),
            "LOC" => ("地点", "place"),
            "ORG" => ("机构", "organization"),
            "WORK" => ("作品", "work"),
            "CRAFT" => ("航天器与任务", "craft or mission"),
            "FACILITY" => ("设施", "facility"),
            "EVENT" => ("活动", "named event"),
            other => (other, other),
        };
        match self {
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    /// Hover text of an entity link: its canonical name, group and count.
    pub fn entity_tooltip(self, name: &str, group: EntityGroup, count: usize) -> String {
        format!("{name} · {} · {}", self.group(group), self.times(count))
    }

    /// Hover text of a date link: the event's date and title.
    pub fn date_tooltip(self, value: &str, title: &str) -> String {
        match self {
            Lang::Zh => format!("时间线：{value} {title}"),
            Lang::En => format!("Timeline: {value} {title}"),
        }
    }

    /// `n` mentions.
    pub fn times(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("{} 次", group_digits(n)),
            Lang::En if n == 1 => "once".to_owned(),
            Lang::En => format!("{} times", group_digits(n)),
        }
    }

    /// How far the analysis is.
    pub fn analysing(self, phase: Option<BuildPhase>) -> String {
        let tr = self.tr();
        let what = match phase {
            None | Some(BuildPhase::Entities) => tr.phase_entities,
            Some(BuildPhase::Timeline) => tr.phase_timeline,
            Some(BuildPhase::Search) => tr.phase_search,
        };
        format!("{}: {what}…", tr.analysing)
    }

    /// Entities, mentions and events found.
    pub fn analysis_summary(self, entities: usize, events: usize, ms: f64) -> String {
        match self {
            Lang::Zh => format!(
                "{} 个实体 · {} 个事件 · 分析{}",
                group_digits(entities),
                group_digits(events),
                self.loaded_in(ms)
            ),
            Lang::En => format!(
                "{} entities · {} events · analysed {}",
                group_digits(entities),
                group_digits(events),
                self.loaded_in(ms)
            ),
        }
    }

    /// Hits of a search: `hits` in `articles`, answered in `ms`.
    pub fn search_summary(self, query: &str, hits: usize, articles: usize, ms: f64) -> String {
        match self {
            Lang::Zh => format!(
                "“{query}”：{} 篇文章中 {} 处，{ms:.0} 毫秒",
                group_digits(articles),
                group_digits(hits)
            ),
            Lang::En => format!(
                "“{query}”: {} hits in {} articles, {ms:.0} ms",
                group_digits(hits),
                group_digits(articles)
            ),
        }
    }

    /// A search still checking candidates.
    pub fn search_running(
        self,
        query: &str,
        hits: usize,
        articles: usize,
        checked: usize,
        candidates: usize,
    ) -> String {
        let pct = (checked * 100).checked_div(candidates).unwrap_or(100);
        match self {
            Lang::Zh => format!(
                "“{query}”：已找到 {} 篇文章中 {} 处，搜索中 {pct}%",
                group_digits(articles),
                group_digits(hits)
            ),
            Lang::En => format!(
                "“{query}”: {} hits in {} articles so far, searching {pct}%",
                group_digits(hits),
                group_digits(articles)
            ),
        }
    }

    /// `n` events.
    pub fn events(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("{} 个事件", group_digits(n)),
            Lang::En if n == 1 => "1 event".to_owned(),
            Lang::En => format!("{} events", group_digits(n)),
        }
    }

    /// An export was written.
    pub fn exported(self, n: usize, path: &str) -> String {
        match self {
            Lang::Zh => format!("已导出 {} 个事件：{path}", group_digits(n)),
            Lang::En => format!("Exported {} events to {path}", group_digits(n)),
        }
    }

    /// The window title: the app's name and the open bundle.
    pub fn window_title(self, bundle_name: &str) -> String {
        format!("{} kanbao — {bundle_name}", self.tr().app_name)
    }
}

/// `1234567` → `1,234,567` (for unsigned integers).
pub fn group_digits(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_by_thousands() {
        for (n, want) in [
            (0u64, "0"),
            (999, "999"),
            (1000, "1,000"),
            (74_545, "74,545"),
        ] {
            assert_eq!(group_digits(n), want);
        }
        assert_eq!(group_digits(1_234_567usize), "1,234,567");
    }

    #[test]
    fn counts_speak_each_language() {
        assert_eq!(Lang::Zh.articles(6), "6 篇");
        assert_eq!(Lang::En.articles(1), "1 article");
        assert_eq!(Lang::En.articles(74_545), "74,545 articles");
        assert_eq!(Lang::Zh.articles_shown(2, 6), "2 / 6 篇");
    }

    #[test]
    fn every_fixed_string_is_translated() {
        // Debug lists every field; no field may be empty in either table.
        for tr in [&ZH, &EN] {
            let dump = format!("{tr:?}");
            assert!(!dump.contains(": \"\""), "empty string in {dump}");
        }
        assert_ne!(ZH.open_file, EN.open_file);
    }
}
