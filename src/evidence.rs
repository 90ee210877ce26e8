//! Evidence files on the device: the Rust side of `public/evidence.js`, which loads only when first used and
//! does the work (scaling, hashing, IndexedDB, the chunked upload). The evaluation record lists the files in
//! `content.attachments`; their bytes stay in the device's file store until the server acknowledged an
//! evaluation naming them and no other unsent evaluation on the device names them.

use std::cell::Cell;

use js_sys::Array;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shopper_domain::attachment::{AttachmentRef, ContentType, CHUNK_BYTES, MAX_IMAGE_SIDE_PX};
use shopper_domain::device::deletable_files;
use shopper_domain::protocol::PROTOCOL_VERSION;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::platform;
use crate::state::Shared;

thread_local! {
    /// The share target opened the app with files waiting ("?shared=N"); cleared once a contact took them.
    static SHARED_WAITING: Cell<Option<bool>> = const { Cell::new(None) };
}

async fn call(name: &str, args: Array) -> Result<JsValue, String> {
    JsFuture::from(platform::evidence(name, &args))
        .await
        .map_err(|e| e.as_string().unwrap_or_default())
}

/// A file evidence.js kept, from its answer `[sha256, type, size]`.
fn reference(value: &JsValue, question_id: Option<String>) -> Option<AttachmentRef> {
    let triple = Array::from(value);
    Some(AttachmentRef {
        sha256: triple.get(0).as_string()?,
        content_type: ContentType::parse(&triple.get(1).as_string()?)?,
        size: triple.get(2).as_f64()? as u64,
        question_id,
    })
}

/// The picture chosen in a file `input`, scaled, stripped, hashed and stored on the device.
pub async fn add_image(
    input: JsValue,
    question_id: Option<String>,
) -> Result<AttachmentRef, String> {
    let kept = call(
        "addImage",
        Array::of2(&input, &JsValue::from(MAX_IMAGE_SIDE_PX)),
    )
    .await?;
    reference(&kept, question_id).ok_or_else(String::new)
}

/// Pasted text, stored on the device as a `text/plain` file.
pub async fn add_text(text: &str, question_id: Option<String>) -> Result<AttachmentRef, String> {
    let kept = call("addText", Array::of1(&JsValue::from_str(text))).await?;
    reference(&kept, question_id).ok_or_else(String::new)
}

/// Whether the share target left files for a contact to take (read once from the address the app opened at).
pub fn shared_waiting() -> bool {
    SHARED_WAITING.with(|waiting| {
        let now = waiting.get().unwrap_or_else(|| {
            let search = web_sys::window()
                .and_then(|w| w.location().search().ok())
                .unwrap_or_default();
            search.starts_with("?shared=") && !search.starts_with("?shared=0")
        });
        waiting.set(Some(now));
        now
    })
}

/// What the share target received, each stored like a picture chosen here, and the keys to drop once the
/// evaluation naming them is on the device (`drop_shared`).
pub async fn take_shared() -> Result<(Vec<AttachmentRef>, JsValue), String> {
    // Taken once: a form drawn again meanwhile (another language) does not take them a second time.
    SHARED_WAITING.set(Some(false));
    let answer = Array::from(&call("takeShared", Array::of1(&MAX_IMAGE_SIDE_PX.into())).await?);
    let files = Array::from(&answer.get(0))
        .iter()
        .filter_map(|file| reference(&file, None))
        .collect();
    Ok((files, answer.get(1)))
}

pub async fn drop_shared(keys: JsValue) {
    let _ = call("dropShared", Array::of1(&keys)).await;
}

/// How the form shows a file: a small picture (a `data:` URL) or the start of the text; and whether the
/// device still holds it (otherwise it was fetched from the server, or is `None` offline).
pub async fn preview(sha256: &str, token: Option<&str>) -> Option<(bool, String, bool)> {
    let token = token.map_or(JsValue::NULL, JsValue::from_str);
    let answer = Array::from(
        &call("preview", Array::of2(&JsValue::from_str(sha256), &token))
            .await
            .ok()?,
    );
    let kind = answer.get(0).as_string()?;
    Some((
        kind == "image",
        answer.get(1).as_string()?,
        answer.get(2).is_truthy(),
    ))
}

/// Uploads one file until the server holds it whole, calling `on_progress` with the percentage sent. Fails
/// with "unreachable", "signed_out" or the server's code.
pub async fn upload(
    token: &str,
    file: &AttachmentRef,
    on_progress: impl FnMut(u32) + 'static,
) -> Result<(), String> {
    let on_progress = Closure::<dyn FnMut(u32)>::new(on_progress);
    let args = Array::new();
    for arg in [
        JsValue::from_str(token),
        PROTOCOL_VERSION.into(),
        JsValue::from_str(&file.sha256),
        JsValue::from_str(file.content_type.as_str()),
        JsValue::from(file.size as f64),
        JsValue::from(CHUNK_BYTES as f64),
    ] {
        args.push(&arg);
    }
    args.push(on_progress.as_ref());
    call("upload", args).await.map(drop)
}

/// Deletes from the device those of `files` no evaluation on it still has to send (the rule is the domain's
/// `deletable_files`).
pub fn forget_unneeded(shared: Shared, files: &[AttachmentRef]) {
    let deletable = shared
        .evaluations
        .with_untracked(|all| deletable_files(all, files));
    spawn_local(forget(deletable));
}

/// Deletes files from the device (acknowledged by the server, or removed by the shopper before sending).
pub async fn forget(sha256s: Vec<String>) {
    if sha256s.is_empty() {
        return;
    }
    let list: Array = sha256s.iter().map(|s| JsValue::from_str(s)).collect();
    let _ = call("forget", Array::of1(&list)).await;
}
