//! News as people keep it (issue 15): crawl files of one article each scored against their
//! `TRUTH.json`, page dumps still split as pages, and JSON Lines, CSV, TSV (with `--map`), Sogou
//! XML and HTML versions of known articles giving the crawl's titles, dates and paragraphs.

mod common;

use kanbao::bundle::{self, Article, Bundle, DateSource, FieldOverrides, LoadOptions};
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(rel: &str) -> PathBuf {
    Path::new(FIXTURES).join(rel)
}

fn load_with(path: &Path, opts: &LoadOptions) -> Bundle {
    bundle::load_path(path, opts, &|_| {}).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(path: &Path) -> Bundle {
    load_with(path, &LoadOptions::default())
}

fn json_file(path: &Path) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => m,
        other => panic!("{}: {other:?}", path.display()),
    }
}

fn file_name(a: &Article) -> &str {
    a.source.file.rsplit('/').next().unwrap_or_default()
}

/// Scores one crawl folder against its TRUTH.json: (files, right kicker, title, subtitle, date).
fn score_crawl(dir: &str, reader: &str) -> [usize; 5] {
    let path = fixture(dir);
    let bundle = load(&path);
    let truth = json_file(&path.join("TRUTH.json"));
    assert_eq!(
        bundle.stats.readers.get(reader),
        Some(&truth.len()),
        "{dir}: {:?}",
        bundle.stats.readers
    );
    assert_eq!(
        bundle.articles.len(),
        truth.len(),
        "{dir}: one article per file"
    );
    let mut right = [truth.len(), 0, 0, 0, 0];
    for a in &bundle.articles {
        let want = &truth[file_name(a)];
        let s = |k: &str| want[k].as_str().unwrap_or_default().to_string();
        let kicker = a.kicker.clone().unwrap_or_default();
        let subtitle = a.subtitles.join(" ");
        let date = a.date.map(|d| d.to_string()).unwrap_or_default();
        for (i, (got, want, what)) in [
            (&kicker, s("kicker"), "kicker"),
            (&a.title, s("title"), "title"),
            (&subtitle, s("subtitle"), "subtitle"),
            (&date, s("date"), "date"),
        ]
        .into_iter()
        .enumerate()
        {
            if *got == want {
                right[i + 1] += 1;
            } else {
                eprintln!("{dir}/{}: {what} {got:?}, want {want:?}", file_name(a));
            }
        }
        for text in a
            .kicker
            .iter()
            .chain([&a.title])
            .chain(&a.subtitles)
            .chain(&a.paragraphs)
        {
            for label in ["连接：", "标题：", "内容：", "http://", "https://"] {
                assert!(
                    !text.contains(label),
                    "{dir}/{}: {label} in {text:?}",
                    file_name(a)
                );
            }
        }
        assert!(!a.paragraphs.is_empty(), "{dir}/{}", file_name(a));
    }
    eprintln!("{dir}: {right:?} (files, kicker, title, subtitle, date right)");
    right
}

#[test]
fn labelled_crawl_files_are_one_article_each_and_match_their_truth() {
    let [files, kicker, title, subtitle, date] =
        score_crawl("formats/crawl-labelled/20200302", "crawl, labelled");
    assert_eq!([kicker, title, subtitle, date], [files; 4]);
    let bundle = load(&fixture("formats/crawl-labelled"));
    let a = &bundle.articles[0];
    assert!(a.url.as_deref().is_some_and(|u| u.contains("2020-03/02")));
    assert_eq!(a.date_source, DateSource::Url);
    assert_eq!(
        bundle.stats.field_maps.keys().collect::<Vec<_>>(),
        ["title=标题 text=内容 url=连接"]
    );
}

#[test]
fn headline_first_crawl_files_are_one_article_each_and_match_their_truth() {
    let [files, kicker, title, subtitle, date] =
        score_crawl("formats/crawl-plain/20231010", "crawl, headline first");
    assert_eq!([kicker, title, subtitle, date], [files; 4]);
}

#[test]
fn dates_come_from_the_folder_when_the_file_name_has_none() {
    let dir = tempdir("folder-date");
    let day = dir.join("20231010");
    std::fs::create_dir_all(&day).expect("a day folder");
    let src = fixture("formats/crawl-plain/20231010/20231010-01-03.txt");
    std::fs::copy(&src, day.join("01-03.txt")).expect("copy");
    let bundle = load(&dir);
    let a = &bundle.articles[0];
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-10-10"));
    assert_eq!(a.date_source, DateSource::FolderName);
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kanbao-formats-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp folder");
    dir
}

#[test]
fn page_dumps_are_still_read_as_pages() {
    for dir in ["pages", "days"] {
        let bundle = load(&fixture(dir));
        let files = bundle.stats.files;
        assert_eq!(
            bundle.stats.readers.get("page dump"),
            Some(&files),
            "{dir}: {:?}",
            bundle.stats.readers
        );
        assert!(
            bundle.articles.len() > files * 3,
            "{dir}: pages hold many articles"
        );
        assert!(bundle.stats.field_maps.is_empty());
    }
}

/// The known articles (from the labelled crawl) by title: kicker, subtitle, date, paragraphs.
fn known() -> Vec<(String, Value)> {
    json_file(&fixture("formats/KNOWN.json"))
        .into_iter()
        .map(|(_, v)| (v["title"].as_str().unwrap_or_default().to_string(), v))
        .collect()
}

/// Each known article is in `bundle` with the same title, date and paragraphs.
fn assert_known(bundle: &Bundle, what: &str, at_least: usize) {
    let mut found = 0;
    for (title, want) in known() {
        let Some(a) = bundle.articles.iter().find(|a| a.title == title) else {
            continue;
        };
        found += 1;
        let paragraphs: Vec<&str> = want["paragraphs"]
            .as_array()
            .map(|v| v.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(a.paragraphs, paragraphs, "{what}: {title}");
        assert_eq!(
            a.date.map(|d| d.to_string()).as_deref(),
            want["date"].as_str(),
            "{what}: {title}"
        );
    }
    assert!(found >= at_least, "{what}: {found} known articles found");
}

#[test]
fn news2016zh_lines_load_with_source_and_extras_and_a_bad_line_is_a_warning() {
    let bundle = load(&fixture("formats/news2016zh.jsonl"));
    assert_known(&bundle, "news2016zh", 3);
    assert_eq!(bundle.articles.len(), 4);
    let a = &bundle.articles[0];
    assert_eq!(a.media.as_deref(), Some("人民日报"));
    assert_eq!(a.meta.get("keywords"), Some("疫情，复工"));
    assert!(a.meta.get("news_id").is_some() && a.meta.get("desc").is_some());
    assert_eq!(bundle.warnings.len(), 1, "{:?}", bundle.warnings);
    assert!(bundle.warnings[0].message.starts_with("line 4"));
    assert_eq!(
        bundle.stats.field_maps.keys().collect::<Vec<_>>(),
        ["title=title text=content date=time media=source meta: news_id keywords desc"]
    );
}

#[test]
fn a_csv_with_chinese_headers_loads_and_a_short_row_is_a_warning() {
    let bundle = load(&fixture("formats/articles.csv"));
    assert_known(&bundle, "csv", 3);
    assert_eq!(bundle.articles.len(), 4);
    assert!(bundle.articles[0].url.is_some());
    assert_eq!(bundle.articles[0].meta.get("分类"), Some("要闻"));
    assert_eq!(bundle.warnings.len(), 1, "{:?}", bundle.warnings);
    assert!(
        bundle.warnings[0]
            .message
            .contains("3 fields where the header has 6")
    );
}

#[test]
fn a_table_of_unknown_field_names_needs_a_map() {
    let path = fixture("formats/mapped.tsv");
    let err = bundle::load_path(&path, &LoadOptions::default(), &|_| {})
        .expect_err("no title or text column");
    assert!(err.to_string().contains("--map"), "{err}");
    let opts = LoadOptions {
        map: FieldOverrides::parse("title=大字,text=文,date=日子").expect("a map"),
        ..LoadOptions::default()
    };
    let bundle = load_with(&path, &opts);
    assert_eq!(bundle.articles.len(), 3);
    assert_eq!(bundle.articles[0].date_source, DateSource::Record);
    assert_eq!(bundle.articles[0].meta.get("编号"), Some("0"));
}

#[test]
fn sogou_xml_in_gb18030_loads_past_bad_bytes_and_an_unclosed_doc() {
    let bundle = load(&fixture("formats/news.sohunews.010806.txt"));
    assert_eq!(bundle.stats.readers.get("Sogou XML"), Some(&1));
    assert_eq!(bundle.articles.len(), 4);
    let titles: Vec<&str> = bundle.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles[3], "没有结尾的记录");
    // The stray byte costs one character of one paragraph; the others match.
    let clean = bundle::Bundle {
        articles: bundle.articles[1..3].to_vec(),
        ..Bundle::default()
    };
    assert_known(&clean, "sogou", 2);
    let messages: Vec<&str> = bundle.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("<doc> not closed")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("byte")), "{messages:?}");
}

#[test]
fn html_pages_give_the_headline_and_the_article_text_only() {
    let epaper = load(&fixture("formats/epaper.html"));
    assert_known(&epaper, "e-paper", 1);
    let site = load(&fixture("formats/site.html"));
    assert_known(&site, "news site", 1);
    let a = &site.articles[0];
    assert_eq!(a.media.as_deref(), Some("人民网"));
    assert!(a.url.is_some());
    for b in [&epaper, &site] {
        assert_eq!(b.stats.readers.get("HTML"), Some(&1));
        for p in &b.articles[0].paragraphs {
            for furniture in [
                "分享",
                "首页",
                "版权",
                "Copyright",
                "广告",
                "var ",
                "{",
                "热点推荐",
            ] {
                assert!(!p.contains(furniture), "{furniture} in {p:?}");
            }
        }
    }
}

#[test]
fn a_folder_mixing_formats_reads_each_file_by_its_content() {
    let bundle = load(&fixture("formats"));
    let readers: Vec<(&str, usize)> = bundle
        .stats
        .readers
        .iter()
        .map(|(r, n)| (r.as_str(), *n))
        .collect();
    assert_eq!(
        readers,
        [
            ("CSV", 1),
            ("HTML", 2),
            ("JSON Lines", 1),
            ("Sogou XML", 1),
            ("crawl, headline first", 9),
            ("crawl, labelled", 14),
            ("page dump", 1),
        ]
    );
    // README.md is a page; the TRUTH.json files are no records (warnings).
    // mapped.tsv is refused (a warning naming it), the rest loads.
    assert!(
        bundle
            .warnings
            .iter()
            .any(|w| w.file.ends_with("mapped.tsv"))
    );
}

#[test]
fn articles_json_carries_url_source_and_meta_only_when_present() {
    let out = common::kanbao()
        .args(["articles", "--json"])
        .arg(fixture("formats/news2016zh.jsonl"))
        .output()
        .expect("run kanbao");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let first = &v[0];
    assert_eq!(first["media"], "人民日报");
    assert_eq!(first["meta"]["keywords"], "疫情，复工");
    // The record's order is kept (serde_json's map would sort the keys: read the text).
    let text = String::from_utf8_lossy(&out.stdout);
    let at = |key: &str| text.find(&format!("\"{key}\": ")).unwrap_or(usize::MAX);
    assert!(
        at("news_id") < at("keywords") && at("keywords") < at("desc"),
        "{text}"
    );
    let out = common::kanbao()
        .args(["articles", "--json"])
        .arg(fixture("pages/2020-05-01_p1.txt"))
        .output()
        .expect("run kanbao");
    let text = String::from_utf8_lossy(&out.stdout);
    for key in ["\"url\"", "\"media\"", "\"meta\""] {
        assert!(!text.contains(key), "{key} in a page dump's articles");
    }
}

#[test]
fn stats_prints_a_line_per_reader_and_the_field_mapping() {
    let out = common::kanbao()
        .args(["stats"])
        .arg(fixture("formats"))
        .output()
        .expect("run kanbao");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("reader        crawl, labelled: 14 files"),
        "{text}"
    );
    assert!(text.contains("reader        HTML: 2 files"), "{text}");
    assert!(
        text.contains("fields        title=标题 text=内容 url=连接 (14 files)"),
        "{text}"
    );
    let out = common::kanbao()
        .args(["stats", "--map", "title=大字,text=文,date=日子"])
        .arg(fixture("formats/mapped.tsv"))
        .output()
        .expect("run kanbao");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("fields        title=大字 text=文 date=日子 meta: 编号 (1 file)"),
        "{text}"
    );
    let out = common::kanbao()
        .args(["stats", "--map", "heading=x"])
        .arg(fixture("formats/mapped.tsv"))
        .output()
        .expect("run kanbao");
    assert!(!out.status.success());
}

#[test]
fn a_huge_single_line_in_any_format_loads_or_warns_without_hanging() {
    let dir = tempdir("huge");
    let long = "很长的一行没有换行，".repeat(150_000); // 4.5 MB
    let files = [
        ("a.txt", long.clone()),
        ("b.csv", format!("title,text\n题,\"{long}")),
        (
            "c.xml",
            format!("<doc><contenttitle>题</contenttitle><content>{long}"),
        ),
        (
            "d.html",
            format!("<html><body><h1>题</h1><div><p>{long}</p></div></body></html>"),
        ),
        ("e.jsonl", format!("{{\"title\":\"题\",\"text\":\"{long}")),
        (
            "f.txt",
            format!("连接：http://x.cn/\n标题：\n题\n\n内容：\n　　{long}"),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    let started = std::time::Instant::now();
    let bundle = load(&dir);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    let readers: Vec<&str> = bundle.stats.readers.keys().map(String::as_str).collect();
    assert_eq!(
        readers,
        [
            "CSV",
            "HTML",
            "JSON Lines",
            "Sogou XML",
            "crawl, labelled",
            "page dump"
        ]
    );
    for name in ["c.xml", "e.jsonl"] {
        assert!(
            bundle.warnings.iter().any(|w| w.file.ends_with(name)),
            "{name}: {:?}",
            bundle.warnings
        );
    }
    assert!(
        bundle
            .articles
            .iter()
            .any(|a| a.title == "题" && a.body_chars() > 1_000_000)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
