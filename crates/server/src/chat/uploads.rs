//! Screenshots: read from a multipart form with size limits, typed by their bytes (not by
//! what the browser claims), and written under `<data>/attachments`, which no route serves
//! directly.

use std::path::{Path, PathBuf};

use axum::extract::multipart::{Field, Multipart};
use axum::http::StatusCode;

use super::ApiError;
use crate::storage::random_hex;

/// At most this many screenshots per form.
pub const MAX_FILES: usize = 3;
/// The form's JSON part.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// A checked image in memory, not yet stored.
pub struct Upload {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The parts of a pre-chat or ticket form: the `form` JSON and up to three `screenshot` files.
pub struct FormParts {
    pub form: Vec<u8>,
    pub files: Vec<Upload>,
}

/// Reads the whole form even when a part is refused, so the client receives the error rather
/// than a connection closed under a request it is still sending.
pub async fn read_form(mut multipart: Multipart, max_file: usize) -> Result<FormParts, ApiError> {
    let mut form = None;
    let mut files = Vec::new();
    let mut refused: Option<ApiError> = None;
    while let Some(field) = multipart.next_field().await.map_err(bad_multipart)? {
        let part = match field.name() {
            Some("form") => read_limited(field, MAX_FORM_BYTES)
                .await
                .map(|b| form = Some(b)),
            Some("screenshot") if files.len() == MAX_FILES => read_limited(field, max_file)
                .await
                .and(Err(ApiError::bad_request(format!(
                    "at most {MAX_FILES} screenshots"
                )))),
            Some("screenshot") => read_limited(field, max_file)
                .await
                .and_then(|bytes| match bytes.is_empty() {
                    true => Ok(()),
                    false => checked_image(bytes).map(|image| files.push(image)),
                }),
            _ => read_limited(field, max_file)
                .await
                .and(Err(ApiError::bad_request(
                    "unexpected field; send `form` and `screenshot`",
                ))),
        };
        if let Err(e) = part {
            refused.get_or_insert(e);
        }
    }
    if let Some(e) = refused {
        return Err(e);
    }
    let form = form.ok_or_else(|| ApiError::bad_request("the `form` part is missing"))?;
    Ok(FormParts { form, files })
}

/// A single image sent as the whole request body (a picture in the chat).
pub fn checked_image(bytes: Vec<u8>) -> Result<Upload, ApiError> {
    let content_type = sniff(&bytes).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            "screenshots must be PNG or JPEG images",
        )
    })?;
    Ok(Upload {
        content_type,
        bytes,
    })
}

/// PNG and JPEG by their magic numbers.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Reads a part up to `max` bytes. Past the limit it reads on without keeping anything (the
/// whole body is capped by the route), so the client gets the 413 instead of a reset socket
/// while it is still sending.
async fn read_limited(mut field: Field<'_>, max: usize) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    let mut over = false;
    while let Some(chunk) = field.chunk().await.map_err(bad_multipart)? {
        if over || bytes.len() + chunk.len() > max {
            over = true;
            bytes = Vec::new();
            continue;
        }
        bytes.extend_from_slice(&chunk);
    }
    if over {
        return Err(too_large(max));
    }
    Ok(bytes)
}

pub fn too_large(max: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("each file may be at most {} MB", max / (1024 * 1024)),
    )
}

fn bad_multipart(e: axum::extract::multipart::MultipartError) -> ApiError {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(status, "too_large", e.body_text());
    }
    ApiError::bad_request(format!("malformed form: {}", e.body_text()))
}

/// Writes an upload under `dir` and returns its new id. Written to a temporary name first,
/// so a crash never leaves half a file under a real id.
pub async fn store(dir: &Path, upload: &Upload) -> Result<String, ApiError> {
    let id = random_hex(16);
    let io = |e: std::io::Error| {
        tracing::error!("storing an attachment in {}: {e}", dir.display());
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "could not store the file",
        )
    };
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let partial = dir.join(format!("{id}.partial"));
    tokio::fs::write(&partial, &upload.bytes)
        .await
        .map_err(io)?;
    tokio::fs::rename(&partial, path(dir, &id))
        .await
        .map_err(io)?;
    Ok(id)
}

pub fn path(dir: &Path, id: &str) -> PathBuf {
    dir.join(id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn images_are_typed_by_their_bytes() {
        assert_eq!(super::sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(super::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(super::sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(super::sniff(b"GIF89a"), None);
    }
}
