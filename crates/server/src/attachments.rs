//! Evidence files: where their bytes live (a folder beside the database, or S3-compatible object storage through
//! the `object_store` crate) and the upload that puts them there in resumable, idempotent chunks
//! (`shopper_domain::attachment` describes the steps). Who may read a file is decided here too.
//!
//! The object store holds, under its prefix:
//! - `files/<sha256>`: a file whole, its hash checked when it was assembled; one copy for every shopper who
//!   uploaded the same bytes. Serving reads it as it is.
//! - `partial/<shopper>/<sha256>/<offset>`: the chunks of an upload on the way, each written whole (a put is
//!   atomic on disk and in S3) before the database moves the upload's `received` on, so a crash between the
//!   two costs a chunk sent again (the same key, overwritten), never a gap or a double. They are removed once
//!   the file is whole.
//!
//! The database (`store/attachments.rs`) records each shopper's upload and how far it is, so an upload goes on
//! after a restart and on another instance that shares the database and the object store.

use std::path::Path as FsPath;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::TryStreamExt;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::{Path, PathPart};
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, PutPayload};
use sha2::{Digest, Sha256};
use shopper_domain::attachment::{
    check_start, is_sha256, AttachmentProgress, AttachmentRef, AttachmentStart, ContentType,
    CHUNK_BYTES, MAX_ATTACHMENTS_PER_EVALUATION, MAX_EVALUATION_ATTACHMENT_BYTES,
};
use shopper_domain::EvaluationContent;

use crate::error::{AttachmentProblem, Error, Reason, Result};
use crate::secrets;
use crate::store::{ShopperIdentity, Store, Upload};

/// How many uploads one shopper may have unfinished at once. The phone uploads one file at a time, so more than
/// one is an upload a cut connection or a lost phone left behind; two evaluations' worth is room to spare. A new
/// upload beyond it (or beyond [`UNFINISHED_BYTES_PER_SHOPPER`]) makes room by forgetting the shopper's longest
/// started unfinished ones, chunks and all: nobody can fill the store with uploads that never end, and nothing
/// is refused (a forgotten upload the phone comes back to starts again from 0).
pub const UNFINISHED_UPLOADS_PER_SHOPPER: usize = 2 * MAX_ATTACHMENTS_PER_EVALUATION;
/// The bytes one shopper's unfinished uploads may announce together.
pub const UNFINISHED_BYTES_PER_SHOPPER: u64 = 2 * MAX_EVALUATION_ATTACHMENT_BYTES;
/// An upload still unfinished this long after it started is abandoned: [`sweep_abandoned`] removes it.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(14 * 24 * 3600);
/// How often the server looks for abandoned uploads and chunks left behind.
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Where the files are kept. Cloning is cheap; every clone shares the same store.
#[derive(Clone)]
pub struct Blobs {
    objects: Arc<dyn ObjectStore>,
    /// Where, in words for the log (a folder, or `s3://bucket/prefix`).
    pub location: Arc<str>,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Blobs({})", self.location)
    }
}

fn storage_error(error: object_store::Error) -> Error {
    Error::Internal(format!("attachment storage: {error}"))
}

impl Blobs {
    /// `location` is a folder (created when missing) or `s3://bucket/prefix`. For S3 the usual AWS settings
    /// are read from `env` (the process environment in `main`): `AWS_ENDPOINT` (for an S3-compatible service),
    /// `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP`, ...
    pub fn open(
        location: &str,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> std::result::Result<Self, String> {
        if let Some(rest) = location.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(format!(
                    "{location}: name the bucket, as s3://bucket/prefix"
                ));
            }
            let mut builder = AmazonS3Builder::new().with_bucket_name(bucket);
            for (key, value) in env {
                if let Some(key) = key.strip_prefix("AWS_") {
                    if let Ok(key) = key.to_ascii_lowercase().parse::<AmazonS3ConfigKey>() {
                        builder = builder.with_config(key, value);
                    }
                }
            }
            let s3 = builder.build().map_err(|e| format!("{location}: {e}"))?;
            let objects: Arc<dyn ObjectStore> = match prefix.trim_matches('/') {
                "" => Arc::new(s3),
                prefix => Arc::new(PrefixStore::new(s3, prefix)),
            };
            return Ok(Self {
                objects,
                location: location.into(),
            });
        }
        let folder = FsPath::new(location);
        std::fs::create_dir_all(folder).map_err(|e| format!("{location}: {e}"))?;
        let local =
            LocalFileSystem::new_with_prefix(folder).map_err(|e| format!("{location}: {e}"))?;
        Ok(Self {
            objects: Arc::new(local),
            location: location.into(),
        })
    }

    /// Kept in this process's memory only: for tests and benchmarks that attach nothing.
    pub fn in_memory() -> Self {
        Self {
            objects: Arc::new(InMemory::new()),
            location: "memory".into(),
        }
    }

    fn file_key(sha256: &str) -> Path {
        Path::from_iter(["files", sha256])
    }

    fn partial_prefix(shopper_id: &str, sha256: &str) -> Path {
        Path::from_iter([
            PathPart::from("partial"),
            PathPart::from(shopper_id),
            PathPart::from(sha256),
        ])
    }

    fn chunk_key(shopper_id: &str, sha256: &str, offset: u64) -> Path {
        Self::partial_prefix(shopper_id, sha256).child(format!("{offset:010}"))
    }

    async fn get(&self, key: &Path) -> Result<Option<Bytes>> {
        match self.objects.get(key).await {
            Ok(found) => Ok(Some(found.bytes().await.map_err(storage_error)?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(storage_error(error)),
        }
    }

    async fn put(&self, key: &Path, bytes: Bytes) -> Result<()> {
        self.objects
            .put(key, PutPayload::from_bytes(bytes))
            .await
            .map_err(storage_error)?;
        Ok(())
    }

    /// The bytes of a file held whole.
    pub async fn file(&self, sha256: &str) -> Result<Option<Bytes>> {
        self.get(&Self::file_key(sha256)).await
    }

    /// Removes an upload's chunks (once its file is whole, or thrown away). A chunk that cannot be removed is
    /// only logged: it is never read again, and the next cleanup of the same upload tries again.
    async fn remove_partial(&self, shopper_id: &str, sha256: &str) {
        let prefix = Self::partial_prefix(shopper_id, sha256);
        let listed: Vec<_> = match self.objects.list(Some(&prefix)).try_collect().await {
            Ok(listed) => listed,
            Err(error) => {
                tracing::warn!(%error, sha256, "could not list an upload's chunks to remove them");
                return;
            }
        };
        for meta in listed {
            if let Err(error) = self.objects.delete(&meta.location).await {
                tracing::warn!(%error, key = %meta.location, "could not remove an upload's chunk");
            }
        }
    }

    /// Every key in the store, in order (tests look for chunks left behind).
    pub async fn keys(&self) -> Result<Vec<String>> {
        let listed: Vec<_> = self
            .objects
            .list(None)
            .try_collect()
            .await
            .map_err(storage_error)?;
        let mut keys: Vec<String> = listed.into_iter().map(|m| m.location.to_string()).collect();
        keys.sort();
        Ok(keys)
    }

    /// Every file held whole, by key, with its size (for the fault test and for checking a restore).
    pub async fn files(&self) -> Result<Vec<(String, u64)>> {
        let listed: Vec<_> = self
            .objects
            .list(Some(&Path::from("files")))
            .try_collect()
            .await
            .map_err(storage_error)?;
        Ok(listed
            .into_iter()
            .filter_map(|meta| {
                let name = meta.location.filename()?.to_owned();
                Some((name, meta.size))
            })
            .collect())
    }
}

/// The SHA-256 of `bytes` as the protocol writes it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn progress(upload: &Upload) -> AttachmentProgress {
    AttachmentProgress {
        sha256: upload.sha256.clone(),
        size: upload.size,
        received: if upload.complete {
            upload.size
        } else {
            upload.received
        },
        complete: upload.complete,
    }
}

fn not_started(sha256: &str) -> Error {
    Error::NotFound(Reason::NoAttachment(sha256.to_owned()))
}

fn hash_checked(sha256: &str) -> Result<()> {
    if is_sha256(sha256) {
        Ok(())
    } else {
        Err(Error::Attachment(AttachmentProblem::Refused(
            shopper_domain::attachment::AttachmentRefusal::BadHash,
        )))
    }
}

/// `POST /api/v1/attachments`: begins this shopper's upload of a file, or tells how far it is.
pub async fn start(
    store: &Store,
    blobs: &Blobs,
    shopper: &ShopperIdentity,
    start: &AttachmentStart,
) -> Result<AttachmentProgress> {
    check_start(start).map_err(|r| Error::Attachment(AttachmentProblem::Refused(r)))?;
    let upload = match store.upload(&shopper.id, &start.sha256).await? {
        Some(held)
            if held.complete
                || (held.size == start.size && held.content_type == start.content_type) =>
        {
            held
        }
        held => {
            // Another size or type for the same bytes: the earlier start was wrong (a file's hash has one
            // size), so the unfinished upload begins again as now described.
            if held.is_some() {
                store.forget_upload(&shopper.id, &start.sha256).await?;
                blobs.remove_partial(&shopper.id, &start.sha256).await;
            }
            make_room(store, blobs, &shopper.id, start.size).await?;
            store
                .start_upload(
                    &shopper.id,
                    &start.sha256,
                    start.content_type,
                    start.size,
                    // To the microsecond: making room forgets the longest started first, even within a second.
                    &secrets::precise_now(),
                )
                .await?
        }
    };
    settle(store, blobs, &shopper.id, upload).await
}

/// Forgets `shopper_id`'s longest started unfinished uploads until one more of `size` bytes fits within
/// [`UNFINISHED_UPLOADS_PER_SHOPPER`] and [`UNFINISHED_BYTES_PER_SHOPPER`].
async fn make_room(store: &Store, blobs: &Blobs, shopper_id: &str, size: u64) -> Result<()> {
    let unfinished = store.unfinished_uploads(shopper_id).await?;
    let mut count = unfinished.len();
    let mut bytes: u64 = unfinished.iter().map(|(_, size)| size).sum();
    for (sha256, held) in unfinished {
        if count < UNFINISHED_UPLOADS_PER_SHOPPER && bytes + size <= UNFINISHED_BYTES_PER_SHOPPER {
            break;
        }
        tracing::info!(
            shopper_id,
            sha256,
            "an unfinished upload is forgotten to make room"
        );
        store.forget_upload(shopper_id, &sha256).await?;
        blobs.remove_partial(shopper_id, &sha256).await;
        count -= 1;
        bytes -= held;
    }
    Ok(())
}

/// Removes every upload still unfinished [`ABANDONED_AFTER`] its start, with its chunks, and any chunks whose
/// upload is no longer unfinished (a crash between forgetting an upload and removing its chunks); how many
/// uploads and chunks went. `now` is the time to measure from (tests pass a later one).
pub async fn sweep_abandoned(
    store: &Store,
    blobs: &Blobs,
    now: time::OffsetDateTime,
) -> Result<(usize, usize)> {
    let before = secrets::timestamp(now - ABANDONED_AFTER);
    let abandoned = store.uploads_started_before(&before).await?;
    for (shopper_id, sha256) in &abandoned {
        store.forget_upload(shopper_id, sha256).await?;
        blobs.remove_partial(shopper_id, sha256).await;
    }
    let listed: Vec<_> = blobs
        .objects
        .list(Some(&Path::from("partial")))
        .try_collect()
        .await
        .map_err(storage_error)?;
    let mut chunks = 0;
    let mut kept: Option<(String, String, bool)> = None;
    for meta in listed {
        let parts: Vec<String> = meta
            .location
            .parts()
            .map(|p| p.as_ref().to_owned())
            .collect();
        let [_, shopper_id, sha256, _] = parts.as_slice() else {
            continue;
        };
        let unfinished = match &kept {
            Some((s, h, unfinished)) if s == shopper_id && h == sha256 => *unfinished,
            _ => {
                let unfinished = store
                    .upload(shopper_id, sha256)
                    .await?
                    .is_some_and(|upload| !upload.complete);
                kept = Some((shopper_id.clone(), sha256.clone(), unfinished));
                unfinished
            }
        };
        if !unfinished {
            if let Err(error) = blobs.objects.delete(&meta.location).await {
                tracing::warn!(%error, key = %meta.location, "could not remove a chunk left behind");
            } else {
                chunks += 1;
            }
        }
    }
    if !abandoned.is_empty() || chunks > 0 {
        tracing::info!(
            uploads = abandoned.len(),
            chunks,
            "abandoned uploads and chunks left behind were removed"
        );
    }
    Ok((abandoned.len(), chunks))
}

/// Runs [`sweep_abandoned`] now and every [`SWEEP_EVERY`] while the server runs; a failed sweep is logged and
/// tried again at the next.
pub fn sweep_in_background(store: Store, blobs: Blobs) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(error) =
                sweep_abandoned(&store, &blobs, time::OffsetDateTime::now_utc()).await
            {
                tracing::warn!(%error, "the sweep of abandoned uploads failed");
            }
        }
    });
}

/// `GET /api/v1/attachments/{sha256}`: how far this shopper's upload of the file is.
pub async fn status(
    store: &Store,
    blobs: &Blobs,
    shopper: &ShopperIdentity,
    sha256: &str,
) -> Result<AttachmentProgress> {
    hash_checked(sha256)?;
    let upload = store
        .upload(&shopper.id, sha256)
        .await?
        .ok_or_else(|| not_started(sha256))?;
    settle(store, blobs, &shopper.id, upload).await
}

/// An upload whose every byte arrived but which a crash stopped before its file was assembled is finished now,
/// whichever request comes next.
async fn settle(
    store: &Store,
    blobs: &Blobs,
    shopper_id: &str,
    upload: Upload,
) -> Result<AttachmentProgress> {
    if !upload.complete && upload.received >= upload.size {
        return assemble(store, blobs, shopper_id, &upload).await;
    }
    Ok(progress(&upload))
}

/// `PUT /api/v1/attachments/{sha256}/chunks/{offset}`: keeps one chunk whose bytes match `chunk_sha256`, at the
/// offset the upload stands at; the last one makes the file whole.
pub async fn put_chunk(
    store: &Store,
    blobs: &Blobs,
    shopper: &ShopperIdentity,
    sha256: &str,
    offset: u64,
    chunk_sha256: Option<&str>,
    bytes: Bytes,
) -> Result<AttachmentProgress> {
    hash_checked(sha256)?;
    let upload = store
        .upload(&shopper.id, sha256)
        .await?
        .ok_or_else(|| not_started(sha256))?;
    if upload.complete {
        // A retry after a lost answer, or a chunk of a file already whole: nothing to keep.
        return Ok(progress(&upload));
    }
    if offset != upload.received {
        if upload.received >= upload.size {
            return settle(store, blobs, &shopper.id, upload).await;
        }
        return Err(Error::Attachment(AttachmentProblem::ChunkOffset {
            expected: upload.received,
        }));
    }
    let length = bytes.len() as u64;
    if length == 0 || length > CHUNK_BYTES || offset + length > upload.size {
        return Err(Error::Attachment(AttachmentProblem::ChunkOutOfBounds {
            size: upload.size,
        }));
    }
    let claimed = chunk_sha256.ok_or(Error::Attachment(AttachmentProblem::ChunkHashMissing))?;
    if sha256_hex(&bytes) != claimed.trim().to_ascii_lowercase() {
        return Err(Error::Attachment(AttachmentProblem::ChunkCorrupt));
    }
    blobs
        .put(&Blobs::chunk_key(&shopper.id, sha256, offset), bytes)
        .await?;
    let advanced = store
        .advance_upload(&shopper.id, sha256, offset, offset + length)
        .await?;
    let upload = store
        .upload(&shopper.id, sha256)
        .await?
        .ok_or_else(|| not_started(sha256))?;
    if !advanced && !upload.complete && upload.received < offset + length {
        // Another copy of this request moved the upload elsewhere meanwhile (a restart from 0).
        return Err(Error::Attachment(AttachmentProblem::ChunkOffset {
            expected: upload.received,
        }));
    }
    settle(store, blobs, &shopper.id, upload).await
}

/// Reads the upload's chunks in order, checks the whole file's hash, and keeps it under `files/`: complete.
/// A mismatch throws the chunks away and starts the upload again from 0 (`attachment_corrupt`).
async fn assemble(
    store: &Store,
    blobs: &Blobs,
    shopper_id: &str,
    upload: &Upload,
) -> Result<AttachmentProgress> {
    let mut whole = Vec::with_capacity(usize::try_from(upload.size).unwrap_or(0));
    let mut offset = 0u64;
    while offset < upload.size {
        let key = Blobs::chunk_key(shopper_id, &upload.sha256, offset);
        let Some(chunk) = blobs.get(&key).await? else {
            return finish_without_chunks(store, blobs, shopper_id, upload, offset).await;
        };
        if chunk.is_empty() {
            break;
        }
        offset += chunk.len() as u64;
        whole.extend_from_slice(&chunk);
    }
    if offset != upload.size || sha256_hex(&whole) != upload.sha256 {
        store.restart_upload(shopper_id, &upload.sha256).await?;
        blobs.remove_partial(shopper_id, &upload.sha256).await;
        return Err(Error::Attachment(AttachmentProblem::AttachmentCorrupt));
    }
    if !store.file_held(&upload.sha256).await? {
        blobs
            .put(&Blobs::file_key(&upload.sha256), Bytes::from(whole))
            .await?;
    }
    // The chunks go before the upload is marked complete: a crash in between leaves an upload with every
    // byte received and no chunks, which the next request finishes (`finish_without_chunks`); the other way
    // round, chunks of a complete upload would stay behind forever, a second copy of the file.
    blobs.remove_partial(shopper_id, &upload.sha256).await;
    store
        .complete_upload(shopper_id, &upload.sha256, upload.size, &secrets::now())
        .await?;
    Ok(AttachmentProgress {
        sha256: upload.sha256.clone(),
        size: upload.size,
        received: upload.size,
        complete: true,
    })
}

/// An upload with every byte received whose chunk at `offset` is gone. Chunks of an upload whose bytes are all
/// received are removed only after its file was assembled and checked (a mismatch first moves the upload back
/// to 0, another size or type forgets it first), so this is a crash between removing them and marking the
/// upload complete, or another request that finished it meanwhile: the file is whole in the store (its hash
/// checked again here) and the upload is complete. Anything else starts the upload again.
async fn finish_without_chunks(
    store: &Store,
    blobs: &Blobs,
    shopper_id: &str,
    upload: &Upload,
    offset: u64,
) -> Result<AttachmentProgress> {
    if let Some(now) = store
        .upload(shopper_id, &upload.sha256)
        .await?
        .filter(|u| u.complete)
    {
        return Ok(progress(&now));
    }
    let whole = blobs.file(&upload.sha256).await?;
    if whole.is_some_and(|bytes| sha256_hex(&bytes) == upload.sha256) {
        // A kill may have come halfway through removing the chunks: the rest go now.
        blobs.remove_partial(shopper_id, &upload.sha256).await;
        store
            .complete_upload(shopper_id, &upload.sha256, upload.size, &secrets::now())
            .await?;
        return Ok(AttachmentProgress {
            sha256: upload.sha256.clone(),
            size: upload.size,
            received: upload.size,
            complete: true,
        });
    }
    tracing::warn!(
        sha256 = upload.sha256,
        offset,
        "a chunk of an upload is missing: starting it again"
    );
    store.restart_upload(shopper_id, &upload.sha256).await?;
    blobs.remove_partial(shopper_id, &upload.sha256).await;
    Err(Error::Attachment(AttachmentProblem::AttachmentCorrupt))
}

/// A file the asker may read: its bytes and the type it was uploaded as.
#[derive(Debug, Clone)]
pub struct Served {
    pub sha256: String,
    pub content_type: ContentType,
    pub bytes: Bytes,
}

/// `GET /api/v1/attachments/{sha256}/content`: a file, only for the shopper who uploaded it whole.
pub async fn own_content(
    store: &Store,
    blobs: &Blobs,
    shopper: &ShopperIdentity,
    sha256: &str,
) -> Result<Served> {
    hash_checked(sha256)?;
    let upload = store
        .upload(&shopper.id, sha256)
        .await?
        .filter(|u| u.complete)
        .ok_or_else(|| not_started(sha256))?;
    served(blobs, sha256, upload.content_type).await
}

async fn served(blobs: &Blobs, sha256: &str, content_type: ContentType) -> Result<Served> {
    let bytes = blobs.file(sha256).await?.ok_or_else(|| {
        Error::Internal(format!(
            "attachment {sha256} is recorded whole but not in the object store"
        ))
    })?;
    Ok(Served {
        sha256: sha256.to_owned(),
        content_type,
        bytes,
    })
}

/// The files an evaluation names that `shopper` does not hold whole on the server (in the order named).
pub async fn missing(
    store: &Store,
    shopper_id: &str,
    attachments: &[AttachmentRef],
) -> Result<Vec<String>> {
    if attachments.is_empty() {
        return Ok(vec![]);
    }
    let hashes: Vec<&str> = attachments.iter().map(|a| a.sha256.as_str()).collect();
    store.uploads_missing(shopper_id, &hashes).await
}

/// A file of evaluation `evaluation_id` (the revision held), for organizers and, when allowed, participants:
/// only a file the evaluation names, served as the type its shopper uploaded it as.
pub async fn of_evaluation(
    store: &Store,
    blobs: &Blobs,
    evaluation_id: &str,
    sha256: &str,
) -> Result<Served> {
    hash_checked(sha256)?;
    let not_found = || Error::NotFound(Reason::NoAttachment(sha256.to_owned()));
    let held = store
        .held(evaluation_id)
        .await?
        .ok_or_else(|| Error::NotFound(Reason::NoEvaluation(evaluation_id.to_owned())))?;
    let content: EvaluationContent = serde_json::from_str(&held.canonical_content)?;
    if !content.attachments.iter().any(|a| a.sha256 == sha256) {
        return Err(not_found());
    }
    let upload = store
        .upload(&held.shopper_id, sha256)
        .await?
        .filter(|u| u.complete)
        .ok_or_else(not_found)?;
    served(blobs, sha256, upload.content_type).await
}

/// Stores `bytes` whole and records it as uploaded whole by each of `shoppers` (the demo's evidence, made on
/// the server, so there is nothing to upload).
pub async fn seed_file(
    store: &Store,
    blobs: &Blobs,
    shoppers: &[&str],
    content_type: ContentType,
    bytes: Vec<u8>,
) -> Result<()> {
    let sha256 = sha256_hex(&bytes);
    let size = bytes.len() as u64;
    blobs
        .put(&Blobs::file_key(&sha256), Bytes::from(bytes))
        .await?;
    let now = secrets::now();
    for shopper in shoppers {
        store
            .start_upload(shopper, &sha256, content_type, size, &now)
            .await?;
        store.complete_upload(shopper, &sha256, size, &now).await?;
    }
    Ok(())
}

/// The longest pasted text shown inline on a page, in characters (the whole file is behind its link).
pub const SHOWN_TEXT_CHARS: usize = 20_000;

/// One attached file as a page shows it: what the evaluation says of it, and, for pasted text, the text.
#[derive(Debug, Clone)]
pub struct Shown {
    pub reference: AttachmentRef,
    /// Pasted text (cut at [`SHOWN_TEXT_CHARS`]); none for a picture, or a file the store does not hold.
    pub text: Option<String>,
}

/// The files an evaluation names, in its order, with the text of pasted ones read from the store.
pub async fn shown(blobs: &Blobs, attachments: &[AttachmentRef]) -> Result<Vec<Shown>> {
    let mut shown = Vec::with_capacity(attachments.len());
    for reference in attachments {
        let text = if reference.content_type.is_image() {
            None
        } else {
            blobs.file(&reference.sha256).await?.map(|bytes| {
                String::from_utf8_lossy(&bytes)
                    .chars()
                    .take(SHOWN_TEXT_CHARS)
                    .collect()
            })
        };
        shown.push(Shown {
            reference: reference.clone(),
            text,
        });
    }
    Ok(shown)
}

/// Whether the participants of `participation`'s company see its attachments: the campaign allows it.
pub async fn shown_to_participants(store: &Store, campaign_id: &str) -> Result<bool> {
    store.attachments_to_participants(campaign_id).await
}

/// A file of an approved evaluation of the participation's own company, when the campaign shows attachments
/// to participants; anything else is not found (the same answer whether it exists or not).
pub async fn for_participant(
    store: &Store,
    blobs: &Blobs,
    participation: &crate::store::Participation,
    evaluation_id: &str,
    sha256: &str,
) -> Result<Served> {
    let not_found = || Error::NotFound(Reason::NoAttachment(sha256.to_owned()));
    if !shown_to_participants(store, &participation.campaign_id).await? {
        return Err(not_found());
    }
    let own = store
        .approved_contacts(&participation.company_id)
        .await?
        .into_iter()
        .any(|contact| contact.evaluation_id == evaluation_id);
    if !own {
        return Err(not_found());
    }
    of_evaluation(store, blobs, evaluation_id, sha256).await
}

/// Sets whether the participants' portal shows the campaign's attachments (recorded in the audit log).
pub async fn set_shown_to_participants(
    store: &Store,
    actor: &crate::store::OrganizerAccount,
    campaign_id: &str,
    shown: bool,
) -> Result<()> {
    let campaign = store
        .campaign(campaign_id)
        .await?
        .ok_or_else(|| Error::NotFound(Reason::NoCampaign(campaign_id.to_owned())))?;
    let mut tx = store.begin_write().await?;
    tx.set_attachments_to_participants(campaign_id, shown)
        .await?;
    tx.audit(
        actor,
        "set_participant_attachments",
        &campaign.name,
        serde_json::json!({ "actor_role": actor.role.as_str(), "campaign": campaign.name, "shown": shown }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_keys_sort_by_offset_and_stay_under_their_upload() {
        let sha = "ab".repeat(32);
        let first = Blobs::chunk_key("s1", &sha, 0);
        let later = Blobs::chunk_key("s1", &sha, 262_144);
        assert!(first.as_ref() < later.as_ref());
        assert!(later
            .as_ref()
            .starts_with(Blobs::partial_prefix("s1", &sha).as_ref()));
        assert_eq!(Blobs::file_key(&sha).as_ref(), format!("files/{sha}"));
    }

    #[test]
    fn the_hash_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"test"),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        );
    }
}
