//! Slow-loris and connection exhaustion (issue 14), against the real server binary: request heads that never
//! finish are closed after the header timeout, an idle kept-alive connection too, connections over the cap per
//! address and in total are closed at once, and an ordinary request from elsewhere is still answered while an
//! attacker holds all it may.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::task::JoinSet;

use crate::faults::ServerProcess;

/// A connection from `from` (any 127.x.y.z is this machine) that sends the start of a request head and no more.
async fn half_sent_head(from: IpAddr, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from, 0)).unwrap();
    let mut stream = socket.connect(server).await.unwrap();
    // A write to a connection the server already closed may fail; it then counts as closed below.
    let _ = stream
        .write_all(b"GET / HTTP/1.1\r\nHost: shopper\r\nX-Slow: ")
        .await;
    stream
}

/// Whether the server closed the connection (end of stream or reset) within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 512];
    match tokio::time::timeout(within, stream.read(&mut buf)).await {
        Err(_) => false,
        Ok(Ok(0)) | Ok(Err(_)) => true,
        // Something was answered (a 408, say): the next read must see the end.
        Ok(Ok(_)) => matches!(
            tokio::time::timeout(within, stream.read(&mut buf)).await,
            Ok(Ok(0)) | Ok(Err(_))
        ),
    }
}

/// How many of `streams` the server closes within `within` (all checked at once); the open ones are returned.
async fn count_closed(streams: Vec<TcpStream>, within: Duration) -> (usize, Vec<TcpStream>) {
    let mut checks = JoinSet::new();
    for mut stream in streams {
        checks.spawn(async move { (closed_within(&mut stream, within).await, stream) });
    }
    let (mut closed, mut open) = (0, Vec::new());
    while let Some(result) = checks.join_next().await {
        match result.unwrap() {
            (true, _) => closed += 1,
            (false, stream) => open.push(stream),
        }
    }
    (closed, open)
}

fn client_from(from: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(from.parse::<IpAddr>().unwrap())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test]
async fn half_sent_heads_are_capped_per_address_and_timed_out_while_others_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(
        dir.path(),
        &[
            "--header-timeout",
            "5",
            "--max-connections-per-address",
            "40",
        ],
    )
    .await;
    let attacker: IpAddr = "127.0.0.1".parse().unwrap();
    let opened = Instant::now();
    let mut streams = Vec::new();
    for _ in 0..300 {
        streams.push(half_sent_head(attacker, server.addr).await);
    }
    let (closed_at_once, held) = count_closed(streams, Duration::from_millis(1500)).await;
    assert_eq!(
        (closed_at_once, held.len()),
        (260, 40),
        "one address holds at most its 40 connections; the rest are closed at once"
    );

    // Meanwhile another client is answered at once.
    let asked = Instant::now();
    let answer = client_from("127.0.0.2")
        .get(server.url("/api/v1/assignments"))
        .send()
        .await
        .expect("an ordinary request is answered while one address holds its cap");
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );

    // The held heads never finish: the server closes them after its header timeout (5 s: a busy test
    // machine still accepts all 300 well within it).
    let (timed_out, still_open) = count_closed(held, Duration::from_secs(8)).await;
    assert_eq!((timed_out, still_open.len()), (40, 0));
    assert!(
        opened.elapsed() >= Duration::from_millis(4900),
        "{:?}",
        opened.elapsed()
    );

    // With its seats given back, the address is served again.
    let answer = client_from("127.0.0.1")
        .get(server.url("/api/v1/assignments"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path(), &["--header-timeout", "1"]).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /api/v1/assignments HTTP/1.1\r\nHost: shopper\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(
        buf[..n].starts_with(b"HTTP/1.1 401"),
        "{}",
        String::from_utf8_lossy(&buf[..n])
    );
    let idle = Instant::now();
    assert!(
        closed_within(&mut stream, Duration::from_secs(3)).await,
        "the kept-alive connection is closed when no next request comes"
    );
    assert!(
        idle.elapsed() >= Duration::from_millis(900),
        "{:?}",
        idle.elapsed()
    );
}

#[tokio::test]
async fn connections_over_the_total_cap_are_closed_at_once_until_seats_are_free() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(
        dir.path(),
        &["--header-timeout", "5", "--max-connections", "30"],
    )
    .await;
    let mut streams = Vec::new();
    for i in 0..60 {
        let from = format!("127.0.1.{}", 1 + i % 20).parse().unwrap();
        streams.push(half_sent_head(from, server.addr).await);
    }
    let (closed_at_once, held) = count_closed(streams, Duration::from_millis(1500)).await;
    assert_eq!((closed_at_once, held.len()), (30, 30));
    // The server holds no more than 30: one more, from anywhere, is closed at once too.
    let mut one_more = half_sent_head("127.0.0.3".parse().unwrap(), server.addr).await;
    assert!(closed_within(&mut one_more, Duration::from_millis(1500)).await);
    // Once the heads time out, requests are answered again.
    let (timed_out, _) = count_closed(held, Duration::from_secs(8)).await;
    assert_eq!(timed_out, 30);
    let answer = client_from("127.0.0.3")
        .get(server.url("/api/v1/assignments"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
}
