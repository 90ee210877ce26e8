//! Pieces shared by several screens.

pub mod question;
pub mod status_bar;
