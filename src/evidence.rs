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

const OPEN_CONTACT_KEY: &str = "shopper.open-contact";

/// Remembers, for this tab, the contact on screen (`None`: none). A share arriving in this tab is a page load
/// of its own, so it is told here which contact was open when the service worker could not see it.
pub fn remember_open_contact(path: Option<&str>) {
    use crate::store::Setting;
    match path {
        Some(path) => Setting::Tab.set(OPEN_CONTACT_KEY, &path),
        None => Setting::Tab.remove(OPEN_CONTACT_KEY),
    }
}

/// The contact this tab had on screen when it was left for a share.
pub fn open_contact() -> Option<String> {
    crate::store::Setting::Tab.get(OPEN_CONTACT_KEY)
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

/// Fills in each drawn item of `list` (its picture or text, and `on_server` where the phone let go of it).
pub fn fill_previews(list: JsValue, token: Option<String>, picture: &str, on_server: &str) {
    let args = Array::of3(
        &list,
        &token.map_or(JsValue::NULL, |t| JsValue::from_str(&t)),
        &Array::of2(&picture.into(), &on_server.into()),
    );
    spawn_local(async move {
        let _ = call("fillPreviews", args).await;
    });
}

/// Uploads `files` one by one, each until the server holds it whole (skipping those it said it holds, unless
/// `again`), calling `on_progress` with a file's SHA-256 and the percentage sent (100: whole). Fails with
/// "unreachable", "signed_out" or the server's code.
pub async fn upload_all(
    token: &str,
    files: &[AttachmentRef],
    again: bool,
    on_progress: impl FnMut(String, u32) + 'static,
) -> Result<(), String> {
    let on_progress = Closure::<dyn FnMut(String, u32)>::new(on_progress);
    let list: Array = files
        .iter()
        .map(|f| {
            Array::of3(
                &f.sha256.as_str().into(),
                // As the protocol writes it ("text/plain", without the charset it is served with).
                &f.content_type
                    .as_str()
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .into(),
                &(f.size as f64).into(),
            )
        })
        .collect();
    let args = Array::of5(
        &token.into(),
        &PROTOCOL_VERSION.into(),
        &list,
        &(CHUNK_BYTES as f64).into(),
        &again.into(),
    );
    args.push(on_progress.as_ref());
    call("uploadAll", args).await.map(drop)
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
