//! Splitting a page dump into articles: headlines (kicker, title, subtitles), section headings,
//! paragraphs with column-cut lines joined, photo captions moved out, datelines and bylines parsed.
//!
//! Only structural signals are used: closing punctuation, line length, bracket and quote balance,
//! what follows a headline-like line (a dateline, a byline, a caption, plain text), photo credits,
//! and the page's genre (a broadcast transcript, where every story opens with a news lead such as
//! `央视网消息：`, has one-line titles; a printed page has kickers and subtitles).
//!
//! A paragraph that begins with a dateline counts as a paragraph: the dateline goes to
//! `datelines` and the paragraph keeps the text after it. End datelines are cut off the paragraph
//! they close. A photo item's caption text and its credit line form one caption, joined by a space.

mod headline;
mod lines;
mod page;

use lines::{
    credit_start, ends_with_function_char, has_column_tag, has_cut_sentence_tail, is_balanced,
    is_closed, is_headline_like, starts_like_caption, starts_with_dated_clause, starts_with_label,
};

use super::dateline::{self, Opening, is_space};
use super::{Article, Dateline, DatelinePosition};
use crate::names::Surnames;

/// Splits one page of text into articles, in page order (ids are left 0).
pub fn split_page(text: &str, file: &str, surnames: &Surnames) -> Vec<Article> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            (
                i + 1,
                l.trim_matches(|c: char| is_space(c) || c.is_whitespace()),
            )
        })
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut items = join_cut_lines(&lines, surnames);
    mark_caption_texts(&mut items);
    page::articles(&items, file, surnames)
}

/// What a printed line is, before articles are known.
#[derive(Debug, Clone)]
enum Kind {
    /// A photo caption; `credit_only` when the line is nothing but a photo credit.
    Caption {
        credit_only: bool,
    },
    /// A line opening with a dateline or news lead.
    Opening(Box<Opening>),
    /// A line that is nothing but an end dateline: `（新华社北京4月30日电）`.
    Closing(Box<Dateline>),
    /// `本报记者 陆娅楠`.
    Byline(Box<Dateline>),
    Text,
}

/// A logical line: one printed line, or several joined where a column cut a sentence.
#[derive(Debug, Clone)]
struct Item {
    first_line: usize,
    last_line: usize,
    text: String,
    kind: Kind,
}

fn classify(text: &str, surnames: &Surnames) -> Kind {
    if let Some(o) = dateline::parse_opening(text, surnames) {
        return Kind::Opening(Box::new(o));
    }
    if let Some((d, 0)) = dateline::parse_closing(text, surnames) {
        return Kind::Closing(Box::new(d));
    }
    if let Some(d) = dateline::parse_byline(text, surnames) {
        return Kind::Byline(Box::new(d));
    }
    match credit_start(text) {
        Some(0) => Kind::Caption { credit_only: true },
        Some(_) => Kind::Caption { credit_only: false },
        None if starts_like_caption(text) => Kind::Caption { credit_only: false },
        None => Kind::Text,
    }
}

/// Joins lines cut where a printed column ended, moving captions that sat in the cut before the
/// joined line.
fn join_cut_lines(lines: &[(usize, &str)], surnames: &Surnames) -> Vec<Item> {
    let kinds: Vec<Kind> = lines.iter().map(|&(_, t)| classify(t, surnames)).collect();
    let is_caption = |j: usize| matches!(kinds.get(j), Some(Kind::Caption { .. }));
    let next_content = |mut j: usize| {
        while is_caption(j) {
            j += 1;
        }
        j
    };
    let mut items = Vec::with_capacity(lines.len());
    let mut i = 0;
    while let (Some(&(no, text)), Some(kind)) = (lines.get(i), kinds.get(i)) {
        let mut cur = Item {
            first_line: no,
            last_line: no,
            text: text.to_string(),
            kind: kind.clone(),
        };
        let after_headline = items
            .last()
            .is_some_and(|p: &Item| matches!(p.kind, Kind::Text) && is_headline_like(&p.text));
        i += 1;
        // Bound the chain: a cut line is joined with at most a few continuations.
        for _ in 0..8 {
            let j = next_content(i);
            let Some(&(next_no, next)) = lines.get(j) else {
                break;
            };
            // A line standing right before a story's opening dateline is that story's title.
            // So is a line with a `——` subtitle under it.
            let after_next = next_content(j + 1);
            let before_opening = matches!(kinds.get(after_next),
                Some(Kind::Opening(o)) if o.dateline.position == DatelinePosition::Start)
                || lines
                    .get(after_next)
                    .is_some_and(|&(_, t)| t.starts_with("——") && is_headline_like(t));
            if !matches!(kinds.get(j), Some(Kind::Text))
                || before_opening
                || !continues(&cur, next, after_headline)
            {
                break;
            }
            for (&(cno, ctext), ckind) in lines.iter().zip(&kinds).take(j).skip(i) {
                items.push(Item {
                    first_line: cno,
                    last_line: cno,
                    text: ctext.to_string(),
                    kind: ckind.clone(),
                });
            }
            cur.text.push_str(next);
            cur.last_line = next_no;
            cur.kind = match cur.kind {
                Kind::Opening(_) => classify(&cur.text, surnames),
                _ => Kind::Text,
            };
            i = j + 1;
        }
        items.push(cur);
    }
    items
}

/// A photo credit on a line of its own (`新华社记者 肖艺九摄`) makes the text line before it the
/// photo's caption, also when a `图为…` line stands between them.
fn mark_caption_texts(items: &mut [Item]) {
    for i in 1..items.len() {
        if !matches!(items[i].kind, Kind::Caption { credit_only: true }) {
            continue;
        }
        let mut j = i - 1;
        if j > 0
            && matches!(items[j].kind, Kind::Caption { credit_only: false })
            && starts_like_caption(&items[j].text)
        {
            j -= 1;
        }
        if matches!(items[j].kind, Kind::Text) && !is_headline_like(&items[j].text) {
            items[j].kind = Kind::Caption { credit_only: false };
        }
    }
}

/// True when `next` continues the sentence that `cur` left unfinished at a column end.
fn continues(cur: &Item, next: &str, after_headline: bool) -> bool {
    match &cur.kind {
        Kind::Opening(o) => o.is_open,
        Kind::Text => {
            let t = cur.text.as_str();
            if is_closed(t) || starts_with_label(next) || has_column_tag(next) {
                return false;
            }
            if !is_balanced(t) || has_cut_sentence_tail(t) {
                return true;
            }
            let weak =
                t.chars().count() > 40 || starts_with_dated_clause(t) || ends_with_function_char(t);
            // Weak signals do not apply inside a headline block (a long subtitle line).
            weak && !after_headline && !t.starts_with('—') && !is_headline_like(next)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surnames() -> Surnames {
        Surnames::shipped().expect("the shipped surnames parse")
    }

    #[test]
    fn closing_punctuation() {
        assert!(is_closed("会议在京举行。"));
        assert!(is_closed("他说：“好。”"));
        assert!(!is_closed("锚定奋斗目标  创造新的伟业（社论）"));
        assert!(!is_closed("加强新业态、新就业群体政治引领和凝聚服务——"));
        assert!(is_closed(
            "作出新的更大贡献。(新华社北京11月4日电 记者 刘硕)"
        ));
        assert!(!is_closed("“奋进新时代”主题成就展圆满落幕"));
    }

    #[test]
    fn photo_credits() {
        assert_eq!(credit_start("新华社记者  胡星宇摄"), Some(0));
        let l = "安全顺利出舱(拼版照片)。新华社记者 李鑫 摄";
        assert_eq!(&l[credit_start(l).expect("credit")..], "新华社记者 李鑫 摄");
        let l = "工作人员检查返回舱样品转运包状态。新华社发(中国科学院空间应用工程与技术中心供图)";
        assert!(l[credit_start(l).expect("credit")..].starts_with("新华社发"));
        assert_eq!(credit_start("他决定亲自去拍摄"), None);
        assert_eq!(credit_start("本措施自2020年4月27日起施行。"), None);
    }

    #[test]
    fn cut_lines_join_but_headings_do_not() {
        let item = |t: &str| Item {
            first_line: 1,
            last_line: 1,
            text: t.into(),
            kind: Kind::Text,
        };
        assert!(continues(
            &item("社会工作体制机制持续健全。2023年12月,会议设立党建引领基层治理"),
            "协调机制,加强协同。",
            false
        ));
        assert!(continues(
            &item("2023年12月,行业协会商会改革"),
            "发展部际联席会议调整设立,强化统筹协调。",
            false
        ));
        assert!(continues(
            &item("总书记来到六尺巷。总书记指出,要发挥好中华民族讲礼让、以和"),
            "为贵传统美德的作用。",
            false
        ));
        assert!(!continues(
            &item("擘画蓝图、锚定航向，确保新时代社会工作行稳致远"),
            "“中国式现代化应当而且能够实现活而不乱。”",
            false
        ));
        assert!(!continues(
            &item("经济形势怎样判断？2023年我国发展具备较好基础和较多有利条件"),
            "记者：您如何看待当前经济运行面临的挑战？",
            false
        ));
    }

    fn page(lines: &[&str]) -> Vec<Article> {
        split_page(&lines.join("\n\n"), "page.txt", &surnames())
    }

    #[test]
    fn column_tagged_title_starts_an_article_and_its_standfirst_is_body() {
        let arts = page(&[
            "某市启动老旧小区改造",
            "本报北京5月1日电  （记者张三）某市今天启动老旧小区改造。",
            "改造涉及三百个小区。",
            "让城市更新更有温度（人民时评）",
            "城市更新不仅是拆和建，更要留住烟火气，让居民生活得更舒心",
            "城市更新是一篇大文章。",
            "（作者为本报评论员）",
            "把好事办实（快评）",
            "好事要办好。",
        ]);
        let titles: Vec<&str> = arts.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "某市启动老旧小区改造",
                "让城市更新更有温度（人民时评）",
                "把好事办实（快评）"
            ]
        );
        assert_eq!(arts[1].paragraphs.len(), 3);
        assert!(arts[1].subtitles.is_empty());
    }

    #[test]
    fn photo_item_with_credit_line_is_one_article_of_captions() {
        let arts = page(&[
            "某县召开会议",
            "新华社某县5月1日电  会议今天召开。",
            "春耕正忙",
            "5月1日，农民在田间劳作。",
            "图为农民驾驶插秧机。",
            "王五摄（人民视觉）",
            "某地发布通知",
            "本报某地5月1日电  （记者赵六）通知今天发布。",
        ]);
        assert_eq!(arts.len(), 3);
        assert_eq!(arts[1].title, "春耕正忙");
        assert!(arts[1].paragraphs.is_empty());
        assert!(arts[1].captions.concat().ends_with("王五摄（人民视觉）"));
    }

    #[test]
    fn broadcast_digest_is_one_article_with_headings() {
        let arts = page(&[
            "某某会见外宾",
            "央视网消息（新闻联播）：某某今天会见外宾。",
            "国内联播快讯",
            "央视网消息（新闻联播）：",
            "某地铁路开通",
            "某地铁路今天开通运营。",
            "某省发生地震",
            "某省今天发生地震，无人员伤亡。",
            "焦点访谈：春耕为何这样忙？",
            "央视网消息（新闻联播）：春耕正忙。",
        ]);
        let titles: Vec<&str> = arts.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            ["某某会见外宾", "国内联播快讯", "焦点访谈：春耕为何这样忙？"]
        );
        assert_eq!(arts[1].headings, ["某地铁路开通", "某省发生地震"]);
        assert_eq!(arts[1].paragraphs.len(), 2);
        assert_eq!(arts[0].datelines[0].agency.as_deref(), Some("央视网"));
        assert_eq!(arts[0].paragraphs[0], "某某今天会见外宾。");
    }

    #[test]
    fn never_panics_on_odd_text() {
        let surnames = surnames();
        for t in [
            "",
            "\n\n",
            "（",
            "）",
            "摄",
            "——",
            "据新华社酒泉11月4日电(",
            "图为",
            "a\u{a0}\n\u{3000}",
            "𨟠",
        ] {
            let _ = split_page(t, "x.txt", &surnames);
        }
    }
}
