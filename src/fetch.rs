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
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(describe)?
        .unchecked_into();
    if response.ok() {
        Ok(response)
    } else {
        Err(format!("HTTP {} for {url}", response.status()))
    }
}

pub async fn bytes(url: &str) -> Result<Vec<u8>, String> {
    let response = get(url).await?;
    buffer(response.array_buffer().map_err(describe)?).await
}

/// The bytes of a promised `ArrayBuffer`, such as the loader's early fetch of the index.
pub async fn buffer(promise: js_sys::Promise) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(promise).await.map_err(describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

pub async fn text(url: &str) -> Result<String, String> {
    let response = get(url).await?;
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    text.as_string()
        .ok_or_else(|| "response is not text".into())
}
