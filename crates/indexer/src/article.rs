//! One article file: TOML front matter between `+++` lines, then Markdown.
//!
//! ```text
//! +++
//! id = "refund-not-received"                   # optional: the file name
//! title = "退款一直没到账怎么办？"
//! category = "交易纠纷与退款"                  # optional
//! tags = ["退款", "没到账"]
//! locale = "zh-CN"                             # optional: read from the text
//! contexts = ["/orders/*", "refund_pending"]   # optional: where to suggest it
//! popularity = 0.9                             # optional, 0..1
//! +++
//! Markdown body…
//! ```
//!
//! Help centers moved from another tool keep their front matter: `description` (or `summary`)
//! is searched as the body's first paragraph (and is the page's meta description), `keywords` as tags, `draft = true` leaves the
//! article out, and `date`, `lastmod`, `updated`, `author`, `weight` and `aliases` are
//! accepted and ignored. Any other key is an error naming its line, so a typo (`tag =`) never
//! silently drops what it was meant to say.

use std::path::Path;

use serde::de::IgnoredAny;
use serde::Deserialize;

use helpdock_search::tokenizer::is_cjk;

use crate::{markdown, BuildError};

/// The locales the widget has strings for.
pub const LOCALES: [&str; 3] = ["zh-CN", "zh-TW", "en"];
const FENCE: &str = "+++";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    #[serde(alias = "slug")]
    id: Option<String>,
    title: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    tags: Vec<String>,
    locale: Option<String>,
    #[serde(default)]
    contexts: Vec<String>,
    popularity: Option<f32>,
    #[serde(default, alias = "summary")]
    description: String,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    draft: bool,
    // Other tools' bookkeeping, accepted so their help centers build as they are.
    #[serde(default, rename = "date")]
    _date: Option<IgnoredAny>,
    #[serde(default, rename = "lastmod", alias = "updated")]
    _updated: Option<IgnoredAny>,
    #[serde(default, rename = "author")]
    _author: Option<IgnoredAny>,
    #[serde(default, rename = "weight")]
    _weight: Option<IgnoredAny>,
    #[serde(default, rename = "aliases")]
    _aliases: Option<IgnoredAny>,
}

/// An article ready to index and render.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedArticle {
    pub search: helpdock_search::Article,
    /// Sanitised HTML of the body.
    pub html: String,
    /// The 1-based line of `id = …`, for errors about the id.
    pub id_line: usize,
    /// `draft = true`: parsed and checked, but left out of the build.
    pub draft: bool,
    /// The front matter's `description` (or `summary`), trimmed; empty if none. Searched as
    /// the body's first paragraph, and the standalone page's meta description.
    pub description: String,
    /// Links to other articles (`other-id.html`): the line each is on, and the id it names.
    pub links: Vec<(usize, String)>,
}

/// Parses one article. Errors carry the file and the line to fix.
pub fn parse_article(path: &Path, source: &str) -> Result<ParsedArticle, BuildError> {
    let error = |line: usize, message: String| BuildError::Article {
        path: path.to_path_buf(),
        line,
        message,
    };
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let (front, body) = split_front_matter(source).map_err(|(line, m)| error(line, m))?;
    // The front matter starts on line 2, after the opening fence.
    let line_of_offset = |offset: usize| 2 + front[..offset.min(front.len())].matches('\n').count();
    let line_of_key = |key: &str| {
        front
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(1, |i| i + 2)
    };

    let meta: FrontMatter = toml::from_str(front).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of_offset(s.start));
        error(line, format!("front matter: {}", e.message()))
    })?;
    validate(&meta).map_err(|(key, m)| error(line_of_key(key), m))?;
    let id = match meta.id {
        Some(id) => id,
        None => id_from_file_name(path).map_err(|m| error(1, m))?,
    };

    let rendered = markdown::render(body);
    let mut text = rendered.text;
    let description = meta.description.trim();
    if !description.is_empty() {
        text = format!("{description}\n{text}");
    }
    let mut tags = meta.tags;
    tags.extend(meta.keywords);
    let title = meta.title.trim().to_string();
    let locale = (meta.locale).unwrap_or_else(|| detect_locale(&title, &text).to_string());
    // The body is a slice of the source: its links' lines count from the file's start.
    let body_start = source.len() - body.len();
    let links = (rendered.links.into_iter())
        .map(|(at, id)| {
            let before = source.as_bytes().iter().take(body_start + at);
            (1 + before.filter(|&&b| b == b'\n').count(), id)
        })
        .collect();
    Ok(ParsedArticle {
        links,
        html: rendered.html,
        id_line: line_of_key("id"),
        draft: meta.draft,
        description: description.to_string(),
        search: helpdock_search::Article {
            body: text,
            id,
            title,
            category: meta.category.trim().to_string(),
            locale,
            tags,
            contexts: meta.contexts,
            popularity: meta.popularity.unwrap_or(0.0),
        },
    })
}

/// The id of an article whose front matter names none: its file name, lower-cased
/// (`Refund-Delay.md` is `refund-delay`), if that is a valid id.
fn id_from_file_name(path: &Path) -> Result<String, String> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase());
    match stem {
        Some(id) if valid_id(&id) => Ok(id),
        _ => Err(format!(
            "no `id = \"…\"` in the front matter, and the file name {:?} is no id \
             (1–100 characters of a-z, 0-9 and -): add one",
            path.file_name().unwrap_or_default()
        )),
    }
}

/// The locale of an article whose front matter names none, from its text: Chinese if at least
/// a fifth of its letters are Chinese characters, and then Taiwan's if a twentieth of those
/// are traditional forms; English otherwise.
fn detect_locale(title: &str, body: &str) -> &'static str {
    let text = || title.chars().chain(body.chars());
    let chinese: String = text().filter(|&c| is_cjk(c)).collect();
    let latin = text().filter(|c| c.is_ascii_alphabetic()).count();
    let chinese_count = chinese.chars().count();
    if chinese_count == 0 || chinese_count * 4 < latin {
        return "en";
    }
    let simplified = fast2s::convert(&chinese);
    let traditional = (chinese.chars().zip(simplified.chars()))
        .filter(|(a, b)| a != b)
        .count();
    if traditional * 20 >= chinese_count {
        "zh-TW"
    } else {
        "zh-CN"
    }
}

/// Splits `+++\n<toml>\n+++\n<markdown>`; an error is a line number and a message.
fn split_front_matter(source: &str) -> Result<(&str, &str), (usize, String)> {
    // The fence's line ends in "\n" or "\r\n", as one unit: a blank line after it is the
    // front matter's first line, and error lines count it.
    let Some(rest) = source
        .strip_prefix(FENCE)
        .and_then(|r| r.strip_prefix("\r\n").or_else(|| r.strip_prefix('\n')))
    else {
        let message = if source.starts_with("---") {
            "front matter between `---` lines is YAML; Helpdock reads TOML between `+++` lines \
             (`title = \"…\"` instead of `title: …`)"
        } else {
            "an article must start with a `+++` line opening its front matter"
        };
        return Err((1, message.into()));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err((
        1,
        "the front matter opened on this line is never closed with `+++`".into(),
    ))
}

/// Whether `id` can be an article's id. It becomes a file name and a URL path: nothing but
/// [a-z0-9-] may reach either.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && (id.bytes()).all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks the front matter's values; an error names the key to fix.
fn validate(meta: &FrontMatter) -> Result<(), (&'static str, String)> {
    if let Some(id) = meta.id.as_ref().filter(|id| !valid_id(id)) {
        return Err((
            "id",
            format!("id {id:?} must be 1–100 characters of a-z, 0-9 and -"),
        ));
    }
    if meta.title.trim().is_empty() {
        return Err(("title", "title must not be empty".into()));
    }
    if let Some(locale) = meta
        .locale
        .as_ref()
        .filter(|l| !LOCALES.contains(&l.as_str()))
    {
        return Err((
            "locale",
            format!("locale {locale:?} is not one of {}", LOCALES.join(", ")),
        ));
    }
    if let Some(p) = meta.popularity.filter(|p| !(0.0..=1.0).contains(p)) {
        return Err((
            "popularity",
            format!("popularity {p} must be between 0 and 1"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<ParsedArticle, BuildError> {
        parse_article(Path::new("content/a.md"), source)
    }

    fn error_line(source: &str) -> (usize, String) {
        match parse(source) {
            Err(BuildError::Article { line, message, .. }) => (line, message),
            other => panic!("expected an article error, got {other:?}"),
        }
    }

    const GOOD: &str = "+++\nid = \"a\"\ntitle = \"标题\"\ncategory = \"其他\"\ntags = [\"x\"]\nlocale = \"zh-CN\"\n+++\n正文 **加粗**\n";

    #[test]
    fn a_good_article_parses_into_text_and_html() {
        let article = parse(GOOD).unwrap();
        assert_eq!(article.search.id, "a");
        assert_eq!(article.search.body, "正文 加粗");
        assert!(article.html.contains("<strong>加粗</strong>"));
        assert_eq!(article.id_line, 2);
    }

    #[test]
    fn a_toml_syntax_error_names_its_line() {
        let (line, message) = error_line(&GOOD.replace("title = \"标题\"", "title = 标题"));
        assert_eq!(line, 3);
        assert!(message.starts_with("front matter"), "{message}");
    }

    #[test]
    fn a_missing_field_is_reported() {
        let (_, message) = error_line(&GOOD.replace("title = \"标题\"\n", ""));
        assert!(message.contains("title"), "{message}");
    }

    #[test]
    fn an_unknown_locale_names_the_locale_line() {
        let (line, message) = error_line(&GOOD.replace("zh-CN", "fr"));
        assert_eq!(line, 6);
        assert!(message.contains("\"fr\""));
    }

    #[test]
    fn an_id_that_could_escape_the_output_folder_is_refused() {
        let (line, _) = error_line(&GOOD.replace("id = \"a\"", "id = \"../../etc\""));
        assert_eq!(line, 2);
    }

    #[test]
    fn missing_fences_are_reported_on_line_one() {
        assert_eq!(error_line("# no front matter").0, 1);
        assert_eq!(error_line("+++\nid = \"a\"\n").0, 1);
        let (line, message) = error_line("---\ntitle: 退款\n---\n正文\n");
        assert_eq!(line, 1);
        assert!(
            message.contains("YAML") && message.contains("+++"),
            "{message}"
        );
    }

    #[test]
    fn an_article_without_an_id_is_named_after_its_file() {
        let source = GOOD.replace("id = \"a\"\n", "");
        let article = parse_article(Path::new("content/Refund-Delay.md"), &source).unwrap();
        assert_eq!(article.search.id, "refund-delay");
        let err = parse_article(Path::new("content/退款.md"), &source).unwrap_err();
        assert!(err.to_string().contains("add one"), "{err}");
    }

    #[test]
    fn category_is_optional() {
        let article = parse(&GOOD.replace("category = \"其他\"\n", "")).unwrap();
        assert_eq!(article.search.category, "");
    }

    #[test]
    fn a_missing_locale_is_read_from_the_text() {
        let without = |title: &str, body: &str| {
            let source = format!("+++\nid = \"a\"\ntitle = \"{title}\"\n+++\n{body}\n");
            parse(&source).unwrap().search.locale
        };
        assert_eq!(
            without("退款一直没到账", "商家同意退款后，钱会原路退回。"),
            "zh-CN"
        );
        assert_eq!(
            without("退款一直沒到帳", "商家同意退款後，錢會原路退回。"),
            "zh-TW"
        );
        assert_eq!(
            without("My refund has not arrived", "Refunds take 1 to 3 days."),
            "en"
        );
        // An English article quoting a Chinese word is still English.
        assert_eq!(
            without(
                "Talk to a person",
                "Type 转人工 in the chat and wait for an agent to reply."
            ),
            "en"
        );
    }

    #[test]
    fn other_tools_front_matter_builds_as_it_is() {
        let source = GOOD.replace(
            "tags = [\"x\"]\n",
            "tags = [\"x\"]\nkeywords = [\"退钱\"]\ndescription = \"退款多久到账\"\n\
             date = 2024-05-01\nauthor = \"support\"\nweight = 3\naliases = [\"/old\"]\n",
        );
        let article = parse(&source).unwrap();
        assert_eq!(article.search.tags, ["x", "退钱"]);
        assert!(
            article.search.body.starts_with("退款多久到账\n正文"),
            "{}",
            article.search.body
        );
        assert!(!article.draft);
        assert!(
            parse(&GOOD.replace("tags", "draft = true\ntags"))
                .unwrap()
                .draft
        );
    }

    #[test]
    fn an_unknown_key_is_still_an_error_on_its_line() {
        let (line, message) = error_line(&GOOD.replace("tags = ", "tag = "));
        assert_eq!(line, 5);
        assert!(message.contains("tag"), "{message}");
    }

    #[test]
    fn a_blank_line_after_the_fence_counts_in_error_lines() {
        let (line, _) = error_line("+++\n\nid = \"x\"\ntitle = 3\n+++\nbody\n");
        assert_eq!(line, 4);
        let (line, _) = error_line("+++\r\n\r\nid = \"x\"\r\ntitle = 3\r\n+++\r\nbody\r\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn crlf_files_parse() {
        assert!(parse(&GOOD.replace('\n', "\r\n")).is_ok());
    }
}
