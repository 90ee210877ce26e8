//! Shopper's PWA: the app mystery shoppers fill in evaluations with, offline first.
//!
//! `store` keeps everything on the device (and `evidence` the attached files), `sync` talks to the server, `state` ties them to the UI's signals,
//! `pages` and `components` are the screens. The rules themselves live in the `shopper-domain` crate.

pub mod app;
pub mod components;
pub mod evidence;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod router;
pub mod state;
pub mod store;
pub mod sync;
pub mod window;
