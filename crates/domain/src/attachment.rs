//! Evidence with an evaluation: what the phone and the server agree on about an attached file, its chunks and its
//! limits.
//!
//! A file is known by the SHA-256 of its bytes (64 lowercase hex digits), taken on the phone after the picture was
//! scaled down and stripped. The phone uploads it in chunks before it pushes the evaluation that names it:
//!
//! 1. `POST /api/v1/attachments` with an [`AttachmentStart`]: the server answers the [`AttachmentProgress`] of
//!    this shopper's upload of that file (new: `received` 0; resumed: what it already holds; done: `complete`).
//! 2. `PUT /api/v1/attachments/{sha256}/chunks/{offset}` with the bytes from `offset` (at most [`CHUNK_BYTES`])
//!    and their own SHA-256 in [`CHUNK_HASH_HEADER`]: answered with the new progress. A chunk whose bytes do not
//!    match its hash is refused (`chunk_corrupt`) and nothing of it is kept; a chunk at another offset than the
//!    one the server expects is refused (`chunk_offset`) and the phone asks `GET /api/v1/attachments/{sha256}`
//!    where to go on. When the last byte arrives the server checks the whole file's hash: a mismatch
//!    (`attachment_corrupt`) throws the upload away, and the phone starts it again.
//! 3. `PUT /api/v1/evaluations/{id}` whose content lists the files in [`EvaluationContent::attachments`]: the
//!    server stores the revision only when it holds every file whole, uploaded by this shopper; otherwise it
//!    answers 409 `attachments_missing` with the hashes it lacks, and the evaluation stays in the outbox.
//!
//! Every step is idempotent: a retried start or chunk stores nothing twice, so a cut connection or a killed
//! server costs at most the chunk in flight.
//!
//! [`EvaluationContent::attachments`]: crate::evaluation::EvaluationContent::attachments

use serde::{Deserialize, Serialize};

/// The most bytes one chunk may carry.
pub const CHUNK_BYTES: u64 = 256 * 1024;
/// The largest file: a picture scaled on the phone is about 200 KB, pasted text far less.
pub const MAX_ATTACHMENT_BYTES: u64 = 3 * 1024 * 1024;
/// The most files one evaluation may carry.
pub const MAX_ATTACHMENTS_PER_EVALUATION: usize = 12;
/// The most bytes all of one evaluation's files may add up to.
pub const MAX_EVALUATION_ATTACHMENT_BYTES: u64 = 12 * 1024 * 1024;
/// The longest side of a picture after the phone scaled it down.
pub const MAX_IMAGE_SIDE_PX: u32 = 1600;
/// The header a chunk's own SHA-256 travels in (64 lowercase hex digits).
pub const CHUNK_HASH_HEADER: &str = "x-chunk-sha256";

/// What may be attached: pictures the phone re-encoded (so no location or camera data survives), and text
/// pasted from a chat or an e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ContentType {
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/webp")]
    Webp,
    #[serde(rename = "text/plain")]
    Text,
}

impl ContentType {
    pub const ALL: [ContentType; 4] = [
        ContentType::Jpeg,
        ContentType::Png,
        ContentType::Webp,
        ContentType::Text,
    ];

    /// The media type, as sent in `Content-Type` when the file is served.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::Jpeg => "image/jpeg",
            ContentType::Png => "image/png",
            ContentType::Webp => "image/webp",
            ContentType::Text => "text/plain; charset=utf-8",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let bare = text.split(';').next().unwrap_or("").trim();
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().split(';').next() == Some(bare))
    }

    pub fn is_image(self) -> bool {
        !matches!(self, ContentType::Text)
    }
}

/// One file an evaluation carries, as listed in its content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentRef {
    pub sha256: String,
    pub content_type: ContentType,
    pub size: u64,
    /// The question it is evidence for; none: the evaluation as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<String>,
}

/// `POST /api/v1/attachments`: begin (or resume) uploading one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentStart {
    pub sha256: String,
    pub content_type: ContentType,
    pub size: u64,
}

/// How much of one file the server holds for this shopper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentProgress {
    pub sha256: String,
    pub size: u64,
    /// Bytes held from the start of the file: the offset of the next chunk to send.
    pub received: u64,
    /// Every byte held and the whole file's hash checked.
    pub complete: bool,
}

impl AttachmentProgress {
    /// The byte range of the next chunk to send; none when the server holds the whole file.
    pub fn next_chunk(&self) -> Option<std::ops::Range<u64>> {
        if self.complete || self.received >= self.size {
            return None;
        }
        Some(self.received..self.size.min(self.received + CHUNK_BYTES))
    }
}

/// Why a file or an evaluation's set of files is refused, as the stable `code` of the API's error body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentRefusal {
    /// Not 64 lowercase hex digits.
    BadHash,
    /// Larger than [`MAX_ATTACHMENT_BYTES`], or empty.
    TooLarge,
    Empty,
    /// More than [`MAX_ATTACHMENTS_PER_EVALUATION`] files, or more than [`MAX_EVALUATION_ATTACHMENT_BYTES`].
    TooMany,
    TooManyBytes,
    /// The same file listed twice for the same question.
    Duplicate,
}

impl AttachmentRefusal {
    pub fn code(self) -> &'static str {
        match self {
            AttachmentRefusal::BadHash => "attachment_bad_hash",
            AttachmentRefusal::TooLarge => "attachment_too_large",
            AttachmentRefusal::Empty => "attachment_empty",
            AttachmentRefusal::TooMany => "too_many_attachments",
            AttachmentRefusal::TooManyBytes => "attachments_too_large",
            AttachmentRefusal::Duplicate => "attachment_duplicate",
        }
    }
}

/// Whether `text` is a SHA-256 as this protocol writes it: 64 lowercase hex digits.
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The checks on one file before its upload begins.
pub fn check_start(start: &AttachmentStart) -> Result<(), AttachmentRefusal> {
    if !is_sha256(&start.sha256) {
        return Err(AttachmentRefusal::BadHash);
    }
    check_size(start.size)
}

fn check_size(size: u64) -> Result<(), AttachmentRefusal> {
    match size {
        0 => Err(AttachmentRefusal::Empty),
        s if s > MAX_ATTACHMENT_BYTES => Err(AttachmentRefusal::TooLarge),
        _ => Ok(()),
    }
}

/// The checks on the files an evaluation lists, before the server looks for them: the phone runs the same
/// before it lets the shopper add one more.
pub fn check_set(attachments: &[AttachmentRef]) -> Result<(), AttachmentRefusal> {
    if attachments.len() > MAX_ATTACHMENTS_PER_EVALUATION {
        return Err(AttachmentRefusal::TooMany);
    }
    let mut total = 0u64;
    let mut seen = std::collections::BTreeSet::new();
    for a in attachments {
        if !is_sha256(&a.sha256) {
            return Err(AttachmentRefusal::BadHash);
        }
        check_size(a.size)?;
        if !seen.insert((&a.sha256, &a.question_id)) {
            return Err(AttachmentRefusal::Duplicate);
        }
        total += a.size;
    }
    if total > MAX_EVALUATION_ATTACHMENT_BYTES {
        return Err(AttachmentRefusal::TooManyBytes);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    fn reference(sha: &str, size: u64, question: Option<&str>) -> AttachmentRef {
        AttachmentRef {
            sha256: sha.into(),
            content_type: ContentType::Jpeg,
            size,
            question_id: question.map(Into::into),
        }
    }

    #[test]
    fn chunks_cover_the_file_from_where_the_server_stands() {
        let mut progress = AttachmentProgress {
            sha256: HASH.into(),
            size: CHUNK_BYTES * 2 + 10,
            received: 0,
            complete: false,
        };
        let mut ranges = vec![];
        while let Some(range) = progress.next_chunk() {
            progress.received = range.end;
            ranges.push(range);
        }
        assert_eq!(
            ranges,
            vec![
                0..CHUNK_BYTES,
                CHUNK_BYTES..2 * CHUNK_BYTES,
                2 * CHUNK_BYTES..2 * CHUNK_BYTES + 10
            ]
        );
        progress.received = 5;
        progress.complete = true;
        assert_eq!(progress.next_chunk(), None, "a complete file sends nothing");
    }

    #[test]
    fn hashes_sizes_and_sets_are_checked() {
        assert!(is_sha256(HASH));
        assert!(!is_sha256(&HASH.to_uppercase()));
        assert!(!is_sha256(&HASH[1..]));
        let start = |sha: &str, size| AttachmentStart {
            sha256: sha.into(),
            content_type: ContentType::Png,
            size,
        };
        assert_eq!(check_start(&start(HASH, 1)), Ok(()));
        assert_eq!(check_start(&start("x", 1)), Err(AttachmentRefusal::BadHash));
        assert_eq!(check_start(&start(HASH, 0)), Err(AttachmentRefusal::Empty));
        assert_eq!(
            check_start(&start(HASH, MAX_ATTACHMENT_BYTES + 1)),
            Err(AttachmentRefusal::TooLarge)
        );

        let other = "0".repeat(64);
        assert_eq!(
            check_set(&[reference(HASH, 10, None), reference(HASH, 10, Some("q1"))]),
            Ok(()),
            "one picture may be evidence for the whole and for a question"
        );
        assert_eq!(
            check_set(&[reference(HASH, 10, None), reference(HASH, 10, None)]),
            Err(AttachmentRefusal::Duplicate)
        );
        let many: Vec<_> = (0..=MAX_ATTACHMENTS_PER_EVALUATION)
            .map(|i| reference(&format!("{i:064x}"), 10, None))
            .collect();
        assert_eq!(check_set(&many), Err(AttachmentRefusal::TooMany));
        let heavy: Vec<_> = (0..5)
            .map(|i| reference(&format!("{i:064x}"), MAX_ATTACHMENT_BYTES, None))
            .collect();
        assert_eq!(check_set(&heavy), Err(AttachmentRefusal::TooManyBytes));
        assert_eq!(
            check_set(&[reference(&other, 1, None)]),
            Ok(()),
            "zeros are a hash like any other"
        );
    }

    #[test]
    fn content_types_read_back_what_they_write() {
        for t in ContentType::ALL {
            assert_eq!(ContentType::parse(t.as_str()), Some(t));
        }
        assert_eq!(ContentType::parse("text/plain"), Some(ContentType::Text));
        assert_eq!(
            ContentType::parse("image/svg+xml"),
            None,
            "no scripts in pictures"
        );
        assert_eq!(
            serde_json::to_string(&ContentType::Jpeg).unwrap(),
            "\"image/jpeg\""
        );
    }
}
