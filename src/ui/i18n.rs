//! Every string the UI shows, in Chinese (the default) and English.
//!
//! Fixed strings are fields of [`Tr`] (one table per language, so a missing translation does not
//! compile); strings with numbers or names are methods of [`Lang`].

use crate::export::qualifier_zh;
use crate::extract::events::EventKind;
use crate::extract::ner::EntityKind;
use crate::extract::times::{Mod, Precision};
use crate::knowledge::BuildPhase;
use crate::timeline_chart::{Step, Tick};
use crate::ui::analysis::EntityGroup;
use chrono::Datelike;
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
    // The timeline view.
    pub kinds: &'static str,
    pub kind_toggle_hint: &'static str,
    pub all_kinds: &'static str,
    pub lanes: &'static str,
    pub lanes_by_kind: &'static str,
    pub lanes_by_entity: &'static str,
    /// Hint of the timeline's entity box.
    pub entity_hint: &'static str,
    /// The entity box names no entity, so its text is matched.
    pub entity_as_text: &'static str,
    pub date_from: &'static str,
    pub date_to: &'static str,
    pub text_hint: &'static str,
    pub date_format_hint: &'static str,
    /// Clears the timeline's kinds, entity, dates and text.
    pub clear_timeline_filters: &'static str,
    pub zoom_out: &'static str,
    pub zoom_in: &'static str,
    /// Zooms the timeline out to all its events.
    pub fit_all: &'static str,
    pub timeline_help: &'static str,
    pub covers: &'static str,
    pub precision: &'static str,
    pub qualifier: &'static str,
    pub kind: &'static str,
    /// The entities taking part in an event.
    pub participants: &'static str,
    pub open_entity_page: &'static str,
    pub open_sentence: &'static str,
    pub previous_event: &'static str,
    pub next_event: &'static str,
    pub no_matching_events: &'static str,
    /// The entity lane of events with none of the lanes' entities.
    pub other_entities_lane: &'static str,
    pub no_dated_events: &'static str,
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
    kinds: "类型",
    kind_toggle_hint: "点击切换；右键只看此类",
    all_kinds: "全部类型",
    lanes: "分道",
    lanes_by_kind: "按类型",
    lanes_by_entity: "按实体",
    entity_hint: "实体",
    entity_as_text: "无此实体，按文字匹配",
    date_from: "从",
    date_to: "到",
    text_hint: "文字",
    date_format_hint: "日期格式：2024、2024-11 或 2024-11-04",
    clear_timeline_filters: "清除筛选",
    zoom_out: "缩小（-）",
    zoom_in: "放大（+）",
    fit_all: "全部",
    timeline_help: "点击事件查看详情。←/→ 切换事件，+/- 缩放，滚轮缩放，拖动平移。",
    covers: "范围",
    precision: "精度",
    qualifier: "限定",
    kind: "类型",
    participants: "参与实体",
    open_entity_page: "打开实体页",
    open_sentence: "在文章中打开此句",
    previous_event: "← 上一个",
    next_event: "下一个 →",
    no_matching_events: "没有符合条件的事件",
    other_entities_lane: "其他",
    no_dated_events: "没有带日期的事件",
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
    kinds: "Kinds",
    kind_toggle_hint: "Click to toggle; right-click to show only this kind",
    all_kinds: "All kinds",
    lanes: "Lanes",
    lanes_by_kind: "By kind",
    lanes_by_entity: "By entity",
    entity_hint: "Entity",
    entity_as_text: "No such entity; matching the text",
    date_from: "From",
    date_to: "To",
    text_hint: "Text",
    date_format_hint: "Date as 2024, 2024-11 or 2024-11-04",
    clear_timeline_filters: "Clear filters",
    zoom_out: "Zoom out (-)",
    zoom_in: "Zoom in (+)",
    fit_all: "Fit all",
    timeline_help: "Click an event for its details. ←/→ move between events, +/- zoom, wheel zooms, drag pans.",
    covers: "Covers",
    precision: "Precision",
    qualifier: "Qualifier",
    kind: "Kind",
    participants: "Entities",
    open_entity_page: "Open the entity's page",
    open_sentence: "Open this sentence in its article",
    previous_event: "← Previous",
    next_event: "Next →",
    no_matching_events: "No events match",
    other_entities_lane: "Others",
    no_dated_events: "No dated events",
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

    /// An event kind's name; the Chinese one is the kind's own label, as in the exports.
    pub fn event_kind(self, kind: EventKind) -> &'static str {
        match self {
            Lang::Zh => kind.label_zh(),
            Lang::En => match kind {
                EventKind::Launch => "Launch",
                EventKind::Landing => "Landing",
                EventKind::Spacewalk => "Spacewalk",
                EventKind::Docking => "Docking",
                EventKind::Meeting => "Meeting",
                EventKind::Visit => "Visit",
                EventKind::Policy => "Policy",
                EventKind::Founding => "Founding",
                EventKind::Record => "Record",
                EventKind::Statement => "Statement",
                EventKind::Other => "Other",
            },
        }
    }

    /// How precise an event's date is.
    pub fn precision(self, p: Precision) -> &'static str {
        let (zh, en) = match p {
            Precision::Year => ("年", "year"),
            Precision::Month => ("月", "month"),
            Precision::Day => ("日", "day"),
            Precision::Hour => ("时段", "part of day"),
            Precision::Minute => ("分钟", "minute"),
            Precision::Quarter => ("季度", "quarter"),
            Precision::Decade => ("年代", "decade"),
            Precision::Interval => ("区间", "interval"),
            Precision::Duration => ("时长", "duration"),
            Precision::Vague => ("模糊", "vague"),
        };
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A date's qualifier, empty for none; the Chinese words are the exports' ones.
    pub fn qualifier(self, m: Mod) -> &'static str {
        match self {
            Lang::Zh => qualifier_zh(m),
            Lang::En => match m {
                Mod::None => "",
                Mod::Before => "before",
                Mod::After => "after",
                Mod::Since => "since",
                Mod::Until => "until",
                Mod::Approx => "approximately",
                Mod::Start => "early",
                Mod::Mid => "mid",
                Mod::End => "late",
            },
        }
    }

    /// The timeline's counts: events shown of all events, in view, and without a date.
    pub fn timeline_counts(
        self,
        shown: usize,
        total: usize,
        undated: usize,
        in_view: usize,
    ) -> String {
        match self {
            Lang::Zh => {
                format!("显示 {shown} / 共 {total} 个事件 · 视图内 {in_view} · 无日期 {undated}")
            }
            Lang::En => {
                format!("{shown} of {total} events · {in_view} in view · {undated} undated")
            }
        }
    }

    /// Heading of the list of events in view.
    pub fn events_in_view(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("视图内的事件（{n}）"),
            Lang::En => format!("Events in view ({n})"),
        }
    }

    /// Heading of an event's source sentences.
    pub fn source_sentences(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("来源句（{n}）"),
            Lang::En => format!("Source sentences ({n})"),
        }
    }

    /// The density legend: how many days a bar spans, and the most events overlapping one bar.
    pub fn density_legend(self, max: u32, days_per_bar: f64) -> String {
        let span = if days_per_bar >= 1.5 {
            format!("{days_per_bar:.0}")
        } else {
            format!("{days_per_bar:.1}")
        };
        match self {
            Lang::Zh => format!("每条 {span} 天，最多 {max} 个"),
            Lang::En => format!("{span} d per bar, max {max}"),
        }
    }

    /// The events a short list leaves out.
    pub fn more_events(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("另有 {n} 个事件"),
            Lang::En => format!("{n} more events"),
        }
    }

    /// A date-axis tick's label: `4日` / `4`, `11月` / `Nov`, `2024`.
    pub fn tick_label(self, tick: &Tick) -> String {
        match (self, tick.step) {
            (Lang::Zh, _) | (Lang::En, Step::Years(_)) => tick.label_zh(),
            (Lang::En, Step::Days(_)) => tick.date.day().to_string(),
            (Lang::En, Step::Months(_)) => MONTHS_EN
                .get(tick.date.month0() as usize)
                .copied()
                .unwrap_or_default()
                .to_string(),
        }
    }

    /// The window title: the app's name and the open bundle.
    pub fn window_title(self, bundle_name: &str) -> String {
        format!("{} kanbao — {bundle_name}", self.tr().app_name)
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

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
    fn axis_ticks_speak_each_language() {
        use crate::timeline_chart::{day_of, ticks};
        let day = |m, d| day_of(chrono::NaiveDate::from_ymd_opt(2024, m, d).expect("a date"));
        let months = ticks(day(10, 15), day(12, 31), Step::Months(1));
        let en: Vec<String> = months.iter().map(|t| Lang::En.tick_label(t)).collect();
        assert_eq!(en, ["Nov", "Dec"]);
        let zh: Vec<String> = months.iter().map(|t| Lang::Zh.tick_label(t)).collect();
        assert_eq!(zh, ["11月", "12月"]);
        let days = ticks(day(11, 3), day(11, 4), Step::Days(1));
        let en: Vec<String> = days.iter().map(|t| Lang::En.tick_label(t)).collect();
        assert_eq!(en, ["3", "4"]);
    }

    #[test]
    fn qualifiers_read_as_in_the_exports() {
        assert_eq!(Lang::Zh.qualifier(Mod::Approx), "前后");
        assert_eq!(Lang::En.qualifier(Mod::Since), "since");
        assert_eq!(Lang::Zh.qualifier(Mod::None), "");
        assert_eq!(Lang::Zh.event_kind(EventKind::Landing), "着陆");
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
