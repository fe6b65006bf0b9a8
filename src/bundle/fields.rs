//! Field names to the parts of an article: the synonyms of `assets/formats/fields.txt`
//! (`title`/`headline`/`标题`, `content`/`正文`, `time`/`发布时间`, …) matched blind to case, spaces,
//! `_` and `-`, overridden per load by `--map title=F,text=F,…`, and what each file used.

use crate::asset_text;
use crate::lexicon::{AssetText, LexiconError, Sections};
use std::collections::HashMap;

const FIELDS: AssetText = asset_text!("formats/fields.txt");

/// The part of an article a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Title,
    Kicker,
    Subtitle,
    Text,
    Date,
    Url,
    Media,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Title,
        Role::Kicker,
        Role::Subtitle,
        Role::Text,
        Role::Date,
        Role::Url,
        Role::Media,
    ];

    /// The role's name: its section in `fields.txt` and its key in `--map`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Kicker => "kicker",
            Role::Subtitle => "subtitle",
            Role::Text => "text",
            Role::Date => "date",
            Role::Url => "url",
            Role::Media => "media",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    fn from_name(name: &str) -> Option<Role> {
        let name = fold(name);
        let name = if name == "source" { "media" } else { &name };
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// A field name as compared: lower case; spaces, `_`, `-` and a trailing colon dropped.
pub fn fold(name: &str) -> String {
    name.trim()
        .trim_end_matches([':', '：'])
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Fields named on the command line (`--map title=F,text=F,date=F,url=F,source=F`): they take
/// their role whatever the table says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldOverrides(Vec<(Role, String)>);

impl FieldOverrides {
    /// Reads `role=field` pairs separated by commas; roles are those of [`Role::name`] (and
    /// `source` for `media`). The error is one line naming the bad pair.
    pub fn parse(spec: &str) -> Result<FieldOverrides, String> {
        let mut pairs: Vec<(Role, String)> = Vec::new();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (role, field) = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}` is not ROLE=FIELD"))?;
            let role = Role::from_name(role).ok_or_else(|| {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                format!(
                    "unknown role `{role}` in `{pair}` (one of {})",
                    names.join(", ")
                )
            })?;
            if field.trim().is_empty() {
                return Err(format!("no field name in `{pair}`"));
            }
            pairs.retain(|(r, _)| *r != role);
            pairs.push((role, field.trim().to_string()));
        }
        Ok(FieldOverrides(pairs))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The field named for `role`, if one is.
    pub fn field(&self, role: Role) -> Option<&str> {
        self.0
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, f)| f.as_str())
    }

    /// Names `field` for `role`; `None` leaves the role to the table again.
    pub fn set(&mut self, role: Role, field: Option<&str>) {
        self.0.retain(|(r, _)| *r != role);
        if let Some(field) = field.map(str::trim).filter(|f| !f.is_empty()) {
            self.0.push((role, field.to_string()));
        }
    }
}

/// `title=heading,text=story`: what [`FieldOverrides::parse`] reads back (a field name holding a
/// comma cannot be written so).
impl std::fmt::Display for FieldOverrides {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (role, field)) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(f, "{sep}{}={field}", role.name())?;
        }
        Ok(())
    }
}

/// Which role each field name stands for.
#[derive(Debug, Clone, Default)]
pub struct FieldNames {
    /// Folded name → role.
    by_name: HashMap<String, Role>,
}

impl FieldNames {
    pub fn shipped() -> Result<FieldNames, LexiconError> {
        FieldNames::parse(FIELDS)
    }

    /// Reads the `[role]` sections; a name in two sections is an error.
    pub fn parse(asset: AssetText) -> Result<FieldNames, LexiconError> {
        let sections: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
        let lists = Sections::parse(asset, &sections)?;
        let mut by_name = HashMap::new();
        for role in Role::ALL {
            for word in lists.words(role.name()) {
                if let Some(other) = by_name.insert(fold(word), role) {
                    return Err(LexiconError::new(
                        asset.path,
                        0,
                        format!("`{word}` is both {} and {}", other.name(), role.name()),
                    ));
                }
            }
        }
        Ok(FieldNames { by_name })
    }

    /// The table with `overrides` applied: each named field takes its role, and the role is
    /// taken from every other name (which then reads as metadata).
    pub fn with_overrides(mut self, overrides: &FieldOverrides) -> FieldNames {
        for (role, field) in &overrides.0 {
            self.by_name.retain(|_, r| r != role);
            self.by_name.insert(fold(field), *role);
        }
        self
    }

    /// The role of a field name, if any.
    pub fn role(&self, name: &str) -> Option<Role> {
        // Most names are already folded (`title`, `content`): no allocation for them.
        let plain = name
            .bytes()
            .all(|b| !(b.is_ascii_uppercase() || matches!(b, b' ' | b'_' | b'-' | b':')))
            && !name.contains(['：', '\u{3000}']);
        if plain {
            self.by_name.get(name).copied()
        } else {
            self.by_name.get(&fold(name)).copied()
        }
    }
}

/// The fields one file's records used for each role, and the other fields (kept as metadata).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMapping {
    roles: [Option<String>; Role::ALL.len()],
    extras: Vec<String>,
}

impl FieldMapping {
    /// Notes that `field` was read for `role` (the first name seen for a role is kept).
    pub fn saw_role(&mut self, role: Role, field: &str) {
        let slot = &mut self.roles[role.index()];
        if slot.is_none() {
            *slot = Some(field.to_string());
        }
    }

    /// Notes a field kept as metadata.
    pub fn saw_extra(&mut self, field: &str) {
        if !self.extras.iter().any(|f| f == field) && self.extras.len() < 64 {
            self.extras.push(field.to_string());
        }
    }

    /// Every field name seen: those read for a role, then the metadata.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.roles
            .iter()
            .flatten()
            .chain(&self.extras)
            .map(String::as_str)
    }

    /// Whether any field was seen.
    pub fn is_empty(&self) -> bool {
        self.roles.iter().all(Option::is_none) && self.extras.is_empty()
    }

    /// `title=标题 text=content date=time; meta: keywords desc`.
    pub fn describe(&self) -> String {
        let mut out: Vec<String> = Role::ALL
            .iter()
            .zip(&self.roles)
            .filter_map(|(r, f)| f.as_ref().map(|f| format!("{}={f}", r.name())))
            .collect();
        if !self.extras.is_empty() {
            out.push(format!("meta: {}", self.extras.join(" ")));
        }
        out.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> FieldNames {
        FieldNames::shipped().expect("the shipped field names parse")
    }

    #[test]
    fn synonyms_are_found_blind_to_case_and_language() {
        let f = shipped();
        for (name, role) in [
            ("title", Role::Title),
            ("Headline", Role::Title),
            ("标题", Role::Title),
            ("标题：", Role::Title),
            ("content", Role::Text),
            ("BODY", Role::Text),
            ("正文", Role::Text),
            ("pub_date", Role::Date),
            ("Publish-Time", Role::Date),
            ("发布时间", Role::Date),
            ("link", Role::Url),
            ("连接", Role::Url),
            ("来源", Role::Media),
            ("source", Role::Media),
        ] {
            assert_eq!(f.role(name), Some(role), "{name}");
        }
        assert_eq!(f.role("keywords"), None);
        assert_eq!(f.role("news_id"), None);
    }

    #[test]
    fn overrides_take_the_role_from_the_table() {
        let o = FieldOverrides::parse("title=desc, text=body2,source=site").expect("a map");
        let f = shipped().with_overrides(&o);
        assert_eq!(f.role("desc"), Some(Role::Title));
        assert_eq!(f.role("title"), None);
        assert_eq!(f.role("body2"), Some(Role::Text));
        assert_eq!(f.role("content"), None);
        assert_eq!(f.role("site"), Some(Role::Media));
        assert_eq!(f.role("date"), Some(Role::Date));
    }

    #[test]
    fn bad_maps_are_refused_with_the_pair() {
        assert!(FieldOverrides::parse("title").is_err_and(|e| e.contains("`title`")));
        assert!(FieldOverrides::parse("heading=h").is_err_and(|e| e.contains("heading")));
        assert!(FieldOverrides::parse("title=").is_err());
        assert!(FieldOverrides::parse("").is_ok_and(|o| o.is_empty()));
    }

    #[test]
    fn a_map_set_field_by_field_is_written_as_it_is_read() {
        let mut o = FieldOverrides::default();
        o.set(Role::Title, Some("heading"));
        o.set(Role::Text, Some(" story "));
        o.set(Role::Date, Some(""));
        assert_eq!(o.to_string(), "title=heading,text=story");
        assert_eq!(FieldOverrides::parse(&o.to_string()), Ok(o.clone()));
        o.set(Role::Title, None);
        assert_eq!(o.field(Role::Title), None);
        assert_eq!(o.field(Role::Text), Some("story"));
    }

    #[test]
    fn a_name_in_two_sections_is_an_error() {
        let asset = AssetText {
            path: "fields.txt",
            text: "[title]\ntitle\n[text]\nTitle\n",
        };
        assert!(FieldNames::parse(asset).is_err());
    }

    #[test]
    fn the_mapping_says_what_was_read() {
        let mut m = FieldMapping::default();
        m.saw_role(Role::Text, "content");
        m.saw_role(Role::Title, "title");
        m.saw_extra("keywords");
        m.saw_extra("keywords");
        m.saw_extra("desc");
        assert_eq!(m.describe(), "title=title text=content meta: keywords desc");
        let fields: Vec<&str> = m.fields().collect();
        assert_eq!(fields, ["title", "content", "keywords", "desc"]);
    }
}
