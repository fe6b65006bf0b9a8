//! Datelines and bylines: parsing `新华社上海11月4日电(记者许可 周蕊)`, `本报讯(记者 … 通讯员 …)`,
//! `央视网消息（新闻联播）：`, end datelines `（新华社北京9月10日电 记者胡喆、董雪）` and `本报记者 陆娅楠`.
//!
//! Everything works on characters, never on fixed separators: the gap after `电` may be nothing, an
//! ASCII space, U+00A0 or U+3000; brackets may be half- or full-width. Dates are kept as `--MM-DD`
//! here; [`super::refdate`] adds the year once it is known.

use super::{Dateline, DatelinePosition};
use crate::names::Surnames;
use crate::text::is_han;

/// How far into a line an opening dateline (with its reporters' bracket) may reach.
const OPENING_CHARS: usize = 160;

/// A dateline found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub dateline: Dateline,
    /// Byte offset in the line where the text after the dateline begins.
    pub body_byte_offset: usize,
    /// The reporters' bracket is still open at the end of the line: the line was cut.
    pub is_open: bool,
}

/// Spaces a page may hold between or around dateline parts.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{3000}' | '\u{2002}' | '\u{2003}' | '\u{feff}'
    )
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '(' | '（')
}

fn is_close_bracket(c: char) -> bool {
    matches!(c, ')' | '）')
}

/// Characters that end the name of an agency or newspaper: 新华社, 本报, 央视网, 本台.
fn ends_agency(c: char) -> bool {
    matches!(c, '社' | '报' | '网' | '台')
}

/// Words that name the role of the people in a dateline, longest first.
const ROLES: &[(&str, Role)] = &[
    ("特派记者", Role::Reporter),
    ("特约记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("摄影记者", Role::Reporter),
    ("通讯员", Role::Correspondent),
    ("实习生", Role::Reporter),
    ("记者", Role::Reporter),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Reporter,
    Correspondent,
}

/// The shortest run of 2 to 8 Han characters from `i` that ends like an agency name.
fn agency_end(cs: &[(usize, char)], i: usize) -> Option<usize> {
    for k in 2..=8 {
        let (_, c) = *cs.get(i + k - 1)?;
        if !is_han(c) {
            return None;
        }
        if ends_agency(c) {
            return Some(i + k);
        }
    }
    None
}

fn text_of(line: &str, cs: &[(usize, char)], from: usize, to: usize) -> String {
    let a = cs.get(from).map_or(line.len(), |&(b, _)| b);
    let b = cs.get(to).map_or(line.len(), |&(b, _)| b);
    line.get(a..b)
        .unwrap_or_default()
        .trim_end_matches(is_space)
        .to_string()
}

/// Parses `M月D日` or `D日` at `i`; returns (month, day, index after 日).
fn parse_month_day(cs: &[(usize, char)], i: usize) -> Option<(Option<u32>, u32, usize)> {
    let number = |mut j: usize| -> Option<(u32, usize)> {
        let mut n = 0;
        let start = j;
        while let Some(d) = cs.get(j).and_then(|&(_, c)| digit(c)) {
            n = n * 10 + d;
            j += 1;
            if j - start > 2 {
                return None;
            }
        }
        (j > start).then_some((n, j))
    };
    let (a, j) = number(i)?;
    match cs.get(j)?.1 {
        '月' => {
            let (d, k) = number(j + 1)?;
            (cs.get(k)?.1 == '日' && (1..=12).contains(&a) && (1..=31).contains(&d)).then_some((
                Some(a),
                d,
                k + 1,
            ))
        }
        '日' => (1..=31).contains(&a).then_some((None, a, j + 1)),
        _ => None,
    }
}

/// The core of a `…电` dateline from `i`: agency, place, date; returns the index after `电`.
fn parse_wire(
    cs: &[(usize, char)],
    line: &str,
    i: usize,
) -> Option<(String, Option<String>, Option<String>, usize)> {
    let a_end = agency_end(cs, i)?;
    let agency = text_of(line, cs, i, a_end);
    let mut p = a_end;
    // Several places (`本报北京、华盛顿、开罗…2月24日电`) make a long run.
    while p - a_end < 60 {
        match cs.get(p) {
            // Several places: `本报联合国、约翰内斯堡4月7日电`.
            Some(&(_, c)) if (is_han(c) || c == '·' || c == '、') && c != '电' => p += 1,
            _ => break,
        }
    }
    let place = text_of(line, cs, a_end, p);
    // Not a place: `本报记者近日电话…`. (`日内瓦` is one.)
    if place.contains(['月', '年', '今', '昨', '记', '者', '讯']) || place.contains("近日")
    {
        return None;
    }
    let (date, q) = match parse_month_day(cs, p) {
        Some((Some(m), d, q)) => (Some(format!("--{m:02}-{d:02}")), q),
        Some((None, _, q)) => (None, q),
        None => (None, p),
    };
    if cs.get(q)?.1 != '电' {
        return None;
    }
    // Without a date, 电 must stand alone (`新华社北京电 …`), not start a word (`电话`).
    if q == p {
        match cs.get(q + 1) {
            None => {}
            Some(&(_, c)) if is_space(c) || is_open_bracket(c) || c == '）' || c == ')' => {}
            _ => return None,
        }
    }
    let place = (!place.is_empty()).then_some(place);
    Some((agency, place, date, q + 1))
}

/// Index of the bracket closing the one opened at `i`, if on this line.
fn matching_close(cs: &[(usize, char)], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &(_, c)) in cs.iter().enumerate().skip(i) {
        if is_open_bracket(c) {
            depth += 1;
        } else if is_close_bracket(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

/// True when a bracket's content names people: a role word, or only short names.
fn is_people(s: &str) -> bool {
    let s = s.trim_matches(is_space);
    if s.is_empty() {
        return false;
    }
    if ROLES
        .iter()
        .any(|(r, _)| s.find(r).is_some_and(|at| at <= 12))
    {
        return true;
    }
    s.chars().count() <= 24
        && s.split(|c: char| is_space(c) || matches!(c, '、' | '，' | ','))
            .filter(|t| !t.is_empty())
            .all(|t| {
                let n = t.chars().count();
                (1..=4).contains(&n) && t.chars().all(|c| is_han(c) || c == '·')
            })
}

/// Recognises a dateline at the start of `line`: `新华社北京11月4日电`, `据新华社…电` (an inner
/// sub-story), `本报讯(记者 …)`, `央视网消息（新闻联播）：`, each with its reporters' bracket.
pub fn parse_opening(line: &str, surnames: &Surnames) -> Option<Opening> {
    // Cheap test first: every form holds 电, 讯 or 消息 near the start, or a programme bracket.
    if !line
        .chars()
        .take(OPENING_CHARS)
        .any(|c| matches!(c, '电' | '讯' | '息'))
        && !line.chars().take(12).any(is_open_bracket)
    {
        return None;
    }
    let cs: Vec<(usize, char)> = line.char_indices().take(OPENING_CHARS).collect();
    let first = cs.first()?.1;
    if !is_han(first) {
        return None;
    }
    let inner = first == '据';
    let start = usize::from(inner);
    let mut dl = Dateline {
        position: if inner {
            DatelinePosition::Inner
        } else {
            DatelinePosition::Start
        },
        ..Dateline::default()
    };
    let mut end;
    if let Some((agency, place, date, q)) = parse_wire(&cs, line, start) {
        dl.agency = Some(agency);
        dl.place = place;
        dl.date = date;
        end = q;
    } else if let Some(a_end) =
        agency_end(&cs, start).filter(|&e| cs.get(e).is_some_and(|&(_, c)| c == '讯'))
    {
        // 本报讯, 新华社讯: no place, no date.
        dl.agency = Some(text_of(line, &cs, start, a_end));
        end = a_end + 1;
    } else {
        return parse_news_lead(line, &cs);
    }
    // The reporters' bracket, possibly after a gap.
    let mut j = end;
    while cs.get(j).is_some_and(|&(_, c)| is_space(c)) {
        j += 1;
    }
    let mut is_open = false;
    if cs.get(j).is_some_and(|&(_, c)| is_open_bracket(c)) {
        match matching_close(&cs, j) {
            Some(k) => {
                let inside = text_of(line, &cs, j + 1, k);
                if is_people(&inside) {
                    (dl.reporters, dl.correspondents) = parse_people(&inside, surnames);
                    end = k + 1;
                }
            }
            None if cs.len() < OPENING_CHARS => {
                let inside = text_of(line, &cs, j + 1, cs.len());
                if inside.is_empty() || is_people(&inside) {
                    (dl.reporters, dl.correspondents) = parse_people(&inside, surnames);
                    end = cs.len();
                    is_open = true;
                }
            }
            None => {}
        }
    }
    dl.text = text_of(line, &cs, 0, end);
    let mut body = end;
    while cs.get(body).is_some_and(|&(_, c)| is_space(c)) {
        body += 1;
    }
    let body_byte_offset = cs.get(body).map_or(line.len(), |&(b, _)| b);
    Some(Opening {
        dateline: dl,
        body_byte_offset,
        is_open,
    })
}

/// `央视网消息（新闻联播）：`, optionally followed by `本台消息：`: a broadcast news lead.
fn parse_news_lead(line: &str, cs: &[(usize, char)]) -> Option<Opening> {
    let (agency, mut end) = lead_at(line, cs, 0)?;
    let skip_spaces = |mut k: usize| {
        while cs.get(k).is_some_and(|&(_, c)| is_space(c)) {
            k += 1;
        }
        k
    };
    if let Some((_, second)) = lead_at(line, cs, skip_spaces(end)) {
        end = second;
    }
    Some(Opening {
        dateline: Dateline {
            text: text_of(line, cs, 0, end),
            agency: Some(agency),
            position: DatelinePosition::Start,
            ..Dateline::default()
        },
        body_byte_offset: cs.get(skip_spaces(end)).map_or(line.len(), |&(b, _)| b),
        is_open: false,
    })
}

/// One lead at `i`: a source of 2 to 10 Han characters ending like a medium (央视网, 本台,
/// 中国网络电视台), then `消息` and/or the programme in brackets, then a colon:
/// `央视网消息（新闻联播）：`, `央视网(新闻联播)消息：`, `中国网络电视台(新闻联播)：`, `本台消息：`.
/// The colon may be missing after `消息（…）`. Returns the source and the index after the lead.
fn lead_at(line: &str, cs: &[(usize, char)], i: usize) -> Option<(String, usize)> {
    let bracket_end = |j: usize| {
        cs.get(j)
            .filter(|&&(_, c)| is_open_bracket(c))
            .and_then(|_| matching_close(cs, j))
            .filter(|&k| k - j <= 12)
            .map(|k| k + 1)
    };
    for e in i + 2..=i + 10 {
        let Some(source) = cs.get(i..e) else { break };
        if !source.iter().all(|&(_, c)| is_han(c)) {
            break;
        }
        let medium = source
            .last()
            .is_some_and(|&(_, c)| matches!(c, '社' | '报' | '网' | '台' | '闻' | '视' | '端'));
        if !medium {
            continue;
        }
        let mut j = e;
        let mut programme = false;
        if let Some(k) = bracket_end(j) {
            j = k;
            programme = true;
        }
        let news = text_of(line, cs, j, j + 2) == "消息";
        if news {
            j += 2;
            if !programme && let Some(k) = bracket_end(j) {
                j = k;
                programme = true;
            }
        }
        let colon = cs.get(j).is_some_and(|&(_, c)| matches!(c, '：' | ':'));
        if colon && (news || programme) {
            return Some((text_of(line, cs, i, e), j + 1));
        }
        if news && programme {
            return Some((text_of(line, cs, i, e), j));
        }
    }
    None
}

/// Recognises an end dateline closing `line`: `…贡献。(新华社北京11月4日电 记者 刘硕 高蕾)` or a
/// line of its own `（新华社北京4月30日电）`. Returns it and the byte offset of its opening bracket.
pub fn parse_closing(line: &str, surnames: &Surnames) -> Option<(Dateline, usize)> {
    let trimmed = line.trim_end_matches(is_space);
    let last = trimmed.chars().next_back()?;
    if !is_close_bracket(last) {
        return None;
    }
    // Walk back to the matching opening bracket.
    let mut depth = 0usize;
    let mut open_at = None;
    for (b, c) in trimmed.char_indices().rev() {
        if is_close_bracket(c) {
            depth += 1;
        } else if is_open_bracket(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                open_at = Some(b);
                break;
            }
        }
    }
    let open_at = open_at?;
    let open_len = trimmed[open_at..].chars().next().map_or(1, char::len_utf8);
    let inner = trimmed.get(open_at + open_len..trimmed.len() - last.len_utf8())?;
    let inner = inner.trim_matches(is_space);
    let cs: Vec<(usize, char)> = inner.char_indices().collect();
    let start = usize::from(cs.first().is_some_and(|&(_, c)| c == '据'));
    let Some((agency, place, date, q)) = parse_wire(&cs, inner, start) else {
        // A bracketed byline closing a story: `（本报记者  申少铁  李龙伊）`.
        let mut d = parse_byline(inner, surnames)?;
        d.position = DatelinePosition::End;
        return Some((d, open_at));
    };
    let rest = text_of(inner, &cs, q, cs.len());
    let rest = rest.trim_matches(is_space);
    let (reporters, correspondents) = if rest.is_empty() {
        (Vec::new(), Vec::new())
    } else if is_people(rest) {
        parse_people(rest, surnames)
    } else {
        return None;
    };
    Some((
        Dateline {
            text: inner.to_string(),
            agency: Some(agency),
            place,
            date,
            reporters,
            correspondents,
            position: DatelinePosition::End,
        },
        open_at,
    ))
}

/// Recognises a byline line: `本报记者  陆娅楠`, `新华社记者 张三 李四`, `本报记者 甲 本报通讯员 乙`.
pub fn parse_byline(line: &str, surnames: &Surnames) -> Option<Dateline> {
    let line = line.trim_matches(is_space);
    if line.len() > 160 * 4 || !ROLES.iter().any(|(r, _)| line.contains(r)) {
        return None;
    }
    let n = line.chars().count();
    if !(3..=160).contains(&n) || line.ends_with('摄') {
        return None;
    }
    let cs: Vec<(usize, char)> = line.char_indices().collect();
    let a_end = agency_end(&cs, 0)?;
    let after = line.get(cs.get(a_end)?.0..)?;
    let role_at = ROLES.iter().filter_map(|(r, _)| after.find(r)).min()?;
    if after.get(..role_at)?.chars().count() > 2 {
        return None;
    }
    if !line
        .chars()
        .all(|c| is_han(c) || is_space(c) || matches!(c, '、' | '，' | ',' | '·'))
    {
        return None;
    }
    let (reporters, correspondents) = parse_people(after, surnames);
    if reporters.is_empty() && correspondents.is_empty() {
        return None;
    }
    if reporters
        .iter()
        .chain(&correspondents)
        .any(|r| r.chars().count() > 6)
    {
        return None;
    }
    Some(Dateline {
        text: line.to_string(),
        agency: Some(text_of(line, &cs, 0, a_end)),
        reporters,
        correspondents,
        position: DatelinePosition::Byline,
        ..Dateline::default()
    })
}

/// People named in a dateline bracket: `记者 陆斯超 通讯员 严泽玮` → ([陆斯超], [严泽玮]).
/// Padding spaces inside a name are removed (`张  烁` → 张烁); space-less runs are split at surnames.
fn parse_people(s: &str, surnames: &Surnames) -> (Vec<String>, Vec<String>) {
    let mut people = People {
        reporters: Vec::new(),
        correspondents: Vec::new(),
        surnames,
    };
    let mut role = Role::Reporter;
    let mut pending = String::new();
    let tokens = s
        .split(|c: char| {
            is_space(c) || matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '：' | ':')
        })
        .filter(|t| !t.is_empty());
    for token in tokens {
        let mut rest = token;
        // Strip a role word (and whatever agency stands before it): 本报通讯员李四 → 李四.
        if let Some((at, word, r)) = ROLES
            .iter()
            .filter_map(|&(w, r)| token.find(w).map(|at| (at, w, r)))
            .min_by_key(|&(at, w, _)| (at, usize::MAX - w.len()))
            .filter(|&(at, _, _)| token[..at].chars().count() <= 4)
        {
            if !pending.is_empty() {
                people.push(role, &pending);
                pending.clear();
            }
            role = r;
            rest = &token[at + word.len()..];
        }
        let rest = ["采访整理", "整理", "报道", "采写", "摄"]
            .iter()
            .fold(rest, |r, w| r.strip_suffix(w).unwrap_or(r))
            .trim_end_matches(|c: char| !is_han(c) && c != '·');
        if rest.is_empty() {
            continue;
        }
        if rest.chars().count() == 1 {
            // A padded name: `张  烁`.
            pending.push_str(rest);
            if pending.chars().count() >= 3 {
                people.push(role, &pending);
                pending.clear();
            }
            continue;
        }
        if !pending.is_empty() {
            pending.push_str(rest);
            people.push(role, &pending);
            pending.clear();
            continue;
        }
        people.push(role, rest);
    }
    if !pending.is_empty() {
        people.push(role, &pending);
    }
    (people.reporters, people.correspondents)
}

/// The people of a dateline bracket as they are read, by role.
struct People<'a> {
    reporters: Vec<String>,
    correspondents: Vec<String>,
    surnames: &'a Surnames,
}

impl People<'_> {
    /// Adds the names of `run` (split at surnames where written without spaces) under `role`.
    fn push(&mut self, role: Role, run: &str) {
        let list = match role {
            Role::Reporter => &mut self.reporters,
            Role::Correspondent => &mut self.correspondents,
        };
        list.extend(split_names(run, self.surnames));
    }
}

/// Splits a run of names written without spaces: `杨金志许可` → [杨金志, 许可]. Chinese names are
/// 2-3 characters, sometimes 4 (compound surnames); a run is cut only where every piece starts with
/// a known surname, preferring common surnames; otherwise it stays whole.
pub fn split_names(run: &str, surnames: &Surnames) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let n = chars.len();
    if n <= 3 || !chars.iter().all(|&c| is_han(c)) {
        return vec![run.to_string()];
    }
    let starts_compound = |i: usize| chars.get(i..i + 2).is_some_and(|p| surnames.is_compound(p));
    if n == 4 && starts_compound(0) {
        return vec![run.to_string()];
    }
    // best[i] = (cost, piece length) for the best split of chars[i..].
    const NONE: usize = usize::MAX;
    let mut best: Vec<(usize, usize)> = vec![(NONE, 0); n + 1];
    best[n] = (0, 0);
    for i in (0..n).rev() {
        let surname_cost = if starts_compound(i) {
            Some(0)
        } else {
            surnames.rank(chars[i])
        };
        let Some(cost) = surname_cost else { continue };
        let lens: &[usize] = if starts_compound(i) { &[3, 4] } else { &[2, 3] };
        for &len in lens {
            if i + len <= n && best[i + len].0 != NONE {
                // Cost: surname rarity; a 3-character name is slightly preferred over a 2.
                let c = best[i + len].0 + cost * 2 + if len == 2 { 1 } else { 0 };
                if c < best[i].0 {
                    best[i] = (c, len);
                }
            }
        }
    }
    if best[0].0 == NONE {
        return vec![run.to_string()];
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let len = best[i].1;
        if len == 0 {
            break;
        }
        out.push(chars[i..i + len].iter().collect());
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surnames() -> Surnames {
        Surnames::shipped().expect("the shipped surnames parse")
    }

    fn open(line: &str) -> Opening {
        parse_opening(line, &surnames()).unwrap_or_else(|| panic!("no dateline in {line}"))
    }

    fn closing(line: &str) -> Option<(Dateline, usize)> {
        parse_closing(line, &surnames())
    }

    fn byline(line: &str) -> Option<Dateline> {
        parse_byline(line, &surnames())
    }

    fn split(run: &str) -> Vec<String> {
        split_names(run, &surnames())
    }

    #[test]
    fn wire_dateline_with_reporters_in_brackets() {
        let o = open("新华社上海11月4日电(记者许可 周蕊)国务院总理李强11月4日下午在上海会见");
        let d = &o.dateline;
        assert_eq!(d.text, "新华社上海11月4日电(记者许可 周蕊)");
        assert_eq!(d.agency.as_deref(), Some("新华社"));
        assert_eq!(d.place.as_deref(), Some("上海"));
        assert_eq!(d.date.as_deref(), Some("--11-04"));
        assert_eq!(d.reporters, ["许可", "周蕊"]);
        assert_eq!(d.position, DatelinePosition::Start);
        assert!(!o.is_open);
        assert_eq!(
            &"新华社上海11月4日电(记者许可 周蕊)国务院"[o.body_byte_offset..],
            "国务院"
        );
    }

    #[test]
    fn wire_dateline_without_reporters_and_with_nbsp_gap() {
        let line = "新华社北京4月30日电\u{a0}\u{a0}国家主席习近平4月30日晚同捷克总统泽曼通电话。";
        let o = open(line);
        assert_eq!(o.dateline.text, "新华社北京4月30日电");
        assert_eq!(o.dateline.date.as_deref(), Some("--04-30"));
        assert!(o.dateline.reporters.is_empty());
        let geneva = open("据新华社日内瓦8月11日电  （记者陈俊侠）国际劳工组织11日表示");
        assert_eq!(geneva.dateline.place.as_deref(), Some("日内瓦"));
        assert!(line[o.body_byte_offset..].starts_with("国家主席"));
    }

    #[test]
    fn newspaper_dateline_with_full_width_bracket_and_enumeration_comma() {
        let o = open(
            "本报北京9月10日电\u{a0}\u{a0}（记者王政、刘温馨）工业和信息化部近日举行新闻发布会",
        );
        assert_eq!(
            o.dateline.text,
            "本报北京9月10日电\u{a0}\u{a0}（记者王政、刘温馨）"
        );
        assert_eq!(o.dateline.agency.as_deref(), Some("本报"));
        assert_eq!(o.dateline.place.as_deref(), Some("北京"));
        assert_eq!(o.dateline.reporters, ["王政", "刘温馨"]);
    }

    #[test]
    fn benbaoxun_byline_gives_reporters_and_correspondents_without_place_or_date() {
        let o = open("本报讯(记者 陆斯超 通讯员 严泽玮)近日,由杭州市援疆指挥部全资援建");
        let d = &o.dateline;
        assert_eq!(d.text, "本报讯(记者 陆斯超 通讯员 严泽玮)");
        assert_eq!(d.agency.as_deref(), Some("本报"));
        assert_eq!(d.place, None);
        assert_eq!(d.date, None);
        assert_eq!(d.reporters, ["陆斯超"]);
        assert_eq!(d.correspondents, ["严泽玮"]);
    }

    #[test]
    fn inner_dateline_cut_before_its_reporters() {
        let o = open("据新华社酒泉11月4日电(记者");
        assert!(o.is_open);
        assert_eq!(o.dateline.position, DatelinePosition::Inner);
        assert_eq!(o.dateline.place.as_deref(), Some("酒泉"));
        let joined =
            open("据新华社酒泉11月4日电(记者李国利 郭明芝)神舟十八号航天员乘组4日返回地球。");
        assert!(!joined.is_open);
        assert_eq!(joined.dateline.reporters, ["李国利", "郭明芝"]);
        assert_eq!(
            joined.dateline.text,
            "据新华社酒泉11月4日电(记者李国利 郭明芝)"
        );
    }

    #[test]
    fn broadcast_news_lead() {
        let o = open("央视网消息（新闻联播）：本台消息：国家主席习近平今天");
        assert_eq!(o.dateline.agency.as_deref(), Some("央视网"));
        assert_eq!(o.dateline.text, "央视网消息（新闻联播）：本台消息：");
        assert_eq!(o.dateline.place, None);
        let early = open("央视网(新闻联播)消息：两年前");
        assert_eq!(early.dateline.text, "央视网(新闻联播)消息：");
        assert_eq!(early.dateline.agency.as_deref(), Some("央视网"));
        let old = open("中国网络电视台(新闻联播)：国家主席胡锦涛今天");
        assert_eq!(old.dateline.agency.as_deref(), Some("中国网络电视台"));
        assert_eq!(old.dateline.text, "中国网络电视台(新闻联播)：");
        let no_colon = open("央视网消息（新闻联播）结束对朝鲜访问的");
        assert_eq!(no_colon.dateline.text, "央视网消息（新闻联播）");
        let bare = open("央视网消息(新闻联播)：");
        assert_eq!(bare.dateline.text, "央视网消息(新闻联播)：");
        assert_eq!(bare.body_byte_offset, "央视网消息(新闻联播)：".len());
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        for line in [
            "新华社记者从中国科学院获悉，样品已交付。",
            "本报记者近日电话采访了有关负责人。",
            "最新消息：会议延期。",
            "中国空间站第七批空间科学实验样品11月4日随神舟十八号返回。",
            "据介绍，本次下行的科学实验样品共55种。",
            "",
            "(",
        ] {
            assert_eq!(parse_opening(line, &surnames()), None, "{line}");
        }
    }

    #[test]
    fn end_dateline_at_the_end_of_a_paragraph() {
        let line = "作出新的更大贡献。(新华社北京11月4日电 记者 刘硕 高蕾 范思翔)";
        let (d, at) = closing(line).expect("end dateline");
        assert_eq!(&line[..at], "作出新的更大贡献。");
        assert_eq!(d.text, "新华社北京11月4日电 记者 刘硕 高蕾 范思翔");
        assert_eq!(d.reporters, ["刘硕", "高蕾", "范思翔"]);
        assert_eq!(d.position, DatelinePosition::End);
    }

    #[test]
    fn end_dateline_as_a_line_of_its_own() {
        let (d, at) =
            closing("（新华社北京9月10日电\u{a0}\u{a0}记者胡喆、董雪、宋晨）").expect("end");
        assert_eq!(at, 0);
        assert_eq!(d.reporters, ["胡喆", "董雪", "宋晨"]);
        let (bare, _) = closing("（新华社北京4月30日电）").expect("bare");
        assert_eq!(bare.text, "新华社北京4月30日电");
        assert!(bare.reporters.is_empty());
        assert_eq!(closing("会议在京举行（图）"), None);
        let (two, _) = closing("（本报联合国、约翰内斯堡4月7日电）").expect("two places");
        assert_eq!(two.place.as_deref(), Some("联合国、约翰内斯堡"));
        let (byline, _) =
            closing("（本报记者  申少铁  李龙伊  韩  鑫  生命时报记者  张  健）").expect("byline");
        assert_eq!(byline.reporters, ["申少铁", "李龙伊", "韩鑫", "张健"]);
        assert_eq!(byline.position, DatelinePosition::End);
        assert_eq!(closing("附件：考核指标（见图）"), None);
    }

    #[test]
    fn byline_line_with_padding_spaces() {
        let d = byline("本报记者  陆娅楠").expect("byline");
        assert_eq!(d.agency.as_deref(), Some("本报"));
        assert_eq!(d.reporters, ["陆娅楠"]);
        assert_eq!(d.position, DatelinePosition::Byline);
        let padded = byline("本报记者  张  烁  本报通讯员  李  明").expect("padded");
        assert_eq!(padded.reporters, ["张烁"]);
        assert_eq!(padded.correspondents, ["李明"]);
        assert_eq!(byline("新华社记者 李鑫 摄"), None);
        assert_eq!(byline("本报记者采访了国家发展改革委。"), None);
    }

    #[test]
    fn space_less_name_runs_split_at_surnames() {
        assert_eq!(split("杨金志许可"), ["杨金志", "许可"]);
        assert_eq!(split("欧阳修远"), ["欧阳修远"]);
        assert_eq!(split("刘硕高蕾"), ["刘硕", "高蕾"]);
        assert_eq!(split("范思翔"), ["范思翔"]);
        assert_eq!(split("阿不都·热合曼"), ["阿不都·热合曼"]);
    }
}
