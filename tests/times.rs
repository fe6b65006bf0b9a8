//! Time expressions: the calendar tables in `assets/times/` checked against two independent
//! calendar crates and known dates, and the recogniser checked on table-driven news sentences.
//!
//! `UPDATE_TABLES=1 cargo test --test times tables` regenerates the tables (lunar months from
//! `chinese-lunisolar-calendar`, solar terms and holidays from `tyme4rs`); the lunar table is then
//! checked against `tyme4rs` too.

mod common;

use chrono::{Datelike as _, NaiveDate};
use std::fmt::Write as _;
use tyme4rs::tyme::lunar::{LunarMonth, LunarYear};
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

const FIRST_YEAR: i32 = 1949;
const LAST_YEAR: i32 = 2100;

fn table_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/times")
        .join(name)
}

fn naive(day: SolarDay) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        day.get_year() as i32,
        day.get_month() as u32,
        day.get_day() as u32,
    )
    .expect("tyme4rs yields valid Gregorian days")
}

fn month_start(month: &LunarMonth) -> NaiveDate {
    naive(month.get_first_day().get_solar_day())
}

/// One row per lunar year: first day of 正月, leap month (0 = none), month lengths (1 = 30 days),
/// from `chinese-lunisolar-calendar` (the Hong Kong Observatory tables, 1901–2100).
fn generate_lunar() -> String {
    use chinese_lunisolar_calendar::LunisolarDate;
    // (lunar year, month, leap, first day) of every month, in order.
    let mut starts: Vec<(i32, u8, bool, NaiveDate)> = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(FIRST_YEAR - 1, 1, 1).expect("valid");
    let last = NaiveDate::from_ymd_opt(LAST_YEAR + 1, 12, 31).expect("valid");
    while day <= last {
        let Ok(l) = LunisolarDate::from_date(day) else {
            // Past the crate's last day: close the last month.
            starts.push((i32::MAX, 1, false, day));
            break;
        };
        if l.to_lunar_day().to_u8() == 1 {
            let m = l.to_lunar_month();
            starts.push((
                i32::from(l.to_lunisolar_year().to_u16()),
                m.to_u8(),
                m.is_leap_month(),
                day,
            ));
        }
        day += chrono::Duration::days(1);
    }
    let mut out = String::from(
        "# lunar_year\tnew_year\tleap_month\tmonth_lengths (1 = 30 days, 0 = 29; leap month after its month)\n",
    );
    for year in (FIRST_YEAR - 1)..=LAST_YEAR {
        let months: Vec<usize> = (0..starts.len()).filter(|&k| starts[k].0 == year).collect();
        let first = starts[months[0]];
        assert_eq!(
            (first.1, first.2),
            (1, false),
            "lunar year {year} starts with 正月"
        );
        let leap = months
            .iter()
            .map(|&k| starts[k])
            .find(|s| s.2)
            .map_or(0, |s| s.1);
        let lengths: String = months
            .iter()
            .map(|&k| {
                let days = (starts[k + 1].3 - starts[k].3).num_days();
                if days == 30 { '1' } else { '0' }
            })
            .collect();
        writeln!(out, "{year}\t{}\t{leap}\t{lengths}", first.3).expect("write to string");
    }
    out
}

/// Lunar months where `tyme4rs` (computed new moons) and the Hong Kong Observatory tables
/// disagree by one day: new moons close to midnight, Beijing time.
const LUNAR_MONTHS_IN_DISPUTE: [(i32, u32); 4] = [(1954, 1), (1957, 2), (2089, 8), (2097, 7)];

const TERM_NAMES: [&str; 24] = [
    "小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至",
    "小暑", "大暑", "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至",
];

/// One row per Gregorian year: the day of each of the 24 solar terms (Beijing time), as MMDD.
fn generate_terms() -> String {
    let mut out = format!("# year\t{}\n", TERM_NAMES.join("\t"));
    for year in FIRST_YEAR..=LAST_YEAR {
        let mut row = year.to_string();
        for name in TERM_NAMES {
            let day = [year, year + 1]
                .into_iter()
                .map(|y| naive(SolarTerm::from_name(y as isize, name).get_solar_day()))
                .find(|d| d.year() == year)
                .expect("every solar term falls once in each Gregorian year");
            write!(row, "\t{:02}{:02}", day.month(), day.day()).expect("write to string");
        }
        out.push_str(&row);
        out.push('\n');
    }
    out
}

/// Official public-holiday periods: runs of consecutive days off, filed under the year of their
/// last day (a 元旦 break from 30 December belongs to the new year); 中秋 and 国庆 breaks that touch
/// become one `国庆中秋` break.
fn generate_holidays() -> String {
    use tyme4rs::tyme::Culture as _;
    use tyme4rs::tyme::holiday::LegalHoliday;
    let names = [
        "元旦",
        "春节",
        "清明",
        "劳动节",
        "端午",
        "中秋",
        "国庆",
        "国庆中秋",
        "抗战胜利日",
    ];
    let mut runs: Vec<(usize, NaiveDate, NaiveDate)> = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(2001, 1, 1).expect("valid");
    let last = NaiveDate::from_ymd_opt(2030, 12, 31).expect("valid");
    while day <= last {
        let off = LegalHoliday::from_ymd(
            day.year() as isize,
            day.month() as usize,
            day.day() as usize,
        )
        .filter(|h| !h.is_work());
        if let Some(h) = off {
            let name = h.get_name();
            let index = if name == "国庆中秋" {
                7
            } else {
                names
                    .iter()
                    .position(|n| name.starts_with(n))
                    .expect("known holiday name")
            };
            let next = |end: NaiveDate| end + chrono::Duration::days(1) == day;
            match runs.last_mut() {
                Some((i, _, end)) if *i == index && next(*end) => *end = day,
                Some((i, _, end))
                    if next(*end) && [5, 6, 7].contains(i) && [5, 6, 7].contains(&index) =>
                {
                    *i = 7;
                    *end = day;
                }
                _ => runs.push((index, day, day)),
            }
        }
        day += chrono::Duration::days(1);
    }
    let mut out = String::from(
        "# year\tholiday\tfirst_day\tlast_day (days off, make-up workdays excluded)\n",
    );
    for (index, first, last) in runs {
        writeln!(out, "{}\t{}\t{first}\t{last}", last.year(), names[index])
            .expect("write to string");
    }
    out
}

fn check_table(name: &str, generated: &str) {
    let path = table_path(name);
    if std::env::var_os("UPDATE_TABLES").is_some() {
        std::fs::write(&path, generated).expect("write table");
        return;
    }
    let stored = std::fs::read_to_string(&path).expect("table exists");
    assert!(
        stored == generated,
        "{name} differs from tyme4rs; run with UPDATE_TABLES=1 and review the diff"
    );
}

#[test]
fn tables_lunar_matches_chinese_lunisolar_calendar() {
    check_table("lunar.tsv", &generate_lunar());
}

#[test]
fn lunar_table_agrees_with_tyme4rs_except_months_in_dispute() {
    let mut disputed = Vec::new();
    for (year, new_year, leap, lengths) in lunar_rows() {
        let tyme = LunarYear::from_year(year as isize);
        assert_eq!(tyme.get_leap_month() as u32, leap, "leap month of {year}");
        let mut start = new_year;
        for (k, (month, length)) in tyme.get_months().iter().zip(&lengths).enumerate() {
            let number = month.get_month() as u32;
            if month_start(month) != start {
                disputed.push((year, number));
                assert!(
                    LUNAR_MONTHS_IN_DISPUTE.contains(&(year, number)),
                    "lunar {year} month index {k}: table {start}, tyme4rs {}",
                    month_start(month)
                );
            }
            start += chrono::Duration::days(i64::from(*length));
        }
    }
    disputed.dedup();
    assert!(disputed.len() <= LUNAR_MONTHS_IN_DISPUTE.len());
}

#[test]
fn tables_solar_terms_match_tyme4rs() {
    check_table("solar-terms.tsv", &generate_terms());
}

#[test]
fn tables_holidays_match_tyme4rs() {
    check_table("holidays.tsv", &generate_holidays());
}

// ----- the tables against a second, independent calendar and known dates -----

fn lunar_rows() -> Vec<(i32, NaiveDate, u32, Vec<u32>)> {
    std::fs::read_to_string(table_path("lunar.tsv"))
        .expect("lunar table")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].parse().expect("year"),
                f[1].parse().expect("date"),
                f[2].parse().expect("leap month"),
                f[3].chars()
                    .map(|c| if c == '1' { 30 } else { 29 })
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn spring_festival_dates_match_known_dates() {
    let rows = lunar_rows();
    let new_year = |y: i32| rows.iter().find(|r| r.0 == y).map(|r| r.1.to_string());
    for (year, date) in [
        (1950, "1950-02-17"),
        (1976, "1976-01-31"),
        (2000, "2000-02-05"),
        (2019, "2019-02-05"),
        (2024, "2024-02-10"),
        (2025, "2025-01-29"),
        (2033, "2033-01-31"),
        (2100, "2100-02-09"),
    ] {
        assert_eq!(new_year(year).as_deref(), Some(date), "{year}");
    }
}

#[test]
fn qingming_falls_on_4_to_6_april_and_matches_known_years() {
    let text = std::fs::read_to_string(table_path("solar-terms.tsv")).expect("terms table");
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        assert!(["0404", "0405", "0406"].contains(&f[7]), "清明 {line}");
        assert!(["1221", "1222", "1223"].contains(&f[24]), "冬至 {line}");
    }
    let row = |y: &str| {
        text.lines()
            .find(|l| l.starts_with(y))
            .map(|l| l.split('\t').nth(7).map(str::to_string))
    };
    assert_eq!(row("2024"), Some(Some("0404".into())));
    assert_eq!(row("2019"), Some(Some("0405".into())));
}

// ----- the recogniser on table-driven news sentences -----

use kanbao::extract::times::{TimeLexicon, TimeMention, value_range};

static LEXICON: std::sync::LazyLock<TimeLexicon> =
    std::sync::LazyLock::new(|| TimeLexicon::shipped().expect("the shipped time lexicon"));

/// The time expressions of `text` with the shipped lexicon.
fn find_times(text: &str, reference: Option<NaiveDate>) -> Vec<TimeMention> {
    kanbao::extract::times::find_times(&LEXICON, text, reference)
}

struct Case {
    reference: NaiveDate,
    sentence: String,
    /// (text, value, precision, mod); empty for a time-free sentence.
    expected: Vec<[String; 4]>,
}

fn cases() -> Vec<Case> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/times-cases.tsv");
    let text = std::fs::read_to_string(path).expect("case table");
    let mut cases: Vec<Case> = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let reference: NaiveDate = f[0].parse().expect("reference date");
        let sentence = f[1].to_string();
        let idx = match cases
            .iter()
            .position(|c| c.sentence == sentence && c.reference == reference)
        {
            Some(i) => i,
            None => {
                cases.push(Case {
                    reference,
                    sentence,
                    expected: Vec::new(),
                });
                cases.len() - 1
            }
        };
        if f[2] != "-" {
            let get = |k: usize| f.get(k).copied().unwrap_or("").to_string();
            cases[idx].expected.push([get(2), get(3), get(4), get(5)]);
        }
    }
    cases
}

fn describe(m: &TimeMention) -> [String; 4] {
    let json = serde_json::to_value(m).expect("serialise");
    [
        m.text.clone(),
        m.value.clone(),
        json["precision"].as_str().unwrap_or_default().to_string(),
        json["mod"].as_str().unwrap_or_default().to_string(),
    ]
}

#[test]
fn case_table_values_precisions_and_mods() {
    let mut failures = Vec::new();
    let (mut total, mut value_ok, mut all_ok) = (0, 0, 0);
    let (mut free, mut false_alarms) = (0, 0);
    for case in cases() {
        let found: Vec<[String; 4]> = find_times(&case.sentence, Some(case.reference))
            .iter()
            .map(describe)
            .collect();
        if case.expected.is_empty() {
            free += 1;
            if !found.is_empty() {
                false_alarms += 1;
                failures.push(format!("false alarm in {}: {found:?}", case.sentence));
            }
            continue;
        }
        for exp in &case.expected {
            total += 1;
            match found.iter().find(|f| f[0] == exp[0]) {
                Some(f) if f == exp => {
                    value_ok += 1;
                    all_ok += 1;
                }
                Some(f) => {
                    if f[1] == exp[1] {
                        value_ok += 1;
                    }
                    failures.push(format!("{}: expected {exp:?}, got {f:?}", case.sentence));
                }
                None => failures.push(format!(
                    "{}: missed {exp:?}; found {found:?}",
                    case.sentence
                )),
            }
        }
        for f in &found {
            if !case.expected.iter().any(|e| e[0] == f[0]) {
                failures.push(format!("{}: unexpected {f:?}", case.sentence));
            }
        }
    }
    eprintln!(
        "times cases: {value_ok}/{total} values, {all_ok}/{total} value+precision+mod, {false_alarms}/{free} time-free sentences with a false alarm"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn offsets_are_char_offsets_into_the_text() {
    let text = "据新华社电，２０２４年４月２５日，飞船发射；192天后返回。";
    for m in find_times(text, NaiveDate::from_ymd_opt(2024, 11, 4)) {
        let slice: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(slice, m.text);
    }
}

#[test]
fn without_a_reference_relative_values_stay_empty_or_partial() {
    let found = find_times("昨天，2024年4月25日；今年7月；11月4日", None);
    let values: Vec<(&str, &str)> = found
        .iter()
        .map(|m| (m.text.as_str(), m.value.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("昨天", ""),
            ("2024年4月25日", "2024-04-25"),
            ("今年7月", ""),
            ("11月4日", "XXXX-11-04")
        ]
    );
}

/// Every value found in real broadcast text is well formed: a date range, a duration, or empty.
#[test]
fn values_in_fixture_days_are_well_formed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/days");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("days fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("name");
        let reference: NaiveDate = stem.parse().expect("dated file name");
        let text = std::fs::read_to_string(&path).expect("read");
        for m in find_times(&text, Some(reference)) {
            count += 1;
            let v = &m.value;
            let ok = v.is_empty() || v.starts_with('P') || value_range(v).is_some();
            assert!(ok, "{}: {:?} has a malformed value", path.display(), m);
        }
    }
    assert!(
        count > 300,
        "only {count} time expressions in the fixture days"
    );
}

#[test]
fn cli_prints_one_json_line_per_input_line() {
    let dir = std::env::temp_dir().join(format!("kanbao-times-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("lines.txt");
    std::fs::write(
        &input,
        "截至10月底，共有2.37亿注册志愿者。\n\n党的十八大以来\n",
    )
    .expect("write");
    let out = common::kanbao()
        .args(["times", "--lines"])
        .arg(&input)
        .args(["--ref", "2024-11-04"])
        .output()
        .expect("run kanbao");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0]["times"][0],
        serde_json::json!({"start": 0, "end": 6, "text": "截至10月底", "value": "2024-10-31", "precision": "day", "mod": "until"})
    );
    assert_eq!(lines[1]["times"], serde_json::json!([]));
    assert_eq!(lines[2]["times"][0]["value"], "2012-11");
    std::fs::remove_dir_all(&dir).ok();
}

// ----- forward counts (N年后, N个月后, N天后): anchored, durations, forward-looking -----

/// (text, value, precision) of the first mention spelled `text` in `sentence`.
fn count_in(sentence: &str, reference: &str, text: &str) -> (String, String) {
    let reference: NaiveDate = reference.parse().expect("reference date");
    let found = find_times(sentence, Some(reference));
    let m = found
        .iter()
        .find(|m| m.text == text)
        .unwrap_or_else(|| panic!("{text} not found in {sentence}: {found:?}"));
    (m.value.clone(), describe(m)[2].clone())
}

fn pair(value: &str, precision: &str) -> (String, String) {
    (value.to_string(), precision.to_string())
}

#[test]
fn forward_counts_anchor_on_the_date_named_before() {
    // In the same sentence.
    assert_eq!(
        count_in(
            "这座水库1998年建成，10年后扩建为大型水库。",
            "2024-07-05",
            "10年后"
        ),
        pair("2008", "year")
    );
    // In the sentence before, across a paragraph break.
    assert_eq!(
        count_in(
            "2013年春，村里启动危房改造。\n三年后，村民全部搬进了新居。",
            "2021-06-18",
            "三年后"
        ),
        pair("2016", "year")
    );
    // A relative year counts too: 70年前 … 70年后.
    assert_eq!(
        count_in(
            "70年前，这部歌剧在延安首演，70年后，第四代演员将它再次搬上舞台。",
            "2015-12-20",
            "70年后"
        ),
        pair("2015", "year")
    );
    // Months need a month before them; days a day.
    assert_eq!(
        count_in(
            "2023年3月，园区一期项目开工。两个月后，首批企业入驻投产。",
            "2024-01-10",
            "两个月后"
        ),
        pair("2023-05", "month")
    );
    assert_eq!(
        count_in(
            "11月4日，飞船返回舱在东风着陆场着陆。三天后，航天员走出医学隔离区。",
            "2024-11-12",
            "三天后"
        ),
        pair("2024-11-07", "day")
    );
}

#[test]
fn unanchored_story_counts_are_durations() {
    for (sentence, reference, text, value) in [
        (
            "这是时隔22年后，中国国家元首再次到访这个国家。",
            "2017-04-05",
            "22年后",
            "P22Y",
        ),
        (
            "上海合作组织成立23年后，成员国增加到10个。",
            "2024-07-05",
            "23年后",
            "P23Y",
        ),
        (
            "17年后，当年的护士长又一次站在了抗疫一线。",
            "2020-03-07",
            "17年后",
            "P17Y",
        ),
        (
            "三年后他又回到了家乡，办起了合作社。",
            "2019-05-20",
            "三年后",
            "P3Y",
        ),
        (
            "巴西正规就业岗位时隔22个月后首次实现增长。",
            "2017-03-19",
            "22个月后",
            "P22M",
        ),
        // The anchor is a year after the event: 牺牲44年后 is a length, not 1979 + 44.
        (
            "1979年，在父母牺牲44年后，三兄弟首次相聚。",
            "2021-04-04",
            "44年后",
            "P44Y",
        ),
        // Approximate counts keep their qualifier.
        (
            "80多年后，记者沿着当年红军走过的路重访这座小村。",
            "2019-05-09",
            "80多年后",
            "P80Y",
        ),
        // A count that ends a quoted name.
        (
            "16日，“布雷顿森林：75年后”国际会议在巴黎召开。",
            "2019-07-17",
            "75年后",
            "P75Y",
        ),
        // A return after years: 再次 outweighs 即将.
        (
            "17年后，我即将再次踏上这片美丽的土地。",
            "2014-09-17",
            "17年后",
            "P17Y",
        ),
    ] {
        assert_eq!(
            count_in(sentence, reference, text),
            pair(value, "duration"),
            "{sentence}"
        );
    }
}

#[test]
fn forward_looking_counts_run_from_the_reference_date() {
    for (sentence, reference, text, value, precision) in [
        (
            "两年后，成都将举办下一届世界大学生运动会。",
            "2019-07-04",
            "两年后",
            "2021",
            "year",
        ),
        (
            "闭幕式上，组委会发出邀请，三年后相聚名古屋。",
            "2023-10-09",
            "三年后",
            "2026",
            "year",
        ),
        (
            "按照规划，两个月后这条地铁线路将开通试运营。",
            "2024-10-20",
            "两个月后",
            "2024-12",
            "month",
        ),
        (
            "代表团三天后启程回国。",
            "2024-11-04",
            "三天后",
            "2024-11-07",
            "day",
        ),
        // A deadline (到2020年) is no anchor: 3年后 counts from the reference date.
        (
            "到2020年只有3年的时间，3年后我们要如期完成脱贫任务。",
            "2017-12-31",
            "3年后",
            "2020",
            "year",
        ),
    ] {
        assert_eq!(
            count_in(sentence, reference, text),
            pair(value, precision),
            "{sentence}"
        );
    }
}

#[test]
fn backward_counts_stay_counted_from_the_reference_date() {
    assert_eq!(
        count_in("3年前，这里还是一片荒滩。", "2024-05-01", "3年前"),
        pair("2021", "year")
    );
    let reference = NaiveDate::from_ymd_opt(2016, 6, 21);
    let found = find_times("2000多年前，丝绸之路把两国人民连接在一起。", reference);
    assert_eq!(
        describe(&found[0]),
        ["2000多年前", "0016", "year", "approx"].map(String::from)
    );
}

#[test]
fn backward_counts_of_approximate_open_and_fractional_amounts() {
    for (sentence, text, value, precision) in [
        ("两三年前，这条街还很冷清。", "两三年前", "2022", "year"),
        ("上百年前，这里就有人居住。", "上百年前", "1924", "year"),
        ("半个多世纪前，水库建成。", "半个多世纪前", "1974", "year"),
        ("半年前，工厂刚刚投产。", "半年前", "2024-05", "month"),
        (
            "三个多月前，他还在工地上。",
            "三个多月前",
            "2024-08",
            "month",
        ),
        // An open count names no year: vague, empty.
        ("十几年前，他开始研究这种病毒。", "十几年前", "", "vague"),
        ("几年前，这家企业濒临倒闭。", "几年前", "", "vague"),
    ] {
        assert_eq!(
            count_in(sentence, "2024-11-04", text),
            pair(value, precision),
            "{sentence}"
        );
    }
}
