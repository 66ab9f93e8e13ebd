//! What the server says about the site (`GET /api/v1/widget-config`): the hotline, the hours
//! agents answer, and whether they are answering now.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::host::string_field;
use crate::i18n::Strings;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteInfo {
    pub hotline: String,
    pub open: String,
    pub close: String,
    pub utc_offset: String,
    /// ISO weekdays, 1 = Monday.
    pub days: Vec<u8>,
    pub open_now: bool,
}

impl SiteInfo {
    pub fn from_json(text: &str) -> Option<SiteInfo> {
        let root = js_sys::JSON::parse(text).ok()?;
        let contact = Reflect::get(&root, &"contact".into()).ok()?;
        let days = Reflect::get(&contact, &"days".into()).ok()?;
        let days = js_sys::Array::from(&days)
            .iter()
            .filter_map(|d| d.as_f64())
            .filter(|d| (1.0..=7.0).contains(d))
            .map(|d| d as u8)
            .collect();
        Some(SiteInfo {
            hotline: string_field(&contact, "hotline").unwrap_or_default(),
            open: string_field(&contact, "open")?,
            close: string_field(&contact, "close")?,
            utc_offset: string_field(&contact, "utc_offset")?,
            days,
            open_now: Reflect::get(&contact, &"open_now".into())
                .ok()
                .and_then(|v: JsValue| v.as_bool())
                .unwrap_or(false),
        })
    }

    /// `每天 08:00–22:00 (UTC+08:00)`, or `周一、周二… 09:00–18:00 (UTC+08:00)`.
    pub fn hours_text(&self, strings: &Strings) -> String {
        let days = if self.days.len() == 7 {
            strings.every_day.to_string()
        } else {
            let names: Vec<&str> = (self.days.iter())
                .filter_map(|d| strings.weekdays.get(usize::from(*d) - 1).copied())
                .collect();
            names.join(strings.list_separator)
        };
        format!(
            "{days} {}–{} (UTC{})",
            self.open, self.close, self.utc_offset
        )
    }
}
