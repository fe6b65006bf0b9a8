//! Saved web pages of one article, through html5ever (`scraper`): entities decoded, scripts and
//! styles never read as text.
//!
//! - **Title**: `og:title`, else the page's `<h1>`, else `<title>` up to a site suffix (` - 人民网`);
//!   the kicker and subtitle are the `<h3>` before and the `<h2>` after an `<h1>` beside it.
//! - **Body**, in the spirit of Readability: every text is credited to the block that holds it
//!   (a `<p>`'s text to the `<p>`'s parent; loose text between `<br>`s to its own element), link
//!   text counting against; the best-scored element is the article's container, and its blocks
//!   (`<p>`, `<div>`, `<br>`-separated runs) are the paragraphs, navigation, share bars, forms and
//!   footers inside it left out.
//! - **Date** from meta tags (`article:published_time`, `publishdate`, `pubdate`, …), **URL**
//!   from `og:url` or the canonical link, **media** from `og:site_name` or `source`.

use super::crawl::parse_field_date;
use super::json::Parsed;
use super::{Article, DateSource, Source};
use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};
use std::collections::HashMap;

/// Elements whose text is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "header", "aside", "form",
    "button", "select", "textarea", "iframe", "svg", "head", "title",
];
/// Elements that open a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "figure",
    "figcaption",
    "main",
    "center",
    "pre",
    "hr",
];
/// Words in a class or id that mark page furniture, not article text.
const FURNITURE: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "share",
    "comment",
    "sidebar",
    "related",
    "copyright",
    "breadcrumb",
    "toolbar",
    "recommend",
    "advert",
    "banner",
    "login",
];
/// Meta tags that carry the publication date, by `name`, `property` or `itemprop`.
const DATE_META: &[&str] = &[
    "article:published_time",
    "publishdate",
    "pubdate",
    "publish_date",
    "publishtime",
    "og:release_date",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
];

/// One page, one article (none when it has neither title nor text).
pub(super) fn read(text: &str, file: &str) -> Parsed {
    let page = Html::parse_document(text);
    let mut parsed = Parsed::default();
    let meta = MetaTags::of(&page);
    let headline = headline(&page);
    let mut a = Article {
        source: Source {
            file: file.to_string(),
            line_start: 1,
            line_end: text.lines().count().max(1),
        },
        ..Article::default()
    };
    a.title = meta
        .get(&["og:title"])
        .map(one_line)
        .or_else(|| headline.as_ref().map(|h| h.title.clone()))
        .or_else(|| title_element(&page))
        .unwrap_or_default();
    if let Some(h) = headline {
        a.kicker = h.kicker;
        a.subtitles = h.subtitle.into_iter().collect();
    }
    if let Some(container) = main_container(&page) {
        a.paragraphs = paragraphs(container);
    }
    a.url = meta
        .get(&["og:url"])
        .map(str::to_string)
        .or_else(|| canonical(&page));
    a.media = meta
        .get(&["og:site_name", "source", "publisher"])
        .map(one_line);
    if let Some(d) = meta.get(DATE_META).and_then(parse_field_date) {
        a.date = Some(d);
        a.date_source = DateSource::Record;
    }
    if !a.title.is_empty() || !a.paragraphs.is_empty() {
        parsed.title_chars = a.title.chars().count() as u64;
        parsed.body_chars = a.body_chars() as u64;
        parsed.articles.push(a);
    }
    parsed
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// `<meta>` contents by lower-cased `name`, `property` or `itemprop`; the first of a name wins.
struct MetaTags(HashMap<String, String>);

impl MetaTags {
    fn of(page: &Html) -> MetaTags {
        let mut tags = HashMap::new();
        if let Some(sel) = selector("meta[content]") {
            for m in page.select(&sel) {
                let e = m.value();
                let Some(content) = e.attr("content").map(str::trim).filter(|c| !c.is_empty())
                else {
                    continue;
                };
                for key in ["name", "property", "itemprop"] {
                    if let Some(k) = e.attr(key) {
                        tags.entry(k.trim().to_ascii_lowercase())
                            .or_insert_with(|| content.to_string());
                    }
                }
            }
        }
        MetaTags(tags)
    }

    fn get(&self, names: &[&str]) -> Option<&str> {
        names
            .iter()
            .find_map(|n| self.0.get(*n).map(String::as_str))
    }
}

fn canonical(page: &Html) -> Option<String> {
    let sel = selector("link[rel=canonical][href]")?;
    page.select(&sel)
        .find_map(|l| l.value().attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// `<title>` up to a site suffix: `标题 - 人民网`, `标题_新闻_新浪网`, `标题 | 站名`.
fn title_element(page: &Html) -> Option<String> {
    let sel = selector("title")?;
    let full = one_line(&page.select(&sel).next()?.text().collect::<String>());
    let cut = [" - ", " – ", "_", " | ", "|", "--"]
        .iter()
        .filter_map(|sep| full.find(sep))
        .min()
        .unwrap_or(full.len());
    let title = full.get(..cut).unwrap_or(&full).trim().to_string();
    (!title.is_empty()).then_some(title)
}

/// A headline element with the kicker above it and the subtitle below it.
struct Headline {
    kicker: Option<String>,
    title: String,
    subtitle: Option<String>,
}

fn headline(page: &Html) -> Option<Headline> {
    let sel = selector("h1")?;
    let h1 = page
        .select(&sel)
        .find(|h| !one_line(&h.text().collect::<String>()).is_empty())?;
    let text_of =
        |e: ElementRef<'_>| Some(one_line(&e.text().collect::<String>())).filter(|t| !t.is_empty());
    let sibling = |forward: bool, name: &str| {
        let mut node = if forward {
            h1.next_sibling()
        } else {
            h1.prev_sibling()
        };
        while let Some(n) = node {
            if let Some(e) = ElementRef::wrap(n) {
                return (e.value().name() == name).then(|| text_of(e)).flatten();
            }
            node = if forward {
                n.next_sibling()
            } else {
                n.prev_sibling()
            };
        }
        None
    };
    Some(Headline {
        kicker: sibling(false, "h3"),
        title: text_of(h1)?,
        subtitle: sibling(true, "h2"),
    })
}

fn is_furniture(e: &scraper::node::Element) -> bool {
    if SKIPPED.contains(&e.name()) {
        return true;
    }
    let marked = |v: Option<&str>| {
        v.is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            FURNITURE.iter().any(|w| v.contains(w))
        })
    };
    marked(e.attr("class")) || marked(e.attr("id")) || e.attr("role") == Some("navigation")
}

/// The element holding the article's text: the best score of text credited to it.
fn main_container(page: &Html) -> Option<ElementRef<'_>> {
    let mut scores: HashMap<ego_tree::NodeId, i64> = HashMap::new();
    for node in page.tree.root().descendants() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        let chars = t.trim().chars().count() as i64;
        if chars == 0 {
            continue;
        }
        // Climb inline elements to the block holding the text; note links on the way.
        let mut in_link = false;
        let mut block = None;
        let mut skipped = false;
        // Text nested deeper than this in inline elements is credited to none (no quadratic
        // climbs through hostile nesting).
        for anc in node.ancestors().take(64) {
            let Some(e) = anc.value().as_element() else {
                break;
            };
            if SKIPPED.contains(&e.name()) {
                skipped = true;
                break;
            }
            if e.name() == "a" {
                in_link = true;
            }
            if BLOCKS.contains(&e.name()) || matches!(e.name(), "td" | "body") {
                block = Some(anc);
                break;
            }
        }
        let Some(block) = block.filter(|_| !skipped) else {
            continue;
        };
        let credited = match block.value().as_element().map(|e| e.name()) {
            Some("p" | "li" | "blockquote" | "pre") => block.parent().unwrap_or(block),
            _ => block,
        };
        let score = if in_link { -chars } else { chars };
        *scores.entry(credited.id()).or_default() += score;
    }
    scores
        .into_iter()
        .filter(|(_, s)| *s > 0)
        .filter_map(|(id, s)| Some((page.tree.get(id)?, s)))
        .filter(|(n, _)| n.value().as_element().is_some_and(|e| !is_furniture(e)))
        .max_by_key(|(n, s)| (*s, std::cmp::Reverse(n.id())))
        .and_then(|(n, _)| ElementRef::wrap(n))
}

/// The paragraphs of a container: its blocks' text, furniture left out, whitespace collapsed;
/// a block that is nothing but a short link (`分享到`, `返回目录`) dropped.
fn paragraphs(container: ElementRef<'_>) -> Vec<String> {
    use ego_tree::iter::Edge;
    let mut out = Vec::new();
    let mut current = String::new();
    let mut linked_chars = 0usize;
    let mut skip_depth = 0usize;
    let mut link_depth = 0usize;
    let flush = |current: &mut String, linked: &mut usize, out: &mut Vec<String>| {
        // Runs of ASCII white space are one space; `&nbsp;` and full-width spaces stay.
        let p = current
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let p = p.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        let all_link = *linked >= p.chars().count();
        let link_only = all_link && p.chars().count() < 20;
        if !p.is_empty() && !link_only {
            out.push(p.to_string());
        }
        current.clear();
        *linked = 0;
    };
    for edge in container.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    if skip_depth > 0 || is_furniture(e) {
                        skip_depth += 1;
                        continue;
                    }
                    if e.name() == "a" {
                        link_depth += 1;
                    }
                    if BLOCKS.contains(&e.name()) {
                        flush(&mut current, &mut linked_chars, &mut out);
                    }
                }
                Node::Text(t) if skip_depth == 0 => {
                    current.push_str(t);
                    if link_depth > 0 {
                        linked_chars += t.trim().chars().count();
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    if e.name() == "a" {
                        link_depth = link_depth.saturating_sub(1);
                    }
                    if BLOCKS.contains(&e.name()) {
                        flush(&mut current, &mut linked_chars, &mut out);
                    }
                }
            }
        }
    }
    flush(&mut current, &mut linked_chars, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_page_gives_its_headline_body_and_meta() {
        let page = r##"<!DOCTYPE html><html><head><title>生命之舱 - 人民日报</title>
<meta name="publishdate" content="2020-03-02"><meta property="og:site_name" content="人民日报">
<style>p { color: red }</style><script>var x = "<p>不是正文</p>";</script></head>
<body><div class="nav"><a href="/">首页</a> <a href="/a">要闻</a></div>
<div class="article"><h3>引题在此</h3><h1>生命之舱</h1><h2>——副题</h2>
<div id="ozoom"><p>　　截至2月28日，武汉市方舱医院实际开放床位1.3万多张&amp;更多。</p>
<p>第二段<br>第三段</p></div>
<div class="share"><a href="#">分享到微信</a></div></div>
<div class="footer">版权所有 人民日报社</div></body></html>"##;
        let p = read(page, "a.html");
        let a = &p.articles[0];
        assert_eq!(a.title, "生命之舱");
        assert_eq!(a.kicker.as_deref(), Some("引题在此"));
        assert_eq!(a.subtitles, ["——副题"]);
        assert_eq!(
            a.paragraphs,
            [
                "截至2月28日，武汉市方舱医院实际开放床位1.3万多张&更多。",
                "第二段",
                "第三段"
            ]
        );
        assert_eq!(a.date, chrono::NaiveDate::from_ymd_opt(2020, 3, 2));
        assert_eq!(a.media.as_deref(), Some("人民日报"));
    }

    #[test]
    fn a_page_without_headline_elements_takes_its_title_element() {
        let p = read(
            "<html><head><title>标题_新闻_新浪网</title></head><body>正文一。<br>正文二。</body></html>",
            "b.htm",
        );
        let a = &p.articles[0];
        assert_eq!(a.title, "标题");
        assert_eq!(a.paragraphs, ["正文一。", "正文二。"]);
    }
}
