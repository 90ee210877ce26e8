//! The screens, one module each.

pub mod assignments;
pub mod evaluation;
pub mod evaluation_loader;
pub mod sign_in;
