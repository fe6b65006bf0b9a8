//! A temporary file of values written in blocks and read back in the order written: what a
//! reduce sets aside while it holds something else (`kanbao merge` sets the event candidates
//! aside while it groups the entities). Blocks are encoded as the store's sections are
//! ([`codec::encode`]: postcard, lz4, xxh3-checked); the file is removed when dropped.

use super::codec;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{BufReader, BufWriter, Read as _, Write as _};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// Values of type `T` set aside on disk, a block at a time.
pub struct Spool<T> {
    path: PathBuf,
    out: BufWriter<std::fs::File>,
    /// Each block's bytes and checksum.
    blocks: Vec<(usize, u64)>,
    values: usize,
    kind: PhantomData<T>,
}

impl<T: Serialize + DeserializeOwned> Spool<T> {
    /// A new spool file at `path` (replaced if there is one).
    pub fn create(path: &Path) -> Result<Spool<T>, String> {
        let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
        Ok(Spool {
            path: path.to_path_buf(),
            // Blocks are written whole; a small buffer, as a merge keeps many spools open.
            out: BufWriter::with_capacity(1 << 16, file),
            blocks: Vec::new(),
            values: 0,
            kind: PhantomData,
        })
    }

    /// Sets `block` aside.
    pub fn push(&mut self, block: &[T]) -> Result<(), String> {
        let bytes = codec::encode("spool", &block).map_err(|e| e.to_string())?;
        self.out.write_all(&bytes).map_err(|e| e.to_string())?;
        self.blocks.push((bytes.len(), xxh3_64(&bytes)));
        self.values += block.len();
        Ok(())
    }

    /// Values set aside so far.
    pub fn len(&self) -> usize {
        self.values
    }

    pub fn is_empty(&self) -> bool {
        self.values == 0
    }

    /// Every value set aside, in the order written.
    pub fn read_all(mut self) -> Result<Vec<T>, String> {
        let mut values = Vec::with_capacity(self.values);
        self.each(|value| values.push(value))?;
        Ok(values)
    }

    /// Hands over every value set aside, in the order written, a block in memory at a time;
    /// the spool may be read again and added to afterwards.
    pub fn each(&mut self, mut f: impl FnMut(T)) -> Result<(), String> {
        for value in self.reader()? {
            f(value?);
        }
        Ok(())
    }

    /// Every value set aside, in the order written, read a block at a time as it is asked for.
    pub fn reader(&mut self) -> Result<SpoolReader<'_, T>, String> {
        self.out.flush().map_err(|e| e.to_string())?;
        let file = std::fs::File::open(&self.path).map_err(|e| e.to_string())?;
        Ok(SpoolReader {
            input: BufReader::with_capacity(1 << 20, file),
            blocks: self.blocks.iter(),
            block: Vec::new().into_iter(),
            bytes: Vec::new(),
        })
    }
}

/// A [`Spool`]'s values read back in order ([`Spool::reader`]).
pub struct SpoolReader<'s, T> {
    input: BufReader<std::fs::File>,
    blocks: std::slice::Iter<'s, (usize, u64)>,
    block: std::vec::IntoIter<T>,
    bytes: Vec<u8>,
}

impl<T: DeserializeOwned> Iterator for SpoolReader<'_, T> {
    type Item = Result<T, String>;

    fn next(&mut self) -> Option<Result<T, String>> {
        loop {
            if let Some(value) = self.block.next() {
                return Some(Ok(value));
            }
            let &(len, sum) = self.blocks.next()?;
            self.bytes.resize(len, 0);
            let read = self
                .input
                .read_exact(&mut self.bytes)
                .map_err(|e| e.to_string());
            let block = read.and_then(|()| {
                codec::decode::<Vec<T>>("spool", &self.bytes, sum).map_err(|e| e.to_string())
            });
            match block {
                Ok(block) => self.block = block.into_iter(),
                Err(e) => {
                    // Nothing more after a block that cannot be read.
                    self.blocks = [].iter();
                    return Some(Err(e));
                }
            }
        }
    }
}

impl<T> Drop for Spool<T> {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_come_back_in_order_and_the_file_goes() {
        let path = std::env::temp_dir().join(format!("kanbao-spool-{}", std::process::id()));
        let mut spool: Spool<String> = Spool::create(&path).expect("create");
        spool.push(&["a".to_string(), "b".into()]).expect("push");
        spool.push(&[]).expect("push");
        spool.push(&["c".to_string()]).expect("push");
        assert_eq!(spool.len(), 3);
        let mut first = Vec::new();
        spool.each(|s| first.push(s)).expect("read");
        assert_eq!(first, ["a", "b", "c"]);
        spool.push(&["d".to_string()]).expect("push after a read");
        assert_eq!(spool.read_all().expect("read"), ["a", "b", "c", "d"]);
        assert!(!path.exists());
    }

    #[test]
    fn a_damaged_block_is_an_error_and_nothing_after_it_is_read() {
        let path = std::env::temp_dir().join(format!("kanbao-spool-bad-{}", std::process::id()));
        let mut spool: Spool<String> = Spool::create(&path).expect("create");
        spool.push(&["a".to_string()]).expect("push");
        spool.push(&["b".to_string()]).expect("push");
        spool.out.flush().expect("flush");
        let mut bytes = std::fs::read(&path).expect("read");
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).expect("write");
        let read: Vec<Result<String, String>> = spool.reader().expect("reader").collect();
        assert_eq!(read.len(), 2, "{read:?}");
        assert_eq!(read[0], Ok("a".to_string()));
        assert!(read[1].is_err());
        assert!(spool.read_all().is_err());
    }
}
