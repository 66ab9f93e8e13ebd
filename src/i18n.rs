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
    pub panel_title: &'static str,
    pub close: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub results_label: &'static str,
    pub loading_index: &'static str,
    pub index_failed: &'static str,
    pub retry: &'static str,
    pub start_hint: &'static str,
    pub no_results: &'static str,
    /// `{n}` is replaced with the number of results.
    pub result_count: &'static str,
    pub back: &'static str,
    pub article_loading: &'static str,
    pub article_failed: &'static str,
    pub open_full_page: &'static str,
}

static ZH_CN: Strings = Strings {
    panel_title: "帮助中心",
    close: "关闭帮助中心",
    search_label: "搜索帮助文章",
    search_placeholder: "请描述你的问题，例如：退款没到账",
    results_label: "搜索结果",
    loading_index: "正在加载帮助文章…",
    index_failed: "帮助文章加载失败",
    retry: "重试",
    start_hint: "输入问题即可搜索，如“账户被冻结”“转人工”。",
    no_results: "没有找到相关文章，换个说法试试。",
    result_count: "找到 {n} 篇相关文章",
    back: "返回搜索结果",
    article_loading: "正在打开文章…",
    article_failed: "文章加载失败，请稍后再试。",
    open_full_page: "在新页面打开",
};

static ZH_TW: Strings = Strings {
    panel_title: "幫助中心",
    close: "關閉幫助中心",
    search_label: "搜尋幫助文章",
    search_placeholder: "請描述你的問題，例如：退款沒到帳",
    results_label: "搜尋結果",
    loading_index: "正在載入幫助文章…",
    index_failed: "幫助文章載入失敗",
    retry: "重試",
    start_hint: "輸入問題即可搜尋，如「帳戶被凍結」「轉人工」。",
    no_results: "沒有找到相關文章，換個說法試試。",
    result_count: "找到 {n} 篇相關文章",
    back: "返回搜尋結果",
    article_loading: "正在開啟文章…",
    article_failed: "文章載入失敗，請稍後再試。",
    open_full_page: "在新頁面開啟",
};

static EN: Strings = Strings {
    panel_title: "Help center",
    close: "Close help center",
    search_label: "Search help articles",
    search_placeholder: "Describe your problem, e.g. refund not received",
    results_label: "Search results",
    loading_index: "Loading help articles…",
    index_failed: "Help articles failed to load",
    retry: "Retry",
    start_hint: "Type a question to search, e.g. \"account frozen\" or \"talk to a human\".",
    no_results: "No matching articles. Try other words.",
    result_count: "{n} matching articles",
    back: "Back to results",
    article_loading: "Opening article…",
    article_failed: "The article failed to load. Please try again later.",
    open_full_page: "Open in a new page",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_languages_map_to_supported_locales() {
        assert_eq!(Locale::from_tag("en-US"), Locale::En);
        assert_eq!(Locale::from_tag("zh-TW"), Locale::ZhTw);
        assert_eq!(Locale::from_tag("zh-Hant-HK"), Locale::ZhTw);
        assert_eq!(Locale::from_tag("zh"), Locale::ZhCn);
        assert_eq!(Locale::from_tag("fr-FR"), Locale::ZhCn);
    }
}
