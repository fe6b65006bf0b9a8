//! What one line says about itself: closed or cut, balanced brackets, a headline's shape, a
//! bare date, an editorial label, a photo credit, a caption's opening, a column tag.

use crate::bundle::dateline::{self, is_space};
use crate::names::Surnames;
use crate::text::is_han;

pub(super) const TERMINALS: &[char] = &['。', '！', '？', '!', '?'];

/// Ends with punctuation that closes a sentence or a clause.
pub(super) fn is_closed(t: &str) -> bool {
    let mut rev = t.chars().rev();
    let Some(last) = rev.next() else { return true };
    match last {
        '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':' | '…' | '.' => true,
        '”' | '’' | '」' | '』' | '"' | '\'' => rev
            .next()
            .is_some_and(|c| TERMINALS.contains(&c) || c == '…'),
        // A `——` subtitle may end with the occasion in brackets: `——在…上的讲话（2020年11月21日，北京）`.
        ')' | '）' if t.starts_with("——") => t.contains('。'),
        ')' | '）' => {
            // A short bracketed tag after a headline (`（社论）`) leaves it open; a bracket after a
            // finished sentence, or a long parenthesis, closes it.
            let mut depth = 0usize;
            let mut inside = 0usize;
            for c in t.chars().rev() {
                if matches!(c, ')' | '）') {
                    depth += 1;
                } else if matches!(c, '(' | '（') {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                inside += 1;
            }
            let before = t.char_indices().rev().nth(inside + 1).map(|(_, c)| c);
            let content: String = t
                .chars()
                .rev()
                .skip(1)
                .take(inside.saturating_sub(1))
                .collect();
            before.is_some_and(|c| {
                c == '。' || c == '…' || (TERMINALS.contains(&c) && !has_column_tag(t))
            }) || inside > 21
                || content.contains(['。', '：', '；'])
                || (content.contains(['，', ',']) && !has_column_tag(t))
        }
        _ => false,
    }
}

pub(super) fn is_balanced(t: &str) -> bool {
    let mut round = 0i32;
    let mut quote = 0i32;
    let mut book = 0i32;
    for c in t.chars() {
        match c {
            '(' | '（' => round += 1,
            ')' | '）' => round -= 1,
            '“' => quote += 1,
            '”' => quote -= 1,
            '《' => book += 1,
            '》' => book -= 1,
            _ => {}
        }
    }
    round <= 0 && quote <= 0 && book <= 0
}

/// A line holding finished sentences whose last sentence runs on: `…健全。2023年12月,…设立党建引领基层治理`.
/// A question-and-answer heading (`经济形势怎样判断？2023年我国发展具备较好基础`) is not one.
pub(super) fn has_cut_sentence_tail(t: &str) -> bool {
    let Some(at) = t.rfind(TERMINALS) else {
        return false;
    };
    let tail = &t[at..];
    let tail: String = tail.chars().skip(1).collect();
    !tail.is_empty() && (tail.chars().count() <= 3 || tail.contains(['，', ',', '、']))
}

/// `2023年12月,` or `11月4日，`: a sentence opening with a date, not a heading.
pub(super) fn starts_with_dated_clause(t: &str) -> bool {
    let head: String = t.chars().take(14).collect();
    let Some(comma) = head.find(['，', ',']) else {
        return false;
    };
    let clause = &head[..comma];
    clause
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && clause.ends_with(['年', '月', '日'])
}

/// Ends with a particle that cannot end a headline: `…发展的`. (Most function characters also end
/// ordinary words, `方向`, `参与`, so only the structural particle counts.)
pub(super) fn ends_with_function_char(t: &str) -> bool {
    t.ends_with('的')
}

/// A short label and a colon: `附件：`, `注：`, `记者：`, `赵辰昕：`, that open body lines.
pub(super) fn starts_with_label(t: &str) -> bool {
    t.char_indices()
        .take(7)
        .find(|&(_, c)| matches!(c, '：' | ':'))
        .is_some_and(|(b, _)| {
            let label = &t[..b];
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| !c.is_ascii_punctuation() && !is_space(c))
                && label.chars().count() <= 2
        })
}

/// Could be a headline or a heading: not closed, no finished sentence inside, not an editorial
/// note (`版式设计：…`, `——编者`).
pub(super) fn is_headline_like(t: &str) -> bool {
    !is_closed(t)
        && !t.ends_with(['，', ',', '、'])
        && t.chars().count() <= 100
        && (!t.contains(TERMINALS) || (has_column_tag(t) && !t.contains('。')))
        && !is_editorial_note(t)
        && !is_bare_date(t)
}

/// `2020年4月30日`, `1月1日`: a date on its own (a letter's date, a timeline entry), never a headline.
pub(super) fn is_bare_date(t: &str) -> bool {
    if !t.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) || t.len() > 64
    {
        return false;
    }
    let t: String = t.chars().filter(|&c| !is_space(c)).collect();
    !t.is_empty()
        && t.chars().any(|c| matches!(c, '年' | '月' | '日'))
        && t.chars().all(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '年' | '月' | '日')
        })
}

/// Labels of the small print around stories: layout and chart credits, notes, letter headers.
const EDITORIAL_LABELS: &[&str] = &[
    "版式设计",
    "本版制图",
    "本版编辑",
    "制图",
    "设计",
    "编辑",
    "本版责编",
    "责编",
    "责任编辑",
    "图片来源",
    "资料来源",
    "数据来源",
    "来源",
    "写信人",
    "收信人",
    "作者",
    "附件",
    "注",
];

pub(super) fn is_editorial_note(t: &str) -> bool {
    let labelled = EDITORIAL_LABELS.iter().any(|l| {
        t.strip_prefix(l)
            .is_some_and(|rest| rest.starts_with(['：', ':']))
    });
    let signed = t.starts_with('—') && {
        let who: String = t.chars().filter(|&c| !is_space(c) && c != '—').collect();
        who == "编者" || who == "作者"
    };
    labelled || signed
}

/// Byte offset where a photo credit begins, if the line ends with one: `…新华社记者 李鑫 摄`,
/// `新华社记者  胡星宇摄`, `…新华社发(…中心供图)`, `（资料图片）`.
pub(super) fn credit_start(t: &str) -> Option<usize> {
    let t = t.trim_end_matches(is_space);
    // `叶传增 牛榮健摄影报道`, `…摄影`.
    if let Some(base) = t.strip_suffix("影报道").or_else(|| t.strip_suffix('影'))
        && base.ends_with('摄')
    {
        return credit_start(base);
    }
    // `杜建坡摄（影像中国）`: a credit with the picture agency in brackets.
    if t.ends_with([')', '）'])
        && let Some((open, _)) = t
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '(' | '（'))
    {
        let before = t[..open].trim_end_matches(is_space);
        if before.ends_with('摄') && t[open..].chars().count() <= 12 {
            return credit_start(before);
        }
    }
    if t.ends_with('摄') {
        // The credit runs back to the last sentence end or bracket; it names people, no comma.
        let body = &t[..t.len() - '摄'.len_utf8()];
        let start = body
            .rfind(['。', '！', '？', '）', ')', '；'])
            .map_or(0, |b| {
                b + body[b..].chars().next().map_or(1, char::len_utf8)
            });
        let credit = &t[start..];
        let names = credit.trim_start_matches(is_space);
        let n = names.chars().count();
        let has_role = names.contains("记者") || names.contains("通讯员") || names.contains("摄影");
        // One to four names without a role: `张三摄`, `叶传增 牛榮健摄`.
        let words: Vec<&str> = names.split(is_space).filter(|w| !w.is_empty()).collect();
        let short_name = n >= 3
            && words.len() <= 4
            && words.iter().all(|w| {
                let k = w.chars().count();
                (1..=5).contains(&k)
                    && w.chars()
                        .all(|c| !c.is_ascii_punctuation() && c != '，' && c != '、')
            });
        if n <= 30 && !credit.contains(['，', ',']) && (has_role || short_name) {
            return Some(start + (credit.len() - names.len()));
        }
        return None;
    }
    for tail in [
        "新华社发",
        "中新社发",
        "资料图片",
        "资料照片",
        "拼版照片",
        "供图",
    ] {
        if let Some(at) = t.strip_suffix(tail).map(str::len) {
            return Some(at);
        }
    }
    if t.ends_with([')', '）']) {
        let (open, _) = t
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '(' | '（'))?;
        let inner = &t[open..];
        if ["供图", "摄", "图片", "照片", "新华社发", "视觉中国", "图源"]
            .iter()
            .any(|w| inner.contains(w))
            && inner.chars().count() <= 40
        {
            // Include a `新华社发` standing right before the bracket.
            let before = &t[..open];
            return Some(
                ["新华社发", "中新社发"]
                    .iter()
                    .find_map(|w| before.strip_suffix(w).map(str::len))
                    .unwrap_or(open),
            );
        }
    }
    None
}

/// A caption without a credit: `图为…`, `上图：…`.
pub(super) fn starts_like_caption(t: &str) -> bool {
    ["图为", "上图", "下图", "左图", "右图", "图①", "图："]
        .iter()
        .any(|p| t.starts_with(p))
}

/// A line that is one bracketed note: `（作者为本报记者）`, `（2020年11月24日）`.
pub(super) fn is_bracketed(t: &str, surnames: &Surnames) -> bool {
    t.starts_with(['(', '（'])
        && t.ends_with([')', '）'])
        && dateline::parse_closing(t, surnames).is_none_or(|(_, at)| at > 0)
        && is_balanced(t)
}

/// A headline ending in a bracketed column name: `（人民论坛）`, `(体育大看台)`, `（社论）`.
pub(super) fn has_column_tag(t: &str) -> bool {
    if !t.ends_with([')', '）']) {
        return false;
    }
    // The bracket group closing the line, nested groups inside it left out
    // (`（现场评论·走向我们的小康生活（15））`).
    let mut depth = 0usize;
    let mut open = None;
    let mut tag_rev = String::new();
    for (b, c) in t.char_indices().rev() {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    open = Some(b);
                    break;
                }
            }
            _ if depth == 1 => tag_rev.push(c),
            _ => {}
        }
    }
    let Some(open) = open else {
        return false;
    };
    // The count includes the closing bracket.
    let tag: String = tag_rev.chars().rev().chain(['）']).collect();
    let n = tag.chars().count();
    // Column names may hold a comma (`（社区防控，我们在行动）`), never a sentence end or digits.
    open > 0
        && (3..=18).contains(&n)
        && !tag
            .chars()
            .any(|c| c.is_ascii_digit() || "。：；".contains(c))
        && (n <= 15 || !tag.contains('，'))
}

pub(super) fn han_count(t: &str) -> usize {
    t.chars().filter(|&c| is_han(c)).count()
}
