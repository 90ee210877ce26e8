//! Shopper's domain: the rules shared by the shopper's PWA (wasm32) and the organizer's server (native).
//!
//! Nothing here knows about HTTP, storage or the DOM, so every rule can be unit-tested on its own and both
//! sides run exactly the same code.

pub mod device;
pub mod evaluation;
pub mod protocol;
pub mod questionnaire;
pub mod sync;
pub mod validation;

pub use evaluation::{Answer, Answers, EvaluationContent, EvaluationSubmission};
pub use questionnaire::{Localized, Question, QuestionKind, Questionnaire, Section};
pub use validation::{validate, Problem, ProblemCode};
