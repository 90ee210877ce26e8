//! Chunk uploads (issue 19): devices uploading 200 KB pictures in 256 KiB chunks at once over loopback to the
//! real server (SQLite, attachments in a folder on disk): chunks and megabytes a second, the latency of one
//! chunk, and the whole file's check when its last chunk arrives.

use std::sync::Arc;
use std::time::{Duration, Instant};

use shopper_domain::attachment::{CHUNK_BYTES, CHUNK_HASH_HEADER};
use shopper_server::attachments::{sha256_hex, Blobs};
use shopper_server::ratelimit::{Limiter, Limits};
use shopper_server::store::Store;
use shopper_server::{demo, AppState};

use super::{cpu_time, device, harness, ms, percentile};

const PICTURE_BYTES: usize = 200 * 1024;
const PICTURES_PER_DEVICE: usize = 10;

/// Pictures of `PICTURE_BYTES` bytes (one chunk each) or `size` bytes, uploaded by `devices` at once.
async fn run(devices: usize, size: usize) -> String {
    let dir = tempfile::tempdir().unwrap();
    let url = harness::new_database_url(dir.path(), "bench.sqlite", None, "shopper_bench").await;
    let db = Store::open(&url).await.unwrap();
    demo::seed_if_empty(&db).await.unwrap();
    let blobs = Blobs::open(&dir.path().join("attachments").display().to_string(), []).unwrap();
    let mut state = AppState::new(db.clone(), "bench-token").with_blobs(blobs);
    state.limiter = Arc::new(Limiter::new(Limits {
        sign_in_per_address: u32::MAX,
        login_per_address: u32::MAX,
        login_in_total: u32::MAX,
        push_per_token: u32::MAX,
        push_per_address: u32::MAX,
        wrong_token_per_address: u32::MAX,
    }));
    let base = harness::serve(state, None).await;
    let mut tokens = Vec::new();
    for n in 0..devices {
        tokens.push(device(&db, &format!("uploader-{n}"), 0).await.0);
    }
    let http = reqwest::Client::new();
    let cpu = cpu_time();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (n, token) in tokens.into_iter().enumerate() {
        let (http, base) = (http.clone(), base.clone());
        tasks.spawn(async move {
            let mut chunks = Vec::new();
            let mut last = Vec::new();
            for p in 0..PICTURES_PER_DEVICE {
                let bytes: Vec<u8> = (0..size).map(|i| (i * 31 + n * 7 + p * 13) as u8).collect();
                let sha = sha256_hex(&bytes);
                let start = serde_json::json!({ "sha256": sha, "content_type": "image/jpeg", "size": size });
                let answer = http
                    .post(format!("{base}/api/v1/attachments"))
                    .bearer_auth(&token)
                    .json(&start)
                    .send()
                    .await
                    .unwrap();
                assert!(answer.status().is_success());
                let mut at = 0;
                while at < size {
                    let end = size.min(at + CHUNK_BYTES as usize);
                    let part = &bytes[at..end];
                    let sent = Instant::now();
                    let answer = http
                        .put(format!("{base}/api/v1/attachments/{sha}/chunks/{at}"))
                        .bearer_auth(&token)
                        .header(CHUNK_HASH_HEADER, sha256_hex(part))
                        .body(part.to_vec())
                        .send()
                        .await
                        .unwrap();
                    assert!(answer.status().is_success(), "{}", answer.text().await.unwrap());
                    if end == size {
                        last.push(sent.elapsed());
                    } else {
                        chunks.push(sent.elapsed());
                    }
                    at = end;
                }
            }
            (chunks, last)
        });
    }
    let mut middle = Vec::new();
    let mut last = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (m, l) = done.unwrap();
        middle.extend(m);
        last.extend(l);
    }
    let elapsed = started.elapsed();
    let cpu = cpu_time().saturating_sub(cpu);
    let files = devices * PICTURES_PER_DEVICE;
    let chunk_count = middle.len() + last.len();
    let bytes = (files * size) as f64;
    last.sort();
    middle.sort();
    let median = |v: &[Duration]| {
        if v.is_empty() {
            "–".to_owned()
        } else {
            ms(percentile(v, 0.5))
        }
    };
    let mut all: Vec<Duration> = middle.iter().chain(&last).copied().collect();
    all.sort();
    format!(
        "| {devices} | {} KB | {files} | {chunk_count} | {:.0} | {:.1} MB/s | {:.1} | {} | {} | {} | {:.1} ms |",
        size / 1000,
        chunk_count as f64 / elapsed.as_secs_f64(),
        bytes / 1e6 / elapsed.as_secs_f64(),
        files as f64 / elapsed.as_secs_f64(),
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        median(&last),
        cpu.as_secs_f64() * 1000.0 / files as f64,
    )
}

/// The section for docs/PERFORMANCE.md.
pub async fn report() -> String {
    let mut lines = vec![
        "| devices | file | files | chunks | chunks/s | throughput | files/s | p50 chunk | p99 chunk | p50 last chunk (assembly and check) | CPU per file |".to_owned(),
        "|---|---|---|---|---|---|---|---|---|---|---|".to_owned(),
    ];
    for (devices, size) in [
        (1, PICTURE_BYTES),
        (20, PICTURE_BYTES),
        (20, 3 * CHUNK_BYTES as usize),
    ] {
        let line = run(devices, size).await;
        println!("{line}");
        lines.push(line);
    }
    format!(
        "## Chunk uploads (issue 19)\n\n\
         Each device uploads {PICTURES_PER_DEVICE} files one after another (start, then each chunk of at most 256 KiB with \
         its SHA-256), all devices at once, to the real server over loopback (SQLite; attachments in a folder on \
         disk). A 200 KB picture is one chunk, whose arrival also assembles and checks the file; a 768 KiB file is \
         three. CPU is the whole process's (server and load generator, hashing on both ends).\n\n{}\n",
        lines.join("\n")
    )
}
