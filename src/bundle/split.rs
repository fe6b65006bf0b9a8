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

use super::dateline::{self, Opening, is_space};
use super::{Article, Block, Dateline, DatelinePosition, Source};
use crate::names::Surnames;
use crate::text::is_han;

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
    let genre = Genre::of(&items);
    let mut page = PageBuilder {
        file,
        surnames,
        genre,
        articles: Vec::new(),
        is_closed: false,
        last_paragraph_plain: false,
    };
    page.segment(&items);
    page.articles
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

const TERMINALS: &[char] = &['。', '！', '？', '!', '?'];

/// Ends with punctuation that closes a sentence or a clause.
fn is_closed(t: &str) -> bool {
    let mut rev = t.chars().rev();
    let Some(last) = rev.next() else { return true };
    match last {
        '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':' | '…' | '.' => true,
        '”' | '’' | '」' | '』' | '"' | '\'' => rev
            .next()
            .is_some_and(|c| TERMINALS.contains(&c) || c == '…'),
        // A `——` subtitle may end with the occasion in brackets: `——在…上的讲话（2020年11月21日，北京）`.
        ')' | '）' if t.starts_with("——") => t.contains('。'),
        ')' | '）' => {
            // A short bracketed tag after a headline (`（社论）`) leaves it open; a bracket after a
            // finished sentence, or a long parenthesis, closes it.
            let mut depth = 0usize;
            let mut inside = 0usize;
            for c in t.chars().rev() {
                if matches!(c, ')' | '）') {
                    depth += 1;
                } else if matches!(c, '(' | '（') {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                inside += 1;
            }
            let before = t.char_indices().rev().nth(inside + 1).map(|(_, c)| c);
            let content: String = t
                .chars()
                .rev()
                .skip(1)
                .take(inside.saturating_sub(1))
                .collect();
            before.is_some_and(|c| {
                c == '。' || c == '…' || (TERMINALS.contains(&c) && !has_column_tag(t))
            }) || inside > 21
                || content.contains(['。', '：', '；'])
                || (content.contains(['，', ',']) && !has_column_tag(t))
        }
        _ => false,
    }
}

fn is_balanced(t: &str) -> bool {
    let mut round = 0i32;
    let mut quote = 0i32;
    let mut book = 0i32;
    for c in t.chars() {
        match c {
            '(' | '（' => round += 1,
            ')' | '）' => round -= 1,
            '“' => quote += 1,
            '”' => quote -= 1,
            '《' => book += 1,
            '》' => book -= 1,
            _ => {}
        }
    }
    round <= 0 && quote <= 0 && book <= 0
}

/// A line holding finished sentences whose last sentence runs on: `…健全。2023年12月,…设立党建引领基层治理`.
/// A question-and-answer heading (`经济形势怎样判断？2023年我国发展具备较好基础`) is not one.
fn has_cut_sentence_tail(t: &str) -> bool {
    let Some(at) = t.rfind(TERMINALS) else {
        return false;
    };
    let tail = &t[at..];
    let tail: String = tail.chars().skip(1).collect();
    !tail.is_empty() && (tail.chars().count() <= 3 || tail.contains(['，', ',', '、']))
}

/// `2023年12月,` or `11月4日，`: a sentence opening with a date, not a heading.
fn starts_with_dated_clause(t: &str) -> bool {
    let head: String = t.chars().take(14).collect();
    let Some(comma) = head.find(['，', ',']) else {
        return false;
    };
    let clause = &head[..comma];
    clause
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && clause.ends_with(['年', '月', '日'])
}

/// Ends with a particle that cannot end a headline: `…发展的`. (Most function characters also end
/// ordinary words, `方向`, `参与`, so only the structural particle counts.)
fn ends_with_function_char(t: &str) -> bool {
    t.ends_with('的')
}

/// A short label and a colon: `附件：`, `注：`, `记者：`, `赵辰昕：`, that open body lines.
fn starts_with_label(t: &str) -> bool {
    t.char_indices()
        .take(7)
        .find(|&(_, c)| matches!(c, '：' | ':'))
        .is_some_and(|(b, _)| {
            let label = &t[..b];
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| !c.is_ascii_punctuation() && !is_space(c))
                && label.chars().count() <= 2
        })
}

/// Could be a headline or a heading: not closed, no finished sentence inside, not an editorial
/// note (`版式设计：…`, `——编者`).
fn is_headline_like(t: &str) -> bool {
    !is_closed(t)
        && !t.ends_with(['，', ',', '、'])
        && t.chars().count() <= 100
        && (!t.contains(TERMINALS) || (has_column_tag(t) && !t.contains('。')))
        && !is_editorial_note(t)
        && !is_bare_date(t)
}

/// `2020年4月30日`, `1月1日`: a date on its own (a letter's date, a timeline entry), never a headline.
fn is_bare_date(t: &str) -> bool {
    if !t.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) || t.len() > 64
    {
        return false;
    }
    let t: String = t.chars().filter(|&c| !is_space(c)).collect();
    !t.is_empty()
        && t.chars().any(|c| matches!(c, '年' | '月' | '日'))
        && t.chars().all(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '年' | '月' | '日')
        })
}

/// Labels of the small print around stories: layout and chart credits, notes, letter headers.
const EDITORIAL_LABELS: &[&str] = &[
    "版式设计",
    "本版制图",
    "本版编辑",
    "制图",
    "设计",
    "编辑",
    "本版责编",
    "责编",
    "责任编辑",
    "图片来源",
    "资料来源",
    "数据来源",
    "来源",
    "写信人",
    "收信人",
    "作者",
    "附件",
    "注",
];

fn is_editorial_note(t: &str) -> bool {
    let labelled = EDITORIAL_LABELS.iter().any(|l| {
        t.strip_prefix(l)
            .is_some_and(|rest| rest.starts_with(['：', ':']))
    });
    let signed = t.starts_with('—') && {
        let who: String = t.chars().filter(|&c| !is_space(c) && c != '—').collect();
        who == "编者" || who == "作者"
    };
    labelled || signed
}

/// A line standing right before a story's opening dateline or news lead is its title even when it
/// ends with `？` or `！` (`焦点访谈：生命通道畅通吗？`, `你好，2013！`); in a broadcast transcript, where
/// every story opens with a lead, any line there that does not end a sentence with `。` is.
fn is_title_before_opening(t: &str, genre: Genre) -> bool {
    let n = t.chars().count();
    if n > 100 || t.ends_with(['。', '；', '：', ';', ':', '…']) {
        return false;
    }
    genre == Genre::Broadcast || (n <= 40 && t.ends_with(['？', '！', '?', '!']))
}

/// Byte offset where a photo credit begins, if the line ends with one: `…新华社记者 李鑫 摄`,
/// `新华社记者  胡星宇摄`, `…新华社发(…中心供图)`, `（资料图片）`.
fn credit_start(t: &str) -> Option<usize> {
    let t = t.trim_end_matches(is_space);
    // `叶传增 牛榮健摄影报道`, `…摄影`.
    if let Some(base) = t.strip_suffix("影报道").or_else(|| t.strip_suffix('影'))
        && base.ends_with('摄')
    {
        return credit_start(base);
    }
    // `杜建坡摄（影像中国）`: a credit with the picture agency in brackets.
    if t.ends_with([')', '）'])
        && let Some((open, _)) = t
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '(' | '（'))
    {
        let before = t[..open].trim_end_matches(is_space);
        if before.ends_with('摄') && t[open..].chars().count() <= 12 {
            return credit_start(before);
        }
    }
    if t.ends_with('摄') {
        // The credit runs back to the last sentence end or bracket; it names people, no comma.
        let body = &t[..t.len() - '摄'.len_utf8()];
        let start = body
            .rfind(['。', '！', '？', '）', ')', '；'])
            .map_or(0, |b| {
                b + body[b..].chars().next().map_or(1, char::len_utf8)
            });
        let credit = &t[start..];
        let names = credit.trim_start_matches(is_space);
        let n = names.chars().count();
        let has_role = names.contains("记者") || names.contains("通讯员") || names.contains("摄影");
        // One to four names without a role: `张三摄`, `叶传增 牛榮健摄`.
        let words: Vec<&str> = names.split(is_space).filter(|w| !w.is_empty()).collect();
        let short_name = n >= 3
            && words.len() <= 4
            && words.iter().all(|w| {
                let k = w.chars().count();
                (1..=5).contains(&k)
                    && w.chars()
                        .all(|c| !c.is_ascii_punctuation() && c != '，' && c != '、')
            });
        if n <= 30 && !credit.contains(['，', ',']) && (has_role || short_name) {
            return Some(start + (credit.len() - names.len()));
        }
        return None;
    }
    for tail in [
        "新华社发",
        "中新社发",
        "资料图片",
        "资料照片",
        "拼版照片",
        "供图",
    ] {
        if let Some(at) = t.strip_suffix(tail).map(str::len) {
            return Some(at);
        }
    }
    if t.ends_with([')', '）']) {
        let (open, _) = t
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '(' | '（'))?;
        let inner = &t[open..];
        if ["供图", "摄", "图片", "照片", "新华社发", "视觉中国", "图源"]
            .iter()
            .any(|w| inner.contains(w))
            && inner.chars().count() <= 40
        {
            // Include a `新华社发` standing right before the bracket.
            let before = &t[..open];
            return Some(
                ["新华社发", "中新社发"]
                    .iter()
                    .find_map(|w| before.strip_suffix(w).map(str::len))
                    .unwrap_or(open),
            );
        }
    }
    None
}

/// A caption without a credit: `图为…`, `上图：…`.
fn starts_like_caption(t: &str) -> bool {
    ["图为", "上图", "下图", "左图", "右图", "图①", "图："]
        .iter()
        .any(|p| t.starts_with(p))
}

/// A broadcast transcript opens its stories with a news lead (`央视网消息：`) and has one-line
/// titles; a printed page has kickers, subtitles and `…电` datelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Genre {
    Print,
    Broadcast,
}

impl Genre {
    fn of(items: &[Item]) -> Genre {
        let (mut leads, mut wires) = (0, 0);
        for it in items {
            if let Kind::Opening(o) = &it.kind {
                // A lead names a broadcaster or website (央视网, 本台), not a wire or a paper.
                let broadcaster = o.dateline.agency.as_deref().is_some_and(|a| {
                    a.ends_with(['网', '台', '视', '闻', '端']) && o.dateline.date.is_none()
                });
                if broadcaster {
                    leads += 1;
                } else {
                    wires += 1;
                }
            }
        }
        if leads >= 2 && leads >= wires {
            Genre::Broadcast
        } else {
            Genre::Print
        }
    }
}

/// The structural role of an item while segmenting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Headline,
    Plain,
    Caption,
    Opening,
    Inner,
    Closing,
    Byline,
}

fn role(it: &Item) -> Role {
    match &it.kind {
        Kind::Caption { .. } => Role::Caption,
        Kind::Opening(o) if o.dateline.position == DatelinePosition::Inner => Role::Inner,
        Kind::Opening(_) => Role::Opening,
        Kind::Closing(_) => Role::Closing,
        Kind::Byline(_) => Role::Byline,
        Kind::Text if is_headline_like(&it.text) => Role::Headline,
        Kind::Text => Role::Plain,
    }
}

/// What a run of headline-like lines turns out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunIs {
    /// A new article's headline; `lead` lines before it end the previous article as paragraphs and
    /// `tail` lines after it are section headings of the new one.
    NewArticle {
        lead: usize,
        tail: usize,
    },
    /// A transcript's title printed whole and then again in pieces: the pieces are body text.
    EchoedTitle {
        lead: usize,
    },
    Headings,
    Paragraphs,
}

struct PageBuilder<'a> {
    file: &'a str,
    surnames: &'a Surnames,
    genre: Genre,
    articles: Vec<Article>,
    /// The current article has ended: an end dateline, or a photo item's captions.
    is_closed: bool,
    /// The last paragraph is plain text (no dateline before it), so a credit line may claim it.
    last_paragraph_plain: bool,
}

impl PageBuilder<'_> {
    fn segment(&mut self, items: &[Item]) {
        let mut roles: Vec<Role> = items.iter().map(role).collect();
        // A kicker trailing off (`听有声书、“云”端看展、上网络公开课……`) above a headline.
        for i in (0..items.len().saturating_sub(1)).rev() {
            let t = &items[i].text;
            if roles[i] == Role::Plain
                && roles[i + 1] == Role::Headline
                && matches!(items[i].kind, Kind::Text)
                && t.ends_with('…')
                && t.chars().count() <= 30
                && !t.contains(TERMINALS)
            {
                roles[i] = Role::Headline;
            }
        }
        for i in 0..items.len() {
            let t = &items[i].text;
            if !matches!(items[i].kind, Kind::Text) {
                continue;
            }
            let prev_headline = i > 0 && roles[i - 1] == Role::Headline;
            let dated_below = items.get(i + 1).is_some_and(|n| is_bare_date(&n.text));
            if roles[i] == Role::Headline && dated_below && !prev_headline {
                // A signature over its date (`习近平` / `2020年4月30日`) closes a letter.
                roles[i] = Role::Plain;
            } else if t.starts_with("——") && i > 0 && !prev_headline && roles[i] == Role::Headline
            {
                // `——山东烟台市芝罘区纪委书记 姜雪宁`: a signature under body text, not a subtitle.
                roles[i] = Role::Plain;
            } else if is_bracketed(t, self.surnames) {
                // `（2020年11月24日）` under a document's title; `（作者为…）` closing a commentary.
                roles[i] = if prev_headline {
                    Role::Headline
                } else {
                    Role::Plain
                };
            } else if roles[i] == Role::Plain
                && t.ends_with(['：', ':'])
                && t.chars().count() <= 8
                && items.get(i + 1).is_some_and(|n| role(n) == Role::Headline)
            {
                // `国防部：` over a title that quotes it.
                roles[i] = Role::Headline;
            } else if roles[i] == Role::Plain
                && t.ends_with(['！', '？'])
                && t.chars().count() <= 40
                && !t.contains('。')
                && items
                    .get(i + 1)
                    .is_some_and(|n| n.text.starts_with('—') && role(n) == Role::Headline)
            {
                // `高质量可持续，事关你我的幸福未来！` over a `——` subtitle.
                roles[i] = Role::Headline;
            }
        }
        // A title carrying its column name (`…（人民时评）`) ends the headline block but for `——`
        // subtitles: a long line after it is the commentary's standfirst, body text.
        if self.genre == Genre::Print {
            let mut after_tag = false;
            for i in 0..items.len() {
                if roles[i] != Role::Headline {
                    after_tag = false;
                    continue;
                }
                let t = &items[i].text;
                if after_tag && !t.starts_with('—') && t.chars().count() > 24 {
                    roles[i] = Role::Plain;
                    after_tag = false;
                } else if has_column_tag(t) {
                    after_tag = true;
                }
            }
        }
        for i in 1..items.len() {
            if roles[i] == Role::Opening
                && roles[i - 1] == Role::Plain
                && matches!(items[i - 1].kind, Kind::Text)
                && is_title_before_opening(&items[i - 1].text, self.genre)
            {
                roles[i - 1] = Role::Headline;
            }
        }
        let mut i = 0;
        while let Some(it) = items.get(i) {
            if roles[i] != Role::Headline {
                self.body_item(it);
                i += 1;
                continue;
            }
            let mut j = i;
            while roles.get(j) == Some(&Role::Headline) {
                j += 1;
            }
            let mut k = j;
            while roles.get(k) == Some(&Role::Caption) {
                k += 1;
            }
            let run = &items[i..j];
            let follow = roles.get(k).copied();
            match self.judge(run, follow, k > j) {
                RunIs::NewArticle { lead, tail } => {
                    let lead = lead.min(run.len().saturating_sub(1));
                    let tail = tail.min(run.len() - lead - 1);
                    for it in &run[..lead] {
                        self.paragraph_item(it);
                    }
                    self.start_article(&run[lead..run.len() - tail]);
                    for it in &run[run.len() - tail..] {
                        self.heading(it);
                    }
                }
                RunIs::EchoedTitle { lead } => {
                    let lead = lead.min(run.len().saturating_sub(1));
                    for it in &run[..lead] {
                        self.paragraph_item(it);
                    }
                    self.start_article(&run[lead..=lead]);
                    for it in &run[lead + 1..] {
                        self.paragraph_item(it);
                    }
                }
                RunIs::Headings => run.iter().for_each(|it| self.heading(it)),
                RunIs::Paragraphs => run.iter().for_each(|it| self.paragraph_item(it)),
            }
            i = j;
        }
    }

    /// Decides what a run of headline-like lines is from what follows it.
    fn judge(&self, run: &[Item], follow: Option<Role>, captions_between: bool) -> RunIs {
        let broadcast = self.genre == Genre::Broadcast;
        // A tiny label after a headline (`回 信`, `核心阅读`) opens the body; `王毅出席` does not.
        let tail = if !broadcast
            && run.len() >= 2
            && run.last().is_some_and(|l| {
                han_count(&l.text) <= 4
                    && !l.text.starts_with('—')
                    && !is_bracketed(&l.text, self.surnames)
                    && !SUBTITLE_ENDINGS.iter().any(|w| l.text.ends_with(w))
            }) {
            1
        } else {
            0
        };
        let opens = matches!(follow, Some(Role::Opening) | Some(Role::Byline));
        if broadcast
            && (self.articles.is_empty() || opens)
            && let Some(lead) = echoed_title(run)
        {
            return RunIs::EchoedTitle { lead };
        }
        if self.articles.is_empty() {
            let lead = if broadcast {
                run.len() - 1
            } else {
                run.len().saturating_sub(4)
            };
            return RunIs::NewArticle { lead, tail };
        }
        let photo_item =
            captions_between && matches!(follow, None | Some(Role::Headline) | Some(Role::Closing));
        if photo_item {
            return RunIs::NewArticle {
                lead: run.len() - 1,
                tail: 0,
            };
        }
        match follow {
            // A printed brief may open with `据新华社…电`; under a headline it starts a story.
            Some(Role::Opening) | Some(Role::Byline) | Some(Role::Inner) if !broadcast => {
                RunIs::NewArticle {
                    lead: run.len().saturating_sub(4),
                    tail: 0,
                }
            }
            Some(Role::Opening) | Some(Role::Byline) => RunIs::NewArticle {
                lead: run.len() - 1,
                tail: 0,
            },
            Some(Role::Plain) | Some(Role::Inner) | Some(Role::Caption) | Some(Role::Headline) => {
                // Body text that does not announce a list (`致贺的有：` before names).
                let has_body = self.articles.last().is_some_and(|a| {
                    a.paragraphs
                        .last()
                        .is_some_and(|p| !p.ends_with(['：', ':']))
                });
                if broadcast && run.len() >= 2 && has_body && han_count(&run[0].text) <= 8 {
                    // A digest whose lead line is missing: its title, then its first sub-head.
                    RunIs::NewArticle {
                        lead: 0,
                        tail: run.len() - 1,
                    }
                } else if broadcast {
                    RunIs::Headings
                } else if self.is_closed
                    || self.heading_comes_too_late(run)
                    || (run.len() >= 2 && self.looks_like_headline_block(run))
                {
                    RunIs::NewArticle { lead: 0, tail }
                } else {
                    RunIs::Headings
                }
            }
            Some(Role::Closing) | None => RunIs::Paragraphs,
        }
    }

    /// Section headings structure an article from its start and carry no column tag; a lone
    /// headline-like line after many heading-less paragraphs, or one with a column tag
    /// (`新风正气从哪里来（人民论坛）`), starts the next article.
    fn heading_comes_too_late(&self, run: &[Item]) -> bool {
        let tagged = run.iter().any(|it| has_column_tag(&it.text));
        let late = self
            .articles
            .last()
            .is_some_and(|a| a.headings.is_empty() && a.paragraphs.len() >= 8);
        tagged || late
    }

    /// Several headline-like lines in a row, with plain text after them: a new article's headline
    /// block (a `——` subtitle, or a headline-sized line where the current article has no
    /// headings yet) rather than a two-line section heading (`加强社区防控` / `便民举措贴心`).
    fn looks_like_headline_block(&self, run: &[Item]) -> bool {
        let dash_subtitle = run
            .iter()
            .skip(1)
            .any(|it| it.text.starts_with('—') && han_count(&it.text) >= 4);
        let headline_sized = run.iter().map(|it| han_count(&it.text)).max().unwrap_or(0) >= 14;
        let has_headings = self.articles.last().is_some_and(|a| !a.headings.is_empty());
        dash_subtitle || (headline_sized && !has_headings)
    }

    fn start_article(&mut self, headline: &[Item]) {
        let lines: Vec<&str> = headline.iter().map(|it| it.text.as_str()).collect();
        let (kicker, title, subtitles) = match self.genre {
            Genre::Broadcast => (None, lines.concat(), Vec::new()),
            Genre::Print => read_headline(&lines),
        };
        let first = headline.first().map_or(0, |it| it.first_line);
        let last = headline.last().map_or(first, |it| it.last_line);
        self.articles.push(Article {
            kicker,
            title,
            subtitles,
            source: Source {
                file: self.file.to_string(),
                line_start: first,
                line_end: last,
            },
            ..Article::default()
        });
        self.is_closed = false;
        self.last_paragraph_plain = false;
    }

    /// The current article, or an untitled one for text before the first headline.
    fn current(&mut self, first_line: usize) -> &mut Article {
        if self.articles.is_empty() {
            self.articles.push(Article {
                source: Source {
                    file: self.file.to_string(),
                    line_start: first_line,
                    line_end: first_line,
                },
                ..Article::default()
            });
        }
        let n = self.articles.len();
        &mut self.articles[n - 1]
    }

    fn touch(&mut self, it: &Item) -> &mut Article {
        let a = self.current(it.first_line);
        a.source.line_end = a.source.line_end.max(it.last_line);
        a
    }

    fn body_item(&mut self, it: &Item) {
        match &it.kind {
            Kind::Caption { credit_only } => self.caption(it, *credit_only),
            Kind::Opening(o) => {
                let body = it
                    .text
                    .get(o.body_byte_offset..)
                    .unwrap_or_default()
                    .to_string();
                self.dateline(it, o.dateline.clone());
                if !body.is_empty() {
                    self.paragraph_text(it, body);
                    self.last_paragraph_plain = false;
                }
            }
            Kind::Closing(d) => {
                self.dateline(it, (**d).clone());
                self.is_closed = true;
            }
            Kind::Byline(d) => self.dateline(it, (**d).clone()),
            Kind::Text => self.paragraph_item(it),
        }
    }

    fn dateline(&mut self, it: &Item, d: Dateline) {
        let a = self.touch(it);
        a.layout.push(Block::Dateline(a.datelines.len()));
        a.datelines.push(d);
    }

    /// A plain line as a paragraph, cutting off an end dateline that closes it.
    fn paragraph_item(&mut self, it: &Item) {
        if (is_bracketed(&it.text, self.surnames) || it.text.starts_with("——"))
            && !is_editorial_note(&it.text)
        {
            // A note or signature after a story (`（作者为…）`, `——张三`) ends it; after an
            // epigraph or an editor's note (`——编者`) near the top it does not.
            self.paragraph_text(it, it.text.clone());
            self.is_closed = self.articles.last().is_none_or(|a| a.paragraphs.len() > 3);
            return;
        }
        if let Some((d, at)) = dateline::parse_closing(&it.text, self.surnames) {
            let before = it
                .text
                .get(..at)
                .unwrap_or_default()
                .trim_end_matches(is_space);
            if !before.is_empty() {
                self.paragraph_text(it, before.to_string());
            }
            self.dateline(it, d);
            self.is_closed = true;
            return;
        }
        self.paragraph_text(it, it.text.clone());
        self.last_paragraph_plain = true;
    }

    fn paragraph_text(&mut self, it: &Item, text: String) {
        let a = self.touch(it);
        a.layout.push(Block::Paragraph(a.paragraphs.len()));
        a.paragraphs.push(text);
        self.is_closed = false;
    }

    fn heading(&mut self, it: &Item) {
        let a = self.touch(it);
        a.layout.push(Block::Heading(a.headings.len()));
        a.headings.push(it.text.clone());
    }

    /// A caption; a credit on a line of its own claims the caption text printed just before it.
    fn caption(&mut self, it: &Item, credit_only: bool) {
        let claim_paragraph = credit_only && self.last_paragraph_plain;
        let a = self.touch(it);
        let last = a.layout.last().copied();
        let text = match last {
            Some(Block::Paragraph(p)) if claim_paragraph && p + 1 == a.paragraphs.len() => {
                a.layout.pop();
                let para = a.paragraphs.pop().unwrap_or_default();
                format!("{para} {}", it.text)
            }
            Some(Block::Caption(c))
                if credit_only && a.captions.get(c).is_some_and(|t| credit_start(t).is_none()) =>
            {
                if let Some(t) = a.captions.get_mut(c) {
                    t.push(' ');
                    t.push_str(&it.text);
                }
                self.is_closed = a.paragraphs.is_empty();
                return;
            }
            _ => it.text.clone(),
        };
        a.layout.push(Block::Caption(a.captions.len()));
        a.captions.push(text);
        let photo_only = a.paragraphs.is_empty();
        self.is_closed = photo_only;
        self.last_paragraph_plain = false;
    }
}

/// A line that is one bracketed note: `（作者为本报记者）`, `（2020年11月24日）`.
fn is_bracketed(t: &str, surnames: &Surnames) -> bool {
    t.starts_with(['(', '（'])
        && t.ends_with([')', '）'])
        && dateline::parse_closing(t, surnames).is_none_or(|(_, at)| at > 0)
        && is_balanced(t)
}

/// A headline ending in a bracketed column name: `（人民论坛）`, `(体育大看台)`, `（社论）`.
fn has_column_tag(t: &str) -> bool {
    if !t.ends_with([')', '）']) {
        return false;
    }
    // The bracket group closing the line, nested groups inside it left out
    // (`（现场评论·走向我们的小康生活（15））`).
    let mut depth = 0usize;
    let mut open = None;
    let mut tag_rev = String::new();
    for (b, c) in t.char_indices().rev() {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    open = Some(b);
                    break;
                }
            }
            _ if depth == 1 => tag_rev.push(c),
            _ => {}
        }
    }
    let Some(open) = open else {
        return false;
    };
    // The count includes the closing bracket.
    let tag: String = tag_rev.chars().rev().chain(['）']).collect();
    let n = tag.chars().count();
    // Column names may hold a comma (`（社区防控，我们在行动）`), never a sentence end or digits.
    open > 0
        && (3..=18).contains(&n)
        && !tag
            .chars()
            .any(|c| c.is_ascii_digit() || "。：；".contains(c))
        && (n <= 15 || !tag.contains('，'))
}

/// The first line of a run whose next line repeats part of it (ignoring spaces and punctuation).
fn echoed_title(run: &[Item]) -> Option<usize> {
    let norm = |t: &str| -> String { t.chars().filter(|c| c.is_alphanumeric()).collect() };
    run.windows(2).position(|w| {
        let next = norm(&w[1].text);
        next.chars().count() >= 4 && norm(&w[0].text).contains(&next)
    })
}

fn han_count(t: &str) -> usize {
    t.chars().filter(|&c| is_han(c)).count()
}

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
const SUBTITLE_ENDINGS: &[&str] = &["出席", "主持", "参加", "致辞", "会见", "陪同", "在座"];

/// Reads a printed headline block: an optional kicker, the title, subtitles (`——` lines too).
fn read_headline(lines: &[&str]) -> (Option<String>, String, Vec<String>) {
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
