//! Evaluations: the answers a shopper gives for one assignment, and the submission that carries them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::contact::{Channel, Stamp};
use crate::outcome::Outcome;

/// One answer. Untagged so the JSON reads naturally: `true`, `5`, `"Hyggelig tone"`, `["tel", "chat"]`, and
/// `null` for "not applicable" (an unanswered question has no entry at all). Deserialized by hand: serde's
/// untagged derive buffers every value and tries each variant, which costs the PWA kilobytes of wasm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    NotApplicable,
    Bool(bool),
    Number(i64),
    /// Free text, a date-time, or the id of the chosen option.
    Text(String),
    /// The ids of the chosen options of a multiple-choice question.
    Choices(Vec<String>),
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnswerVisitor)
    }
}

struct AnswerVisitor;

impl<'de> serde::de::Visitor<'de> for AnswerVisitor {
    type Value = Answer;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("null, true/false, a whole number, text or a list of texts")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Answer, E> {
        Ok(Answer::NotApplicable)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Answer, E> {
        Ok(Answer::NotApplicable)
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Answer, E> {
        Ok(Answer::Bool(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Answer, E> {
        Ok(Answer::Number(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Answer, E> {
        i64::try_from(value)
            .map(Answer::Number)
            .map_err(|_| E::custom("number too large"))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Answer, E> {
        Ok(Answer::Text(value.to_owned()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
        let mut choices = Vec::new();
        while let Some(choice) = seq.next_element::<String>()? {
            choices.push(choice);
        }
        Ok(Answer::Choices(choices))
    }
}

/// Answers by question id. A `BTreeMap` keeps the order stable, so equal answers serialize to equal bytes.
pub type Answers = BTreeMap<String, Answer>;

/// What a shopper submits for an assignment: everything whose change makes a different submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationContent {
    pub assignment_id: Uuid,
    pub questionnaire_id: String,
    pub questionnaire_version: u32,
    /// The assignment's channel: which questions apply depends on it.
    pub channel: Channel,
    /// When the contact was dialled, answered, ended...: the times waiting and talk time come from.
    #[serde(default)]
    pub timeline: Vec<Stamp>,
    pub answers: Answers,
    #[serde(default)]
    pub notes: String,
    /// Reached (the answers are the evaluation) or not reached (no answers; the timeline shows the attempts).
    /// Left out when reached, so submissions made before outcomes existed keep their canonical form.
    #[serde(default, skip_serializing_if = "Outcome::is_reached")]
    pub outcome: Outcome,
    /// Evidence: pictures and pasted text, by hash (attachment.rs). Left out when there is none, so
    /// submissions made before attachments existed keep their canonical form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<crate::attachment::AttachmentRef>,
}

impl EvaluationContent {
    /// The canonical form two submissions are compared by: equal content gives equal text.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("evaluation content always serializes")
    }
}

/// The body of a push: one revision of one evaluation. The evaluation id travels in the URL; the device made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationSubmission {
    /// The sync protocol version the device speaks (see [`crate::protocol::PROTOCOL_VERSION`]).
    pub protocol: u32,
    /// Starts at 1; a shopper who fixes a returned evaluation submits the next revision.
    pub revision: u32,
    pub content: EvaluationContent,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(answers: &[(&str, Answer)]) -> EvaluationContent {
        EvaluationContent {
            attachments: Vec::new(),
            assignment_id: Uuid::nil(),
            questionnaire_id: "q".into(),
            questionnaire_version: 1,
            channel: Channel::Phone,
            timeline: vec![],
            answers: answers
                .iter()
                .map(|(id, a)| (id.to_string(), a.clone()))
                .collect(),
            notes: String::new(),
            outcome: Outcome::Reached,
        }
    }

    #[test]
    fn answers_entered_in_another_order_have_the_same_canonical_form() {
        let a = content(&[
            ("greeting", Answer::Bool(true)),
            ("tone", Answer::Number(5)),
        ]);
        let b = content(&[
            ("tone", Answer::Number(5)),
            ("greeting", Answer::Bool(true)),
        ]);
        assert_eq!(a.canonical_json(), b.canonical_json());
    }

    #[test]
    fn a_changed_answer_changes_the_canonical_form() {
        let a = content(&[("tone", Answer::Number(5))]);
        let b = content(&[("tone", Answer::Number(4))]);
        assert_ne!(a.canonical_json(), b.canonical_json());
    }

    #[test]
    fn answers_read_naturally_in_json_and_round_trip() {
        let c = content(&[
            ("greeting", Answer::Bool(true)),
            ("tone", Answer::Number(5)),
            ("comment", Answer::Text("Hyggelig".into())),
            ("extra", Answer::NotApplicable),
            (
                "reached_by",
                Answer::Choices(vec!["tel".into(), "chat".into()]),
            ),
        ]);
        let json = c.canonical_json();
        assert!(
            json.contains(r#""answers":{"comment":"Hyggelig","extra":null,"greeting":true,"reached_by":["tel","chat"],"tone":5}"#),
            "{json}"
        );
        let back: EvaluationContent = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
    }
}
