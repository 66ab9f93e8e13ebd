//! Every string the widget shows, in one place. A locale is a `Strings` value, so a locale that
//! lacks a key does not compile.

use helpdock_protocol::language::Language;

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
        match Language::of(tag) {
            Language::ZhCn => Locale::ZhCn,
            Language::ZhTw => Locale::ZhTw,
            Language::English => Locale::En,
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
    /// The same for one suggestion.
    pub launcher_badge_one: &'static str,
    /// Beside the launcher when the widget itself cannot load. Only public/helpdock.js shows
    /// it (the widget is what failed), from a copy a test checks against this one.
    #[cfg_attr(not(test), allow(dead_code))]
    pub launcher_failed: &'static str,
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
    /// The same for one result.
    pub result_count_one: &'static str,
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
    /// Over the text version of an article, shown when its page cannot be fetched (offline).
    pub article_text_only: &'static str,
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
    pub never_share: &'static str,
    /// Heading of the chat panel.
    pub chat_title: &'static str,
    pub checking_agents: &'static str,
    pub prechat_intro: &'static str,
    /// Out of hours or nobody online.
    pub leave_message_intro: &'static str,
    pub prepare_heading: &'static str,
    pub prepare_items: &'static str,
    pub category_label: &'static str,
    pub customer_kind_label: &'static str,
    pub personal: &'static str,
    pub merchant: &'static str,
    pub order_number_label: &'static str,
    pub description_label: &'static str,
    pub contact_optional_label: &'static str,
    pub contact_required_label: &'static str,
    pub screenshots_label: &'static str,
    pub too_many_files: &'static str,
    /// `{name}` is the file's name.
    pub bad_file: &'static str,
    pub description_required: &'static str,
    pub contact_required: &'static str,
    pub submit_chat: &'static str,
    pub submit_message: &'static str,
    pub submitting: &'static str,
    pub network_failed: &'static str,
    pub ticket_sent: &'static str,
    pub waiting_for_agent: &'static str,
    /// `{n}` is the place in the queue, `{minutes}` the estimated wait.
    pub queue_position: &'static str,
    pub queue_no_agents: &'static str,
    /// `{name}` is the agent's display name.
    pub agent_joined: &'static str,
    pub chat_closed: &'static str,
    pub download_transcript: &'static str,
    pub transcript_failed: &'static str,
    /// What ends a sentence before another in the same line: 。 or a full stop and a space.
    pub sentence_end: &'static str,
    pub new_chat: &'static str,
    /// The rating form after a chat: its legend, the five scores from worst to best, the
    /// comment's label, the button, and what follows.
    /// Messages the server never took before the chat ended; `{n}` of them, or one.
    pub undelivered_kept: &'static str,
    pub undelivered_kept_one: &'static str,
    pub rate_heading: &'static str,
    pub rate_scores: [&'static str; 5],
    pub rate_comment_label: &'static str,
    pub rate_submit: &'static str,
    pub rate_thanks: &'static str,
    pub rate_failed: &'static str,
    pub messages_label: &'static str,
    pub message_label: &'static str,
    pub send: &'static str,
    pub send_image: &'static str,
    pub image_failed: &'static str,
    /// The server's cap on one chat's pictures (`MAX_PICTURES_PER_CHAT`, 20), reached.
    pub too_many_pictures: &'static str,
    /// The server's refusals, by its error code (`chat::refusal_text`): its own messages are
    /// English, for developers.
    pub refused_slow_down: &'static str,
    pub refused_too_large: &'static str,
    pub refused_not_image: &'static str,
    pub refused_chat_ended: &'static str,
    pub refused_chat_missing: &'static str,
    pub refused_server_down: &'static str,
    pub refused_other: &'static str,
    pub image_alt: &'static str,
    pub sending: &'static str,
    pub delivered: &'static str,
    pub read: &'static str,
    pub you: &'static str,
    pub agent_fallback: &'static str,
    pub agent_typing: &'static str,
    pub reconnecting: &'static str,
    pub queued_offline: &'static str,
    /// The pre-chat or message form could not go out: it waits for the network.
    pub form_queued_offline: &'static str,
    /// A form queued offline, found on another page without its screenshots.
    pub form_files_not_kept: &'static str,
    /// `{kinds}` lists what was found.
    pub guard_warning: &'static str,
    pub send_anyway: &'static str,
    pub edit_message: &'static str,
    /// The pre-chat topics: account, dispute, limits, other.
    pub categories: [&'static str; 4],
    /// What the guard finds: SMS code, password, bank card, ID number.
    pub sensitive_kinds: [&'static str; 4],
    /// Between weekday names.
    pub list_separator: &'static str,
    /// Monday first.
    pub weekdays: [&'static str; 7],
}

static ZH_CN: Strings = Strings {
    panel_title: "帮助中心",
    launcher: "帮助",
    launcher_badge: "帮助：{n} 篇文章与你刚遇到的问题相关",
    launcher_badge_one: "帮助：1 篇文章与你刚遇到的问题相关",
    launcher_failed: "帮助中心暂时打不开，网络恢复后会自动打开。",
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
    result_count_one: "找到 1 篇相关文章",
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
    article_text_only: "暂时打不开完整页面，以下是文章的文字版。",
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
    never_share: "官方客服不会索要短信验证码、密码或完整银行卡号。",
    chat_title: "在线客服",
    checking_agents: "正在查询客服状态…",
    prechat_intro: "先告诉我们你遇到的问题，客服接入后不用你再重复说明。",
    leave_message_intro: "现在没有客服在线。请留言，我们会在服务时间内联系你。",
    prepare_heading: "请准备好",
    prepare_items: "订单号（在账单详情里查看）、付款或报错页面的截图、问题发生的大概时间。",
    category_label: "问题类型",
    customer_kind_label: "你是",
    personal: "个人用户",
    merchant: "商家",
    order_number_label: "订单号（选填）",
    description_label: "问题描述",
    contact_optional_label: "联系方式（选填，手机号或邮箱）",
    contact_required_label: "联系方式（手机号或邮箱）",
    screenshots_label: "截图（最多 3 张，PNG 或 JPEG，每张不超过 5 MB）",
    too_many_files: "最多上传 3 张截图。",
    bad_file: "「{name}」不是 PNG 或 JPEG 图片，或超过 5 MB。",
    description_required: "请描述你遇到的问题。",
    contact_required: "请留下联系方式，方便客服联系你。",
    submit_chat: "开始咨询",
    submit_message: "提交留言",
    submitting: "正在提交…",
    network_failed: "网络不可用，请检查网络后重试。",
    ticket_sent: "留言已提交，客服会尽快联系你。",
    waiting_for_agent: "正在为你转接人工客服",
    queue_position: "你排在第 {n} 位，预计等待约 {minutes} 分钟",
    queue_no_agents: "暂时没有客服在线，你可以继续等待，或拨打客服热线。",
    agent_joined: "客服 {name} 正在为你服务",
    chat_closed: "对话已结束，感谢你的耐心。",
    download_transcript: "下载聊天记录",
    transcript_failed: "聊天记录下载失败，请稍后再试",
    sentence_end: "。",
    new_chat: "新的咨询",
    undelivered_kept: "有 {n} 条消息没有送达，已放进“新的咨询”的表单里。",
    undelivered_kept_one: "有 1 条消息没有送达，已放进“新的咨询”的表单里。",
    rate_heading: "为这次服务打分",
    rate_scores: ["很不满意", "不满意", "一般", "满意", "很满意"],
    rate_comment_label: "还有什么想告诉我们的？（选填）",
    rate_submit: "提交评价",
    rate_thanks: "感谢你的评价！",
    rate_failed: "评价没有提交成功，请稍后再试。",
    messages_label: "聊天记录",
    message_label: "输入消息",
    send: "发送",
    send_image: "发送图片",
    image_failed: "图片发送失败，请重试。",
    too_many_pictures: "一次咨询最多发送 20 张图片，其余情况请用文字描述。",
    refused_slow_down: "操作太频繁了，请稍等一会儿。",
    refused_too_large: "内容太大了：消息请分几条发送，图片每张不超过 5 MB。",
    refused_not_image: "只能发送 PNG 或 JPEG 图片。",
    refused_chat_ended: "这次咨询已经结束，消息没有发出。",
    refused_chat_missing: "找不到这次咨询，请重新发起。",
    refused_server_down: "服务暂时不可用，请稍后再试。",
    refused_other: "提交没有成功，请检查后再试。",
    image_alt: "聊天图片",
    sending: "发送中",
    delivered: "已送达",
    read: "已读",
    you: "我",
    agent_fallback: "客服",
    agent_typing: "客服正在输入…",
    reconnecting: "连接已断开，正在重新连接…",
    queued_offline: "消息会在网络恢复后自动发送。",
    form_queued_offline: "网络不可用。表单已保存，网络恢复后会自动提交。",
    form_files_not_kept: "离开页面后截图无法保留，请重新添加截图后再提交。",
    guard_warning: "你的消息里好像有{kinds}。官方客服绝不会向你索要这些信息，请不要发送。",
    send_anyway: "仍然发送",
    edit_message: "修改",
    categories: ["账户与安全", "交易纠纷与退款", "功能与限额", "其他"],
    sensitive_kinds: ["短信验证码", "密码", "银行卡号", "身份证号"],
    list_separator: "、",
    weekdays: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
};

static ZH_TW: Strings = Strings {
    panel_title: "幫助中心",
    launcher: "幫助",
    launcher_badge: "幫助：{n} 篇文章與你剛遇到的問題相關",
    launcher_badge_one: "幫助：1 篇文章與你剛遇到的問題相關",
    launcher_failed: "幫助中心暫時打不開，網路恢復後會自動打開。",
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
    result_count_one: "找到 1 篇相關文章",
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
    article_text_only: "暫時打不開完整頁面，以下是文章的文字版。",
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
    never_share: "官方客服不會索取簡訊驗證碼、密碼或完整銀行卡號。",
    chat_title: "線上客服",
    checking_agents: "正在查詢客服狀態…",
    prechat_intro: "先告訴我們你遇到的問題，客服接入後不用你再重複說明。",
    leave_message_intro: "現在沒有客服在線。請留言，我們會在服務時間內聯絡你。",
    prepare_heading: "請準備好",
    prepare_items: "訂單號（在帳單詳情裡查看）、付款或錯誤頁面的截圖、問題發生的大概時間。",
    category_label: "問題類型",
    customer_kind_label: "你是",
    personal: "個人用戶",
    merchant: "商家",
    order_number_label: "訂單號（選填）",
    description_label: "問題描述",
    contact_optional_label: "聯絡方式（選填，手機號或電子郵件）",
    contact_required_label: "聯絡方式（手機號或電子郵件）",
    screenshots_label: "截圖（最多 3 張，PNG 或 JPEG，每張不超過 5 MB）",
    too_many_files: "最多上傳 3 張截圖。",
    bad_file: "「{name}」不是 PNG 或 JPEG 圖片，或超過 5 MB。",
    description_required: "請描述你遇到的問題。",
    contact_required: "請留下聯絡方式，方便客服聯絡你。",
    submit_chat: "開始諮詢",
    submit_message: "提交留言",
    submitting: "正在提交…",
    network_failed: "網路不可用，請檢查網路後重試。",
    ticket_sent: "留言已提交，客服會盡快聯絡你。",
    waiting_for_agent: "正在為你轉接真人客服",
    queue_position: "你排在第 {n} 位，預計等待約 {minutes} 分鐘",
    queue_no_agents: "暫時沒有客服在線，你可以繼續等待，或撥打客服熱線。",
    agent_joined: "客服 {name} 正在為你服務",
    chat_closed: "對話已結束，感謝你的耐心。",
    download_transcript: "下載聊天記錄",
    transcript_failed: "聊天記錄下載失敗，請稍後再試",
    sentence_end: "。",
    new_chat: "新的諮詢",
    undelivered_kept: "有 {n} 則訊息沒有送達，已放進「新的諮詢」的表單裡。",
    undelivered_kept_one: "有 1 則訊息沒有送達，已放進「新的諮詢」的表單裡。",
    rate_heading: "為這次服務評分",
    rate_scores: ["很不滿意", "不滿意", "普通", "滿意", "很滿意"],
    rate_comment_label: "還有什麼想告訴我們的？（選填）",
    rate_submit: "送出評價",
    rate_thanks: "感謝你的評價！",
    rate_failed: "評價沒有送出成功，請稍後再試。",
    messages_label: "聊天記錄",
    message_label: "輸入訊息",
    send: "傳送",
    send_image: "傳送圖片",
    image_failed: "圖片傳送失敗，請重試。",
    too_many_pictures: "一次諮詢最多傳送 20 張圖片，其餘情況請用文字描述。",
    refused_slow_down: "操作太頻繁了，請稍等一會兒。",
    refused_too_large: "內容太大了：訊息請分幾則傳送，圖片每張不超過 5 MB。",
    refused_not_image: "只能傳送 PNG 或 JPEG 圖片。",
    refused_chat_ended: "這次諮詢已經結束，訊息沒有送出。",
    refused_chat_missing: "找不到這次諮詢，請重新發起。",
    refused_server_down: "服務暫時無法使用，請稍後再試。",
    refused_other: "送出沒有成功，請檢查後再試。",
    image_alt: "聊天圖片",
    sending: "傳送中",
    delivered: "已送達",
    read: "已讀",
    you: "我",
    agent_fallback: "客服",
    agent_typing: "客服正在輸入…",
    reconnecting: "連線已中斷，正在重新連線…",
    queued_offline: "訊息會在網路恢復後自動傳送。",
    form_queued_offline: "網路不可用。表單已儲存，網路恢復後會自動送出。",
    form_files_not_kept: "離開頁面後截圖無法保留，請重新加入截圖後再送出。",
    guard_warning: "你的訊息裡好像有{kinds}。官方客服絕不會向你索取這些資訊，請不要傳送。",
    send_anyway: "仍然傳送",
    edit_message: "修改",
    categories: ["帳戶與安全", "交易糾紛與退款", "功能與限額", "其他"],
    sensitive_kinds: ["簡訊驗證碼", "密碼", "銀行卡號", "身分證號"],
    list_separator: "、",
    weekdays: ["週一", "週二", "週三", "週四", "週五", "週六", "週日"],
};

static EN: Strings = Strings {
    panel_title: "Help center",
    launcher: "Help",
    launcher_badge: "Help: {n} articles about the problem you just had",
    launcher_badge_one: "Help: 1 article about the problem you just had",
    launcher_failed: "Help could not open. It will open once you are back online.",
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
    result_count_one: "1 matching article",
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
    article_text_only: "The full page could not be loaded, so here is the article's text.",
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
    never_share: "Our staff never ask for SMS codes, passwords or full card numbers.",
    chat_title: "Chat with an agent",
    checking_agents: "Checking who is available…",
    prechat_intro: "Tell us about the problem first, so you won't have to repeat it to the agent.",
    leave_message_intro: "No agent is available right now. Leave a message and we will contact you during opening hours.",
    prepare_heading: "Have these ready",
    prepare_items: "The order number (in the bill details), a screenshot of the payment or error page, and roughly when it happened.",
    category_label: "Topic",
    customer_kind_label: "You are",
    personal: "A personal user",
    merchant: "A merchant",
    order_number_label: "Order number (optional)",
    description_label: "What happened?",
    contact_optional_label: "Phone or email (optional)",
    contact_required_label: "Phone or email",
    screenshots_label: "Screenshots (up to 3, PNG or JPEG, 5 MB each)",
    too_many_files: "You can attach up to 3 screenshots.",
    bad_file: "“{name}” is not a PNG or JPEG image, or is over 5 MB.",
    description_required: "Please describe the problem.",
    contact_required: "Please leave a phone number or email so we can reach you.",
    submit_chat: "Start chat",
    submit_message: "Send message",
    submitting: "Sending…",
    network_failed: "You seem to be offline. Check your connection and try again.",
    ticket_sent: "Message sent. An agent will contact you soon.",
    waiting_for_agent: "Connecting you to an agent",
    queue_position: "You are number {n} in the queue, about {minutes} min to wait",
    queue_no_agents: "No agent is online at the moment. You can keep waiting or call the hotline.",
    agent_joined: "{name} is helping you",
    chat_closed: "This chat has ended. Thank you for your patience.",
    download_transcript: "Download transcript",
    transcript_failed: "The transcript could not be downloaded. Try again later.",
    sentence_end: ". ",
    new_chat: "New question",
    undelivered_kept: "{n} messages were not delivered. They are in the form for your new question.",
    undelivered_kept_one: "1 message was not delivered. It is in the form for your new question.",
    rate_heading: "How was this chat?",
    rate_scores: ["Very poor", "Poor", "OK", "Good", "Very good"],
    rate_comment_label: "Anything else you want to tell us? (optional)",
    rate_submit: "Send rating",
    rate_thanks: "Thank you for your rating!",
    rate_failed: "Your rating could not be sent. Try again later.",
    messages_label: "Messages",
    message_label: "Type a message",
    send: "Send",
    send_image: "Send a picture",
    image_failed: "The picture could not be sent. Please try again.",
    too_many_pictures: "A chat can hold up to 20 pictures. Please describe the rest in words.",
    refused_slow_down: "That was a lot at once. Please wait a moment.",
    refused_too_large: "That is too large: send long text as several messages, and pictures up to 5 MB.",
    refused_not_image: "Only PNG or JPEG pictures can be sent.",
    refused_chat_ended: "This chat has ended, so the message was not sent.",
    refused_chat_missing: "This chat could not be found. Please start a new one.",
    refused_server_down: "The service is unavailable right now. Please try again later.",
    refused_other: "That did not go through. Please check it and try again.",
    image_alt: "Picture in the chat",
    sending: "Sending",
    delivered: "Delivered",
    read: "Read",
    you: "You",
    agent_fallback: "Agent",
    agent_typing: "The agent is typing…",
    reconnecting: "Connection lost. Reconnecting…",
    queued_offline: "Your messages will be sent when you are back online.",
    form_queued_offline: "You are offline. The form is saved and will be sent when you are back online.",
    form_files_not_kept: "Screenshots cannot be kept when you leave the page. Add them again, then send.",
    guard_warning: "Your message seems to contain {kinds}. Our staff never ask for these. Please don't send them.",
    send_anyway: "Send anyway",
    edit_message: "Edit",
    categories: ["Account and security", "Disputes and refunds", "Features and limits", "Other"],
    sensitive_kinds: ["an SMS code", "a password", "a bank card number", "an ID number"],
    list_separator: ", ",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};

impl Strings {
    /// `many` with its `{n}` filled in, or `one` for a single thing: English needs the singular.
    pub fn count(n: usize, one: &'static str, many: &'static str) -> String {
        match n {
            1 => one.to_string(),
            n => many.replace("{n}", &n.to_string()),
        }
    }

    /// Every string with its name, for the catalog tests.
    #[cfg(test)]
    fn all(&self) -> Vec<(&'static str, &'static str)> {
        let mut all = vec![
            ("panel_title", self.panel_title),
            ("launcher", self.launcher),
            ("launcher_failed", self.launcher_failed),
            ("launcher_badge", self.launcher_badge),
            ("launcher_badge_one", self.launcher_badge_one),
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
            ("result_count_one", self.result_count_one),
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
            ("article_text_only", self.article_text_only),
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
            ("never_share", self.never_share),
            ("chat_title", self.chat_title),
            ("checking_agents", self.checking_agents),
            ("prechat_intro", self.prechat_intro),
            ("leave_message_intro", self.leave_message_intro),
            ("prepare_heading", self.prepare_heading),
            ("prepare_items", self.prepare_items),
            ("category_label", self.category_label),
            ("customer_kind_label", self.customer_kind_label),
            ("personal", self.personal),
            ("merchant", self.merchant),
            ("order_number_label", self.order_number_label),
            ("description_label", self.description_label),
            ("contact_optional_label", self.contact_optional_label),
            ("contact_required_label", self.contact_required_label),
            ("screenshots_label", self.screenshots_label),
            ("too_many_files", self.too_many_files),
            ("bad_file", self.bad_file),
            ("description_required", self.description_required),
            ("contact_required", self.contact_required),
            ("submit_chat", self.submit_chat),
            ("submit_message", self.submit_message),
            ("submitting", self.submitting),
            ("network_failed", self.network_failed),
            ("ticket_sent", self.ticket_sent),
            ("waiting_for_agent", self.waiting_for_agent),
            ("queue_position", self.queue_position),
            ("queue_no_agents", self.queue_no_agents),
            ("agent_joined", self.agent_joined),
            ("chat_closed", self.chat_closed),
            ("download_transcript", self.download_transcript),
            ("transcript_failed", self.transcript_failed),
            ("sentence_end", self.sentence_end),
            ("new_chat", self.new_chat),
            ("undelivered_kept", self.undelivered_kept),
            ("undelivered_kept_one", self.undelivered_kept_one),
            ("rate_heading", self.rate_heading),
            ("rate_comment_label", self.rate_comment_label),
            ("rate_submit", self.rate_submit),
            ("rate_thanks", self.rate_thanks),
            ("rate_failed", self.rate_failed),
            ("messages_label", self.messages_label),
            ("message_label", self.message_label),
            ("send", self.send),
            ("send_image", self.send_image),
            ("image_failed", self.image_failed),
            ("too_many_pictures", self.too_many_pictures),
            ("refused_slow_down", self.refused_slow_down),
            ("refused_too_large", self.refused_too_large),
            ("refused_not_image", self.refused_not_image),
            ("refused_chat_ended", self.refused_chat_ended),
            ("refused_chat_missing", self.refused_chat_missing),
            ("refused_server_down", self.refused_server_down),
            ("refused_other", self.refused_other),
            ("image_alt", self.image_alt),
            ("sending", self.sending),
            ("delivered", self.delivered),
            ("read", self.read),
            ("you", self.you),
            ("agent_fallback", self.agent_fallback),
            ("agent_typing", self.agent_typing),
            ("reconnecting", self.reconnecting),
            ("queued_offline", self.queued_offline),
            ("form_queued_offline", self.form_queued_offline),
            ("form_files_not_kept", self.form_files_not_kept),
            ("guard_warning", self.guard_warning),
            ("send_anyway", self.send_anyway),
            ("edit_message", self.edit_message),
        ];
        all.extend(self.weekdays.iter().map(|d| ("weekdays", *d)));
        all.extend(self.categories.iter().map(|d| ("categories", *d)));
        all.extend(self.rate_scores.iter().map(|d| ("rate_scores", *d)));
        all.extend(self.sensitive_kinds.iter().map(|d| ("sensitive_kinds", *d)));
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
                for placeholder in ["{n}", "{hotline}", "{minutes}", "{name}", "{kinds}"] {
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
            let strings = locale.strings();
            for text in [strings.launcher, strings.launcher_failed] {
                let entry = format!("{key}: '{text}'");
                assert!(loader.contains(&entry), "helpdock.js lacks {entry}");
            }
        }
    }

    #[test]
    fn one_result_is_counted_in_the_singular() {
        let en = Locale::En.strings();
        assert_eq!(
            Strings::count(1, en.result_count_one, en.result_count),
            "1 matching article"
        );
        assert_eq!(
            Strings::count(3, en.result_count_one, en.result_count),
            "3 matching articles"
        );
        let zh = Locale::ZhCn.strings();
        let one = Strings::count(1, zh.launcher_badge_one, zh.launcher_badge);
        assert_eq!(one, zh.launcher_badge.replace("{n}", "1"));
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
