//! Decoding at the door: bytes in any supported encoding become UTF-8 text with LF line ends.
//!
//! Supported: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, GB18030 (and its GBK subset) without
//! BOM, told apart from UTF-8 by the share of its bytes that are valid UTF-8 (mostly valid: UTF-8
//! with stray bytes), else by which of the two decodes the bytes with fewer errors. Bytes that
//! cannot be decoded become U+FFFD; the first one's offset is kept for a warning. Binary files
//! (NUL bytes, or the magic number of an image, archive, document or executable) are refused.
//! A byte order mark opening any later line (files joined together) is dropped.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

/// A text encoding the reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 opened by the byte order mark `EF BB BF`.
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GB18030",
        }
    }
}

/// Text decoded from bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    /// Sequences that could not be decoded (each became one U+FFFD).
    pub bad_sequences: usize,
    /// Byte offset in the input of the first sequence that could not be decoded.
    pub first_bad_byte: Option<usize>,
}

impl Decoded {
    /// The warning for the bytes that could not be decoded, if any.
    pub fn bad_bytes_message(&self) -> Option<String> {
        let byte_offset = self.first_bad_byte?;
        let more = match self.bad_sequences {
            0 | 1 => String::new(),
            n => format!(", {} more after it", n - 1),
        };
        Some(format!(
            "invalid {} at byte {byte_offset}{more}, replaced by U+FFFD",
            self.encoding.name()
        ))
    }
}

/// Bytes that are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a text file ({kind})")]
pub struct NotText {
    /// What the bytes look like: `PNG image`, `ZIP archive`, `NUL bytes`.
    pub kind: &'static str,
}

/// Magic numbers of common binary formats, at the start of a file unless an offset is given.
const MAGIC: &[(usize, &[u8], &str)] = &[
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xFF\xD8\xFF", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (8, b"WEBP", "WebP image"),
    (4, b"ftyp", "MP4 video"),
    (0, b"OggS", "Ogg media"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"%PDF-", "PDF document"),
    (0, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "MS Office document"),
    (0, b"PK\x03\x04", "ZIP archive"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"PK\x07\x08", "ZIP archive"),
    (0, b"\x1F\x8B", "gzip data"),
    (0, b"\xFD7zXZ\x00", "xz data"),
    (0, b"BZh", "bzip2 data"),
    (0, b"\x28\xB5\x2F\xFD", "Zstandard data"),
    (0, b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
    (0, b"Rar!\x1A\x07", "RAR archive"),
    (257, b"ustar", "tar archive"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"\x7FELF", "ELF executable"),
    (0, b"\xCA\xFE\xBA\xBE", "Mach-O or Java class file"),
    (0, b"\xCF\xFA\xED\xFE", "Mach-O executable"),
    (0, b"\xCE\xFA\xED\xFE", "Mach-O executable"),
    (0, b"\x00asm", "WebAssembly module"),
    (0, b"\xFF\xFE\x00\x00", "UTF-32 text, unsupported"),
    (0, b"\x00\x00\xFE\xFF", "UTF-32 text, unsupported"),
];

/// What kind of binary file `head` (the first bytes of a file) opens, judged by magic numbers only.
pub fn binary_kind(head: &[u8]) -> Option<&'static str> {
    MAGIC.iter().find_map(|&(at, magic, kind)| {
        let found = head.get(at..at + magic.len()) == Some(magic);
        // `BZh` alone is plain ASCII; bzip2 follows it with a block size digit and a block magic.
        let bzip_ok = magic != b"BZh" || head.get(4..10) == Some(b"1AY&SY");
        (found && bzip_ok).then_some(kind)
    })
}

/// Decodes a whole file: refuses binary data, sniffs the encoding, normalises line ends to LF.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, NotText> {
    if let Some(kind) = binary_kind(&bytes) {
        return Err(NotText { kind });
    }
    let mut decoded = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        decode_with(UTF_16LE, rest, 2, TextEncoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        decode_with(UTF_16BE, rest, 2, TextEncoding::Utf16Be)
    } else if memchr::memchr(0, &bytes).is_some() {
        return Err(NotText { kind: "NUL bytes" });
    } else if bytes.starts_with(b"\xEF\xBB\xBF") {
        let mut bytes = bytes;
        bytes.drain(..3);
        let mut d = decode_unmarked(bytes);
        d.first_bad_byte = d.first_bad_byte.map(|b| b + 3);
        if d.encoding == TextEncoding::Utf8 {
            d.encoding = TextEncoding::Utf8Bom;
        }
        d
    } else {
        decode_unmarked(bytes)
    };
    decoded.text = drop_line_boms(normalize_line_ends(decoded.text));
    Ok(decoded)
}

/// Drops U+FEFF at the start of a line (byte order marks of files joined together); a U+FEFF
/// elsewhere is a zero-width no-break space and stays.
pub fn drop_line_boms(text: String) -> String {
    const BOM: char = '\u{FEFF}';
    if !text.starts_with(BOM) && !text.contains("\n\u{FEFF}") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(line.trim_start_matches(BOM));
    }
    out
}

/// Valid UTF-8 multi-byte sequences outnumber invalid bytes by at least this factor in text that
/// is UTF-8 with stray bytes; GB18030 read as UTF-8 gives the reverse (a valid sequence there
/// is chance, about one in fifty positions).
const UTF8_SHARE: usize = 4;

/// Decodes bytes without a byte order mark as UTF-8, or as GB18030 when that decodes them with
/// fewer errors (valid UTF-8 cut short at the end stays UTF-8, and so does mostly valid UTF-8
/// with stray bytes: see [`UTF8_SHARE`]). Line ends are left as they are.
pub fn decode_unmarked(bytes: Vec<u8>) -> Decoded {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Decoded {
                text,
                encoding: TextEncoding::Utf8,
                bad_sequences: 0,
                first_bad_byte: None,
            };
        }
        // Valid up to a sequence cut by the end of the input: a truncated UTF-8 file.
        Err(e) if e.utf8_error().error_len().is_none() => return utf8_lossy(e.as_bytes()),
        Err(e) => e.into_bytes(),
    };
    let (mut utf8_errors, mut invalid_bytes, mut multibyte) = (0, 0, 0);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            utf8_errors += 1;
            invalid_bytes += chunk.invalid().len();
        }
    }
    if multibyte >= invalid_bytes.saturating_mul(UTF8_SHARE) {
        return utf8_lossy(&bytes);
    }
    let gb = decode_with(GB18030, &bytes, 0, TextEncoding::Gb18030);
    if gb.bad_sequences < utf8_errors {
        gb
    } else {
        utf8_lossy(&bytes)
    }
}

/// UTF-8 with each invalid sequence replaced by U+FFFD, as `String::from_utf8_lossy` does.
fn utf8_lossy(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut bad_sequences = 0;
    let mut first_bad_byte = None;
    let mut byte_offset = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        byte_offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            bad_sequences += 1;
            first_bad_byte.get_or_insert(byte_offset);
            byte_offset += chunk.invalid().len();
        }
    }
    Decoded {
        text,
        encoding: TextEncoding::Utf8,
        bad_sequences,
        first_bad_byte,
    }
}

/// Decodes with `encoding`, counting malformed sequences; `base` is added to reported offsets.
fn decode_with(
    encoding: &'static Encoding,
    bytes: &[u8],
    base: usize,
    label: TextEncoding,
) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(2));
    let mut text = String::with_capacity(capacity);
    let mut read_total = 0;
    let mut bad_sequences = 0;
    let mut first_bad_byte = None;
    loop {
        let rest = bytes.get(read_total..).unwrap_or_default();
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(rest.len().max(16) * 3),
            DecoderResult::Malformed(bad_len, extra) => {
                let at = read_total.saturating_sub(usize::from(bad_len) + usize::from(extra));
                first_bad_byte.get_or_insert(base + at);
                bad_sequences += 1;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    text.shrink_to_fit();
    Decoded {
        text,
        encoding: label,
        bad_sequences,
        first_bad_byte,
    }
}

/// Turns CRLF and lone CR line ends into LF.
pub fn normalize_line_ends(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = memchr::memchr(b'\r', rest.as_bytes()) {
        // `\r` is ASCII, so both cuts fall on char boundaries.
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "新华社北京11月4日电\n国务院总理李强主持召开国务院常务会议。\n";

    fn decoded(bytes: &[u8]) -> Decoded {
        decode(bytes.to_vec()).expect("text, not binary")
    }

    #[test]
    fn plain_utf8_is_kept_as_is() {
        let d = decoded(PAGE.as_bytes());
        assert_eq!((d.text.as_str(), d.encoding), (PAGE, TextEncoding::Utf8));
        assert_eq!(d.first_bad_byte, None);
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(PAGE.as_bytes());
        let d = decoded(&bytes);
        assert_eq!((d.text.as_str(), d.encoding), (PAGE, TextEncoding::Utf8Bom));
    }

    #[test]
    fn utf16_with_bom_in_both_byte_orders() {
        let units: Vec<u16> = "北𨟠村\n".encode_utf16().collect();
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(units.iter().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(units.iter().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decoded(&le).text, "北𨟠村\n");
        assert_eq!(decoded(&le).encoding, TextEncoding::Utf16Le);
        assert_eq!(decoded(&be).text, "北𨟠村\n");
        assert_eq!(decoded(&be).encoding, TextEncoding::Utf16Be);
    }

    #[test]
    fn odd_utf16_length_is_a_bad_byte_at_the_end() {
        let d = decoded(b"\xFF\xFEa\x00b");
        assert_eq!(d.text, "a\u{FFFD}");
        assert_eq!(d.first_bad_byte, Some(4));
    }

    #[test]
    fn gb18030_without_bom_is_detected() {
        let (bytes, _, _) = GB18030.encode(PAGE);
        let d = decoded(&bytes);
        assert_eq!((d.text.as_str(), d.encoding), (PAGE, TextEncoding::Gb18030));
        assert_eq!(d.bad_sequences, 0);
    }

    #[test]
    fn truncated_utf8_stays_utf8_with_the_bad_offset() {
        // `。` is E3 80 82; the cut keeps its first two bytes, at byte 6.
        let text = "会议。";
        let d = decoded(&text.as_bytes()[..text.len() - 1]);
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert_eq!(d.text, "会议\u{FFFD}");
        assert_eq!((d.first_bad_byte, d.bad_sequences), (Some(6), 1));
        assert!(d.bad_bytes_message().is_some_and(|m| m.contains("byte 6")));
    }

    #[test]
    fn a_stray_byte_in_utf8_is_replaced_and_located() {
        let mut bytes = PAGE.as_bytes().to_vec();
        bytes.insert(6, 0xFF);
        let d = decoded(&bytes);
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert_eq!(d.first_bad_byte, Some(6));
        assert_eq!(d.text.replace('\u{FFFD}', ""), PAGE);
    }

    #[test]
    fn byte_order_marks_opening_lines_are_dropped() {
        let joined = "\u{FEFF}甲\n\u{FEFF}\u{FEFF}乙\r\n\u{FEFF}丙\u{FEFF}丁\n";
        let d = decoded(joined.as_bytes());
        assert_eq!(d.text, "甲\n乙\n丙\u{FEFF}丁\n");
        assert_eq!(d.encoding, TextEncoding::Utf8Bom);
    }

    #[test]
    fn stray_bytes_in_mostly_valid_utf8_keep_it_utf8() {
        // One stray byte after every third char: a flip to GB18030 would read fewer errors.
        let mut bytes = Vec::new();
        for (i, c) in PAGE.chars().cycle().take(3000).enumerate() {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            if i % 3 == 0 {
                bytes.push(0xFF);
            }
        }
        let d = decoded(&bytes);
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert_eq!(d.bad_sequences, 1000);
        assert!(d.text.replace('\u{FFFD}', "").starts_with(PAGE));
        // GB18030 with the same stray bytes stays GB18030.
        let (gb, _, _) = GB18030.encode(PAGE);
        let mut gb = gb.into_owned();
        gb.insert(10, 0xFF);
        assert_eq!(decoded(&gb).encoding, TextEncoding::Gb18030);
    }

    #[test]
    fn line_ends_become_lf() {
        assert_eq!(decoded(b"a\r\nb\rc\n\r\n").text, "a\nb\nc\n\n");
        assert_eq!(normalize_line_ends("\r".into()), "\n");
        assert_eq!(normalize_line_ends("无回车".into()), "无回车");
    }

    #[test]
    fn binary_files_are_refused() {
        let cases: [(&[u8], &str); 5] = [
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
            (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3", "PDF document"),
            (b"PK\x03\x04\x14\x00", "ZIP archive"),
            (b"\x7FELF\x02\x01\x01", "ELF executable"),
            ("正文\u{0}正文".as_bytes(), "NUL bytes"),
        ];
        for (bytes, kind) in cases {
            assert_eq!(decode(bytes.to_vec()), Err(NotText { kind }), "{kind}");
        }
    }

    #[test]
    fn text_that_merely_starts_like_a_magic_number_is_text() {
        assert_eq!(decoded(b"BZh is a prefix\n").text, "BZh is a prefix\n");
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(decoded(b"").text, "");
    }
}
