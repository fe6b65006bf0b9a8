//! Reference dates: the date against which `4日`, `昨`, `今年` are resolved.
//!
//! Priority: `--date`, then a record's date field (set by the reader), then a date in the
//! article's URL, in the file name, in the name of a folder it lies in, then the dateline's month
//! and day with the year inferred from the text, then the page's one
//! date (an undated story on a page whose dated stories all carry one date). None is ever
//! invented: an article with no source of a date keeps `None`. Dateline dates (`--MM-DD`) get their year here
//! whenever a reference is known (12月31日 in a 1 January issue is the previous year).

use super::{Article, DateSource};
use chrono::{Datelike as _, NaiveDate};
use std::ops::RangeInclusive;

/// The years a reference date, and every date resolved against one, may have: four digits, as
/// TIMEX3 values and every date written out spell them. A date outside is no date.
pub const YEARS: RangeInclusive<i32> = 1..=9999;

/// Whether `date` lies in [`YEARS`].
pub fn in_range(date: NaiveDate) -> bool {
    YEARS.contains(&date.year())
}

/// A reference date as given on the command line: `YYYY-MM-DD` with a four-digit year in
/// [`YEARS`] (no sign, no fifth digit). The error is one line naming the value.
pub fn parse_reference(s: &str) -> Result<NaiveDate, String> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let date = match parts.as_slice() {
        [y, m, d] if digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2) => {
            match (y.parse(), m.parse(), d.parse()) {
                (Ok(y), Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            }
        }
        _ => None,
    };
    date.filter(|d| in_range(*d)).ok_or_else(|| {
        format!("`{s}` is not a date from 0001-01-01 to 9999-12-31 (want YYYY-MM-DD)")
    })
}

/// Gives every article its reference date, keeping dates the reader already set from JSON, and
/// completes the years of dateline dates.
pub fn assign(articles: &mut [Article], file_name: &str, cli: Option<NaiveDate>) {
    // A date from outside the range (set by a caller that did not check it) is no date.
    let cli = cli.filter(|d| in_range(*d));
    let from_name = date_in_file_name(file_name);
    let from_folder = date_in_folder_names(file_name);
    let mut page_mentions: Option<Vec<YearMention>> = None;
    for i in 0..articles.len() {
        let a = &articles[i];
        let record = (a.date_source == DateSource::Record)
            .then_some(a.date)
            .flatten()
            .filter(|d| in_range(*d));
        let from_url = a.url.as_deref().and_then(date_in_url);
        let reference = cli.or(record).or(from_url).or(from_name).or(from_folder);
        let year_guess = if reference.is_none()
            && a.datelines
                .iter()
                .any(|d| month_day(d.date.as_deref()).is_some())
        {
            // A page's stories share its date: read the years of the whole page. A long list of
            // records (a JSON file) is no page: there each story speaks for itself.
            let own;
            let mentions = if articles.len() <= PAGE_ARTICLES {
                page_mentions.get_or_insert_with(|| year_mentions(articles.iter()))
            } else {
                own = year_mentions(std::iter::once(a));
                &own
            };
            Some(mentions.clone())
        } else {
            None
        };
        let a = &mut articles[i];
        let mut first_dateline_date = None;
        for d in &mut a.datelines {
            let Some((m, day)) = month_day(d.date.as_deref()) else {
                continue;
            };
            let full = match (reference, &year_guess) {
                (Some(r), _) => nearest_date(m, day, r),
                (None, Some(mentions)) => {
                    infer_year(mentions, m).and_then(|y| NaiveDate::from_ymd_opt(y, m, day))
                }
                (None, None) => None,
            };
            // 1 January of year 9999 read beside a 31 December dateline stays unresolved.
            if let Some(f) = full.filter(|d| in_range(*d)) {
                d.date = Some(f.format("%Y-%m-%d").to_string());
                first_dateline_date.get_or_insert(f);
            }
        }
        if let Some(d) = cli {
            a.date = Some(d);
            a.date_source = DateSource::Cli;
        } else if record.is_some() {
            // keep the record's date
        } else if let Some(d) = from_url {
            a.date = Some(d);
            a.date_source = DateSource::Url;
        } else if let Some(d) = from_name {
            a.date = Some(d);
            a.date_source = DateSource::FileName;
        } else if let Some(d) = from_folder {
            a.date = Some(d);
            a.date_source = DateSource::FolderName;
        } else if let Some(d) = first_dateline_date.or_else(|| opening_date(a)) {
            a.date = Some(d);
            a.date_source = DateSource::Dateline;
        } else {
            a.date = None;
            a.date_source = DateSource::None;
        }
    }
    if articles.len() <= PAGE_ARTICLES {
        date_from_page(articles);
    }
}

/// The date of a dateline that still opens an article's first paragraph (one-article files and
/// records keep it in the text), its year inferred from the article's own text.
fn opening_date(a: &Article) -> Option<NaiveDate> {
    if !a.datelines.is_empty() {
        return None;
    }
    let first = a.paragraphs.first()?;
    let opening = super::dateline::parse_opening(first, &crate::names::Surnames::default())?;
    let (month, day) = month_day(opening.dateline.date.as_deref())?;
    let year = infer_year(&year_mentions(std::iter::once(a)), month)?;
    NaiveDate::from_ymd_opt(year, month, day).filter(|d| in_range(*d))
}

/// An undated article of a page takes the page's date when every dated article of the page has
/// the same one.
fn date_from_page(articles: &mut [Article]) {
    let mut dates = articles.iter().filter_map(|a| a.date);
    let Some(first) = dates.next() else {
        return;
    };
    if dates.any(|d| d != first) {
        return;
    }
    for a in articles.iter_mut().filter(|a| a.date.is_none()) {
        a.date = Some(first);
        a.date_source = DateSource::Page;
    }
}

/// At most this many articles come from one printed or broadcast page.
const PAGE_ARTICLES: usize = 200;

/// Month and day of a dateline date written `--MM-DD` (or already `YYYY-MM-DD`: then none).
fn month_day(date: Option<&str>) -> Option<(u32, u32)> {
    let rest = date?.strip_prefix("--")?;
    let (m, d) = rest.split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

/// The date with this month and day nearest to `reference` (datelines precede their issue by a
/// day or so, so 12月31日 read in a 1 January issue is the previous year). May leave
/// [`YEARS`] at its ends; the caller checks.
pub fn nearest_date(month: u32, day: u32, reference: NaiveDate) -> Option<NaiveDate> {
    (reference.year() - 1..=reference.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - reference).num_days().abs())
}

/// A year written in the text: `2024年`, with its month when one follows (`2024年10月`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct YearMention {
    year: i32,
    month: Option<u32>,
}

/// Years mentioned as past or present: not targets (`到2035年`, `2025年前`, `自…起施行`), not
/// later than this year's clock.
fn year_mentions<'a>(articles: impl Iterator<Item = &'a Article>) -> Vec<YearMention> {
    let this_year = chrono::Utc::now().year();
    let mut out = Vec::new();
    for a in articles {
        for (_, _, text) in a.texts() {
            scan_years(text, this_year, &mut out);
        }
    }
    out
}

fn scan_years(text: &str, this_year: i32, out: &mut Vec<YearMention>) {
    let cs: Vec<char> = text.chars().collect();
    let digit = |c: char| c.to_digit(10).filter(|_| c.is_ascii_digit());
    let mut i = 0;
    while i + 4 < cs.len() {
        let is_start = i == 0 || digit(cs[i - 1]).is_none();
        let four: Option<u32> = cs[i..i + 4]
            .iter()
            .try_fold(0u32, |n, &c| digit(c).map(|d| n * 10 + d));
        let (Some(y), true, Some('年')) = (four, is_start, cs.get(i + 4).copied()) else {
            i += 1;
            continue;
        };
        let year = y as i32;
        let mut j = i + 5;
        let mut month = None;
        let mut m = 0u32;
        let mut k = j;
        while k < cs.len() && k < j + 2 {
            match digit(cs[k]) {
                Some(d) => m = m * 10 + d,
                None => break,
            }
            k += 1;
        }
        if k > j && cs.get(k) == Some(&'月') && (1..=12).contains(&m) {
            month = Some(m);
            j = k + 1;
        }
        let before: String = cs[i.saturating_sub(2)..i].iter().collect();
        let after: String = cs[j..(j + 6).min(cs.len())].iter().collect();
        let target = before.ends_with(['到', '—', '－', '-', '~', '～'])
            || (before.ends_with('至') && !before.ends_with("截至"))
            || before.ends_with("将")
            || before.ends_with("将于")
            || after.starts_with('前')
            || after.starts_with("以前")
            || (after.contains('起') && !after.contains("以来"));
        if (1900..=this_year).contains(&year) && !target {
            out.push(YearMention { year, month });
        }
        i = j;
    }
}

/// The year of a dateline in `month`, when the text names a month close before the dateline's
/// (`2024年10月` on a page datelined 11月4日 → 2024; `2023年12月` for 1月2日 → 2024): news looks
/// back a few months from its dateline. Bare years (`2008年`, `2035年`) say too little: no year.
fn infer_year(mentions: &[YearMention], month: u32) -> Option<i32> {
    let (year, m) = mentions
        .iter()
        .filter_map(|x| x.month.map(|m| (x.year, m)))
        .max()?;
    if mentions.iter().any(|x| x.year > year) {
        return None;
    }
    if m <= month && month - m <= 3 {
        Some(year)
    } else if m >= month + 9 {
        Some(year + 1)
    } else {
        None
    }
}

/// A date written in a file name: `2024-11-04`, `2024_11_04`, `20241104` (the last one wins).
/// The date in the nearest folder name of a path that has one (`2020/0302/01.txt` has none:
/// each name is read alone).
pub fn date_in_folder_names(path: &str) -> Option<NaiveDate> {
    let mut parts: Vec<&str> = path.split(['/', '\\']).collect();
    parts.pop();
    parts.into_iter().rev().find_map(date_in_file_name)
}

/// The first date a URL's path spells: `/2020-03/02/`, `/2020-03-02/`, `/2020/03/02/`,
/// `/2020/0302/`, `_20200302_`, `/20200302/`, `t20200302_` (the host is not read).
pub fn date_in_url(url: &str) -> Option<NaiveDate> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    // Runs of digits with the one char before each.
    let b = path.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let len = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            runs.push((i, len));
            i += len;
        } else {
            i += 1;
        }
    }
    let num = |(at, len): (usize, usize)| path.get(at..at + len)?.parse::<u32>().ok();
    let sep_between = |a: (usize, usize), b: (usize, usize)| {
        b.0 == a.0 + a.1 + 1 && matches!(path.as_bytes()[a.0 + a.1], b'-' | b'/' | b'_' | b'.')
    };
    let ymd = |y: u32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
            .filter(|d| (1900..=2100).contains(&d.year()) && in_range(*d))
    };
    for (k, &run) in runs.iter().enumerate() {
        let found = match run.1 {
            8 => num(run).and_then(|n| ymd(n / 10000, n / 100 % 100, n % 100)),
            4 => {
                let next = runs.get(k + 1).copied().filter(|&n| sep_between(run, n));
                let third =
                    next.and_then(|n| runs.get(k + 2).copied().filter(|&t| sep_between(n, t)));
                match (next, third) {
                    (Some(m), Some(d)) if m.1 <= 2 && d.1 <= 2 => ymd(num(run)?, num(m)?, num(d)?),
                    (Some(md), _) if md.1 == 4 => {
                        let md_n = num(md)?;
                        ymd(num(run)?, md_n / 100, md_n % 100)
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

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
    fn url_dates() {
        for (url, date) in [
            (
                "http://paper.people.com.cn/rmrb/html/2020-03/02/nw.D110000renmrb_20200302_1-01.htm",
                "2020-03-02",
            ),
            (
                "https://news.sina.com.cn/c/2019-01-03/doc-ihqfskcn3.shtml",
                "2019-01-03",
            ),
            (
                "http://www.xinhuanet.com/politics/2016/0105/c1001.htm",
                "2016-01-05",
            ),
            ("http://x.cn/a/2021/05/15/b.html", "2021-05-15"),
            ("http://www.gov.cn/xinwen/t20230530_1.htm", "2023-05-30"),
            ("http://x.cn/n_20231010_3.html", "2023-10-10"),
        ] {
            assert_eq!(date_in_url(url), d(date), "{url}");
        }
        for url in [
            "http://20200302.cn/a.htm",
            "http://x.cn/a/123456789.htm",
            "http://x.cn/2020-13/40/",
        ] {
            assert_eq!(date_in_url(url), None, "{url}");
        }
    }

    #[test]
    fn folder_dates_come_from_the_nearest_folder() {
        assert_eq!(
            date_in_folder_names("crawl/20200302/20200302-01-01.txt"),
            d("2020-03-02")
        );
        assert_eq!(
            date_in_folder_names("2019/2020-05-01/a.txt"),
            d("2020-05-01")
        );
        assert_eq!(date_in_folder_names("体育/0.txt"), None);
        assert_eq!(date_in_folder_names("20200302.txt"), None);
    }

    #[test]
    fn an_articles_url_dates_it_before_its_file_name() {
        let mut a = [Article {
            url: Some("http://x.cn/2020-03/02/a.htm".into()),
            ..Article::default()
        }];
        assign(&mut a, "20231010/20231010-01.txt", None);
        assert_eq!(
            (a[0].date, a[0].date_source),
            (d("2020-03-02"), DateSource::Url)
        );
        let mut b = [Article::default()];
        assign(&mut b, "crawl/20231010/01-01.txt", None);
        assert_eq!(
            (b[0].date, b[0].date_source),
            (d("2023-10-10"), DateSource::FolderName)
        );
    }

    #[test]
    fn a_dateline_left_in_a_records_text_dates_it_last() {
        let mut a = [Article {
            paragraphs: vec![
                "新华社北京3月1日电  截至2020年2月底，又有8省市贫困县全部摘帽。".into(),
            ],
            ..Article::default()
        }];
        assign(&mut a, "x.jsonl", None);
        assert_eq!(
            (a[0].date, a[0].date_source),
            (d("2020-03-01"), DateSource::Dateline)
        );
        assert!(a[0].datelines.is_empty());
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

    fn article_with(dateline_date: &str, paragraph: &str) -> Article {
        Article {
            datelines: vec![crate::bundle::Dateline {
                date: Some(dateline_date.into()),
                ..Default::default()
            }],
            paragraphs: vec![paragraph.into()],
            ..Article::default()
        }
    }

    #[test]
    fn dateline_without_year_takes_the_latest_year_the_page_mentions() {
        let mut a = [article_with(
            "--11-04",
            "2023年12月,会议召开。截至2024年10月,全国共有志愿者。到2035年基本实现。",
        )];
        assign(&mut a, "page.txt", None);
        assert_eq!(a[0].date, d("2024-11-04"));
        assert_eq!(a[0].date_source, DateSource::Dateline);
        assert_eq!(a[0].datelines[0].date.as_deref(), Some("2024-11-04"));
    }

    #[test]
    fn bare_years_alone_give_no_date() {
        let mut a = [article_with(
            "--03-09",
            "2008年北京奥运会之后，到2035年基本实现。",
        )];
        assign(&mut a, "page.txt", None);
        assert_eq!(a[0].date, None);
        assert_eq!(a[0].datelines[0].date.as_deref(), Some("--03-09"));
    }

    #[test]
    fn december_mention_in_a_january_story_means_the_next_year() {
        let mut a = [article_with("--01-02", "2023年12月,方案印发。")];
        assign(&mut a, "page.txt", None);
        assert_eq!(a[0].date, d("2024-01-02"));
    }

    #[test]
    fn file_name_date_resolves_a_year_end_dateline_to_the_previous_year() {
        let mut a = [article_with("--12-31", "")];
        assign(&mut a, "2023-01-01_p5.txt", None);
        assert_eq!(a[0].date, d("2023-01-01"));
        assert_eq!(a[0].date_source, DateSource::FileName);
        assert_eq!(a[0].datelines[0].date.as_deref(), Some("2022-12-31"));
    }

    #[test]
    fn an_undated_story_takes_the_one_date_of_its_page() {
        let page = |second: &str| {
            let mut page = vec![
                article_with("--11-04", "截至2024年10月,全国共有志愿者。"),
                article_with(second, "2024年9月,会议召开。"),
                Article {
                    paragraphs: vec!["本报讯 杭州援建的气象站投入使用。".into()],
                    ..Article::default()
                },
            ];
            assign(&mut page, "page.txt", None);
            page
        };
        let one_date = page("--11-04");
        assert_eq!(one_date[2].date, d("2024-11-04"));
        assert_eq!(one_date[2].date_source, DateSource::Page);
        // Two dates on the page: no date is invented for the third story.
        let two_dates = page("--11-05");
        assert_eq!(two_dates[1].date, d("2024-11-05"));
        assert_eq!(two_dates[2].date, None);
    }

    #[test]
    fn no_year_anywhere_gives_no_date() {
        let mut a = [article_with("--11-04", "会议在京举行。")];
        assign(&mut a, "page.txt", None);
        assert_eq!(a[0].date, None);
        assert_eq!(a[0].date_source, DateSource::None);
        assert_eq!(a[0].datelines[0].date.as_deref(), Some("--11-04"));
    }

    #[test]
    fn cli_date_wins_and_completes_dateline_years() {
        let mut a = [article_with("--11-04", "2019年。")];
        assign(&mut a, "2020-01-01.txt", d("2024-11-05"));
        assert_eq!(a[0].date, d("2024-11-05"));
        assert_eq!(a[0].date_source, DateSource::Cli);
        assert_eq!(a[0].datelines[0].date.as_deref(), Some("2024-11-04"));
    }
}
