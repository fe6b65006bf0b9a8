//! Named-entity recognition: people, places and organizations as character spans.
//!
//! A character-level linear-chain CRF (or averaged perceptron) tagger over BIOES tags with
//! constrained Viterbi decoding, its organizations decoded again from span probabilities.
//! Features ([`features`]): character n-grams, character classes, a segmentation dictionary with
//! coarse parts of speech, cue lists ([`lexicon`]) and distributional clusters learnt from
//! unlabelled news ([`clusters`]). Organizations are decoded again from the CRF's span
//! probabilities ([`span`], over posteriors from [`lattice`]), those of one CRF or the mean of
//! several ([`ensemble`]). The trained model ([`model`]) and its second pass ship in
//! `assets/ner/` and are
//! loaded by [`Ner::shipped`] (once, into [`crate::models::Models`]); `train` (the `train` feature) rebuilds it (`kanbao train-ner`).

pub mod chars;
pub mod clusters;
pub mod ensemble;
pub mod features;
pub mod lattice;
pub mod lexicon;
pub mod model;
pub mod net;
pub mod repair;
pub mod span;
#[cfg(feature = "train")]
pub mod train;
pub mod windows;

use ensemble::Member;
use features::{FeatureContext, LineFeatures, Scratch};
use lexicon::Lexicon;
use model::{Model, ModelParts};
use serde::{Deserialize, Serialize};
use span::SpanModel;
use std::cell::RefCell;
use std::sync::Arc;

/// Kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "ORG")]
    Org,
    /// A work titled in 《》: book, law, document, film, newspaper (rules, not the model).
    #[serde(rename = "WORK")]
    Work,
    /// A spacecraft, launch vehicle or mission: 神舟十八号, 长征五号遥八 (rules).
    #[serde(rename = "CRAFT")]
    Craft,
    /// A named facility: 酒泉卫星发射中心, 东风着陆场 (rules over the model's output).
    #[serde(rename = "FACILITY")]
    Facility,
    /// A named event: 中国国际进口博览会, 进博会 (rules). Not a timeline event
    /// (`crate::extract::events`), which is something that happened on a date.
    #[serde(rename = "EVENT")]
    NamedEvent,
}

impl EntityKind {
    /// The kinds the statistical model tags.
    pub const MODEL_KINDS: [EntityKind; 3] = [EntityKind::Per, EntityKind::Loc, EntityKind::Org];

    /// Every kind: the model's three, then those found by rules (`crate::extract::rules`).
    pub const ALL: [EntityKind; 7] = [
        EntityKind::Per,
        EntityKind::Loc,
        EntityKind::Org,
        EntityKind::Work,
        EntityKind::Craft,
        EntityKind::Facility,
        EntityKind::NamedEvent,
    ];

    /// Label as in the data and the CLI: `PER`, `LOC`, `ORG`, `WORK`, `CRAFT`, `FACILITY`, `EVENT`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Loc => "LOC",
            EntityKind::Org => "ORG",
            EntityKind::Work => "WORK",
            EntityKind::Craft => "CRAFT",
            EntityKind::Facility => "FACILITY",
            EntityKind::NamedEvent => "EVENT",
        }
    }

    /// Parses a label (the [`EntityKind::as_str`] of one of [`EntityKind::ALL`]).
    pub fn from_label(label: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == label)
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entity mention: char offsets into the tagged text, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// Errors of loading, training and evaluating the tagger. Each is one line, the message with its
/// cause in brackets, then the file (`cannot read gold file (…): PATH`); no `source()`, so error
/// chains do not print the cause twice.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("bad NER model ({message}): {path}")]
    Model { message: String, path: String },
    #[error("cannot read {what} ({cause}): {path}")]
    Io {
        what: &'static str,
        path: String,
        cause: std::io::Error,
    },
    #[error(transparent)]
    Lexicon(#[from] crate::lexicon::LexiconError),
    #[error("bad gold line ({message}): {path}:{line}")]
    Gold {
        line: usize,
        message: String,
        path: String,
    },
}

/// Something that tags a text's entity spans: the model ([`Ner::tag`]) or a stand-in (tests).
pub type Tagger<'t> = dyn Fn(&str) -> Vec<EntitySpan> + Sync + 't;

/// The model shipped in `assets/ner/model.bin.gz`.
pub const MODEL_GZ: &[u8] = include_bytes!("../../../assets/ner/model.bin.gz");
/// The path [`MODEL_GZ`] is reported under.
const MODEL_PATH: &str = "assets/ner/model.bin.gz";
/// The organization pass shipped for [`MODEL_GZ`] in `assets/ner/org-spans.bin.gz`: its
/// temperature, the threshold and the fallback.
pub const ORG_SPANS_GZ: &[u8] = include_bytes!("../../../assets/ner/org-spans.bin.gz");
/// The path [`ORG_SPANS_GZ`] is reported under.
const ORG_SPANS_PATH: &str = "assets/ner/org-spans.bin.gz";

/// The tagger: lexicons plus a trained model. `Send + Sync`; share one.
#[derive(Debug)]
pub struct Ner {
    lexicon: Arc<Lexicon>,
    model: Model,
    /// The second pass over organizations, if any.
    org_spans: Option<SpanModel>,
    /// Further CRFs whose posteriors are averaged with the model's (only with a second pass,
    /// which holds the model's temperature).
    members: Vec<Member>,
}

#[derive(Default)]
struct Work {
    scratch: Scratch,
    features: LineFeatures,
    codes: Vec<u32>,
    raw: Vec<char>,
    emit: Vec<i32>,
    back: Vec<u8>,
    tags: Vec<u8>,
    spans: span::SpanWork,
    /// A member's features when they are not the model's, and its emissions.
    member_features: LineFeatures,
    member_emit: Vec<i32>,
    mean: Vec<f64>,
}

thread_local! {
    static WORK: RefCell<Work> = RefCell::new(Work::default());
}

impl Ner {
    /// The shipped model, its organization pass and the dictionary (`assets/ner/`), read in
    /// parallel on a thread of its own, not rayon: a caller may hold a lock that rayon's
    /// workers are waiting on (a lazily loaded value), and a job handed to them would never run.
    pub fn shipped() -> Result<Ner, NerError> {
        let (lexicon, parts) = std::thread::scope(|scope| {
            let lexicon = scope.spawn(Lexicon::shipped);
            let parts = ModelParts::read(MODEL_GZ, MODEL_PATH);
            (lexicon.join(), parts)
        });
        let lexicon = lexicon.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let org_spans = SpanModel::read(ORG_SPANS_GZ, ORG_SPANS_PATH)?;
        Ok(Ner::new(Arc::new(lexicon), &parts?).with_org_spans(Some(org_spans)))
    }

    /// A tagger from a lexicon and model parts (as read by [`ModelParts::read`] or trained).
    pub fn new(lexicon: Arc<Lexicon>, parts: &ModelParts) -> Ner {
        Ner {
            lexicon,
            model: parts.to_model(),
            org_spans: None,
            members: Vec::new(),
        }
    }

    /// The tagger with `org_spans` as its second pass over organizations (none: the CRF's
    /// Viterbi spans as they are).
    pub fn with_org_spans(mut self, org_spans: Option<SpanModel>) -> Ner {
        self.org_spans = org_spans;
        self
    }

    /// The tagger with `members` beside its model: their posteriors and the model's are
    /// averaged, decoded, and the organizations read again from them ([`ensemble`]). Only a
    /// tagger with a second pass uses them.
    pub fn with_members(mut self, members: Vec<Member>) -> Ner {
        self.members = members;
        self
    }

    /// The CRFs beside the model.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The CRF's weights.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The second pass over organizations, if any.
    pub fn org_spans(&self) -> Option<&SpanModel> {
        self.org_spans.as_ref()
    }

    /// A tagger from a model file (`.bin.gz`) with the shipped lexicon, without a second pass
    /// (the shipped one is calibrated for the shipped model).
    pub fn from_file(path: &std::path::Path) -> Result<Ner, NerError> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|cause| NerError::Io {
            what: "NER model",
            path: name.clone(),
            cause,
        })?;
        let parts = ModelParts::read(std::io::BufReader::new(file), &name)?;
        let lexicon = Lexicon::shipped()?;
        Ok(Ner::new(Arc::new(lexicon), &parts))
    }

    /// Number of weighted features in the model.
    pub fn feature_count(&self) -> usize {
        self.model.table.len()
    }

    /// The dictionary and cue lists the tagger uses (the entity rules consult them too).
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Entity mentions of `text` in text order (char offsets, `end` exclusive).
    pub fn tag(&self, text: &str) -> Vec<EntitySpan> {
        self.tag_until(text, &|| false)
    }

    /// [`Ner::tag`], asking `stop` before each window of a long line ([`windows`]); once it
    /// says so, the spans found so far (a cancelled analysis drops them).
    pub fn tag_until(&self, text: &str, stop: &dyn Fn() -> bool) -> Vec<EntitySpan> {
        self.tag_in_windows(text, windows::windows, stop)
    }

    /// Tags `text` window by window (`cut` gives them): each window's spans that start in its
    /// stretch and after the spans kept before, then the repairs over the whole line.
    fn tag_in_windows(
        &self,
        text: &str,
        cut: fn(&[char]) -> Vec<windows::Window>,
        stop: &dyn Fn() -> bool,
    ) -> Vec<EntitySpan> {
        WORK.with(|work| {
            let mut work = work.borrow_mut();
            let work = &mut *work;
            work.raw.clear();
            work.raw.extend(text.chars());
            work.codes.clear();
            work.codes
                .extend(work.raw.iter().map(|&c| chars::normalize(c)));
            let mut spans = Vec::new();
            for window in cut(&work.raw) {
                if stop() {
                    break;
                }
                let found = self.tag_window(work, window.tag.clone());
                let floor = spans.last().map_or(0, |s: &EntitySpan| s.end);
                spans.extend(
                    found
                        .into_iter()
                        .map(|s| EntitySpan {
                            start: s.start + window.tag.start,
                            end: s.end + window.tag.start,
                            kind: s.kind,
                        })
                        .filter(|s| window.keep.contains(&s.start) && s.start >= floor),
                );
            }
            let Work { raw, codes, .. } = work;
            repair::balance_marks(raw, &mut spans);
            repair::split_place_prefix(raw, codes, &self.lexicon, &mut spans);
            spans
        })
    }

    /// The spans of the characters `range` of `work.codes`, offsets within the range.
    fn tag_window(&self, work: &mut Work, range: std::ops::Range<usize>) -> Vec<EntitySpan> {
        let codes = &work.codes[range];
        let ctx = FeatureContext {
            lexicon: &self.lexicon,
            clusters: self.model.clusters.as_ref(),
            flags: self.model.flags,
        };
        ctx.extract(codes, &mut work.scratch, &mut work.features);
        self.model.emissions(codes, &work.features, &mut work.emit);
        model::viterbi(
            &work.emit,
            &self.model.trans,
            &mut work.back,
            &mut work.tags,
        );
        let Some(org_spans) = &self.org_spans else {
            return model::tags_to_spans(&work.tags);
        };
        let w = &mut work.spans;
        w.lattices
            .resize_with(1 + self.members.len(), Default::default);
        let mut exp_trans = Vec::with_capacity(1 + self.members.len());
        exp_trans.push(span::exp_transitions(&self.model.trans, org_spans.scale));
        span::posteriors(
            &work.emit,
            &exp_trans[0],
            org_spans.scale,
            &mut w.lattices[0],
        );
        for (member, lattice) in self.members.iter().zip(&mut w.lattices[1..]) {
            let features = if member.shares_features {
                &work.features
            } else {
                let ctx = FeatureContext {
                    lexicon: &self.lexicon,
                    clusters: member.model.clusters.as_ref(),
                    flags: member.model.flags,
                };
                ctx.extract(codes, &mut work.scratch, &mut work.member_features);
                &work.member_features
            };
            member
                .model
                .emissions(codes, features, &mut work.member_emit);
            let trans = span::exp_transitions(&member.model.trans, member.scale);
            span::posteriors(&work.member_emit, &trans, member.scale, lattice);
            exp_trans.push(trans);
        }
        if !self.members.is_empty() {
            ensemble::decode_mean(&w.lattices, &mut work.mean, &mut work.back, &mut work.tags);
        }
        let viterbi = model::tags_to_spans(&work.tags);
        span::rescore(org_spans, &self.lexicon, codes, &exp_trans, &viterbi, w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SHIPPED: std::sync::LazyLock<Ner> = std::sync::LazyLock::new(|| Ner::shipped().unwrap());

    #[test]
    fn kinds_serialise_as_labels() {
        let span = EntitySpan {
            start: 0,
            end: 2,
            kind: EntityKind::Org,
        };
        let json = serde_json::to_string(&span).expect("plain struct");
        assert_eq!(json, r#"{"start":0,"end":2,"kind":"ORG"}"#);
        for kind in EntityKind::MODEL_KINDS {
            assert_eq!(EntityKind::from_label(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn embedded_tagger_finds_people_places_and_organizations() {
        let ner = &*SHIPPED;
        let text = "国务院总理李鹏今天在北京会见了美国国务卿奥尔布赖特。";
        let spans = ner.tag(text);
        let chars: Vec<char> = text.chars().collect();
        let found: Vec<(String, EntityKind)> = spans
            .iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.kind))
            .collect();
        for want in [
            ("国务院", EntityKind::Org),
            ("李鹏", EntityKind::Per),
            ("北京", EntityKind::Loc),
            ("奥尔布赖特", EntityKind::Per),
        ] {
            assert!(
                found.contains(&(want.0.to_string(), want.1)),
                "{want:?} in {found:?}"
            );
        }
    }

    /// The spans of `text` as (surface, kind).
    fn named(text: &str, spans: &[EntitySpan]) -> Vec<(String, EntityKind)> {
        let chars: Vec<char> = text.chars().collect();
        spans
            .iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.kind))
            .collect()
    }

    fn whole_line(chars: &[char]) -> Vec<windows::Window> {
        vec![windows::Window {
            keep: 0..chars.len(),
            tag: 0..chars.len(),
        }]
    }

    #[test]
    fn a_long_line_tagged_in_windows_gives_the_spans_of_the_whole_line() {
        let ner = &*SHIPPED;
        let page = crate::bundle::SAMPLE_TEXT.replace('\n', "");
        let line = page.repeat(windows::WHOLE_LINE_MAX / page.chars().count() + 2);
        assert!(windows::windows(&line.chars().collect::<Vec<_>>()).len() > 2);
        let windowed = ner.tag(&line);
        let whole = ner.tag_in_windows(&line, whole_line, &|| false);
        assert!(whole.len() > 100);
        assert_eq!(named(&line, &windowed), named(&line, &whole));
    }

    /// The shipped CRF without the organization pass.
    fn crf_alone() -> Ner {
        let parts = ModelParts::read(MODEL_GZ, MODEL_PATH).expect("shipped model");
        Ner::new(SHIPPED.lexicon.clone(), &parts)
    }

    #[test]
    fn a_long_line_without_punctuation_is_tagged_throughout() {
        // The organization pass keeps a name whose mass is split between one long name and two
        // short ones where the CRF's Viterbi path reads one.
        let ner = &*SHIPPED;
        assert!(ner.org_spans().is_some());
        let unit = "中国人民大学北京市委员会";
        let line = unit.repeat(3 * windows::WHOLE_LINE_MAX / unit.chars().count());
        let spans = ner.tag(&line);
        let n = line.chars().count();
        assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
        assert!(spans.iter().all(|s| s.start < s.end && s.end <= n));
        // Names all along the line, not only in its first window.
        let last = spans.last().map_or(0, |s| s.end);
        assert!(last + 2 * unit.chars().count() > n, "{last} of {n}");
        assert!(
            spans.len() >= n / unit.chars().count(),
            "{} spans",
            spans.len()
        );
    }

    #[test]
    fn tagging_stops_between_windows_when_asked() {
        let ner = &*SHIPPED;
        let line = "习近平在北京会见联合国秘书长".repeat(2 * windows::WHOLE_LINE_MAX / 14);
        let asked = std::cell::Cell::new(0);
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() > 1
        };
        let spans = ner.tag_until(&line, &stop);
        assert_eq!(asked.get(), 2);
        assert!(!spans.is_empty());
        assert!(spans.iter().all(|s| s.start < windows::STRETCH_MAX));
    }

    #[test]
    fn the_organization_pass_keeps_what_the_crf_is_sure_of_and_never_overlaps() {
        let ner = &*SHIPPED;
        let crf_alone = crf_alone();
        let text = "国务院总理李鹏今天在北京会见了美国国务卿奥尔布赖特和联合国秘书长安南。";
        assert_eq!(ner.tag(text), crf_alone.tag(text));
        let page = crate::bundle::SAMPLE_TEXT;
        let spans = ner.tag(page);
        assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
        let orgs =
            |spans: &[EntitySpan]| spans.iter().filter(|s| s.kind == EntityKind::Org).count();
        let alone = crf_alone.tag(page);
        assert!(orgs(&spans) > 0 && orgs(&spans) <= orgs(&alone) + 5);
        // A name whose probability is split between readings stands as the CRF reads it.
        let text = "巴勒斯坦伊斯兰圣战组织19日称，该组织对以色列边境城市发射了火箭弹。";
        let found = named(text, &ner.tag(text));
        assert!(
            found.contains(&("巴勒斯坦伊斯兰圣战组织".to_string(), EntityKind::Org)),
            "{found:?}"
        );
    }

    #[test]
    fn empty_and_odd_input_is_fine() {
        let ner = &*SHIPPED;
        assert!(ner.tag("").is_empty());
        assert!(ner.tag("。").is_empty());
        let _ = ner.tag("\u{0}\u{FFFF}𠀀 abc 123");
        let long = "新华社北京电 国家主席习近平在人民大会堂会见联合国秘书长。".repeat(100);
        let spans = ner.tag(&long);
        assert!(spans.len() >= 100);
        assert!(
            spans
                .iter()
                .all(|s| s.end <= long.chars().count() && s.start < s.end)
        );
    }
}
