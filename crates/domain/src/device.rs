//! The device's view of an evaluation: a draft while the shopper answers, then in the outbox until the server
//! has acknowledged it. Pure state transitions, so the PWA's rules are unit-tested here.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::attachment::{check_set, AttachmentRef, AttachmentRefusal};
use crate::contact::{derived_seconds, ContactEvent, Stamp};
use crate::evaluation::{Answer, Answers, EvaluationContent, EvaluationSubmission};
use crate::outcome::{Outcome, OutcomeRule};
use crate::protocol::{
    EvaluationStatus, PushReceipt, ReviewComments, ReviewStatus, PROTOCOL_VERSION,
};
use crate::questionnaire::{Channel, QuestionKind, Questionnaire};
use crate::validation::{validate, validate_contact, Problem};
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
    /// The answers as they were when it came back, so the app can count the comments dealt with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned_answers: Option<Answers>,
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
                attachments: Vec::new(),
                assignment_id,
                questionnaire_id: questionnaire.id.clone(),
                questionnaire_version: questionnaire.version,
                channel,
                timeline: vec![],
                answers: Answers::new(),
                notes: String::new(),
                outcome: Default::default(),
            },
            updated_at_ms: now_ms,
            received_at: None,
            refusal: None,
            problems: vec![],
            review: None,
            returned_answers: None,
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
            returned_answers: None,
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
                self.returned_answers = Some(self.content.answers.clone());
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

    /// Adds a piece of evidence, after the checks the server makes of an evaluation's set of files
    /// (`attachment::check_set`), so the shopper hears of a limit on the phone, not after sending. An
    /// evaluation that is no longer editable changes nothing.
    pub fn attach(&mut self, file: AttachmentRef, now_ms: i64) -> Result<(), AttachmentRefusal> {
        if !self.is_editable() {
            return Ok(());
        }
        let mut files = self.content.attachments.clone();
        files.push(file);
        check_set(&files)?;
        self.content.attachments = files;
        self.updated_at_ms = now_ms;
        Ok(())
    }

    /// Removes the evidence at `index` (the shopper's choice, before sending). Returns what was removed.
    pub fn detach(&mut self, index: usize, now_ms: i64) -> Option<AttachmentRef> {
        if !self.is_editable() || index >= self.content.attachments.len() {
            return None;
        }
        self.updated_at_ms = now_ms;
        Some(self.content.attachments.remove(index))
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
        self.content.outcome = Outcome::Reached;
        self.state = LocalState::Outbox;
        self.refusal = None;
        self.review = None;
        self.returned_answers = None;
        self.problems.clear();
        self.updated_at_ms = now_ms;
        Ok(())
    }

    /// Sends the contact as not reached ("Ikke svar"): without the performance questions, once the campaign's
    /// `rule` allows it at `now_ms` (the server checks the same with `validate_contact`). Refused, changing
    /// nothing (answers and notes kept), while the rule is not met.
    pub fn submit_not_reached(
        &mut self,
        questionnaire: &Questionnaire,
        rule: &OutcomeRule,
        now_ms: i64,
    ) -> Result<(), Vec<Problem>> {
        if !self.is_editable() {
            return Ok(());
        }
        let mut content = self.content.clone();
        content.outcome = Outcome::NotReached;
        content.answers.clear();
        let problems = validate_contact(questionnaire, rule, &content, now_ms);
        if !problems.is_empty() {
            return Err(problems);
        }
        if matches!(self.state, LocalState::Refused | LocalState::Returned) {
            self.revision += 1;
        }
        self.content = content;
        self.state = LocalState::Outbox;
        self.refusal = None;
        self.review = None;
        self.returned_answers = None;
        self.problems.clear();
        self.updated_at_ms = now_ms;
        Ok(())
    }

    /// Of a returned evaluation's comments on questions: how many have an answer changed since it came back,
    /// and how many there are ("2 av 2 rettet").
    pub fn comments_fixed(&self) -> (usize, usize) {
        let (Some(review), Some(returned)) = (&self.review, &self.returned_answers) else {
            return (0, 0);
        };
        let fixed = review
            .questions
            .keys()
            .filter(|id| self.content.answers.get(*id) != returned.get(*id))
            .count();
        (fixed, review.questions.len())
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

/// What [`merge_server_statuses`] changed, so the app stores exactly those records.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Merged {
    /// Records added or changed: to be written to the device.
    pub changed: Vec<Uuid>,
    /// Records the server's evaluation for the same assignment replaced: to be deleted from the device.
    pub removed: Vec<Uuid>,
    /// Something this device sent is missing on the server and is in the outbox again: sync once more.
    pub resend: bool,
}

impl Merged {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

impl DeviceEvaluation {
    /// The revision this record's content would go out as, when it holds something the server may not have:
    /// a draft or the outbox as its own revision, a corrected refused or returned one as the next.
    pub fn unsent_revision(&self) -> Option<u32> {
        match self.state {
            LocalState::Draft | LocalState::Outbox => Some(self.revision),
            LocalState::Refused | LocalState::Returned => Some(self.revision + 1),
            LocalState::Sent | LocalState::Approved => None,
        }
    }

    /// Whether the server's `status` (for this id) is at least as new as what this record holds, so the
    /// device must show the server's state and content. An unsent edit the server could still take (one
    /// that would go out as a newer revision than the server's) is never overwritten; once the server has
    /// approved a revision at least as new as this record's, nothing more can be sent and the server wins.
    fn superseded_by(&self, status: &EvaluationStatus) -> bool {
        let held = status.revision;
        match self.unsent_revision() {
            None => self.revision <= held,
            Some(next) => {
                next <= held || (status.status == ReviewStatus::Approved && self.revision <= held)
            }
        }
    }

    /// This record as the server holds it (state, revision, content, comments), keeping the device's
    /// change time.
    fn adopt(&mut self, status: &EvaluationStatus) {
        let updated_at_ms = self.updated_at_ms;
        *self = Self::from_server(status);
        self.updated_at_ms = updated_at_ms;
    }
}

/// Takes in the server's complete list of the shopper's evaluations (DESIGN §4): where the server holds a
/// revision at least as new as the device's (received, returned or approved), the device takes the server's
/// state and content; an unsent newer edit is kept; an evaluation the device does not hold is added (a new
/// phone, or a record the browser lost), replacing a record of another id for the same assignment (the
/// server holds one evaluation per assignment, so that one could never be sent); and a revision this device
/// sent that the server no longer holds goes back to the outbox.
pub fn merge_server_statuses(
    evaluations: &mut Vec<DeviceEvaluation>,
    statuses: &[EvaluationStatus],
) -> Merged {
    let mut merged = Merged::default();
    for status in statuses {
        match evaluations
            .iter_mut()
            .find(|e| e.id == status.evaluation_id)
        {
            Some(held) => {
                if held.superseded_by(status) {
                    let before = held.clone();
                    held.adopt(status);
                    if *held != before {
                        merged.changed.push(held.id);
                    }
                }
            }
            None => {
                let assignment = status.content.assignment_id;
                evaluations.retain(|e| {
                    let other = e.content.assignment_id == assignment;
                    if other {
                        merged.removed.push(e.id);
                    }
                    !other
                });
                evaluations.push(DeviceEvaluation::from_server(status));
                merged.changed.push(status.evaluation_id);
            }
        }
    }
    for evaluation in evaluations.iter_mut() {
        if evaluation.resend_if_server_lost_it(statuses) {
            merged.changed.push(evaluation.id);
            merged.resend = true;
        }
    }
    merged
}

/// Takes in the server's backups of the shopper's drafts (a new phone, storage the browser evicted, or another
/// of the shopper's devices): a backup is added where the device holds nothing for its assignment, and
/// replaces the device's copy only when both are being edited and the backup was changed later. Work the
/// device has submitted, sent or had approved is never touched.
pub fn merge_backups(
    evaluations: &mut Vec<DeviceEvaluation>,
    backups: &[DeviceEvaluation],
) -> Merged {
    let mut merged = Merged::default();
    for backup in backups.iter().filter(|b| b.is_editable()) {
        match evaluations.iter_mut().find(|e| e.id == backup.id) {
            Some(held) => {
                if held.is_editable() && held.updated_at_ms < backup.updated_at_ms {
                    *held = backup.clone();
                    merged.changed.push(backup.id);
                }
            }
            None => {
                let assignment = backup.content.assignment_id;
                if !evaluations
                    .iter()
                    .any(|e| e.content.assignment_id == assignment)
                {
                    evaluations.push(backup.clone());
                    merged.changed.push(backup.id);
                }
            }
        }
    }
    merged
}

/// Which of `files` the device may delete: those no evaluation on it still has to send (a draft, the outbox, a
/// refused or returned one); once the server acknowledged an evaluation it holds every file it names.
pub fn deletable_files(all: &[DeviceEvaluation], files: &[AttachmentRef]) -> Vec<String> {
    let mut deletable: Vec<String> = Vec::new();
    for file in files {
        let needed = all.iter().any(|e| {
            !matches!(e.state, LocalState::Sent | LocalState::Approved)
                && e.content
                    .attachments
                    .iter()
                    .any(|a| a.sha256 == file.sha256)
        });
        if !needed && !deletable.contains(&file.sha256) {
            deletable.push(file.sha256.clone());
        }
    }
    deletable
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
    fn an_unanswered_phone_contact_is_sent_without_answers_only_once_the_rule_is_met() {
        use crate::contact::ContactEvent::{Dialled, NoAnswer};
        let rule = OutcomeRule::default();
        let hour = 3_600_000;
        let mut d = draft();
        d.stamp(Dialled, 0, &questionnaire());
        d.stamp(NoAnswer, 40_000, &questionnaire());
        let problems = d
            .submit_not_reached(&questionnaire(), &rule, hour)
            .unwrap_err();
        assert_eq!(problems[0].code, crate::ProblemCode::NotReachedTooSoon);
        assert_eq!(d.state, LocalState::Draft, "refused: nothing changes");
        assert!(
            d.content.answers.contains_key("solved"),
            "the answers are kept"
        );
        for attempt in 1..3 {
            d.stamp(Dialled, attempt * hour, &questionnaire());
            d.stamp(NoAnswer, attempt * hour + 30_000, &questionnaire());
        }
        d.submit_not_reached(&questionnaire(), &rule, 3 * hour)
            .unwrap();
        assert_eq!(d.state, LocalState::Outbox);
        assert_eq!(d.content.outcome, Outcome::NotReached);
        assert!(d.content.answers.is_empty());
        assert!(validate_contact(&questionnaire(), &rule, &d.content, 3 * hour).is_empty());
    }

    #[test]
    fn a_returned_evaluation_counts_the_comments_whose_answer_changed() {
        let mut d = draft();
        d.submit(&questionnaire(), 1).ok();
        d.state = LocalState::Sent;
        let mut review = ReviewComments::default();
        review
            .questions
            .insert("solved".into(), "Sjekk dette".into());
        review.questions.insert("greeting".into(), "Mangler".into());
        let status = EvaluationStatus {
            evaluation_id: d.id,
            revision: d.revision,
            status: ReviewStatus::Returned,
            received_at: "t".into(),
            review,
            content: d.content.clone(),
        };
        d.apply_status(&status);
        assert_eq!(d.comments_fixed(), (0, 2));
        d.set_answer("greeting", Some(Answer::Bool(true)), 5);
        assert_eq!(d.comments_fixed(), (1, 2));
        d.set_answer("solved", Some(Answer::Bool(false)), 6);
        assert_eq!(d.comments_fixed(), (2, 2));
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

    fn file(n: u8, question: Option<&str>) -> AttachmentRef {
        AttachmentRef {
            sha256: format!("{n:064x}"),
            content_type: crate::attachment::ContentType::Jpeg,
            size: 200_000,
            question_id: question.map(Into::into),
        }
    }

    #[test]
    fn evidence_is_added_within_the_limits_and_removed_before_sending() {
        let mut d = draft();
        assert_eq!(d.attach(file(1, None), 5), Ok(()));
        assert_eq!(
            d.attach(file(1, Some("solved")), 6),
            Ok(()),
            "the same picture for a question too"
        );
        assert_eq!(
            d.attach(file(1, None), 7),
            Err(AttachmentRefusal::Duplicate)
        );
        assert_eq!(
            d.content.attachments.len(),
            2,
            "a refused file is not added"
        );
        for n in 2..=11 {
            d.attach(file(n, None), 8).unwrap();
        }
        assert_eq!(
            d.attach(file(12, None), 9),
            Err(AttachmentRefusal::TooMany),
            "12 files at most"
        );
        assert_eq!(
            d.detach(0, 10).map(|f| f.sha256),
            Some(file(1, None).sha256)
        );
        assert_eq!(d.updated_at_ms, 10);
        assert_eq!(d.detach(99, 11), None);
        d.state = LocalState::Outbox;
        assert_eq!(
            d.detach(0, 13),
            None,
            "an evaluation in the outbox waits unchanged"
        );
        assert_eq!(
            d.submission().content.attachments.len(),
            11,
            "the push names its files"
        );
    }

    #[test]
    fn files_are_deleted_only_when_no_unsent_evaluation_needs_them() {
        let mut sent = draft();
        sent.attach(file(1, None), 1).unwrap();
        sent.attach(file(2, None), 1).unwrap();
        sent.state = LocalState::Sent;
        let mut other = draft();
        other.id = Uuid::from_u128(8);
        other.attach(file(2, Some("solved")), 1).unwrap();
        let files = sent.content.attachments.clone();
        assert_eq!(
            deletable_files(&[sent.clone(), other.clone()], &files),
            vec![file(1, None).sha256],
            "a file a draft still names stays"
        );
        other.state = LocalState::Outbox;
        assert_eq!(
            deletable_files(&[sent.clone(), other.clone()], &files).len(),
            1
        );
        other.state = LocalState::Approved;
        assert_eq!(deletable_files(&[sent, other], &files).len(), 2);
    }
}

#[cfg(test)]
mod merge_tests {
    //! The merge of the server's list into the device: examples, then properties over any device record and
    //! any server answer, and over sequences of edits, pushes, reviews, lost storage and syncs.
    use proptest::prelude::*;

    use super::*;

    const ID: Uuid = Uuid::from_u128(7);
    const ASSIGNMENT: Uuid = Uuid::from_u128(1);

    fn record(state: LocalState, revision: u32, notes: &str) -> DeviceEvaluation {
        let mut q = crate::testing::questionnaire();
        q.id = "q".into();
        let mut e = DeviceEvaluation::new(ID, ASSIGNMENT, Channel::Phone, &q, 5);
        e.state = state;
        e.revision = revision;
        e.content.notes = notes.into();
        e
    }

    fn status(revision: u32, review: ReviewStatus, notes: &str) -> EvaluationStatus {
        EvaluationStatus {
            evaluation_id: ID,
            revision,
            status: review,
            review: ReviewComments::default(),
            received_at: "t".into(),
            content: record(LocalState::Sent, revision, notes).content,
        }
    }

    fn merge(device: &mut Vec<DeviceEvaluation>, server: &[EvaluationStatus]) -> Merged {
        merge_server_statuses(device, server)
    }

    #[test]
    fn an_early_draft_left_by_lost_storage_takes_the_servers_approved_evaluation() {
        let mut device = vec![record(LocalState::Draft, 1, "5 answers")];
        let merged = merge(
            &mut device,
            &[status(1, ReviewStatus::Approved, "all answers")],
        );
        assert_eq!(merged.changed, vec![ID]);
        assert_eq!(
            (device[0].state, device[0].content.notes.as_str()),
            (LocalState::Approved, "all answers")
        );
        assert_eq!(
            device[0].updated_at_ms, 5,
            "the device's change time is kept"
        );
    }

    #[test]
    fn an_outbox_whose_receipt_was_lost_is_sent_and_a_newer_edit_is_kept() {
        let mut device = vec![record(LocalState::Outbox, 1, "x")];
        merge(&mut device, &[status(1, ReviewStatus::Received, "x")]);
        assert_eq!(device[0].state, LocalState::Sent);

        let mut corrected = vec![record(LocalState::Returned, 1, "fixed")];
        let merged = merge(&mut corrected, &[status(1, ReviewStatus::Returned, "old")]);
        assert!(merged.is_empty());
        assert_eq!(corrected[0].content.notes, "fixed");

        let mut waiting = vec![record(LocalState::Outbox, 2, "fixed")];
        merge(&mut waiting, &[status(1, ReviewStatus::Returned, "old")]);
        assert_eq!(
            (waiting[0].state, waiting[0].revision),
            (LocalState::Outbox, 2)
        );
    }

    #[test]
    fn a_record_of_another_id_for_the_same_assignment_gives_way_to_the_servers() {
        let mut redone = record(LocalState::Refused, 1, "redone");
        redone.id = Uuid::from_u128(99);
        let mut device = vec![redone];
        let merged = merge(&mut device, &[status(1, ReviewStatus::Received, "first")]);
        assert_eq!(merged.removed, vec![Uuid::from_u128(99)]);
        assert_eq!(merged.changed, vec![ID]);
        assert_eq!((device.len(), device[0].id), (1, ID));
    }

    #[test]
    fn a_backup_comes_back_to_an_empty_phone_and_never_over_newer_or_submitted_work() {
        let backup = {
            let mut b = record(LocalState::Draft, 1, "backed up");
            b.updated_at_ms = 50;
            b
        };
        let mut empty = vec![];
        assert_eq!(
            merge_backups(&mut empty, std::slice::from_ref(&backup)).changed,
            vec![ID]
        );
        assert_eq!(empty, vec![backup.clone()]);

        let mut older = vec![record(LocalState::Draft, 1, "older")];
        merge_backups(&mut older, std::slice::from_ref(&backup));
        assert_eq!(older[0].content.notes, "backed up");

        let mut newer = vec![record(LocalState::Draft, 1, "newer")];
        newer[0].updated_at_ms = 60;
        assert!(merge_backups(&mut newer, std::slice::from_ref(&backup)).is_empty());

        let mut submitted = vec![record(LocalState::Outbox, 1, "submitted")];
        assert!(merge_backups(&mut submitted, std::slice::from_ref(&backup)).is_empty());

        let mut other_id = record(LocalState::Draft, 1, "another draft");
        other_id.id = Uuid::from_u128(99);
        let mut device = vec![other_id];
        assert!(
            merge_backups(&mut device, &[backup]).is_empty(),
            "one evaluation per assignment"
        );
    }

    #[test]
    fn what_the_server_lost_goes_out_again() {
        let mut device = vec![record(LocalState::Sent, 2, "x")];
        let merged = merge(&mut device, &[status(1, ReviewStatus::Received, "x")]);
        assert!(merged.resend);
        assert_eq!(device[0].state, LocalState::Outbox);
    }

    fn any_state() -> impl Strategy<Value = LocalState> {
        proptest::sample::select(vec![
            LocalState::Draft,
            LocalState::Outbox,
            LocalState::Sent,
            LocalState::Refused,
            LocalState::Returned,
            LocalState::Approved,
        ])
    }

    fn any_review() -> impl Strategy<Value = ReviewStatus> {
        proptest::sample::select(vec![
            ReviewStatus::Received,
            ReviewStatus::Returned,
            ReviewStatus::Approved,
        ])
    }

    fn rank(state: LocalState) -> Option<ReviewStatus> {
        match state {
            LocalState::Sent => Some(ReviewStatus::Received),
            LocalState::Returned => Some(ReviewStatus::Returned),
            LocalState::Approved => Some(ReviewStatus::Approved),
            _ => None,
        }
    }

    /// What must hold after any merge of `server` (one status, or none) into a device that held `before`.
    fn check(
        before: &DeviceEvaluation,
        server: Option<&EvaluationStatus>,
        after: &[DeviceEvaluation],
    ) {
        assert_eq!(after.len(), 1, "one record for the assignment");
        let after = &after[0];
        let Some(server) = server else {
            // The server holds nothing: only sent work changes, back to the outbox, content kept.
            assert_eq!(after.content, before.content);
            return;
        };
        let sendable = before
            .unsent_revision()
            .is_some_and(|next| next > server.revision)
            && !(server.status == ReviewStatus::Approved && before.revision <= server.revision);
        if sendable {
            assert_eq!(
                after, before,
                "an unsent edit the server could take is kept untouched"
            );
        } else if before.revision > server.revision {
            // The device sent a revision the server lost: it goes out again, unchanged.
            assert_eq!(after.content, before.content);
            assert!(matches!(after.state, LocalState::Outbox) || after == before);
        } else {
            // Never older than the server: its revision, state and content.
            assert_eq!(after.revision, server.revision);
            assert_eq!(rank(after.state), Some(server.status));
            assert_eq!(after.content, server.content);
        }
    }

    proptest! {
        #[test]
        fn no_backup_replaces_submitted_work_or_a_later_edit(
            state in any_state(),
            held_at in 0i64..10,
            backup_state in any_state(),
            backup_at in 0i64..10,
        ) {
            let mut held = record(state, 1, "held");
            held.updated_at_ms = held_at;
            let mut backup = record(backup_state, 1, "backup");
            backup.updated_at_ms = backup_at;
            let mut device = vec![held.clone()];
            merge_backups(&mut device, &[backup.clone()]);
            prop_assert_eq!(device.len(), 1);
            if !held.is_editable() || !backup.is_editable() || held_at >= backup_at {
                prop_assert_eq!(&device[0], &held);
            } else {
                prop_assert_eq!(&device[0], &backup);
            }
        }

        #[test]
        fn no_server_answer_loses_an_unsent_edit_or_leaves_the_device_behind(
            state in any_state(),
            revision in 1u32..5,
            notes in "[a-c]{0,2}",
            server in proptest::option::of((1u32..5, any_review(), "[a-c]{0,2}")),
        ) {
            let before = record(state, revision, &notes);
            let server = server.map(|(r, review, notes)| status(r, review, &notes));
            let mut device = vec![before.clone()];
            let first = merge(&mut device, server.as_slice());
            check(&before, server.as_ref(), &device);
            // A second sync with the same answer changes nothing more.
            let again = device.clone();
            let second = merge(&mut device, server.as_slice());
            prop_assert!(second.is_empty() || first.resend, "{second:?}");
            prop_assert_eq!(&device, &again);
        }

        #[test]
        fn any_sequence_of_edits_pushes_reviews_lost_storage_and_syncs_keeps_what_was_typed(
            steps in proptest::collection::vec(0u8..7, 1..40),
        ) {
            let q = {
                let mut q = crate::testing::questionnaire();
                q.id = "q".into();
                q
            };
            let mut device = vec![record(LocalState::Draft, 1, "")];
            let mut snapshots = vec![device.clone()];
            let mut server: Option<EvaluationStatus> = None;
            let mut typed = 0u32;
            for step in steps {
                let e = &mut device[0];
                match step {
                    // The shopper types (only where the app lets them).
                    0 => {
                        typed += 1;
                        e.set_notes(format!("n{typed}"), i64::from(typed));
                    }
                    // Submit: fills the required answers the test questionnaire needs.
                    1 if e.is_editable() => {
                        e.set_answer("greeting", Some(Answer::Bool(true)), 0);
                        e.set_answer("solved", Some(Answer::Bool(true)), 0);
                        let _ = e.submit(&q, 0);
                    }
                    // A push reaches the server, which applies the DESIGN §4 rule.
                    2 if e.state == LocalState::Outbox => {
                        let newer = server.as_ref().is_none_or(|s| {
                            e.revision > s.revision && s.status != ReviewStatus::Approved
                        });
                        if newer {
                            server = Some(status(e.revision, ReviewStatus::Received, &e.content.notes));
                            server.as_mut().unwrap().content = e.content.clone();
                            e.acknowledge(&PushReceipt {
                                evaluation_id: ID,
                                revision: e.revision,
                                status: crate::protocol::PushStatus::Stored,
                                received_at: "t".into(),
                            });
                        }
                    }
                    // The organizer returns or approves what was received.
                    3 | 4 => if let Some(s) = server.as_mut().filter(|s| s.status == ReviewStatus::Received) {
                        s.status = if step == 3 { ReviewStatus::Returned } else { ReviewStatus::Approved };
                    },
                    // The browser lost recent writes: the device is back at an earlier state.
                    5 => {
                        let at = (typed as usize) % snapshots.len();
                        device = snapshots[at].clone();
                    }
                    // A sync.
                    _ => {
                        let before = device[0].clone();
                        merge(&mut device, server.as_slice());
                        check(&before, server.as_ref(), &device);
                    }
                }
                snapshots.push(device.clone());
            }
        }
    }
}
