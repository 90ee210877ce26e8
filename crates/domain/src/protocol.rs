//! The sync protocol: the JSON the PWA and the server exchange under `/api/v1/`.
//!
//! Plain JSON over HTTP with explicit types (not server functions, which cannot work offline). Every request
//! carries [`PROTOCOL_HEADER`]; a server that does not speak that version answers 426 so an old app can say
//! "update me" instead of sending data the server would misread.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::evaluation::EvaluationContent;
use crate::outcome::OutcomeRule;

pub use crate::contact::Channel;
use crate::questionnaire::{DefinitionError, Questionnaire};
use crate::validation::Problem;

pub const PROTOCOL_VERSION: u32 = 1;
pub const PROTOCOL_HEADER: &str = "x-shopper-protocol";

/// `POST /api/v1/sign-in`: the invite code from the shopper's sign-in link.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub invite_code: String,
}

/// The device token, sent as `Authorization: Bearer <token>` from now on. The server keeps only its hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// When the contact may be recorded as not reached (the campaign's rule).
    #[serde(default)]
    pub outcome_rule: OutcomeRule,
    /// The weekdays the contact may be made on, as ISO day numbers (`1-5`); none: every day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekdays: Option<String>,
    /// The hours it may be made in, Norwegian time (`09:00-15:00`); none: the whole day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
}

impl Assignment {
    /// When the contact may be made: for [`crate::window::Window::status`] with the local time in Oslo
    /// ("Kan gjennomføres nå" or "Utenfor tidsvinduet"); none when its dates cannot be read.
    pub fn window(&self) -> Option<crate::window::Window> {
        use crate::window::{Hours, Weekdays};
        crate::window::assignment_window(
            &self.window_start,
            &self.window_end,
            self.weekdays.as_deref(),
            self.hours.as_deref(),
            (Weekdays::ALL, Hours::WHOLE_DAY),
        )
    }
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

/// [`AssignmentsResponse`] as the phone reads and keeps it: the same JSON, with each questionnaire kept as the
/// server's text (and its id and version) and read into a [`Questionnaire`] only when its form opens
/// ([`QuestionnaireText::read`]). The start and list screens so link no reader of questions, kinds or
/// conditions (the form's code, loaded on demand, has it), and a questionnaire this app cannot read (a newer
/// server's question kind) costs its own form, not the list or the sync.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PhoneAssignments {
    pub shopper_name: String,
    pub assignments: Vec<Assignment>,
    pub questionnaires: Vec<QuestionnaireText>,
    #[serde(default)]
    pub evaluations: Vec<EvaluationStatus>,
}

/// One questionnaire version as the server sent it: its id and version, read at once, and its JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionnaireText {
    pub id: String,
    pub version: u32,
    pub json: Box<str>,
}

impl QuestionnaireText {
    /// The questionnaire itself, read from the text (structs from objects only, as every record).
    pub fn read(&self) -> Result<Questionnaire, serde_json::Error> {
        crate::json::from_str(&self.json)
    }
}

impl<'de> Deserialize<'de> for QuestionnaireText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// What the phone needs of a questionnaire before its form opens (the rest is skipped, not read).
        #[derive(Deserialize)]
        struct Key {
            id: String,
            #[serde(default)]
            version: u32,
        }
        let text = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        let key: Key = crate::json::from_str(text.get())
            .map_err(|_| serde::de::Error::custom("a questionnaire without its id"))?;
        Ok(Self {
            id: key.id,
            version: key.version,
            json: text.into(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PushStatus {
    /// First time the server saw this revision: stored now.
    Stored,
    /// The server already had exactly this revision and content; nothing changed.
    Replayed,
}

/// `PUT /api/v1/evaluations/{id}` answered 200 or 201: the device may now mark the evaluation as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushReceipt {
    pub evaluation_id: Uuid,
    pub revision: u32,
    pub status: PushStatus,
    pub received_at: String,
}

/// What the device does with the server's answer to one push (`PUT /api/v1/evaluations/{id}`): the one table
/// from an HTTP status and body to a device transition, so the server's tests and the app read it alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// 200 or 201 with a receipt: the server has this revision.
    Acknowledged(PushReceipt),
    /// The server decided about this evaluation (invalid, conflicting, unknown assignment): it goes back to
    /// the shopper with the reason, answers kept.
    Refused(ErrorDetail),
    /// The server lacks some of the files the evaluation names (409 `attachments_missing`): the device uploads
    /// these again, then pushes the same revision.
    UploadFirst(Vec<String>),
    /// The device token is no longer valid: nothing is sent until the shopper signs in again.
    SignedOut,
    /// Not this evaluation's fault (a busy server, 5xx, a proxy's page, a receipt that could not be read, an
    /// old app): it stays in the outbox and goes out again later. Safe, since a push is idempotent.
    RetryLater(ErrorDetail),
}

impl PushOutcome {
    pub fn from_status(status: u16, body: &str) -> Self {
        let detail = || ErrorDetail::from_body(status, body);
        match status {
            200 | 201 => match crate::json::from_str::<PushReceipt>(body) {
                Ok(receipt) => Self::Acknowledged(receipt),
                Err(_) => Self::RetryLater(ErrorDetail::plain(status, "unreadable_receipt")),
            },
            401 => Self::SignedOut,
            // A lost race on the server (`busy`) is worth another try; every other conflict is final.
            409 if detail().code == "busy" => Self::RetryLater(detail()),
            409 if detail().code == "attachments_missing" => {
                Self::UploadFirst(detail().missing_attachments)
            }
            400 | 404 | 409 | 422 => Self::Refused(detail()),
            _ => Self::RetryLater(detail()),
        }
    }
}

/// What a device reads of an error body: all of it but the organizer's import errors, which no request of a
/// device is answered with (their readers would be most of this one in the PWA's wasm).
#[derive(Deserialize)]
struct DeviceErrorBody {
    error: DeviceErrorDetail,
}

#[derive(Deserialize)]
struct DeviceErrorDetail {
    code: String,
    message: String,
    #[serde(default)]
    problems: Vec<Problem>,
    #[serde(default)]
    current_revision: Option<u32>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    missing_attachments: Vec<String>,
}

impl ErrorDetail {
    /// The error in an answer's body as a device reads it (without `definition_errors` and `row_errors`), or
    /// (a proxy's page, an empty body) one that names only the status.
    pub fn from_body(status: u16, body: &str) -> Self {
        match crate::json::from_str::<DeviceErrorBody>(body) {
            Ok(DeviceErrorBody { error: e }) => Self {
                code: e.code,
                message: e.message,
                problems: e.problems,
                current_revision: e.current_revision,
                definition_errors: vec![],
                row_errors: vec![],
                reason: e.reason,
                missing_attachments: e.missing_attachments,
                outside_assignments: vec![],
            },
            Err(_) => Self::plain(status, "http"),
        }
    }

    fn plain(status: u16, code: &str) -> Self {
        Self {
            code: code.to_owned(),
            message: format!("HTTP {status}"),
            problems: vec![],
            current_revision: None,
            definition_errors: vec![],
            row_errors: vec![],
            reason: None,
            missing_attachments: vec![],
            outside_assignments: vec![],
        }
    }
}

#[cfg(test)]
mod push_outcome_tests {
    use super::*;

    fn error(code: &str) -> String {
        format!(r#"{{"error":{{"code":"{code}","message":"m"}}}}"#)
    }

    #[test]
    fn a_receipt_acknowledges_and_an_unreadable_one_is_tried_again() {
        let receipt = r#"{"evaluation_id":"00000000-0000-0000-0000-000000000007","revision":2,"status":"replayed","received_at":"t"}"#;
        for status in [200, 201] {
            assert!(matches!(
                PushOutcome::from_status(status, receipt),
                PushOutcome::Acknowledged(PushReceipt { revision: 2, .. })
            ));
        }
        assert!(matches!(
            PushOutcome::from_status(200, "<html>"),
            PushOutcome::RetryLater(_)
        ));
    }

    #[test]
    fn an_error_body_is_read_whole_but_for_what_only_the_organizers_api_answers() {
        let detail = ErrorDetail {
            code: "invalid_evaluation".into(),
            message: "m".into(),
            problems: vec![Problem {
                question_id: "q".into(),
                code: crate::validation::ProblemCode::MissingRequired,
                message: "p".into(),
            }],
            current_revision: Some(3),
            definition_errors: vec![],
            row_errors: vec![],
            reason: Some("r".into()),
            missing_attachments: vec!["ab".into()],
            outside_assignments: vec![],
        };
        let mut with_rows = detail.clone();
        with_rows.row_errors.push(RowError {
            line: 2,
            code: "row_no_company".into(),
            message: "m".into(),
        });
        with_rows.outside_assignments.push(OutsideAssignment {
            id: "a".into(),
            company: "c".into(),
            shopper: "s".into(),
            window: "w".into(),
            code: "window_dates_outside_campaign".into(),
        });
        let body = serde_json::to_string(&ErrorBody { error: with_rows }).unwrap();
        assert_eq!(ErrorDetail::from_body(422, &body), detail);
    }

    #[test]
    fn missing_files_are_uploaded_before_the_same_push_goes_again() {
        let body = r#"{"error":{"code":"attachments_missing","message":"m","missing_attachments":["ab"]}}"#;
        assert_eq!(
            PushOutcome::from_status(409, body),
            PushOutcome::UploadFirst(vec!["ab".into()])
        );
    }

    #[test]
    fn the_servers_decisions_refuse_and_keep_the_code() {
        for (status, code) in [
            (400, "bad_request"),
            (404, "not_found"),
            (409, "revision_conflict"),
            (409, "assignment_already_evaluated"),
            (422, "invalid_evaluation"),
        ] {
            match PushOutcome::from_status(status, &error(code)) {
                PushOutcome::Refused(detail) => assert_eq!(detail.code, code),
                other => panic!("{status} {code}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_busy_server_an_outage_or_an_old_app_is_tried_again_and_a_bad_token_signs_out() {
        assert_eq!(
            PushOutcome::from_status(401, &error("unauthorized")),
            PushOutcome::SignedOut
        );
        for (status, body) in [
            (409, error("busy")),
            (426, error("protocol_mismatch")),
            (429, error("too_many_requests")),
            (500, error("internal")),
            (502, "<html>Bad gateway</html>".to_owned()),
            (503, String::new()),
        ] {
            assert!(
                matches!(
                    PushOutcome::from_status(status, &body),
                    PushOutcome::RetryLater(_)
                ),
                "{status}"
            );
        }
        match PushOutcome::from_status(503, "") {
            PushOutcome::RetryLater(detail) => assert_eq!(detail.code, "http"),
            other => panic!("{other:?}"),
        }
    }
}

/// The body of every error answer: a stable code, a readable message and, where they apply, details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The refusal's own stable code where `code` is the general `bad_request` or `not_found`
    /// (`campaign_taken`, `window_weekday_outside_campaign`, `campaign_not_empty`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The hashes of the files a pushed evaluation names that the server does not hold whole from this
    /// shopper (409 `attachments_missing`): the phone uploads them and pushes again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_attachments: Vec<String>,
    /// The planned assignments a campaign's new dates, weekdays or hours would leave outside its window
    /// (`assignments_outside`), every one of them: change or cancel them first. Only the organizer's API answers
    /// with them; a device does not read them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outside_assignments: Vec<OutsideAssignment>,
}

/// An assignment a campaign's change would leave outside the campaign's window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutsideAssignment {
    pub id: String,
    pub company: String,
    pub shopper: String,
    /// Its window as stored: `2026-01-05 – 2026-01-09`, with its own weekdays and hours when it has them.
    pub window: String,
    /// What would be outside, as a stable code (`window_dates_outside_campaign`, ...).
    pub code: String,
}

/// One bad row of an imported CSV file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

    fn response(questionnaires: Vec<serde_json::Value>) -> String {
        serde_json::json!({
            "shopper_name": "Kari",
            "assignments": [],
            "questionnaires": questionnaires,
            "evaluations": [],
        })
        .to_string()
    }

    #[test]
    fn the_phone_keeps_each_questionnaire_as_text_and_reads_it_when_asked() {
        let questionnaire = crate::testing::questionnaire();
        let mut second = questionnaire.clone();
        second.version = 2;
        let server = AssignmentsResponse {
            shopper_name: "Kari".into(),
            assignments: vec![],
            questionnaires: vec![questionnaire.clone(), second.clone()],
            evaluations: vec![],
        };
        let json = serde_json::to_string(&server).unwrap();
        let phone: PhoneAssignments = crate::json::from_str(&json).unwrap();
        let keys: Vec<_> = (phone.questionnaires.iter())
            .map(|q| (q.id.as_str(), q.version))
            .collect();
        assert_eq!(keys, [("test", 1), ("test", 2)]);
        assert_eq!(phone.questionnaires[0].read().unwrap(), questionnaire);
        assert_eq!(phone.questionnaires[1].read().unwrap(), second);
        // The text is the server's, byte for byte.
        assert_eq!(
            &*phone.questionnaires[0].json,
            serde_json::to_string(&questionnaire).unwrap()
        );
    }

    #[test]
    fn a_questionnaire_the_phone_cannot_read_costs_only_its_form() {
        let mut unknown_kind = serde_json::to_value(crate::testing::questionnaire()).unwrap();
        unknown_kind["sections"][0]["questions"][0]["kind"] = "hologram".into();
        let readable = serde_json::to_value(crate::testing::questionnaire()).unwrap();
        let phone: PhoneAssignments =
            crate::json::from_str(&response(vec![unknown_kind, readable])).unwrap();
        assert!(phone.questionnaires[0].read().is_err());
        assert!(phone.questionnaires[1].read().is_ok());

        // Without its id the phone cannot tell which assignments it serves: the answer is unreadable.
        let no_id = serde_json::json!({"version": 1, "title": {"nb": "T"}, "sections": []});
        assert!(crate::json::from_str::<PhoneAssignments>(&response(vec![no_id])).is_err());
        // A definition's questionnaire may leave its version out: 0, as the full reader says.
        let no_version = serde_json::json!({"id": "q", "title": {"nb": "T"}, "sections": []});
        let phone: PhoneAssignments = crate::json::from_str(&response(vec![no_version])).unwrap();
        assert_eq!(phone.questionnaires[0].version, 0);
    }
}
