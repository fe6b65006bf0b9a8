//! Full-text search over titles and bodies: a character-bigram index of articles, then an exact
//! check of the candidates, so a query costs what its matches cost, not a scan of the corpus.
//!
//! Text is folded before indexing and searching (full-width ASCII to half-width, ASCII lowercase),
//! so `ＳＫ` finds `SK` and `5g` finds `5G`. A query of several words separated by spaces finds the
//! articles holding all of them; `"a phrase"` (or `“…”`) is one word with its spaces, `-word`
//! drops the articles holding it.
//!
//! Results come in bundle order; [`Ranking`] orders them by relevance (BM25, title hits weighted)
//! and [`SearchOrder`] names the orders a caller offers.

use crate::bundle::{Article, ArticleId, Part, TextSpan};
use chrono::Datelike;
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
    /// Hits of each word of the query, in the query's order, a title hit counting
    /// [`TITLE_WEIGHT`] times (the term frequencies [`Ranking`] reads).
    pub term_hits: Vec<u32>,
    /// Bytes of the article's texts (its length for [`Ranking`]).
    pub length: u32,
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

/// The keys that any text containing `term` must contain (a phrase's pieces between spaces
/// each give theirs: the index holds no pair across a space).
fn term_keys(term: &[char]) -> Vec<u64> {
    term.split(|c| c.is_whitespace())
        .flat_map(|piece| match piece {
            [] => Vec::new(),
            [c] => vec![SINGLE | *c as u64],
            _ => piece.windows(2).map(|w| bigram(w[0], w[1])).collect(),
        })
        .collect()
}

pub(super) fn article_keys(article: &Article) -> Vec<u64> {
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

pub(super) fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(super) fn read_varints(mut bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
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

pub use super::search_build::{SearchIndexBuilder, SpillingIndexBuilder};

impl SearchIndex {
    /// The index of these parts (as [`SearchIndexBuilder::finish`] makes them).
    pub(super) fn from_parts(
        keys: Vec<u64>,
        offsets: Vec<u32>,
        postings: Vec<u8>,
        articles: usize,
    ) -> SearchIndex {
        SearchIndex {
            keys,
            offsets,
            postings,
            articles,
        }
    }

    /// Indexes every text of every article (in parallel).
    pub fn build(articles: &[Article]) -> SearchIndex {
        SearchIndex::build_in_chunks(articles, BUILD_CHUNK)
    }

    /// Builds from chunks of `chunk` articles through a [`SearchIndexBuilder`].
    fn build_in_chunks(articles: &[Article], chunk: usize) -> SearchIndex {
        let mut builder = SearchIndexBuilder::default();
        for block in articles.chunks(chunk.max(1)) {
            builder.add(block);
        }
        builder.finish()
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

/// How many times a hit in the title counts for relevance.
pub const TITLE_WEIGHT: u32 = 3;

/// A query ready to run: its folded words (phrases keep their inner spaces), the words that
/// exclude an article, and a substring finder for each.
pub struct Query {
    terms: Vec<Vec<char>>,
    finders: Vec<memmem::Finder<'static>>,
    excluded: Vec<memmem::Finder<'static>>,
}

/// One word of a query as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryWord {
    /// A word or a quoted phrase the articles must hold.
    Required(String),
    /// A word after `-`: articles holding it are dropped.
    Excluded(String),
}

/// The words of a query, folded: spaces separate words, `"…"` or `“…”` quote a phrase (an
/// unclosed quote runs to the end), a `-` opening a word excludes it (a lone `-` is a word).
pub fn query_words(query: &str) -> Vec<QueryWord> {
    let folded = fold_text(query);
    let mut words = Vec::new();
    let mut chars = folded.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let excluded = c == '-' && chars.clone().nth(1).is_some_and(|n| !n.is_whitespace());
        if excluded {
            chars.next();
        }
        let word: String = match chars.peek() {
            Some('"' | '“') => {
                chars.next();
                let phrase: String = chars
                    .by_ref()
                    .take_while(|&c| c != '"' && c != '”')
                    .collect();
                phrase.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            _ => std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())).collect(),
        };
        if word.is_empty() {
            continue;
        }
        words.push(if excluded {
            QueryWord::Excluded(word)
        } else {
            QueryWord::Required(word)
        });
    }
    words
}

fn finder(word: &str) -> memmem::Finder<'static> {
    memmem::Finder::new(word.as_bytes()).into_owned()
}

impl Query {
    /// The words of `query` (see [`query_words`]); `None` when it requires none.
    pub fn new(query: &str) -> Option<Query> {
        let mut terms = Vec::new();
        let mut excluded = Vec::new();
        for word in query_words(query) {
            match word {
                QueryWord::Required(w) => terms.push(w),
                QueryWord::Excluded(w) => excluded.push(finder(&w)),
            }
        }
        if terms.is_empty() {
            return None;
        }
        Some(Query {
            finders: terms.iter().map(|t| finder(t)).collect(),
            terms: terms.iter().map(|t| t.chars().collect()).collect(),
            excluded,
        })
    }

    /// The words the articles must hold, folded, in the query's order.
    pub fn terms(&self) -> impl Iterator<Item = String> + '_ {
        self.terms.iter().map(|t| t.iter().collect())
    }

    /// Every hit of every word in `article`, or `None` unless all words occur and no excluded
    /// word does.
    pub fn hits(&self, article: &Article) -> Option<ArticleHits> {
        let mut hits = Vec::new();
        let mut term_hits = vec![0u32; self.finders.len()];
        let mut length = 0usize;
        for (part, index, text) in article.texts() {
            let folded = fold_text(text);
            length += folded.len();
            if self
                .excluded
                .iter()
                .any(|f| f.find(folded.as_bytes()).is_some())
            {
                return None;
            }
            let weight = if part == Part::Title { TITLE_WEIGHT } else { 1 };
            for (t, finder) in self.finders.iter().enumerate() {
                let mut last_byte = 0;
                let mut last_char = 0;
                for at in finder.find_iter(folded.as_bytes()) {
                    let start = last_char + folded[last_byte..at].chars().count();
                    let len = self.terms[t].len();
                    hits.push(TextSpan::new(article.id, part, index, start, start + len));
                    term_hits[t] += weight;
                    last_byte = at;
                    last_char = start;
                }
            }
        }
        if term_hits.contains(&0) {
            return None;
        }
        hits.sort_unstable_by_key(|h| (h.part, h.index, h.start));
        Some(ArticleHits {
            article: article.id,
            hits,
            term_hits,
            length: u32::try_from(length).unwrap_or(u32::MAX),
        })
    }
}

/// The orders a result list is offered in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SearchOrder {
    /// Best match first ([`Ranking`]), ties by bundle order.
    #[default]
    Relevance,
    /// Latest article date first; undated articles last, ties by bundle order.
    Newest,
    /// Earliest article date first; undated articles last, ties by bundle order.
    Oldest,
}

impl SearchOrder {
    pub const ALL: [SearchOrder; 3] = [
        SearchOrder::Relevance,
        SearchOrder::Newest,
        SearchOrder::Oldest,
    ];
}

/// The mean length of the articles' texts in bytes (the length [`ArticleHits::length`] counts).
pub fn mean_length(articles: &[Article]) -> f64 {
    let total: usize = articles
        .iter()
        .map(|a| a.texts().map(|(_, _, t)| t.len()).sum::<usize>())
        .sum();
    total as f64 / articles.len().max(1) as f64
}

/// BM25 saturation of term frequency.
const BM25_K1: f64 = 1.2;
/// BM25 length normalisation.
const BM25_B: f64 = 0.75;

/// What relevance needs beyond one article's hits: each word's inverse document frequency and
/// the bundle's mean article length. Scores are BM25 with title hits weighted.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    idf: Vec<f64>,
    mean_length: f64,
}

impl Ranking {
    /// The ranking of `query` over `articles` (indexed by `index`). A word's document frequency
    /// is read from the index (the articles holding all its bigrams), which counts a few
    /// articles too many at worst.
    pub fn new(index: &SearchIndex, articles: &[Article], query: &Query) -> Ranking {
        Ranking::with_mean_length(index, articles.len(), mean_length(articles), query)
    }

    /// As [`Ranking::new`], the bundle's [`mean_length`] known (a caller keeps it per bundle).
    pub fn with_mean_length(
        index: &SearchIndex,
        articles: usize,
        mean_length: f64,
        query: &Query,
    ) -> Ranking {
        let n = articles.max(1) as f64;
        let idf = query
            .terms
            .iter()
            .map(|term| {
                let df = index.candidates(std::slice::from_ref(term)).len() as f64;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        Ranking {
            idf,
            mean_length: mean_length.max(1.0),
        }
    }

    /// The BM25 score of one article's hits.
    pub fn score(&self, found: &ArticleHits) -> f64 {
        let norm = BM25_K1 * (1.0 - BM25_B + BM25_B * f64::from(found.length) / self.mean_length);
        self.idf
            .iter()
            .zip(&found.term_hits)
            .map(|(idf, &tf)| {
                let tf = f64::from(tf);
                idf * tf * (BM25_K1 + 1.0) / (tf + norm)
            })
            .sum()
    }

    /// The positions of `results` in `order`, each result's score given (bundle order breaks
    /// ties; `dates` gives each result's article date).
    pub fn order(
        order: SearchOrder,
        results: &[ArticleHits],
        scores: &[f64],
        dates: impl Fn(ArticleId) -> Option<chrono::NaiveDate>,
    ) -> Vec<usize> {
        let mut positions: Vec<usize> = (0..results.len()).collect();
        let article = |i: usize| results[i].article;
        match order {
            SearchOrder::Relevance => {
                let score = |i: usize| scores.get(i).copied().unwrap_or(0.0);
                positions.sort_by(|&a, &b| {
                    score(b)
                        .total_cmp(&score(a))
                        .then(article(a).cmp(&article(b)))
                });
            }
            SearchOrder::Newest | SearchOrder::Oldest => {
                let newest = order == SearchOrder::Newest;
                positions.sort_by_cached_key(|&i| {
                    let date = dates(article(i));
                    let key = date.map(|d| {
                        let days = i64::from(d.num_days_from_ce());
                        if newest { -days } else { days }
                    });
                    (key.is_none(), key, article(i))
                });
            }
        }
        positions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::search_build::PAIRS_CHUNK;

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
    fn a_builder_fed_in_blocks_of_any_size_gives_the_same_index() {
        // Enough articles that a block is cut into several runs of pairs.
        let chars: Vec<char> = "中国经济发展新闻联播会议北京上海ＳＫ5g".chars().collect();
        let arts: Vec<Article> = (0..2 * PAIRS_CHUNK as u32 + 300)
            .map(|i| {
                let text: String = (0..12)
                    .map(|k| chars[(i as usize * 7 + k * k) % chars.len()])
                    .collect();
                article(i, &format!("第{i}号"), &[&text])
            })
            .collect();
        let mut whole = SearchIndexBuilder::default();
        whole.add(&arts);
        let whole = whole.finish();
        for block in [1, 1000, PAIRS_CHUNK + 1] {
            let mut builder = SearchIndexBuilder::default();
            for part in arts.chunks(block) {
                builder.add(part);
            }
            assert!(builder.heap_size() > 0);
            assert_eq!(builder.finish(), whole, "blocks of {block}");
        }
        // Every article holding a word is found, across the runs.
        let holding = |w: &str| {
            arts.iter()
                .filter(|a| fold_text(&format!("{}\n{}", a.title, a.paragraphs[0])).contains(w))
                .map(|a| a.id)
                .collect::<Vec<_>>()
        };
        for word in ["中国", "sk", "5"] {
            let found: Vec<ArticleId> = whole
                .search(&arts, word)
                .articles
                .iter()
                .map(|a| a.article)
                .collect();
            assert!(!found.is_empty(), "{word}");
            assert_eq!(found, holding(word), "{word}");
        }
    }

    #[test]
    fn query_words_read_phrases_and_exclusions() {
        use QueryWord::{Excluded, Required};
        let words = |q: &str| query_words(q);
        assert_eq!(
            words("李强  \"东风  着陆场\" -天气 － -"),
            [
                Required("李强".into()),
                Required("东风 着陆场".into()),
                Excluded("天气".into()),
                Required("-".into()),
                Required("-".into()),
            ]
        );
        assert_eq!(
            words("“ＳＫ 集团”"),
            [Required("sk 集团".into())],
            "curly quotes, folded"
        );
        assert_eq!(
            words("-\"a b\" \"open"),
            [Excluded("a b".into()), Required("open".into())]
        );
        assert!(words(" \"\" ").is_empty());
        assert!(Query::new("-天气").is_none(), "nothing required");
    }

    #[test]
    fn phrases_keep_their_order_and_exclusions_drop_articles() {
        let mut arts = sample();
        arts.push(article(3, "Long March", &["the Long March 5 rocket"]));
        let index = SearchIndex::build(&arts);
        let ids = |q: &str| -> Vec<u32> {
            index
                .search(&arts, q)
                .articles
                .iter()
                .map(|a| a.article.get())
                .collect()
        };
        assert_eq!(ids("\"long march 5\""), [3]);
        assert_eq!(ids("5 march long"), [3]);
        assert!(ids("\"march long\"").is_empty());
        assert_eq!(ids("着陆"), [0, 2]);
        assert_eq!(ids("着陆 -天气"), [0]);
        assert_eq!(ids("着陆 -晴 -航天员"), Vec::<u32>::new());
        // Every hit of every required word is reported, none of an excluded one.
        let r = index.search(&arts, "东风 航天员 -月球");
        assert_eq!(r.articles[0].term_hits, [1, 1]);
        assert_eq!(r.total_hits, 2);
    }

    /// Articles of the given bodies (and titles), ranked for `query`: their ids, best first.
    fn ranked(docs: &[(&str, &str)], query: &str) -> Vec<u32> {
        let arts: Vec<Article> = docs
            .iter()
            .enumerate()
            .map(|(i, (title, body))| article(i as u32, title, &[body]))
            .collect();
        let index = SearchIndex::build(&arts);
        let results = index.search(&arts, query);
        let q = Query::new(query).expect("a query");
        let ranking = Ranking::new(&index, &arts, &q);
        let scores: Vec<f64> = results.articles.iter().map(|a| ranking.score(a)).collect();
        Ranking::order(SearchOrder::Relevance, &results.articles, &scores, |_| None)
            .into_iter()
            .map(|i| results.articles[i].article.get())
            .collect()
    }

    #[test]
    fn relevance_weighs_titles_counts_lengths_and_rare_words() {
        // A title hit outweighs a body hit.
        assert_eq!(
            ranked(
                &[("今天开会", "长江治理。"), ("长江治理", "今天开会。")],
                "长江"
            ),
            [1, 0]
        );
        // More hits in the same length rank higher.
        assert_eq!(
            ranked(&[("", "长江，黄河。"), ("", "长江，长江。")], "长江"),
            [1, 0]
        );
        // The same hits in a shorter article rank higher.
        let long = format!("长江。{}", "黄河流域生态保护。".repeat(20));
        assert_eq!(ranked(&[("", &long), ("", "长江。")], "长江"), [1, 0]);
        // The rarer word weighs more: 黄河 is in two articles, 长江 in four.
        assert_eq!(
            ranked(
                &[
                    ("", "长江长江黄河"),
                    ("", "长江黄河黄河"),
                    ("", "长江珠江珠江"),
                    ("", "长江淮河淮河"),
                ],
                "长江 黄河"
            ),
            [1, 0]
        );
        // Equal scores keep bundle order.
        assert_eq!(ranked(&[("", "长江"), ("", "长江")], "长江"), [0, 1]);
    }

    #[test]
    fn newest_and_oldest_put_undated_articles_last() {
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2024, 11, d);
        let dates = [day(4), None, day(9), day(4)];
        let results: Vec<ArticleHits> = (0..4)
            .map(|i| ArticleHits {
                article: ArticleId::new(i),
                hits: Vec::new(),
                term_hits: vec![1],
                length: 1,
            })
            .collect();
        let date = |id: ArticleId| dates[id.index()];
        let order = |o| Ranking::order(o, &results, &[0.0; 4], date);
        assert_eq!(order(SearchOrder::Newest), [2, 0, 3, 1]);
        assert_eq!(order(SearchOrder::Oldest), [0, 3, 2, 1]);
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
