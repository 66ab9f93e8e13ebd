//! Which of the widget's three languages a BCP 47 tag means (`data-locale`,
//! `navigator.language`, a form's `locale`): the widget picks its strings by it, and the server
//! writes the chat's notices and the transcript in it, so the two always agree.

/// One of the widget's three languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Simplified Chinese: the default, for any tag the widget does not know either.
    ZhCn,
    /// Traditional Chinese: zh-TW, zh-HK, zh-MO and zh-Hant.
    ZhTw,
    English,
}

impl Language {
    pub fn of(locale: &str) -> Language {
        let tag = locale.to_ascii_lowercase();
        if tag.starts_with("en") {
            Language::English
        } else if ["zh-tw", "zh-hk", "zh-mo", "zh-hant"]
            .iter()
            .any(|t| tag.starts_with(t))
        {
            Language::ZhTw
        } else {
            Language::ZhCn
        }
    }

    /// The text for this language among a (zh-CN, zh-TW, en) triple.
    pub fn pick<'a>(self, zh_cn: &'a str, zh_tw: &'a str, en: &'a str) -> &'a str {
        match self {
            Language::ZhCn => zh_cn,
            Language::ZhTw => zh_tw,
            Language::English => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn a_tag_maps_as_the_widget_maps_it() {
        assert_eq!(Language::of("zh-CN"), Language::ZhCn);
        assert_eq!(Language::of(""), Language::ZhCn);
        assert_eq!(Language::of("fr"), Language::ZhCn);
        for tag in ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW"] {
            assert_eq!(Language::of(tag), Language::ZhTw, "{tag}");
        }
        assert_eq!(Language::of("zh-Hans"), Language::ZhCn);
        assert_eq!(Language::of("en-GB"), Language::English);
    }
}
