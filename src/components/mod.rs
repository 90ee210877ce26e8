//! Parts of screens: the status bar, the contact panel, one question of the form and the evidence attached.

pub mod contact;
pub mod evidence;
pub mod question;
pub mod status_bar;
