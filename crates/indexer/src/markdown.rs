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

/// Links to another article's page, written relative (`[…](other-id.html)`, which the widget
/// opens in place): each target's id and the link's byte offset in `markdown`, so a build can
/// refuse one that names no article.
pub fn article_links(markdown: &str) -> Vec<(usize, String)> {
    (parser(markdown).into_offset_iter())
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                linked_id(&dest_url).map(|id| (range.start, id))
            }
            _ => None,
        })
        .collect()
}

fn linked_id(url: &str) -> Option<String> {
    let path = url.split(['#', '?']).next()?;
    let id = path
        .strip_prefix("./")
        .unwrap_or(path)
        .strip_suffix(".html")?;
    let relative = !id.is_empty() && !id.contains(['/', ':', '\\']);
    relative.then(|| id.to_string())
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

    #[test]
    fn links_to_other_articles_are_found_with_their_offsets() {
        let md = "见[冻结](account-frozen.html)和[到账](./refund.html#steps)。\n\n[官网](https://x.cn/a.html) [图](/a.html) [页](a.htm)";
        let links = article_links(md);
        let ids: Vec<&str> = links.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["account-frozen", "refund"]);
        assert_eq!(&md[links[0].0..links[0].0 + 1], "[");
    }
}
