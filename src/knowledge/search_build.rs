//! Building a [`SearchIndex`] from articles handed over a block at a time: each block's (key,
//! article) pairs are sorted and packed into a partial index (a *run*), and the runs are merged
//! key by key at the end. [`SearchIndexBuilder`] keeps its runs in memory and builds the index;
//! [`SpillingIndexBuilder`] (`kanbao merge`) keeps them in a temporary file and writes the
//! index's encoding without ever holding it, so its memory does not grow with the text.

use super::search::{SearchIndex, article_keys, push_varint, read_varints};
use crate::bundle::Article;
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Articles whose (key, article) pairs are sorted together while building: bounds the
/// pairs held at once (some 16 bytes × 1,000 per article of news).
pub(super) const PAIRS_CHUNK: usize = 2048;

/// The index of one run of articles as one byte string: for each key in order, the step from
/// the key before, the byte length of its posting list and the list (as [`SearchIndex`]
/// holds it), all LEB128 varints. Some 4 bytes a key where the index's layout takes 12: a
/// build holds many runs of a few thousand articles each.
struct Run {
    bytes: Vec<u8>,
}

fn push_varint64(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The varint at the start of `bytes` and the bytes after it.
fn read_varint64(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut v = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7F) << (7 * i);
        if b & 0x80 == 0 {
            return Some((v, &bytes[i + 1..]));
        }
    }
    None
}

/// A run read key by key: the current key and its posting list, until none is left.
trait RunCursor {
    fn key(&self) -> Option<u64>;
    fn list(&self) -> &[u8];
    fn advance(&mut self) -> io::Result<()>;
}

/// A run in memory.
struct MemoryCursor<'a> {
    rest: &'a [u8],
    key: Option<u64>,
    list: &'a [u8],
}

impl<'a> MemoryCursor<'a> {
    fn new(run: &'a Run) -> MemoryCursor<'a> {
        let mut cursor = MemoryCursor {
            rest: &run.bytes,
            key: Some(0),
            list: &[],
        };
        cursor.step();
        cursor
    }

    fn step(&mut self) {
        let next = read_varint64(self.rest).and_then(|(step, rest)| {
            let (len, rest) = read_varint64(rest)?;
            let len = usize::try_from(len).ok()?.min(rest.len());
            Some((step, &rest[..len], &rest[len..]))
        });
        match (next, self.key) {
            (Some((step, list, rest)), Some(key)) => {
                self.key = Some(key + step);
                self.list = list;
                self.rest = rest;
            }
            _ => self.key = None,
        }
    }
}

impl RunCursor for MemoryCursor<'_> {
    fn key(&self) -> Option<u64> {
        self.key
    }

    fn list(&self) -> &[u8] {
        self.list
    }

    fn advance(&mut self) -> io::Result<()> {
        self.step();
        Ok(())
    }
}

/// A run in a file, read through a small buffer.
struct FileCursor {
    input: io::Take<BufReader<File>>,
    key: Option<u64>,
    list: Vec<u8>,
}

impl FileCursor {
    fn open(path: &Path, start: u64, len: u64) -> io::Result<FileCursor> {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(start))?;
        let mut cursor = FileCursor {
            input: BufReader::with_capacity(1 << 16, file).take(len),
            key: Some(0),
            list: Vec::new(),
        };
        cursor.advance()?;
        Ok(cursor)
    }

    /// The next varint, `None` at the end of the run.
    fn varint(&mut self) -> io::Result<Option<u64>> {
        let mut v = 0u64;
        let mut byte = [0u8];
        for i in 0..10 {
            if self.input.read(&mut byte)? == 0 {
                return match i {
                    0 => Ok(None),
                    _ => Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "run cut short",
                    )),
                };
            }
            v |= u64::from(byte[0] & 0x7F) << (7 * i);
            if byte[0] & 0x80 == 0 {
                return Ok(Some(v));
            }
        }
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "varint too long",
        ))
    }
}

impl RunCursor for FileCursor {
    fn key(&self) -> Option<u64> {
        self.key
    }

    fn list(&self) -> &[u8] {
        &self.list
    }

    fn advance(&mut self) -> io::Result<()> {
        let (Some(key), Some(step)) = (self.key, self.varint()?) else {
            self.key = None;
            return Ok(());
        };
        let cut = || io::Error::new(io::ErrorKind::UnexpectedEof, "run cut short");
        let len = self.varint()?.ok_or_else(cut)?;
        self.list.resize(usize::try_from(len).unwrap_or(0), 0);
        self.input.read_exact(&mut self.list)?;
        self.key = Some(key + step);
        Ok(())
    }
}

/// Hands `out` each key of the runs (consecutive runs of articles, in id order) in order,
/// with the posting lists of the runs holding it joined.
fn merge_runs(
    cursors: &mut [Box<dyn RunCursor + '_>],
    mut out: impl FnMut(u64, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut list = Vec::new();
    while let Some(key) = cursors.iter().filter_map(|c| c.key()).min() {
        list.clear();
        let mut last: Option<u32> = None;
        for cursor in cursors.iter_mut().filter(|c| c.key() == Some(key)) {
            for id in read_varints(cursor.list()) {
                push_varint(&mut list, last.map_or(id, |l| id - l));
                last = Some(id);
            }
            cursor.advance()?;
        }
        out(key, &list)?;
    }
    Ok(())
}

impl Run {
    /// From (key, article) pairs sorted by key, then article.
    fn new(pairs: &[(u64, u32)]) -> Run {
        let mut bytes = Vec::with_capacity(pairs.len() * 2);
        let mut list = Vec::new();
        let mut last_key = 0;
        let mut i = 0;
        while i < pairs.len() {
            let key = pairs[i].0;
            let mut last = None;
            list.clear();
            while i < pairs.len() && pairs[i].0 == key {
                let id = pairs[i].1;
                push_varint(&mut list, last.map_or(id, |l| id - l));
                last = Some(id);
                i += 1;
            }
            Run::push(&mut bytes, key - last_key, &list);
            last_key = key;
        }
        bytes.shrink_to_fit();
        Run { bytes }
    }

    fn push(bytes: &mut Vec<u8>, step: u64, list: &[u8]) {
        push_varint64(bytes, step);
        push_varint64(bytes, list.len() as u64);
        bytes.extend_from_slice(list);
    }

    /// The run of a block of articles (their ids following the last block's), indexed in
    /// parallel a [`PAIRS_CHUNK`] at a time.
    fn of_block(block: &[Article]) -> Run {
        let parts: Vec<Run> = block
            .chunks(PAIRS_CHUNK)
            .map(|part| {
                let mut pairs: Vec<(u64, u32)> = part
                    .par_iter()
                    .flat_map_iter(|a| article_keys(a).into_iter().map(move |k| (k, a.id.get())))
                    .collect();
                pairs.par_sort_unstable();
                Run::new(&pairs)
            })
            .collect();
        match <[Run; 1]>::try_from(parts) {
            Ok([run]) => run,
            Err(parts) => Run::merge(&parts),
        }
    }

    /// Runs of consecutive blocks of articles (in id order) as one.
    fn merge(runs: &[Run]) -> Run {
        let mut bytes = Vec::with_capacity(runs.iter().map(|p| p.bytes.len()).sum());
        let mut last_key = 0;
        let mut cursors = memory_cursors(runs);
        let merged = merge_runs(&mut cursors, |key, list| {
            Run::push(&mut bytes, key - last_key, list);
            last_key = key;
            Ok(())
        });
        debug_assert!(merged.is_ok(), "runs in memory cannot fail");
        Run { bytes }
    }
}

fn memory_cursors(runs: &[Run]) -> Vec<Box<dyn RunCursor + '_>> {
    runs.iter()
        .map(|r| Box::new(MemoryCursor::new(r)) as Box<dyn RunCursor>)
        .collect()
}

/// A [`SearchIndex`] built from articles handed over a block at a time, in bundle order (ids
/// counting on from the block before). Memory stays near the size of the finished index plus
/// one block's pairs, and the articles need not be held together.
#[derive(Default)]
pub struct SearchIndexBuilder {
    runs: Vec<Run>,
    articles: usize,
}

impl SearchIndexBuilder {
    /// Indexes a block of articles (in parallel); their ids must follow the last block's.
    pub fn add(&mut self, block: &[Article]) {
        self.runs.push(Run::of_block(block));
        self.articles += block.len();
    }

    /// Bytes the runs hold.
    pub fn heap_size(&self) -> usize {
        self.runs.iter().map(|p| p.bytes.len()).sum()
    }

    /// The index of every article added.
    pub fn finish(self) -> SearchIndex {
        let mut keys = Vec::new();
        let mut offsets = vec![0u32];
        // Lists joined take no more bytes than apart (a list's first id, whole, becomes a step).
        let mut postings = Vec::with_capacity(self.heap_size());
        let mut cursors = memory_cursors(&self.runs);
        let merged = merge_runs(&mut cursors, |key, list| {
            keys.push(key);
            postings.extend_from_slice(list);
            offsets.push(postings.len() as u32);
            Ok(())
        });
        debug_assert!(merged.is_ok(), "runs in memory cannot fail");
        keys.shrink_to_fit();
        offsets.shrink_to_fit();
        postings.shrink_to_fit();
        SearchIndex::from_parts(keys, offsets, postings, self.articles)
    }
}

/// A [`SearchIndexBuilder`] whose runs wait in a temporary file (removed when dropped): it
/// holds one block's pairs at a time, and [`SpillingIndexBuilder::write_index`] writes the
/// index's encoding from the file.
pub struct SpillingIndexBuilder {
    path: PathBuf,
    out: BufWriter<File>,
    /// Each run's start and length in the file.
    runs: Vec<(u64, u64)>,
    written: u64,
    articles: usize,
}

impl SpillingIndexBuilder {
    /// A builder keeping its runs in a new file at `path` (replaced if there is one).
    pub fn create(path: &Path) -> io::Result<SpillingIndexBuilder> {
        Ok(SpillingIndexBuilder {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(1 << 20, File::create(path)?),
            runs: Vec::new(),
            written: 0,
            articles: 0,
        })
    }

    /// Indexes a block of articles (in parallel); their ids must follow the last block's.
    pub fn add(&mut self, block: &[Article]) -> io::Result<()> {
        let run = Run::of_block(block);
        self.out.write_all(&run.bytes)?;
        let len = run.bytes.len() as u64;
        self.runs.push((self.written, len));
        self.written += len;
        self.articles += block.len();
        Ok(())
    }

    /// Writes the index of every article added as the store encodes a [`SearchIndex`]
    /// (postcard: the keys, the offsets and the postings, each a length and its items, then
    /// the article count) without building it: the runs are merged twice from the file, once
    /// for the keys and offsets (held: they grow with the distinct keys), once for the posting
    /// lists, which go to `out` as they are merged.
    pub fn write_index(mut self, out: &mut dyn Write) -> io::Result<()> {
        self.out.flush()?;
        let cursors = |runs: &[(u64, u64)]| -> io::Result<Vec<Box<dyn RunCursor>>> {
            runs.iter()
                .map(|&(start, len)| {
                    FileCursor::open(&self.path, start, len)
                        .map(|c| Box::new(c) as Box<dyn RunCursor>)
                })
                .collect()
        };
        let mut keys = Vec::new();
        let mut offsets = vec![0u32];
        let mut end = 0usize;
        merge_runs(&mut cursors(&self.runs)?, |key, list| {
            keys.push(key);
            end += list.len();
            offsets.push(end as u32);
            Ok(())
        })?;
        let mut varints = Vec::with_capacity(1 << 16);
        fn flush(varints: &mut Vec<u8>, out: &mut dyn Write) -> io::Result<()> {
            out.write_all(varints)?;
            varints.clear();
            Ok(())
        }
        push_varint64(&mut varints, keys.len() as u64);
        for &key in &keys {
            push_varint64(&mut varints, key);
            if varints.len() >= 1 << 16 {
                flush(&mut varints, out)?;
            }
        }
        push_varint64(&mut varints, offsets.len() as u64);
        for &offset in &offsets {
            push_varint(&mut varints, offset);
            if varints.len() >= 1 << 16 {
                flush(&mut varints, out)?;
            }
        }
        drop((keys, offsets));
        push_varint64(&mut varints, end as u64);
        flush(&mut varints, out)?;
        merge_runs(&mut cursors(&self.runs)?, |_, list| out.write_all(list))?;
        push_varint64(&mut varints, self.articles as u64);
        flush(&mut varints, out)
    }
}

impl Drop for SpillingIndexBuilder {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ArticleId;

    fn article(id: u32, title: &str, text: &str) -> Article {
        Article {
            id: ArticleId::new(id),
            title: title.into(),
            paragraphs: vec![text.into()],
            ..Article::default()
        }
    }

    fn articles(n: u32) -> Vec<Article> {
        let chars: Vec<char> = "中国经济发展新闻联播会议北京上海ＳＫ5g".chars().collect();
        (0..n)
            .map(|i| {
                let text: String = (0..12)
                    .map(|k| chars[(i as usize * 7 + k * k) % chars.len()])
                    .collect();
                article(i, &format!("第{i}号"), &text)
            })
            .collect()
    }

    #[test]
    fn an_index_written_from_runs_in_a_file_is_the_index_encoded() {
        let arts = articles(2 * PAIRS_CHUNK as u32 + 300);
        let path = std::env::temp_dir().join(format!("kanbao-runs-{}", std::process::id()));
        for block in [7, 1000, PAIRS_CHUNK + 1] {
            let mut memory = SearchIndexBuilder::default();
            let mut spilling = SpillingIndexBuilder::create(&path).unwrap();
            for part in arts.chunks(block) {
                memory.add(part);
                spilling.add(part).unwrap();
            }
            let mut written = Vec::new();
            spilling.write_index(&mut written).unwrap();
            assert!(!path.exists(), "the runs' file goes with the builder");
            let index = memory.finish();
            assert_eq!(written, postcard::to_stdvec(&index).unwrap(), "{block}");
            let read: SearchIndex = postcard::from_bytes(&written).unwrap();
            assert_eq!(read, index);
        }
        let mut empty = Vec::new();
        let none = SpillingIndexBuilder::create(&path).unwrap();
        none.write_index(&mut empty).unwrap();
        let index = SearchIndexBuilder::default().finish();
        assert_eq!(empty, postcard::to_stdvec(&index).unwrap());
    }

    #[test]
    fn a_run_cut_short_in_its_file_is_an_error() {
        let path = std::env::temp_dir().join(format!("kanbao-cut-{}", std::process::id()));
        let run = Run::of_block(&articles(40));
        std::fs::write(&path, &run.bytes[..run.bytes.len() - 2]).unwrap();
        let cursor = FileCursor::open(&path, 0, run.bytes.len() as u64 - 2);
        let read = cursor.and_then(|c| {
            let mut cursors: Vec<Box<dyn RunCursor>> = vec![Box::new(c)];
            merge_runs(&mut cursors, |_, _| Ok(()))
        });
        assert!(read.is_err());
        std::fs::remove_file(&path).unwrap();
    }
}
