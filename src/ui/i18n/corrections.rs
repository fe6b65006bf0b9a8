//! Strings of corrections: a correction described in the UI's language, and the status line.

use super::{Lang, group_digits};
use crate::corrections::Correction;

impl Lang {
    /// The journal of corrections could not be read: the analysis shows uncorrected.
    pub fn corrections_unreadable(self) -> &'static str {
        self.pick(
            "无法读取更正记录，显示未更正的分析",
            "Cannot read the corrections: the analysis is shown uncorrected",
        )
    }

    /// One correction as people read it: `合并：中华人民共和国 → 中国`.
    pub fn correction(self, c: &Correction) -> String {
        let zh = self == Lang::Zh;
        match c {
            Correction::Merge { into, from } => {
                if zh {
                    format!("合并：{from} → {into}")
                } else {
                    format!("merge {from} into {into}")
                }
            }
            Correction::Split { entity, alias } => {
                if zh {
                    format!("拆出：{alias}（原属 {entity}）")
                } else {
                    format!("split {alias} off {entity}")
                }
            }
            Correction::Rename { entity, to } => {
                if zh {
                    format!("改名：{entity} → {to}")
                } else {
                    format!("rename {entity} to {to}")
                }
            }
            Correction::SetKind { entity, kind } => {
                if zh {
                    format!("改类型：{entity} → {}", self.entity_kind(*kind))
                } else {
                    format!("make {entity} a {}", self.entity_kind(*kind))
                }
            }
            Correction::Hide { entity } => {
                if zh {
                    format!("隐藏：{entity}")
                } else {
                    format!("hide {entity}")
                }
            }
            Correction::RejectEvent { event } => {
                if zh {
                    format!("非事件：{}", event.title)
                } else {
                    format!("not an event: {}", event.title)
                }
            }
            Correction::RetitleEvent { event, title } => {
                if zh {
                    format!("改标题：{} → {title}", event.title)
                } else {
                    format!("retitle {} as {title}", event.title)
                }
            }
            Correction::SetEventKind { event, kind } => {
                if zh {
                    format!("改类型：{} → {}", event.title, self.event_kind(*kind))
                } else {
                    format!("make {} a {}", event.title, self.event_kind(*kind))
                }
            }
            Correction::SetEventDate { event, value } => {
                if zh {
                    format!("改日期：{} → {value}", event.title)
                } else {
                    format!("date {} {value}", event.title)
                }
            }
        }
    }

    /// Corrections written to a file.
    pub fn corrections_exported(self, n: usize, path: &str) -> String {
        match self {
            Lang::Zh => format!("已导出 {} 处更正：{path}", group_digits(n)),
            Lang::En => format!("Exported {} corrections to {path}", group_digits(n)),
        }
    }

    /// Corrections read from a file: those added, of those in it.
    pub fn corrections_imported(self, added: usize, of: usize) -> String {
        let (added, of) = (group_digits(added), group_digits(of));
        match self {
            Lang::Zh => format!("已导入 {added} / {of} 处更正（其余已在使用）"),
            Lang::En => format!("Imported {added} of {of} corrections (the rest were in force)"),
        }
    }

    /// The corrections in force, and how many of them found nothing to change.
    pub fn corrections_count(self, n: usize, unmatched: usize) -> String {
        let count = group_digits(n);
        match (self, unmatched) {
            (Lang::Zh, 0) => format!("{count} 处更正"),
            (Lang::Zh, u) => format!("{count} 处更正（{} 处已不匹配）", group_digits(u)),
            (Lang::En, 0) if n == 1 => "1 correction".to_string(),
            (Lang::En, 0) => format!("{count} corrections"),
            (Lang::En, u) => format!("{count} corrections ({} no longer match)", group_digits(u)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_correction_reads_in_both_languages() {
        let c = Correction::Merge {
            into: "中国".into(),
            from: "中华人民共和国".into(),
        };
        assert_eq!(Lang::Zh.correction(&c), "合并：中华人民共和国 → 中国");
        assert_eq!(Lang::En.correction(&c), "merge 中华人民共和国 into 中国");
        assert_eq!(Lang::En.corrections_count(1, 0), "1 correction");
        assert_eq!(Lang::Zh.corrections_count(3, 1), "3 处更正（1 处已不匹配）");
    }
}
