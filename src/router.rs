//! Client-side routing for the app's three screens, in place of `leptos_router`, which cost about 32-36 KB
//! brotli of the wasm for what the app used of it (docs/DECISIONS.md). It does the same for this app: the
//! screen follows the address bar's path (also on back and forward), a plain click on a link within the app
//! changes the screen without a page load and scrolls to the top, `use_navigate` and `use_params_map` work
//! as there.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The app's screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Assignments,
    SignIn,
    Evaluation,
    /// No route matches the path.
    Missing,
}

/// The routes: a path's segments, `:name` taking any one segment as the parameter `name`.
const ROUTES: [(&str, Route); 3] = [
    ("/", Route::Assignments),
    ("/signin", Route::SignIn),
    ("/a/:id", Route::Evaluation),
];

/// The parameters of the matched route, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamsMap(Vec<(&'static str, String)>);

impl ParamsMap {
    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }
}

/// How to navigate: `replace` replaces the current history entry instead of adding one.
#[derive(Debug, Clone, Copy, Default)]
pub struct NavigateOptions {
    pub replace: bool,
}

/// The route a path matches (empty segments, as from a trailing slash, are ignored), and its parameters.
pub fn matching(path: &str) -> (Route, ParamsMap) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for (pattern, route) in ROUTES {
        let parts: Vec<&'static str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut params = Vec::new();
        let matched =
            parts
                .iter()
                .zip(&segments)
                .all(|(part, segment)| match part.strip_prefix(':') {
                    Some(name) => {
                        params.push((name, (*segment).to_owned()));
                        true
                    }
                    None => part == segment,
                });
        if matched {
            return (route, ParamsMap(params));
        }
    }
    (Route::Missing, ParamsMap::default())
}

/// The current path, shared by the hooks below.
#[derive(Clone, Copy)]
struct Location(RwSignal<String>);

/// Starts routing for the app's lifetime and gives the current route.
pub fn start() -> Memo<Route> {
    let path = RwSignal::new(current_path());
    provide_context(Location(path));
    let on_click = window_event_listener(leptos::ev::click, move |event| {
        if let Some(to) = link_within_app(&event) {
            event.prevent_default();
            go(path, &to, false);
        }
    });
    let on_history = window_event_listener(leptos::ev::popstate, move |_| path.set(current_path()));
    // The listeners live as long as the app.
    std::mem::forget((on_click, on_history));
    Memo::new(move |_| path.with(|p| matching(p).0))
}

/// Navigates within the app, like a click on a link to `to` (a path).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + Send + Sync + 'static {
    let Location(path) = expect_context();
    move |to, options| go(path, to, options.replace)
}

/// The parameters of the current route.
pub fn use_params_map() -> Memo<ParamsMap> {
    let Location(path) = expect_context();
    Memo::new(move |_| path.with(|p| matching(p).1))
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

fn go(path: RwSignal<String>, to: &str, replace: bool) {
    let window = window();
    if let Ok(history) = window.history() {
        let location = window.location();
        let here = [location.pathname(), location.search(), location.hash()]
            .into_iter()
            .collect::<Result<String, _>>()
            .unwrap_or_default();
        if replace {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(to));
        } else if here != to {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(to));
        }
    }
    let new_path = current_path();
    if path.with_untracked(|p| *p != new_path) {
        path.set(new_path);
    }
    // After the new screen is drawn.
    request_animation_frame(|| leptos::prelude::window().scroll_to_with_x_and_y(0.0, 0.0));
}

/// Where a click goes if it is a plain click on a link to a page of this app (path, query and fragment);
/// `None` leaves the click to the browser (other sites, `tel:`/`mailto:`, new tabs, downloads).
fn link_within_app(event: &web_sys::MouseEvent) -> Option<String> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.alt_key()
        || event.ctrl_key()
        || event.shift_key()
    {
        return None;
    }
    let link = event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??;
    let external = link
        .get_attribute("rel")
        .is_some_and(|rel| rel.split_whitespace().any(|r| r == "external"));
    if link.get_attribute("target").is_some_and(|t| !t.is_empty())
        || link.has_attribute("download")
        || external
    {
        return None;
    }
    let location = window().location();
    let url =
        web_sys::Url::new_with_base(&link.get_attribute("href")?, &location.href().ok()?).ok()?;
    if url.origin() != location.origin().ok()? {
        return None;
    }
    Some(url.pathname() + &url.search() + &url.hash())
}
