//! Highlights from the search engine are byte ranges; here they become text runs, each marked
//! or not. Leptos escapes every run, so article text can never become markup.

use leptos::prelude::*;

/// Splits `text` at the given ranges into `(run, highlighted)` pairs. Ranges that fall outside
/// the text or off a character boundary are ignored rather than trusted.
pub fn runs(text: &str, ranges: &[(usize, usize)]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(start, end) in ranges {
        let valid = at <= start
            && start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !valid {
            continue;
        }
        if at < start {
            out.push((text[at..start].to_string(), false));
        }
        out.push((text[start..end].to_string(), true));
        at = end;
    }
    if at < text.len() {
        out.push((text[at..].to_string(), false));
    }
    out
}

/// Text with its matches in `<mark>`.
#[component]
pub fn Highlighted(text: String, ranges: Vec<(usize, usize)>) -> impl IntoView {
    runs(&text, &ranges)
        .into_iter()
        .map(|(run, marked)| {
            if marked {
                view! { <mark>{run}</mark> }.into_any()
            } else {
                run.into_any()
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn ranges_split_text_into_marked_runs() {
        assert_eq!(
            runs("申请退款到账", &[(6, 12)]),
            [
                ("申请".to_string(), false),
                ("退款".to_string(), true),
                ("到账".to_string(), false)
            ]
        );
    }

    #[test]
    fn bad_ranges_are_ignored() {
        assert_eq!(
            runs("退款", &[(1, 2), (0, 99)]),
            [("退款".to_string(), false)]
        );
    }
}
