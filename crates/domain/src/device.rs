//! The device's view of an evaluation: a draft while the shopper answers, then in the outbox until the server
//! has acknowledged it. Pure state transitions, so the PWA's rules are unit-tested here.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::evaluation::{Answer, Answers, EvaluationContent, EvaluationSubmission};
use crate::protocol::{PushReceipt, PROTOCOL_VERSION};
use crate::questionnaire::Questionnaire;
use crate::validation::{validate, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocalState {
    /// Being filled in; saved on the device at every change.
    Draft,
    /// Submitted by the shopper, waiting for the server to acknowledge it.
    Outbox,
    /// The server has it (acknowledged with a receipt).
    Sent,
    /// The server refused it (conflict or invalid); kept on the device with the reason.
    Refused,
}

/// One evaluation as the device stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceEvaluation {
    /// Made on the device, so a retried push can never create a second evaluation.
    pub id: Uuid,
    pub revision: u32,
    pub state: LocalState,
    pub content: EvaluationContent,
    /// Milliseconds since the epoch of the last change on the device.
    pub updated_at_ms: i64,
    /// When the server acknowledged it (from the receipt).
    #[serde(default)]
    pub received_at: Option<String>,
    /// Why the server refused it, readable.
    #[serde(default)]
    pub refusal: Option<String>,
    #[serde(default)]
    pub problems: Vec<Problem>,
}

impl DeviceEvaluation {
    pub fn new(id: Uuid, assignment_id: Uuid, questionnaire: &Questionnaire, now_ms: i64) -> Self {
        Self {
            id,
            revision: 1,
            state: LocalState::Draft,
            content: EvaluationContent {
                assignment_id,
                questionnaire_id: questionnaire.id.clone(),
                questionnaire_version: questionnaire.version,
                answers: Answers::new(),
                notes: String::new(),
            },
            updated_at_ms: now_ms,
            received_at: None,
            refusal: None,
            problems: vec![],
        }
    }

    /// Whether the shopper may still change it. Once submitted it waits unchanged for the server.
    pub fn is_editable(&self) -> bool {
        matches!(self.state, LocalState::Draft | LocalState::Refused)
    }

    /// Sets (or with `None` clears) one answer. Returns false, changing nothing, when not editable.
    pub fn set_answer(&mut self, question_id: &str, answer: Option<Answer>, now_ms: i64) -> bool {
        if !self.is_editable() {
            return false;
        }
        match answer {
            Some(answer) => self.content.answers.insert(question_id.to_owned(), answer),
            None => self.content.answers.remove(question_id),
        };
        self.problems
            .retain(|problem| problem.question_id != question_id);
        self.updated_at_ms = now_ms;
        true
    }

    pub fn set_notes(&mut self, notes: String, now_ms: i64) -> bool {
        if !self.is_editable() {
            return false;
        }
        self.content.notes = notes;
        self.updated_at_ms = now_ms;
        true
    }

    /// Moves a valid draft to the outbox; an invalid one stays a draft and its problems are returned.
    pub fn submit(
        &mut self,
        questionnaire: &Questionnaire,
        now_ms: i64,
    ) -> Result<(), Vec<Problem>> {
        if !self.is_editable() {
            return Ok(());
        }
        let problems = validate(questionnaire, &self.content.answers);
        if !problems.is_empty() {
            self.problems = problems.clone();
            return Err(problems);
        }
        if self.state == LocalState::Refused {
            // A refused revision is taken; the corrected one is the next.
            self.revision += 1;
        }
        self.state = LocalState::Outbox;
        self.refusal = None;
        self.problems.clear();
        self.updated_at_ms = now_ms;
        Ok(())
    }

    /// What the push carries.
    pub fn submission(&self) -> EvaluationSubmission {
        EvaluationSubmission {
            protocol: PROTOCOL_VERSION,
            revision: self.revision,
            content: self.content.clone(),
        }
    }

    /// The server acknowledged this revision: it is sent. A receipt for another revision changes nothing.
    pub fn acknowledge(&mut self, receipt: &PushReceipt) {
        if receipt.evaluation_id == self.id
            && receipt.revision == self.revision
            && self.state == LocalState::Outbox
        {
            self.state = LocalState::Sent;
            self.received_at = Some(receipt.received_at.clone());
        }
    }

    /// The server refused it for good (not a network failure): back in the shopper's hands, answers kept.
    pub fn refuse(&mut self, message: String, problems: Vec<Problem>) {
        self.state = LocalState::Refused;
        self.refusal = Some(message);
        self.problems = problems;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::PushStatus;
    use crate::questionnaire::{Localized, Question, QuestionKind, Section};

    fn questionnaire() -> Questionnaire {
        Questionnaire {
            id: "q".into(),
            version: 3,
            title: Localized::new("Q", "Q"),
            sections: vec![Section {
                id: "s".into(),
                title: Localized::new("S", "S"),
                questions: vec![Question {
                    id: "greeting".into(),
                    label: Localized::new("Hilste?", "Greeted?"),
                    required: true,
                    kind: QuestionKind::YesNo,
                }],
            }],
        }
    }

    fn draft() -> DeviceEvaluation {
        DeviceEvaluation::new(Uuid::from_u128(7), Uuid::from_u128(1), &questionnaire(), 0)
    }

    fn receipt(revision: u32) -> PushReceipt {
        PushReceipt {
            evaluation_id: Uuid::from_u128(7),
            revision,
            status: PushStatus::Stored,
            received_at: "t".into(),
        }
    }

    #[test]
    fn a_new_draft_keeps_the_questionnaire_version_it_was_started_on() {
        let d = draft();
        assert_eq!(
            (
                d.content.questionnaire_id.as_str(),
                d.content.questionnaire_version,
                d.revision
            ),
            ("q", 3, 1)
        );
        assert_eq!(d.state, LocalState::Draft);
    }

    #[test]
    fn an_incomplete_draft_cannot_be_submitted_and_says_why() {
        let mut d = draft();
        let problems = d.submit(&questionnaire(), 1).unwrap_err();
        assert_eq!(problems[0].question_id, "greeting");
        assert_eq!(d.state, LocalState::Draft);
        assert_eq!(d.problems, problems);
    }

    #[test]
    fn answering_clears_that_questions_problem() {
        let mut d = draft();
        let _ = d.submit(&questionnaire(), 1);
        d.set_answer("greeting", Some(Answer::Bool(true)), 2);
        assert!(d.problems.is_empty());
    }

    #[test]
    fn a_submitted_evaluation_waits_unchanged_and_is_sent_only_on_its_receipt() {
        let mut d = draft();
        d.set_answer("greeting", Some(Answer::Bool(true)), 1);
        d.submit(&questionnaire(), 2).unwrap();
        assert_eq!(d.state, LocalState::Outbox);
        assert!(
            !d.set_answer("greeting", Some(Answer::Bool(false)), 3),
            "no edits while waiting"
        );
        assert_eq!(d.content.answers["greeting"], Answer::Bool(true));

        d.acknowledge(&receipt(2));
        assert_eq!(
            d.state,
            LocalState::Outbox,
            "a receipt for another revision is not ours"
        );
        d.acknowledge(&receipt(1));
        assert_eq!(d.state, LocalState::Sent);
        assert_eq!(d.received_at.as_deref(), Some("t"));
    }

    #[test]
    fn a_refused_evaluation_keeps_its_answers_and_is_resubmitted_as_the_next_revision() {
        let mut d = draft();
        d.set_answer("greeting", Some(Answer::Bool(true)), 1);
        d.submit(&questionnaire(), 2).unwrap();
        d.refuse("conflict".into(), vec![]);
        assert_eq!(d.content.answers["greeting"], Answer::Bool(true));
        assert!(d.is_editable());
        d.submit(&questionnaire(), 3).unwrap();
        assert_eq!(
            (d.state, d.revision, d.refusal.clone()),
            (LocalState::Outbox, 2, None)
        );
        assert_eq!(d.submission().revision, 2);
    }

    #[test]
    fn the_device_record_round_trips_through_json() {
        let mut d = draft();
        d.set_answer("greeting", Some(Answer::Bool(false)), 1);
        let back: DeviceEvaluation =
            serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }
}
