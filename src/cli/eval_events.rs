//! `kanbao eval-events --gold FILE [--json]`: the timeline scored against events annotated by
//! hand.
//!
//! A gold file (`tests/fixtures/events/README.md`) names a source text, relative to the gold file's
//! folder, and every dated happening a careful reader puts on a timeline. The source's timeline
//! is built as `kanbao timeline SOURCE` builds it; then predicted events are matched to gold ones,
//! kind-blind: a prediction matches a gold event when one of its sources stands in the gold
//! event's article and its date equals the gold date or one contains the other. Each gold event
//! and each prediction is matched at most once, greedily, the best title overlap (character-bigram
//! Dice) first. A gold event marked optional counts neither for recall nor against precision: a
//! prediction matching it is correct.

use crate::extract::events::{EventKind, Relation};
use crate::extract::times::value_range;
use crate::knowledge::timeline::{Event, Timeline};
use crate::models::Models;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct EvalEventsArgs {
    /// Gold events (JSON): {"source": TEXT, "reference": DATE, "events": [{"article", "date",
    /// "kind", "relation", "title", "text", "optional"}, …]}; TEXT is relative to this file.
    #[arg(long)]
    pub gold: PathBuf,
    /// Print the scores, matches and misses as JSON.
    #[arg(long)]
    pub json: bool,
}

/// One happening as the annotator put it on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldEvent {
    /// The title of the article telling it, as printed.
    pub article: String,
    /// TIMEX3 value: `2013-12-14`, `2013-12`, `2013`, `2021-05-14/2021-05-15`.
    pub date: String,
    pub kind: EventKind,
    pub relation: Relation,
    /// A short who-did-what phrase.
    pub title: String,
    /// The time expression, or the sentence's key words when it has none.
    pub text: String,
    /// Uncertain: not counted against recall.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

/// A gold file: one source text and its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldFile {
    /// The source text, relative to the gold file's folder.
    pub source: String,
    /// The date the source's own time words are read against (a broadcast day, an issue date).
    pub reference: NaiveDate,
    #[serde(default)]
    pub notes: String,
    pub events: Vec<GoldEvent>,
}

impl GoldFile {
    /// Reads and checks a gold file: every kind an [`EventKind`], every date a TIMEX3 day range,
    /// no empty article or title.
    pub fn read(path: &Path) -> Result<GoldFile> {
        let text =
            std::fs::read_to_string(path).map_err(|e| super::file_error("cannot read", path, e))?;
        let gold: GoldFile = serde_json::from_str(&text)
            .map_err(|e| anyhow!("invalid gold events ({e}): {}", path.display()))?;
        for (i, event) in gold.events.iter().enumerate() {
            if let Err(problem) = event.check() {
                return Err(anyhow!(
                    "invalid gold event {} `{}` ({problem}): {}",
                    i + 1,
                    event.title,
                    path.display()
                ));
            }
        }
        Ok(gold)
    }

    /// The source text's path for a gold file at `gold_path`.
    pub fn source_path(&self, gold_path: &Path) -> PathBuf {
        gold_path
            .parent()
            .unwrap_or_else(|| Path::new(""))
            .join(&self.source)
    }

    /// The predictions that match every event exactly: a perfect extractor's answer.
    pub fn perfect_predictions(&self) -> Vec<Prediction> {
        self.events.iter().map(Prediction::from_gold).collect()
    }
}

impl GoldEvent {
    fn check(&self) -> std::result::Result<(), String> {
        if self.article.trim().is_empty() || self.title.trim().is_empty() {
            return Err("empty article or title".to_string());
        }
        if value_range(&self.date).is_none() {
            return Err(format!("date `{}` is no TIMEX3 day range", self.date));
        }
        Ok(())
    }
}

/// A timeline event as the scorer reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prediction {
    /// TIMEX3 value.
    pub value: String,
    pub kind: EventKind,
    pub relation: Option<Relation>,
    pub title: String,
    /// The titles of the articles its sources stand in, trimmed, distinct.
    pub articles: Vec<String>,
}

impl Prediction {
    /// Reads an event.
    pub fn from_event(event: &Event) -> Result<Prediction> {
        let relation = Some(event.relation);
        let mut articles: Vec<String> = Vec::new();
        for source in &event.sources {
            let title = source.citation.title.trim();
            if !articles.iter().any(|a| a == title) {
                articles.push(title.to_string());
            }
        }
        Ok(Prediction {
            value: event.value.clone(),
            kind: event.kind,
            relation,
            title: event.title.clone(),
            articles,
        })
    }

    /// The prediction that is this gold event.
    pub fn from_gold(gold: &GoldEvent) -> Prediction {
        Prediction {
            value: gold.date.clone(),
            kind: gold.kind,
            relation: Some(gold.relation),
            title: gold.title.clone(),
            articles: vec![gold.article.trim().to_string()],
        }
    }

    /// Whether this prediction may stand for `gold`: told in its article, at its date.
    fn may_match(&self, gold: &GoldEvent) -> bool {
        let article = gold.article.trim();
        self.articles.iter().any(|a| a == article) && dates_match(&gold.date, &self.value)
    }
}

/// Equal values, or one day range inside the other.
fn dates_match(gold: &str, predicted: &str) -> bool {
    if gold == predicted {
        return true;
    }
    let (Some((g0, g1)), Some((p0, p1))) = (value_range(gold), value_range(predicted)) else {
        return false;
    };
    (g0 <= p0 && p1 <= g1) || (p0 <= g0 && g1 <= p1)
}

/// Both values cover the same days.
fn dates_exact(gold: &str, predicted: &str) -> bool {
    gold == predicted
        || matches!((value_range(gold), value_range(predicted)), (Some(g), Some(p)) if g == p)
}

/// Character-bigram Dice coefficient of two titles (whitespace ignored): 1 for equal titles, 0
/// for titles sharing no bigram. A one-character title is its own bigram.
pub fn title_dice(a: &str, b: &str) -> f64 {
    fn bigrams(s: &str) -> HashMap<(char, char), usize> {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        let mut counts = HashMap::new();
        if let [only] = chars.as_slice() {
            counts.insert((*only, *only), 1);
        }
        for pair in chars.windows(2) {
            *counts.entry((pair[0], pair[1])).or_insert(0) += 1;
        }
        counts
    }
    let (a, b) = (bigrams(a), bigrams(b));
    let total: usize = a.values().sum::<usize>() + b.values().sum::<usize>();
    if total == 0 {
        return 0.0;
    }
    let common: usize = a
        .iter()
        .map(|(k, n)| (*n).min(b.get(k).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / total as f64
}

/// A gold event and the prediction matched to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub gold: GoldEvent,
    pub prediction: Prediction,
    /// Title overlap (character-bigram Dice).
    pub dice: f64,
}

impl Match {
    fn kind_correct(&self) -> bool {
        self.gold.kind == self.prediction.kind
    }

    fn date_exact(&self) -> bool {
        dates_exact(&self.gold.date, &self.prediction.value)
    }
}

/// Recall and exact dates of the required gold events of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindScore {
    pub kind: EventKind,
    pub gold: usize,
    pub matched: usize,
    /// Matched with the very same day range.
    pub exact: usize,
}

/// The outcome of matching predictions to gold events.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    /// Required gold events.
    pub gold: usize,
    /// Optional gold events.
    pub optional: usize,
    pub predicted: usize,
    /// Every matched pair, optional gold events included, in gold order.
    pub matches: Vec<Match>,
    /// Required gold events no prediction matched.
    pub unmatched_gold: Vec<GoldEvent>,
    pub unmatched_predictions: Vec<Prediction>,
    /// Gold articles the loaded source has no article titled as.
    pub missing_articles: Vec<String>,
}

/// `n / d`, or None when there is nothing to divide.
fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

impl Score {
    /// Required gold events matched.
    pub fn matched(&self) -> usize {
        self.matches.iter().filter(|m| !m.gold.optional).count()
    }

    /// Required gold events matched, of all required ones (kind-blind).
    pub fn recall(&self) -> Option<f64> {
        ratio(self.matched(), self.gold)
    }

    /// Predictions matching a gold event, optional ones included, of all predictions.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.matches.len(), self.predicted)
    }

    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        Some(if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        })
    }

    /// Matched pairs of the same kind, of all matched pairs.
    pub fn kind_accuracy(&self) -> Option<f64> {
        let correct = self.matches.iter().filter(|m| m.kind_correct()).count();
        ratio(correct, self.matches.len())
    }

    /// Matched pairs of the same relation, of the matched predictions that carry one.
    pub fn relation_accuracy(&self) -> Option<f64> {
        let known: Vec<&Match> = self
            .matches
            .iter()
            .filter(|m| m.prediction.relation.is_some())
            .collect();
        let correct = known
            .iter()
            .filter(|m| m.prediction.relation == Some(m.gold.relation))
            .count();
        ratio(correct, known.len())
    }

    /// Matched pairs covering the very same days, of all matched pairs.
    pub fn date_exactness(&self) -> Option<f64> {
        let exact = self.matches.iter().filter(|m| m.date_exact()).count();
        ratio(exact, self.matches.len())
    }

    /// Recall and exact dates per kind of the required gold events, kinds in
    /// [`EventKind::ALL`] order, only kinds the gold has.
    pub fn per_kind(&self) -> Vec<KindScore> {
        EventKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let matched: Vec<&Match> = self
                    .matches
                    .iter()
                    .filter(|m| !m.gold.optional && m.gold.kind == kind)
                    .collect();
                let missed = self.unmatched_gold.iter().filter(|g| g.kind == kind);
                let gold = matched.len() + missed.count();
                (gold > 0).then(|| KindScore {
                    kind,
                    gold,
                    matched: matched.len(),
                    exact: matched.iter().filter(|m| m.date_exact()).count(),
                })
            })
            .collect()
    }

    /// The scores and lists as one JSON value.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "gold": self.gold,
            "optional": self.optional,
            "predicted": self.predicted,
            "matched": self.matched(),
            "matched_optional": self.matches.len() - self.matched(),
            "recall": self.recall(),
            "precision": self.precision(),
            "f1": self.f1(),
            "kind_accuracy": self.kind_accuracy(),
            "relation_accuracy": self.relation_accuracy(),
            "date_exact": self.date_exactness(),
            "per_kind": self.per_kind(),
            "missing_articles": self.missing_articles,
            "unmatched_gold": self.unmatched_gold,
            "unmatched_predictions": self.unmatched_predictions,
            "matches": self.matches,
        })
    }
}

/// Matches predictions to gold events (see the module doc).
pub fn score(gold: &[GoldEvent], predictions: &[Prediction]) -> Score {
    let mut pairs: Vec<(bool, f64, usize, usize)> = Vec::new();
    for (g, gold_event) in gold.iter().enumerate() {
        for (p, prediction) in predictions.iter().enumerate() {
            if prediction.may_match(gold_event) {
                let dice = title_dice(&gold_event.title, &prediction.title);
                pairs.push((gold_event.optional, dice, g, p));
            }
        }
    }
    // Best overlap first; on a tie a required gold event before an optional one.
    pairs.sort_by(|a, b| {
        (b.1.total_cmp(&a.1))
            .then(a.0.cmp(&b.0))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut gold_match: Vec<Option<(usize, f64)>> = vec![None; gold.len()];
    let mut taken = vec![false; predictions.len()];
    for (_, dice, g, p) in pairs {
        if gold_match[g].is_none() && !taken[p] {
            gold_match[g] = Some((p, dice));
            taken[p] = true;
        }
    }
    let mut score = Score {
        gold: gold.iter().filter(|g| !g.optional).count(),
        optional: gold.iter().filter(|g| g.optional).count(),
        predicted: predictions.len(),
        ..Score::default()
    };
    for (gold_event, found) in gold.iter().zip(gold_match) {
        match found {
            Some((p, dice)) => score.matches.push(Match {
                gold: gold_event.clone(),
                prediction: predictions[p].clone(),
                dice,
            }),
            None if !gold_event.optional => score.unmatched_gold.push(gold_event.clone()),
            None => {}
        }
    }
    score.unmatched_predictions = predictions
        .iter()
        .zip(taken)
        .filter(|(_, taken)| !taken)
        .map(|(p, _)| p.clone())
        .collect();
    score
}

/// Scores the timeline of a gold file's source, built with `models` as `kanbao timeline` builds
/// it, against the gold file.
pub fn evaluate(gold_path: &Path, models: &Models) -> Result<Score> {
    let gold = GoldFile::read(gold_path)?;
    let bundle = super::load_bundle(&gold.source_path(gold_path), None)?;
    let tag = |text: &str| models.ner.tag(text);
    let timeline = Timeline::build(&bundle.articles, models.event_models(&tag));
    let predictions = timeline
        .events
        .iter()
        .map(Prediction::from_event)
        .collect::<Result<Vec<_>>>()?;
    let mut score = score(&gold.events, &predictions);
    for event in &gold.events {
        let article = event.article.trim();
        let found = bundle.articles.iter().any(|a| a.title.trim() == article);
        if !found && !score.missing_articles.iter().any(|m| m == article) {
            score.missing_articles.push(article.to_string());
        }
    }
    Ok(score)
}

pub fn run(args: &EvalEventsArgs) -> Result<()> {
    let models = super::shipped_models()?;
    let score = evaluate(&args.gold, &models)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &score.to_json())?;
        writeln!(out)?;
    } else {
        print_report(&mut out, &score)?;
    }
    out.flush()?;
    Ok(())
}

/// Below this title overlap a match is listed for a second look: it rests on article and date.
const WEAK_DICE: f64 = 0.2;

/// `0.857`, or `n/a` when there is nothing to divide.
fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"))
}

/// The scores, then every miss for reading.
pub fn print_report(out: &mut dyn Write, score: &Score) -> Result<()> {
    print_scores(out, score)?;
    print_misses(out, score)
}

/// The counts, the ratios and the recall per kind.
fn print_scores(out: &mut dyn Write, score: &Score) -> Result<()> {
    let matched = score.matched();
    writeln!(
        out,
        "events: {} gold (+{} optional), {} predicted, {matched} matched (+{} optional)",
        score.gold,
        score.optional,
        score.predicted,
        score.matches.len() - matched
    )?;
    writeln!(
        out,
        "recall {}  precision {}  F1 {}  (kind-blind)",
        number(score.recall()),
        number(score.precision()),
        number(score.f1())
    )?;
    let relation = match score.relation_accuracy() {
        Some(r) => format!("{r:.3}"),
        None => "n/a (no prediction carries a relation)".to_string(),
    };
    writeln!(
        out,
        "matched pairs: kind accuracy {}  date exact {}  relation accuracy {relation}",
        number(score.kind_accuracy()),
        number(score.date_exactness())
    )?;
    writeln!(out, "per kind (matched/gold, exact dates):")?;
    for k in score.per_kind() {
        writeln!(
            out,
            "  {:<12} {:>3}/{:<3} {}  exact {}/{}",
            k.kind.as_str(),
            k.matched,
            k.gold,
            number(ratio(k.matched, k.gold)),
            k.exact,
            k.matched
        )?;
    }
    Ok(())
}

/// What the scores hide: gold articles the source lacks, unmatched gold events and predictions,
/// matches resting on article and date alone, matches of another kind.
fn print_misses(out: &mut dyn Write, score: &Score) -> Result<()> {
    if !score.missing_articles.is_empty() {
        writeln!(out, "gold articles not in the source:")?;
        for article in &score.missing_articles {
            writeln!(out, "  {article}")?;
        }
    }
    writeln!(out, "unmatched gold ({}):", score.unmatched_gold.len())?;
    for g in &score.unmatched_gold {
        writeln!(
            out,
            "  {:<12} {:<10} {:<8} {}  [{}]",
            g.date,
            g.kind.as_str(),
            g.relation.as_str(),
            g.title,
            g.article
        )?;
    }
    writeln!(
        out,
        "unmatched predictions ({}):",
        score.unmatched_predictions.len()
    )?;
    for p in &score.unmatched_predictions {
        writeln!(
            out,
            "  {:<12} {:<10} {}  [{}]",
            p.value,
            p.kind.as_str(),
            p.title,
            p.articles.join(" | ")
        )?;
    }
    let weak: Vec<&Match> = score
        .matches
        .iter()
        .filter(|m| m.dice < WEAK_DICE)
        .collect();
    writeln!(
        out,
        "matched on article and date alone, titles apart ({}):",
        weak.len()
    )?;
    for m in weak {
        writeln!(
            out,
            "  {:<12} {}  ~  {} {}",
            m.gold.date, m.gold.title, m.prediction.value, m.prediction.title
        )?;
    }
    let wrong_kind: Vec<&Match> = score.matches.iter().filter(|m| !m.kind_correct()).collect();
    writeln!(out, "matched with another kind ({}):", wrong_kind.len())?;
    for m in wrong_kind {
        writeln!(
            out,
            "  {:<12} gold {:<10} predicted {:<10} {}",
            m.gold.date,
            m.gold.kind.as_str(),
            m.prediction.kind.as_str(),
            m.gold.title
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(article: &str, date: &str, kind: &str, title: &str) -> GoldEvent {
        GoldEvent {
            article: article.to_string(),
            date: date.to_string(),
            kind: kind.parse().unwrap(),
            relation: Relation::Reported,
            title: title.to_string(),
            text: String::new(),
            optional: false,
        }
    }

    fn predicted(article: &str, value: &str, kind: &str, title: &str) -> Prediction {
        Prediction {
            value: value.to_string(),
            kind: kind.parse().unwrap(),
            relation: None,
            title: title.to_string(),
            articles: vec![article.to_string()],
        }
    }

    #[test]
    fn dice_counts_shared_character_bigrams() {
        assert_eq!(title_dice("嫦娥三号成功落月", "嫦娥三号成功落月"), 1.0);
        assert_eq!(title_dice("嫦娥三号", "天问一号"), 0.0);
        // 嫦娥 娥三 三号 shared; 3 + 5 bigrams.
        let d = title_dice("嫦娥三号", "嫦娥三号着陆");
        assert!((d - 6.0 / 8.0).abs() < 1e-9, "{d}");
        assert_eq!(title_dice("雪", "雪"), 1.0);
        assert_eq!(title_dice("", ""), 0.0);
    }

    #[test]
    fn dates_match_when_equal_or_one_holds_the_other() {
        assert!(dates_match("2013-12-14", "2013-12-14T21:11"));
        assert!(dates_match("2013-12", "2013-12-14"));
        assert!(dates_match("2013-12-14", "2013-12"));
        assert!(dates_match("2021-05-14/2021-05-15", "2021-05-15"));
        assert!(!dates_match("2013-12-14", "2013-12-15"));
        assert!(dates_match("2013-12", "2013-11/2013-12"));
        assert!(
            !dates_match("2013-12-14/2013-12-20", "2013-12-10/2013-12-16"),
            "overlap is not containment"
        );
        assert!(!dates_match("2013-12-14", "PRESENT_REF"));
        assert!(dates_exact("2013-12-14", "2013-12-14T21:11"));
        assert!(!dates_exact("2013-12", "2013-12-14"));
    }

    #[test]
    fn the_best_title_is_matched_first_and_each_side_once() {
        let golds = [
            gold("A", "2013-12-15", "other", "两器分离"),
            gold("A", "2013-12-15", "other", "两器互拍"),
        ];
        let predictions = [
            predicted("A", "2013-12-15", "other", "两器互拍成像"),
            predicted("A", "2013-12-15", "other", "两器成功分离"),
            predicted("A", "2013-12-15", "other", "两器成功分离"),
        ];
        let s = score(&golds, &predictions);
        assert_eq!(s.matched(), 2);
        assert_eq!(s.matches[0].prediction.title, "两器成功分离");
        assert_eq!(s.matches[1].prediction.title, "两器互拍成像");
        assert_eq!(s.unmatched_predictions.len(), 1);
        assert_eq!(s.recall(), Some(1.0));
        assert_eq!(s.precision(), Some(2.0 / 3.0));
    }

    #[test]
    fn a_match_needs_the_article_and_the_date_but_not_the_kind() {
        let golds = [gold(" 快讯 ", "2013-12-15", "conference", "新闻论坛举行")];
        let wrong_article = [predicted(
            "要闻",
            "2013-12-15",
            "conference",
            "新闻论坛举行",
        )];
        assert_eq!(score(&golds, &wrong_article).matched(), 0);
        let wrong_date = [predicted(
            "快讯",
            "2013-12-14",
            "conference",
            "新闻论坛举行",
        )];
        assert_eq!(score(&golds, &wrong_date).matched(), 0);
        let other_kind = [predicted("快讯", "2013-12-15", "meeting", "论坛")];
        let s = score(&golds, &other_kind);
        assert_eq!(s.matched(), 1);
        assert_eq!(s.kind_accuracy(), Some(0.0));
        assert_eq!(s.per_kind()[0].kind, EventKind::Conference);
        assert_eq!(s.per_kind()[0].matched, 1);
    }

    #[test]
    fn optional_gold_counts_for_precision_only() {
        let mut maybe = gold("A", "2013-12-14", "disaster", "云南暴雪");
        maybe.optional = true;
        let golds = [maybe, gold("A", "2013-12-14", "disaster", "贵州降雪凝冻")];
        let predictions = [
            predicted("A", "2013-12-14", "disaster", "云南出现暴雪"),
            predicted("A", "2013-12-14", "other", "道路结冰"),
        ];
        let s = score(&golds, &predictions);
        assert_eq!(
            (s.gold, s.optional, s.matched(), s.matches.len()),
            (1, 1, 1, 2)
        );
        // The closer title goes to the optional event; the required one takes what is left.
        assert_eq!(s.matches[0].prediction.title, "云南出现暴雪");
        assert_eq!(s.matches[1].prediction.title, "道路结冰");
        let only_optional = score(&golds[..1], &predictions);
        assert_eq!(only_optional.recall(), None);
        assert_eq!(only_optional.precision(), Some(0.5));
        assert!(only_optional.unmatched_gold.is_empty());
        // On equal overlap the required event is served first.
        let mut twin = gold("A", "2013-12-14", "disaster", "降雪");
        twin.optional = true;
        let tied = [twin, gold("A", "2013-12-14", "disaster", "降雪")];
        let s = score(&tied, &predictions[..1]);
        assert_eq!(s.matched(), 1);
    }

    #[test]
    fn relation_is_scored_only_where_predictions_carry_one() {
        let golds = [gold("A", "2013", "launch", "送上太空")];
        let mut p = predicted("A", "2013", "launch", "送上太空");
        assert_eq!(
            score(&golds, std::slice::from_ref(&p)).relation_accuracy(),
            None
        );
        p.relation = Some(Relation::Recalled);
        assert_eq!(
            score(&golds, std::slice::from_ref(&p)).relation_accuracy(),
            Some(0.0)
        );
        p.relation = Some(Relation::Reported);
        assert_eq!(score(&golds, &[p]).relation_accuracy(), Some(1.0));
    }

    #[test]
    fn gold_scored_against_itself_is_perfect() {
        let mut maybe = gold("B", "2021-05", "opening", "通车");
        maybe.optional = true;
        let file = GoldFile {
            source: "x.txt".to_string(),
            reference: NaiveDate::from_ymd_opt(2021, 5, 15).unwrap(),
            notes: String::new(),
            events: vec![
                gold("A", "2021-05-15", "landing", "着陆"),
                gold("A", "2021-05-15", "statement", "致电祝贺"),
                maybe,
            ],
        };
        let s = score(&file.events, &file.perfect_predictions());
        for value in [
            s.recall(),
            s.precision(),
            s.f1(),
            s.kind_accuracy(),
            s.relation_accuracy(),
            s.date_exactness(),
        ] {
            assert_eq!(value, Some(1.0));
        }
        let empty = score(&file.events, &[]);
        assert_eq!(
            (empty.recall(), empty.precision(), empty.f1()),
            (Some(0.0), None, None)
        );
    }

    fn read_error(json: &str) -> String {
        let dir = std::env::temp_dir().join(format!("kanbao-gold-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{}.json", json.len()));
        std::fs::write(&path, json).unwrap();
        let err = GoldFile::read(&path).map(|_| ()).unwrap_err().to_string();
        std::fs::remove_file(&path).unwrap();
        err.replace(&path.display().to_string(), "PATH")
    }

    #[test]
    fn a_gold_file_with_an_unknown_kind_bad_date_or_field_is_refused() {
        let event = |kind: &str, date: &str| {
            format!(
                r#"{{"source": "a.txt", "reference": "2021-05-15", "events": [{{"article": "A",
                "date": "{date}", "kind": "{kind}", "relation": "reported", "title": "着陆",
                "text": "15日"}}]}}"#
            )
        };
        let err = read_error(&event("rocket", "2021-05-15"));
        assert!(
            err.starts_with("invalid gold events (unknown variant `rocket`, expected one of"),
            "{err}"
        );
        assert!(err.ends_with("): PATH"), "{err}");
        let err = read_error(&event("landing", "15日"));
        assert_eq!(
            err,
            "invalid gold event 1 `着陆` (date `15日` is no TIMEX3 day range): PATH"
        );
        let err = read_error(&event("landing", "2021-05-15").replace("\"text\"", "\"txt\""));
        assert!(
            err.starts_with("invalid gold events (unknown field `txt`"),
            "{err}"
        );
        let err = read_error(&event("landing", "2021-05-15").replace("reported", "reportd"));
        assert!(
            err.starts_with("invalid gold events (unknown variant `reportd`"),
            "{err}"
        );
    }
}
