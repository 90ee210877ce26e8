//! Parts of screens: the status bar, the contact panel and one question of the form.

pub mod contact;
pub mod question;
pub mod status_bar;
