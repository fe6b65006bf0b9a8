//! Entity grouping on the sample page with the shipped tagger: one entity per person, place and
//! organization, aliases joined where the text licenses it, reporters kept apart.

use kanbao::bundle::{LoadOptions, load_sample};
use kanbao::extract::ner::{EntityKind, EntitySpan};
use kanbao::knowledge::entities::{Entity, EntityModels, EntityTable, Role};
use kanbao::knowledge::{BuildOptions, Knowledge};
use kanbao::models::Models;
use kanbao::{Article, ArticleId};
use std::sync::LazyLock;

static MODELS: LazyLock<Models> = LazyLock::new(|| Models::shipped().unwrap());

static SAMPLE: LazyLock<Knowledge> = LazyLock::new(|| build(load_sample(&LoadOptions::default())));

fn build(bundle: kanbao::Bundle) -> Knowledge {
    Knowledge::build(bundle, &BuildOptions::new(&MODELS)).unwrap()
}

/// The entities of `articles` with `tag` as the tagger and the shipped rules and tables.
fn entities_with(
    articles: &[Article],
    tag: &(dyn Fn(&str) -> Vec<EntitySpan> + Sync),
) -> EntityTable {
    let models = EntityModels {
        tag,
        rules: &MODELS.rules,
        dictionary: Some(MODELS.ner.lexicon()),
        names: &MODELS.names,
    };
    kanbao::knowledge::entities::build(articles, models, &|| false, &|| {}).0
}

fn entity(name: &str) -> &'static Entity {
    let table = &SAMPLE.entities;
    let ids = table.find_by_name(name);
    assert!(!ids.is_empty(), "no entity named {name}");
    &table.entities[ids[0].index()]
}

#[test]
fn people_are_one_entity_each_and_titles_do_not_split_them() {
    let li = entity("李强");
    assert_eq!(li.kind, EntityKind::Per);
    assert!(li.count >= 10, "李强 mentioned {} times", li.count);
    assert!(li.articles.len() >= 3);
    // The name with a title finds the same entity.
    assert_eq!(SAMPLE.entities.find_by_name("李强总理"), vec![li.id]);
    assert_eq!(entity("习近平总书记").id, entity("习近平").id);
    // Crew members sharing no name stay apart.
    assert_ne!(entity("李聪").id, entity("李广苏").id);
    assert_ne!(entity("李聪").id, li.id);
}

#[test]
fn one_character_abbreviations_join_the_country_named_in_the_article() {
    let kz = entity("哈萨克斯坦");
    assert!(kz.aliases.iter().any(|a| a == "哈"), "{kz:?}");
    let uz = entity("乌兹别克斯坦");
    assert!(uz.aliases.iter().any(|a| a == "乌"), "{uz:?}");
    let cn = entity("中国");
    assert!(cn.aliases.iter().any(|a| a == "中"), "{cn:?}");
}

#[test]
fn reporters_are_people_with_the_reporter_role() {
    for name in ["许可", "周蕊", "李国利", "陆斯超"] {
        let e = entity(name);
        assert_eq!(e.kind, EntityKind::Per, "{name}");
        assert_eq!(e.role, Some(Role::Reporter), "{name}");
    }
    assert_eq!(entity("叶光富").role, None);
}

#[test]
fn mentions_point_at_their_text() {
    let k = &*SAMPLE;
    for m in &k.entities.mentions {
        let got = k.span_text(m.span).expect("mention's text exists");
        let e = &k.entities.entities[m.entity.index()];
        let folded = MODELS.names.normalize(&got);
        // Names of bodies are grouped without their quotation marks (“两新”工委 → 两新工委).
        let unquoted = MODELS.names.fold_name(&got);
        assert!(
            e.name == folded
                || e.aliases.contains(&folded)
                || MODELS.names.strip_person_titles(&folded) == e.name
                || e.name == unquoted
                || e.aliases.contains(&unquoted),
            "mention {got:?} of {e:?}"
        );
    }
}

#[test]
fn places_with_and_without_an_administrative_suffix_are_one() {
    let bj = entity("北京");
    assert_eq!(entity("北京市").id, bj.id);
}

fn kind_of(name: &str) -> EntityKind {
    entity(name).kind
}

#[test]
fn the_companies_at_the_expo_are_organizations() {
    // 新思科技、蔡司医疗、海克斯康、通用电气、SK集团、默沙东、中国一汽、小米等企业负责人出席
    for name in [
        "新思科技",
        "蔡司医疗",
        "海克斯康",
        "通用电气",
        "SK集团",
        "默沙东",
        "小米",
    ] {
        assert_eq!(kind_of(name), EntityKind::Org, "{name}");
    }
}

#[test]
fn spacecraft_facilities_events_and_works_are_found_on_the_sample() {
    assert_eq!(kind_of("神舟十八号"), EntityKind::Craft);
    assert!(entity("神舟十八号").count >= 5);
    assert_eq!(kind_of("东风着陆场"), EntityKind::Facility);
    assert_eq!(kind_of("酒泉卫星发射中心"), EntityKind::Facility);
    assert_eq!(kind_of("信访工作条例"), EntityKind::Work);
    // The full name and the short form are one event, in all the articles naming either.
    let expo = entity("中国国际进口博览会");
    assert_eq!(expo.kind, EntityKind::NamedEvent);
    assert!(expo.aliases.iter().any(|a| a == "进博会"), "{expo:?}");
    assert_eq!(entity("进博会").id, expo.id);
    assert!(expo.articles.len() >= 2);
}

/// A tagger that marks the given surfaces wherever they occur, as the model might (errors included).
fn marking(
    marks: &'static [(&'static str, EntityKind)],
) -> impl Fn(&str) -> Vec<EntitySpan> + Sync {
    move |text: &str| {
        let chars: Vec<char> = text.chars().collect();
        let mut spans = Vec::new();
        for (surface, kind) in marks {
            let s: Vec<char> = surface.chars().collect();
            for i in 0..chars.len() {
                if chars[i..].starts_with(&s) {
                    spans.push(EntitySpan {
                        start: i,
                        end: i + s.len(),
                        kind: *kind,
                    });
                }
            }
        }
        spans.sort_unstable();
        spans
    }
}

#[test]
fn names_glued_to_verbs_and_prepositions_are_one_entity() {
    // Sentences of the sample page with the spans the shipped model once gave them; the last two
    // put a place before the class noun.
    let articles = [article(
        0,
        &[
            "推进行业协会商会深化改革和转型发展——2015年6月，行业协会商会与行政机关脱钩改革启动以来。",
            "强化对行业协会商会改革发展工作的统筹协调。",
            "行业协会商会党建工作不断加强。",
            "推动符合条件的党员出资人、高管等担任企业党组织书记。",
            "2024年10月，习近平总书记安徽考察时来到六尺巷。",
            "推进上海市行业协会商会改革。",
            "强化对上海市行业协会商会的指导。",
        ],
    )];
    let tag = marking(&[
        ("推进行业协会商会", EntityKind::Org),
        ("，行业协会商会", EntityKind::Org),
        ("对行业协会商会", EntityKind::Org),
        ("行业协会商会党", EntityKind::Org),
        ("高管", EntityKind::Per),
        ("习近平", EntityKind::Per),
        ("安徽", EntityKind::Per),
        ("推进上海市行业协会商会", EntityKind::Org),
        ("对上海市行业协会商会", EntityKind::Org),
    ]);
    let table = entities_with(&articles, &tag);
    let names: Vec<(&str, EntityKind, u32)> = table
        .entities
        .iter()
        .map(|e| (e.name.as_str(), e.kind, e.count))
        .collect();
    // With a place the class noun is a name, the glued verb and preposition cut off; alone it
    // is a kind of body and no name, glued or not.
    assert!(
        names.contains(&("上海市行业协会商会", EntityKind::Org, 2)),
        "{names:?}"
    );
    assert!(
        !names.iter().any(
            |(n, ..)| (n.ends_with("协会商会") && !n.starts_with("上海市"))
                || n.ends_with("商会党")
        ),
        "{names:?}"
    );
    // A bare role is no person; a province the model took for a person is a place.
    assert!(table.find_by_name("高管").is_empty(), "{names:?}");
    assert!(names.contains(&("安徽", EntityKind::Loc, 1)), "{names:?}");
    assert!(names.contains(&("习近平", EntityKind::Per, 1)), "{names:?}");
    assert_eq!(names.len(), 3, "{names:?}");
}

fn article(id: u32, paragraphs: &[&str]) -> Article {
    Article {
        id: ArticleId::new(id),
        title: format!("第{id}篇"),
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        ..Article::default()
    }
}

/// Rules alone (a tagger that finds nothing): the further kinds need no model spans.
fn rules_only(articles: &[Article]) -> EntityTable {
    entities_with(articles, &|_: &str| Vec::new())
}

#[test]
fn an_event_short_form_alone_is_an_event_and_joins_its_full_name_elsewhere() {
    let alone = rules_only(&[article(0, &["李强同进博会参展商代表座谈。"])]);
    let ids = alone.find_by_name("进博会");
    assert_eq!(ids.len(), 1);
    assert_eq!(alone.entities[ids[0].index()].kind, EntityKind::NamedEvent);
    // Another article names the full name: the short form joins it by the abbreviation rule.
    let both = rules_only(&[
        article(0, &["第七届中国国际进口博览会在上海开幕。"]),
        article(1, &["进博会期间，多家企业签约。"]),
    ]);
    let expo = both.find_by_name("中国国际进口博览会");
    assert_eq!(expo.len(), 1, "{:?}", both.entities);
    assert_eq!(both.find_by_name("进博会"), expo);
    let e = &both.entities[expo[0].index()];
    assert_eq!(e.articles, vec![ArticleId::new(0), ArticleId::new(1)]);
    // An event the rule cannot derive stays apart.
    let apart = rules_only(&[
        article(0, &["第七届中国国际进口博览会在上海开幕。"]),
        article(1, &["服贸会期间，多家企业签约。"]),
    ]);
    assert_ne!(
        apart.find_by_name("服贸会"),
        apart.find_by_name("中国国际进口博览会")
    );
}

#[test]
fn ordinals_and_hao_do_not_split_an_entity() {
    let t = rules_only(&[article(
        0,
        &[
            "“祝融号”火星车驶上火星表面，“祝融”号传回图像。第七届世界互联网大会和第八届世界互联网大会。",
        ],
    )]);
    let rover = t.find_by_name("祝融");
    assert_eq!(rover.len(), 1, "{:?}", t.entities);
    assert_eq!(t.entities[rover[0].index()].count, 2);
    let wic = t.find_by_name("世界互联网大会");
    assert_eq!(wic.len(), 1, "{:?}", t.entities);
    assert_eq!(t.entities[wic[0].index()].count, 2);
}

#[test]
fn every_kind_of_the_fixture_days_serialises_and_mentions_stay_in_bounds() {
    let bundle = kanbao::bundle::load_path(
        std::path::Path::new("tests/fixtures/days"),
        &LoadOptions::default(),
        &|_| {},
    )
    .expect("fixture days load");
    let k = build(bundle);
    let kinds: std::collections::HashSet<EntityKind> =
        k.entities.entities.iter().map(|e| e.kind).collect();
    for kind in [
        EntityKind::Per,
        EntityKind::Loc,
        EntityKind::Org,
        EntityKind::Work,
        EntityKind::Craft,
        EntityKind::Facility,
    ] {
        assert!(kinds.contains(&kind), "no {kind} in the fixture days");
    }
    for m in &k.entities.mentions {
        let text = k.text(m.span).expect("mention's text");
        assert!(m.span.start < m.span.end && m.span.end as usize <= text.chars().count());
    }
    // No person is a single character.
    assert!(
        k.entities
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Per)
            .all(|e| e.name.chars().count() >= 2)
    );
}

#[test]
fn full_and_short_names_of_a_state_or_body_are_one_entity_with_aliases() {
    let tag = |t: &str| MODELS.ner.tag(t);
    let table = entities_with(
        &[
            article(0, &["中华人民共和国主席习近平签署主席令。"]),
            article(1, &["白俄罗斯是中国的忠实朋友。中方愿同各方一道努力。"]),
            article(2, &["阿祖莱连任联合国教科文组织总干事。"]),
            article(3, &["教科文组织期待与中国更紧密合作。"]),
        ],
        &tag,
    );
    let one = |name: &str| {
        let ids = table.find_by_name(name);
        assert_eq!(ids.len(), 1, "{name}: {:?}", table.entities);
        &table.entities[ids[0].index()]
    };
    let china = one("中国");
    assert_eq!(one("中华人民共和国").id, china.id);
    assert!(
        china.aliases.iter().any(|a| a == "中华人民共和国")
            && china.aliases.iter().any(|a| a == "中"),
        "{china:?}"
    );
    assert_eq!(china.articles.len(), 3, "{china:?}");
    assert_eq!(one("教科文组织").id, one("联合国教科文组织").id);
    // A state inside another's name is another state.
    assert_ne!(one("白俄罗斯").id, china.id);
    assert!(table.find_by_name("俄罗斯").is_empty());
}
