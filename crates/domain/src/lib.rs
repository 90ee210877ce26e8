//! Shopper's domain: the rules shared by the shopper's PWA (wasm32) and the organizer's server (native).
//!
//! Nothing here knows about HTTP, storage or the DOM, so every rule can be unit-tested on its own and both
//! sides run exactly the same code.

pub mod attachment;
pub mod callbar;
pub mod condition;
pub mod contact;
#[cfg(feature = "definition-files")]
pub mod definition;
pub mod device;
pub mod evaluation;
pub mod json;
pub mod outcome;
#[cfg(feature = "planner")]
pub mod planner;
pub mod protocol;
pub mod questionnaire;
pub mod results;
pub mod scoring;
pub mod sync;
pub mod validation;
pub mod visibility;
pub mod window;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod testing;

pub use condition::Condition;
pub use contact::Channel;
pub use evaluation::{Answer, Answers, EvaluationContent, EvaluationSubmission};
pub use outcome::{Outcome, OutcomeRule};
pub use questionnaire::{Localized, Question, QuestionKind, Questionnaire, Section};
pub use scoring::{score, EvaluationScore, Points};
pub use validation::{validate, Problem, ProblemCode};
pub use visibility::{visible, Visible};
