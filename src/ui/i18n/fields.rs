//! Strings of the field map (which field of the records is the title, the text, …).

use super::Lang;
use crate::bundle::fields::Role;

impl Lang {
    pub fn field_map_title(self) -> &'static str {
        self.pick("指定字段", "Map fields")
    }

    /// The File menu's entry that opens the window.
    pub fn field_map_menu(self) -> &'static str {
        self.pick("指定字段…", "Map fields…")
    }

    pub fn field_map_intro(self) -> &'static str {
        self.pick(
            "选择记录中哪个字段是标题、正文、日期……，然后重新读取。“按名称”由字段名决定。",
            "Choose which field of the records holds the title, the text, the date, … then read \
             the bundle again. \"By name\" leaves it to the field names.",
        )
    }

    pub fn field_map_nothing_read(self) -> &'static str {
        self.pick(
            "未读到文章：字段名里找不到标题或正文。",
            "No article was read: no field name says which is the title or the text.",
        )
    }

    pub fn field_map_auto(self) -> &'static str {
        self.pick("按名称", "By name")
    }

    pub fn field_map_reopen(self) -> &'static str {
        self.pick("按此重新读取", "Read again")
    }

    /// The status bar's note that a field map is in force.
    pub fn field_map_in_force(self) -> &'static str {
        self.pick("已指定字段", "fields mapped")
    }

    pub fn field_role(self, role: Role) -> &'static str {
        match role {
            Role::Title => self.pick("标题", "Title"),
            Role::Kicker => self.pick("引题", "Kicker"),
            Role::Subtitle => self.pick("副题", "Subtitle"),
            Role::Text => self.pick("正文", "Text"),
            Role::Date => self.pick("日期", "Date"),
            Role::Url => self.pick("网址", "URL"),
            Role::Media => self.pick("来源", "Source"),
        }
    }
}
