//! Every string the UI shows, in Chinese (the default) and English.
//!
//! Fixed strings are fields of [`Tr`] (one table per language, so a missing translation does not
//! compile); strings with numbers or names are methods of [`Lang`].

use crate::export::ExportError;
use crate::extract::events::{EventKind, Relation};
use crate::extract::ner::EntityKind;
use crate::extract::times::{Mod, Precision};
use crate::knowledge::BuildPhase;
use crate::knowledge::timeline::Event;
use crate::readable_date;
use crate::timeline_chart::{Step, Tick};
use crate::ui::analysis::EntityGroup;
use chrono::Datelike;

mod corrections;
mod counts;
mod fields;
mod relations;
mod tables;
mod views;
pub use relations::{RELATIONS_EN, RELATIONS_ZH, Relations};
pub use tables::{EN, ZH};
pub use views::{VIEWS_EN, VIEWS_ZH, Views};

/// The UI language, a persisted setting: the core's [`Language`], with the UI's strings below.
pub use crate::readable_date::Language as Lang;

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
    pub phase_reading: &'static str,
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
    /// The button that confirms replacing an existing file.
    pub export_replace: &'static str,
    /// The button that keeps an existing file (no export).
    pub export_keep: &'static str,
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
    /// How an event stands to its articles' dates (reported, recalled, planned).
    pub told_as: &'static str,
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
    pub menu_help: &'static str,
    pub shortcuts: &'static str,
    pub shortcut_list: &'static [(&'static str, &'static str)],
    pub panel_list: &'static str,
    pub panel_entities: &'static str,
    pub panel_squeezed: &'static str,
    pub newest_first: &'static str,
    pub oldest_first: &'static str,
    pub by_article: &'static str,
    pub filtering: &'static str,
    pub no_mentions_match: &'static str,
    pub mention_text_label: &'static str,
    pub mention_text_hint: &'static str,
    pub all_groups: &'static str,
    pub file_empty: &'static str,
    pub skipped_files_reason: &'static str,
    // Corrections of the analysis.
    pub menu_edit: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub corrections_title: &'static str,
    pub correction_failed: &'static str,
    pub applying_corrections: &'static str,
    pub no_corrections: &'static str,
    pub corrections_off: &'static str,
    pub correct_menu: &'static str,
    pub rename_entity: &'static str,
    pub merge_in: &'static str,
    pub change_kind: &'static str,
    pub split_alias: &'static str,
    pub hide_entity: &'static str,
    pub new_name_hint: &'static str,
    pub merge_hint: &'static str,
    pub apply_correction: &'static str,
    pub reject_event: &'static str,
    pub retitle_event: &'static str,
    pub redate_event: &'static str,
    pub new_title_hint: &'static str,
    pub date_value_hint: &'static str,
    pub not_a_date: &'static str,
    pub no_longer_matches: &'static str,
    pub corrections_file: &'static str,
    pub choose_file: &'static str,
    pub export_corrections: &'static str,
    pub import_corrections: &'static str,
}

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
    pub fn date_tooltip(self, e: &Event) -> String {
        let date = self.event_date(e);
        match self {
            Lang::Zh => format!("时间线：{date} {}", e.title),
            Lang::En => format!("Timeline: {date} {}", e.title),
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
            Some(BuildPhase::Reading) => tr.phase_reading,
        };
        format!("{}: {what}…", tr.analysing)
    }

    /// Articles done of a stage, the rate and the time left (once known).
    pub fn analysis_progress(
        self,
        done: usize,
        total: usize,
        per_second: Option<f64>,
        seconds_left: Option<f64>,
    ) -> String {
        let mut parts = vec![match self {
            Lang::Zh => format!("{} / {} 篇", group_digits(done), group_digits(total)),
            Lang::En => format!("{} / {} articles", group_digits(done), group_digits(total)),
        }];
        if let Some(rate) = per_second {
            let rate = group_digits(rate.round() as usize);
            parts.push(match self {
                Lang::Zh => format!("每秒 {rate} 篇"),
                Lang::En => format!("{rate}/s"),
            });
        }
        if let Some(left) = seconds_left {
            let left = if left < 60.0 {
                match self {
                    Lang::Zh => format!("{left:.0} 秒"),
                    Lang::En => format!("{left:.0} s"),
                }
            } else {
                match self {
                    Lang::Zh => format!("{:.0} 分钟", left / 60.0),
                    Lang::En => format!("{:.0} min", left / 60.0),
                }
            };
            parts.push(match self {
                Lang::Zh => format!("约剩 {left}"),
                Lang::En => format!("about {left} left"),
            });
        }
        parts.join(" · ")
    }

    /// Entities and events found, analysed (or read from the store) in `ms`.
    pub fn analysis_summary(
        self,
        entities: usize,
        events: usize,
        ms: f64,
        from_store: bool,
    ) -> String {
        let how = match (self, from_store) {
            (Lang::Zh, false) => "分析",
            (Lang::Zh, true) => "读自存储，",
            (Lang::En, false) => "analysed",
            (Lang::En, true) => "read from the store",
        };
        match self {
            Lang::Zh => format!(
                "{} 个实体 · {} 个事件 · {how}{}",
                group_digits(entities),
                group_digits(events),
                self.loaded_in(ms)
            ),
            Lang::En => format!(
                "{} entities · {} events · {how} {}",
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

    /// Asks before an export replaces an existing file.
    pub fn export_exists(self, path: &str) -> String {
        match self {
            Lang::Zh => format!("{path} 已存在。要替换它吗？"),
            Lang::En => format!("{path} already exists. Replace it?"),
        }
    }

    /// Why an export was refused or failed, in one line.
    pub fn export_error(self, err: &ExportError) -> String {
        match (self, err) {
            (
                Lang::Zh,
                ExportError::OntoSource {
                    output,
                    source_file,
                },
            ) => {
                format!("不能覆盖数据源文件：{output}（即 {source_file}）")
            }
            (
                Lang::En,
                ExportError::OntoSource {
                    output,
                    source_file,
                },
            ) => {
                format!("Will not overwrite a source of the bundle: {output} (it is {source_file})")
            }
            (Lang::Zh, ExportError::IntoBundleFolder { output, folder }) => {
                format!("不能写入数据文件夹 {folder}：{output} 会被当作新闻读入")
            }
            (Lang::En, ExportError::IntoBundleFolder { output, folder }) => format!(
                "Will not write into the bundle folder {folder}: {output} would be read as news"
            ),
            (_, other) => other.to_string(),
        }
    }

    /// An event's date as people read it (`2024-11-04 下午`, `spring 2024`).
    pub fn event_date(self, e: &Event) -> String {
        readable_date::event_date(e, self)
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
                EventKind::Talks => "Talks & calls",
                EventKind::Conference => "Conference",
                EventKind::Agreement => "Agreement",
                EventKind::Adoption => "Adopted",
                EventKind::Appointment => "Appointment",
                EventKind::Disaster => "Disaster",
                EventKind::Sports => "Sports",
                EventKind::Opening => "Opening",
                EventKind::Death => "Death",
                EventKind::Economy => "Economy",
                EventKind::Weather => "Weather",
                EventKind::Epidemic => "Epidemic",
                EventKind::Justice => "Justice",
                EventKind::Military => "Military",
                EventKind::Protest => "Protest",
                EventKind::Travel => "Travel",
                EventKind::Record => "Record",
                EventKind::Statement => "Statement",
                EventKind::Other => "Other",
            },
        }
    }

    /// An event's relation to its articles' dates, as the toggles and the details pane name it;
    /// the Chinese one is the relation's own label, as in the exports.
    pub fn relation(self, r: Relation) -> &'static str {
        match self {
            Lang::Zh => r.label_zh(),
            Lang::En => match r {
                Relation::Reported => "Reported",
                Relation::Recalled => "Recalled",
                Relation::Planned => "Planned",
            },
        }
    }

    /// What a relation toggle shows.
    pub fn relation_hint(self, r: Relation) -> &'static str {
        let (zh, en) = match r {
            Relation::Reported => (
                "报道：文章发表前后发生的事",
                "Reported: what happened around the time of the reports",
            ),
            Relation::Recalled => (
                "回顾：文章回顾的往事（历史、周年）",
                "Recalled: history the reports look back on (past events, anniversaries)",
            ),
            Relation::Planned => (
                "计划：文章宣布的将来安排",
                "Planned: what the reports announce for later",
            ),
        };
        self.pick(zh, en)
    }

    /// Under "no events match": events the relation toggles hide.
    pub fn hidden_by_relation(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("另有 {} 个回顾或计划的事件未显示", group_digits(n)),
            Lang::En => format!("{} recalled or planned events are hidden", group_digits(n)),
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
        self.pick(zh, en)
    }

    /// A date's qualifier, empty for none; the Chinese words are the exports' ones.
    pub fn qualifier(self, m: Mod) -> &'static str {
        readable_date::qualifier_word(m, self)
    }

    /// The timeline's counts: events shown of all events, and shown without a date (how many
    /// are in view heads the list beside the plot).
    pub fn timeline_counts(self, shown: usize, total: usize, undated: usize) -> String {
        let (shown, total, undated) = (
            group_digits(shown),
            group_digits(total),
            group_digits(undated),
        );
        match self {
            Lang::Zh => format!("显示 {shown} / 共 {total} 个事件 · 无日期 {undated}"),
            Lang::En => format!("{shown} of {total} events · {undated} undated"),
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

    /// The density legend: how long a bar spans, in the unit that reads best (hours under a
    /// day, days under two months, months under two years, then years), and the most events
    /// overlapping one bar.
    pub fn density_legend(self, max: u32, days_per_bar: f64) -> String {
        let (n, unit) = bar_span(days_per_bar);
        let amount = if n >= 9.95 || (n - n.round()).abs() < 0.05 {
            format!("{n:.0}")
        } else {
            format!("{n:.1}")
        };
        let unit = match (self, unit) {
            (Lang::Zh, SpanUnit::Hours) => "小时",
            (Lang::Zh, SpanUnit::Days) => "天",
            (Lang::Zh, SpanUnit::Months) => "个月",
            (Lang::Zh, SpanUnit::Years) => "年",
            (Lang::En, SpanUnit::Hours) => "h",
            (Lang::En, SpanUnit::Days) => "d",
            (Lang::En, SpanUnit::Months) => "mo",
            (Lang::En, SpanUnit::Years) => "y",
        };
        match self {
            Lang::Zh => format!("每条 {amount} {unit}，最多 {max} 个"),
            Lang::En => format!("{amount} {unit} per bar, max {max}"),
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

/// The unit a span of time reads best in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpanUnit {
    Hours,
    Days,
    Months,
    Years,
}

/// `days` in the unit it reads best in: hours under a day (at least one), days under 60,
/// months under two years, then years.
fn bar_span(days: f64) -> (f64, SpanUnit) {
    if days < 1.0 {
        ((days * 24.0).max(1.0), SpanUnit::Hours)
    } else if days < 60.0 {
        (days, SpanUnit::Days)
    } else if days < 730.0 {
        (days / 30.44, SpanUnit::Months)
    } else {
        (days / 365.25, SpanUnit::Years)
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
    fn density_labels_read_in_sensible_units() {
        assert_eq!(Lang::Zh.density_legend(3, 0.02), "每条 1 小时，最多 3 个");
        assert_eq!(Lang::Zh.density_legend(3, 0.25), "每条 6 小时，最多 3 个");
        assert_eq!(Lang::Zh.density_legend(5, 1.5), "每条 1.5 天，最多 5 个");
        assert_eq!(Lang::En.density_legend(5, 14.0), "14 d per bar, max 5");
        assert_eq!(Lang::Zh.density_legend(9, 91.3), "每条 3 个月，最多 9 个");
        assert_eq!(Lang::En.density_legend(9, 1100.0), "3 y per bar, max 9");
        for days in [0.0, 0.001, 0.04, 0.9, 1.0, 59.0, 61.0, 800.0, 10_000.0] {
            for lang in Lang::ALL {
                let label = lang.density_legend(1, days);
                assert!(!label.contains(" 0 ") && !label.contains("0.0"), "{label}");
            }
        }
    }

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
    fn date_tooltips_read_the_date_as_words() {
        let e = Event {
            id: "e".into(),
            value: "2024-11-04TAF".into(),
            precision: Precision::Hour,
            modifier: Mod::None,
            start: None,
            end: None,
            kind: EventKind::Meeting,
            relation: Relation::Reported,
            salience: 1.0,
            title: "会见".into(),
            sources: Vec::new(),
            entities: Vec::new(),
        };
        assert_eq!(Lang::Zh.date_tooltip(&e), "时间线：2024-11-04 下午 会见");
        assert_eq!(
            Lang::En.date_tooltip(&e),
            "Timeline: 2024-11-04 afternoon 会见"
        );
    }

    #[test]
    fn qualifiers_read_as_in_the_exports() {
        assert_eq!(Lang::Zh.qualifier(Mod::Approx), "前后");
        assert_eq!(Lang::En.qualifier(Mod::Since), "since");
        assert_eq!(Lang::Zh.qualifier(Mod::None), "");
        assert_eq!(Lang::Zh.event_kind(EventKind::Landing), "着陆");
    }

    #[test]
    fn timeline_counts_group_digits() {
        assert_eq!(
            Lang::Zh.timeline_counts(62_980, 85_974, 0),
            "显示 62,980 / 共 85,974 个事件 · 无日期 0"
        );
        assert_eq!(
            Lang::En.timeline_counts(1, 3, 2),
            "1 of 3 events · 2 undated"
        );
    }

    #[test]
    fn relations_speak_each_language() {
        assert_eq!(Lang::Zh.relation(Relation::Recalled), "回顾");
        assert_eq!(Lang::Zh.relation(Relation::Planned), "计划");
        assert_eq!(Lang::En.relation(Relation::Reported), "Reported");
        assert!(
            Lang::En
                .relation_hint(Relation::Planned)
                .starts_with("Planned")
        );
        assert_eq!(
            Lang::En.hidden_by_relation(1200),
            "1,200 recalled or planned events are hidden"
        );
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
