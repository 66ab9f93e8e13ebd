//! Every string the widget shows, in one place. A locale is a `Strings` value, so a locale that
//! lacks a key does not compile.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    ZhCn,
    ZhTw,
    En,
}

impl Locale {
    /// Picks the closest supported locale for a BCP 47 tag (`data-locale` or
    /// `navigator.language`); Simplified Chinese is the default.
    pub fn from_tag(tag: &str) -> Locale {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("en") {
            Locale::En
        } else if ["zh-tw", "zh-hk", "zh-mo", "zh-hant"]
            .iter()
            .any(|t| tag.starts_with(t))
        {
            Locale::ZhTw
        } else {
            Locale::ZhCn
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::ZhTw => "zh-TW",
            Locale::En => "en",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::ZhCn => &ZH_CN,
            Locale::ZhTw => &ZH_TW,
            Locale::En => &EN,
        }
    }
}

pub struct Strings {
    /// Title of the panel.
    pub panel_title: &'static str,
    /// The launcher button; public/helpdock.js keeps a copy, checked by a test.
    pub launcher: &'static str,
    /// The launcher's label when the host reported a problem; `{n}` suggestions.
    pub launcher_badge: &'static str,
    pub close: &'static str,
    /// Header button that opens the contact panel.
    pub contact_button: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub results_label: &'static str,
    pub loading_index: &'static str,
    pub index_failed: &'static str,
    pub retry: &'static str,
    pub no_results: &'static str,
    /// `{n}` is replaced with the number of results.
    pub result_count: &'static str,
    pub completions_label: &'static str,
    /// Followed by the respelt query.
    pub did_you_mean: &'static str,
    /// The first result for 转人工-like queries.
    pub intent_option: &'static str,
    pub intent_option_hint: &'static str,
    /// Shown after fruitless searches or 'not helpful' votes.
    pub chat_offer: &'static str,
    pub context_heading: &'static str,
    pub popular_heading: &'static str,
    /// `{hotline}` is the site's hotline.
    pub hotline_line: &'static str,
    pub back: &'static str,
    pub article_loading: &'static str,
    pub article_failed: &'static str,
    pub open_full_page: &'static str,
    pub helpful_question: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub helpful_thanks: &'static str,
    pub not_helpful_thanks: &'static str,
    pub related_heading: &'static str,
    pub contact_title: &'static str,
    pub hotline_label: &'static str,
    pub hours_label: &'static str,
    pub every_day: &'static str,
    pub open_now: &'static str,
    pub closed_now: &'static str,
    pub start_chat: &'static str,
    /// Shown when the site has no live chat connected yet.
    pub chat_unavailable: &'static str,
    pub chat_handed_off: &'static str,
    pub never_share: &'static str,
    /// Between weekday names.
    pub list_separator: &'static str,
    /// Monday first.
    pub weekdays: [&'static str; 7],
}

static ZH_CN: Strings = Strings {
    panel_title: "帮助中心",
    launcher: "帮助",
    launcher_badge: "帮助：{n} 篇文章与你刚遇到的问题相关",
    close: "关闭帮助中心",
    contact_button: "联系客服",
    search_label: "搜索帮助文章",
    search_placeholder: "请描述你的问题，例如：退款没到账",
    results_label: "搜索结果",
    loading_index: "正在加载帮助文章…",
    index_failed: "帮助文章加载失败",
    retry: "重试",
    no_results: "没有找到相关文章，换个说法试试。",
    result_count: "找到 {n} 篇相关文章",
    completions_label: "搜索建议",
    did_you_mean: "你是不是要找：",
    intent_option: "联系人工客服",
    intent_option_hint: "在线客服、客服热线和服务时间",
    chat_offer: "没找到答案？人工客服可以帮你。",
    context_heading: "与你当前页面相关",
    popular_heading: "热门问题",
    hotline_line: "客服热线 {hotline}",
    back: "返回",
    article_loading: "正在打开文章…",
    article_failed: "文章加载失败，请稍后再试。",
    open_full_page: "在新页面打开",
    helpful_question: "这篇文章对你有帮助吗？",
    yes: "是",
    no: "否",
    helpful_thanks: "感谢你的反馈！",
    not_helpful_thanks: "抱歉没能帮到你。",
    related_heading: "相关文章",
    contact_title: "联系我们",
    hotline_label: "客服热线",
    hours_label: "服务时间",
    every_day: "每天",
    open_now: "客服在线",
    closed_now: "现在不在服务时间",
    start_chat: "在线客服",
    chat_unavailable: "在线客服暂未开通，请拨打客服热线。",
    chat_handed_off: "已为你转接在线客服。",
    never_share: "官方客服不会索要短信验证码、密码或完整银行卡号。",
    list_separator: "、",
    weekdays: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
};

static ZH_TW: Strings = Strings {
    panel_title: "幫助中心",
    launcher: "幫助",
    launcher_badge: "幫助：{n} 篇文章與你剛遇到的問題相關",
    close: "關閉幫助中心",
    contact_button: "聯絡客服",
    search_label: "搜尋幫助文章",
    search_placeholder: "請描述你的問題，例如：退款沒到帳",
    results_label: "搜尋結果",
    loading_index: "正在載入幫助文章…",
    index_failed: "幫助文章載入失敗",
    retry: "重試",
    no_results: "沒有找到相關文章，換個說法試試。",
    result_count: "找到 {n} 篇相關文章",
    completions_label: "搜尋建議",
    did_you_mean: "你是不是要找：",
    intent_option: "聯絡真人客服",
    intent_option_hint: "線上客服、客服熱線和服務時間",
    chat_offer: "沒找到答案？真人客服可以幫你。",
    context_heading: "與你目前頁面相關",
    popular_heading: "熱門問題",
    hotline_line: "客服熱線 {hotline}",
    back: "返回",
    article_loading: "正在開啟文章…",
    article_failed: "文章載入失敗，請稍後再試。",
    open_full_page: "在新頁面開啟",
    helpful_question: "這篇文章對你有幫助嗎？",
    yes: "是",
    no: "否",
    helpful_thanks: "感謝你的回饋！",
    not_helpful_thanks: "抱歉沒能幫到你。",
    related_heading: "相關文章",
    contact_title: "聯絡我們",
    hotline_label: "客服熱線",
    hours_label: "服務時間",
    every_day: "每天",
    open_now: "客服在線",
    closed_now: "現在不在服務時間",
    start_chat: "線上客服",
    chat_unavailable: "線上客服暫未開通，請撥打客服熱線。",
    chat_handed_off: "已為你轉接線上客服。",
    never_share: "官方客服不會索取簡訊驗證碼、密碼或完整銀行卡號。",
    list_separator: "、",
    weekdays: ["週一", "週二", "週三", "週四", "週五", "週六", "週日"],
};

static EN: Strings = Strings {
    panel_title: "Help center",
    launcher: "Help",
    launcher_badge: "Help: {n} articles about the problem you just had",
    close: "Close help center",
    contact_button: "Contact us",
    search_label: "Search help articles",
    search_placeholder: "Describe your problem, e.g. refund not received",
    results_label: "Search results",
    loading_index: "Loading help articles…",
    index_failed: "Help articles failed to load",
    retry: "Retry",
    no_results: "No matching articles. Try other words.",
    result_count: "{n} matching articles",
    completions_label: "Suggested searches",
    did_you_mean: "Did you mean: ",
    intent_option: "Contact a human agent",
    intent_option_hint: "Live chat, hotline and opening hours",
    chat_offer: "Not finding an answer? An agent can help.",
    context_heading: "About this page",
    popular_heading: "Popular questions",
    hotline_line: "Hotline {hotline}",
    back: "Back",
    article_loading: "Opening article…",
    article_failed: "The article failed to load. Please try again later.",
    open_full_page: "Open in a new page",
    helpful_question: "Was this article helpful?",
    yes: "Yes",
    no: "No",
    helpful_thanks: "Thanks for your feedback!",
    not_helpful_thanks: "Sorry this didn't help.",
    related_heading: "Related articles",
    contact_title: "Contact us",
    hotline_label: "Hotline",
    hours_label: "Opening hours",
    every_day: "Every day",
    open_now: "Agents are available now",
    closed_now: "We are closed right now",
    start_chat: "Chat with an agent",
    chat_unavailable: "Live chat is not available yet. Please call the hotline.",
    chat_handed_off: "You are being connected to an agent.",
    never_share: "Our staff never ask for SMS codes, passwords or full card numbers.",
    list_separator: ", ",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};

impl Strings {
    /// Every string with its name, for the catalog tests.
    #[cfg(test)]
    fn all(&self) -> Vec<(&'static str, &'static str)> {
        let mut all = vec![
            ("panel_title", self.panel_title),
            ("launcher", self.launcher),
            ("launcher_badge", self.launcher_badge),
            ("close", self.close),
            ("contact_button", self.contact_button),
            ("search_label", self.search_label),
            ("search_placeholder", self.search_placeholder),
            ("results_label", self.results_label),
            ("loading_index", self.loading_index),
            ("index_failed", self.index_failed),
            ("retry", self.retry),
            ("no_results", self.no_results),
            ("result_count", self.result_count),
            ("completions_label", self.completions_label),
            ("did_you_mean", self.did_you_mean),
            ("intent_option", self.intent_option),
            ("intent_option_hint", self.intent_option_hint),
            ("chat_offer", self.chat_offer),
            ("context_heading", self.context_heading),
            ("popular_heading", self.popular_heading),
            ("hotline_line", self.hotline_line),
            ("back", self.back),
            ("article_loading", self.article_loading),
            ("article_failed", self.article_failed),
            ("open_full_page", self.open_full_page),
            ("helpful_question", self.helpful_question),
            ("yes", self.yes),
            ("no", self.no),
            ("helpful_thanks", self.helpful_thanks),
            ("not_helpful_thanks", self.not_helpful_thanks),
            ("related_heading", self.related_heading),
            ("contact_title", self.contact_title),
            ("hotline_label", self.hotline_label),
            ("hours_label", self.hours_label),
            ("every_day", self.every_day),
            ("open_now", self.open_now),
            ("closed_now", self.closed_now),
            ("start_chat", self.start_chat),
            ("chat_unavailable", self.chat_unavailable),
            ("chat_handed_off", self.chat_handed_off),
            ("never_share", self.never_share),
        ];
        all.extend(self.weekdays.iter().map(|d| ("weekdays", *d)));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCALES: [Locale; 3] = [Locale::ZhCn, Locale::ZhTw, Locale::En];

    /// A missing key does not compile; an empty one, or one that lost its `{n}`, fails here.
    #[test]
    fn every_locale_has_every_string_with_the_same_placeholders() {
        let reference = Locale::ZhCn.strings().all();
        for locale in LOCALES {
            let strings = locale.strings().all();
            assert_eq!(strings.len(), reference.len());
            for ((key, text), (_, zh)) in strings.iter().zip(&reference) {
                assert!(!text.trim().is_empty(), "{locale:?} has an empty {key}");
                for placeholder in ["{n}", "{hotline}"] {
                    assert_eq!(
                        text.contains(placeholder),
                        zh.contains(placeholder),
                        "{locale:?}.{key} and zh-CN disagree on {placeholder}"
                    );
                }
            }
        }
    }

    /// The loader labels the launcher before the widget (and this catalog) loads, so it keeps
    /// its own copy of the label; this keeps the copy honest.
    #[test]
    fn the_loaders_launcher_labels_match_the_catalog() {
        let loader = include_str!("../public/helpdock.js");
        for (locale, key) in [
            (Locale::ZhCn, "'zh-CN'"),
            (Locale::ZhTw, "'zh-TW'"),
            (Locale::En, "en"),
        ] {
            let entry = format!("{key}: '{}'", locale.strings().launcher);
            assert!(loader.contains(&entry), "helpdock.js lacks {entry}");
        }
    }

    #[test]
    fn browser_languages_map_to_supported_locales() {
        assert_eq!(Locale::from_tag("en-US"), Locale::En);
        assert_eq!(Locale::from_tag("zh-TW"), Locale::ZhTw);
        assert_eq!(Locale::from_tag("zh-Hant-HK"), Locale::ZhTw);
        assert_eq!(Locale::from_tag("zh"), Locale::ZhCn);
        assert_eq!(Locale::from_tag("fr-FR"), Locale::ZhCn);
    }
}
