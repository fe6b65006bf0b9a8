//! [`EntityLexicon`]: the tables entity grouping reads (`assets/entities/`): titles after a
//! person's name, administrative suffixes, one-character place abbreviations and the contexts
//! that license them, full and short names of states and bodies, traditional characters. Loaded
//! once at the edge and passed in.

use super::abbreviations::AbbreviationContexts;
use crate::asset_text;
use crate::lexicon::{self, AssetText, LexiconError, Sections};
use std::collections::{HashMap, HashSet};

/// The fewest characters of a listed form that is taken as its name wherever written: shorter
/// ones (安理会, 最高法, 联大, 俄联邦) are as often part of a longer word (最高法院, 西南联大).
const MIN_LISTED_FORM: usize = 4;

/// The grouping tables, parsed.
#[derive(Debug, Clone, Default)]
pub struct EntityLexicon {
    /// Titles and roles written after a name, longest first (副总理 before 总理).
    person_titles: Vec<String>,
    /// The titles as characters, and the characters they end with (a quick test before a name).
    title_chars: Vec<Vec<char>>,
    title_last_chars: HashSet<char>,
    /// `市`, `省`, …: a place with and without one is one place.
    admin_suffixes: Vec<String>,
    /// The names of ethnic groups that autonomous divisions carry (维吾尔, 彝), longest first.
    ethnic_groups: Vec<String>,
    /// Dictionary place words that name a kind of land or a part of any place (平原, 西站).
    generic_places: HashSet<String>,
    /// Countries and provincial-level regions that have a one-character abbreviation.
    place_names: HashSet<String>,
    /// The places each abbreviation stands for, sorted.
    abbreviated: HashMap<char, Vec<String>>,
    /// The longest listed place name, in characters.
    longest_place: usize,
    /// Listed places in China (provinces, regions, 深圳), as against states.
    in_china: HashSet<String>,
    /// Where an abbreviation is a mention of its place.
    contexts: AbbreviationContexts,
    /// Other form → the name of its state or body (中华人民共和国 → 中国).
    aliases: HashMap<String, String>,
    /// States a state form attaches to (哈萨克斯坦 + 共和国).
    states: HashSet<String>,
    /// Every name of the bodies of `aliases.tsv` (东盟, 东南亚国家联盟, 国新办).
    body_names: HashSet<String>,
    /// The written forms of the bodies (not states) of `aliases.tsv` of at least
    /// [`MIN_LISTED_FORM`] characters, by first character, longest first.
    body_forms: HashMap<char, Vec<Vec<char>>>,
    /// The other forms of the states of `aliases.tsv` (大不列颠及北爱尔兰联合王国, 美利坚合众国) of at
    /// least [`MIN_LISTED_FORM`] characters, by first character, longest first.
    state_forms_written: HashMap<char, Vec<Vec<char>>>,
    /// State forms (共和国, 王国), longest first.
    state_forms: Vec<String>,
    /// The reading of an abbreviation when the article names no place starting with it: only the
    /// unambiguous ones (a character listed for one place).
    default_readings: HashMap<char, String>,
    /// Traditional → simplified.
    traditional: HashMap<char, char>,
}

/// The shipped tables, embedded.
pub struct EntityAssets {
    pub person_titles: AssetText,
    pub admin_suffixes: AssetText,
    pub ethnic_groups: AssetText,
    pub generic_places: AssetText,
    pub place_abbreviations: AssetText,
    pub abbreviation_contexts: AssetText,
    pub aliases: AssetText,
    pub states: AssetText,
    pub traditional: AssetText,
}

impl EntityAssets {
    pub fn shipped() -> EntityAssets {
        EntityAssets {
            person_titles: asset_text!("entities/person_titles.txt"),
            admin_suffixes: asset_text!("entities/admin_suffixes.txt"),
            ethnic_groups: asset_text!("entities/ethnic_groups.txt"),
            generic_places: asset_text!("entities/generic_places.txt"),
            place_abbreviations: asset_text!("entities/place_abbreviations.tsv"),
            abbreviation_contexts: asset_text!("entities/abbreviation_contexts.txt"),
            aliases: asset_text!("entities/aliases.tsv"),
            states: asset_text!("entities/states.txt"),
            traditional: asset_text!("entities/traditional.tsv"),
        }
    }
}

impl EntityLexicon {
    /// The tables of `assets/entities/`.
    pub fn shipped() -> Result<EntityLexicon, LexiconError> {
        EntityLexicon::parse(&EntityAssets::shipped())
    }

    /// Parses the tables; a malformed row is an error naming file and line.
    pub fn parse(assets: &EntityAssets) -> Result<EntityLexicon, LexiconError> {
        let mut person_titles: Vec<String> = lexicon::words(assets.person_titles)
            .into_iter()
            .map(String::from)
            .collect();
        // Stable: equal lengths keep file order.
        person_titles.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        let admin_suffixes = lexicon::words(assets.admin_suffixes)
            .into_iter()
            .map(String::from)
            .collect();
        let mut ethnic_groups: Vec<String> = lexicon::words(assets.ethnic_groups)
            .into_iter()
            .map(String::from)
            .collect();
        ethnic_groups.sort_by_key(|g| std::cmp::Reverse(g.chars().count()));
        let generic_places = lexicon::words(assets.generic_places)
            .into_iter()
            .map(String::from)
            .collect();
        let mut places: Vec<(String, char)> = Vec::new();
        let mut in_china = HashSet::new();
        for row in lexicon::table(assets.place_abbreviations, 2, 3)? {
            let mut abbr = row.field(1).chars();
            let (Some(c), None) = (abbr.next(), abbr.next()) else {
                return Err(row.error("the abbreviation must be one character"));
            };
            match row.field(2) {
                "" => {}
                "china" => {
                    in_china.insert(row.field(0).to_string());
                }
                other => return Err(row.error(format!("unknown scope `{other}`"))),
            }
            places.push((row.field(0).to_string(), c));
        }
        let mut traditional = HashMap::new();
        for row in lexicon::table(assets.traditional, 2, 2)? {
            let one = |i: usize| {
                let mut cs = row.field(i).chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => Ok(c),
                    _ => Err(row.error("each column holds one character")),
                }
            };
            traditional.insert(one(0)?, one(1)?);
        }
        let mut aliases = HashMap::new();
        for row in lexicon::table(assets.aliases, 2, 2)? {
            if aliases
                .insert(row.field(1).to_string(), row.field(0).to_string())
                .is_some()
            {
                return Err(row.error("the other form is listed twice"));
            }
        }
        let state_sections = Sections::parse(assets.states, &["form", "state"])?;
        let mut state_forms = state_sections.words("form").to_vec();
        state_forms.sort_by_key(|f| std::cmp::Reverse(f.chars().count()));
        let mut states: HashSet<String> = state_sections.words("state").iter().cloned().collect();
        states.extend(places.iter().map(|(n, _)| n.clone()));
        // A row whose name is no state is a body; both its forms are written names of it.
        let mut body_forms: HashMap<char, Vec<Vec<char>>> = HashMap::new();
        let mut body_names: HashSet<String> = HashSet::new();
        let mut state_forms_written: HashMap<char, Vec<Vec<char>>> = HashMap::new();
        for (form, name) in &aliases {
            let (table, written) = if states.contains(name) {
                (&mut state_forms_written, vec![form])
            } else {
                body_names.extend([form.clone(), name.clone()]);
                (&mut body_forms, vec![form, name])
            };
            for w in written {
                let chars: Vec<char> = w.chars().collect();
                if let Some(&first) = chars.first().filter(|_| chars.len() >= MIN_LISTED_FORM) {
                    table.entry(first).or_default().push(chars);
                }
            }
        }
        for forms in body_forms
            .values_mut()
            .chain(state_forms_written.values_mut())
        {
            forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            forms.dedup();
        }
        let mut abbreviated: HashMap<char, Vec<String>> = HashMap::new();
        for (name, c) in &places {
            abbreviated.entry(*c).or_default().push(name.clone());
        }
        for v in abbreviated.values_mut() {
            v.sort();
            v.dedup();
        }
        Ok(EntityLexicon {
            title_chars: person_titles.iter().map(|t| t.chars().collect()).collect(),
            title_last_chars: person_titles
                .iter()
                .filter_map(|t| t.chars().last())
                .collect(),
            person_titles,
            admin_suffixes,
            ethnic_groups,
            generic_places,
            longest_place: places
                .iter()
                .map(|(n, _)| n.chars().count())
                .max()
                .unwrap_or(0),
            place_names: places.iter().map(|(n, _)| n.clone()).collect(),
            in_china,
            abbreviated,
            default_readings: default_readings(&places),
            contexts: AbbreviationContexts::parse(assets.abbreviation_contexts)?,
            aliases,
            states,
            body_names,
            body_forms,
            state_forms_written,
            state_forms,
            traditional,
        })
    }

    /// Folds a surface form: full-width ASCII to half-width, spaces dropped, middle-dot variants
    /// unified, common traditional characters to simplified.
    pub fn normalize(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{00B7}' | '\u{30FB}' | '\u{2022}' | '\u{FF65}' => '·',
                _ => c,
            };
            if c.is_whitespace() {
                continue;
            }
            out.push(self.traditional.get(&c).copied().unwrap_or(c));
        }
        out
    }

    /// A name as entities are keyed and listed: [`EntityLexicon::normalize`]d, quotation marks
    /// and brackets dropped (“雪龙”号 → 雪龙号, 党章(修正案) → 党章修正案), and neither end a
    /// punctuation mark, ellipsis or middle dot (……习近平 → 习近平, 埃斯特万· → 埃斯特万).
    pub fn fold_name(&self, s: &str) -> String {
        let kept: String = self
            .normalize(s)
            .chars()
            .filter(|&c| !is_quote_or_bracket(c))
            .collect();
        kept.trim_matches(|c: char| !c.is_alphanumeric())
            .to_string()
    }

    /// Strips titles and roles written after a person's name (`习近平总书记`, `李强总理`); a name
    /// that is all title stays.
    pub fn strip_person_titles(&self, name: &str) -> String {
        let mut s = name;
        loop {
            let before = s.len();
            for t in &self.person_titles {
                if s.chars().count() > t.chars().count() + 1
                    && let Some(rest) = s.strip_suffix(t.as_str())
                {
                    s = rest;
                }
            }
            if s.len() == before {
                break;
            }
        }
        s.to_string()
    }

    /// Whether a title or role (`person_titles.txt`) ends right before `chars[at]`: what follows
    /// is a person's name (美国总统|奥巴马, 外交部发言人|毛宁).
    pub fn title_before(&self, chars: &[char], at: usize) -> bool {
        let before = &chars[..at.min(chars.len())];
        before
            .last()
            .is_some_and(|c| self.title_last_chars.contains(c))
            && self.title_chars.iter().any(|t| before.ends_with(t))
    }

    /// The place an autonomous division is named after: `新疆维吾尔自治区` → `新疆`, `凉山彝族自治州`
    /// → `凉山`, `黔东南苗族侗族自治州` → `黔东南` (its ethnic groups, each with or without 族,
    /// taken off with the division); `None` for another name or where no ethnic group precedes
    /// the division or fewer than two characters would stay (`内蒙古自治区` is a plain suffix's).
    pub fn autonomous_stem<'n>(&self, name: &'n str) -> Option<&'n str> {
        const DIVISIONS: [&str; 4] = ["自治区", "自治州", "自治县", "自治旗"];
        let mut stem = DIVISIONS.iter().find_map(|d| name.strip_suffix(d))?;
        let mut groups = 0;
        loop {
            let bare = stem.strip_suffix('族').unwrap_or(stem);
            match self
                .ethnic_groups
                .iter()
                .find_map(|g| bare.strip_suffix(g.as_str()))
            {
                Some(rest) if rest.chars().nth(1).is_some() => {
                    stem = rest;
                    groups += 1;
                }
                _ => break,
            }
        }
        (groups > 0).then_some(stem)
    }

    /// The administrative suffixes (`市`, `省`, …) in file order.
    pub fn admin_suffixes(&self) -> impl Iterator<Item = &str> {
        self.admin_suffixes.iter().map(String::as_str)
    }

    /// Whether `s` is one of the administrative suffixes.
    pub fn is_admin_suffix(&self, s: &str) -> bool {
        self.admin_suffixes.iter().any(|a| a == s)
    }

    /// A word the dictionary marks as a place that names a kind of land or a part of any place
    /// (平原, 海峡, 西站): no place of its own after a province.
    pub fn is_generic_place(&self, word: &str) -> bool {
        self.generic_places.contains(word)
    }

    /// A country or provincial-level region with a one-character abbreviation.
    pub fn is_abbreviated_place(&self, name: &str) -> bool {
        self.place_names.contains(name)
    }

    /// A listed state or place by any of its names (越南, 南非, 大韩民国): characters that spell
    /// one are its name, not a pair of abbreviations (越|南).
    pub fn is_listed_place(&self, name: &str) -> bool {
        self.states.contains(name)
            || self
                .canonical(name)
                .is_some_and(|c| self.states.contains(c))
    }

    /// A body of `aliases.tsv` by any of its names (东盟, 东南亚国家联盟, 国新办).
    pub fn is_listed_body(&self, name: &str) -> bool {
        self.body_names.contains(name)
    }

    /// A character that abbreviates some listed place.
    pub fn is_abbreviation(&self, c: char) -> bool {
        self.abbreviated.contains_key(&c)
    }

    /// The places `c` abbreviates, sorted (empty if none).
    pub fn places_of(&self, c: char) -> &[String] {
        self.abbreviated.get(&c).map_or(&[], Vec::as_slice)
    }

    /// Whether a listed place lies in China (a province, region or city), not a state.
    pub fn is_in_china(&self, place: &str) -> bool {
        self.in_china.contains(place)
    }

    /// Whether `chars` begins with a listed place's full name (中国…, 美国…).
    pub fn begins_place_name(&self, chars: &[char]) -> bool {
        (2..=self.longest_place.min(chars.len())).any(|n| {
            self.place_names
                .contains(&chars[..n].iter().collect::<String>())
        })
    }

    /// The length of the longest written form of a listed body (世卫组织, 上合组织, 全国人大) that
    /// starts at `chars[at]`.
    pub fn body_form_at(&self, chars: &[char], at: usize) -> Option<usize> {
        longest_form_at(&self.body_forms, chars, at)
    }

    /// The length of the longest listed other form of a state (大不列颠及北爱尔兰联合王国, 大韩民国)
    /// that starts at `chars[at]`.
    pub fn state_form_at(&self, chars: &[char], at: usize) -> Option<usize> {
        longest_form_at(&self.state_forms_written, chars, at)
    }

    /// Where an abbreviation is a mention of its place.
    pub fn abbreviation_contexts(&self) -> &AbbreviationContexts {
        &self.contexts
    }

    /// The name of the state or body `name` is another form of: a listed alias (中华人民共和国 →
    /// 中国, 教科文组织 → 联合国教科文组织), or a state plus a state form (哈萨克斯坦共和国 →
    /// 哈萨克斯坦, 俄罗斯联邦 → 俄罗斯).
    pub fn canonical(&self, name: &str) -> Option<&str> {
        if let Some(c) = self.aliases.get(name) {
            return Some(c);
        }
        let state = self
            .state_forms
            .iter()
            .find_map(|f| self.states.get(name.strip_suffix(f.as_str())?))?;
        Some(self.aliases.get(state).unwrap_or(state))
    }

    /// The one place `c` stands for when the article names none starting with it.
    pub fn default_reading(&self, c: char) -> Option<&str> {
        self.default_readings.get(&c).map(String::as_str)
    }
}

/// Quotation marks and brackets, which set off a name or part of one but are no part of it.
fn is_quote_or_bracket(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '"'
            | '\''
            | '「'
            | '」'
            | '『'
            | '』'
            | '('
            | ')'
            | '['
            | ']'
            | '【'
            | '】'
            | '〔'
            | '〕'
            | '〈'
            | '〉'
            | '<'
            | '>'
            | '《'
            | '》'
    )
}

/// The first listed place of each character that abbreviates exactly one place.
fn default_readings(places: &[(String, char)]) -> HashMap<char, String> {
    let mut map: HashMap<char, String> = HashMap::new();
    let mut ambiguous = Vec::new();
    for (name, abbr) in places {
        match map.get(abbr) {
            Some(prev) if prev != name => ambiguous.push(*abbr),
            Some(_) => {}
            None => {
                map.insert(*abbr, name.clone());
            }
        }
    }
    for a in ambiguous {
        map.remove(&a);
    }
    map
}

/// The length of the longest form of `forms` (by first character, longest first) that starts at
/// `chars[at]`.
fn longest_form_at(
    forms: &HashMap<char, Vec<Vec<char>>>,
    chars: &[char],
    at: usize,
) -> Option<usize> {
    forms
        .get(chars.get(at)?)?
        .iter()
        .find(|f| chars[at..].starts_with(f))
        .map(Vec::len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> EntityLexicon {
        EntityLexicon::shipped().unwrap()
    }

    #[test]
    fn titles_are_stripped_from_person_names() {
        let l = shipped();
        assert_eq!(l.strip_person_titles("习近平总书记"), "习近平");
        assert_eq!(l.strip_person_titles("习近平同志"), "习近平");
        assert_eq!(l.strip_person_titles("李强总理"), "李强");
        assert_eq!(l.strip_person_titles("托卡耶夫总统"), "托卡耶夫");
        assert_eq!(l.strip_person_titles("总理"), "总理");
    }

    #[test]
    fn surface_forms_are_normalised() {
        let l = shipped();
        assert_eq!(l.normalize("ＳＫ集团"), "SK集团");
        assert_eq!(l.normalize("许 可"), "许可");
        assert_eq!(l.normalize("阿卜杜拉・阿卜杜拉"), "阿卜杜拉·阿卜杜拉");
        assert_eq!(l.normalize("中國"), "中国");
    }

    #[test]
    fn listed_places_are_states_and_places_under_any_name_not_bodies() {
        let l = shipped();
        for place in [
            "中国",
            "中华人民共和国",
            "印尼",
            "印度尼西亚",
            "沙特",
            "安徽",
        ] {
            assert!(l.is_listed_place(place), "{place}");
        }
        for body in [
            "国务院新闻办公室",
            "国新办",
            "白宫",
            "十八大",
            "中共十八大",
            "联合国",
        ] {
            assert!(!l.is_listed_place(body), "{body}");
        }
        for body in ["东盟", "东南亚国家联盟", "国新办", "十八大"] {
            assert!(l.is_listed_body(body), "{body}");
        }
        assert!(!l.is_listed_body("中国"));
        assert_eq!(l.canonical("国新办"), Some("国务院新闻办公室"));
        assert_eq!(l.canonical("中共二十大"), Some("二十大"));
        assert_eq!(l.canonical("美国白宫"), Some("白宫"));
    }

    #[test]
    fn an_autonomous_division_is_named_after_the_place_before_its_ethnic_groups() {
        let l = shipped();
        for (name, stem) in [
            ("新疆维吾尔自治区", Some("新疆")),
            ("广西壮族自治区", Some("广西")),
            ("宁夏回族自治区", Some("宁夏")),
            ("凉山彝族自治州", Some("凉山")),
            ("黔东南苗族侗族自治州", Some("黔东南")),
            ("延边朝鲜族自治州", Some("延边")),
            ("长阳土家族自治县", Some("长阳")),
            ("内蒙古自治区", None),
            ("西藏自治区", None),
            ("北京市", None),
        ] {
            assert_eq!(l.autonomous_stem(name), stem, "{name}");
        }
    }

    #[test]
    fn ambiguous_abbreviations_have_no_default_reading() {
        let places = [
            ("甲国".to_string(), '甲'),
            ("甲省".to_string(), '甲'),
            ("乙国".to_string(), '乙'),
        ];
        let readings = default_readings(&places);
        assert_eq!(readings.get(&'乙').map(String::as_str), Some("乙国"));
        assert!(!readings.contains_key(&'甲'));
    }

    #[test]
    fn a_malformed_row_names_its_file_and_line() {
        let assets = EntityAssets {
            place_abbreviations: AssetText {
                path: "p.tsv",
                text: "# c\n中国\t中\n美国\t美国\n",
            },
            ..EntityAssets::shipped()
        };
        let err = EntityLexicon::parse(&assets).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the abbreviation must be one character: p.tsv:3"
        );
    }
}
