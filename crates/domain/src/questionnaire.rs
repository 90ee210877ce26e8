//! Questionnaires: sections of questions ("performances") a shopper answers after a contact.

use serde::{Deserialize, Serialize};

/// A text in the two languages the product speaks: Norwegian bokmål first, English second.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub nb: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Localized {
    pub fn new(nb: &str, en: &str) -> Self {
        Self {
            nb: nb.to_owned(),
            en: Some(en.to_owned()),
        }
    }

    /// The text in `lang` ("nb" or "en"), falling back to bokmål.
    pub fn get(&self, lang: &str) -> &str {
        match (lang, &self.en) {
            ("en", Some(en)) => en,
            _ => &self.nb,
        }
    }
}

/// One version of a questionnaire. A version is immutable once an evaluation uses it; a change makes a new
/// version, and a draft keeps the version it was started on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub id: String,
    pub version: u32,
    pub title: Localized,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: Localized,
    pub questions: Vec<Question>,
}

/// One question: a "performance" the agent did or did not deliver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub label: Localized,
    #[serde(default)]
    pub required: bool,
    #[serde(flatten)]
    pub kind: QuestionKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Yes or no.
    YesNo,
    /// A whole number from `min` to `max`, e.g. 1-6, with labelled ends.
    Scale {
        min: i64,
        max: i64,
        min_label: Localized,
        max_label: Localized,
    },
    /// Free text of at most `max_len` characters.
    Text { max_len: usize },
}

impl Questionnaire {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections
            .iter()
            .flat_map(|section| section.questions.iter())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|question| question.id == id)
    }
}
