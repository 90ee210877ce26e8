//! `fetch` for the sync protocol: JSON bodies, the bearer token and the protocol version on every request,
//! and a time limit on each.

use shopper_domain::protocol::{ErrorDetail, PROTOCOL_HEADER, PROTOCOL_VERSION};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Request, RequestInit, Response};

/// A request that got no HTTP answer at all: offline, server down, connection cut.
#[derive(Debug, Clone)]
pub struct Unreachable;

/// An HTTP answer: status and body text.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The stable code of an error answer (`ErrorDetail::from_body`), "http" when the body has none.
    pub fn error_code(&self, status: u16) -> String {
        ErrorDetail::from_body(status, &self.body).code
    }
}

/// No request waits longer than this for its answer: a hanging one must not keep the app "sending".
const TIMEOUT_MS: u32 = 20_000;

pub async fn send(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<Answer, Unreachable> {
    send_with(method, path, token, body, false).await
}

/// `send`, with `keepalive`: the request outlives the page (for what is sent as the app is closed).
pub async fn send_with(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
    keepalive: bool,
) -> Result<Answer, Unreachable> {
    let failed = |_: JsValue| Unreachable;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(TIMEOUT_MS)));
    if keepalive {
        // Not in web-sys's RequestInit: set as the plain property it is.
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    }
    if let Some(body) = &body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(path, &init).map_err(failed)?;
    let headers = request.headers();
    headers
        .set(PROTOCOL_HEADER, &PROTOCOL_VERSION.to_string())
        .map_err(failed)?;
    if body.is_some() {
        headers
            .set("content-type", "application/json")
            .map_err(failed)?;
    }
    if let Some(token) = token {
        headers
            .set("authorization", &format!("Bearer {token}"))
            .map_err(failed)?;
    }
    let window = web_sys::window().ok_or(Unreachable)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(failed)?
        .unchecked_into();
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(Answer {
        status,
        body: text.as_string().unwrap_or_default(),
    })
}
