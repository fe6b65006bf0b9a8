//! The fixed strings of the search view's orders, facets and CSV export, the colour key, the
//! help window and the first-run hint: one [`Views`] table per language, so a string missing
//! in one of them does not compile.

use super::Lang;

/// Strings of the newer views (the main table [`super::Tr`] holds the rest).
#[derive(Debug)]
pub struct Views {
    pub order_relevance: &'static str,
    pub order_newest: &'static str,
    pub order_oldest: &'static str,
    pub order_label: &'static str,
    pub facet_dates: &'static str,
    pub facet_entities: &'static str,
    pub clear_facet: &'static str,
    pub undated_count: &'static str,
    pub export_csv: &'static str,
    pub csv_path: &'static str,
    pub save: &'static str,
    pub query_help: &'static str,
    pub legend: &'static str,
    pub legend_dates: &'static str,
    pub legend_search_hit: &'static str,
    pub first_run_hint: &'static str,
    pub hint_understood: &'static str,
}

pub const VIEWS_ZH: Views = Views {
    order_relevance: "相关度",
    order_newest: "最新",
    order_oldest: "最早",
    order_label: "排序",
    facet_dates: "日期",
    facet_entities: "实体",
    clear_facet: "清除此筛选",
    undated_count: "日期不详",
    export_csv: "导出 CSV…",
    csv_path: "CSV 文件",
    save: "保存",
    query_help: "空格分隔的词须全部出现；\"短语\" 按原样匹配；-词 排除含该词的文章",
    legend: "图例",
    legend_dates: "日期（时间线）",
    legend_search_hit: "搜索命中",
    hint_understood: "知道了",
    first_run_hint: "提示：文中彩色的人名、地名、机构和日期都是链接，点击即可查看相关页面和时间线。",
};

pub const VIEWS_EN: Views = Views {
    order_relevance: "Relevance",
    order_newest: "Newest",
    order_oldest: "Oldest",
    order_label: "Order",
    facet_dates: "Dates",
    facet_entities: "Entities",
    clear_facet: "Clear this filter",
    undated_count: "undated",
    export_csv: "Export CSV…",
    csv_path: "CSV file",
    save: "Save",
    query_help: "Words separated by spaces must all occur; \"a phrase\" matches as typed; -word drops articles holding it",
    legend: "Key",
    legend_dates: "dates (timeline)",
    legend_search_hit: "search hit",
    hint_understood: "Got it",
    first_run_hint: "Tip: coloured names of people, places, organisations and dates are links: click them for their pages and the timeline.",
};

impl Lang {
    /// The newer views' strings in this language.
    pub fn views(self) -> &'static Views {
        match self {
            Lang::Zh => &VIEWS_ZH,
            Lang::En => &VIEWS_EN,
        }
    }

    /// `n` articles in a facet's tooltip.
    pub fn facet_count(self, label: &str, n: usize) -> String {
        let n = super::group_digits(n);
        match self {
            Lang::Zh => format!("{label}：{n} 篇"),
            Lang::En => format!("{label}: {n} articles"),
        }
    }

    /// A month's label in the date histogram.
    pub fn month_label(self, month: u32) -> String {
        match self {
            Lang::Zh => format!("{month}月"),
            Lang::En => [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ]
            .get(month.saturating_sub(1) as usize)
            .map_or_else(|| month.to_string(), |m| (*m).to_string()),
        }
    }

    /// Rows written to a CSV file.
    pub fn csv_written(self, rows: usize, path: &str) -> String {
        let n = super::group_digits(rows);
        match self {
            Lang::Zh => format!("已将 {n} 篇文章写入 {path}"),
            Lang::En => format!("{n} articles written to {path}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_string_is_said_in_both_languages() {
        for (zh, en) in [
            (VIEWS_ZH.order_relevance, VIEWS_EN.order_relevance),
            (VIEWS_ZH.facet_dates, VIEWS_EN.facet_dates),
            (VIEWS_ZH.legend, VIEWS_EN.legend),
            (VIEWS_ZH.first_run_hint, VIEWS_EN.first_run_hint),
        ] {
            assert!(!zh.is_empty() && !en.is_empty());
            assert!(zh.chars().any(crate::text::is_han), "{zh}");
            assert!(!en.chars().any(crate::text::is_han), "{en}");
        }
        assert_eq!(Lang::En.month_label(11), "Nov");
        assert_eq!(Lang::Zh.month_label(11), "11月");
    }
}
