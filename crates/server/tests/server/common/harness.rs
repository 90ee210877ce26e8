//! Starting the real server for a test or for the benchmark (which includes this file): a new database (an
//! SQLite file in a folder, or a new database on a PostgreSQL server), and the whole app served on
//! 127.0.0.1:0 in this process, exactly as `main` serves it.

use std::path::{Path, PathBuf};

use shopper_server::{app, AppState};

/// An empty database: a new SQLite file `file` in `dir`, or, when `postgres` names a PostgreSQL server, a new
/// database created there (named `prefix` and a random suffix).
pub async fn new_database_url(
    dir: &Path,
    file: &str,
    postgres: Option<&str>,
    prefix: &str,
) -> String {
    match postgres {
        Some(server) if server.starts_with("postgres") => {
            sqlx::any::install_default_drivers();
            let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
            let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(server)
                .await
                .unwrap_or_else(|e| panic!("{server}: {e}"));
            sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let (base, _) = server.rsplit_once('/').expect("postgres://host/database");
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}", dir.join(file).display()),
    }
}

/// Serves the app for `state` (and the PWA from `static_dir`) on 127.0.0.1:0; its base URL.
pub async fn serve(state: AppState, static_dir: Option<PathBuf>) -> String {
    let router = app(state, static_dir);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, service).await.unwrap()
    });
    base
}
