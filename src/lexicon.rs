//! The one reader of the word lists and tables in `assets/`: `[section]` word lists and
//! tab-separated tables, with `#` comments. An unknown section or a malformed row is an error
//! naming the file and the line, so a typo in a lexicon fails a test instead of silently
//! emptying a list.

use std::collections::BTreeMap;
use std::fmt;

/// A lexicon file's text with the path it is reported under (`assets/...`).
#[derive(Debug, Clone, Copy)]
pub struct AssetText {
    pub path: &'static str,
    pub text: &'static str,
}

/// Embeds `assets/<path>` into the binary as an [`AssetText`], so it runs from any directory.
#[macro_export]
macro_rules! asset_text {
    ($path:literal) => {
        $crate::lexicon::AssetText {
            path: concat!("assets/", $path),
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/", $path)),
        }
    };
}

/// What is wrong with a lexicon file, and where: message, then `file:line`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}: {file}:{line}")]
pub struct LexiconError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl LexiconError {
    pub fn new(file: &str, line: usize, message: impl fmt::Display) -> LexiconError {
        LexiconError {
            file: file.to_string(),
            line,
            message: message.to_string(),
        }
    }
}

/// Lines that carry content: (1-based line number, text without its comment, trimmed).
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.split('#').next().unwrap_or("").trim();
        (!line.is_empty()).then_some((i + 1, line))
    })
}

/// Word lists under `[section]` headings; words are separated by spaces or new lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    lists: BTreeMap<String, Vec<String>>,
}

impl Sections {
    /// Parses `asset`, accepting only the `known` section names; words before the first heading
    /// and unknown headings are errors.
    pub fn parse(asset: AssetText, known: &[&str]) -> Result<Sections, LexiconError> {
        Sections::parse_text(asset.path, asset.text, known)
    }

    /// [`Sections::parse`] of text read at run time (`file` names it in errors).
    pub fn parse_text(file: &str, text: &str, known: &[&str]) -> Result<Sections, LexiconError> {
        let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        for (line_no, line) in content_lines(text) {
            if let Some(rest) = line.strip_prefix('[') {
                let name = rest
                    .strip_suffix(']')
                    .ok_or_else(|| LexiconError::new(file, line_no, "unclosed section heading"))?
                    .trim();
                if !known.contains(&name) {
                    return Err(LexiconError::new(
                        file,
                        line_no,
                        format!("unknown section [{name}]"),
                    ));
                }
                lists.entry(name.to_string()).or_default();
                current = Some(name.to_string());
                continue;
            }
            let Some(section) = &current else {
                return Err(LexiconError::new(
                    file,
                    line_no,
                    "words before the first [section]",
                ));
            };
            lists
                .entry(section.clone())
                .or_default()
                .extend(line.split_whitespace().map(String::from));
        }
        Ok(Sections { lists })
    }

    /// The words of `section`, in file order (empty if the file does not have it).
    pub fn words(&self, section: &str) -> &[String] {
        self.lists.get(section).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// One row of a tab-separated table, with what it needs to report a bad value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    pub file: &'a str,
    pub line: usize,
    pub fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// Field `i` (the column count was checked when the table was read; absent is "").
    pub fn field(&self, i: usize) -> &'a str {
        self.fields.get(i).copied().unwrap_or("")
    }

    /// An error at this row.
    pub fn error(&self, message: impl fmt::Display) -> LexiconError {
        LexiconError::new(self.file, self.line, message)
    }

    /// Field `i` parsed as `T`, or an error naming the column and the value.
    pub fn parse<T: std::str::FromStr>(&self, i: usize, column: &str) -> Result<T, LexiconError> {
        let value = self.field(i);
        value
            .parse()
            .map_err(|_| self.error(format!("bad {column} `{value}`")))
    }
}

/// The rows of a tab-separated table: comment lines (`#` first) and blank lines skipped, each
/// row holding between `min` and `max` fields (fields trimmed of spaces).
pub fn table(asset: AssetText, min: usize, max: usize) -> Result<Vec<Row<'static>>, LexiconError> {
    table_text(asset.path, asset.text, min, max)
}

/// [`table`] of text with the name it is reported under.
fn table_text<'a>(
    file: &'a str,
    text: &'a str,
    min: usize,
    max: usize,
) -> Result<Vec<Row<'a>>, LexiconError> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() < min || fields.len() > max {
            let expected = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(LexiconError::new(
                file,
                i + 1,
                format!(
                    "{} tab-separated fields where {expected} were expected",
                    fields.len()
                ),
            ));
        }
        rows.push(Row {
            file,
            line: i + 1,
            fields,
        });
    }
    Ok(rows)
}

/// A plain word list: words separated by spaces or new lines, `#` comments.
pub fn words(asset: AssetText) -> Vec<&'static str> {
    content_lines(asset.text)
        .flat_map(|(_, line)| line.split_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_collect_words_across_lines_and_skip_comments() {
        let text = "# header\n[a]\nx y # note\nz\n\n[b]\nw\n[a]\nv\n";
        let s = Sections::parse_text("t.txt", text, &["a", "b", "c"]).unwrap();
        assert_eq!(s.words("a"), ["x", "y", "z", "v"]);
        assert_eq!(s.words("b"), ["w"]);
        assert!(s.words("c").is_empty());
        assert_eq!(s.lists.keys().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn unknown_section_names_file_and_line() {
        let err = Sections::parse_text("t.txt", "[a]\nx\n\n[typo]\ny\n", &["a"]).unwrap_err();
        assert_eq!(err.to_string(), "unknown section [typo]: t.txt:4");
    }

    #[test]
    fn words_before_any_section_and_unclosed_headings_are_errors() {
        let err = Sections::parse_text("t.txt", "x\n[a]\n", &["a"]).unwrap_err();
        assert_eq!(err.line, 1);
        let err = Sections::parse_text("t.txt", "[a\nx\n", &["a"]).unwrap_err();
        assert_eq!(err.to_string(), "unclosed section heading: t.txt:1");
    }

    #[test]
    fn table_rows_keep_their_line_and_check_the_field_count() {
        let text = "# a\tb\n1\t2\n\n3\t4\t5\n";
        let rows = table_text("t.tsv", text, 2, 3).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].line, rows[1].field(2)), (4, "5"));
        assert_eq!(rows[0].parse::<u32>(1, "count").unwrap(), 2);
        let err = table_text("t.tsv", "1\n", 2, 2).unwrap_err();
        assert_eq!(
            err.to_string(),
            "1 tab-separated fields where 2 were expected: t.tsv:1"
        );
    }

    #[test]
    fn a_bad_value_names_its_column() {
        let rows = table_text("t.tsv", "x\t2\n", 2, 2).unwrap();
        let err = rows[0].parse::<u32>(0, "year").unwrap_err();
        assert_eq!(err.to_string(), "bad year `x`: t.tsv:1");
    }

    #[test]
    fn word_lists_split_on_any_whitespace() {
        let asset = AssetText {
            path: "t.txt",
            text: "# c\n甲 乙\n丙\n",
        };
        assert_eq!(words(asset), ["甲", "乙", "丙"]);
    }
}
