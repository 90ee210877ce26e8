//! `shopper-server`: starts the organizer's server (API + PWA) on an SQLite database (the default) or on
//! PostgreSQL (`DATABASE_URL=postgres://...`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use shopper_domain::definition::{self, Format};
use shopper_server::accounts::OrganizerAccount;
use shopper_server::accounts::{self, Role};
use shopper_server::attachments::{self, Blobs};
use shopper_server::rankings;
use shopper_server::ratelimit::{Limiter, Limits};
use shopper_server::store::Store;
use shopper_server::{app, changes, connections, demo, secrets, shoppers, AppState};
use tracing_subscriber::EnvFilter;

/// The shortest organizer API token accepted: it acts as an admin, so it must not be guessable.
const MIN_ORGANIZER_TOKEN_CHARS: usize = 32;

#[derive(Debug, Parser)]
#[command(
    version,
    about = "Shopper's organizer server: JSON API, storage and the shopper PWA"
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on.
    #[arg(long, env = "SHOPPER_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Database URL: `sqlite://FILE` (the file and its folder are created when missing) or
    /// `postgres://USER:PASSWORD@HOST/DATABASE` (an existing database; the schema is made on first start).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/shopper.sqlite"
    )]
    database_url: String,
    /// Where attachments' bytes are kept: a folder (created when missing), or `s3://bucket/prefix` for
    /// S3-compatible object storage, configured by the usual AWS variables (AWS_ENDPOINT, AWS_REGION,
    /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ALLOW_HTTP). Left out: `attachments` beside the SQLite
    /// database (`data/attachments` on PostgreSQL). Several instances share one S3 location and one database.
    #[arg(long, env = "SHOPPER_ATTACHMENTS")]
    attachments: Option<String>,
    /// The built PWA (trunk's output) to serve.
    #[arg(long, env = "SHOPPER_STATIC_DIR", default_value = "dist")]
    static_dir: PathBuf,
    /// Token for the organizer API (`Authorization: Bearer ...`), at least 32 characters. A random one is made
    /// and printed if unset.
    #[arg(long, env = "SHOPPER_ORGANIZER_TOKEN", hide_env_values = true)]
    organizer_token: Option<String>,
    /// Fill an empty database with the demo campaign and print a fresh sign-in link for the demo shopper.
    #[arg(long)]
    demo: bool,
    /// With --demo: also seed last year's complete wave and this year's wave half done (generated from a
    /// fixed seed). `--demo-waves false` keeps the demo to its one small campaign.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    demo_waves: bool,
    /// Load balancers or reverse proxies in front of this server (comma-separated IP addresses): for requests
    /// from them, rate limits count the client address in X-Forwarded-For (docs/OPERATIONS.md).
    #[arg(long, env = "SHOPPER_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// The address shoppers reach the server at, for printed links (defaults to http://<addr>).
    #[arg(long, env = "SHOPPER_PUBLIC_URL")]
    public_url: Option<String>,
    /// Shopper sign-ins, and apart from them organizer logins, allowed per minute from one address (against
    /// guessing codes and passwords). Raise it when a whole group signs in at once from one network, e.g. a training session behind
    /// one router; the fault test raises it to sign in its many devices.
    #[arg(
        long,
        env = "SHOPPER_SIGN_INS_PER_MINUTE",
        default_value_t = Limits::default().sign_in_per_address,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    sign_ins_per_minute: u32,
    /// Seconds an API or console request may take, reading its body included; a slower one is answered 408
    /// (a stalled upload cannot hold the server's work forever).
    #[arg(
        long,
        env = "SHOPPER_REQUEST_TIMEOUT",
        default_value_t = shopper_server::REQUEST_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    request_timeout: u64,
    /// Seconds a request head may take to arrive whole, and a kept-alive connection may sit idle before its
    /// next request; then the connection is closed (against slow-loris).
    #[arg(
        long,
        env = "SHOPPER_HEADER_TIMEOUT",
        default_value_t = connections::HEADER_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    header_timeout: u64,
    /// Open connections in all; one more is closed at once. Keep it under the descriptor limit (`ulimit -n`).
    #[arg(
        long,
        env = "SHOPPER_MAX_CONNECTIONS",
        default_value_t = connections::MAX_CONNECTIONS,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
    )]
    max_connections: usize,
    /// Open connections from one address (an IPv6 /64 counts as one; trusted proxies are not capped).
    #[arg(
        long,
        env = "SHOPPER_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = connections::MAX_PER_ADDRESS,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
    )]
    max_connections_per_address: usize,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import a questionnaire definition file (.toml or .json; see docs/QUESTIONNAIRES.md) as the next version
    /// of its questionnaire, then exit. Errors are printed as FILE:LINE: message.
    ImportQuestionnaire { file: PathBuf },
    /// Write a consistent copy of the database to FILE while the server may keep running, then exit.
    /// Restoring is described in docs/OPERATIONS.md.
    Backup { file: PathBuf },
    /// Create an organizer account (the first admin, or anyone later), then exit. The password is read from
    /// SHOPPER_PASSWORD or, when unset, from the first line of standard input; it needs 10 characters.
    CreateOrganizer {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin (everything), reviewer (review queue and results) or viewer (results only).
        #[arg(long, default_value = "admin")]
        role: String,
    },
    /// Lock an organizer out (someone who left), then exit: no login works for them any more and every
    /// session of theirs ends at once. Recorded in the audit log as the command line.
    DeactivateOrganizer {
        #[arg(long)]
        email: String,
    },
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    limit_malloc_arenas();
    run()
}

/// glibc gives every thread that allocates an arena of its own and keeps freed memory in it: the server's
/// resident memory after a season's reads was 312 MiB, 142 MiB with `MALLOC_ARENA_MAX=2`. glibc reads the
/// variable only when the process starts, so without it the server starts itself again with it (same process
/// id, same arguments). A value set by the operator is kept; elsewhere than glibc on Linux nothing is done.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let error = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX)
            .exec();
        eprintln!("could not start again with MALLOC_ARENA_MAX={MALLOC_ARENA_MAX} ({error}); going on without");
    }
}

/// Arenas for glibc's allocator unless `MALLOC_ARENA_MAX` is set (see [`limit_malloc_arenas`]).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MALLOC_ARENA_MAX: &str = "2";

#[tokio::main]
async fn run() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let args = Args::parse();
    if let Some(token) = &args.organizer_token {
        if token.trim().chars().count() < MIN_ORGANIZER_TOKEN_CHARS {
            return Err(format!(
                "--organizer-token (SHOPPER_ORGANIZER_TOKEN) needs at least {MIN_ORGANIZER_TOKEN_CHARS} characters: \
                 it opens the whole API as an admin (leave it out and a random one is made)"
            )
            .into());
        }
    }
    if let Some(folder) = sqlite_folder(&args.database_url) {
        std::fs::create_dir_all(folder)?;
    }
    if let Some(file) = sqlite_file(&args.database_url) {
        keep_private(&file)?;
    }
    let store = Store::open(&args.database_url).await?;
    match &args.command {
        Some(Command::ImportQuestionnaire { file }) => {
            return import_questionnaire(&store, file).await
        }
        Some(Command::Backup { file }) => {
            store.backup(file).await?;
            println!("Backed up to {}.", file.display());
            return Ok(());
        }
        Some(Command::CreateOrganizer { email, name, role }) => {
            let role = Role::parse(role).ok_or("--role is admin, reviewer or viewer")?;
            let password = match std::env::var("SHOPPER_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    eprintln!("Password for {email} (at least 10 characters):");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            accounts::create_organizer(&store, email, name, role, &password)
                .await
                .map_err(|e| e.to_string())?;
            println!("Created {} {email}.", role.as_str());
            return Ok(());
        }
        Some(Command::DeactivateOrganizer { email }) => {
            let actor = OrganizerAccount::command_line();
            changes::deactivate_organizer(&store, &actor, email)
                .await
                .map_err(|e| e.to_string())?;
            println!("Deactivated {email}: no login, no session.");
            return Ok(());
        }
        None => {}
    }
    // Revisions stored before scores were (or by an older version): scored once now, so results never wait.
    let scored = rankings::fill_scores(&store).await?;
    if scored > 0 {
        tracing::info!(scored, "stored the scores of revisions not scored yet");
    }
    let organizer_token = args
        .organizer_token
        .clone()
        .unwrap_or_else(secrets::new_secret);

    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let addr = listener.local_addr()?;
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    println!("Shopper is running at {public_url}/");
    if args.organizer_token.is_none() {
        println!("Organizer API token (this run only): {organizer_token}");
    }
    let attachments = args.attachments.clone().unwrap_or_else(|| {
        sqlite_folder(&args.database_url)
            .unwrap_or_else(|| PathBuf::from("data"))
            .join("attachments")
            .display()
            .to_string()
    });
    let blobs = Blobs::open(&attachments, std::env::vars())?;
    tracing::info!(location = %blobs.location, "attachments are kept here");
    if args.demo {
        if demo::seed_if_empty(&store).await? {
            println!("Created the demo campaign.");
        }
        if args.demo_waves {
            let started = std::time::Instant::now();
            if demo::seed_waves(&store).await? {
                println!(
                    "Seeded last year's wave and this year's half in {} ms.",
                    started.elapsed().as_millis()
                );
            }
        }
        // The evidence the generated chats name (once; nothing without the generated waves).
        demo::seed_attachments(&store, &blobs).await?;
        for (email, role) in demo::ORGANIZERS {
            println!(
                "Demo organizer ({role}): {email} / {}",
                demo::ORGANIZER_PASSWORD
            );
        }
        demo::ensure_participant(&store).await?;
        let (email, company) = demo::PARTICIPANT;
        println!(
            "Demo participant ({company}) at /portal/login: {email} / {}",
            demo::ORGANIZER_PASSWORD
        );
        let expires = shoppers::invite_expiry();
        let code = store.create_invite(demo::DEMO_SHOPPER_ID, &expires).await?;
        let link = shoppers::sign_in_link(&public_url, &code);
        println!("Demo shopper sign-in link: {link}");
    }
    if !args.static_dir.join("index.html").exists() {
        tracing::warn!(dir = %args.static_dir.display(), "no built PWA here: build it with `trunk build --release`");
    }
    attachments::sweep_in_background(store.clone(), blobs.clone());
    let mut state = AppState::new(store, &organizer_token)
        .with_public_url(&public_url)
        .with_blobs(blobs);
    state.limiter = Arc::new(
        Limiter::new(Limits {
            sign_in_per_address: args.sign_ins_per_minute,
            login_per_address: args.sign_ins_per_minute,
            ..Limits::default()
        })
        .trusting(args.trusted_proxies.clone()),
    );
    state.request_timeout = Duration::from_secs(args.request_timeout);
    let router = app(state, Some(args.static_dir));
    let limits = connections::ConnectionLimits {
        header_timeout: Duration::from_secs(args.header_timeout),
        max_connections: args.max_connections,
        max_per_address: args.max_connections_per_address,
        trusted_proxies: args.trusted_proxies.clone(),
    };
    connections::serve(listener, router, limits, shutdown_signal()).await?;
    Ok(())
}

async fn import_questionnaire(
    store: &Store,
    file: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let name = file.display().to_string();
    let format = Format::from_file_name(&name)
        .ok_or_else(|| format!("{name}: the file name must end in .toml or .json"))?;
    let source = std::fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
    let questionnaire = match definition::parse(&source, format) {
        Ok(questionnaire) => questionnaire,
        Err(errors) => {
            for error in &errors {
                match error.line {
                    Some(line) => eprintln!("{name}:{line}: {}", error.message),
                    None => eprintln!("{name}: {}", error.message),
                }
            }
            return Err(format!("{name}: {} error(s), nothing imported", errors.len()).into());
        }
    };
    // The same change as the console's and the API's import, recorded in the audit log as the command line.
    let actor = OrganizerAccount::command_line();
    let imported = changes::import_questionnaire(store, &actor, questionnaire).await?;
    if imported.created {
        println!(
            "Imported \"{}\" as version {} ({} questions).",
            imported.id, imported.version, imported.questions
        );
    } else {
        println!(
            "\"{}\" is unchanged: still version {}.",
            imported.id, imported.version
        );
    }
    Ok(())
}

/// The file of an `sqlite://` URL.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = path.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// The folder of an `sqlite://` file URL, to create before SQLite opens the file.
fn sqlite_folder(url: &str) -> Option<PathBuf> {
    sqlite_file(url)?
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(PathBuf::from)
}

/// The database is for the server's user alone: a new file is created 0600 before SQLite opens it (SQLite
/// gives its -wal and -shm files the database file's mode), and files of an older start that others could
/// read are made 0600.
#[cfg(unix)]
fn keep_private(database: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if !database.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(database)?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        if let Ok(metadata) = std::fs::metadata(&file) {
            if metadata.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
                tracing::warn!(file = %file.display(), "the database file was readable by others: now 0600");
            }
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_private(_: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async { tokio::signal::ctrl_c().await.ok() };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
