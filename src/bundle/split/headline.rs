//! A headline block read into kicker, title and subtitles by the endings each usually has.

/// Words that end a kicker (引题) announcing the title below it: `中办国办印发`, `五部门印发通知`,
/// `《求是》杂志发表习近平总书记重要文章`.
const KICKER_ENDINGS: &[&str] = &[
    "印发",
    "通知",
    "部署",
    "文章",
    "发表",
    "强调",
    "指出",
    "要求",
    "表示",
    "提出",
    "致信",
    "致电",
    "回信",
    "贺信",
    "批示",
    "讲话",
    "答记者问",
    "宣布",
    "获悉",
];

/// Words that end a subtitle (副题) naming who attended: `王沪宁出席`, `…协商议政 汪洋主持`.
pub(super) const SUBTITLE_ENDINGS: &[&str] =
    &["出席", "主持", "参加", "致辞", "会见", "陪同", "在座"];

/// Reads a printed headline block: an optional kicker, the title, subtitles (`——` lines too).
pub(super) fn read_headline(lines: &[&str]) -> (Option<String>, String, Vec<String>) {
    let own = |s: &&str| s.to_string();
    match lines {
        [] => (None, String::new(), Vec::new()),
        [title] => (None, title.to_string(), Vec::new()),
        _ => {
            if let Some(d) = lines
                .iter()
                .position(|l| l.starts_with('—'))
                .filter(|&d| d >= 1)
            {
                let title = lines[d - 1].to_string();
                let kicker = (d >= 2).then(|| lines[0].to_string());
                let mut subtitles: Vec<String> = lines
                    .get(1..d - 1)
                    .unwrap_or_default()
                    .iter()
                    .map(own)
                    .collect();
                subtitles.extend(lines[d..].iter().map(own));
                return (kicker, title, subtitles);
            }
            if lines.len() == 2 {
                let (a, b) = (lines[0], lines[1]);
                let a_is_kicker = !SUBTITLE_ENDINGS.iter().any(|w| b.ends_with(w))
                    && (KICKER_ENDINGS.iter().any(|w| a.ends_with(w))
                        || a.ends_with('—')
                        || a.contains(['，', ','])
                        || b.ends_with(['）', ')']));
                return if a_is_kicker {
                    (Some(a.to_string()), b.to_string(), Vec::new())
                } else {
                    (None, a.to_string(), vec![b.to_string()])
                };
            }
            (
                Some(lines[0].to_string()),
                lines[1].to_string(),
                lines[2..].iter().map(own).collect(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_blocks() {
        let (k, t, s) = read_headline(&["五部门印发通知", "布局建设现代流通战略支点城市"]);
        assert_eq!(
            (k.as_deref(), t.as_str(), s.len()),
            (Some("五部门印发通知"), "布局建设现代流通战略支点城市", 0)
        );
        let (k, t, s) = read_headline(&[
            "全国政协召开双周协商座谈会",
            "围绕“加快推进工业互联网建设”协商议政 汪洋主持",
        ]);
        assert_eq!(
            (k, t.as_str(), s.len()),
            (None, "全国政协召开双周协商座谈会", 1)
        );
        let (k, t, s) = read_headline(&["谱写新篇章", "——成就综述"]);
        assert_eq!(
            (k, t.as_str(), s),
            (None, "谱写新篇章", vec!["——成就综述".to_string()])
        );
    }
}
