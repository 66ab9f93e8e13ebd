//! Synonym groups: Helpdock's built-in support vocabulary plus the site's `synonyms.toml`.
//!
//! ```toml
//! defaults = true          # optional: false drops the built-in groups
//! dictionary = true        # optional: false drops the English–Chinese dictionary
//!
//! [[group]]
//! intent = "human"         # optional: what a query with one of these phrases wants
//! phrases = ["转人工", "人工客服", "talk to a human"]
//! pin = ["contact-human-agent"]   # optional: articles shown first for these queries
//!
//! [[group]]
//! one_way = true           # optional: only the first phrase brings in the others
//! phrases = ["wallet", "钱包", "皮夹"]
//! ```
//!
//! A site group with the same `intent` as a built-in one extends it: its phrases and pins are
//! added to the built-in group.

use std::path::Path;

use helpdock_search::SynonymGroup;
use serde::Deserialize;

use crate::BuildError;

/// The file, in the content folder, where a site adds its own groups.
pub const SYNONYMS_FILE: &str = "synonyms.toml";
const DEFAULTS: &str = include_str!("default_synonyms.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    #[serde(default = "yes")]
    defaults: bool,
    #[serde(default = "yes")]
    dictionary: bool,
    #[serde(default)]
    group: Vec<toml::Spanned<GroupEntry>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupEntry {
    #[serde(default)]
    phrases: Vec<String>,
    intent: Option<String>,
    #[serde(default)]
    pin: Vec<String>,
    #[serde(default)]
    one_way: bool,
}

fn parse(path: &Path, text: &str) -> Result<SynonymsFile, BuildError> {
    let line_at = |at: usize| {
        1 + (text.as_bytes().iter().take(at))
            .filter(|&&b| b == b'\n')
            .count()
    };
    let file: SynonymsFile = toml::from_str(text).map_err(|e| BuildError::Article {
        path: path.to_path_buf(),
        line: e.span().map_or(1, |s| line_at(s.start)),
        message: format!("synonyms: {}", e.message()),
    })?;
    for group in &file.group {
        if let Some(problem) = group.get_ref().problem() {
            return Err(BuildError::Article {
                path: path.to_path_buf(),
                line: line_at(group.span().start),
                message: format!("synonyms: {problem}"),
            });
        }
    }
    Ok(file)
}

impl GroupEntry {
    /// A group that would silently do nothing, which its author would never notice.
    fn problem(&self) -> Option<&'static str> {
        if self.phrases.iter().any(|p| p.trim().is_empty()) {
            return Some("a phrase is empty");
        }
        // With an intent, one phrase marks the queries that say it, and pins alone add to a
        // built-in group of that intent. Without one, a group of one finds nothing more than
        // its phrase does.
        match &self.intent {
            None if self.phrases.len() < 2 => {
                Some("a group needs at least two phrases, or an intent")
            }
            Some(_) if self.phrases.is_empty() && self.pin.is_empty() => {
                Some("a group with an intent needs phrases or pins")
            }
            _ => None,
        }
    }
}

/// The groups for a content folder: the defaults and the dictionary's (unless the site turns
/// them off) and the site's own.
pub fn load(content_dir: &Path) -> Result<Vec<SynonymGroup>, BuildError> {
    let path = content_dir.join(SYNONYMS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(BuildError::Io { path, error }),
    };
    let site = match text.is_empty() {
        true => None,
        false => Some(parse(&path, &text)?),
    };
    let dictionary = site.as_ref().is_none_or(|s| s.dictionary);
    let mut groups: Vec<GroupEntry> = Vec::new();
    if site.as_ref().is_none_or(|s| s.defaults) {
        let defaults = parse(Path::new("default_synonyms.toml"), DEFAULTS)?;
        groups.extend(defaults.group.into_iter().map(toml::Spanned::into_inner));
    }
    for group in site.into_iter().flat_map(|s| s.group) {
        let start = group.span().start;
        let group = group.into_inner();
        // Pins alone only extend a built-in group; with none of that intent they do nothing.
        let extends = |g: &GroupEntry| g.intent.is_some() && g.intent == group.intent;
        if group.phrases.is_empty() && !groups.iter().any(extends) {
            let intent = group.intent.as_deref().unwrap_or_default();
            return Err(BuildError::Article {
                line: 1
                    + (text.as_bytes().iter().take(start))
                        .filter(|&&b| b == b'\n')
                        .count(),
                path,
                message: format!(
                    "synonyms: no built-in group has the intent {intent:?}; give this group phrases"
                ),
            });
        }
        let same_intent = group.intent.as_ref().and_then(|intent| {
            groups
                .iter_mut()
                .find(|g| g.intent.as_ref() == Some(intent))
        });
        match same_intent {
            Some(existing) => {
                existing.phrases.extend(group.phrases);
                existing.pin.extend(group.pin);
            }
            None => groups.push(group),
        }
    }
    let mut groups: Vec<SynonymGroup> = groups
        .into_iter()
        .map(|g| SynonymGroup {
            phrases: g.phrases,
            intent: g.intent,
            pinned: g.pin,
            one_way: g.one_way,
        })
        .collect();
    if dictionary {
        let words = crate::dictionary::groups(&groups);
        groups.extend(words);
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_parse_and_mark_the_human_intent() {
        let tmp = std::env::temp_dir().join("helpdock-no-synonyms-here");
        let groups = load(&tmp).unwrap();
        let human = groups
            .iter()
            .find(|g| g.intent.as_deref() == Some("human"))
            .unwrap();
        assert!(human.phrases.contains(&"转人工".to_string()));
        // A built-in group is a set of wordings: at least two.
        for group in &groups {
            assert!(group.phrases.len() >= 2, "{group:?}");
        }
    }

    #[test]
    fn a_site_file_adds_groups_or_replaces_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SYNONYMS_FILE),
            "[[group]]\nphrases = [\"花呗\", \"安付信用\"]\n",
        )
        .unwrap();
        let groups = load(dir.path()).unwrap();
        assert!(groups.len() > 10);
        let site = groups.iter().rfind(|g| !g.one_way).unwrap();
        assert_eq!(site.phrases, ["花呗", "安付信用"]);

        // Without the defaults, the dictionary's one-way groups remain, unless turned off too.
        std::fs::write(dir.path().join(SYNONYMS_FILE), "defaults = false\n").unwrap();
        let groups = load(dir.path()).unwrap();
        assert!(!groups.is_empty() && groups.iter().all(|g| g.one_way));
        let off = "defaults = false\ndictionary = false\n";
        std::fs::write(dir.path().join(SYNONYMS_FILE), off).unwrap();
        assert!(load(dir.path()).unwrap().is_empty());
    }

    #[test]
    fn a_site_group_with_a_built_in_intent_extends_it() {
        let dir = tempfile::tempdir().unwrap();
        let site = "[[group]]\nintent = \"human\"\nphrases = [\"找小安\"]\npin = [\"contact\"]\n";
        std::fs::write(dir.path().join(SYNONYMS_FILE), site).unwrap();
        let groups = load(dir.path()).unwrap();
        let human: Vec<_> = groups
            .iter()
            .filter(|g| g.intent.as_deref() == Some("human"))
            .collect();
        assert_eq!(human.len(), 1);
        assert!(human[0].phrases.contains(&"找小安".to_string()));
        assert!(human[0].phrases.contains(&"转人工".to_string()));
        assert_eq!(human[0].pinned, ["contact"]);
    }

    #[test]
    fn a_malformed_file_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SYNONYMS_FILE),
            "[[group]]\nphrases = [\"a\", \n",
        )
        .unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("synonyms.toml:"), "{err}");
    }

    #[test]
    fn a_group_that_would_do_nothing_is_refused_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SYNONYMS_FILE);
        let good = "[[group]]\nphrases = [\"花呗\", \"安付信用\"]\n\n";
        for (bad, problem) in [
            ("[[group]]\nphrases = [\"花呗\"]\n", "at least two phrases"),
            ("[[group]]\nphrases = []\n", "at least two phrases"),
            (
                "[[group]]\nphrases = [\"花呗\", \" \"]\n",
                "a phrase is empty",
            ),
            ("[[group]]\nintent = \"refund\"\n", "needs phrases or pins"),
        ] {
            std::fs::write(&path, format!("{good}{bad}")).unwrap();
            let err = load(dir.path()).unwrap_err().to_string();
            assert!(err.contains("synonyms.toml:4: synonyms: "), "{err}");
            assert!(err.contains(problem), "{err}");
        }
        // An intent's pins alone extend the built-in group.
        std::fs::write(
            &path,
            "[[group]]\nintent = \"human\"\npin = [\"contact\"]\n",
        )
        .unwrap();
        assert!(load(dir.path()).is_ok());
        // With no built-in group of that intent (a misspelling), pins alone do nothing.
        let misspelt = format!("{good}[[group]]\nintent = \"humn\"\npin = [\"contact\"]\n");
        std::fs::write(&path, misspelt).unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        let expected = "synonyms.toml:4: synonyms: no built-in group has the intent \"humn\"";
        assert!(err.contains(expected), "{err}");
    }
}
