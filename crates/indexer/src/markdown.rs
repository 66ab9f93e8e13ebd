//! Markdown to the two forms the product needs: sanitised HTML to show, plain text to search.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
}

/// HTML for the article view. Sanitised with ammonia even though site owners write it: an
/// article pasted from elsewhere may carry a `<script>` or an `onerror`, and the widget shows
/// this HTML inside the customer's own page.
pub fn to_safe_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser(markdown));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .set_tag_attribute_value("a", "target", "_blank")
        .clean(&html)
        .to_string()
}

/// The words of the article, one block per line, for indexing and snippets.
pub fn to_plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in parser(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Item) => text.push_str("• "),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) => text.push('\n'),
            Event::End(TagEnd::TableCell) => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed_from_html() {
        let html = to_safe_html("Hi <script>alert(1)</script><img src=x onerror=alert(1)>");
        assert!(!html.contains("<script") && !html.contains("onerror"));
    }

    #[test]
    fn plain_text_keeps_words_and_drops_markup() {
        let text = to_plain_text("## 步骤\n\n1. 打开 **我的**\n2. 点击`客服`");
        assert_eq!(text, "步骤\n• 打开 我的\n• 点击客服");
    }
}
