//! Questionnaire definition files: the TOML (or JSON) an organizer writes, read into a [`Questionnaire`] and
//! checked, with every error naming its line. The format is documented in `docs/QUESTIONNAIRES.md`.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::condition::Condition;
use crate::evaluation::Answer;
pub use crate::questionnaire::DefinitionError;
use crate::questionnaire::{ChoiceOption, Question, QuestionKind, Questionnaire};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// The format a file name's extension says, if any.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// The largest definition file read, in bytes; a questionnaire of 40 questions is about 20 KB.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

/// The deepest a definition may nest tables and arrays (the file itself is level 0; a question's `show_if` is
/// at level 5, so conditions can nest `all` / `any` five deep). Deeper files are refused where they are read,
/// TOML table headers and dotted keys included: once stored, a deeper definition could not be read back.
pub const MAX_DEPTH: usize = 16;

/// The most questions a questionnaire may have in all: every shopper's sync carries the whole definition
/// (2,000 questions made it 896 KB), and a call is evaluated in far fewer.
pub const MAX_QUESTIONS: usize = 200;
/// The most options a choice question may have.
pub const MAX_OPTIONS: usize = 50;
/// The longest title, label, help text or option label, in characters, in each language.
pub const MAX_TEXT_CHARS: usize = 1000;
/// The longest report label, in characters, in each language: it names a bar of the report's chart.
pub const MAX_REPORT_LABEL_CHARS: usize = 40;

/// The most errors one answer lists: a broken file can have tens of thousands, and the first ones say what
/// to fix.
pub const MAX_ERRORS: usize = 100;

/// Reads and checks a definition. Errors come all at once, in file order, each with its line where known; at
/// most [`MAX_ERRORS`], then one that says how many more were found.
pub fn parse(source: &str, format: Format) -> Result<Questionnaire, Vec<DefinitionError>> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(vec![DefinitionError {
            line: None,
            message: format!(
                "the file is {} bytes; at most {MAX_SOURCE_BYTES} are read",
                source.len()
            ),
        }]);
    }
    if let Some(line) = written_too_deep(source, format) {
        return Err(vec![too_deep(Some(line))]);
    }
    let (questionnaire, written) = read(source, format).map_err(|error| vec![error])?;
    if depth(&written) > MAX_DEPTH {
        return Err(vec![too_deep(None)]);
    }
    let index = LineIndex::new(source);
    let (unknown, unknown_count) = unknown_fields(&index, &questionnaire, &written);
    let checked = check(&questionnaire);
    let labels = check_report_labels(&questionnaire, &index);
    let found = unknown_count + checked.len() + labels.len();
    let mut errors = unknown;
    errors.extend(labels);
    errors.extend(
        checked
            .into_iter()
            .take(MAX_ERRORS)
            .map(|(anchor, message)| DefinitionError {
                line: anchor.and_then(|(id, nth)| index.line_of_id(id, nth)),
                message,
            }),
    );
    if errors.is_empty() {
        Ok(questionnaire)
    } else {
        errors.sort_by_key(|e| e.line.unwrap_or(0));
        errors.truncate(MAX_ERRORS);
        if found > errors.len() {
            errors.push(DefinitionError {
                line: None,
                message: format!(
                    "{found} errors in all; the first {} found are listed",
                    errors.len()
                ),
            });
        }
        Err(errors)
    }
}

fn too_deep(line: Option<usize>) -> DefinitionError {
    DefinitionError {
        line,
        message: format!(
            "the definition nests more than {MAX_DEPTH} levels of tables and lists (conditions inside conditions?)"
        ),
    }
}

/// How deep a tree nests tables and arrays (without recursion: the tree may be as deep as the parser allows).
fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut open = vec![(value, 0)];
    while let Some((value, level)) = open.pop() {
        deepest = deepest.max(level);
        match value {
            Value::Object(map) => open.extend(map.values().map(|v| (v, level + 1))),
            Value::Array(items) => open.extend(items.iter().map(|v| (v, level + 1))),
            _ => {}
        }
    }
    deepest
}

/// The first line whose text alone nests deeper than [`MAX_DEPTH`]: brackets and braces outside strings and
/// comments, and in TOML the dots of a table header (`[a.b.c]`) or of a dotted key (`a.b.c = 1`). Each is at
/// most the depth of the tree the parser would build, so this refuses only files the tree check would refuse
/// too, and it does so before the parser builds (and later drops) a tree thousands of levels deep.
fn written_too_deep(source: &str, format: Format) -> Option<usize> {
    let toml = format == Format::Toml;
    let mut nesting = 0usize;
    let mut in_string: Option<char> = None;
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        if toml && nesting == 0 && in_string.is_none() {
            let dots = if trimmed.starts_with('[') {
                key_dots(trimmed.trim_start_matches('['), ']')
            } else {
                key_dots(trimmed, '=')
            };
            if dots + 1 > MAX_DEPTH {
                return Some(index + 1);
            }
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (in_string, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(quote), c) if c == quote => in_string = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if toml || c == '"' => in_string = Some(c),
                (None, '#') if toml => break,
                (None, '[' | '{') => {
                    nesting += 1;
                    if nesting > MAX_DEPTH {
                        return Some(index + 1);
                    }
                }
                (None, ']' | '}') => nesting = nesting.saturating_sub(1),
                _ => {}
            }
        }
        // A TOML string ends with its line unless it is a multi-line one ("""), which this counts as one.
        if toml && in_string == Some('\'') {
            in_string = None;
        }
    }
    None
}

/// The dots of a key (outside quotes) up to `end`.
fn key_dots(text: &str, end: char) -> usize {
    let mut dots = 0;
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '.') => dots += 1,
            (None, c) if c == end => break,
            _ => {}
        }
    }
    dots
}

/// The file's lines, looked at once: for each quoted string on a line with an `id` key, the lines it is on,
/// so that an error's line is found without scanning the file again.
struct LineIndex<'a> {
    lines: Vec<&'a str>,
    ids: HashMap<&'a str, Vec<usize>>,
}

impl<'a> LineIndex<'a> {
    fn new(source: &'a str) -> Self {
        let lines: Vec<&str> = source.lines().collect();
        let mut ids: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, line) in lines.iter().enumerate() {
            if !has_key(line, "id") {
                continue;
            }
            let mut quoted = line.split('"').skip(1).step_by(2).collect::<Vec<_>>();
            quoted.dedup();
            for value in quoted {
                ids.entry(value).or_default().push(index + 1);
            }
        }
        Self { lines, ids }
    }

    /// The line of the `nth` (1-based) `id = "value"` / `"id": "value"`.
    fn line_of_id(&self, id: &str, nth: usize) -> Option<usize> {
        self.ids.get(id)?.get(nth.saturating_sub(1)).copied()
    }

    /// The line, from `from_line` on, where `key` is written as a key (`key =` in TOML, `"key":` in JSON).
    fn find_key_line(&self, key: &str, from_line: usize) -> Option<usize> {
        self.lines
            .iter()
            .enumerate()
            .skip(from_line.saturating_sub(1))
            .find(|(_, line)| has_key(line, key))
            .map(|(index, _)| index + 1)
    }
}

/// The questionnaire, and the file's own tree (to find fields the questionnaire does not know).
fn read(source: &str, format: Format) -> Result<(Questionnaire, Value), DefinitionError> {
    match format {
        Format::Toml => {
            let located = |error: toml::de::Error| DefinitionError {
                line: error.span().map(|span| line_at(source, span.start)),
                message: error.message().trim().to_owned(),
            };
            let table: toml::Table = toml::from_str(source).map_err(located)?;
            let questionnaire = toml::from_str(source).map_err(located)?;
            let written = serde_json::to_value(table).map_err(|error| DefinitionError {
                line: None,
                message: error.to_string(),
            })?;
            Ok((questionnaire, written))
        }
        Format::Json => {
            let located = |error: serde_json::Error| {
                let text = error.to_string();
                let message = match text.rfind(" at line ") {
                    Some(at) => text[..at].to_owned(),
                    None => text,
                };
                DefinitionError {
                    line: (error.line() > 0).then_some(error.line()),
                    message,
                }
            };
            let written: Value = serde_json::from_str(source).map_err(located)?;
            let questionnaire = serde_json::from_str(source).map_err(located)?;
            Ok((questionnaire, written))
        }
    }
}

fn line_at(source: &str, byte: usize) -> usize {
    let end = byte.min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Fields the file has and the questionnaire does not know: most likely typos (`requird = true`), which
/// would otherwise be silently ignored. The first [`MAX_ERRORS`] with their lines, and how many there are.
fn unknown_fields(
    index: &LineIndex,
    questionnaire: &Questionnaire,
    written: &Value,
) -> (Vec<DefinitionError>, usize) {
    let known = serde_json::to_value(questionnaire).expect("a questionnaire always serializes");
    let mut found = Vec::new();
    walk(written, &known, None, &mut found);
    let count = found.len();
    let errors = found
        .into_iter()
        .take(MAX_ERRORS)
        .map(|(owner, key)| {
            let from = owner.and_then(|id| index.line_of_id(id, 1)).unwrap_or(1);
            let whose = owner.map_or(String::new(), |id| format!(" in \"{id}\""));
            DefinitionError {
                line: index.find_key_line(key, from),
                message: format!("unknown field `{key}`{whose}"),
            }
        })
        .collect();
    (errors, count)
}

fn walk<'a>(
    written: &'a Value,
    known: &Value,
    owner: Option<&'a str>,
    found: &mut Vec<(Option<&'a str>, &'a str)>,
) {
    match (written, known) {
        (Value::Object(written), Value::Object(known)) => {
            let owner = written.get("id").and_then(Value::as_str).or(owner);
            for (key, value) in written {
                match known.get(key) {
                    Some(known_value) => walk(value, known_value, owner, found),
                    None => found.push((owner, key)),
                }
            }
        }
        (Value::Array(written), Value::Array(known)) => {
            for (value, known_value) in written.iter().zip(known) {
                walk(value, known_value, owner, found);
            }
        }
        _ => {}
    }
}

fn has_key(line: &str, key: &str) -> bool {
    line.match_indices(key).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + key.len()..].trim_start_matches('"').trim_start();
        let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        starts_word && (after.starts_with('=') || after.starts_with(':'))
    })
}

/// Where an error is: an id and which of its occurrences (for duplicates), or the file as a whole.
type Anchor<'a> = Option<(&'a str, usize)>;

/// The rules a definition must follow beyond its shape.
fn check<'a>(questionnaire: &'a Questionnaire) -> Vec<(Anchor<'a>, String)> {
    let mut errors = Vec::new();
    let mut error = |anchor: Anchor<'a>, message: String| errors.push((anchor, message));
    if !is_valid_id(&questionnaire.id) {
        error(None, bad_id("questionnaire", &questionnaire.id));
    }
    if questionnaire.sections.is_empty() {
        error(None, "a questionnaire needs at least one section".into());
    }
    let questions = questionnaire.questions().count();
    if questions > MAX_QUESTIONS {
        // At the first question over the cap.
        let first_over = questionnaire.questions().nth(MAX_QUESTIONS);
        error(
            first_over.map(|q| (q.id.as_str(), 1)),
            format!(
                "the questionnaire has {questions} questions; at most {MAX_QUESTIONS} are allowed"
            ),
        );
    }
    let mut section_ids = BTreeSet::new();
    let mut question_ids: HashMap<&str, usize> = HashMap::new();
    let mut previous_ids = BTreeSet::new();
    for section in &questionnaire.sections {
        let here = Some((section.id.as_str(), 1));
        for problem in too_long("title", Some(&section.title))
            .into_iter()
            .chain(too_long("help", section.help.as_ref()))
        {
            error(here, format!("section \"{}\": {problem}", section.id));
        }
        if !is_valid_id(&section.id) {
            error(here, bad_id("section", &section.id));
        }
        if !section_ids.insert(section.id.as_str()) {
            error(
                Some((section.id.as_str(), 2)),
                format!("section id \"{}\" is used twice", section.id),
            );
        }
        if section.title.nb.trim().is_empty() {
            error(
                here,
                format!("section \"{}\" needs a title in bokmål (nb)", section.id),
            );
        }
        if section.questions.is_empty() {
            error(here, format!("section \"{}\" has no questions", section.id));
        }
        if let Some(condition) = &section.show_if {
            for problem in check_condition(questionnaire, condition, &question_ids) {
                error(here, format!("section \"{}\": {problem}", section.id));
            }
        }
        for question in &section.questions {
            let occurrence = question_ids.get(question.id.as_str()).copied().unwrap_or(0) + 1;
            let here = Some((question.id.as_str(), occurrence));
            if occurrence > 1 {
                error(
                    here,
                    format!("question id \"{}\" is used twice", question.id),
                );
            }
            if !is_valid_id(&question.id) {
                error(here, bad_id("question", &question.id));
            }
            if question.label.nb.trim().is_empty() {
                error(
                    here,
                    format!("question \"{}\" needs a label in bokmål (nb)", question.id),
                );
            }
            if question.weight > 100 {
                error(
                    here,
                    format!(
                        "question \"{}\": weight {} is above 100",
                        question.id, question.weight
                    ),
                );
            }
            if let Some(previous) = &question.previous_id {
                if !is_valid_id(previous) {
                    error(here, bad_id("previous", previous));
                } else if !previous_ids.insert(previous.as_str()) {
                    error(
                        here,
                        format!(
                            "question \"{}\": previous_id \"{previous}\" is named by another question too",
                            question.id
                        ),
                    );
                }
            }
            for problem in check_kind(question)
                .into_iter()
                .chain(too_long("label", Some(&question.label)))
                .chain(too_long("help", question.help.as_ref()))
            {
                error(here, format!("question \"{}\": {problem}", question.id));
            }
            if let Some(condition) = &question.show_if {
                for problem in check_condition(questionnaire, condition, &question_ids) {
                    error(here, format!("question \"{}\": {problem}", question.id));
                }
            }
            question_ids.insert(&question.id, occurrence);
        }
    }
    for (anchor, message) in check_areas(questionnaire) {
        error(anchor, message);
    }
    errors
}

/// The report labels: each of an existing question, with a bokmål text, none longer than
/// [`MAX_REPORT_LABEL_CHARS`]; each error at its label's line.
fn check_report_labels(questionnaire: &Questionnaire, index: &LineIndex) -> Vec<DefinitionError> {
    let table = index
        .lines
        .iter()
        .position(|line| line.trim_start().starts_with("[report_labels]"))
        .map_or(1, |at| at + 1);
    let mut errors = Vec::new();
    for (id, label) in &questionnaire.report_labels {
        let line = index.find_key_line(id, table);
        let mut error = |message: String| errors.push(DefinitionError { line, message });
        if questionnaire.question(id).is_none() {
            error(format!(
                "report label \"{id}\": there is no question \"{id}\""
            ));
        }
        if label.nb.trim().is_empty() {
            error(format!("report label \"{id}\" needs a text in bokmål (nb)"));
        }
        for (language, text) in label.texts() {
            let chars = text.chars().count();
            if chars > MAX_REPORT_LABEL_CHARS {
                error(format!(
                    "report label \"{id}\" ({language}) has {chars} characters; at most {MAX_REPORT_LABEL_CHARS}"
                ));
            }
        }
    }
    errors
}

/// Whether a question of this kind can earn points.
fn is_scored(kind: &QuestionKind) -> bool {
    match kind {
        QuestionKind::YesNo { .. } | QuestionKind::Scale { .. } => true,
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            options.iter().any(|o| o.points.is_some())
        }
        QuestionKind::Duration { bands, .. } => !bands.is_empty(),
        _ => false,
    }
}

/// The performance areas: valid unique ids, a title, weights of whole percents adding up to exactly 100,
/// known sections each in at most one area, and every section that can earn points in one.
fn check_areas(questionnaire: &Questionnaire) -> Vec<(Anchor<'_>, String)> {
    let mut errors = Vec::new();
    let areas = &questionnaire.areas;
    if areas.is_empty() {
        return errors;
    }
    let mut ids = BTreeSet::new();
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for area in areas {
        let here = Some((area.id.as_str(), 1));
        if !is_valid_id(&area.id) {
            errors.push((here, bad_id("area", &area.id)));
        }
        if !ids.insert(area.id.as_str()) {
            errors.push((here, format!("area id \"{}\" is used twice", area.id)));
        }
        if area.title.nb.trim().is_empty() {
            errors.push((
                here,
                format!("area \"{}\" needs a title in bokmål (nb)", area.id),
            ));
        }
        if area.weight == 0 || area.weight > 100 {
            errors.push((
                here,
                format!(
                    "area \"{}\": weight {} must be a whole percent from 1 to 100",
                    area.id, area.weight
                ),
            ));
        }
        if area.sections.is_empty() {
            errors.push((here, format!("area \"{}\" names no sections", area.id)));
        }
        for section in &area.sections {
            if !questionnaire.sections.iter().any(|s| &s.id == section) {
                errors.push((
                    here,
                    format!("area \"{}\": there is no section \"{section}\"", area.id),
                ));
            } else if let Some(first) = owner.insert(section, &area.id) {
                errors.push((
                    here,
                    format!(
                        "section \"{section}\" is in both area \"{first}\" and area \"{}\"",
                        area.id
                    ),
                ));
            }
        }
    }
    let sum: u64 = areas.iter().map(|a| u64::from(a.weight)).sum();
    if sum != 100 {
        let listed: Vec<String> = areas
            .iter()
            .map(|a| format!("{} {}", a.id, a.weight))
            .collect();
        errors.push((
            Some((areas[0].id.as_str(), 1)),
            format!(
                "the areas' weights add up to {sum}, not 100 ({})",
                listed.join(" + ")
            ),
        ));
    }
    for section in &questionnaire.sections {
        let scored = section.questions.iter().any(|q| is_scored(&q.kind));
        if scored && !owner.contains_key(section.id.as_str()) {
            errors.push((
                Some((section.id.as_str(), 1)),
                format!(
                    "section \"{}\" earns points but is in no area; add it to one",
                    section.id
                ),
            ));
        }
    }
    errors
}

/// A problem when a text of `what` is longer than [`MAX_TEXT_CHARS`] in a language.
fn too_long(what: &str, text: Option<&crate::questionnaire::Localized>) -> Option<String> {
    let text = text?;
    text.texts().find_map(|(lang, value)| {
        let chars = value.chars().count();
        (chars > MAX_TEXT_CHARS).then(|| {
            format!("the {what} ({lang}) has {chars} characters; at most {MAX_TEXT_CHARS}")
        })
    })
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn bad_id(what: &str, id: &str) -> String {
    format!("{what} id \"{id}\" must be 1-64 letters a-z, digits, '_' or '-'")
}

fn check_kind(question: &Question) -> Vec<String> {
    let mut problems = Vec::new();
    match &question.kind {
        QuestionKind::YesNo { .. } | QuestionKind::DateTime | QuestionKind::Nps => {}
        QuestionKind::Scale { min, max, .. } => {
            if min >= max || max - min > 100 {
                problems.push(format!(
                    "a scale needs min below max, at most 100 apart (got {min}-{max})"
                ));
            }
        }
        QuestionKind::Number { min, max, .. } => {
            if min > max {
                problems.push(format!("min {min} is above max {max}"));
            }
        }
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            let least = if matches!(question.kind, QuestionKind::SingleChoice { .. }) {
                2
            } else {
                1
            };
            if options.len() < least {
                problems.push(format!("needs at least {least} options"));
            }
            if options.len() > MAX_OPTIONS {
                problems.push(format!(
                    "has {} options; at most {MAX_OPTIONS}",
                    options.len()
                ));
            }
            for option in options {
                if let Some(problem) = too_long("option label", Some(&option.label)) {
                    problems.push(format!("option \"{}\": {problem}", option.id));
                }
            }
            let mut seen = BTreeSet::new();
            for option in options {
                if !is_valid_id(&option.id) {
                    problems.push(bad_id("option", &option.id));
                }
                if !seen.insert(option.id.as_str()) {
                    problems.push(format!("option id \"{}\" is used twice", option.id));
                }
                if option.label.nb.trim().is_empty() {
                    problems.push(format!(
                        "option \"{}\" needs a label in bokmål (nb)",
                        option.id
                    ));
                }
            }
        }
        QuestionKind::Duration { max, bands, .. } => {
            if *max <= 0 {
                problems.push(format!("max must be above 0 seconds (got {max})"));
            }
            if bands.windows(2).any(|pair| pair[0].up_to >= pair[1].up_to)
                || bands.iter().any(|band| band.up_to < 0)
            {
                problems
                    .push("bands must have up_to at 0 or above, rising from band to band".into());
            }
        }
        QuestionKind::Text { max_len } => {
            if !(1..=10_000).contains(max_len) {
                problems.push(format!("max_len must be 1-10000 (got {max_len})"));
            }
        }
    }
    problems
}

/// A condition may look only at questions before it, with values that question can have.
fn check_condition(
    questionnaire: &Questionnaire,
    condition: &Condition,
    earlier: &HashMap<&str, usize>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut visit = vec![condition];
    while let Some(condition) = visit.pop() {
        let (id, values, numeric): (&str, Vec<&Answer>, bool) = match condition {
            Condition::All(list) | Condition::Any(list) => {
                visit.extend(list.iter().rev());
                continue;
            }
            Condition::Equals { question, value } | Condition::NotEquals { question, value } => {
                (question, vec![value], false)
            }
            Condition::OneOf { question, values } => (question, values.iter().collect(), false),
            Condition::Answered { question } | Condition::NotAnswered { question } => {
                (question, vec![], false)
            }
            Condition::LessThan { question, .. } | Condition::GreaterThan { question, .. } => {
                (question, vec![], true)
            }
        };
        let Some(target) = questionnaire.question(id) else {
            problems.push(format!(
                "the condition refers to \"{id}\", which is no question"
            ));
            continue;
        };
        if !earlier.contains_key(id) {
            problems.push(format!(
                "the condition refers to \"{id}\", which does not come before it"
            ));
            continue;
        }
        if numeric && !is_numeric(&target.kind) {
            problems.push(format!(
                "\"{id}\" is not a number, so it cannot be less or greater"
            ));
        }
        for value in values {
            if let Some(problem) = value_misfit(target, value) {
                problems.push(format!("\"{id}\" {problem}"));
            }
        }
    }
    problems
}

fn is_numeric(kind: &QuestionKind) -> bool {
    matches!(
        kind,
        QuestionKind::Scale { .. }
            | QuestionKind::Number { .. }
            | QuestionKind::Duration { .. }
            | QuestionKind::Nps
    )
}

fn value_misfit(question: &Question, value: &Answer) -> Option<String> {
    let has_option = |options: &[ChoiceOption], id: &str| options.iter().any(|o| o.id == id);
    match (&question.kind, value) {
        (_, Answer::NotApplicable) if question.allow_na => None,
        (QuestionKind::YesNo { .. }, Answer::Bool(_)) => None,
        (kind, Answer::Number(_)) if is_numeric(kind) => None,
        (
            QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options },
            Answer::Text(id),
        ) => (!has_option(options, id)).then(|| format!("has no option \"{id}\"")),
        (QuestionKind::Text { .. } | QuestionKind::DateTime, Answer::Text(_)) => None,
        _ => Some(format!("can never be answered {}", describe(value))),
    }
}

fn describe(value: &Answer) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GOOD: &str = r#"
id = "kort"
title = { nb = "Kort skjema", en = "Short form" }

[[sections]]
id = "start"
title = { nb = "Start", en = "Start" }

[[sections.questions]]
id = "greeting"
kind = "yes_no"
required = true
label = { nb = "Hilste hen?", en = "Did they greet you?" }

[[sections.questions]]
id = "tone"
kind = "scale"
min = 1
max = 6
min_label = { nb = "Dårlig" }
max_label = { nb = "Svært god" }
label = { nb = "Tonefall" }
show_if = { equals = { question = "greeting", value = true } }
"#;

    #[test]
    fn a_renamed_question_names_its_previous_id_once_and_as_an_id() {
        let renamed = GOOD.replace(
            "id = \"tone\"\n",
            "id = \"tone\"\nprevious_id = \"tonefall\"\n",
        );
        let parsed = parse(&renamed, Format::Toml).unwrap();
        assert_eq!(
            parsed.question("tone").unwrap().previous_id.as_deref(),
            Some("tonefall")
        );
        let twice = renamed.replace(
            "id = \"greeting\"\n",
            "id = \"greeting\"\nprevious_id = \"tonefall\"\n",
        );
        assert!(
            errors(&twice)
                .iter()
                .any(|e| e.contains("previous_id \"tonefall\" is named by another question too")),
            "{:?}",
            errors(&twice)
        );
        let bad = renamed.replace("\"tonefall\"", "\"tone fall\"");
        assert!(
            errors(&bad)
                .iter()
                .any(|e| e.contains("previous id \"tone fall\" must be")),
            "{:?}",
            errors(&bad)
        );
    }

    #[test]
    fn danish_texts_are_read_beside_bokmal_and_english_and_a_danish_reader_falls_back_to_bokmal() {
        let danish = GOOD
            .replace(
                "label = { nb = \"Hilste hen?\", en = \"Did they greet you?\" }",
                "label = { nb = \"Hilste hen?\", en = \"Did they greet you?\", da = \"Hilste de på dig?\" }",
            )
            .replace(
                "min_label = { nb = \"Dårlig\" }",
                "min_label = { nb = \"Dårlig\", da = \"Dårlig\" }",
            );
        let parsed = parse(&danish, Format::Toml).unwrap();
        let greeting = &parsed.question("greeting").unwrap().label;
        assert_eq!(greeting.get("da"), "Hilste de på dig?");
        assert_eq!(greeting.get("en"), "Did they greet you?");
        assert_eq!(greeting.get("nb"), "Hilste hen?");
        // No Danish text: bokmål, not English.
        assert_eq!(parsed.title.get("da"), "Kort skjema");
        let tone = parsed.question("tone").unwrap();
        assert_eq!(tone.label.get("da"), "Tonefall");
        // The Danish texts travel to the phone with the questionnaire (and only where given).
        let wire = serde_json::to_value(&parsed).unwrap();
        assert_eq!(
            wire["sections"][0]["questions"][0]["label"]["da"],
            "Hilste de på dig?"
        );
        assert!(wire["title"].get("da").is_none());

        let long = "æ".repeat(MAX_TEXT_CHARS + 1);
        let too_long =
            errors(&danish.replace("da = \"Hilste de på dig?\"", &format!("da = \"{long}\"")));
        assert!(
            too_long.iter().any(|e| e.contains(&format!(
                "the label (da) has {} characters",
                MAX_TEXT_CHARS + 1
            ))),
            "{too_long:?}"
        );
    }

    fn errors(source: &str) -> Vec<String> {
        parse(source, Format::Toml)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// GOOD with a third question shown under `levels` conditions nested in one another: by table headers
    /// (`[[sections.questions.show_if.all.all…]]`), or inline.
    fn nested(levels: usize, by_headers: bool) -> String {
        let mut file = format!(
            "{GOOD}\n[[sections.questions]]\nid = \"deep\"\nkind = \"yes_no\"\nlabel = {{ nb = \"Dypt\" }}\n"
        );
        if by_headers {
            let mut path = "sections.questions.show_if".to_owned();
            file.push_str(&format!("[{path}]\n"));
            for _ in 0..levels {
                path.push_str(".all");
                file.push_str(&format!("[[{path}]]\n"));
            }
            file.push_str("answered = { question = \"greeting\" }\n");
        } else {
            let open = "{ all = [ ".repeat(levels);
            let close = " ] }".repeat(levels);
            file.push_str(&format!(
                "show_if = {open}{{ answered = {{ question = \"greeting\" }} }}{close}\n"
            ));
        }
        file
    }

    #[test]
    fn questions_options_and_texts_are_capped_with_a_clear_error() {
        let mut many = GOOD.to_owned();
        for n in 0..MAX_QUESTIONS {
            many.push_str(&format!(
                "\n[[sections.questions]]\nid = \"q{n}\"\nkind = \"yes_no\"\nlabel = {{ nb = \"Q\" }}\n"
            ));
        }
        let found = errors(&many);
        let expected = format!(
            "the questionnaire has {} questions; at most {MAX_QUESTIONS} are allowed",
            MAX_QUESTIONS + 2
        );
        assert!(
            found.len() == 1 && found[0].contains(&expected),
            "{found:?}"
        );
        let long = GOOD.replace("Hilste hen?", &"x".repeat(MAX_TEXT_CHARS + 1));
        let found = errors(&long);
        assert!(
            found.len() == 1
                && found[0].contains("the label (nb) has 1001 characters; at most 1000"),
            "{found:?}"
        );
        let options: String = (0..=MAX_OPTIONS)
            .map(|n| format!("{{ id = \"o{n}\", label = {{ nb = \"O\" }} }}"))
            .collect::<Vec<_>>()
            .join(", ");
        let choice = format!(
            "{GOOD}\n[[sections.questions]]\nid = \"pick\"\nkind = \"single_choice\"\nlabel = {{ nb = \"Velg\" }}\noptions = [{options}]\n"
        );
        let found = errors(&choice);
        assert!(
            found.len() == 1 && found[0].contains("has 51 options; at most 50"),
            "{found:?}"
        );
        // At the caps, a definition is still good.
        let mut at_cap = GOOD.to_owned();
        for n in 0..MAX_QUESTIONS - 2 {
            at_cap.push_str(&format!(
                "\n[[sections.questions]]\nid = \"q{n}\"\nkind = \"yes_no\"\nlabel = {{ nb = \"{}\" }}\n",
                "y".repeat(MAX_TEXT_CHARS)
            ));
        }
        assert!(parse(&at_cap, Format::Toml).is_ok());
    }

    #[test]
    fn conditions_nested_deeper_than_the_cap_are_refused_where_they_are_read() {
        for levels in [61, 76] {
            let found = errors(&nested(levels, true));
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].contains("nests more than 16 levels"), "{found:?}");
        }
        for levels in [8, 40] {
            let found = errors(&nested(levels, false));
            assert!(
                found[0].contains("nests more than 16 levels"),
                "{levels}: {found:?}"
            );
        }
        // Shallow nesting, by headers or inline, is fine, and what is read can be written and read again.
        for by_headers in [true, false] {
            let questionnaire = parse(&nested(4, by_headers), Format::Toml).unwrap();
            let json = serde_json::to_string(&questionnaire).unwrap();
            assert_eq!(
                serde_json::from_str::<Questionnaire>(&json).unwrap(),
                questionnaire
            );
        }
        // Deeper than any parser should build, the text alone gives it away.
        let header = format!("[{}]\nx = 1\n", vec!["a"; 200_000].join("."));
        assert!(errors(&header)[0].contains("nests more than"));
        let brackets = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(errors(&brackets)[0].contains("nests more than"));
        let json = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&json, Format::Json).unwrap_err()[0]
            .message
            .contains("nests more than"));
    }

    #[test]
    fn a_large_file_with_tens_of_thousands_of_errors_is_answered_quickly_with_the_first_hundred() {
        let mut file = GOOD.to_owned();
        // Each question repeats an id and has an empty label: two errors in 64 bytes.
        let question = "\n[[sections.questions]]\nid=\"greeting\"\nkind=\"nps\"\nlabel={nb=\"\"}\n";
        while file.len() < 900_000 {
            file.push_str(question);
        }
        let started = std::time::Instant::now();
        let found = parse(&file, Format::Toml).unwrap_err();
        let took = started.elapsed();
        let total: usize = found
            .last()
            .unwrap()
            .message
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        println!(
            "a {} KB definition with {total} errors: answered in {:.2} s, {} listed",
            file.len() / 1000,
            took.as_secs_f64(),
            found.len()
        );
        assert!(total > 25_000, "{total}");
        assert_eq!(found.len(), MAX_ERRORS + 1);
        // Besides the one about the question count (at its 201st question), each error points at its line.
        let first_of_its_question = found
            .iter()
            .find(|e| !e.message.contains("questions; at most"))
            .unwrap();
        assert!(
            first_of_its_question.line.is_some_and(|line| line > 20),
            "{first_of_its_question:?}"
        );
        assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    }

    #[test]
    fn a_good_file_reads_into_the_questionnaire_it_describes() {
        let q = parse(GOOD, Format::Toml).unwrap();
        assert_eq!(q.id, "kort");
        assert_eq!(q.questions().count(), 2);
        assert_eq!(q.question("tone").unwrap().label.get("en"), "Tonefall");
        assert!(q.question("greeting").unwrap().required);
    }

    #[test]
    fn the_same_questionnaire_reads_from_json() {
        let q = parse(GOOD, Format::Toml).unwrap();
        let json = serde_json::to_string_pretty(&q).unwrap();
        assert_eq!(parse(&json, Format::Json).unwrap(), q);
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let broken = GOOD.replace("max = 6", "max = = 6");
        let found = errors(&broken);
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("line 19:"), "{found:?}");
    }

    #[test]
    fn a_wrong_kind_or_type_names_its_line_and_the_problem() {
        let found = errors(&GOOD.replace("kind = \"yes_no\"", "kind = \"yes_or_no\""));
        assert!(found[0].contains("yes_or_no"), "{found:?}");
        assert!(found[0].starts_with("line "), "{found:?}");
        let found = errors(&GOOD.replace("max = 6", "max = \"six\""));
        assert!(found[0].starts_with("line "), "{found:?}");
    }

    #[test]
    fn a_misspelt_field_is_an_error_on_its_line_not_silently_ignored() {
        let found = errors(&GOOD.replace("required = true", "requird = true"));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("line 12: unknown field `requird`"),
            "{found:?}"
        );
        let in_title = errors(&GOOD.replace(
            "title = { nb = \"Start\"",
            "title = { nb = \"Start\", fr = \"Début\"",
        ));
        assert!(in_title[0].contains("`fr`"), "{in_title:?}");
    }

    #[test]
    fn a_kind_needs_its_fields_and_takes_no_others() {
        let found = errors(&GOOD.replace("min = 1\n", ""));
        assert!(
            found[0].contains("question \"tone\" needs `min` for its kind"),
            "{found:?}"
        );
        assert!(found[0].starts_with("line "), "{found:?}");
        let found = errors(&GOOD.replace("kind = \"yes_no\"", "kind = \"yes_no\"\nmax_len = 5"));
        assert!(
            found[0].contains("`max_len` does not belong to its kind"),
            "{found:?}"
        );
    }

    #[test]
    fn rules_beyond_the_shape_are_checked_and_each_names_its_question_line() {
        let twice = GOOD.replace("id = \"tone\"", "id = \"greeting\"");
        assert!(
            errors(&twice).contains(&"line 16: question id \"greeting\" is used twice".to_owned()),
            "{:?}",
            errors(&twice)
        );
        let upside_down = GOOD.replace("min = 1\nmax = 6", "min = 6\nmax = 1");
        assert_eq!(
            errors(&upside_down),
            vec!["line 16: question \"tone\": a scale needs min below max, at most 100 apart (got 6-1)"]
        );
    }

    #[test]
    fn a_condition_must_look_back_at_a_real_question_with_a_possible_value() {
        let ahead = GOOD.replace("question = \"greeting\"", "question = \"tone\"");
        assert_eq!(
            errors(&ahead),
            vec!["line 16: question \"tone\": the condition refers to \"tone\", which does not come before it"]
        );
        let nowhere = GOOD.replace("question = \"greeting\"", "question = \"smile\"");
        assert!(errors(&nowhere)[0].contains("\"smile\", which is no question"));
        let wrong_value = GOOD.replace("value = true", "value = 3");
        assert_eq!(
            errors(&wrong_value),
            vec!["line 16: question \"tone\": \"greeting\" can never be answered 3"]
        );
        let not_numeric = GOOD.replace(
            "{ equals = { question = \"greeting\", value = true } }",
            "{ greater_than = { question = \"greeting\", value = 1 } }",
        );
        assert!(errors(&not_numeric)[0].contains("is not a number"));
    }

    #[test]
    fn the_format_comes_from_the_file_name() {
        assert_eq!(
            Format::from_file_name("kundeservice.TOML"),
            Some(Format::Toml)
        );
        assert_eq!(Format::from_file_name("a.json"), Some(Format::Json));
        assert_eq!(Format::from_file_name("a.yaml"), None);
        assert_eq!(Format::from_file_name("toml"), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn arbitrary_text_never_panics_the_parser(text in "\\PC{0,400}") {
            let _ = parse(&text, Format::Toml);
            let _ = parse(&text, Format::Json);
        }

        #[test]
        fn damaged_good_files_never_panic_and_errors_point_into_the_file(
            cut in 0usize..GOOD.len(), insert in "[\\[\\]{}=\",a-z0-9 \n]{0,12}"
        ) {
            let mut text = GOOD.as_bytes()[..cut].to_vec();
            text.extend_from_slice(insert.as_bytes());
            text.extend_from_slice(&GOOD.as_bytes()[cut..]);
            let text = String::from_utf8_lossy(&text);
            if let Err(errors) = parse(&text, Format::Toml) {
                let lines = text.lines().count().max(1) + 1;
                for error in errors {
                    prop_assert!(error.line.is_none_or(|line| line >= 1 && line <= lines), "{error}");
                }
            }
        }
    }
    const AREAS: &str = r#"
[[areas]]
id = "samtale"
title = { nb = "Samtalen", en = "The conversation" }
weight = 95
agent = true
sections = ["start"]

[[areas]]
id = "svar"
title = { nb = "Svar og ventetid", en = "Answer and waiting time" }
weight = 5
sections = ["ventetid"]

[[sections]]
id = "ventetid"
title = { nb = "Ventetid" }

[[sections.questions]]
id = "kom_fram"
kind = "yes_no"
label = { nb = "Kom du fram?" }
"#;

    #[test]
    fn areas_group_sections_with_weights_that_add_up_to_100() {
        let q = parse(&format!("{GOOD}{AREAS}"), Format::Toml).unwrap();
        assert_eq!(q.areas.len(), 2);
        assert!(q.areas[0].agent && !q.areas[1].agent);
        assert_eq!(q.area_of("ventetid").map(|a| a.weight), Some(5));
        assert_eq!(q.areas.iter().map(|a| a.weight).sum::<u32>(), 100);
    }

    #[test]
    fn area_weights_that_do_not_add_up_to_100_are_refused_with_the_sum() {
        let source = format!("{GOOD}{}", AREAS.replace("weight = 5", "weight = 10"));
        let errors = errors(&source);
        assert!(
            errors
                .iter()
                .any(|e| e
                    .contains("the areas' weights add up to 105, not 100 (samtale 95 + svar 10)")),
            "{errors:?}"
        );
        assert!(errors.iter().all(|e| e.starts_with("line ")), "{errors:?}");
    }

    #[test]
    fn areas_name_known_sections_once_and_every_scored_section_has_one() {
        let unknown = format!(
            "{GOOD}{}",
            AREAS.replace(
                "sections = [\"ventetid\"]",
                "sections = [\"ventetid\", \"nope\"]"
            )
        );
        assert!(errors(&unknown)
            .iter()
            .any(|e| e.contains("area \"svar\": there is no section \"nope\"")));
        let twice = format!(
            "{GOOD}{}",
            AREAS.replace(
                "sections = [\"ventetid\"]",
                "sections = [\"ventetid\", \"start\"]"
            )
        );
        assert!(
            errors(&twice)
                .iter()
                .any(|e| e
                    .contains("section \"start\" is in both area \"samtale\" and area \"svar\""))
        );
        let left_out = format!(
            "{GOOD}{}",
            AREAS.replace("sections = [\"start\"]", "sections = []")
        );
        let errors = errors(&left_out);
        assert!(
            errors
                .iter()
                .any(|e| e.contains("section \"start\" earns points but is in no area")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("area \"samtale\" names no sections")),
            "{errors:?}"
        );
    }

    #[test]
    fn an_unknown_field_in_an_area_is_refused() {
        let source = format!(
            "{GOOD}{}",
            AREAS.replace("agent = true", "agent = true\nweigth = 3")
        );
        assert!(parse(&source, Format::Toml).is_err());
    }

    #[test]
    fn a_report_label_names_the_performance_and_a_question_without_one_keeps_its_text() {
        let source = format!(
            "{GOOD}\n[report_labels]\ngreeting = {{ nb = \"Hilsen\", en = \"Greeting\" }}\n"
        );
        let q = parse(&source, Format::Toml).unwrap();
        assert_eq!(q.report_label("greeting").unwrap().get("nb"), "Hilsen");
        assert_eq!(q.report_label("greeting").unwrap().get("en"), "Greeting");
        assert_eq!(q.report_label("tone").unwrap().get("nb"), "Tonefall");
        assert!(q.report_label("nobody").is_none());
        // The question's text stays what the shopper reads.
        assert_eq!(
            q.question("greeting").unwrap().label.get("nb"),
            "Hilste hen?"
        );
        let long = "x".repeat(MAX_REPORT_LABEL_CHARS + 1);
        let wrong = errors(&format!(
            "{GOOD}\n[report_labels]\nnobody = {{ nb = \"Noen\" }}\ngreeting = {{ nb = \"\", en = \"{long}\" }}\n"
        ));
        assert!(
            wrong
                .iter()
                .any(|e| e.contains("there is no question \"nobody\"")),
            "{wrong:?}"
        );
        assert!(
            wrong
                .iter()
                .any(|e| e.contains("\"greeting\" needs a text in bokmål")),
            "{wrong:?}"
        );
        assert!(
            wrong
                .iter()
                .any(|e| e.contains("(en) has 41 characters; at most 40")),
            "{wrong:?}"
        );
    }
}
