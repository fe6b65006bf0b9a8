//! Splitting a page dump into articles.
//!
//! First cut: a short line without closing punctuation after a blank line starts an article.

use super::{Article, Block, Source};

const CLOSERS: &[char] = &[
    '。', '！', '？', '”', '…', '；', '：', ')', '）', '!', '?', ';',
];

/// Splits one page of text into articles, in page order.
pub fn split_page(text: &str, file: &str) -> Vec<Article> {
    let mut articles: Vec<Article> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let headline = line.chars().count() <= 40 && !line.ends_with(CLOSERS);
        match articles.last_mut() {
            Some(a) if !(headline && !a.paragraphs.is_empty()) => {
                if headline && a.paragraphs.is_empty() {
                    a.subtitles.push(line.to_string());
                } else {
                    a.layout.push(Block::Paragraph(a.paragraphs.len()));
                    a.paragraphs.push(line.to_string());
                }
                a.source.line_end = n + 1;
            }
            _ => articles.push(Article {
                title: line.to_string(),
                source: Source {
                    file: file.to_string(),
                    line_start: n + 1,
                    line_end: n + 1,
                },
                ..Article::default()
            }),
        }
    }
    articles
}
