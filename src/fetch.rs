//! The widget's requests: the index (bytes), article bodies and the site's config (text).

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// What went wrong, as a sentence for the console and the error state.
fn describe(err: JsValue) -> String {
    err.as_string()
        .or_else(|| {
            err.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "network error".into())
}

async fn get(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    answer(url, window.fetch_with_str(url)).await
}

/// The response a started request promised, if it succeeded.
async fn answer(url: &str, request: js_sys::Promise) -> Result<Response, String> {
    let response: Response = JsFuture::from(request)
        .await
        .map_err(describe)?
        .unchecked_into();
    if response.ok() {
        Ok(response)
    } else {
        Err(format!("HTTP {} for {url}", response.status()))
    }
}

/// Several files at once: every request is sent before the first answer is awaited.
pub async fn bytes_all(urls: &[String]) -> Vec<Result<Vec<u8>, String>> {
    let Some(window) = web_sys::window() else {
        return urls.iter().map(|_| Err("no window".into())).collect();
    };
    let pending: Vec<js_sys::Promise> = urls.iter().map(|u| window.fetch_with_str(u)).collect();
    let mut out = Vec::with_capacity(urls.len());
    for (url, request) in urls.iter().zip(pending) {
        let response = answer(url, request).await;
        out.push(
            match response.and_then(|r| r.array_buffer().map_err(describe)) {
                Ok(promise) => buffer(promise).await,
                Err(e) => Err(e),
            },
        );
    }
    out
}

/// The bytes of a promised `ArrayBuffer`, such as the loader's early fetch of the index.
pub async fn buffer(promise: js_sys::Promise) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(promise).await.map_err(describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

pub async fn text(url: &str) -> Result<String, String> {
    read_text(get(url).await?).await
}

/// Like [`text`], but when the network fails, the copy the browser cached on an earlier visit,
/// however old: the server asks browsers to revalidate, which cannot happen offline.
pub async fn text_or_cached(url: &str) -> Result<String, String> {
    read_text(or_cached(url).await?).await
}

/// [`bytes`], or the browser's cached copy when the network fails (see [`text_or_cached`]).
pub async fn bytes_or_cached(url: &str) -> Result<Vec<u8>, String> {
    let response = or_cached(url).await?;
    buffer(response.array_buffer().map_err(describe)?).await
}

async fn or_cached(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let request = match JsFuture::from(window.fetch_with_str(url)).await {
        Ok(response) => js_sys::Promise::resolve(&response),
        Err(_) => {
            let init = web_sys::RequestInit::new();
            init.set_cache(web_sys::RequestCache::ForceCache);
            window.fetch_with_str_and_init(url, &init)
        }
    };
    answer(url, request).await
}

async fn read_text(response: Response) -> Result<String, String> {
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    text.as_string()
        .ok_or_else(|| "response is not text".into())
}

/// An answer from the chat API: its status and its JSON body (`null` when there is none).
pub struct ApiReply {
    pub status: u16,
    pub body: JsValue,
}

impl ApiReply {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The server's `message` for a refused request, or a generic one.
    pub fn error_message(&self) -> String {
        crate::host::string_field(&self.body, "message")
            .unwrap_or_else(|| format!("HTTP {}", self.status))
    }
}

/// A chat API call with the visitor's bearer token. `body` is a `FormData`, a `Blob`, JSON
/// text ([`json_body`]) or nothing. A refusal is an `ApiReply` too; only a network failure is an `Err`.
pub async fn api(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<&JsValue>,
) -> Result<ApiReply, String> {
    let response = send(method, url, token, body).await?;
    let status = response.status();
    let body = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    };
    Ok(ApiReply { status, body })
}

/// `value` as a JSON request body: a string, which [`api`] sends as `application/json`.
pub fn json_body(value: &JsValue) -> Result<JsValue, String> {
    Ok(js_sys::JSON::stringify(value).map_err(describe)?.into())
}

/// A download that needs the token (a transcript, a screenshot): its bytes as a `Blob`.
pub async fn blob(url: &str, token: &str) -> Result<web_sys::Blob, String> {
    let response = send("GET", url, Some(token), None).await?;
    if !response.ok() {
        return Err(format!("HTTP {} for {url}", response.status()));
    }
    let blob = JsFuture::from(response.blob().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(blob.unchecked_into())
}

async fn send(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<&JsValue>,
) -> Result<Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(describe)?;
    if let Some(token) = token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(describe)?;
    }
    if body.is_some_and(JsValue::is_string) {
        headers
            .set("Content-Type", "application/json")
            .map_err(describe)?;
    }
    init.set_headers(&headers);
    if let Some(body) = body {
        init.set_body(body);
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(describe)?;
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(describe)?;
    Ok(response.unchecked_into())
}
