//! Shopper's organizer server, in three floors (docs/ARCHITECTURE.md):
//! - [`http`]: everything that knows HTTP: the router, the JSON API, the console, extractors, layers;
//! - the features ([`accounts`], [`campaign`], [`changes`], [`demo`], [`fees`], [`flags`], [`imports`], [`push`], [`names`],
//!   [`plan`], [`progress`], [`queue`], [`rankings`], [`shoppers`]): the rules of the organizer's work, with
//!   neither HTTP nor SQL in them;
//! - [`store`]: every SQL statement, as methods of one [`store::Store`].
//!
//! Beneath them, [`error`] (causes with stable codes) and [`secrets`] (tokens and clocks). `app(state)` builds
//! the whole router so that tests start exactly what `main` starts, on `127.0.0.1:0`.

pub mod accounts;
pub mod attachments;
pub mod campaign;
pub mod changes;
pub mod demo;
pub mod drafts;
pub mod error;
pub mod fees;
pub mod flags;
pub mod http;
pub mod imports;
pub mod names;
pub mod plan;
pub mod portal;
pub mod progress;
pub mod push;
pub mod queue;
pub mod rankings;
pub mod reports;
pub mod secrets;
pub mod shoppers;
pub mod store;

pub use http::{app, connections, ratelimit, AppState, REQUEST_TIMEOUT};
