//! Serving the built PWA, and the layers: what every response gets (cache rules, security headers,
//! compression), the time limit of API and console requests, and the sync-protocol check of the API.

use std::path::PathBuf;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use shopper_domain::protocol::{PROTOCOL_HEADER, PROTOCOL_VERSION};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use super::error::ApiError;
use super::AppState;

/// The PWA's files from `dir` (trunk's `dist/`). Any other path gets `index.html`, so the app's own routes
/// (e.g. `/signin`) work when opened from a link. The build writes `.br` and `.gz` copies of every file at the
/// highest levels (scripts/precompress.mjs); a browser that accepts them gets those, with no work per request.
///
/// A folder is never redirected to its path with a `/` added (ServeDir's default): for `//icons` that answer
/// was `Location: //icons/`, which a browser reads as another host (an open redirect). A folder's path gets
/// `index.html` like any other unknown path.
pub fn static_files(dir: PathBuf) -> ServeDir<ServeFile> {
    ServeDir::new(&dir)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(dir.join("index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        )
}

/// What pages may load: only this site's own scripts (the wasm needs `'wasm-unsafe-eval'`, nothing inline),
/// no plugins, no `<base>` tricks, never inside another site's frame. The console's styles are inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub fn with_common_layers(router: Router, https: bool) -> Router {
    let router = if https {
        // Only over HTTPS: on plain http a browser ignores it, and it must never pin a LAN test server.
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    router
        .layer(middleware::from_fn(cache_control))
        // A served attachment brings its own, stricter policy (see [`attachment_response`]).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// How long a browser may keep a response. The shell (HTML, the service worker, the manifest) is revalidated
/// every time so a new build is seen at once; trunk's content-hashed files never change, so they are kept a
/// year; API answers are never stored by the HTTP cache.
fn cache_rule(path: &str, is_html: bool) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    if path.starts_with("/api/") || path.starts_with("/console") {
        "no-store"
    } else if is_html || file.is_empty() || file == "sw.js" || file.ends_with(".webmanifest") {
        "no-cache"
    } else if has_content_hash(file) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    }
}

/// trunk names built files `name-<16 hex digits>[_bg].ext`.
fn has_content_hash(file: &str) -> bool {
    file.split(['-', '_', '.'])
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) {
        // A served attachment says itself how long it may be kept.
        return response;
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_rule(&path, is_html)),
    );
    response
}

/// What a served attachment may do: nothing. No script runs (`sandbox`, `default-src 'none'`), the picture
/// itself shows when opened alone, and no other site may frame it.
pub const ATTACHMENT_POLICY: &str =
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

/// An attachment's bytes as a response: `Content-Type` from the type it was uploaded as (only the four the
/// protocol allows, never sniffed), [`ATTACHMENT_POLICY`], shown inline under its hash as a name. A file is
/// named by its hash and never changes, so the asker's own browser may keep it for an hour (private: no
/// shared cache); access is checked again on every request that reaches the server.
pub fn attachment_response(served: crate::attachments::Served) -> Response {
    let extension = match served.content_type {
        shopper_domain::attachment::ContentType::Jpeg => "jpg",
        shopper_domain::attachment::ContentType::Png => "png",
        shopper_domain::attachment::ContentType::Webp => "webp",
        shopper_domain::attachment::ContentType::Text => "txt",
    };
    let name = format!(
        "inline; filename=\"attachment-{}.{extension}\"",
        &served.sha256[..12]
    );
    (
        [
            (
                header::CONTENT_TYPE,
                served.content_type.as_str().to_owned(),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                ATTACHMENT_POLICY.to_owned(),
            ),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        served.bytes,
    )
        .into_response()
}

/// Answers 408 when a request takes longer than the configured timeout, reading its body included: a client
/// that stalls or trickles its upload gets an answer instead of holding its connection and task forever.
pub async fn time_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = state.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(limit.as_secs()).into_response(),
    }
}

/// On the console: a request axum itself refuses (a form that cannot be read, a wrong content type or method,
/// a path that does not parse) gets a console page in words instead of axum's plain-text line. Responses the
/// console made are HTML already and pass unchanged.
pub async fn console_pages(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    // axum's refusals are plain text, or (a wrong method) no body at all.
    let plain_text = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|value| value.as_bytes().starts_with(b"text/plain"));
    if !(plain_text && (status.is_client_error() || status.is_server_error())) {
        return response;
    }
    let lang = crate::http::console::Lang::Nb;
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => lang.t(
            "Det som ble sendt, er for stort.",
            "What was sent is too large.",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => lang.t(
            "Skjemaet ble sendt i et format konsollen ikke leser. Last siden på nytt og prøv igjen.",
            "The form was sent in a format the console does not read. Reload the page and try again.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => lang.t(
            "Denne adressen tar ikke imot slike forespørsler.",
            "This address does not take requests of this kind.",
        ),
        status if status.is_server_error() => lang.t(
            "Noe gikk galt på serveren. Prøv igjen; skjer det igjen, si fra til driften.",
            "Something went wrong on the server. Try again; if it happens again, tell the operators.",
        ),
        _ => lang.t(
            "Skjemaet eller adressen kunne ikke leses: et felt mangler eller har feil verdi.",
            "The form or address could not be read: a field is missing or has a wrong value.",
        ),
    };
    crate::http::console::Page::error(None, status, message).into_response()
}

/// Refuses a device that speaks another sync protocol (426), so an old app says "update" instead of
/// sending data this server would misread. Requests without the header (curl, the console) pass.
pub async fn check_protocol(request: Request, next: Next) -> Response {
    if let Some(value) = request.headers().get(PROTOCOL_HEADER) {
        let spoken = value.to_str().unwrap_or("?").to_owned();
        if spoken != PROTOCOL_VERSION.to_string() {
            return ApiError::ProtocolMismatch(spoken, PROTOCOL_VERSION).into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_is_revalidated_and_hashed_assets_are_kept() {
        assert_eq!(cache_rule("/", true), "no-cache");
        assert_eq!(cache_rule("/sw.js", false), "no-cache");
        assert_eq!(cache_rule("/manifest.webmanifest", false), "no-cache");
        assert_eq!(
            cache_rule("/shopper-5b3a3a4f2c1d0e9f_bg.wasm", false),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_rule("/style-0123456789abcdef.css", false),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_rule("/icons/icon-192.png", false),
            "public, max-age=3600"
        );
        assert_eq!(cache_rule("/api/v1/assignments", false), "no-store");
    }
}
