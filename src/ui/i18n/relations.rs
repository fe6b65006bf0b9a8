//! The fixed strings of the entity page's relationship views: the co-occurrence network and
//! the comparison of mentions over time. One [`Relations`] table per language, so a string
//! missing in one of them does not compile.

use super::{Lang, group_digits};

/// Strings of the network and comparison tabs.
#[derive(Debug)]
pub struct Relations {
    pub network_tab: &'static str,
    pub compare_tab: &'static str,
    pub neighbours: &'static str,
    pub links_among: &'static str,
    pub laying_out: &'static str,
    pub no_neighbours: &'static str,
    pub network_help: &'static str,
    pub add_to_comparison: &'static str,
    pub open_page: &'static str,
    pub compare_add_label: &'static str,
    pub compare_add_hint: &'static str,
    pub add: &'static str,
    pub suggestions: &'static str,
    pub by_month: &'static str,
    pub by_year: &'static str,
    pub remove_series: &'static str,
    pub no_such_entity: &'static str,
    pub compare_help: &'static str,
    pub months_too_narrow: &'static str,
}

pub const RELATIONS_ZH: Relations = Relations {
    network_tab: "关系网",
    compare_tab: "时间对比",
    neighbours: "邻居",
    links_among: "邻居之间的连线",
    laying_out: "正在计算布局…",
    no_neighbours: "在此筛选下没有共同出现的实体",
    network_help: "圆点大小表示提及次数，连线粗细表示共同出现的文章数；点击圆点打开其页面，右键可加入时间对比。",
    add_to_comparison: "加入时间对比",
    open_page: "打开页面",
    compare_add_label: "添加实体",
    compare_add_hint: "名称",
    add: "添加",
    suggestions: "常一起出现：",
    by_month: "按月",
    by_year: "按年",
    remove_series: "移出对比",
    no_such_entity: "没有这个名称的实体",
    compare_help: "每根柱子是该月（或该年）提及此实体的文章数；点击柱子查看这些文章中的提及。",
    months_too_narrow: "月份太多，按年显示",
};

pub const RELATIONS_EN: Relations = Relations {
    network_tab: "Network",
    compare_tab: "Over time",
    neighbours: "Neighbours",
    links_among: "links among neighbours",
    laying_out: "Laying out…",
    no_neighbours: "No entities share articles with it under this filter",
    network_help: "Circle size is mentions, line width shared articles; click a circle to open its page, right-click to compare it over time.",
    add_to_comparison: "Compare over time",
    open_page: "Open its page",
    compare_add_label: "Add an entity",
    compare_add_hint: "name",
    add: "Add",
    suggestions: "Often together:",
    by_month: "By month",
    by_year: "By year",
    remove_series: "Remove from the comparison",
    no_such_entity: "No entity has this name",
    compare_help: "Each bar counts the articles naming the entity in a month (or year); click a bar for its mentions in those articles.",
    months_too_narrow: "too many months to fit: shown by year",
};

impl Lang {
    /// The relationship views' strings in this language.
    pub fn relations(self) -> &'static Relations {
        match self {
            Lang::Zh => &RELATIONS_ZH,
            Lang::En => &RELATIONS_EN,
        }
    }

    /// A network node's tooltip: its name, mentions and the articles it shares.
    pub fn node_counts(self, name: &str, mentions: usize, shared: usize) -> String {
        let (m, s) = (group_digits(mentions), group_digits(shared));
        match self {
            Lang::Zh => format!("{name}\n提及 {m} 次 · 共同出现 {s} 篇"),
            Lang::En => format!("{name}\n{m} mentions · {s} shared articles"),
        }
    }

    /// The network's summary: neighbours shown of all, articles in range.
    pub fn network_summary(self, shown: usize, total: usize, articles: usize) -> String {
        let (shown, total, articles) = (
            group_digits(shown),
            group_digits(total),
            group_digits(articles),
        );
        match self {
            Lang::Zh => format!("显示 {shown} / {total} 个共同出现的实体，{articles} 篇文章"),
            Lang::En => format!("{shown} of {total} co-occurring entities, {articles} articles"),
        }
    }

    /// A comparison bar's label: the entity, the period and its articles.
    pub fn series_bar(self, name: &str, period: &str, articles: usize) -> String {
        let n = group_digits(articles);
        match self {
            Lang::Zh => format!("{name} {period}：{n} 篇"),
            Lang::En => format!("{name} {period}: {n} articles"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relations_string_is_said_in_both_languages() {
        let zh = format!("{RELATIONS_ZH:?}");
        let en = format!("{RELATIONS_EN:?}");
        assert!(en.chars().all(|c| !crate::text::is_han(c)), "{en}");
        // Every field of the Chinese table holds Chinese (no English left untranslated).
        for field in zh.split(", ").filter(|f| f.contains(':')) {
            assert!(field.chars().any(crate::text::is_han), "{field}");
        }
        assert_eq!(
            Lang::Zh.series_bar("李强", "2024", 1234),
            "李强 2024：1,234 篇"
        );
    }
}
