//! Splitting pages into articles: the sample page's traps, and agreement with `TRUTH.json` for the
//! newspaper pages and broadcast days in `tests/fixtures/`. Run with `-- --nocapture` to see figures.

use kanbao::bundle::{Article, Block, DateSource, DatelinePosition, refdate, split};
use kanbao::names::Surnames;
use serde_json::Value;
use std::collections::HashSet;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn surnames() -> Surnames {
    Surnames::shipped().expect("the shipped surnames parse")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Splits a fixture page and assigns reference dates as the loader does.
fn split_file(dir: &str, name: &str) -> (Vec<Article>, Vec<String>) {
    let text = read(&format!("{dir}/{name}"));
    let mut articles = split::split_page(&text, name, &surnames());
    refdate::assign(&mut articles, name, None);
    (articles, text.lines().map(str::to_string).collect())
}

fn truth(dir: &str) -> serde_json::Map<String, Value> {
    match serde_json::from_str(&read(&format!("{dir}/TRUTH.json"))) {
        Ok(Value::Object(m)) => m,
        other => panic!("{dir}/TRUTH.json: {other:?}"),
    }
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every part of an article appears exactly once in its layout, indexes in range.
fn assert_layout_complete(a: &Article) {
    let mut seen = HashSet::new();
    for b in &a.layout {
        let (ok, key) = match *b {
            Block::Heading(i) => (i < a.headings.len(), (0, i)),
            Block::Paragraph(i) => (i < a.paragraphs.len(), (1, i)),
            Block::Caption(i) => (i < a.captions.len(), (2, i)),
            Block::Dateline(i) => (i < a.datelines.len(), (3, i)),
        };
        assert!(
            ok && seen.insert(key),
            "bad layout block {b:?} in {}",
            a.title
        );
    }
    let parts = a.headings.len() + a.paragraphs.len() + a.captions.len() + a.datelines.len();
    assert_eq!(seen.len(), parts, "layout misses parts of {}", a.title);
}

#[test]
fn sample_page_gives_six_articles_with_their_datelines_and_reporters() {
    let text = read("assets/sample/000_ecbc3fa7240ad993.txt");
    let mut arts = split::split_page(&text, "000_ecbc3fa7240ad993.txt", &surnames());
    refdate::assign(&mut arts, "000_ecbc3fa7240ad993.txt", None);
    let titles: Vec<&str> = arts.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "谱写新时代社会工作高质量发展新篇章",
            "李强分别会见哈萨克斯坦总理、乌兹别克斯坦总理",
            "李强同进博会参展商、采购商代表座谈 中国开放的大门只会越开越大",
            "李强将出席大湄公河次区域经济合作第八次领导人会议",
            "杭州援建阿克苏苹果实景气象监测站",
            "神舟十八号乘组刷新我国航天员在轨飞行时长纪录 在轨时长达192天 昨在东风着陆场成功着陆返回地球",
        ]
    );
    arts.iter().for_each(assert_layout_complete);

    let review = &arts[0];
    assert_eq!(review.subtitles, ["——党的十八大以来社会工作成就综述"]);
    assert_eq!(review.headings.len(), 4);
    assert_eq!(review.datelines.len(), 1);
    let end = &review.datelines[0];
    assert_eq!(end.position, DatelinePosition::End);
    assert_eq!(end.reporters, ["刘硕", "高蕾", "范思翔"]);
    assert_eq!(end.date.as_deref(), Some("2024-11-04"));
    assert_eq!((review.source.line_start, review.source.line_end), (3, 89));
    let body = review.paragraphs.concat();
    for joined in [
        "设立党建引领基层治理协调机制",
        "行业协会商会改革发展部际联席会议",
        "以和为贵传统美德",
    ] {
        assert!(body.contains(joined), "cut line not joined: {joined}");
    }
    assert!(
        review
            .paragraphs
            .last()
            .is_some_and(|p| p.ends_with("新的更大贡献。"))
    );
    assert_eq!(review.date_source, DateSource::Dateline);
    assert_eq!(
        review.date.map(|d| d.to_string()).as_deref(),
        Some("2024-11-04")
    );

    let meetings = &arts[1];
    let reporters: Vec<&[String]> = meetings
        .datelines
        .iter()
        .map(|d| d.reporters.as_slice())
        .collect();
    assert_eq!(reporters, [&["许可", "周蕊"][..], &["许可", "许晓青"][..]]);
    assert_eq!(meetings.datelines[0].place.as_deref(), Some("上海"));
    assert!(meetings.paragraphs[0].starts_with("国务院总理李强"));
    assert_eq!(arts[2].datelines[0].reporters, ["杨金志", "许可"]);
    assert!(arts[3].datelines[0].reporters.is_empty());

    let byline = &arts[4].datelines[0];
    assert_eq!(byline.text, "本报讯(记者 陆斯超 通讯员 严泽玮)");
    assert_eq!(
        (
            byline.reporters.as_slice(),
            byline.correspondents.as_slice()
        ),
        (&["陆斯超".to_string()][..], &["严泽玮".to_string()][..])
    );
    assert_eq!(
        (byline.place.as_deref(), byline.date.as_deref()),
        (None, None)
    );
    assert!(
        arts[4]
            .paragraphs
            .concat()
            .contains("一体式六要素微型气象站")
    );

    let landing = &arts[5];
    assert_eq!(landing.captions.len(), 2);
    assert!(landing.captions[0].ends_with("新华社记者 李鑫 摄"));
    let positions: Vec<DatelinePosition> = landing.datelines.iter().map(|d| d.position).collect();
    assert_eq!(
        positions,
        [
            DatelinePosition::Start,
            DatelinePosition::Inner,
            DatelinePosition::Inner
        ]
    );
    assert_eq!(landing.datelines[1].reporters, ["李国利", "郭明芝"]);
    assert_eq!(
        landing.datelines[1].text,
        "据新华社酒泉11月4日电(记者李国利 郭明芝)"
    );
    let body = landing.paragraphs.concat();
    assert!(body.contains("刷新此前神舟十七号乘组") && body.contains("在执行神舟十八号"));
    assert!(
        landing
            .paragraphs
            .iter()
            .all(|p| !p.contains("供图") && !p.contains("新华社记者 李鑫"))
    );
    assert!(
        landing
            .paragraphs
            .iter()
            .any(|p| p.starts_with("神舟十八号航天员乘组4日返回地球"))
    );
    // The caption that interrupted the cut dateline stands before the joined paragraph.
    let caption_at = landing.layout.iter().position(|b| *b == Block::Caption(1));
    let inner_at = landing.layout.iter().position(|b| *b == Block::Dateline(1));
    assert!(caption_at < inner_at);
    assert_eq!(landing.source.line_end, 177);
}

/// Agreement counters for one data set.
#[derive(Default, Debug)]
struct Score {
    truth_articles: usize,
    our_articles: usize,
    titles_found: usize,
    kickers: usize,
    subtitles: usize,
    headings: usize,
    captions: usize,
    datelines: usize,
    reporters: usize,
    paragraphs: usize,
    extents: usize,
    chars: usize,
}

impl Score {
    fn rate(n: usize, of: usize) -> f64 {
        if of == 0 { 1.0 } else { n as f64 / of as f64 }
    }
    fn recall(&self) -> f64 {
        Self::rate(self.titles_found, self.truth_articles)
    }
    fn precision(&self) -> f64 {
        Self::rate(self.titles_found, self.our_articles)
    }
    fn of_found(&self, n: usize) -> f64 {
        Self::rate(n, self.titles_found)
    }
}

fn dateline_tuple(
    d: &kanbao::bundle::Dateline,
) -> (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    &'static str,
) {
    let pos = match d.position {
        DatelinePosition::Start | DatelinePosition::Inner => "start",
        DatelinePosition::End => "end",
        DatelinePosition::Byline => "byline",
    };
    (
        d.text.clone(),
        d.agency.clone(),
        d.place.clone(),
        d.date.clone(),
        pos,
    )
}

#[test]
fn newspaper_pages_agree_with_truth() {
    let mut total = Score::default();
    for (file, page) in truth("tests/fixtures/pages") {
        let (arts, lines) = split_file("tests/fixtures/pages", &file);
        arts.iter().for_each(assert_layout_complete);
        let mut s = Score {
            our_articles: arts.len(),
            ..Score::default()
        };
        let truth_articles = page["articles"].as_array().cloned().unwrap_or_default();
        s.truth_articles = truth_articles.len();
        for t in &truth_articles {
            let title = t["title"].as_str().unwrap_or_default();
            let Some(a) = arts.iter().find(|a| a.title == title) else {
                println!("  {file}: missed title {title}");
                continue;
            };
            s.titles_found += 1;
            let kicker = t["kicker"].as_str().map(str::to_string);
            s.kickers += usize::from(a.kicker == kicker);
            // TRUTH lists the kicker first among the subtitles; ours keeps it apart.
            let subs: Vec<String> = strs(&t["subtitles"])
                .into_iter()
                .skip(usize::from(kicker.is_some()))
                .collect();
            s.subtitles += usize::from(a.subtitles == subs);
            s.headings += usize::from(a.headings == strs(&t["headings"]));
            let caption_lines = strs(&t["caption_lines"]);
            let captions_ok = a.captions.len() as u64 == t["captions"].as_u64().unwrap_or(0)
                && caption_lines
                    .iter()
                    .all(|l| a.captions.iter().any(|c| c.contains(l.as_str())));
            s.captions += usize::from(captions_ok);
            let want: Vec<Value> = t["datelines"].as_array().cloned().unwrap_or_default();
            let want_tuples: Vec<_> = want
                .iter()
                .map(|d| {
                    let s = |k: &str| d[k].as_str().map(str::to_string);
                    (
                        s("text").unwrap_or_default(),
                        s("agency"),
                        s("place"),
                        s("date"),
                        d["position"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect();
            let got_tuples: Vec<_> = a
                .datelines
                .iter()
                .map(|d| {
                    let (t, ag, p, dt, pos) = dateline_tuple(d);
                    (t, ag, p, dt, pos.to_string())
                })
                .collect();
            let datelines_ok = want_tuples == got_tuples;
            if !datelines_ok {
                println!("  {file}: {title}: datelines {got_tuples:?} != {want_tuples:?}");
            }
            s.datelines += usize::from(datelines_ok);
            let want_reporters: Vec<Vec<String>> =
                want.iter().map(|d| strs(&d["reporters"])).collect();
            let got_reporters: Vec<Vec<String>> =
                a.datelines.iter().map(|d| d.reporters.clone()).collect();
            s.reporters += usize::from(want_reporters == got_reporters);
            let paragraphs_ok =
                a.paragraphs.len() as u64 == t["paragraphs"].as_u64().unwrap_or(u64::MAX);
            if !paragraphs_ok {
                println!(
                    "  {file}: {title}: {} paragraphs, truth {}",
                    a.paragraphs.len(),
                    t["paragraphs"]
                );
            }
            s.paragraphs += usize::from(paragraphs_ok);
            let line = |n: usize| {
                lines
                    .get(n.wrapping_sub(1))
                    .map(|l| l.trim())
                    .unwrap_or_default()
            };
            let extent_ok = line(a.source.line_start)
                == t["first_line"].as_str().unwrap_or_default()
                && line(a.source.line_end) == t["last_line"].as_str().unwrap_or_default();
            s.extents += usize::from(extent_ok);
        }
        println!(
            "pages {file}: titles {}/{} (ours {}), kickers {}, subtitles {}, headings {}, captions {}, datelines {}, reporters {}, paragraphs {}, extents {}",
            s.titles_found,
            s.truth_articles,
            s.our_articles,
            s.kickers,
            s.subtitles,
            s.headings,
            s.captions,
            s.datelines,
            s.reporters,
            s.paragraphs,
            s.extents
        );
        for (sum, part) in [
            (&mut total.truth_articles, s.truth_articles),
            (&mut total.our_articles, s.our_articles),
            (&mut total.titles_found, s.titles_found),
            (&mut total.kickers, s.kickers),
            (&mut total.subtitles, s.subtitles),
            (&mut total.headings, s.headings),
            (&mut total.captions, s.captions),
            (&mut total.datelines, s.datelines),
            (&mut total.reporters, s.reporters),
            (&mut total.paragraphs, s.paragraphs),
            (&mut total.extents, s.extents),
        ] {
            *sum += part;
        }
    }
    let t = &total;
    println!(
        "pages total: title recall {:.3}, precision {:.3}; of found: kickers {:.3}, subtitles {:.3}, headings {:.3}, captions {:.3}, datelines {:.3}, reporters {:.3}, paragraphs {:.3}, extents {:.3}",
        t.recall(),
        t.precision(),
        t.of_found(t.kickers),
        t.of_found(t.subtitles),
        t.of_found(t.headings),
        t.of_found(t.captions),
        t.of_found(t.datelines),
        t.of_found(t.reporters),
        t.of_found(t.paragraphs),
        t.of_found(t.extents)
    );
    assert_eq!(t.truth_articles, 23);
    assert!(t.recall() >= 0.96 && t.precision() >= 0.96, "{t:?}");
    for (name, n) in [
        ("kickers", t.kickers),
        ("subtitles", t.subtitles),
        ("headings", t.headings),
        ("captions", t.captions),
        ("datelines", t.datelines),
        ("reporters", t.reporters),
        ("paragraphs", t.paragraphs),
        ("extents", t.extents),
    ] {
        assert!(t.of_found(n) >= 0.96, "{name}: {n} of {}", t.titles_found);
    }
}

#[test]
fn broadcast_days_agree_with_truth() {
    let mut total = Score::default();
    let mut body_units = 0usize;
    for (file, list) in truth("tests/fixtures/days") {
        let (arts, _) = split_file("tests/fixtures/days", &file);
        arts.iter().for_each(assert_layout_complete);
        let truth_articles = list.as_array().cloned().unwrap_or_default();
        let mut s = Score {
            our_articles: arts.len(),
            truth_articles: truth_articles.len(),
            ..Score::default()
        };
        for t in &truth_articles {
            let title = t["title"].as_str().unwrap_or_default();
            let Some(a) = arts.iter().find(|a| a.title == title) else {
                println!("  {file}: missed title {title}");
                continue;
            };
            s.titles_found += 1;
            // TRUTH counts every body line; ours keeps headings and stand-alone leads apart.
            let standalone = a
                .layout
                .iter()
                .enumerate()
                .filter(|&(i, b)| {
                    matches!(b, Block::Dateline(_))
                        && !matches!(a.layout.get(i + 1), Some(Block::Paragraph(_)))
                })
                .count();
            let units = a.paragraphs.len() + a.headings.len() + standalone;
            body_units += units;
            let paragraphs_ok = units as u64 == t["paragraphs"].as_u64().unwrap_or(u64::MAX);
            if !paragraphs_ok {
                println!(
                    "  {file}: {title}: {units} body lines, truth {}",
                    t["paragraphs"]
                );
            }
            s.paragraphs += usize::from(paragraphs_ok);
            let chars: usize = a
                .paragraphs
                .iter()
                .chain(&a.headings)
                .map(|p| p.chars().count())
                .sum::<usize>()
                + a.datelines
                    .iter()
                    .map(|d| d.text.chars().count())
                    .sum::<usize>();
            let want = t["chars"].as_u64().unwrap_or(0) as usize;
            s.chars += usize::from(chars.abs_diff(want) * 100 <= want.max(1));
            s.datelines += usize::from(
                a.datelines
                    .first()
                    .is_some_and(|d| d.agency.as_deref() == Some("央视网")),
            );
        }
        println!(
            "days {file}: titles {}/{} (ours {}), body lines {}, chars within 1% {}, news lead parsed {}",
            s.titles_found, s.truth_articles, s.our_articles, s.paragraphs, s.chars, s.datelines
        );
        total.truth_articles += s.truth_articles;
        total.our_articles += s.our_articles;
        total.titles_found += s.titles_found;
        total.paragraphs += s.paragraphs;
        total.chars += s.chars;
        total.datelines += s.datelines;
    }
    let t = &total;
    println!(
        "days total: title recall {:.3}, precision {:.3}; of found: body lines {:.3}, chars {:.3}, news leads {:.3} ({body_units} body lines)",
        t.recall(),
        t.precision(),
        t.of_found(t.paragraphs),
        t.of_found(t.chars),
        t.of_found(t.datelines)
    );
    assert_eq!(t.truth_articles, 101);
    assert!(t.recall() >= 0.98 && t.precision() >= 0.98, "{t:?}");
    assert!(
        t.of_found(t.paragraphs) >= 0.97 && t.of_found(t.chars) >= 0.97,
        "{t:?}"
    );
}

#[test]
fn pages_without_a_date_in_their_name_never_get_a_wrong_dateline_year() {
    let (mut right, mut none) = (0, 0);
    for (file, page) in truth("tests/fixtures/pages") {
        let text = read(&format!("tests/fixtures/pages/{file}"));
        let mut arts = split::split_page(&text, "page.txt", &surnames());
        refdate::assign(&mut arts, "page.txt", None);
        let want: Vec<Option<String>> = page["articles"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|a| a["datelines"].as_array().cloned().unwrap_or_default())
            .map(|d| d["date"].as_str().map(str::to_string))
            .collect();
        let got: Vec<&kanbao::bundle::Dateline> = arts.iter().flat_map(|a| &a.datelines).collect();
        assert_eq!(got.len(), want.len(), "{file}");
        for (g, w) in got.iter().zip(&want) {
            match (g.date.as_deref(), w.as_deref()) {
                (Some(d), Some(w)) if !d.starts_with("--") => {
                    assert_eq!(d, w, "{file}: {}", g.text);
                    right += 1;
                }
                _ => none += 1,
            }
        }
        // An undated story takes the page's one date: its stories' dateline day, the issue's
        // day or the day before it.
        let page_date = chrono::NaiveDate::parse_from_str(&file[..10], "%Y-%m-%d").ok();
        for a in &arts {
            match a.date_source {
                DateSource::Dateline => {}
                DateSource::Page => {
                    let (Some(d), Some(p)) = (a.date, page_date) else {
                        panic!("{file}: {} has no page date", a.title);
                    };
                    assert!((p - d).num_days() <= 1 && d <= p, "{file}: {} {d}", a.title);
                }
                _ => assert!(a.date.is_none(), "{file}"),
            }
        }
    }
    println!("dateline years from the text alone: {right} right, {none} left open");
    assert!(right >= 8);
}
