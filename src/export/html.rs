//! HTML export: one self-contained page (inline CSS and JS, no network): the timeline picture,
//! then every event with its date (as people read it; the TIMEX3 value in `data-value`), kind,
//! title and source sentences, each sentence once with the articles citing it
//! (`《title》 2024-11-04 · file:line`), filterable by kind and text.
//! The markup is also well-formed XML, so it can be checked with an XML parser.

use super::sources::{citation_text, told};
use super::{ExportOptions, escape_xml, svg};
use crate::extract::events::EventKind;
use crate::knowledge::timeline::Event;
use crate::timeline_chart::{Background, kind_color};
use std::fmt::Write as _;

const STYLE: &str = "
body { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif;
  margin: 1.5em auto; max-width: 1240px; color: #222; background: #fff; }
h1 { font-size: 1.4em; }
.controls { margin: 1em 0; display: flex; flex-wrap: wrap; gap: .6em; align-items: center; }
.controls label { font-size: .9em; }
.controls input[type=search] { padding: .3em .5em; min-width: 16em; }
.picture { overflow-x: auto; border: 1px solid #ddd; margin-bottom: 1.5em; }
ol.events { list-style: none; padding: 0; }
ol.events li { border-left: 4px solid var(--kind); padding: .4em .8em; margin: .5em 0; background: #fafafa; }
.date { font-variant-numeric: tabular-nums; font-weight: bold; margin-right: .6em; }
.kind { display: inline-block; font-size: .8em; color: #fff; background: var(--kind); border-radius: 3px;
  padding: 0 .4em; margin-right: .6em; }
.title { font-weight: bold; }
blockquote { margin: .3em 0 0 1em; color: #444; font-size: .92em; }
.article { display: block; color: #888; font-size: .85em; }
.hidden { display: none; }
";

const SCRIPT: &str = "
(function () {
  var items = document.querySelectorAll('ol.events li');
  var boxes = document.querySelectorAll('.controls input[type=checkbox]');
  var search = document.getElementById('search');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var q = search.value.trim();
    var shown = 0;
    items.forEach(function (li) {
      var ok = on[li.getAttribute('data-kind')] !== false;
      if (ok) { if (q) { ok = li.textContent.indexOf(q) !== -1; } }
      li.classList.toggle('hidden', !ok);
      if (ok) { shown += 1; }
    });
    document.getElementById('count').textContent = shown;
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  search.addEventListener('input', apply);
}());
";

/// The page as a string.
pub fn render(events: &[Event], opts: &ExportOptions) -> String {
    let mut s = String::new();
    let title = escape_xml(&opts.title);
    s.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    let _ = writeln!(s, "<title>{title} · 时间线</title>");
    let _ = writeln!(s, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(s, "<h1>{title} · 时间线</h1>");
    let _ = writeln!(
        s,
        "<p><span id=\"count\">{}</span> / {} events</p>",
        events.len(),
        events.len()
    );
    s.push_str("<div class=\"controls\">\n");
    for kind in EventKind::ALL {
        if events.iter().any(|e| e.kind == kind) {
            let _ = writeln!(
                s,
                "<label><input type=\"checkbox\" value=\"{kind}\" checked=\"checked\"/> {} {kind}</label>",
                kind.label_zh()
            );
        }
    }
    s.push_str(
        "<input type=\"search\" id=\"search\" placeholder=\"筛选 filter\" aria-label=\"filter\"/>\n</div>\n",
    );
    let _ = writeln!(
        s,
        "<div class=\"picture\">\n{}</div>",
        svg::picture(events, opts, false)
    );
    s.push_str("<ol class=\"events\">\n");
    for e in events {
        let _ = writeln!(
            s,
            "<li id=\"{}\" data-kind=\"{}\" data-value=\"{}\" style=\"--kind: {}\">",
            escape_xml(&e.id),
            e.kind,
            escape_xml(&e.value),
            kind_color(e.kind, Background::Light).hex()
        );
        let _ = writeln!(
            s,
            "<span class=\"date\">{}</span><span class=\"kind\">{} {}</span><span class=\"title\">{}</span>",
            escape_xml(&opts.date(e)),
            e.kind.label_zh(),
            e.kind,
            escape_xml(&e.title)
        );
        for t in told(e) {
            s.push_str("<blockquote>");
            s.push_str(&escape_xml(t.sentence));
            for c in t.citations {
                let _ = write!(
                    s,
                    "<span class=\"article\">{}</span>",
                    escape_xml(&citation_text(c))
                );
            }
            s.push_str("</blockquote>\n");
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n");
    let _ = writeln!(s, "<script>//<![CDATA[{SCRIPT}//]]></script>");
    s.push_str("</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn script_and_style_hold_no_markup_breaking_chars() {
        // Inline code must not close its element or need escaping in XML.
        for code in [super::SCRIPT, super::STYLE] {
            assert!(!code.contains("</"), "{code}");
            assert!(!code.contains('&'), "{code}");
            assert!(!code.contains("]]>"), "{code}");
        }
    }
}
