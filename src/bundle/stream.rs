//! Streaming a big JSON Lines file: a reader thread decompresses and cuts the stream into
//! batches of whole lines, sent over a bounded channel; the calling thread parses them meanwhile
//! ([`JsonLines`]). Spent batches go back to the reader, so memory stays a few batches deep.

use super::fields::FieldNames;
use super::json::{JsonLines, Parsed};
use super::progress::Tracker;
use super::source::READ_BUFFER;
use std::io::{self, BufRead};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Bytes per batch of lines handed from the reader thread to the parser.
const BATCH_BYTES: usize = 256 * 1024;
/// Batches in flight between the reader thread and the parser.
const QUEUE_DEPTH: usize = 3;

/// The outcome of streaming one JSON Lines file.
pub(super) struct Streamed {
    pub parsed: Parsed,
    /// Time the reader thread spent reading and decompressing.
    pub read_time: Duration,
    /// Time the calling thread spent parsing.
    pub parse_time: Duration,
    /// Decompressed bytes.
    pub bytes: u64,
    /// A read error that ended the stream early (truncated or corrupt compressed data).
    pub failure: Option<io::Error>,
}

/// Reads JSON Lines from `reader` on a second thread while parsing on this one. Stops early
/// (with what was parsed so far) when the tracker says the load is cancelled. `defer`: build the
/// articles only once the reader (and its decoder) is gone, see [`super::stage::Stage`].
pub(super) fn stream_json_lines(
    reader: Box<dyn BufRead + Send + '_>,
    file: &str,
    defer: bool,
    names: &FieldNames,
    tracker: &Tracker<'_>,
) -> Streamed {
    let (batch_tx, batch_rx) = mpsc::sync_channel::<io::Result<Vec<u8>>>(QUEUE_DEPTH);
    let (spare_tx, spare_rx) = mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || produce_batches(reader, &batch_tx, &spare_rx, tracker));
        let mut lines = JsonLines::new(file, defer, names);
        let mut parse_time = Duration::ZERO;
        let mut failure = None;
        for message in &batch_rx {
            let batch = match message {
                Ok(batch) => batch,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            };
            let started = Instant::now();
            let before = lines.records.len();
            lines.feed(&batch);
            parse_time += started.elapsed();
            tracker.add_articles(lines.records.len() - before);
            // The reader may be gone already; the batch is then simply freed.
            let _ = spare_tx.send(batch);
            if tracker.is_cancelled() {
                break;
            }
        }
        // Hanging up stops the reader at its next send.
        drop(batch_rx);
        let (read_time, bytes) = match producer.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        // The reader has returned, so its decoder is freed before the articles are built; a
        // cancelled load builds none.
        let started = Instant::now();
        let parsed = if tracker.is_cancelled() {
            Parsed::default()
        } else {
            lines.records.finish()
        };
        parse_time += started.elapsed();
        Streamed {
            parsed,
            read_time,
            parse_time,
            bytes,
            failure,
        }
    })
}

/// The reader thread: fills batches of whole lines and sends them; returns its busy time and
/// the bytes it read.
fn produce_batches(
    mut reader: Box<dyn BufRead + Send + '_>,
    batches: &mpsc::SyncSender<io::Result<Vec<u8>>>,
    spares: &mpsc::Receiver<Vec<u8>>,
    tracker: &Tracker<'_>,
) -> (Duration, u64) {
    let mut carry: Vec<u8> = Vec::new();
    let mut busy = Duration::ZERO;
    let mut bytes = 0u64;
    while !tracker.is_cancelled() {
        let mut batch = spares
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BATCH_BYTES + READ_BUFFER));
        batch.clear();
        batch.append(&mut carry);
        let started = Instant::now();
        let filled = fill_batch(&mut *reader, &mut batch);
        busy += started.elapsed();
        bytes += (batch.len()) as u64;
        match filled {
            Ok(false) => {
                // Cut after the last line end; the partial line opens the next batch.
                let cut = memchr::memrchr(b'\n', &batch).map_or(0, |i| i + 1);
                carry.extend_from_slice(batch.get(cut..).unwrap_or_default());
                bytes -= carry.len() as u64;
                batch.truncate(cut);
                if batches.send(Ok(batch)).is_err() {
                    break;
                }
            }
            Ok(true) => {
                let _ = batches.send(Ok(batch));
                break;
            }
            Err(e) => {
                // What was read still counts; its cut-off last record will be reported too.
                if batches.send(Ok(batch)).is_ok() {
                    let _ = batches.send(Err(e));
                }
                break;
            }
        }
    }
    tracker.tick();
    (busy, bytes)
}

/// Reads until `batch` holds at least [`BATCH_BYTES`] and a line end, or the input ends
/// (`Ok(true)`).
fn fill_batch(reader: &mut (dyn BufRead + Send + '_), batch: &mut Vec<u8>) -> io::Result<bool> {
    let mut has_line_end = memchr::memchr(b'\n', batch).is_some();
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(true);
        }
        let n = buf.len();
        has_line_end = has_line_end || memchr::memchr(b'\n', buf).is_some();
        batch.extend_from_slice(buf);
        reader.consume(n);
        if batch.len() >= BATCH_BYTES && has_line_end {
            return Ok(false);
        }
    }
}
