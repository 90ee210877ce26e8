//! The device's view of an evaluation: a draft while the shopper answers, then in the outbox until the server
//! has acknowledged it. Pure state transitions, so the PWA's rules are unit-tested here.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::contact::{derived_seconds, ContactEvent, Stamp};
use crate::evaluation::{Answer, Answers, EvaluationContent, EvaluationSubmission};
use crate::protocol::{
    EvaluationStatus, PushReceipt, ReviewComments, ReviewStatus, PROTOCOL_VERSION,
};
use crate::questionnaire::{Channel, QuestionKind, Questionnaire};
use crate::validation::{validate, Problem};
use crate::visibility::visible;

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
    /// The organizer sent it back with comments: the shopper fixes it and submits the next revision.
    Returned,
    /// The organizer approved it: final.
    Approved,
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
    /// The reviewer's comments when the organizer returned it.
    #[serde(default)]
    pub review: Option<ReviewComments>,
}

impl DeviceEvaluation {
    pub fn new(
        id: Uuid,
        assignment_id: Uuid,
        channel: Channel,
        questionnaire: &Questionnaire,
        now_ms: i64,
    ) -> Self {
        Self {
            id,
            revision: 1,
            state: LocalState::Draft,
            content: EvaluationContent {
                assignment_id,
                questionnaire_id: questionnaire.id.clone(),
                questionnaire_version: questionnaire.version,
                channel,
                timeline: vec![],
                answers: Answers::new(),
                notes: String::new(),
            },
            updated_at_ms: now_ms,
            received_at: None,
            refusal: None,
            problems: vec![],
            review: None,
        }
    }

    /// An evaluation the server holds and this device does not (the shopper changed phones).
    pub fn from_server(status: &EvaluationStatus) -> Self {
        let mut evaluation = Self {
            id: status.evaluation_id,
            revision: status.revision,
            state: LocalState::Sent,
            content: status.content.clone(),
            updated_at_ms: 0,
            received_at: Some(status.received_at.clone()),
            refusal: None,
            problems: vec![],
            review: None,
        };
        evaluation.apply_status(status);
        evaluation
    }

    /// Takes in what the server says became of this evaluation. Only a revision the device has sent is
    /// affected: a draft the shopper is working on is never changed by a sync.
    pub fn apply_status(&mut self, status: &EvaluationStatus) {
        let sent = matches!(
            self.state,
            LocalState::Outbox | LocalState::Sent | LocalState::Approved
        );
        if status.evaluation_id != self.id || status.revision != self.revision || !sent {
            return;
        }
        self.received_at = Some(status.received_at.clone());
        match status.status {
            ReviewStatus::Received => self.state = LocalState::Sent,
            ReviewStatus::Approved => self.state = LocalState::Approved,
            ReviewStatus::Returned => {
                self.state = LocalState::Returned;
                self.review = Some(status.review.clone());
            }
        }
    }

    /// After a sync, with the server's complete list of this shopper's evaluations: a revision this device has
    /// sent that the server no longer holds (its database was restored from a backup older than the receipt)
    /// goes back to the outbox and is sent again. Returns whether it did.
    pub fn resend_if_server_lost_it(&mut self, statuses: &[EvaluationStatus]) -> bool {
        let lost = self.server_lost_it(statuses);
        if lost {
            self.state = LocalState::Outbox;
            self.received_at = None;
        }
        lost
    }

    /// Whether this device sent this revision and `statuses` (the server's complete list) lacks it.
    pub fn server_lost_it(&self, statuses: &[EvaluationStatus]) -> bool {
        let sent = matches!(self.state, LocalState::Sent | LocalState::Approved);
        let held = statuses.iter().find(|s| s.evaluation_id == self.id);
        sent && held.is_none_or(|s| s.revision < self.revision)
    }

    /// Whether the shopper may still change it. Once submitted it waits unchanged for the server.
    pub fn is_editable(&self) -> bool {
        matches!(
            self.state,
            LocalState::Draft | LocalState::Refused | LocalState::Returned
        )
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

    /// Stamps a moment of the contact and fills the durations calculated from the timeline.
    pub fn stamp(
        &mut self,
        event: ContactEvent,
        at_ms: i64,
        questionnaire: &Questionnaire,
    ) -> bool {
        if !self.is_editable() {
            return false;
        }
        self.content.timeline.push(Stamp { event, at_ms });
        self.fill_derived(questionnaire);
        self.updated_at_ms = at_ms;
        true
    }

    /// Takes back the last stamp (a mis-tap) and recalculates the durations.
    pub fn undo_stamp(&mut self, questionnaire: &Questionnaire, now_ms: i64) -> bool {
        if !self.is_editable() || self.content.timeline.pop().is_none() {
            return false;
        }
        self.fill_derived(questionnaire);
        self.updated_at_ms = now_ms;
        true
    }

    /// Sets each duration question that comes from the timeline to what the timeline now gives.
    fn fill_derived(&mut self, questionnaire: &Questionnaire) {
        for question in questionnaire.questions() {
            if let QuestionKind::Duration {
                from: Some(which), ..
            } = question.kind
            {
                match derived_seconds(&self.content.timeline, which) {
                    Some(seconds) => self
                        .content
                        .answers
                        .insert(question.id.clone(), Answer::Number(seconds)),
                    None => self.content.answers.remove(&question.id),
                };
            }
        }
    }

    /// Moves a valid draft to the outbox; an invalid one stays a draft and its problems are returned.
    /// Answers to questions the other answers now hide are dropped first: they are never sent or scored.
    pub fn submit(
        &mut self,
        questionnaire: &Questionnaire,
        now_ms: i64,
    ) -> Result<(), Vec<Problem>> {
        if !self.is_editable() {
            return Ok(());
        }
        let seen = visible(questionnaire, self.content.channel, &self.content.answers);
        let problems = validate(questionnaire, self.content.channel, &seen.answers);
        if !problems.is_empty() {
            self.problems = problems.clone();
            return Err(problems);
        }
        if matches!(self.state, LocalState::Refused | LocalState::Returned) {
            // A refused or returned revision is taken; the corrected one is the next.
            self.revision += 1;
        }
        self.content.answers = seen.answers;
        self.state = LocalState::Outbox;
        self.refusal = None;
        self.review = None;
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

    fn questionnaire() -> Questionnaire {
        let mut q = crate::testing::questionnaire();
        q.id = "q".into();
        q.version = 3;
        q
    }

    fn draft() -> DeviceEvaluation {
        let mut d = DeviceEvaluation::new(
            Uuid::from_u128(7),
            Uuid::from_u128(1),
            Channel::Phone,
            &questionnaire(),
            0,
        );
        d.set_answer("solved", Some(Answer::Bool(true)), 0);
        d
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
    fn a_sent_revision_the_server_no_longer_holds_is_sent_again() {
        let mut d = draft();
        d.set_answer("greeting", Some(Answer::Bool(true)), 1);
        d.submit(&questionnaire(), 2).unwrap();
        d.acknowledge(&receipt(1));
        let status = |revision| EvaluationStatus {
            evaluation_id: d.id,
            revision,
            status: ReviewStatus::Received,
            review: Default::default(),
            received_at: "t".into(),
            content: d.content.clone(),
        };
        let mut kept = d.clone();
        assert!(
            !kept.resend_if_server_lost_it(&[status(1)]),
            "the server has it"
        );
        assert_eq!(kept.state, LocalState::Sent);

        let mut lost = d.clone();
        assert!(lost.resend_if_server_lost_it(&[]));
        assert_eq!((lost.state, lost.revision), (LocalState::Outbox, 1));

        let mut older = d.clone();
        older.revision = 2;
        assert!(
            older.resend_if_server_lost_it(&[status(1)]),
            "the server holds only an older revision"
        );

        let mut draft_only = draft();
        assert!(
            !draft_only.resend_if_server_lost_it(&[]),
            "a draft was never sent"
        );
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
    fn answers_hidden_by_later_changes_are_kept_while_editing_and_dropped_on_submit() {
        let mut d = draft();
        d.set_answer("greeting", Some(Answer::Bool(true)), 1);
        d.set_answer("solved", Some(Answer::Bool(false)), 1);
        d.set_answer("why_not", Some(Answer::Text("Ingen svar".into())), 2);
        d.set_answer("solved", Some(Answer::Bool(true)), 3);
        assert!(
            d.content.answers.contains_key("why_not"),
            "kept in case the shopper changes back"
        );
        d.submit(&questionnaire(), 4).unwrap();
        assert!(!d.submission().content.answers.contains_key("why_not"));
    }

    #[test]
    fn stamps_fill_the_waiting_time_and_undo_takes_the_last_one_back() {
        let q = questionnaire();
        let mut d = draft();
        d.stamp(ContactEvent::Dialled, 1_000, &q);
        assert!(!d.content.answers.contains_key("waiting"));
        d.stamp(ContactEvent::Answered, 48_000, &q);
        assert_eq!(d.content.answers["waiting"], Answer::Number(47));
        assert!(d.undo_stamp(&q, 50_000));
        assert_eq!(d.content.timeline.len(), 1);
        assert!(!d.content.answers.contains_key("waiting"));
    }

    fn status(revision: u32, status: ReviewStatus) -> EvaluationStatus {
        EvaluationStatus {
            evaluation_id: Uuid::from_u128(7),
            revision,
            status,
            review: ReviewComments {
                comment: Some("Sjekk ventetiden".into()),
                questions: [("greeting".to_owned(), "Hilste hen virkelig?".to_owned())].into(),
            },
            received_at: "t2".into(),
            content: draft().content,
        }
    }

    fn sent() -> DeviceEvaluation {
        let mut d = draft();
        d.set_answer("greeting", Some(Answer::Bool(true)), 1);
        d.submit(&questionnaire(), 2).unwrap();
        d.acknowledge(&receipt(1));
        d
    }

    #[test]
    fn a_returned_evaluation_gets_the_comments_is_fixed_and_goes_out_as_the_next_revision() {
        let mut d = sent();
        d.apply_status(&status(1, ReviewStatus::Returned));
        assert_eq!(d.state, LocalState::Returned);
        assert!(d.is_editable());
        assert_eq!(
            d.review.as_ref().unwrap().questions["greeting"],
            "Hilste hen virkelig?"
        );
        d.set_answer("greeting", Some(Answer::Bool(false)), 3);
        d.submit(&questionnaire(), 4).unwrap();
        assert_eq!(
            (d.state, d.revision, d.review.clone()),
            (LocalState::Outbox, 2, None)
        );
        // The status of the old revision, arriving late, changes nothing.
        d.apply_status(&status(1, ReviewStatus::Returned));
        assert_eq!(d.state, LocalState::Outbox);
    }

    #[test]
    fn an_approved_evaluation_is_final() {
        let mut d = sent();
        d.apply_status(&status(1, ReviewStatus::Approved));
        assert_eq!(d.state, LocalState::Approved);
        assert!(!d.set_answer("greeting", Some(Answer::Bool(false)), 5));
    }

    #[test]
    fn a_sync_never_touches_a_draft_the_shopper_is_working_on() {
        let mut d = sent();
        d.apply_status(&status(1, ReviewStatus::Returned));
        d.set_answer("greeting", Some(Answer::Bool(false)), 3);
        d.apply_status(&status(1, ReviewStatus::Returned));
        assert_eq!(d.content.answers["greeting"], Answer::Bool(false));
        let mut other = draft();
        other.apply_status(&status(1, ReviewStatus::Approved));
        assert_eq!(other.state, LocalState::Draft);
    }

    #[test]
    fn a_new_device_takes_the_servers_evaluations() {
        let d = DeviceEvaluation::from_server(&status(1, ReviewStatus::Returned));
        assert_eq!((d.state, d.revision), (LocalState::Returned, 1));
        assert!(d.is_editable());
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
