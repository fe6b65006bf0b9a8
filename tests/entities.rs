//! Entity grouping on the sample page with the shipped tagger: one entity per person, place and
//! organization, aliases joined where the text licenses it, reporters kept apart.

use kanbao::bundle::{LoadOptions, load_sample};
use kanbao::extract::ner::EntityKind;
use kanbao::knowledge::Knowledge;
use kanbao::knowledge::entities::{Entity, Role};
use std::sync::LazyLock;

static SAMPLE: LazyLock<Knowledge> =
    LazyLock::new(|| Knowledge::build(load_sample(&LoadOptions::default())));

fn entity(name: &str) -> &'static Entity {
    let table = &SAMPLE.entities;
    let ids = table.find_by_name(name);
    assert!(!ids.is_empty(), "no entity named {name}");
    &table.entities[ids[0] as usize]
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
        let text = k
            .text(m.article, m.part, m.index)
            .expect("mention's text exists");
        let got: String = text
            .chars()
            .skip(m.start as usize)
            .take((m.end - m.start) as usize)
            .collect();
        let e = &k.entities.entities[m.entity as usize];
        let folded = kanbao::knowledge::entities::normalize(&got);
        assert!(
            e.name == folded
                || e.aliases.contains(&folded)
                || kanbao::knowledge::entities::strip_person_titles(&folded) == e.name,
            "mention {got:?} of {e:?}"
        );
    }
}

#[test]
fn places_with_and_without_an_administrative_suffix_are_one() {
    let bj = entity("北京");
    assert_eq!(entity("北京市").id, bj.id);
}
