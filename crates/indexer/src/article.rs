//! One article file: TOML front matter between `+++` lines, then Markdown.
//!
//! ```text
//! +++
//! id = "refund-not-received"
//! title = "退款一直没到账怎么办？"
//! category = "交易纠纷与退款"
//! tags = ["退款", "没到账"]
//! locale = "zh-CN"
//! contexts = ["/orders/*", "refund_pending"]   # optional: where to suggest it
//! popularity = 0.9                             # optional, 0..1
//! +++
//! Markdown body…
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::{markdown, BuildError};

/// The locales the widget has strings for.
pub const LOCALES: [&str; 3] = ["zh-CN", "zh-TW", "en"];
const FENCE: &str = "+++";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    category: String,
    #[serde(default)]
    tags: Vec<String>,
    locale: String,
    #[serde(default)]
    contexts: Vec<String>,
    popularity: Option<f32>,
}

/// An article ready to index and render.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedArticle {
    pub search: helpdock_search::Article,
    /// Sanitised HTML of the body.
    pub html: String,
    /// The 1-based line of `id = …`, for errors about the id.
    pub id_line: usize,
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

    Ok(ParsedArticle {
        html: markdown::to_safe_html(body),
        id_line: line_of_key("id"),
        search: helpdock_search::Article {
            body: markdown::to_plain_text(body),
            id: meta.id,
            title: meta.title.trim().to_string(),
            category: meta.category,
            locale: meta.locale,
            tags: meta.tags,
            contexts: meta.contexts,
            popularity: meta.popularity.unwrap_or(0.0),
        },
    })
}

/// Splits `+++\n<toml>\n+++\n<markdown>`; an error is a line number and a message.
fn split_front_matter(source: &str) -> Result<(&str, &str), (usize, String)> {
    let Some(rest) = source
        .strip_prefix(FENCE)
        .and_then(|r| r.strip_prefix(['\n', '\r']))
    else {
        return Err((
            1,
            "an article must start with a `+++` line opening its front matter".into(),
        ));
    };
    let rest = rest.strip_prefix('\n').unwrap_or(rest);
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

/// Checks the front matter's values; an error names the key to fix.
fn validate(meta: &FrontMatter) -> Result<(), (&'static str, String)> {
    let id_ok = !meta.id.is_empty()
        && meta.id.len() <= 100
        && meta
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !id_ok {
        // The id becomes a file name and a URL path: nothing but [a-z0-9-] may reach either.
        return Err((
            "id",
            format!(
                "id {:?} must be 1–100 characters of a-z, 0-9 and -",
                meta.id
            ),
        ));
    }
    if meta.title.trim().is_empty() {
        return Err(("title", "title must not be empty".into()));
    }
    if meta.category.trim().is_empty() {
        return Err(("category", "category must not be empty".into()));
    }
    if !LOCALES.contains(&meta.locale.as_str()) {
        return Err((
            "locale",
            format!(
                "locale {:?} is not one of {}",
                meta.locale,
                LOCALES.join(", ")
            ),
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
    }

    #[test]
    fn crlf_files_parse() {
        assert!(parse(&GOOD.replace('\n', "\r\n")).is_ok());
    }
}
