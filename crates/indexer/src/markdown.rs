//! Markdown to the forms the product needs: sanitised HTML to show, plain text to search, and
//! the links to other articles a build checks.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

/// One article body, parsed once.
pub struct Rendered {
    /// Sanitised HTML for the article view.
    pub html: String,
    /// The words, one block per line, for indexing and snippets.
    pub text: String,
    /// Links to other articles' pages: each link's byte offset and the id it names.
    pub links: Vec<(usize, String)>,
}

/// Parses `markdown` once and derives all three forms from the same events: parsing was a
/// tenth of a large build when each form parsed the text again.
pub fn render(markdown: &str) -> Rendered {
    let events: Vec<(Event<'_>, Range<usize>)> = parser(markdown).into_offset_iter().collect();
    let text = plain_text(events.iter().map(|(e, _)| e));
    let links = events
        .iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                linked_id(dest_url).map(|id| (range.start, id))
            }
            _ => None,
        })
        .collect();
    let events = events.into_iter().map(|(e, _)| e).collect();
    Rendered {
        html: safe_html(events),
        text,
        links,
    }
}

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
}

/// Sanitised with ammonia even though site owners write it: an article pasted from elsewhere
/// may carry a `<script>` or an `onerror`, and the widget shows this HTML inside the
/// customer's own page. How links open is set here too, for every article alike.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(Some(LINK_REL))
        .set_tag_attribute_value("a", "target", "_blank");
    builder
});

const LINK_REL: &str = "noopener noreferrer";

/// HTML for the article view. Most articles are plain Markdown, whose HTML holds nothing
/// ammonia would remove once links get their `rel` and `target` and a few attributes it
/// drops are left out ([`plain_markdown_html`]); those skip the sanitiser, which was a sixth
/// of a large build. An article with raw HTML, or anything else unusual, goes through it.
fn safe_html(events: Vec<Event<'_>>) -> String {
    if let Some(html) = plain_markdown_html(&events) {
        return html;
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    SANITIZER.clean(&html).to_string()
}

/// The HTML of events that need no sanitising, or `None` if any might. pulldown-cmark escapes
/// all text and writes only a fixed set of tags; what is left is raw HTML (refused here), URLs
/// (allowed if ammonia would keep them), and attributes ammonia drops: the alignment `style`
/// of table cells and the `class` of a fenced code block's language, left out here too.
fn plain_markdown_html(events: &[Event<'_>]) -> Option<String> {
    let mut out = Vec::with_capacity(events.len());
    // An image's alt text is written from its events as plain text; a link there stays an
    // event for that (rare) case, so the sanitiser gets it.
    let mut in_image = 0;
    for event in events {
        out.push(match event {
            Event::Start(Tag::Link { .. }) if in_image > 0 => return None,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => Event::InlineHtml(CowStr::from(link_start(*link_type, dest_url, title)?)),
            Event::Start(Tag::Image { dest_url, .. }) => {
                href(dest_url)?;
                in_image += 1;
                event.clone()
            }
            Event::End(TagEnd::Image) => {
                in_image -= 1;
                event.clone()
            }
            Event::Start(Tag::Table(alignments)) => {
                Event::Start(Tag::Table(vec![Alignment::None; alignments.len()]))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))
            }
            Event::Start(Tag::Heading {
                id: None,
                classes,
                attrs,
                ..
            }) if classes.is_empty() && attrs.is_empty() => event.clone(),
            Event::Start(
                Tag::Paragraph
                | Tag::BlockQuote(None)
                | Tag::CodeBlock(CodeBlockKind::Indented)
                | Tag::List(_)
                | Tag::Item
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough,
            )
            | Event::End(_)
            | Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule => event.clone(),
            // Raw HTML, and what the enabled options never produce (footnotes, math, task
            // lists, metadata): the sanitiser's job.
            _ => return None,
        });
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Some(html)
}

/// A link's opening tag as the sanitiser would leave it, or `None` if it would change the URL.
fn link_start(link_type: LinkType, dest_url: &str, title: &str) -> Option<String> {
    let url = match link_type {
        LinkType::Email => format!("mailto:{dest_url}"),
        _ => dest_url.to_string(),
    };
    let mut tag = String::from("<a href=\"");
    tag.push_str(&href(&url)?);
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        pulldown_cmark_escape::escape_html(&mut tag, title).ok()?;
    }
    // In the order ammonia writes them, so a page reads the same either way.
    tag.push_str("\" target=\"_blank\" rel=\"");
    tag.push_str(LINK_REL);
    tag.push_str("\">");
    Some(tag)
}

/// `url` as pulldown-cmark writes it into an `href` or `src`, if ammonia keeps that as it is:
/// a relative URL, or an absolute one with a scheme a help article has reason to use. Anything
/// else (`javascript:`, a URL malformed once escaped such as `http:\\host`, a rarer scheme)
/// makes the article go through the sanitiser, which decides.
fn href(url: &str) -> Option<String> {
    const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];
    let mut escaped = String::new();
    pulldown_cmark_escape::escape_href(&mut escaped, url).ok()?;
    // What ammonia checks: the attribute's value, as html5ever decodes it.
    let value = escaped.replace("&amp;", "&").replace("&#x27;", "'");
    let kept = match url::Url::parse(&value) {
        Ok(parsed) => SCHEMES.contains(&parsed.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    };
    kept.then_some(escaped)
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
fn plain_text<'a>(events: impl Iterator<Item = &'a Event<'a>>) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
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

    /// What every article went through before plain Markdown skipped the sanitiser.
    fn sanitised(markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, parser(markdown));
        SANITIZER.clean(&html).to_string()
    }

    fn skips_sanitiser(markdown: &str) -> bool {
        let events: Vec<Event<'_>> = parser(markdown).collect();
        plain_markdown_html(&events).is_some()
    }

    /// Markdown of every kind the articles use, none of it raw HTML.
    const PLAIN: [&str; 12] = [
        "## 步骤\n\n1. 打开 **我的**\n2. 点击`客服`\n\n> 提示：*不要*把验证码告诉别人。\n\n---\n",
        "| 方式 | 到账 |\n|:--|--:|\n| 银行卡 | 1–3 天 |\n| 余额 | ~~实时~~ 即时 |\n",
        "```rust\nlet x = \"<b>\" & 1;\n```\n\n    indented <i>code</i>\n",
        "3. three\n4. four\n\n- a\n- b\n",
        "Call [95188](tel:95188) or [mail us](mailto:help@example.com \"Help & \\\"support\\\"\").",
        "<https://example.com/a?b=1&c=2> and <help@example.com>, [rel](refund.html#steps 'title').",
        "![退款 *截图*](img/refund.png \"图\") and [外链](https://example.com/x y) [空]()",
        "Text with & < > \" ' and a\\\nhard break, [protocol](//cdn.example.com/a) [q](?a=1) [f](#top).",
        "[中文链接](https://例子.中国/路径?q=退款)",
        "# Title\n\nSetext\n======\n\n* [ ] not a task list\n",
        "Line one\nline two  \nline three",
        "[`code` *in* link](a.html) ![](b.png)",
    ];

    /// Markdown the sanitiser must decide on.
    const UNUSUAL: [&str; 8] = [
        "Hi <script>alert(1)</script><img src=x onerror=alert(1)>",
        "[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1))",
        // Web URLs that are malformed once escaped as an attribute: ammonia drops them.
        "[x](http:\\evil.com)",
        "[x](http://[::1]/)",
        "![x](http://[::1]/a.png)",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "[ok](https://example.com) <b>bold</b>",
        "![alt [link](https://e.com) more](p.png)",
    ];

    #[test]
    fn plain_markdown_skips_the_sanitiser_and_shows_the_same() {
        let demo = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/zh-CN"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap());
        let samples: Vec<String> = PLAIN.iter().map(|s| s.to_string()).chain(demo).collect();
        for markdown in &samples {
            let html = render(markdown).html;
            // The sanitiser changes the page's HTML into exactly what it made before: the same
            // elements, attributes and text, so visitors see the same article.
            let cleaned = SANITIZER.clean(&html).to_string();
            assert_eq!(cleaned, sanitised(markdown), "{markdown}");
            assert_only_allowed_markup(&html);
            // …and it removes no URL: each link and image keeps its address.
            for url in urls(&html) {
                assert!(urls(&cleaned).contains(&url), "{url} removed from {html}");
            }
        }
        for markdown in PLAIN {
            assert!(skips_sanitiser(markdown), "{markdown}");
        }
    }

    #[test]
    fn raw_html_and_unusual_urls_go_through_the_sanitiser() {
        for markdown in UNUSUAL {
            assert!(!skips_sanitiser(markdown), "{markdown}");
            assert_eq!(render(markdown).html, sanitised(markdown));
        }
        let html = render(UNUSUAL[0]).html;
        assert!(!html.contains("<script") && !html.contains("onerror"));
        let html = render(UNUSUAL[1]).html;
        assert!(!html.to_lowercase().contains("script:"), "{html}");
        // A tab inside the scheme, which a browser would drop, is percent-encoded in the
        // attribute: a relative link to a file of that name, not a script; ammonia agrees.
        let markdown = "[x](java&#9;script:alert(1))";
        let html = render(markdown).html;
        assert!(html.contains(r#"href="java%09script:alert(1)""#), "{html}");
        assert_eq!(html, SANITIZER.clean(&html).to_string());
        assert_eq!(SANITIZER.clean(&html).to_string(), sanitised(markdown));
    }

    #[test]
    fn links_open_in_a_new_tab_without_the_opener() {
        for markdown in [
            "[a](https://example.com)",
            "[a](https://example.com) <b>b</b>",
        ] {
            let html = render(markdown).html;
            assert!(
                html.contains(r#"rel="noopener noreferrer""#)
                    && html.contains(r#"target="_blank""#),
                "{html}"
            );
        }
    }

    /// The values of the `href` and `src` attributes in `html`.
    fn urls(html: &str) -> Vec<&str> {
        (html.split(" href=\"").skip(1))
            .chain(html.split(" src=\"").skip(1))
            .map(|rest| rest.split('"').next().unwrap())
            .collect()
    }

    /// Every tag and attribute in `html` is one ammonia keeps (its defaults, and the link
    /// attributes it sets): a plain-Markdown page carries nothing the sanitiser would remove.
    fn assert_only_allowed_markup(html: &str) {
        const TAGS: [&str; 25] = [
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "pre",
            "code",
            "ol",
            "ul",
            "li",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "em",
            "strong",
            "del",
            "a",
            "img",
            "br",
        ];
        const ATTRIBUTES: [&str; 7] = ["href", "title", "rel", "target", "src", "alt", "start"];
        for tag in html.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap().trim_end_matches('/');
            let mut parts = tag.split(' ');
            let name = parts.next().unwrap().trim_start_matches('/');
            assert!(TAGS.contains(&name) || name == "hr", "<{name}> in {html}");
            // Attribute values are quoted and escaped, so their spaces split only within them.
            for part in parts.filter(|p| p.contains("=\"")) {
                let attribute = part.split('=').next().unwrap();
                assert!(ATTRIBUTES.contains(&attribute), "{attribute} in {html}");
            }
        }
    }

    #[test]
    fn plain_text_keeps_words_and_drops_markup() {
        let text = render("## 步骤\n\n1. 打开 **我的**\n2. 点击`客服`").text;
        assert_eq!(text, "步骤\n• 打开 我的\n• 点击客服");
    }

    #[test]
    fn links_to_other_articles_are_found_with_their_offsets() {
        let md = "见[冻结](account-frozen.html)和[到账](./refund.html#steps)。\n\n[官网](https://x.cn/a.html) [图](/a.html) [页](a.htm)";
        let links = render(md).links;
        let ids: Vec<&str> = links.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["account-frozen", "refund"]);
        assert_eq!(&md[links[0].0..links[0].0 + 1], "[");
    }
}
