//! The server's three floors, checked on its source: `store/` holds every SQL statement and knows no HTTP;
//! the feature modules know neither HTTP nor SQL; `http/` runs no SQL. A file that breaks a rule fails this
//! test with the file and the line.

use std::path::{Path, PathBuf};

/// The floor a source file of `src/` is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Floor {
    Http,
    Feature,
    Store,
    /// `error.rs`, `secrets.rs`: used by every floor, using none.
    Ground,
    /// `lib.rs` and `main.rs`: the crate root and the binary, which put the floors together.
    Root,
}

fn floor_of(relative: &Path) -> Floor {
    let text = relative.to_string_lossy().replace('\\', "/");
    match text.as_str() {
        t if t.starts_with("http/") => Floor::Http,
        t if t.starts_with("store/") => Floor::Store,
        "error.rs" | "secrets.rs" => Floor::Ground,
        "lib.rs" | "main.rs" => Floor::Root,
        _ => Floor::Feature,
    }
}

const FEATURES: [&str; 18] = [
    "accounts",
    "attachments",
    "campaign",
    "changes",
    "demo",
    "drafts",
    "fees",
    "flags",
    "imports",
    "names",
    "plan",
    "portal",
    "progress",
    "push",
    "queue",
    "rankings",
    "reports",
    "shoppers",
];
const SQL: [&str; 5] = [
    "SELECT ",
    "INSERT INTO",
    "UPDATE ",
    "DELETE FROM",
    "sqlx::query",
];

/// What a line of code (comments left out) on `floor` may not contain, and why.
fn breaks(floor: Floor, code: &str) -> Option<String> {
    let uses_axum = code.contains("axum::") || code.contains("use axum") || code.contains("maud::");
    let runs_sql = SQL.iter().any(|sql| code.contains(sql));
    let uses = |module: &str| {
        code.contains(&format!("crate::{module}::"))
            || code.contains(&format!("crate::{module};"))
            || code.contains(&format!("crate::{{{module}"))
    };
    match floor {
        Floor::Store | Floor::Feature | Floor::Ground if uses_axum => {
            Some("knows HTTP (axum or maud)".into())
        }
        Floor::Feature | Floor::Http | Floor::Ground | Floor::Root if runs_sql => {
            Some("runs SQL outside store/".into())
        }
        Floor::Feature if code.contains("sqlx") => Some("uses sqlx outside store/".into()),
        Floor::Store | Floor::Feature | Floor::Ground if uses("http") => {
            Some("reaches up into http/".into())
        }
        Floor::Store | Floor::Ground => FEATURES
            .iter()
            .find(|feature| uses(feature))
            .map(|feature| format!("reaches up into the feature {feature}")),
        _ => None,
    }
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The lines of a file that break its floor's rule: "file:line: why".
fn violations(relative: &Path, source: &str) -> Vec<String> {
    let floor = floor_of(relative);
    let mut in_tests = false;
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        // A module's own unit tests may look at rows directly.
        in_tests |= line.trim_start().starts_with("#[cfg(test)]");
        let code = line.split("//").next().unwrap_or_default();
        if in_tests || code.trim().is_empty() {
            continue;
        }
        if let Some(why) = breaks(floor, code) {
            found.push(format!(
                "{}:{}: {why}: {}",
                relative.display(),
                index + 1,
                line.trim()
            ));
        }
    }
    found
}

#[test]
fn each_floor_uses_only_what_it_may() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "the source is found");
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        wrong.extend(violations(
            relative,
            &std::fs::read_to_string(&file).unwrap(),
        ));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_check_catches_sql_in_a_handler_and_http_in_the_store() {
    let handler = "let n = sqlx::query(\"SELECT COUNT(*) FROM shoppers\").fetch_one(db).await?;";
    assert_eq!(
        violations(Path::new("http/console/queue.rs"), handler).len(),
        1
    );
    let store = "use axum::http::StatusCode;\nuse crate::http::error::ApiError;";
    assert_eq!(violations(Path::new("store/shoppers.rs"), store).len(), 2);
    let feature = "use crate::store::Store; // SELECT in a comment is fine";
    assert!(violations(Path::new("campaign.rs"), feature).is_empty());
    assert_eq!(
        violations(Path::new("store/mod.rs"), "use crate::changes;").len(),
        1
    );
}
