//! Questionnaires: sections of questions ("performances") a shopper answers after a contact.
//!
//! This is the wire and storage form. Organizers write questionnaires as definition files (see
//! `definition.rs` and `docs/QUESTIONNAIRES.md`), which are read into these types and checked.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::condition::Condition;
// Contact vocabulary, kept reachable at its old path.
pub use crate::contact::{applies_to, Channel, Derived};

/// A text in the languages the product speaks: Norwegian bokmål first (always there), English and Danish
/// when the definition file gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub nb: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub da: Option<String>,
}

impl Localized {
    pub fn new(nb: &str, en: &str) -> Self {
        Self {
            nb: nb.to_owned(),
            en: Some(en.to_owned()),
            da: None,
        }
    }

    /// The text in `lang` ("nb", "en" or "da"), falling back to bokmål (which a Danish reader reads more
    /// easily than English).
    pub fn get(&self, lang: &str) -> &str {
        match (lang, &self.en, &self.da) {
            ("en", Some(en), _) => en,
            ("da", _, Some(da)) => da,
            _ => &self.nb,
        }
    }

    /// Each language the text is given in, with its text: bokmål first.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("nb", Some(self.nb.as_str())),
            ("en", self.en.as_deref()),
            ("da", self.da.as_deref()),
        ]
        .into_iter()
        .filter_map(|(lang, text)| Some((lang, text?)))
    }
}

/// One version of a questionnaire. A version is immutable once stored; a change makes a new version, and a
/// draft keeps the version its assignment was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub id: String,
    /// Given by the server when a definition is imported; a definition file may leave it out.
    #[serde(default)]
    pub version: u32,
    pub title: Localized,
    pub sections: Vec<Section>,
    /// The performance areas the sections are grouped in, each with its weight in the total; empty when the
    /// questionnaire has none (then the total is points earned of points possible over every section). Read
    /// on the server only: the shopper's app never scores, and its wasm stays without them.
    #[cfg(feature = "definition-files")]
    #[serde(default)]
    pub areas: Vec<Area>,
    /// A short label per performance (question id -> label) for reports, charts and CSV headers, where the
    /// question's own text is too long; a question without one is named by its text. Server only, as the areas.
    #[cfg(feature = "definition-files")]
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub report_labels: std::collections::BTreeMap<String, Localized>,
}

/// A performance area: sections scored together, weighing `weight` percent of the total. The areas'
/// weights add up to exactly 100 (checked when a definition is read; see docs/QUESTIONNAIRES.md).
#[cfg(feature = "definition-files")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub title: Localized,
    /// Whole percent of the total.
    pub weight: u32,
    /// Whether the area is the agent's own performance ("Kundebehandleren"): the agent score is the
    /// weighted mean of these areas alone.
    #[serde(default)]
    pub agent: bool,
    /// The ids of the sections it groups; a section belongs to at most one area.
    pub sections: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Localized>,
    /// The channels the section applies to; empty means every channel.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Shown only when this holds for the answers given so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    pub questions: Vec<Question>,
}

/// One question: a "performance" the agent did or did not deliver. Written flat: the kind's own fields sit
/// beside the common ones (`kind = "scale"`, `min = 1`, ...). Read through [`FlatQuestion`], which is far
/// smaller in the PWA's wasm than serde's flatten + internally tagged enum, and refuses unknown fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FlatQuestion")]
pub struct Question {
    pub id: String,
    pub label: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Localized>,
    #[serde(default)]
    pub required: bool,
    /// Whether "not applicable" is an answer; it takes the question out of the score.
    #[serde(default)]
    pub allow_na: bool,
    /// The channels the question applies to; empty means every channel.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// How much the question counts in the score, relative to the others.
    #[serde(default = "one")]
    pub weight: u32,
    /// Shown only when this holds for the answers given so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// The id this performance had in the previous wave's questionnaire, when it was renamed: a company's
    /// report compares it with that question's figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_id: Option<String>,
    #[serde(flatten)]
    pub kind: QuestionKind,
}

fn one() -> u32 {
    1
}

/// A question as written: the common fields and every kind's fields, all optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlatQuestion {
    id: String,
    label: Localized,
    #[serde(default)]
    help: Option<Localized>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    allow_na: bool,
    #[serde(default)]
    channels: Vec<Channel>,
    #[serde(default = "one")]
    weight: u32,
    #[serde(default)]
    show_if: Option<Condition>,
    #[serde(default)]
    previous_id: Option<String>,
    kind: KindName,
    yes_points: Option<u32>,
    no_points: Option<u32>,
    min: Option<i64>,
    max: Option<i64>,
    min_label: Option<Localized>,
    max_label: Option<Localized>,
    options: Option<Vec<ChoiceOption>>,
    unit: Option<Localized>,
    from: Option<Derived>,
    bands: Option<Vec<Band>>,
    max_len: Option<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindName {
    YesNo,
    Scale,
    SingleChoice,
    MultipleChoice,
    Number,
    Duration,
    DateTime,
    Text,
    Nps,
}

impl TryFrom<FlatQuestion> for Question {
    type Error = String;

    fn try_from(flat: FlatQuestion) -> Result<Self, String> {
        let id = flat.id.clone();
        let mut fields = KindFields {
            flat,
            used: Vec::new(),
        };
        let kind = match fields.flat.kind {
            KindName::YesNo => QuestionKind::YesNo {
                yes_points: fields
                    .take("yes_points", |f| f.yes_points.take())?
                    .unwrap_or(1),
                no_points: fields
                    .take("no_points", |f| f.no_points.take())?
                    .unwrap_or(0),
            },
            KindName::Scale => QuestionKind::Scale {
                min: fields.need("min", |f| f.min.take())?,
                max: fields.need("max", |f| f.max.take())?,
                min_label: fields.need("min_label", |f| f.min_label.take())?,
                max_label: fields.need("max_label", |f| f.max_label.take())?,
            },
            KindName::SingleChoice => QuestionKind::SingleChoice {
                options: fields.need("options", |f| f.options.take())?,
            },
            KindName::MultipleChoice => QuestionKind::MultipleChoice {
                options: fields.need("options", |f| f.options.take())?,
            },
            KindName::Number => QuestionKind::Number {
                min: fields.need("min", |f| f.min.take())?,
                max: fields.need("max", |f| f.max.take())?,
                unit: fields.take("unit", |f| f.unit.take())?,
            },
            KindName::Duration => QuestionKind::Duration {
                max: fields.need("max", |f| f.max.take())?,
                from: fields.take("from", |f| f.from.take())?,
                bands: fields
                    .take("bands", |f| f.bands.take())?
                    .unwrap_or_default(),
            },
            KindName::DateTime => QuestionKind::DateTime,
            KindName::Text => QuestionKind::Text {
                max_len: fields.need("max_len", |f| f.max_len.take())?,
            },
            KindName::Nps => QuestionKind::Nps,
        };
        fields.no_leftovers(&id)?;
        let flat = fields.flat;
        Ok(Question {
            id: flat.id,
            label: flat.label,
            help: flat.help,
            required: flat.required,
            allow_na: flat.allow_na,
            channels: flat.channels,
            weight: flat.weight,
            show_if: flat.show_if,
            previous_id: flat.previous_id,
            kind,
        })
    }
}

/// Takes the kind's fields out of a flat question; what is left over belongs to another kind.
struct KindFields {
    flat: FlatQuestion,
    used: Vec<&'static str>,
}

impl KindFields {
    fn take<T>(
        &mut self,
        name: &'static str,
        field: impl FnOnce(&mut FlatQuestion) -> Option<T>,
    ) -> Result<Option<T>, String> {
        self.used.push(name);
        Ok(field(&mut self.flat))
    }

    fn need<T>(
        &mut self,
        name: &'static str,
        field: impl FnOnce(&mut FlatQuestion) -> Option<T>,
    ) -> Result<T, String> {
        let id = self.flat.id.clone();
        self.take(name, field)?
            .ok_or_else(|| format!("question \"{id}\" needs `{name}` for its kind"))
    }

    fn no_leftovers(&self, id: &str) -> Result<(), String> {
        let f = &self.flat;
        let present = [
            ("yes_points", f.yes_points.is_some()),
            ("no_points", f.no_points.is_some()),
            ("min", f.min.is_some()),
            ("max", f.max.is_some()),
            ("min_label", f.min_label.is_some()),
            ("max_label", f.max_label.is_some()),
            ("options", f.options.is_some()),
            ("unit", f.unit.is_some()),
            ("from", f.from.is_some()),
            ("bands", f.bands.is_some()),
            ("max_len", f.max_len.is_some()),
        ];
        match present.iter().find(|(_, given)| *given) {
            Some((name, _)) => Err(format!(
                "question \"{id}\": `{name}` does not belong to its kind"
            )),
            None => Ok(()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Yes or no, scored `yes_points` / `no_points` (1 and 0 unless a "no" is the good answer).
    YesNo {
        #[serde(default = "one")]
        yes_points: u32,
        #[serde(default)]
        no_points: u32,
    },
    /// A whole number from `min` to `max`, e.g. 1-6, with labelled ends; scored `answer - min` of `max - min`.
    Scale {
        min: i64,
        max: i64,
        min_label: Localized,
        max_label: Localized,
    },
    /// Exactly one of the options; scored by the chosen option's points when any option has points.
    SingleChoice { options: Vec<ChoiceOption> },
    /// Any number of the options; scored by the sum of the chosen options' points when any option has points.
    MultipleChoice { options: Vec<ChoiceOption> },
    /// A whole number from `min` to `max`. Not scored.
    Number {
        min: i64,
        max: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Localized>,
    },
    /// A duration in whole seconds, at most `max`. Filled from the contact's timestamps when `from` is set;
    /// scored by `bands` when there are any (the first band the duration fits in gives its points).
    Duration {
        max: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Derived>,
        #[serde(default)]
        bands: Vec<Band>,
    },
    /// A local date and time, `YYYY-MM-DDTHH:MM`. Not scored.
    DateTime,
    /// Free text of at most `max_len` characters. Not scored.
    Text { max_len: usize },
    /// Net Promoter question, 0-10. Reported on its own, not part of the score.
    Nps,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub id: String,
    pub label: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
}

/// Durations up to `up_to` seconds earn `points`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub up_to: i64,
    pub points: u32,
}

impl QuestionKind {
    /// The kind's name as definition files write it.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::YesNo { .. } => "yes_no",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::SingleChoice { .. } => "single_choice",
            QuestionKind::MultipleChoice { .. } => "multiple_choice",
            QuestionKind::Number { .. } => "number",
            QuestionKind::Duration { .. } => "duration",
            QuestionKind::DateTime => "date_time",
            QuestionKind::Text { .. } => "text",
            QuestionKind::Nps => "nps",
        }
    }
}

impl Question {
    /// The label of option `id` of a choice question, in `lang`; the id itself when there is no such option.
    pub fn option_label<'a>(&'a self, id: &'a str, lang: &str) -> &'a str {
        match &self.kind {
            QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                options
                    .iter()
                    .find(|option| option.id == id)
                    .map_or(id, |option| option.label.get(lang))
            }
            _ => id,
        }
    }
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

    /// The performance's name in reports: its report label, else the question's text; `None` for no such
    /// question.
    #[cfg(feature = "definition-files")]
    pub fn report_label(&self, question_id: &str) -> Option<&Localized> {
        self.report_labels
            .get(question_id)
            .or_else(|| self.question(question_id).map(|q| &q.label))
    }

    /// The area section `section_id` belongs to, if any.
    #[cfg(feature = "definition-files")]
    pub fn area_of(&self, section_id: &str) -> Option<&Area> {
        self.areas
            .iter()
            .find(|area| area.sections.iter().any(|s| s == section_id))
    }
}

/// One thing wrong with a questionnaire definition file (read by `definition::parse`, on the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefinitionError {
    /// 1-based; `None` when the problem is with the file as a whole.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::question;

    #[test]
    fn an_option_is_named_by_its_label_in_the_language_asked_for() {
        let options = vec![ChoiceOption {
            id: "helt".into(),
            label: Localized::new("Ja, helt", "Yes, fully"),
            points: None,
        }];
        let q = question("loste", QuestionKind::SingleChoice { options });
        assert_eq!(q.option_label("helt", "nb"), "Ja, helt");
        assert_eq!(q.option_label("helt", "en"), "Yes, fully");
        assert_eq!(
            q.option_label("delvis", "nb"),
            "delvis",
            "an unknown option keeps its id"
        );
    }
}
