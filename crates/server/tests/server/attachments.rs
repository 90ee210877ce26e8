//! Attachments end to end against the real server: starting, resuming and completing an upload in chunks, retries
//! that store nothing twice, a cut upload going on (on another server instance over the same database and
//! store), corrupted chunks and files, the limits with their codes, a push that names a missing file, and one
//! shopper's uploads kept from another, the allowance of unfinished uploads and the sweep of abandoned ones. Every test runs on the disk storage and, when the test command started
//! one, on a real S3-protocol server.

use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_domain::attachment::{CHUNK_BYTES, CHUNK_HASH_HEADER, MAX_ATTACHMENT_BYTES};
use shopper_server::attachments::{
    sha256_hex, sweep_abandoned, ABANDONED_AFTER, UNFINISHED_UPLOADS_PER_SHOPPER,
};
use shopper_server::{demo, AppState};
use uuid::Uuid;

use crate::common::{
    error_code, first_assignment, harness, log_in, submission, valid_answers, Storage, TestServer,
    ORGANIZER_TOKEN,
};

/// Bytes that look like nothing in particular, `len` of them, different per `seed`.
fn file_bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[1] ^ seed)
        .collect()
}

async fn start(
    server: &TestServer,
    token: &str,
    sha256: &str,
    size: u64,
    content_type: &str,
) -> (StatusCode, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/attachments"))
        .bearer_auth(token)
        .json(&json!({ "sha256": sha256, "content_type": content_type, "size": size }))
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn chunk_hashed(
    server: &TestServer,
    token: &str,
    sha256: &str,
    offset: u64,
    bytes: &[u8],
    chunk_hash: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = server
        .http
        .put(server.url(&format!("/api/v1/attachments/{sha256}/chunks/{offset}")))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(bytes.to_vec());
    if let Some(hash) = chunk_hash {
        request = request.header(CHUNK_HASH_HEADER, hash);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn chunk(
    server: &TestServer,
    token: &str,
    sha256: &str,
    offset: u64,
    bytes: &[u8],
) -> (StatusCode, Value) {
    chunk_hashed(
        server,
        token,
        sha256,
        offset,
        bytes,
        Some(&sha256_hex(bytes)),
    )
    .await
}

/// Uploads `bytes` whole, chunk by chunk from where the server stands; the last progress.
async fn upload(server: &TestServer, token: &str, bytes: &[u8], content_type: &str) -> Value {
    let sha = sha256_hex(bytes);
    let (status, mut progress) = start(server, token, &sha, bytes.len() as u64, content_type).await;
    assert_eq!(status, StatusCode::OK, "{progress}");
    while progress["complete"] == false {
        let at = progress["received"].as_u64().unwrap() as usize;
        let end = bytes.len().min(at + CHUNK_BYTES as usize);
        let (status, next) = chunk(server, token, &sha, at as u64, &bytes[at..end]).await;
        assert_eq!(status, StatusCode::OK, "{next}");
        progress = next;
    }
    progress
}

async fn status_of(server: &TestServer, token: &str, sha256: &str) -> (StatusCode, Value) {
    let response = server
        .http
        .get(server.url(&format!("/api/v1/attachments/{sha256}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn partial_keys(server: &TestServer) -> Vec<String> {
    server
        .blobs
        .keys()
        .await
        .unwrap()
        .into_iter()
        .filter(|k| k.starts_with("partial/"))
        .collect()
}

fn with_attachments(
    assignment: &str,
    revision: u32,
    files: &[(&[u8], &str, Option<&str>)],
) -> Value {
    let mut body = submission(assignment, revision, valid_answers());
    body["content"]["attachments"] = files
        .iter()
        .map(|(bytes, content_type, question)| {
            let mut reference = json!({
                "sha256": sha256_hex(bytes), "content_type": content_type, "size": bytes.len(),
            });
            if let Some(question) = question {
                reference["question_id"] = json!(question);
            }
            reference
        })
        .collect();
    body
}

#[tokio::test]
async fn an_upload_starts_resumes_and_completes_in_chunks_and_is_served_back_as_sent() {
    for storage in Storage::all() {
        let server = TestServer::start_storing(storage.clone()).await;
        let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
        let bytes = file_bytes(CHUNK_BYTES as usize * 2 + 1000, 1);
        let sha = sha256_hex(&bytes);
        let size = bytes.len() as u64;

        let (status, progress) = start(&server, &token, &sha, size, "image/jpeg").await;
        assert_eq!(status, StatusCode::OK, "{storage:?}: {progress}");
        assert_eq!(
            progress,
            json!({ "sha256": sha, "size": size, "received": 0, "complete": false })
        );
        let (status, progress) =
            chunk(&server, &token, &sha, 0, &bytes[..CHUNK_BYTES as usize]).await;
        assert_eq!(status, StatusCode::OK, "{progress}");
        assert_eq!(progress["received"], CHUNK_BYTES);

        // Starting again (a phone that lost its place) resumes where the server stands.
        let (_, resumed) = start(&server, &token, &sha, size, "image/jpeg").await;
        assert_eq!(resumed["received"], CHUNK_BYTES, "{storage:?}");
        let (_, asked) = status_of(&server, &token, &sha).await;
        assert_eq!(asked, resumed);

        let done = upload(&server, &token, &bytes, "image/jpeg").await;
        assert_eq!(
            done,
            json!({ "sha256": sha, "size": size, "received": size, "complete": true })
        );
        assert!(
            partial_keys(&server).await.is_empty(),
            "{storage:?}: chunks are removed"
        );
        assert_eq!(
            server.blobs.files().await.unwrap(),
            vec![(sha.clone(), size)],
            "{storage:?}"
        );

        let response = server
            .http
            .get(server.url(&format!("/api/v1/attachments/{sha}/content")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "image/jpeg");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(
            policy.contains("sandbox") && policy.contains("default-src 'none'"),
            "{policy}"
        );
        assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
    }
}

#[tokio::test]
async fn a_retried_chunk_or_start_stores_nothing_twice() {
    for storage in Storage::all() {
        let server = TestServer::start_storing(storage.clone()).await;
        let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
        let bytes = file_bytes(CHUNK_BYTES as usize + 10, 2);
        let sha = sha256_hex(&bytes);
        for _ in 0..3 {
            let (status, _) = start(&server, &token, &sha, bytes.len() as u64, "image/png").await;
            assert_eq!(status, StatusCode::OK);
        }
        let first = &bytes[..CHUNK_BYTES as usize];
        let (status, _) = chunk(&server, &token, &sha, 0, first).await;
        assert_eq!(status, StatusCode::OK);
        // The same chunk again (its answer was lost): refused at the offset, nothing kept twice.
        let (status, body) = chunk(&server, &token, &sha, 0, first).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(error_code(&body), "chunk_offset");
        assert_eq!(partial_keys(&server).await.len(), 1, "{storage:?}");
        let (_, progress) = status_of(&server, &token, &sha).await;
        assert_eq!(progress["received"], CHUNK_BYTES);

        let last = &bytes[CHUNK_BYTES as usize..];
        let (status, done) = chunk(&server, &token, &sha, CHUNK_BYTES, last).await;
        assert_eq!((status, &done["complete"]), (StatusCode::OK, &json!(true)));
        // The last chunk retried after the file is whole: the same answer, harmless.
        let (status, again) = chunk(&server, &token, &sha, CHUNK_BYTES, last).await;
        assert_eq!((status, again), (StatusCode::OK, done));
        let (uploads,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM attachment_uploads")
            .fetch_one(&server.db)
            .await
            .unwrap();
        assert_eq!(uploads, 1);
        assert_eq!(server.blobs.files().await.unwrap().len(), 1);
        assert!(partial_keys(&server).await.is_empty());
    }
}

#[tokio::test]
async fn a_cut_upload_goes_on_at_another_instance_over_the_same_database_and_store() {
    for storage in Storage::all() {
        let server = TestServer::start_storing(storage.clone()).await;
        let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
        let bytes = file_bytes(CHUNK_BYTES as usize * 3, 3);
        let sha = sha256_hex(&bytes);
        start(&server, &token, &sha, bytes.len() as u64, "image/webp").await;
        chunk(&server, &token, &sha, 0, &bytes[..CHUNK_BYTES as usize]).await;
        // A cut connection: half a chunk never arrives whole, so nothing of it is kept.
        let half = CHUNK_BYTES as usize / 2;
        let cut = &bytes[CHUNK_BYTES as usize..CHUNK_BYTES as usize + half];
        let (status, body) = chunk_hashed(
            &server,
            &token,
            &sha,
            CHUNK_BYTES,
            cut,
            Some(&sha256_hex(
                &bytes[CHUNK_BYTES as usize..2 * CHUNK_BYTES as usize],
            )),
        )
        .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "chunk_corrupt")
        );

        // A second instance (another process would see the same: the record is in the database, the
        // chunks in the store) goes on from where the first stood.
        let other = harness::serve(
            AppState::new(server.store.clone(), ORGANIZER_TOKEN).with_blobs(server.blobs.clone()),
            None,
        )
        .await;
        let progress: Value = server
            .http
            .get(format!("{other}/api/v1/attachments/{sha}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(progress["received"], CHUNK_BYTES, "{storage:?}");
        let mut at = CHUNK_BYTES as usize;
        while at < bytes.len() {
            let part = &bytes[at..at + CHUNK_BYTES as usize];
            let response = server
                .http
                .put(format!("{other}/api/v1/attachments/{sha}/chunks/{at}"))
                .bearer_auth(&token)
                .header(CHUNK_HASH_HEADER, sha256_hex(part))
                .body(part.to_vec())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            at += part.len();
        }
        let (_, done) = status_of(&server, &token, &sha).await;
        assert_eq!(done["complete"], true, "{storage:?}");
        assert_eq!(
            server.blobs.file(&sha).await.unwrap().unwrap().as_ref(),
            bytes.as_slice()
        );
    }
}

#[tokio::test]
async fn a_corrupted_chunk_is_refused_and_a_whole_file_that_does_not_match_starts_again() {
    for storage in Storage::all() {
        let server = TestServer::start_storing(storage.clone()).await;
        let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
        let bytes = file_bytes(5000, 4);
        let sha = sha256_hex(&bytes);
        start(&server, &token, &sha, bytes.len() as u64, "text/plain").await;
        let mut flipped = bytes.clone();
        flipped[100] ^= 0xff;
        let (status, body) = chunk_hashed(
            &server,
            &token,
            &sha,
            0,
            &flipped,
            Some(&sha256_hex(&bytes)),
        )
        .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "chunk_corrupt")
        );
        assert!(
            partial_keys(&server).await.is_empty(),
            "{storage:?}: nothing of it kept"
        );
        assert_eq!(status_of(&server, &token, &sha).await.1["received"], 0);

        // Bytes that match their chunk's hash but are not the file: caught when the file is whole.
        let (status, body) = chunk(&server, &token, &sha, 0, &flipped).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "attachment_corrupt")
        );
        let (_, progress) = status_of(&server, &token, &sha).await;
        assert_eq!(
            (progress["received"].clone(), progress["complete"].clone()),
            (json!(0), json!(false))
        );
        assert!(partial_keys(&server).await.is_empty());
        assert!(
            server.blobs.files().await.unwrap().is_empty(),
            "{storage:?}"
        );

        let done = upload(&server, &token, &bytes, "text/plain").await;
        assert_eq!(done["complete"], true);
    }
}

#[tokio::test]
async fn limits_are_refused_with_their_codes_and_change_nothing() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let sha = sha256_hex(b"x");
    let before = crate::common::row_counts(&server).await;
    for (hash, size, kind, status, code) in [
        (
            "ABC",
            10,
            "image/png",
            StatusCode::UNPROCESSABLE_ENTITY,
            "attachment_bad_hash",
        ),
        (
            &sha[..],
            0,
            "image/png",
            StatusCode::UNPROCESSABLE_ENTITY,
            "attachment_empty",
        ),
        (
            &sha[..],
            MAX_ATTACHMENT_BYTES + 1,
            "image/png",
            StatusCode::PAYLOAD_TOO_LARGE,
            "attachment_too_large",
        ),
    ] {
        let (got, body) = start(&server, &token, hash, size, kind).await;
        assert_eq!((got, error_code(&body)), (status, code), "{body}");
    }
    let (got, body) = start(&server, &token, &sha, 1, "image/svg+xml").await;
    assert_eq!(
        (got, error_code(&body)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "{body}"
    );
    let (got, body) = status_of(&server, &token, &sha).await;
    assert_eq!(
        (got, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    assert_eq!(crate::common::row_counts(&server).await, before);

    let bytes = file_bytes(CHUNK_BYTES as usize + 1, 5);
    let sha = sha256_hex(&bytes);
    start(&server, &token, &sha, bytes.len() as u64, "image/png").await;
    let (got, body) = chunk(&server, &token, &sha, 0, &bytes).await;
    assert_eq!(
        (got, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        "{body}"
    );
    let (got, body) = chunk_hashed(&server, &token, &sha, 0, &bytes[..10], None).await;
    assert_eq!(
        (got, error_code(&body)),
        (StatusCode::BAD_REQUEST, "chunk_hash_missing")
    );
    let (got, body) = chunk(&server, &token, &sha, 5, &bytes[..10]).await;
    assert_eq!(
        (got, error_code(&body)),
        (StatusCode::CONFLICT, "chunk_offset")
    );
    let (got, body) = chunk(&server, &token, &sha, 0, &[]).await;
    assert_eq!(
        (got, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "chunk_out_of_bounds")
    );
    let response = server
        .http
        .put(server.url(&format!("/api/v1/attachments/{sha}/chunks/minus-one")))
        .bearer_auth(&token)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    // An evaluation naming too many files, or one twice for the same question.
    let assignment = first_assignment(&server, &token).await;
    let many: Vec<Vec<u8>> = (0..13).map(|i| vec![i as u8; 3]).collect();
    let refs: Vec<(&[u8], &str, Option<&str>)> = many
        .iter()
        .map(|b| (b.as_slice(), "image/png", None))
        .collect();
    let (got, body) = server
        .push(
            Some(&token),
            Uuid::new_v4(),
            &with_attachments(&assignment, 1, &refs),
        )
        .await;
    assert_eq!(
        (got, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "too_many_attachments")
    );
    let twice = [
        (&b"a"[..], "image/png", None),
        (&b"a"[..], "image/png", None),
    ];
    let (got, body) = server
        .push(
            Some(&token),
            Uuid::new_v4(),
            &with_attachments(&assignment, 1, &twice),
        )
        .await;
    assert_eq!(
        (got, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "attachment_duplicate")
    );
    assert_eq!(server.stored_rows().await, 0);
}

#[tokio::test]
async fn a_push_naming_a_missing_file_is_answered_with_its_hash_and_stored_once_it_is_uploaded() {
    for storage in Storage::all() {
        let server = TestServer::start_storing(storage.clone()).await;
        let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
        let assignment = first_assignment(&server, &token).await;
        let picture = file_bytes(300_000, 6);
        let text = "Kundeservice: Hei! Hva kan jeg hjelpe deg med?".as_bytes();
        let body = with_attachments(
            &assignment,
            1,
            &[
                (&picture, "image/jpeg", Some("helhetsinntrykk")),
                (text, "text/plain", None),
            ],
        );
        let id = Uuid::new_v4();
        upload(&server, &token, text, "text/plain").await;
        let (status, answer) = server.push(Some(&token), id, &body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{answer}");
        assert_eq!(error_code(&answer), "attachments_missing");
        assert_eq!(
            answer["error"]["missing_attachments"],
            json!([sha256_hex(&picture)])
        );
        assert_eq!(
            server.stored_rows().await,
            0,
            "{storage:?}: not stored while a file is missing"
        );

        // Half the picture is not enough.
        let sha = sha256_hex(&picture);
        start(&server, &token, &sha, picture.len() as u64, "image/jpeg").await;
        chunk(&server, &token, &sha, 0, &picture[..CHUNK_BYTES as usize]).await;
        let (status, _) = server.push(Some(&token), id, &body).await;
        assert_eq!(status, StatusCode::CONFLICT);

        upload(&server, &token, &picture, "image/jpeg").await;
        let (status, receipt) = server.push(Some(&token), id, &body).await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
        let (status, _) = server.push(Some(&token), id, &body).await;
        assert_eq!(status, StatusCode::OK, "a replay stays a replay");
        assert_eq!(server.stored_rows().await, 1);

        // The reviewer sees both on the evaluation's page, and gets the files (only those it names).
        let cookie = log_in(&server, "reviewer@demo.example").await;
        let page = server
            .http
            .get(server.url(&format!("/console/evaluations/{id}")))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let href = format!("/console/evaluations/{id}/attachments/{sha}");
        assert!(
            page.contains(&format!("src=\"{href}\"")) && page.contains("loading=\"lazy\""),
            "{page}"
        );
        assert!(
            page.contains("Hva kan jeg hjelpe deg med?"),
            "the pasted text is shown as text"
        );
        let response = server
            .http
            .get(server.url(&href))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        assert_eq!(response.bytes().await.unwrap().as_ref(), picture.as_slice());
        let response = server
            .http
            .get(server.url(&format!(
                "/api/v1/organizer/evaluations/{id}/attachments/{}",
                sha256_hex(text)
            )))
            .bearer_auth(ORGANIZER_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"],
            "text/plain; charset=utf-8"
        );
        let stranger = upload(&server, &token, b"not in the evaluation", "text/plain").await;
        let response = server
            .http
            .get(server.url(&format!(
                "/api/v1/organizer/evaluations/{id}/attachments/{}",
                stranger["sha256"].as_str().unwrap()
            )))
            .bearer_auth(ORGANIZER_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_shopper_can_neither_read_nor_claim_another_shoppers_file() {
    for storage in Storage::all() {
        let server = TestServer::start_storing(storage.clone()).await;
        let owner = server.sign_in(demo::DEMO_SHOPPER_ID).await;
        let other = server.sign_in(demo::SECOND_SHOPPER_ID).await;
        let bytes = file_bytes(2000, 7);
        let sha = sha256_hex(&bytes);
        upload(&server, &owner, &bytes, "image/png").await;

        let (status, _) = status_of(&server, &other, &sha).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{storage:?}");
        let response = server
            .http
            .get(server.url(&format!("/api/v1/attachments/{sha}/content")))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        // Starting the same bytes tells nothing of the owner's upload: it begins at 0.
        let (_, progress) = start(&server, &other, &sha, bytes.len() as u64, "image/png").await;
        assert_eq!(
            (progress["received"].clone(), progress["complete"].clone()),
            (json!(0), json!(false))
        );
        let (status, _) = chunk(&server, &other, &sha, 5, &bytes[5..10]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        // Naming it in an evaluation without uploading it: missing.
        let assignment = first_assignment(&server, &other).await;
        let body = with_attachments(&assignment, 1, &[(&bytes, "image/png", None)]);
        let (status, answer) = server.push(Some(&other), Uuid::new_v4(), &body).await;
        assert_eq!(
            (status, error_code(&answer)),
            (StatusCode::CONFLICT, "attachments_missing")
        );
        // Uploading it whole is proof: then it is theirs too, and the store keeps one copy.
        upload(&server, &other, &bytes, "image/png").await;
        assert_eq!(server.blobs.files().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn unfinished_uploads_beyond_a_shoppers_allowance_make_room_by_forgetting_the_longest_started(
) {
    for storage in Storage::all() {
        let server = TestServer::start_storing(storage.clone()).await;
        let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
        // Uploads a cut connection left halfway: a first chunk each, the rest never sent.
        let files: Vec<Vec<u8>> = (0..=UNFINISHED_UPLOADS_PER_SHOPPER as u8)
            .map(|seed| file_bytes(CHUNK_BYTES as usize + 10, seed))
            .collect();
        for bytes in &files {
            let sha = sha256_hex(bytes);
            let (status, progress) =
                start(&server, &token, &sha, bytes.len() as u64, "image/jpeg").await;
            assert_eq!(status, StatusCode::OK, "{storage:?}: {progress}");
            let (status, progress) =
                chunk(&server, &token, &sha, 0, &bytes[..CHUNK_BYTES as usize]).await;
            assert_eq!(status, StatusCode::OK, "{storage:?}: {progress}");
        }
        // One more than the allowance was started: the first is forgotten, chunks and all; the others stand.
        let first = sha256_hex(&files[0]);
        let (status, body) = status_of(&server, &token, &first).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{storage:?}: {body}");
        assert_eq!(error_code(&body), "not_found");
        let partial = partial_keys(&server).await;
        assert_eq!(
            partial.len(),
            UNFINISHED_UPLOADS_PER_SHOPPER,
            "{storage:?}: {partial:?}"
        );
        assert!(
            !partial.iter().any(|key| key.contains(&first)),
            "{storage:?}"
        );
        for bytes in &files[1..] {
            let (_, progress) = status_of(&server, &token, &sha256_hex(bytes)).await;
            assert_eq!(progress["received"], CHUNK_BYTES, "{storage:?}");
        }
        // The phone coming back to the forgotten one starts it again from 0 and finishes it.
        // Its new start made room in turn: the next longest started one went.
        let done = upload(&server, &token, &files[0], "image/jpeg").await;
        assert_eq!(done["complete"], true, "{storage:?}");
        let (status, _) = status_of(&server, &token, &sha256_hex(&files[1])).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{storage:?}");

        // Another shopper's uploads are their own allowance.
        let other = server.sign_in(demo::SECOND_SHOPPER_ID).await;
        let theirs = file_bytes(1000, 200);
        let (status, _) = start(&server, &other, &sha256_hex(&theirs), 1000, "image/jpeg").await;
        assert_eq!(status, StatusCode::OK);
        let (_, progress) = status_of(&server, &token, &sha256_hex(&files[2])).await;
        assert_eq!(progress["received"], CHUNK_BYTES, "{storage:?}");
    }
}

#[tokio::test]
async fn the_sweep_removes_abandoned_uploads_and_chunks_left_behind_and_keeps_what_is_going_on() {
    for storage in Storage::all() {
        let server = TestServer::start_storing(storage.clone()).await;
        let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
        let going = file_bytes(CHUNK_BYTES as usize + 10, 1);
        let whole = file_bytes(CHUNK_BYTES as usize + 10, 2);
        for bytes in [&going, &whole] {
            let sha = sha256_hex(bytes);
            start(&server, &token, &sha, bytes.len() as u64, "image/jpeg").await;
            chunk(&server, &token, &sha, 0, &bytes[..CHUNK_BYTES as usize]).await;
        }
        upload(&server, &token, &whole, "image/jpeg").await;
        // A chunk whose upload is gone (a crash between forgetting an upload and removing its chunks).
        let orphan = file_bytes(CHUNK_BYTES as usize + 10, 3);
        let orphan_sha = sha256_hex(&orphan);
        start(
            &server,
            &token,
            &orphan_sha,
            orphan.len() as u64,
            "image/jpeg",
        )
        .await;
        chunk(
            &server,
            &token,
            &orphan_sha,
            0,
            &orphan[..CHUNK_BYTES as usize],
        )
        .await;
        sqlx::query("DELETE FROM attachment_uploads WHERE sha256 = $1")
            .bind(&orphan_sha)
            .execute(&server.db)
            .await
            .unwrap();

        let now = time::OffsetDateTime::now_utc();
        let (uploads, chunks) = sweep_abandoned(&server.store, &server.blobs, now)
            .await
            .unwrap();
        assert_eq!(
            (uploads, chunks),
            (0, 1),
            "{storage:?}: only the orphan goes now"
        );
        let (_, progress) = status_of(&server, &token, &sha256_hex(&going)).await;
        assert_eq!(
            progress["received"], CHUNK_BYTES,
            "{storage:?}: an upload going on stays"
        );

        let later = now + ABANDONED_AFTER + std::time::Duration::from_secs(60);
        let (uploads, chunks) = sweep_abandoned(&server.store, &server.blobs, later)
            .await
            .unwrap();
        assert_eq!((uploads, chunks), (1, 0), "{storage:?}");
        assert!(partial_keys(&server).await.is_empty(), "{storage:?}");
        let (status, _) = status_of(&server, &token, &sha256_hex(&going)).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{storage:?}: the abandoned upload is gone"
        );
        // The file held whole is untouched, and served.
        let (_, done) = status_of(&server, &token, &sha256_hex(&whole)).await;
        assert_eq!(done["complete"], true, "{storage:?}");
        assert_eq!(server.blobs.files().await.unwrap().len(), 1, "{storage:?}");
    }
}
