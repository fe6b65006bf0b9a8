//! Crawl files, one article per file, told from page dumps by their content:
//!
//! - **labelled**: `连接：URL`, `标题：` (with the kicker on the same line), the title and subtitle
//!   lines, `内容：`, then paragraphs; any labels of `assets/formats/fields.txt` (`来源：`,
//!   `日期：`, `URL:`), unknown ones kept as metadata;
//! - **headline-first**: a short headline block (kicker line, possibly empty; title; subtitle,
//!   possibly empty), then indented paragraphs; THUCNews files (the title, then paragraphs) too.
//!
//! A file is headline-first when its body is indented (full-width or two spaces) from its second
//! to fifth non-empty line on, with at most a quarter of the later lines flush: page dumps hold
//! several headline blocks between their paragraphs. The headline block is read by position
//! ([`read_headline_block`]). Paragraphs keep their whole text, datelines included, as JSON
//! records do, so every one-article format gives the same paragraphs.

use super::fields::{FieldMapping, FieldNames, Role};
use super::{Article, DateSource, Source};
use chrono::NaiveDate;

/// How the lines of a plain-text file hold their articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextShape {
    /// Many articles on a page: [`super::split`].
    Page,
    /// One article, its parts labelled.
    Labelled,
    /// One article: headline lines, then indented paragraphs.
    HeadlineFirst,
}

/// Lines looked at to tell a labelled file.
const SNIFF_LINES: usize = 12;
/// Non-empty lines a headline block may have before the first indented paragraph.
const HEADLINE_LINES: usize = 4;
/// A label is at most this many chars before its colon.
const LABEL_CHARS: usize = 12;
/// A headline line is at most this many chars.
const HEADLINE_CHARS: usize = 80;

/// The shape of a decoded text file.
pub fn sniff_text(text: &str, fields: &FieldNames) -> TextShape {
    let non_empty = || text.lines().filter(|l| !l.trim().is_empty());
    let mut roles: Vec<Role> = non_empty()
        .take(SNIFF_LINES)
        .filter_map(|l| label(l, fields).map(|(r, _, _)| r))
        .flatten()
        .collect();
    roles.sort_unstable();
    roles.dedup();
    if roles.len() >= 2 && roles.iter().any(|r| matches!(r, Role::Title | Role::Text)) {
        return TextShape::Labelled;
    }
    let Some(first_indented) = non_empty().take(HEADLINE_LINES + 1).position(is_indented) else {
        return TextShape::Page;
    };
    if first_indented == 0 {
        return TextShape::Page;
    }
    let (mut indented, mut flush) = (0usize, 0usize);
    for l in non_empty().skip(first_indented) {
        if is_indented(l) {
            indented += 1;
        } else {
            flush += 1;
        }
    }
    if flush * 3 <= indented {
        TextShape::HeadlineFirst
    } else {
        TextShape::Page
    }
}

/// A paragraph line: opened by a full-width space, two spaces or a tab, then text.
fn is_indented(line: &str) -> bool {
    let rest = line
        .strip_prefix('\u{3000}')
        .or_else(|| line.strip_prefix("  "))
        .or_else(|| line.strip_prefix('\t'));
    rest.is_some_and(|r| !r.trim().is_empty())
}

/// A line opening with `name：` or `name:`: the name's role (`None` for a name the table does
/// not know but that looks like a label), the name, and the text after the colon. A line whose
/// colon comes late, or whose name holds spaces or punctuation, is no label.
fn label<'t>(line: &'t str, fields: &FieldNames) -> Option<(Option<Role>, &'t str, &'t str)> {
    let line = line.trim_start();
    let (at, colon) = line
        .char_indices()
        .take(LABEL_CHARS + 1)
        .find(|(_, c)| matches!(c, '：' | ':'))?;
    let name = line.get(..at)?.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let value = line.get(at + colon.len_utf8()..).unwrap_or_default();
    Some((fields.role(name), name, value))
}

/// Reads a headline block by position: kicker (an empty first line: none), title, subtitles.
/// One line is the title; two are kicker and title, unless the second opens with a dash (a
/// `——` subtitle) or the first is empty.
pub fn read_headline_block(lines: &[&str]) -> (Option<String>, String, Vec<String>) {
    let mut lines: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let rest = |from: usize, lines: &[&str]| -> Vec<String> {
        lines
            .get(from..)
            .unwrap_or_default()
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| l.to_string())
            .collect()
    };
    match lines.as_slice() {
        [] => (None, String::new(), Vec::new()),
        [title] => (None, title.to_string(), Vec::new()),
        ["", title] => (None, title.to_string(), Vec::new()),
        [title, sub] if sub.starts_with(['—', '-', '－']) => {
            (None, title.to_string(), vec![sub.to_string()])
        }
        [kicker, title] => (Some(kicker.to_string()), title.to_string(), Vec::new()),
        [first, "", ..] => (None, first.to_string(), rest(2, &lines)),
        [kicker, title, ..] => (some(kicker), title.to_string(), rest(2, &lines)),
    }
}

/// A built article of one file, before its reference date is assigned: its source spans the
/// file's first to last non-blank line.
fn article(file: &str, lines: &[&str]) -> Article {
    let blank = |l: &&str| l.trim().is_empty();
    let line_start = lines.iter().position(|l| !blank(l)).map_or(0, |i| i + 1);
    let line_end = lines.iter().rposition(|l| !blank(l)).map_or(0, |i| i + 1);
    Article {
        source: Source {
            file: file.to_string(),
            line_start,
            line_end,
        },
        ..Article::default()
    }
}

/// Pushes a paragraph line, trimmed of its indent; empty lines are dropped.
fn push_paragraph(a: &mut Article, line: &str) {
    let p = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if !p.is_empty() {
        a.paragraphs.push(p.to_string());
    }
}

/// A headline-first file: its headline block, then paragraphs.
pub fn read_headline_first(text: &str, file: &str) -> Vec<Article> {
    let lines: Vec<&str> = text.lines().collect();
    let first_indented = lines.iter().position(|l| is_indented(l));
    let head_end = first_indented.unwrap_or(lines.len());
    // The block: lines before the body while they look like headlines (short, no sentence end).
    let head: Vec<&str> = lines
        .get(..head_end)
        .unwrap_or_default()
        .iter()
        .take_while(|l| is_headline_shaped(l))
        .copied()
        .collect();
    // A block of more than three lines: the fourth on are paragraphs (`各位代表：`).
    let block_len = head.len().min(3);
    let (kicker, title, subtitles) = read_headline_block(head.get(..block_len).unwrap_or(&head));
    let mut a = article(file, &lines);
    a.kicker = kicker;
    a.title = title;
    a.subtitles = subtitles;
    for l in lines.get(block_len..).unwrap_or_default() {
        push_paragraph(&mut a, l);
    }
    if a.title.is_empty() && a.paragraphs.is_empty() {
        return Vec::new();
    }
    vec![a]
}

fn is_headline_shaped(line: &&str) -> bool {
    let t = line.trim();
    t.chars().count() <= HEADLINE_CHARS && !t.ends_with('。')
}

/// A labelled file: its fields, the headline block under the title label, the body under the
/// text label (everything after it is body).
pub fn read_labelled(
    text: &str,
    file: &str,
    fields: &FieldNames,
    mapping: &mut FieldMapping,
) -> (Vec<Article>, Vec<String>) {
    let mut notes = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut a = article(file, &lines);
    // The field being read and its lines so far.
    let mut current: Option<(Option<Role>, String, Vec<&str>)> = None;
    let mut body_from = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some((role, name, value)) = label(line, fields) {
            if let Some(done) = current.take() {
                finish_field(&mut a, done, mapping, &mut notes);
            }
            if role == Some(Role::Text) {
                mapping.saw_role(Role::Text, name);
                let value = value.trim();
                if !value.is_empty() {
                    push_paragraph(&mut a, value);
                }
                body_from = Some(i + 1);
                break;
            }
            current = Some((role, name.to_string(), vec![value]));
        } else if let Some((_, _, lines)) = &mut current {
            lines.push(line);
        } else if !line.trim().is_empty() {
            // Text before the first label: a headline-first file with labels below its title.
            current = Some((Some(Role::Title), String::new(), vec![line]));
        }
    }
    if let Some(done) = current.take() {
        finish_field(&mut a, done, mapping, &mut notes);
    }
    for l in lines
        .get(body_from.unwrap_or(lines.len())..)
        .unwrap_or_default()
    {
        push_paragraph(&mut a, l);
    }
    if a.title.is_empty() && a.paragraphs.is_empty() {
        return (Vec::new(), notes);
    }
    (vec![a], notes)
}

/// Puts one labelled field where it belongs.
fn finish_field(
    a: &mut Article,
    (role, name, lines): (Option<Role>, String, Vec<&str>),
    mapping: &mut FieldMapping,
    notes: &mut Vec<String>,
) {
    let joined = || {
        lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !name.is_empty() {
        match role {
            Some(r) => mapping.saw_role(r, &name),
            None => mapping.saw_extra(&name),
        }
    }
    match role {
        Some(Role::Title) => {
            let (kicker, title, subtitles) = read_headline_block(&lines);
            if a.kicker.is_none() {
                a.kicker = kicker;
            }
            a.title = title;
            a.subtitles.extend(subtitles);
        }
        Some(Role::Kicker) => a.kicker = Some(joined()).filter(|k| !k.is_empty()),
        Some(Role::Subtitle) => a.subtitles.extend(Some(joined()).filter(|s| !s.is_empty())),
        Some(Role::Url) => a.url = Some(joined()).filter(|u| !u.is_empty()),
        Some(Role::Media) => a.media = Some(joined()).filter(|m| !m.is_empty()),
        Some(Role::Date) => {
            let value = joined();
            match parse_field_date(&value) {
                Some(d) => {
                    a.date = Some(d);
                    a.date_source = DateSource::Record;
                }
                None if value.is_empty() => {}
                None => notes.push(format!("date {value:?} not understood, ignored")),
            }
        }
        Some(Role::Text) => a
            .paragraphs
            .extend(Some(joined()).filter(|p| !p.is_empty())),
        None => a.meta.insert(name, joined()),
    }
}

/// A date field's value: see [`super::json::parse_date`], and `2020年3月2日` (a time may follow).
pub fn parse_field_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = super::json::parse_date(s) {
        return Some(d);
    }
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, _) = rest.split_once('日')?;
    let date = NaiveDate::from_ymd_opt(
        y.trim().parse().ok()?,
        m.trim().parse().ok()?,
        d.trim().parse().ok()?,
    )?;
    super::refdate::in_range(date).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> FieldNames {
        FieldNames::shipped().expect("shipped field names")
    }

    const LABELLED: &str = "连接：http://paper.people.com.cn/rmrb/html/2020-03/02/nw.D110000renmrb_20200302_1-01.htm\n标题：武汉成立临时党支部——\n“这个时候更要牢记我是党员”\n\n内容：\n　　当下，方舱医院成为主战场。\n　　“我是患者，更是党员！”\n";

    #[test]
    fn a_labelled_file_is_one_article_without_labels() {
        assert_eq!(sniff_text(LABELLED, &fields()), TextShape::Labelled);
        let mut mapping = FieldMapping::default();
        let (articles, notes) = read_labelled(LABELLED, "a.txt", &fields(), &mut mapping);
        assert!(notes.is_empty());
        let [a] = articles.as_slice() else {
            panic!("one article: {articles:?}")
        };
        assert_eq!(a.kicker.as_deref(), Some("武汉成立临时党支部——"));
        assert_eq!(a.title, "“这个时候更要牢记我是党员”");
        assert!(a.subtitles.is_empty());
        assert_eq!(
            a.paragraphs,
            ["当下，方舱医院成为主战场。", "“我是患者，更是党员！”"]
        );
        assert!(
            a.url
                .as_deref()
                .is_some_and(|u| u.starts_with("http://paper"))
        );
        assert_eq!(mapping.describe(), "title=标题 text=内容 url=连接");
    }

    #[test]
    fn labels_of_other_crawlers_and_unknown_ones_are_read() {
        let text = "Title: 两会开幕\nURL: https://x.cn/a\n来源：新华社\n日期：2021年3月5日 09:00\n责任编辑：张三\n正文：\n  第一段。\n  第二段。\n";
        assert_eq!(sniff_text(text, &fields()), TextShape::Labelled);
        let (articles, _) = read_labelled(text, "b.txt", &fields(), &mut FieldMapping::default());
        let a = &articles[0];
        assert_eq!(a.title, "两会开幕");
        assert_eq!(a.media.as_deref(), Some("新华社"));
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2021, 3, 5));
        assert_eq!(a.meta.get("责任编辑"), Some("张三"));
        assert_eq!(a.paragraphs, ["第一段。", "第二段。"]);
    }

    #[test]
    fn headline_first_files_read_their_block_by_position() {
        let text = "\n中国工会第十八次全国代表大会在京开幕\n习近平到会祝贺  蔡奇致词\n　　本报北京10月9日电  大会开幕。\n　　第二段。\n";
        assert_eq!(sniff_text(text, &fields()), TextShape::HeadlineFirst);
        let a = &read_headline_first(text, "c.txt")[0];
        assert_eq!(a.kicker, None);
        assert_eq!(a.title, "中国工会第十八次全国代表大会在京开幕");
        assert_eq!(a.subtitles, ["习近平到会祝贺  蔡奇致词"]);
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!((a.source.line_start, a.source.line_end), (2, 5));
        let kicked = "李强在浙江调研时强调\n在加快数字化转型中塑造新动能\n\n　　新华社杭州10月9日电  正文。\n";
        let a = &read_headline_first(kicked, "d.txt")[0];
        assert_eq!(a.kicker.as_deref(), Some("李强在浙江调研时强调"));
        assert_eq!(a.title, "在加快数字化转型中塑造新动能");
    }

    #[test]
    fn a_fourth_flush_line_is_a_paragraph() {
        let text = "\n奋力书写壮丽篇章\n——在大会上的致词\n各位代表，同志们：\n　　今天开幕。\n";
        let a = &read_headline_first(text, "e.txt")[0];
        assert_eq!(a.title, "奋力书写壮丽篇章");
        assert_eq!(a.subtitles, ["——在大会上的致词"]);
        assert_eq!(a.paragraphs, ["各位代表，同志们：", "今天开幕。"]);
    }

    #[test]
    fn thucnews_files_are_a_title_and_paragraphs() {
        let text =
            "马晓旭意外受伤让国奥警惕\n　　新浪体育讯　卫冕冠军在半决赛中出局。\n　　第二段。\n";
        assert_eq!(sniff_text(text, &fields()), TextShape::HeadlineFirst);
        let a = &read_headline_first(text, "体育/0.txt")[0];
        assert_eq!(
            (a.kicker.as_deref(), a.title.as_str()),
            (None, "马晓旭意外受伤让国奥警惕")
        );
    }

    #[test]
    fn page_dumps_stay_pages() {
        let page = "习近平同捷克总统泽曼通电话\n\n新华社北京4月30日电  国家主席习近平同泽曼通电话。\n\n习近平指出，疫情防控取得成果。\n\n第二篇的标题\n\n本报讯 正文。\n";
        assert_eq!(sniff_text(page, &fields()), TextShape::Page);
        // Indented, but several headline blocks between the paragraphs.
        let indented =
            "标题一\n　　甲。\n标题二\n副题二\n　　乙。\n标题三\n　　丙。\n标题四\n　　丁。\n";
        assert_eq!(sniff_text(indented, &fields()), TextShape::Page);
        assert_eq!(sniff_text("", &fields()), TextShape::Page);
        // One label is not a labelled file (`记者：` opens many a paragraph).
        assert_eq!(
            sniff_text("记者：张三\n正文一段。\n", &fields()),
            TextShape::Page
        );
    }

    #[test]
    fn field_dates_in_chinese() {
        assert_eq!(
            parse_field_date("2020年3月2日"),
            NaiveDate::from_ymd_opt(2020, 3, 2)
        );
        assert_eq!(
            parse_field_date("2020-03-02 10:00:00"),
            NaiveDate::from_ymd_opt(2020, 3, 2)
        );
        assert_eq!(parse_field_date("三月"), None);
    }
}
