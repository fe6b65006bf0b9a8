//! Full-text search over titles and bodies: a character-bigram index of articles, then an exact
//! check of the candidates, so a query costs what its matches cost, not a scan of the corpus.
//!
//! Text is folded before indexing and searching (full-width ASCII to half-width, ASCII lowercase),
//! so `ＳＫ` finds `SK` and `5g` finds `5G`. A query of several words separated by spaces finds the
//! articles holding all of them.

use crate::bundle::{Article, ArticleId, TextSpan};
use memchr::memmem;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The index of one bundle; built once, then read-only (and kept by the store as it is).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchIndex {
    /// Sorted distinct keys: a bigram packs two chars (`a << 21 | b`), a single char is `1 << 42 | c`.
    keys: Vec<u64>,
    /// `offsets[i]..offsets[i + 1]` is key `i`'s posting list in `postings`.
    offsets: Vec<u32>,
    /// Ascending article ids, delta-encoded as LEB128 varints.
    postings: Vec<u8>,
    articles: usize,
}

/// All hits in one article, for the results list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleHits {
    pub article: ArticleId,
    /// Where each word occurs, in reading order.
    pub hits: Vec<TextSpan>,
}

/// The answer to a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// Articles with hits, in bundle order.
    pub articles: Vec<ArticleHits>,
    /// Hits over all articles.
    pub total_hits: usize,
}

const SINGLE: u64 = 1 << 42;

fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)
            .unwrap_or(c)
            .to_ascii_lowercase(),
        '\u{3000}' => ' ',
        _ => c.to_ascii_lowercase(),
    }
}

/// Folds a text for searching; char offsets are kept (one char in, one char out).
pub fn fold_text(s: &str) -> String {
    s.chars().map(fold).collect()
}

fn bigram(a: char, b: char) -> u64 {
    ((a as u64) << 21) | b as u64
}

/// The keys that any text containing `term` must contain.
fn term_keys(term: &[char]) -> Vec<u64> {
    match term {
        [] => Vec::new(),
        [c] => vec![SINGLE | *c as u64],
        _ => term.windows(2).map(|w| bigram(w[0], w[1])).collect(),
    }
}

fn article_keys(article: &Article) -> Vec<u64> {
    let mut keys = Vec::new();
    for (_, _, text) in article.texts() {
        let mut prev: Option<char> = None;
        for c in text.chars().map(fold) {
            if c.is_whitespace() {
                prev = None;
                continue;
            }
            keys.push(SINGLE | c as u64);
            if let Some(p) = prev {
                keys.push(bigram(p, c));
            }
            prev = Some(c);
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varints(mut bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut last = 0u32;
    let mut first = true;
    std::iter::from_fn(move || {
        if bytes.is_empty() {
            return None;
        }
        let mut v = 0u32;
        let mut shift = 0;
        while let Some((&b, rest)) = bytes.split_first() {
            bytes = rest;
            v |= u32::from(b & 0x7F) << shift;
            shift += 7;
            if b & 0x80 == 0 || shift > 28 {
                break;
            }
        }
        last = if first { v } else { last.wrapping_add(v) };
        first = false;
        Some(last)
    })
}

/// Articles indexed per chunk while building (see [`SearchIndex::build_in_chunks`]).
const BUILD_CHUNK: usize = 8192;

/// The index of one chunk of articles, in the same layout as [`SearchIndex`].
struct Partial {
    keys: Vec<u64>,
    offsets: Vec<u32>,
    postings: Vec<u8>,
}

impl Partial {
    /// From (key, article) pairs sorted by key, then article.
    fn new(pairs: &[(u64, u32)]) -> Partial {
        let mut keys = Vec::new();
        let mut offsets = vec![0u32];
        let mut postings = Vec::with_capacity(pairs.len() * 2);
        let mut i = 0;
        while i < pairs.len() {
            let key = pairs[i].0;
            let mut last = None;
            while i < pairs.len() && pairs[i].0 == key {
                let id = pairs[i].1;
                push_varint(&mut postings, last.map_or(id, |l| id - l));
                last = Some(id);
                i += 1;
            }
            keys.push(key);
            offsets.push(postings.len() as u32);
        }
        postings.shrink_to_fit();
        Partial {
            keys,
            offsets,
            postings,
        }
    }
}

impl SearchIndex {
    /// Indexes every text of every article (in parallel).
    pub fn build(articles: &[Article]) -> SearchIndex {
        SearchIndex::build_in_chunks(articles, BUILD_CHUNK)
    }

    /// Builds from chunks of `chunk` articles: each chunk's (key, article) pairs are sorted and
    /// packed into a partial index, then the partials are merged key by key. Memory stays near
    /// the size of the finished index plus one chunk's pairs, not all pairs of the bundle.
    fn build_in_chunks(articles: &[Article], chunk: usize) -> SearchIndex {
        let partials: Vec<Partial> = articles
            .chunks(chunk.max(1))
            .map(|block| {
                let mut pairs: Vec<(u64, u32)> = block
                    .par_iter()
                    .flat_map_iter(|a| article_keys(a).into_iter().map(move |k| (k, a.id.get())))
                    .collect();
                pairs.par_sort_unstable();
                Partial::new(&pairs)
            })
            .collect();
        let mut keys = Vec::new();
        let mut offsets = vec![0u32];
        let mut postings = Vec::new();
        // Where each partial stands in its keys.
        let mut at = vec![0usize; partials.len()];
        loop {
            let next = partials
                .iter()
                .zip(&at)
                .filter_map(|(p, &i)| p.keys.get(i))
                .min()
                .copied();
            let Some(key) = next else {
                break;
            };
            let mut last: Option<u32> = None;
            for (p, i) in partials.iter().zip(at.iter_mut()) {
                if p.keys.get(*i) != Some(&key) {
                    continue;
                }
                let list = &p.postings[p.offsets[*i] as usize..p.offsets[*i + 1] as usize];
                for id in read_varints(list) {
                    push_varint(&mut postings, last.map_or(id, |l| id - l));
                    last = Some(id);
                }
                *i += 1;
            }
            keys.push(key);
            offsets.push(postings.len() as u32);
        }
        SearchIndex {
            keys,
            offsets,
            postings,
            articles: articles.len(),
        }
    }

    /// Bytes the index holds.
    pub fn heap_size(&self) -> usize {
        self.keys.len() * 8 + self.offsets.len() * 4 + self.postings.len()
    }

    fn posting(&self, key: u64) -> Option<&[u8]> {
        let i = self.keys.binary_search(&key).ok()?;
        Some(&self.postings[self.offsets[i] as usize..self.offsets[i + 1] as usize])
    }

    /// Articles that may hold every term (a superset of the true answer).
    fn candidates(&self, terms: &[Vec<char>]) -> Vec<ArticleId> {
        let mut lists: Vec<&[u8]> = Vec::new();
        for term in terms {
            for key in term_keys(term) {
                match self.posting(key) {
                    Some(p) => lists.push(p),
                    None => return Vec::new(),
                }
            }
        }
        // Shortest list first keeps the intersection small.
        lists.sort_by_key(|p| p.len());
        let Some((first, rest)) = lists.split_first() else {
            return Vec::new();
        };
        let mut current: Vec<u32> = read_varints(first).collect();
        for list in rest {
            if current.is_empty() {
                break;
            }
            let mut keep = Vec::with_capacity(current.len());
            let mut it = read_varints(list).peekable();
            for &id in &current {
                while it.next_if(|&x| x < id).is_some() {}
                if it.peek() == Some(&id) {
                    keep.push(id);
                }
            }
            current = keep;
        }
        current.into_iter().map(ArticleId::new).collect()
    }

    /// Finds the articles holding every word of `query`, with every hit of every word.
    pub fn search(&self, articles: &[Article], query: &str) -> SearchResults {
        let Some(query) = Query::new(query) else {
            return SearchResults::default();
        };
        if self.articles != articles.len() {
            return SearchResults::default();
        }
        let found: Vec<ArticleHits> = self
            .candidates_of(&query)
            .par_iter()
            .filter_map(|&id| query.hits(articles.get(id.index())?))
            .collect();
        let total_hits = found.iter().map(|a| a.hits.len()).sum();
        SearchResults {
            articles: found,
            total_hits,
        }
    }

    /// Articles that may hold every word of `query`, ascending; [`Query::hits`] checks each
    /// (a caller can check them a slice at a time, e.g. a few milliseconds per frame).
    pub fn candidates_of(&self, query: &Query) -> Vec<ArticleId> {
        self.candidates(&query.terms)
    }
}

/// A query ready to run: its folded words and a substring finder for each.
pub struct Query {
    terms: Vec<Vec<char>>,
    finders: Vec<memmem::Finder<'static>>,
}

impl Query {
    /// The words of `query` (separated by spaces), folded; `None` when there is none.
    pub fn new(query: &str) -> Option<Query> {
        let terms: Vec<Vec<char>> = fold_text(query)
            .split_whitespace()
            .map(|t| t.chars().collect())
            .collect();
        if terms.is_empty() {
            return None;
        }
        let finders = terms
            .iter()
            .map(|t| memmem::Finder::new(t.iter().collect::<String>().as_bytes()).into_owned())
            .collect();
        Some(Query { terms, finders })
    }

    /// Every hit of every word in `article`, or `None` unless all words occur.
    pub fn hits(&self, article: &Article) -> Option<ArticleHits> {
        let mut hits = Vec::new();
        let mut matched = vec![false; self.finders.len()];
        for (part, index, text) in article.texts() {
            let folded = fold_text(text);
            for (t, finder) in self.finders.iter().enumerate() {
                let mut last_byte = 0;
                let mut last_char = 0;
                for at in finder.find_iter(folded.as_bytes()) {
                    let start = last_char + folded[last_byte..at].chars().count();
                    let len = self.terms[t].len();
                    hits.push(TextSpan::new(article.id, part, index, start, start + len));
                    matched[t] = true;
                    last_byte = at;
                    last_char = start;
                }
            }
        }
        if !matched.iter().all(|m| *m) {
            return None;
        }
        hits.sort_unstable_by_key(|h| (h.part, h.index, h.start));
        Some(ArticleHits {
            article: article.id,
            hits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::Part;

    fn article(id: u32, title: &str, paragraphs: &[&str]) -> Article {
        Article {
            id: ArticleId::new(id),
            title: title.into(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            ..Article::default()
        }
    }

    fn sample() -> Vec<Article> {
        vec![
            article(
                0,
                "神舟十八号成功着陆",
                &["返回舱在东风着陆场成功着陆。", "航天员状态良好"],
            ),
            article(1, "李强会见哈萨克斯坦总理", &["双方就SK集团合作交换意见"]),
            article(2, "着陆场天气", &["东风着陆场晴"]),
        ]
    }

    #[test]
    fn finds_every_hit_with_char_offsets() {
        let arts = sample();
        let index = SearchIndex::build(&arts);
        let r = index.search(&arts, "着陆");
        assert_eq!(
            r.articles
                .iter()
                .map(|a| a.article.get())
                .collect::<Vec<_>>(),
            [0, 2]
        );
        assert_eq!(r.total_hits, 5);
        let first = &r.articles[0].hits;
        assert_eq!(
            first[0],
            TextSpan::new(ArticleId::new(0), Part::Title, 0, 7, 9)
        );
        assert_eq!(
            first[1],
            TextSpan::new(ArticleId::new(0), Part::Paragraphs, 0, 6, 8)
        );
    }

    #[test]
    fn all_words_must_occur_and_width_is_folded() {
        let arts = sample();
        let index = SearchIndex::build(&arts);
        assert_eq!(index.search(&arts, "东风 航天员").articles.len(), 1);
        assert_eq!(index.search(&arts, "ｓｋ集团").articles[0].article.get(), 1);
        assert!(index.search(&arts, "月球").articles.is_empty());
        assert!(index.search(&arts, "  ").articles.is_empty());
        // Single characters are indexed too.
        assert_eq!(index.search(&arts, "晴").articles[0].article.get(), 2);
    }

    #[test]
    fn bigrams_must_be_adjacent_in_the_text() {
        // 着 and 陆 both occur, but never together: the exact check rejects the candidate.
        let arts = vec![article(0, "着手", &["陆地"])];
        let index = SearchIndex::build(&arts);
        assert!(index.search(&arts, "着陆").articles.is_empty());
    }

    #[test]
    fn building_in_chunks_gives_the_same_index() {
        let arts = sample();
        let whole = SearchIndex::build_in_chunks(&arts, arts.len());
        for chunk in [1, 2, 3] {
            let parts = SearchIndex::build_in_chunks(&arts, chunk);
            assert_eq!(parts.keys, whole.keys, "chunk {chunk}");
            assert_eq!(parts.offsets, whole.offsets, "chunk {chunk}");
            assert_eq!(parts.postings, whole.postings, "chunk {chunk}");
        }
        assert_eq!(
            SearchIndex::build_in_chunks(&[], 4).search(&[], "中国"),
            SearchResults::default()
        );
    }

    #[test]
    fn varints_round_trip() {
        let mut out = Vec::new();
        let ids = [0u32, 1, 200, 70_000, 70_001, 3_000_000];
        let mut last = None;
        for &id in &ids {
            push_varint(&mut out, last.map_or(id, |l| id - l));
            last = Some(id);
        }
        assert_eq!(read_varints(&out).collect::<Vec<_>>(), ids);
    }
}
