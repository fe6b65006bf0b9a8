//! The page as a run of items: its genre (broadcast transcript or printed page), each item's
//! role, and the builder that turns runs of headlines, datelines, paragraphs and captions into
//! articles.

use super::headline::{SUBTITLE_ENDINGS, read_headline};
use super::lines::{
    TERMINALS, credit_start, han_count, has_column_tag, is_bare_date, is_bracketed,
    is_editorial_note, is_headline_like,
};
use super::{Item, Kind};
use crate::bundle::dateline::{self, is_space};
use crate::bundle::{Article, Block, Dateline, DatelinePosition, Source};
use crate::names::Surnames;

/// The articles of a page's items, in page order: the page's genre read first, then its runs
/// segmented into articles.
pub(super) fn articles(items: &[Item], file: &str, surnames: &Surnames) -> Vec<Article> {
    let mut page = PageBuilder {
        file,
        surnames,
        genre: Genre::of(items),
        articles: Vec::new(),
        is_closed: false,
        last_paragraph_plain: false,
    };
    page.segment(items);
    page.articles
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

/// The first line of a run whose next line repeats part of it (ignoring spaces and punctuation).
fn echoed_title(run: &[Item]) -> Option<usize> {
    let norm = |t: &str| -> String { t.chars().filter(|c| c.is_alphanumeric()).collect() };
    run.windows(2).position(|w| {
        let next = norm(&w[1].text);
        next.chars().count() >= 4 && norm(&w[0].text).contains(&next)
    })
}
