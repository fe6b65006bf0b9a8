//! What comes out of a file, checked as it is read ([`Checked`], refusing with a [`Refusal`]):
//! content opening as a binary format is refused, a compressed file may expand only so far
//! ([`ExpansionLimit`]), and a NUL byte ends the reading of any content not in UTF-16. xz files
//! are read stream by stream ([`XzStreams`]): junk after the last one is noted
//! ([`TrailingJunk`]), not fatal.

use super::decode;
use liblzma::stream::{Action, Status, Stream};
use std::io::{self, BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How far one compressed file may expand before it is refused as a decompression bomb: to
/// `ratio` times its size on disk, and never less than `floor` bytes (a small file of repetitive
/// text is no bomb). News compresses 4 to 6 times with xz or gzip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpansionLimit {
    pub ratio: u64,
    pub floor: u64,
}

impl ExpansionLimit {
    /// 32 times, at least 256 MiB: six times what news expands to. (Repeated text expands 130
    /// times with gzip's default level, thousands of times with xz.)
    pub const DEFAULT: ExpansionLimit = ExpansionLimit {
        ratio: 32,
        floor: 256 << 20,
    };
    /// No limit.
    pub const NONE: ExpansionLimit = ExpansionLimit {
        ratio: u64::MAX,
        floor: u64::MAX,
    };

    /// The most bytes a file of `disk_bytes` compressed bytes may expand to.
    pub fn bytes(self, disk_bytes: u64) -> u64 {
        disk_bytes.saturating_mul(self.ratio).max(self.floor)
    }

    /// A limit as written in settings or the environment: a ratio (`32`, at least the default
    /// floor), or `off`.
    pub fn parse(s: &str) -> Result<ExpansionLimit, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("off") {
            return Ok(ExpansionLimit::NONE);
        }
        match s.parse::<u64>() {
            Ok(ratio) if ratio > 0 => Ok(ExpansionLimit {
                ratio,
                ..ExpansionLimit::DEFAULT
            }),
            _ => Err(format!(
                "bad expansion limit `{s}` (want a ratio such as 32, or off)"
            )),
        }
    }
}

impl Default for ExpansionLimit {
    fn default() -> Self {
        ExpansionLimit::DEFAULT
    }
}

/// Why the reading of a file stopped on what it holds: the cause of an [`io::Error`] from an
/// [`super::source::Opened`] reader, found again by [`refusal`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "expands past {} (the limit for {} on disk: {ratio} times, at least {}), refused as a \
         decompression bomb",
        size(*limit),
        size(*disk),
        size(*floor)
    )]
    TooLarge {
        limit: u64,
        ratio: u64,
        disk: u64,
        floor: u64,
    },
    /// Not text: the magic number of a binary format opens it (`PNG image`), or a NUL byte
    /// passed (`NUL bytes`).
    #[error("not a text file ({kind})")]
    NotText { kind: &'static str },
}

impl Refusal {
    /// The refusal of content holding a NUL byte.
    pub const NUL_BYTES: Refusal = Refusal::NotText { kind: "NUL bytes" };
}

/// A size for people: `840 bytes`, `315 KiB`, `256 MiB`, `1.5 GiB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let digits = if value < 10.0 && value.fract() >= 0.05 {
        1
    } else {
        0
    };
    format!("{value:.digits$} {}", UNITS[unit])
}

fn refused(refusal: Refusal) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, refusal)
}

/// The [`Refusal`] behind a read error, if it is one.
pub fn refusal(e: &io::Error) -> Option<&Refusal> {
    e.get_ref()?.downcast_ref::<Refusal>()
}

/// A reader of decompressed content that refuses what a text file cannot be: content that opens
/// with the magic number of a binary format ([`decode::binary_kind`]), more bytes than `limit`,
/// or a NUL byte (unless the content opens with a UTF-16 byte order mark).
pub(super) struct Checked<R> {
    inner: R,
    read: u64,
    limit: Option<(u64, Refusal)>,
    /// Decided by the first bytes: UTF-16 text is full of NULs.
    check_nul: Option<bool>,
}

impl<R> Checked<R> {
    /// `limit`: the most bytes, and the refusal past them; none for a file read as it is.
    pub(super) fn new(inner: R, limit: Option<(u64, Refusal)>) -> Self {
        Checked {
            inner,
            read: 0,
            limit,
            check_nul: None,
        }
    }
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or_default();
        if n > 0 && self.check_nul.is_none() {
            if let Some(kind) = decode::binary_kind(got) {
                return Err(refused(Refusal::NotText { kind }));
            }
            let utf16 = got.starts_with(b"\xFF\xFE") || got.starts_with(b"\xFE\xFF");
            self.check_nul = Some(!utf16);
        }
        if self.check_nul == Some(true) && memchr::memchr(0, got).is_some() {
            return Err(refused(Refusal::NUL_BYTES));
        }
        self.read += n as u64;
        if let Some((limit, refusal)) = &self.limit
            && self.read > *limit
        {
            return Err(refused(refusal.clone()));
        }
        Ok(n)
    }
}

/// Where junk after the last xz stream starts (a byte offset in the file), once seen.
#[derive(Debug, Clone, Default)]
pub struct TrailingJunk(Arc<AtomicU64>);

impl TrailingJunk {
    const NONE: u64 = u64::MAX;

    pub(super) fn new() -> Self {
        TrailingJunk(Arc::new(AtomicU64::new(Self::NONE)))
    }

    fn set(&self, offset: u64) {
        self.0.store(offset, Ordering::Relaxed);
    }

    /// The offset of the first byte of junk, if there was junk.
    pub fn offset(&self) -> Option<u64> {
        Some(self.0.load(Ordering::Relaxed)).filter(|&o| o != Self::NONE)
    }
}

/// The magic number opening every xz stream.
const XZ_MAGIC: &[u8] = b"\xFD7zXZ\x00";

/// The xz streams of a file, one after the other (`cat a.xz b.xz`), each decoded with its own
/// dictionary, freed at its end. Between and after streams, NUL padding is skipped; anything else
/// after a complete stream is junk: reading ends there with everything before it kept, and the
/// junk's offset is noted in [`TrailingJunk`]. A decoding error after some output is held back
/// until that output has been read.
pub struct XzStreams<R> {
    input: R,
    stream: Option<Stream>,
    /// Bytes of a stream's magic number taken from the input to look at, not decoded yet.
    prefix: Vec<u8>,
    /// Compressed bytes taken from the input so far.
    consumed: u64,
    done: bool,
    pending: Option<io::Error>,
    junk: TrailingJunk,
}

impl<R: BufRead> XzStreams<R> {
    pub(super) fn new(input: R, junk: TrailingJunk) -> Self {
        XzStreams {
            input,
            stream: None,
            prefix: Vec::new(),
            consumed: 0,
            done: false,
            pending: None,
            junk,
        }
    }

    /// Skips padding and opens the next stream, or ends the reading (end of file, or junk).
    fn next_stream(&mut self) -> io::Result<()> {
        loop {
            let buf = self.input.fill_buf()?;
            let zeros = buf.iter().take_while(|&&b| b == 0).count();
            if zeros == 0 {
                break;
            }
            self.input.consume(zeros);
            self.consumed += zeros as u64;
        }
        // The magic number may straddle the input's buffer: gather it first.
        while self.prefix.len() < XZ_MAGIC.len() {
            let buf = self.input.fill_buf()?;
            let want = XZ_MAGIC.len() - self.prefix.len();
            let take = buf.len().min(want);
            if take == 0 {
                break;
            }
            self.prefix
                .extend_from_slice(buf.get(..take).unwrap_or_default());
            self.input.consume(take);
        }
        if self.prefix.is_empty() {
            self.done = true;
        } else if self.prefix == XZ_MAGIC {
            let stream = Stream::new_stream_decoder(u64::MAX, 0).map_err(io::Error::from)?;
            self.stream = Some(stream);
        } else {
            self.junk.set(self.consumed);
            self.done = true;
        }
        Ok(())
    }
}

impl<R: BufRead> Read for XzStreams<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        loop {
            if self.done {
                return Ok(0);
            }
            let Some(stream) = self.stream.as_mut() else {
                self.next_stream()?;
                continue;
            };
            let from_prefix = !self.prefix.is_empty();
            let input = if from_prefix {
                self.prefix.as_slice()
            } else {
                self.input.fill_buf()?
            };
            let eof = input.is_empty();
            let (in_before, out_before) = (stream.total_in(), stream.total_out());
            let action = if eof { Action::Finish } else { Action::Run };
            let status = stream.process(input, buf, action);
            let read = (stream.total_out() - out_before) as usize;
            let consumed = (stream.total_in() - in_before) as usize;
            if from_prefix {
                self.prefix.drain(..consumed.min(self.prefix.len()));
            } else {
                self.input.consume(consumed);
            }
            self.consumed += consumed as u64;
            match status {
                Ok(Status::StreamEnd) => {
                    // Frees this stream's dictionary before the next one is opened.
                    self.stream = None;
                    if read > 0 {
                        return Ok(read);
                    }
                }
                Ok(_) if read > 0 => return Ok(read),
                Ok(_) if eof => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "xz data cut short",
                    ));
                }
                Ok(_) if consumed == 0 => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "corrupt xz stream",
                    ));
                }
                Ok(_) => {}
                Err(e) if read > 0 => {
                    self.pending = Some(e.into());
                    return Ok(read);
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    fn xz(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write as _;
        let mut e = liblzma::write::XzEncoder::new(Vec::new(), 0);
        e.write_all(bytes).expect("compress");
        e.finish().expect("compress")
    }

    /// Everything an [`XzStreams`] reads from `bytes` through an input buffer of `capacity`, the
    /// error that ended it, and where junk began.
    fn read_streams(bytes: &[u8], capacity: usize) -> (Vec<u8>, Option<io::Error>, Option<u64>) {
        let junk = TrailingJunk::new();
        let input = BufReader::with_capacity(capacity, bytes);
        let mut streams = XzStreams::new(input, junk.clone());
        let mut out = Vec::new();
        let mut buf = [0u8; 1000];
        let error = loop {
            match streams.read(&mut buf) {
                Ok(0) => break None,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => break Some(e),
            }
        };
        (out, error, junk.offset())
    }

    #[test]
    fn xz_streams_are_read_one_after_the_other_whatever_the_buffer() {
        let (a, b) = ("第一篇。\n".repeat(500), "第二篇。\n".repeat(300));
        let mut both = xz(a.as_bytes());
        let first_len = both.len();
        both.extend_from_slice(&[0; 8]);
        both.extend_from_slice(&xz(b.as_bytes()));
        // Buffers of 7 and 13 bytes cut the second magic number at every offset in turn.
        for capacity in [7, 13, 4096] {
            let (out, error, junk) = read_streams(&both, capacity);
            assert_eq!(out, [a.as_bytes(), b.as_bytes()].concat(), "{capacity}");
            assert!(
                error.is_none() && junk.is_none(),
                "{capacity}: {error:?} {junk:?}"
            );
        }
        let mut junked = both.clone();
        junked.extend_from_slice(b"garbagegarbage");
        let (out, error, junk) = read_streams(&junked, 4096);
        assert_eq!(out.len(), a.len() + b.len());
        assert!(error.is_none());
        assert_eq!(junk, Some(both.len() as u64));
        // Junk that starts like a magic number, then a cut stream: what was decoded is kept.
        let mut cut = xz(a.as_bytes());
        cut.extend_from_slice(b"\xFD7z");
        assert_eq!(read_streams(&cut, 64).2, Some(first_len as u64));
        let cut = &both[..first_len + 8 + 16];
        let (out, error, _) = read_streams(cut, 64);
        assert_eq!(out, a.as_bytes());
        assert!(
            error.is_some(),
            "a cut second stream is an error after the first"
        );
    }

    #[test]
    fn checked_content_stops_at_the_limit_and_at_nul_bytes() {
        let text = "正文。\n".repeat(100_000);
        let refusal = Refusal::TooLarge {
            limit: 1000,
            ratio: 1,
            disk: 1,
            floor: 1000,
        };
        let mut big = Checked::new(text.as_bytes(), Some((1000, refusal.clone())));
        let err = io::copy(&mut big, &mut io::sink()).expect_err("too large");
        assert_eq!(refusal_of(&err), Some(&refusal));
        assert!(err.to_string().contains("decompression bomb"), "{err}");
        let with_nul = [text.as_bytes(), b"\0\0"].concat();
        let mut nul = Checked::new(with_nul.as_slice(), None);
        let err = io::copy(&mut nul, &mut io::sink()).expect_err("NUL bytes");
        assert_eq!(refusal_of(&err), Some(&Refusal::NUL_BYTES));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("正文".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let mut wide = Checked::new(utf16.as_slice(), None);
        assert_eq!(io::copy(&mut wide, &mut io::sink()).ok(), Some(6));
    }

    fn refusal_of(e: &io::Error) -> Option<&Refusal> {
        refusal(e)
    }

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(size(840), "840 bytes");
        assert_eq!(size(322_544), "315 KiB");
        assert_eq!(size(256 << 20), "256 MiB");
        assert_eq!(size(3 << 29), "1.5 GiB");
        let refusal = Refusal::TooLarge {
            limit: 256 << 20,
            ratio: 32,
            disk: 322_544,
            floor: 256 << 20,
        };
        assert_eq!(
            refusal.to_string(),
            "expands past 256 MiB (the limit for 315 KiB on disk: 32 times, at least 256 MiB), \
             refused as a decompression bomb"
        );
    }

    #[test]
    fn expansion_limits_parse_and_scale() {
        let limit = ExpansionLimit::parse("20").expect("a ratio");
        assert_eq!(limit.bytes(1 << 30), 20 << 30);
        assert_eq!(limit.bytes(1000), ExpansionLimit::DEFAULT.floor);
        assert_eq!(ExpansionLimit::parse("off"), Ok(ExpansionLimit::NONE));
        assert_eq!(ExpansionLimit::NONE.bytes(u64::MAX), u64::MAX);
        assert!(ExpansionLimit::parse("0").is_err());
        assert!(ExpansionLimit::parse("-5").is_err());
    }
}
