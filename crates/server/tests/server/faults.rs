//! Faults (issue 6): the sync promise (no evaluation lost, none counted twice) holds while the network and the
//! server misbehave. Simulated devices push evaluations through a proxy that delays, drops, fakes 500s and cuts
//! answers after the server committed, while the real server binary is SIGKILLed and restarted mid-push; at the
//! end every evaluation is on the server exactly once with the content last submitted. Also: a slow or huge
//! request cannot stall the others, and a stalled upload gets a 408 instead of hanging forever.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::header::{HeaderMap, HeaderValue, CONNECTION};
use reqwest::{Client, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use shopper_domain::attachment::{
    AttachmentProgress, AttachmentRef, ContentType, CHUNK_BYTES, CHUNK_HASH_HEADER,
};
use shopper_domain::contact::ContactEvent;
use shopper_domain::device::{DeviceEvaluation, LocalState};
use shopper_domain::protocol::{
    AssignmentsResponse, PushReceipt, PushStatus, ReceivedEvaluation, SignInResponse,
    PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use shopper_domain::{Answer, Answers, Channel, Questionnaire};
use shopper_server::attachments::sha256_hex;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use uuid::Uuid;

/// Fixed, so a run can be repeated: the proxy's n-th connection always gets the same fault, and every device makes
/// the same evaluations. Which push a connection carries depends on timing, so the figures vary a little.
const SEED: u64 = 6;
const DEVICES: usize = 40;
const EVALUATIONS_PER_DEVICE: usize = 5;
/// Share of evaluations the organizer returns; the device then sends revision 2 with changed answers.
const RETURNED: f64 = 0.35;
/// Every so many evaluations of a device carry evidence: a picture of two chunks and a pasted text, uploaded in
/// chunks through the same faulty proxy before the push that names them.
const ATTACHED_EVERY: usize = 5;
/// The picture's size: two chunks, the second short.
const PICTURE_BYTES: usize = 300_000;
/// SIGKILLs of the server, each while a push is between the proxy and the server.
const KILLS: usize = 5;
/// A device gives up on one request after this many attempts, and the test fails.
const MAX_ATTEMPTS: u32 = 60;
/// The pushing part of the run (about 5 s here) must be over by then.
const DEADLINE: Duration = Duration::from_secs(120);
const ORGANIZER_TOKEN: &str = "faults-organizer-token-of-32-char";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_evaluation_arrives_exactly_once_through_faults_and_kills() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    // The devices sign in one after another from 127.0.0.1; the default allows ten a minute per address.
    let mut server = ServerProcess::start(dir.path(), &["--sign-ins-per-minute", "1000"]).await;
    let proxy = Proxy::start(server.addr).await;
    let run = Arc::new(Run {
        http: client(),
        proxy: format!("http://{}", proxy.addr),
        server: server.url(""),
        attempts: AtomicU64::new(0),
        replayed: AtomicU64::new(0),
        upload_requests: AtomicU64::new(0),
        refused: Mutex::default(),
        acknowledged: watch::Sender::new(0),
    });
    let devices = set_up_devices(&run).await;
    let evaluations = devices.len() * EVALUATIONS_PER_DEVICE;
    let revisions: usize = devices.iter().flat_map(|d| &d.revisions).sum();

    let pushing = Instant::now();
    let mut tasks = JoinSet::new();
    for device in devices {
        tasks.spawn(run_device(device, run.clone()));
    }
    let all_devices = async {
        let mut done = Vec::new();
        while let Some(device) = tasks.join_next().await {
            done.push(device.expect("a device failed"));
        }
        done
    };
    let killer = kill_during_pushes(
        &mut server,
        run.acknowledged.subscribe(),
        proxy.stats.in_flight.subscribe(),
        revisions,
    );
    let (devices, kills) =
        tokio::time::timeout(DEADLINE, async { tokio::join!(all_devices, killer) })
            .await
            .expect("the devices are done within the deadline");
    let pushing = pushing.elapsed();

    // One more restart, then everything is read back straight from the server.
    server.kill_and_restart().await;
    let received: Vec<ReceivedEvaluation> = call(StatusCode::OK, || {
        run.http
            .get(server.url("/api/v1/organizer/evaluations"))
            .bearer_auth(ORGANIZER_TOKEN)
    })
    .await;
    let check = Check::compare(&devices, &received);
    let files = FileCheck::compare(&devices, &dir.path().join("attachments"));
    let refused = run.refused.lock().unwrap().clone();
    let faults = proxy.stats.faults.lock().unwrap().clone();
    let count = |fault| faults.get(&fault).copied().unwrap_or(0);
    let injected: u64 = faults
        .iter()
        .filter(|(fault, _)| **fault != Fault::None)
        .map(|(_, n)| n)
        .sum();

    println!("faults (seed {SEED}):");
    println!(
        "  {} devices, {evaluations} evaluations, {revisions} revisions pushed ({} second revisions) in {} push attempts",
        devices.len(),
        revisions - evaluations,
        run.attempts.load(Relaxed),
    );
    println!(
        "  faults injected: {injected} of {} connections: {} delayed, {} closed before forwarding, {} fake 500s, \
         {} cut after the server answered",
        faults.values().sum::<u64>(),
        count(Fault::Delay),
        count(Fault::Close),
        count(Fault::Fake500),
        count(Fault::CutAfterCommit),
    );
    println!(
        "  kills/restarts: {kills} SIGKILLs with a push in flight, each restarted on the same database, then 1 final \
         restart; {} connections found the server down, {} forwarded pushes died with it",
        proxy.stats.server_down.load(Relaxed),
        proxy.stats.killed_in_flight.load(Relaxed),
    );
    println!(
        "  retries answered as a replay (200, already stored): {}",
        run.replayed.load(Relaxed)
    );
    println!(
        "  lost {}, duplicated {}, wrong content {} (refused {}, never acknowledged {}, unexpected rows {})",
        check.lost,
        check.duplicated,
        check.wrong_content,
        refused.len(),
        check.unacknowledged,
        check.unexpected,
    );
    println!(
        "  attachments: {} files named by {} evaluations, {} upload requests through the proxy; lost {}, duplicated {}, \
         corrupted {} (the SHA-256 of every stored file checked)",
        files.named,
        files.evaluations,
        run.upload_requests.load(Relaxed),
        files.lost,
        files.duplicated,
        files.corrupted,
    );
    println!(
        "  wall time {:.1} s (pushing {:.1} s)",
        started.elapsed().as_secs_f64(),
        pushing.as_secs_f64()
    );

    assert_eq!(refused, Vec::<String>::new(), "the server refused pushes");
    assert_eq!(
        check,
        Check::default(),
        "lost, duplicated or wrong evaluations"
    );
    assert_eq!(received.len(), evaluations);
    assert_eq!(
        (files.lost, files.duplicated, files.corrupted),
        (0, 0, 0),
        "lost, duplicated or corrupted attachments"
    );
    assert!(files.named > 0);
    assert_eq!(
        kills, KILLS,
        "every planned kill came while a push was in flight"
    );
    for fault in [
        Fault::Delay,
        Fault::Close,
        Fault::Fake500,
        Fault::CutAfterCommit,
    ] {
        assert!(count(fault) > 0, "{fault:?} was never injected");
    }
    assert!(
        run.replayed.load(Relaxed) > 0,
        "some retry met an answer the device never heard"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_or_huge_request_cannot_stall_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path(), &["--request-timeout", "3"]).await;
    let http = client();
    let signed_in: SignInResponse = call(StatusCode::OK, || {
        http.post(server.url("/api/v1/sign-in"))
            .json(&json!({ "invite_code": server.demo_code }))
    })
    .await;
    let token = signed_in.token;
    let data: AssignmentsResponse = call(StatusCode::OK, || {
        http.get(server.url("/api/v1/assignments"))
            .bearer_auth(&token)
    })
    .await;
    let phone = data
        .assignments
        .iter()
        .find(|a| a.channel == Channel::Phone)
        .expect("a phone assignment")
        .id;

    // An upload that trickles a byte every 150 ms, then stops without finishing its body.
    let slow = TcpStream::connect(server.addr).await.unwrap();
    let (mut slow_reader, mut slow_writer) = slow.into_split();
    let opened = Instant::now();
    slow_writer
        .write_all(
            b"POST /api/v1/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n",
        )
        .await
        .unwrap();
    let trickle = tokio::spawn(async move {
        for byte in br#"{"invite_code": "#.iter() {
            tokio::time::sleep(Duration::from_millis(150)).await;
            if slow_writer.write_all(&[*byte]).await.is_err() {
                break;
            }
        }
        slow_writer // kept open: the body never ends
    });
    let slow_answer = tokio::spawn(async move {
        let head = read_head(&mut slow_reader).await;
        (head, opened.elapsed())
    });
    // Headers that never end.
    let mut stalled = TcpStream::connect(server.addr).await.unwrap();
    stalled
        .write_all(b"GET /api/v1/assignments HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    // A push near the 256 KiB body limit (read whole, then refused: notes have a cap of 10,000 characters).
    let mut huge = crate::common::submission(&phone.to_string(), 1, crate::common::valid_answers());
    huge["content"]["notes"] = json!("x".repeat(250 * 1024));
    let huge_push = {
        let request = http
            .put(server.url(&format!("/api/v1/evaluations/{}", Uuid::new_v4())))
            .bearer_auth(&token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&huge)
            .timeout(Duration::from_secs(5));
        tokio::spawn(async move { request.send().await.map(|r| r.status()) })
    };

    // Meanwhile ordinary requests are answered promptly.
    for _ in 0..10 {
        let response = http
            .get(server.url("/api/v1/assignments"))
            .bearer_auth(&token)
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .expect("an ordinary request is answered within 5 s while slow ones are open");
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert!(
        !slow_answer.is_finished(),
        "the trickling upload is still open while the others are served"
    );
    assert_eq!(
        huge_push
            .await
            .unwrap()
            .expect("the huge push is answered within 5 s"),
        StatusCode::BAD_REQUEST
    );

    let (head, waited) = tokio::time::timeout(Duration::from_secs(10), slow_answer)
        .await
        .expect("the stalled upload is answered, not left hanging")
        .unwrap();
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert!(waited >= Duration::from_millis(2500), "{waited:?}");
    drop(stalled);
    drop(trickle.await.unwrap());
}

// ---- The server process ----

/// The real `shopper-server` binary as a child process, kept on one address and one database across restarts.
pub(crate) struct ServerProcess {
    child: Child,
    pub(crate) addr: SocketAddr,
    args: Vec<String>,
    /// The one-time code of the demo shopper's sign-in link that this start printed.
    demo_code: String,
}

impl ServerProcess {
    pub(crate) async fn start(dir: &Path, extra_args: &[&str]) -> Self {
        let static_dir = dir.join("dist");
        std::fs::create_dir_all(&static_dir).unwrap();
        std::fs::write(static_dir.join("index.html"), "<!doctype html>").unwrap();
        let mut args: Vec<String> = vec![
            "--database-url".into(),
            // A fresh SQLite file in `dir` (it survives a SIGKILL like any database would), or a new database
            // on the PostgreSQL of SHOPPER_TEST_DATABASE_URL.
            crate::common::fresh_database_url(dir).await,
            "--organizer-token".into(),
            ORGANIZER_TOKEN.into(),
            "--static-dir".into(),
            static_dir.display().to_string(),
            "--demo".into(),
            // The small demo campaign only: every evaluation on the server is one this test pushed.
            "--demo-waves".into(),
            "false".into(),
            // Beside the database also on PostgreSQL, so the verdict can read the files straight from disk.
            "--attachments".into(),
            dir.join("attachments").display().to_string(),
        ];
        args.extend(extra_args.iter().map(|arg| arg.to_string()));
        let (child, addr, demo_code) = spawn_server(&args, "127.0.0.1:0".parse().unwrap()).await;
        Self {
            child,
            addr,
            args,
            demo_code,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// SIGKILL (no shutdown of any kind), then the binary again on the same address and database.
    async fn kill_and_restart(&mut self) {
        self.child.kill().expect("SIGKILL the server");
        self.child.wait().expect("reap the server"); // at once after a SIGKILL
        let (child, addr, demo_code) = spawn_server(&self.args, self.addr).await;
        assert_eq!(addr, self.addr);
        (self.child, self.demo_code) = (child, demo_code);
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary and waits for the demo sign-in link it prints once it is listening. Its later output is
/// passed on to stderr.
async fn spawn_server(args: &[String], addr: SocketAddr) -> (Child, SocketAddr, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shopper-server"))
        .args(args)
        .arg("--addr")
        .arg(addr.to_string())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start shopper-server");
    let stdout = child.stdout.take().unwrap();
    let (lines, mut received) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Err(unread) = lines.send(line) {
                eprintln!("shopper-server: {}", unread.0);
            }
        }
    });
    let mut listening = None;
    while let Some(line) = received.recv().await {
        if let Some(url) = line.strip_prefix("Shopper is running at http://") {
            listening = Some(url.trim_end_matches('/').parse().unwrap());
        }
        if let Some((_, code)) = line.split_once("#code=") {
            let addr = listening.expect("the address is printed before the link");
            return (child, addr, code.to_owned());
        }
    }
    panic!(
        "shopper-server stopped before listening: {:?}",
        child.wait()
    );
}

/// Kills the server `KILLS` times, spread over the pushes, each time while a push is between the proxy and the
/// server. Returns how many kills were made.
async fn kill_during_pushes(
    server: &mut ServerProcess,
    mut acknowledged: watch::Receiver<usize>,
    mut in_flight: watch::Receiver<usize>,
    revisions: usize,
) -> usize {
    let mut kills = 0;
    for kill in 1..=KILLS {
        let target = revisions * kill / (KILLS + 1);
        acknowledged.wait_for(|&n| n >= target).await.unwrap();
        let push_in_flight = async { in_flight.wait_for(|&n| n > 0).await.is_ok() };
        let all_done = async { acknowledged.wait_for(|&n| n == revisions).await.is_ok() };
        tokio::select! {
            _ = push_in_flight => {}
            _ = all_done => break,
        }
        server.kill_and_restart().await;
        kills += 1;
    }
    kills
}

// ---- The proxy ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    /// Forwarded untouched.
    None,
    /// Held 50-400 ms, then forwarded.
    Delay,
    /// Closed once the request has arrived; the server never sees it.
    Close,
    /// The proxy answers `500` itself; the server never sees it.
    Fake500,
    /// Forwarded, but the server's answer is dropped and the connection closed: the server committed, the device
    /// never hears.
    CutAfterCommit,
}

/// How often each fault is chosen, in percent.
const FAULT_WEIGHTS: [(Fault, u32); 5] = [
    (Fault::None, 45),
    (Fault::Delay, 15),
    (Fault::Close, 13),
    (Fault::Fake500, 12),
    (Fault::CutAfterCommit, 15),
];

fn choose_fault(rng: &mut StdRng) -> Fault {
    let mut pick = rng.random_range(0..FAULT_WEIGHTS.iter().map(|(_, w)| w).sum::<u32>());
    for (fault, weight) in FAULT_WEIGHTS {
        if pick < weight {
            return fault;
        }
        pick -= weight;
    }
    unreachable!("the pick is below the sum of the weights")
}

/// What the proxy did.
struct ProxyStats {
    /// Connections by the fault they got (`Fault::None`: forwarded cleanly).
    faults: Mutex<BTreeMap<Fault, u64>>,
    /// Connections that could not be forwarded: the server was down (killed, restarting).
    server_down: AtomicU64,
    /// Forwarded requests that never got an answer: the server was killed while handling them.
    killed_in_flight: AtomicU64,
    /// Requests forwarded to the server and not answered yet.
    in_flight: watch::Sender<usize>,
}

/// A TCP proxy on 127.0.0.1:0 in front of the server that gives each connection (one request: the devices do not
/// reuse connections) a fault chosen by a seeded random generator.
struct Proxy {
    addr: SocketAddr,
    stats: Arc<ProxyStats>,
}

impl Proxy {
    async fn start(server: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let stats = Arc::new(ProxyStats {
            faults: Mutex::default(),
            server_down: AtomicU64::new(0),
            killed_in_flight: AtomicU64::new(0),
            in_flight: watch::Sender::new(0),
        });
        let addr = listener.local_addr().unwrap();
        let shared = stats.clone();
        tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(SEED);
            while let Ok((client, _)) = listener.accept().await {
                let fault = choose_fault(&mut rng);
                let delay = Duration::from_millis(rng.random_range(50..400));
                tokio::spawn(proxy_connection(
                    client,
                    server,
                    fault,
                    delay,
                    shared.clone(),
                ));
            }
        });
        Self { addr, stats }
    }
}

const FAKE_500: &[u8] =
    b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

async fn proxy_connection(
    mut client: TcpStream,
    server: SocketAddr,
    fault: Fault,
    delay: Duration,
    stats: Arc<ProxyStats>,
) {
    let Ok(request) = read_request(&mut client).await else {
        return;
    };
    *stats.faults.lock().unwrap().entry(fault).or_default() += 1;
    match fault {
        Fault::Close => return,
        Fault::Fake500 => {
            let _ = client.write_all(FAKE_500).await;
            return;
        }
        Fault::Delay => tokio::time::sleep(delay).await,
        Fault::None | Fault::CutAfterCommit => {}
    }
    let Ok(mut upstream) = TcpStream::connect(server).await else {
        stats.server_down.fetch_add(1, Relaxed);
        return;
    };
    stats.in_flight.send_modify(|n| *n += 1);
    let answer = forward(&mut upstream, &request).await;
    stats.in_flight.send_modify(|n| *n -= 1);
    let Some(start_of_answer) = answer else {
        stats.killed_in_flight.fetch_add(1, Relaxed);
        return;
    };
    if fault == Fault::CutAfterCommit {
        return; // the server has answered, so its work is done; dropping both connections cuts the answer
    }
    if client.write_all(&start_of_answer).await.is_ok() {
        let _ = tokio::io::copy(&mut upstream, &mut client).await;
    }
}

/// Sends the request on and waits for the start of the server's answer; `None` when the server died first.
async fn forward(upstream: &mut TcpStream, request: &[u8]) -> Option<Vec<u8>> {
    upstream.write_all(request).await.ok()?;
    let mut buffer = vec![0; 16 * 1024];
    let read = upstream.read(&mut buffer).await.ok().filter(|&n| n > 0)?;
    buffer.truncate(read);
    Some(buffer)
}

/// One whole HTTP/1.1 request: the head, then `Content-Length` bytes of body.
async fn read_request(client: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut request = Vec::new();
    let mut chunk = [0; 16 * 1024];
    loop {
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..end]);
            let length: usize = head
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.trim().parse().ok())
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                return Ok(request);
            }
        }
        let read = client.read(&mut chunk).await?;
        if read == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        request.extend_from_slice(&chunk[..read]);
    }
}

/// The status line and headers of an answer (or what arrived before the connection closed).
async fn read_head(stream: &mut tokio::net::tcp::OwnedReadHalf) -> String {
    let mut head = Vec::new();
    let mut chunk = [0; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(read) => head.extend_from_slice(&chunk[..read]),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

// ---- The devices ----

/// What the devices share: where to send, and what they count.
struct Run {
    http: Client,
    /// Pushes go through the proxy.
    proxy: String,
    /// Everything else (setup, the organizer, the status sync) goes straight to the server.
    server: String,
    attempts: AtomicU64,
    replayed: AtomicU64,
    /// Requests of attachment uploads (starts and chunks, retries included).
    upload_requests: AtomicU64,
    refused: Mutex<Vec<String>>,
    /// Revisions the server has acknowledged so far.
    acknowledged: watch::Sender<usize>,
}

/// One simulated phone: a shopper's device token and its evaluations, kept as the app keeps them (the domain
/// crate's `DeviceEvaluation`).
struct Device {
    index: usize,
    token: String,
    questionnaire: Questionnaire,
    assignments: Vec<Uuid>,
    /// How many revisions each assignment's evaluation goes through: 1, or 2 when the organizer returns it.
    revisions: Vec<usize>,
    evaluations: Vec<DeviceEvaluation>,
}

/// One client for everything, a fresh connection per request so that the proxy's faults map to requests.
fn client() -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(CONNECTION, HeaderValue::from_static("close"));
    Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .default_headers(headers)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Straight to the server (never faulted by the proxy), repeated while the server is down or restarting; the
/// answer must have status `expected`.
async fn call<T: DeserializeOwned>(
    expected: StatusCode,
    request: impl Fn() -> RequestBuilder,
) -> T {
    let mut rng = StdRng::seed_from_u64(SEED);
    for attempt in 1..=MAX_ATTEMPTS {
        if let Ok(response) = request().send().await {
            let status = response.status();
            if let Ok(body) = response.text().await {
                if !status.is_server_error() {
                    assert_eq!(status, expected, "{body}");
                    return serde_json::from_str(&body).expect("the answer's JSON");
                }
            }
        }
        tokio::time::sleep(backoff(attempt, &mut rng)).await;
    }
    panic!("no answer after {MAX_ATTEMPTS} attempts");
}

/// The app waits 2 s, 4 s, ... up to a minute between failing syncs; a test device 50 ms doubling up to 800 ms,
/// with a little jitter.
fn backoff(attempt: u32, rng: &mut StdRng) -> Duration {
    Duration::from_millis((25u64 << attempt.min(5)).min(800) + rng.random_range(0..25))
}

/// Shoppers with phone assignments, one-time invites, and a signed-in device for each, all over the organizer and
/// shopper API.
async fn set_up_devices(run: &Run) -> Vec<Device> {
    let (http, url) = (&run.http, |path: &str| format!("{}{path}", run.server));
    let spread: Value = call(StatusCode::OK, || {
        http.get(url("/api/v1/organizer/assignments/spread"))
            .bearer_auth(ORGANIZER_TOKEN)
    })
    .await;
    let companies: Vec<&String> = spread["by_company"].as_object().unwrap().keys().collect();
    let mut shoppers = Vec::new();
    for index in 0..DEVICES {
        let shopper: Value = call(StatusCode::CREATED, || {
            http.post(url("/api/v1/organizer/shoppers"))
                .bearer_auth(ORGANIZER_TOKEN)
                .json(&json!({ "name": format!("Faults shopper {index:02}") }))
        })
        .await;
        shoppers.push(shopper["id"].as_str().unwrap().to_owned());
    }
    let mut csv =
        String::from("company,channel,scenario,shopper,contact,window_start,window_end,due\n");
    for (index, shopper) in shoppers.iter().enumerate() {
        for number in 0..EVALUATIONS_PER_DEVICE {
            let company = companies[(index * EVALUATIONS_PER_DEVICE + number) % companies.len()];
            writeln!(
                csv,
                "\"{company}\",phone,Spør om åpningstidene,{shopper},tel:+4700000000,2026-01-05,2026-12-18,2026-12-18"
            )
            .unwrap();
        }
    }
    let imported: Value = call(StatusCode::CREATED, || {
        http.post(url("/api/v1/organizer/assignments/import"))
            .bearer_auth(ORGANIZER_TOKEN)
            .header("content-type", "text/csv")
            .body(csv.clone())
    })
    .await;
    assert_eq!(imported["created"], DEVICES * EVALUATIONS_PER_DEVICE);

    let mut rng = StdRng::seed_from_u64(SEED);
    let mut devices = Vec::new();
    for (index, shopper) in shoppers.iter().enumerate() {
        let invite: Value = call(StatusCode::CREATED, || {
            http.post(url(&format!(
                "/api/v1/organizer/shoppers/{shopper}/invites"
            )))
            .bearer_auth(ORGANIZER_TOKEN)
        })
        .await;
        let link = invite["link"].as_str().unwrap();
        let code = link.split_once("#code=").expect("a sign-in link").1;
        let signed_in: SignInResponse = call(StatusCode::OK, || {
            http.post(url("/api/v1/sign-in"))
                .json(&json!({ "invite_code": code }))
        })
        .await;
        let data: AssignmentsResponse = call(StatusCode::OK, || {
            http.get(url("/api/v1/assignments"))
                .bearer_auth(&signed_in.token)
        })
        .await;
        assert_eq!(data.assignments.len(), EVALUATIONS_PER_DEVICE);
        devices.push(Device {
            index,
            token: signed_in.token,
            questionnaire: data.questionnaires[0].clone(),
            assignments: data.assignments.iter().map(|a| a.id).collect(),
            revisions: (0..EVALUATIONS_PER_DEVICE)
                .map(|_| if rng.random_bool(RETURNED) { 2 } else { 1 })
                .collect(),
            evaluations: Vec::new(),
        });
    }
    devices
}

/// A shopper's phone through the campaign: evaluates each assignment and pushes it; then fixes the ones the
/// organizer returns and pushes them as revision 2.
async fn run_device(mut device: Device, run: Arc<Run>) -> Device {
    let mut rng = StdRng::seed_from_u64(SEED + 1 + device.index as u64);
    for (number, &assignment) in device.assignments.iter().enumerate() {
        let label = format!("device {} evaluation {number}", device.index);
        let mut evaluation = fill_in(&device.questionnaire, assignment, &label, &mut rng);
        if number % ATTACHED_EVERY == 0 {
            for (bytes, content_type, question) in evidence(&label, &mut rng) {
                upload_until_complete(&run, &device.token, &bytes, content_type, &mut rng).await;
                evaluation.content.attachments.push(AttachmentRef {
                    sha256: sha256_hex(&bytes),
                    content_type: ContentType::parse(content_type).unwrap(),
                    size: bytes.len() as u64,
                    question_id: question.map(Into::into),
                });
            }
        }
        evaluation
            .submit(&device.questionnaire, 0)
            .expect("a complete evaluation");
        push_until_acknowledged(&run, &device.token, &mut evaluation, &mut rng).await;
        device.evaluations.push(evaluation);
    }
    for (evaluation, &revisions) in device.evaluations.iter_mut().zip(&device.revisions) {
        if revisions < 2 {
            continue;
        }
        returned_by_organizer(&run, &device.token, evaluation).await;
        let Answer::Number(before) = evaluation.content.answers["anbefaling"] else {
            unreachable!("a recommendation is a number")
        };
        let after = (before + rng.random_range(1..=10)) % 11; // another score from 0 to 10
        evaluation.set_answer("anbefaling", Some(Answer::Number(after)), 1);
        evaluation.set_notes(format!("{} (rettet)", evaluation.content.notes), 1);
        evaluation
            .submit(&device.questionnaire, 1)
            .expect("a complete evaluation");
        assert_eq!(evaluation.revision, 2);
        push_until_acknowledged(&run, &device.token, evaluation, &mut rng).await;
    }
    device
}

/// A complete phone evaluation: the demo questionnaire's valid answers, with its own recommendation, waiting time
/// (from the stamped timeline) and texts.
fn fill_in(
    questionnaire: &Questionnaire,
    assignment: Uuid,
    label: &str,
    rng: &mut StdRng,
) -> DeviceEvaluation {
    let id = uuid::Builder::from_random_bytes(rng.random()).into_uuid();
    let dialled = 1_767_600_000_000 + rng.random_range(0..86_400_000);
    let mut evaluation =
        DeviceEvaluation::new(id, assignment, Channel::Phone, questionnaire, dialled);
    let answers: Answers = serde_json::from_value(crate::common::valid_answers()).unwrap();
    for (question, answer) in answers {
        if question != "ventetid" {
            evaluation.set_answer(&question, Some(answer), dialled);
        }
    }
    evaluation.set_answer(
        "anbefaling",
        Some(Answer::Number(rng.random_range(0..=10))),
        dialled,
    );
    evaluation.set_answer(
        "beste",
        Some(Answer::Text(format!("{label}: rask"))),
        dialled,
    );
    evaluation.stamp(ContactEvent::Dialled, dialled, questionnaire);
    let waited = rng.random_range(5..300) * 1000;
    evaluation.stamp(ContactEvent::Answered, dialled + waited, questionnaire);
    evaluation.set_notes(format!("{label}: ventet i kø"), dialled);
    evaluation
}

/// A picture (random bytes, two chunks) for the overall impression and the pasted chat of one evaluation.
fn evidence(label: &str, rng: &mut StdRng) -> Vec<(Vec<u8>, &'static str, Option<&'static str>)> {
    let mut picture = vec![0u8; PICTURE_BYTES];
    rng.fill(picture.as_mut_slice());
    let text = format!("Kundeservice: Hei! ({label})\nMeg: Hei, hva koster det?\n").into_bytes();
    vec![
        (picture, "image/jpeg", Some("helhetsinntrykk")),
        (text, "text/plain", None),
    ]
}

/// Uploads one file through the proxy as the app does: start (or resume), then each chunk from where the
/// server stands; after a network error or a 5xx (a killed server, a faked answer) it asks again where the
/// server stands and goes on from there. Counts each request as an upload attempt.
async fn upload_until_complete(
    run: &Run,
    token: &str,
    bytes: &[u8],
    content_type: &str,
    rng: &mut StdRng,
) {
    let sha256 = sha256_hex(bytes);
    let start = json!({ "sha256": sha256, "content_type": content_type, "size": bytes.len() });
    let mut position: Option<u64> = None;
    for attempt in 1..=MAX_ATTEMPTS * 4 {
        run.upload_requests.fetch_add(1, Relaxed);
        let request = match position {
            None => run
                .http
                .post(format!("{}/api/v1/attachments", run.proxy))
                .json(&start),
            Some(at) => {
                let end = bytes.len().min(at as usize + CHUNK_BYTES as usize);
                let chunk = &bytes[at as usize..end];
                run.http
                    .put(format!(
                        "{}/api/v1/attachments/{sha256}/chunks/{at}",
                        run.proxy
                    ))
                    .header(CHUNK_HASH_HEADER, sha256_hex(chunk))
                    .header("content-type", "application/octet-stream")
                    .body(chunk.to_vec())
            }
        };
        let answer = match request.bearer_auth(token).send().await {
            Ok(response) => {
                let status = response.status();
                response.text().await.map(|body| (status, body))
            }
            Err(error) => Err(error),
        };
        match answer {
            Ok((status, body)) if status.is_success() => {
                let Ok(progress) = serde_json::from_str::<AttachmentProgress>(&body) else {
                    position = None; // a cut answer: ask where the server stands
                    continue;
                };
                if progress.complete {
                    return;
                }
                position = Some(progress.received);
                continue;
            }
            // The chunk before this one landed, but its answer was lost: ask where to go on.
            Ok((StatusCode::CONFLICT, _)) => position = None,
            Ok((status, body)) if status.is_client_error() => {
                run.refused
                    .lock()
                    .unwrap()
                    .push(format!("upload of {sha256}: {status} {body}"));
                return;
            }
            _ => position = None,
        }
        tokio::time::sleep(backoff(attempt.min(6), rng)).await;
    }
    panic!("{sha256} was never uploaded whole");
}

/// Pushes the evaluation's current revision through the proxy until the server acknowledges it, as the app's sync
/// does: the same id, revision and content again after a network error or any answer that is not the server's
/// decision (5xx, a cut answer), with backoff. A decision against it (4xx) would go back to the shopper.
async fn push_until_acknowledged(
    run: &Run,
    token: &str,
    evaluation: &mut DeviceEvaluation,
    rng: &mut StdRng,
) {
    let url = format!("{}/api/v1/evaluations/{}", run.proxy, evaluation.id);
    let submission = evaluation.submission();
    for attempt in 1..=MAX_ATTEMPTS {
        run.attempts.fetch_add(1, Relaxed);
        let sent = run
            .http
            .put(&url)
            .bearer_auth(token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&submission)
            .send()
            .await;
        let answer = match sent {
            Ok(response) => {
                let status = response.status();
                response.text().await.map(|body| (status, body))
            }
            Err(error) => Err(error),
        };
        match answer {
            Ok((status, body)) if status.is_success() => {
                let receipt: PushReceipt = serde_json::from_str(&body).expect("a push receipt");
                if receipt.status == PushStatus::Replayed {
                    run.replayed.fetch_add(1, Relaxed);
                }
                evaluation.acknowledge(&receipt);
                assert_eq!(evaluation.state, LocalState::Sent, "{receipt:?}");
                run.acknowledged.send_modify(|n| *n += 1);
                return;
            }
            Ok((status, body)) if matches!(status.as_u16(), 400 | 401 | 404 | 409 | 422) => {
                run.refused.lock().unwrap().push(format!(
                    "{} revision {}: {status} {body}",
                    evaluation.id, evaluation.revision
                ));
                evaluation.refuse(body, Vec::new());
                return;
            }
            _ => tokio::time::sleep(backoff(attempt, rng)).await,
        }
    }
    panic!(
        "{} revision {} was never acknowledged",
        evaluation.id, evaluation.revision
    );
}

/// The organizer returns the evaluation with a comment, and the device's next sync brings that back.
async fn returned_by_organizer(run: &Run, token: &str, evaluation: &mut DeviceEvaluation) {
    let review = json!({
        "revision": evaluation.revision,
        "decision": "return",
        "review": { "comment": "Sjekk anbefalingen" }
    });
    let _: Value = call(StatusCode::OK, || {
        run.http
            .post(format!(
                "{}/api/v1/organizer/evaluations/{}/review",
                run.server, evaluation.id
            ))
            .bearer_auth(ORGANIZER_TOKEN)
            .json(&review)
    })
    .await;
    let data: AssignmentsResponse = call(StatusCode::OK, || {
        run.http
            .get(format!("{}/api/v1/assignments", run.server))
            .bearer_auth(token)
    })
    .await;
    let status = data
        .evaluations
        .iter()
        .find(|status| status.evaluation_id == evaluation.id)
        .expect("the server lists the evaluation");
    evaluation.apply_status(status);
    assert_eq!(evaluation.state, LocalState::Returned);
}

// ---- The verdict ----

/// The attachments: every file an acknowledged evaluation names is in the store once, whole, with its hash.
#[derive(Debug, Default)]
struct FileCheck {
    evaluations: usize,
    named: usize,
    /// Named but not in the store.
    lost: usize,
    /// A second copy of a file: a chunk left beside a whole file (the store keeps one object per hash).
    duplicated: usize,
    /// Stored bytes whose SHA-256 is not their name (staging files of writes a kill interrupted are not
    /// stored files: the object store neither lists nor serves them).
    corrupted: usize,
}

impl FileCheck {
    fn compare(devices: &[Device], folder: &Path) -> Self {
        let mut check = Self::default();
        let mut named = HashSet::new();
        for evaluation in devices.iter().flat_map(|device| &device.evaluations) {
            if !evaluation.content.attachments.is_empty() {
                check.evaluations += 1;
            }
            named.extend(
                evaluation
                    .content
                    .attachments
                    .iter()
                    .map(|a| a.sha256.clone()),
            );
        }
        check.named = named.len();
        let mut stored = HashSet::new();
        for entry in std::fs::read_dir(folder.join("files"))
            .into_iter()
            .flatten()
        {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !shopper_domain::attachment::is_sha256(&name) {
                // A write a SIGKILL interrupted leaves its staging file (`<name>#<n>`), which the object
                // store never lists or serves; the file itself is written again by the next upload.
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            if sha256_hex(&bytes) != name {
                check.corrupted += 1;
            }
            stored.insert(name);
        }
        check.lost = named.iter().filter(|sha| !stored.contains(*sha)).count();
        let mut leftovers = Vec::new();
        let mut pending = vec![folder.join("partial")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else if !path.to_string_lossy().contains('#') {
                    leftovers.push(path);
                }
            }
        }
        // A chunk of a file that is whole is a second copy of its bytes.
        check.duplicated = leftovers
            .iter()
            .filter(|path| {
                let sha = path
                    .parent()
                    .and_then(|p| p.file_name())
                    .unwrap()
                    .to_string_lossy();
                stored.contains(sha.as_ref())
            })
            .count();
        check
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Check {
    /// Evaluations a device made that the server does not have.
    lost: usize,
    /// Rows beyond the first for an assignment (each assignment has one evaluation).
    duplicated: usize,
    /// Held with another revision or other content than the device last submitted.
    wrong_content: usize,
    /// Still waiting on the device for the server's acknowledgement.
    unacknowledged: usize,
    /// Rows no device made.
    unexpected: usize,
}

impl Check {
    fn compare(devices: &[Device], received: &[ReceivedEvaluation]) -> Self {
        let mut rows_per_assignment: HashMap<Uuid, usize> = HashMap::new();
        for row in received {
            *rows_per_assignment
                .entry(row.content.assignment_id)
                .or_default() += 1;
        }
        let by_id: HashMap<Uuid, &ReceivedEvaluation> =
            received.iter().map(|row| (row.id, row)).collect();
        let mut check = Self::default();
        let mut made = HashSet::new();
        for evaluation in devices.iter().flat_map(|device| &device.evaluations) {
            made.insert(evaluation.id);
            if evaluation.state != LocalState::Sent {
                check.unacknowledged += 1;
            }
            let rows = rows_per_assignment
                .get(&evaluation.content.assignment_id)
                .copied()
                .unwrap_or(0);
            check.duplicated += rows.saturating_sub(1);
            match by_id.get(&evaluation.id) {
                None => check.lost += 1,
                Some(row) => {
                    if row.revision != evaluation.revision
                        || row.content.canonical_json() != evaluation.content.canonical_json()
                    {
                        check.wrong_content += 1;
                    }
                }
            }
        }
        check.unexpected = received
            .iter()
            .filter(|row| !made.contains(&row.id))
            .count();
        check
    }
}
