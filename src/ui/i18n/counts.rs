//! Strings with counts: how many lines of the entity page's lists pass their filter, and what
//! a load that found no article read.

use super::{Lang, group_digits};

impl Lang {
    /// Mention lines passing the page's filter, of all the entity's mentions.
    pub fn mentions_shown(self, shown: usize, total: usize) -> String {
        let (shown, total) = (group_digits(shown), group_digits(total));
        match self {
            Lang::Zh => format!("{shown} / {total} 条提及"),
            Lang::En => format!("{shown} of {total} mentions"),
        }
    }

    /// Co-occurring entities passing the filter, of all of them.
    pub fn entities_shown(self, shown: usize, total: usize) -> String {
        let (shown, total) = (group_digits(shown), group_digits(total));
        match self {
            Lang::Zh => format!("{shown} / {total} 个实体"),
            Lang::En => format!("{shown} of {total} entities"),
        }
    }

    /// An entity's events passing the toggles: all, those with a date (the timeline draws
    /// them) and those without.
    pub fn entity_event_counts(self, all: usize, dated: usize, undated: usize) -> String {
        let (all, dated, undated) = (
            group_digits(all),
            group_digits(dated),
            group_digits(undated),
        );
        match self {
            Lang::Zh => format!("{all} 个事件 · 有日期 {dated} · 无日期 {undated}"),
            Lang::En => format!("{all} events · {dated} dated · {undated} undated"),
        }
    }
}

impl Lang {
    /// The title of the notice for a bundle without articles.
    pub fn no_articles_in(self, name: &str) -> String {
        match self {
            Lang::Zh => format!("{name} 中没有找到文章"),
            Lang::En => format!("No articles found in {name}"),
        }
    }

    /// Why a load found no article: the text it read and the files it skipped.
    pub fn no_articles_found(self, bytes: u64, skipped: usize) -> String {
        let (bytes, skipped) = (group_digits(bytes), group_digits(skipped));
        match self {
            Lang::Zh => format!(
                "读取了 {bytes} 字节文本，没有识别出标题和正文；跳过 {skipped} 个非新闻格式的文件。"
            ),
            Lang::En => format!(
                "Read {bytes} bytes of text but recognised no title and body; \
                 skipped {skipped} files not in a news format."
            ),
        }
    }

    /// A number of entities (a filter's, in the Export window).
    pub fn entity_count(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("{} 个实体", group_digits(n)),
            Lang::En if n == 1 => "1 entity".to_owned(),
            Lang::En => format!("{} entities", group_digits(n)),
        }
    }

    /// The warnings window's line on files a folder walk left out.
    pub fn skipped_files(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("跳过 {} 个文件", group_digits(n)),
            Lang::En if n == 1 => "1 file skipped".to_owned(),
            Lang::En => format!("{} files skipped", group_digits(n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_digits_in_both_languages() {
        assert_eq!(
            Lang::Zh.mentions_shown(1200, 66788),
            "1,200 / 66,788 条提及"
        );
        assert_eq!(Lang::En.entities_shown(3, 4), "3 of 4 entities");
        assert_eq!(
            Lang::En.entity_event_counts(9215, 9100, 115),
            "9,215 events · 9,100 dated · 115 undated"
        );
    }
}
