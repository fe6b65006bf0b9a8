//! Reference dates: the date against which `4日`, `昨`, `今年` are resolved.
//!
//! Priority: `--date`, then a JSON `date` field (set by the reader), then a date in the file name,
//! then the dateline's month and day with the year inferred from the text. None is ever invented.

use super::{Article, DateSource};
use chrono::NaiveDate;

/// Gives every article its reference date, keeping dates the reader already set from JSON.
pub fn assign(articles: &mut [Article], file_name: &str, cli: Option<NaiveDate>) {
    let from_name = date_in_file_name(file_name);
    for a in articles {
        if let Some(d) = cli {
            a.date = Some(d);
            a.date_source = DateSource::Cli;
        } else if a.date_source == DateSource::Json && a.date.is_some() {
            // keep
        } else if let Some(d) = from_name {
            a.date = Some(d);
            a.date_source = DateSource::FileName;
        } else {
            a.date = None;
            a.date_source = DateSource::None;
        }
    }
}

/// A date written in a file name: `2024-11-04`, `2024_11_04`, `20241104` (the last one wins).
pub fn date_in_file_name(file_name: &str) -> Option<NaiveDate> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let b = name.as_bytes();
    let mut found = None;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let date = if run == 8 {
            NaiveDate::parse_from_str(&name[i..i + 8], "%Y%m%d").ok()
        } else if run == 4 && b.len() >= i + 10 {
            let sep = b[i + 4];
            let s = &name[i..i + 10];
            let tail_ok = b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
            if (sep == b'-' || sep == b'_' || sep == b'.') && b[i + 7] == sep && tail_ok {
                NaiveDate::parse_from_str(&s.replace(sep as char, "-"), "%Y-%m-%d").ok()
            } else {
                None
            }
        } else {
            None
        };
        if let Some(d) = date.filter(|d| (1900..=2100).contains(&chrono::Datelike::year(d))) {
            found = Some(d);
        }
        i += run;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn file_name_dates() {
        assert_eq!(date_in_file_name("days/2019-01-03.txt"), d("2019-01-03"));
        assert_eq!(date_in_file_name("20241104-01.txt"), d("2024-11-04"));
        assert_eq!(date_in_file_name("2023-01-01_p5.txt"), d("2023-01-01"));
        assert_eq!(date_in_file_name("000_ecbc3fa7240ad993.txt"), None);
        assert_eq!(date_in_file_name("2024-13-40.txt"), None);
        assert_eq!(date_in_file_name("123456789.txt"), None);
    }
}
