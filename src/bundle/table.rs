//! CSV and TSV files of article records under a header row, through the `csv` crate: columns
//! take their roles by name ([`super::fields`]), other columns become metadata. A row with the
//! wrong number of fields is skipped with a note naming its line; the rest loads.

use super::fields::{FieldMapping, FieldNames, Role};
use super::json::{Notes, Parsed};
use super::{Article, DateSource, Source};

/// Reads a table. `Err` when its header names no title or text column.
pub(super) fn read(
    text: &str,
    file: &str,
    delimiter: u8,
    names: &FieldNames,
) -> Result<Parsed, String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        // A TSV's fields are not quoted: an ASCII `"` inside one is text.
        .quoting(delimiter != b'\t')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("cannot read the header row ({e})"))?
        .clone();
    let mut mapping = FieldMapping::default();
    let roles: Vec<Option<Role>> = header.iter().map(|h| names.role(h)).collect();
    for (name, role) in header.iter().zip(&roles) {
        match role {
            Some(r) => mapping.saw_role(*r, name),
            None => mapping.saw_extra(name),
        }
    }
    if !roles
        .iter()
        .any(|r| matches!(r, Some(Role::Title | Role::Text)))
    {
        let shown: Vec<&str> = header.iter().take(12).collect();
        return Err(format!(
            "no title or text column in the header ({}); name them with --map title=F,text=F",
            shown.join(", ")
        ));
    }
    let mut parsed = Parsed {
        mapping,
        ..Parsed::default()
    };
    let mut notes = Notes::default();
    let mut row = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                notes.push(format!("line {line}: row skipped ({e})"));
                continue;
            }
        }
        let line = row.position().map_or(0, |p| p.line()) as usize;
        if row.len() != header.len() {
            notes.push(format!(
                "line {line}: {} fields where the header has {}, row skipped",
                row.len(),
                header.len()
            ));
            continue;
        }
        let mut a = Article {
            source: Source {
                file: file.to_string(),
                line_start: line,
                line_end: line,
            },
            ..Article::default()
        };
        for ((value, role), name) in row.iter().zip(&roles).zip(header.iter()) {
            apply_field(&mut a, *role, name, value, line, &mut notes);
        }
        if a.title.is_empty() && a.paragraphs.is_empty() {
            continue;
        }
        parsed.title_chars += a.title.chars().count() as u64;
        parsed.body_chars += a.body_chars() as u64;
        parsed.articles.push(a);
    }
    parsed.notes = notes;
    Ok(parsed)
}

/// Puts one field of a record where its role says (shared by the record readers that build
/// articles field by field).
pub(super) fn apply_field(
    a: &mut Article,
    role: Option<Role>,
    name: &str,
    value: &str,
    line: usize,
    notes: &mut Notes,
) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let one_line = || value.split_whitespace().collect::<Vec<_>>().join(" ");
    match role {
        Some(Role::Title) => a.title = one_line(),
        Some(Role::Kicker) => a.kicker = Some(one_line()),
        Some(Role::Subtitle) => a.subtitles.push(one_line()),
        Some(Role::Text) => a
            .paragraphs
            .extend(super::json::paragraphs(value).map(str::to_string)),
        Some(Role::Url) => a.url = Some(value.to_string()),
        Some(Role::Media) => a.media = Some(one_line()),
        Some(Role::Date) => match super::crawl::parse_field_date(value) {
            Some(d) => {
                a.date = Some(d);
                a.date_source = DateSource::Record;
            }
            None => notes.push(format!(
                "line {line}: date {value:?} not understood, ignored"
            )),
        },
        None => a.meta.insert(name, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn names() -> FieldNames {
        FieldNames::shipped().expect("shipped field names")
    }

    #[test]
    fn a_csv_with_chinese_headers_loads_with_its_extras() {
        let text = "标题,正文,发布时间,来源,分类\n两会开幕,\"第一段。\n第二段。\",2021-03-05,新华社,时政\n";
        let p = read(text, "a.csv", b',', &names()).expect("a table");
        let a = &p.articles[0];
        assert_eq!(a.title, "两会开幕");
        assert_eq!(a.paragraphs, ["第一段。", "第二段。"]);
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2021, 3, 5));
        assert_eq!(a.media.as_deref(), Some("新华社"));
        assert_eq!(a.meta.get("分类"), Some("时政"));
        assert_eq!(
            p.mapping.describe(),
            "title=标题 text=正文 date=发布时间 media=来源 meta: 分类"
        );
    }

    #[test]
    fn a_row_with_the_wrong_field_count_is_skipped_with_its_line() {
        let text = "title\ttext\n一\t甲\n二\t乙\t多余\n三\t\"丙\n";
        let p = read(text, "a.tsv", b'\t', &names()).expect("a table");
        let titles: Vec<_> = p.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["一", "三"]);
        assert_eq!(p.articles[1].paragraphs, ["\"丙"]);
        let notes = p.notes.into_messages();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("line 3: 3 fields"), "{notes:?}");
    }

    #[test]
    fn a_table_without_title_or_text_is_refused() {
        let e = read("a,b\n1,2\n", "x.csv", b',', &names()).expect_err("no roles");
        assert!(e.contains("--map"), "{e}");
    }
}
