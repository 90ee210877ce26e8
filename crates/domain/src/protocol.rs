//! The sync protocol: the JSON the PWA and the server exchange under `/api/v1/`.
//!
//! Plain JSON over HTTP with explicit types (not server functions, which cannot work offline). Every request
//! carries [`PROTOCOL_HEADER`]; a server that does not speak that version answers 426 so an old app can say
//! "update me" instead of sending data the server would misread.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::evaluation::EvaluationContent;

pub use crate::contact::Channel;
use crate::questionnaire::{DefinitionError, Questionnaire};
use crate::validation::Problem;

pub const PROTOCOL_VERSION: u32 = 1;
pub const PROTOCOL_HEADER: &str = "x-shopper-protocol";

/// `POST /api/v1/sign-in`: the invite code from the shopper's sign-in link.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignInRequest {
    pub invite_code: String,
}

/// The device token, sent as `Authorization: Bearer <token>` from now on. The server keeps only its hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignInResponse {
    pub token: String,
    pub shopper_name: String,
}

/// One contact a shopper is to make and evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub id: Uuid,
    pub company: String,
    pub class: String,
    pub channel: Channel,
    /// What to play: the customer's situation and question.
    pub scenario: String,
    /// Phone number, chat URL or e-mail address to contact.
    pub contact: String,
    pub window_start: String,
    pub window_end: String,
    pub due: String,
    pub questionnaire_id: String,
    pub questionnaire_version: u32,
}

/// `GET /api/v1/assignments`: everything a shopper needs offline, after one sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentsResponse {
    pub shopper_name: String,
    pub assignments: Vec<Assignment>,
    /// Each questionnaire version the assignments use, once.
    pub questionnaires: Vec<Questionnaire>,
    /// What became of each evaluation the shopper sent: received, approved, or returned with comments.
    #[serde(default)]
    pub evaluations: Vec<EvaluationStatus>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Waiting for the organizer's review.
    Received,
    Approved,
    /// Sent back to the shopper to fix, with comments.
    Returned,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 3] = [
        ReviewStatus::Received,
        ReviewStatus::Approved,
        ReviewStatus::Returned,
    ];

    /// The name on the wire and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Received => "received",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Returned => "returned",
        }
    }
}

/// The reviewer's comments on a returned evaluation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewComments {
    /// About the evaluation as a whole.
    #[serde(default)]
    pub comment: Option<String>,
    /// By question id.
    #[serde(default)]
    pub questions: BTreeMap<String, String>,
}

/// The server's view of one of the shopper's evaluations (the content too, so a new device can fix a
/// returned one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationStatus {
    pub evaluation_id: Uuid,
    pub revision: u32,
    pub status: ReviewStatus,
    #[serde(default)]
    pub review: ReviewComments,
    pub received_at: String,
    pub content: EvaluationContent,
}

/// `POST /api/v1/organizer/evaluations/{id}/review`: approve, or return with comments, the given revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRequest {
    /// The revision reviewed; another revision on the server is a 409 (the shopper changed it meanwhile).
    pub revision: u32,
    pub decision: ReviewDecision,
    #[serde(default)]
    pub review: ReviewComments,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Approve,
    Return,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// First time the server saw this revision: stored now.
    Stored,
    /// The server already had exactly this revision and content; nothing changed.
    Replayed,
}

/// `PUT /api/v1/evaluations/{id}` answered 200 or 201: the device may now mark the evaluation as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushReceipt {
    pub evaluation_id: Uuid,
    pub revision: u32,
    pub status: PushStatus,
    pub received_at: String,
}

/// The body of every error answer: a stable code, a readable message and, where they apply, details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// Validation problems (422).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// The revision the server holds, on a revision conflict (409).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_revision: Option<u32>,
    /// What is wrong with an imported questionnaire definition, line by line (422).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub definition_errors: Vec<DefinitionError>,
    /// What is wrong with the rows of an imported CSV file (422); nothing was stored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub row_errors: Vec<RowError>,
}

/// One bad row of an imported CSV file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// The line in the file, 1-based, the header being line 1.
    pub line: usize,
    /// What is wrong, as a stable code (`row_no_company`, `row_unknown_channel`, ...).
    #[serde(default)]
    pub code: String,
    pub message: String,
}

/// `POST /api/v1/organizer/questionnaires` answered 201 (a new version) or 200 (the same as the latest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedQuestionnaire {
    pub id: String,
    pub version: u32,
    pub created: bool,
    pub questions: usize,
}

/// `GET /api/v1/organizer/evaluations`: what the organizer has received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceivedEvaluation {
    pub id: Uuid,
    pub revision: u32,
    pub shopper_name: String,
    pub company: String,
    pub received_at: String,
    pub status: ReviewStatus,
    #[serde(default)]
    pub review: ReviewComments,
    /// The evaluation's score in percent, when anything in it is scored.
    pub percent: Option<f64>,
    pub content: EvaluationContent,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_channels_are_named_as_on_the_wire() {
        for status in ReviewStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for channel in Channel::ALL {
            assert_eq!(serde_json::to_value(channel).unwrap(), channel.as_str());
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
        }
        assert_eq!(Channel::parse("telefon"), None);
    }
}
