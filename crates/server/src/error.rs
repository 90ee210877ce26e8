//! What can go wrong in the organizer's work and in storage, as causes with stable codes and no HTTP in them.
//! `http::error` maps each cause to a status and the API's JSON body; the console says it in the organizer's
//! language from the same cause. Internal errors are logged in full there and answered with a generic message.

use shopper_domain::attachment::AttachmentRefusal;
use shopper_domain::planner::{self, PlanProblem};
use shopper_domain::questionnaire::DefinitionError;
use shopper_domain::sync::Refusal;
use shopper_domain::window::WindowProblem;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request breaks a rule; nothing was changed.
    #[error("{0}")]
    Refused(Reason),
    /// What the request names does not exist (or is not the caller's to see).
    #[error("{0}")]
    NotFound(Reason),
    /// Another change came first, or the request contradicts what is held.
    #[error("{reason}")]
    Conflict {
        reason: Reason,
        current_revision: Option<u32>,
    },
    /// A pushed evaluation that does not fit its assignment or questionnaire.
    #[error("{}", refusal_text(.0))]
    Submission(Refusal),
    #[error("the questionnaire definition has {} error(s): {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    InvalidDefinition(Vec<DefinitionError>),
    /// Every problem of every bad row (a row with two problems is there twice).
    #[error("{} row(s) of the file are wrong; nothing was imported", BadRow::lines(.0))]
    InvalidRows(Vec<BadRow>),
    /// An attached file or one of its chunks that cannot be kept (`shopper_domain::attachment`).
    #[error("{0}")]
    Attachment(AttachmentProblem),
    /// Too many passwords are being checked at once (each check holds 19 MiB); nothing was done, try again
    /// in the seconds it carries.
    #[error("the server is busy checking other sign-ins: try again in {0} s")]
    Overloaded(u64),
    /// The account's logins failed too often in a row: no password is checked for it for the seconds it
    /// carries (whoever asks, from wherever).
    #[error("too many failed logins for this account: try again in {0} s")]
    LoginBackOff(u64),
    #[error("internal error")]
    Database(#[from] sqlx::Error),
    #[error("internal error")]
    Json(#[from] serde_json::Error),
    /// Anything else that should not happen (a worker thread that stopped); the detail is only logged.
    #[error("internal error")]
    Internal(String),
}

impl Error {
    /// The cause's stable code (the console words are keyed by it).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Refused(reason) | Error::NotFound(reason) | Error::Conflict { reason, .. } => {
                reason.code()
            }
            Error::Submission(refusal) => refusal.code(),
            Error::Attachment(problem) => problem.code(),
            Error::InvalidDefinition(_) => "invalid_definition",
            Error::InvalidRows(_) => "invalid_rows",
            Error::Overloaded(_) => "overloaded",
            Error::LoginBackOff(_) => "login_back_off",
            Error::Database(_) | Error::Json(_) | Error::Internal(_) => "internal",
        }
    }
}

fn refusal_text(refusal: &Refusal) -> String {
    match refusal {
        Refusal::NotYourAssignment => "you have no such assignment".into(),
        Refusal::WrongQuestionnaire { id, version } => {
            format!("the assignment is evaluated with questionnaire \"{id}\" version {version}")
        }
        Refusal::WrongChannel { expected } => {
            format!("the assignment is a {} contact", expected.as_str())
        }
        Refusal::MissingQuestionnaire => "the assignment's questionnaire version is missing".into(),
        Refusal::Invalid(problems) => format!("the evaluation has {} problem(s)", problems.len()),
    }
}

/// Why an attached file, one of its chunks, or the files a pushed evaluation names were not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentProblem {
    /// The file's hash, size or an evaluation's set of files breaks a limit (`attachment::check_start`,
    /// `attachment::check_set`).
    #[error("{}", refusal_words(*.0))]
    Refused(AttachmentRefusal),
    #[error("the chunk's bytes do not match its SHA-256 (sent in x-chunk-sha256): nothing of it was kept, send it again")]
    ChunkCorrupt,
    #[error("send the chunk's SHA-256 (64 lowercase hex digits) in the x-chunk-sha256 header")]
    ChunkHashMissing,
    #[error("the server expects the chunk at offset {expected}: ask GET /api/v1/attachments/{{sha256}} and go on from there")]
    ChunkOffset { expected: u64 },
    #[error("a chunk holds 1 to 262144 bytes and ends within the file's {size} bytes")]
    ChunkOutOfBounds { size: u64 },
    #[error("the whole file does not match its SHA-256: the upload was thrown away, start it again from offset 0")]
    AttachmentCorrupt,
    /// The server does not hold these files whole from this shopper: upload them, then push again.
    #[error("upload the evaluation's files first: {} of them are missing", .0.len())]
    Missing(Vec<String>),
}

fn refusal_words(refusal: AttachmentRefusal) -> String {
    use shopper_domain::attachment::{
        MAX_ATTACHMENTS_PER_EVALUATION, MAX_ATTACHMENT_BYTES, MAX_EVALUATION_ATTACHMENT_BYTES,
    };
    match refusal {
        AttachmentRefusal::BadHash => {
            "a file is named by its SHA-256: 64 lowercase hex digits".into()
        }
        AttachmentRefusal::TooLarge => {
            format!("a file may have at most {MAX_ATTACHMENT_BYTES} bytes")
        }
        AttachmentRefusal::Empty => "the file is empty".into(),
        AttachmentRefusal::TooMany => {
            format!("an evaluation may carry at most {MAX_ATTACHMENTS_PER_EVALUATION} files")
        }
        AttachmentRefusal::TooManyBytes => format!(
            "an evaluation's files may add up to at most {MAX_EVALUATION_ATTACHMENT_BYTES} bytes"
        ),
        AttachmentRefusal::Duplicate => {
            "the same file is listed twice for the same question".into()
        }
    }
}

impl AttachmentProblem {
    pub fn code(&self) -> &'static str {
        match self {
            AttachmentProblem::Refused(refusal) => refusal.code(),
            AttachmentProblem::ChunkCorrupt => "chunk_corrupt",
            AttachmentProblem::ChunkHashMissing => "chunk_hash_missing",
            AttachmentProblem::ChunkOffset { .. } => "chunk_offset",
            AttachmentProblem::ChunkOutOfBounds { .. } => "chunk_out_of_bounds",
            AttachmentProblem::AttachmentCorrupt => "attachment_corrupt",
            AttachmentProblem::Missing(_) => "attachments_missing",
        }
    }
}

/// Why a request was refused, in words an API client reads (Display, English) and with a stable code the
/// console translates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reason {
    #[error("this sign-in link is not valid (expired, revoked or mistyped): ask the organizer for a new one")]
    InviteNotValid,
    #[error("no shopper {0}")]
    NoShopper(String),
    #[error("no attachment {0} here: start its upload with POST /api/v1/attachments")]
    NoAttachment(String),
    #[error("a shopper needs a name of 1-100 characters")]
    ShopperName,
    /// A control or invisible formatting character (given as U+XXXX) in a name.
    #[error("the name holds an invisible or control character ({0}): type it again without it")]
    InvisibleCharacter(String),
    #[error("revisions start at 1")]
    RevisionZero,
    #[error("you have no evaluation {0} for that assignment")]
    NotYourEvaluation(String),
    #[error("revision {0} of this evaluation was already received with other answers; submit a new revision")]
    RevisionConflict(u32),
    #[error("the server already has revision {current}, newer than revision {sent}")]
    StaleRevision { current: u32, sent: u32 },
    #[error("the assignment already has another evaluation on the server")]
    AssignmentTaken,
    #[error("this evaluation is approved and can no longer be changed")]
    AlreadyApproved,
    #[error("this is being changed by another request; send it again")]
    Busy,
    #[error("no evaluation {0}")]
    NoEvaluation(String),
    #[error("say what to fix: returning needs a comment, overall or on a question")]
    ReturnNeedsComment,
    #[error("the file looks like an Excel workbook (.xlsx) but cannot be read: {0}")]
    UnreadableWorkbook(String),
    #[error("{0} has left (is deactivated): reactivate them first")]
    ShopperLeft(String),
    #[error("\"{0}\" is not an amount in kroner (e.g. 250 or 250,50)")]
    NotAnAmount(String),
    #[error("\"{0}\" is not an e-mail address")]
    NotAnEmail(String),
    #[error("\"{0}\" is not a phone number (8 digits, optionally +47)")]
    NotAPhone(String),
    #[error("capacity \"{0}\" is not a whole number from 0 to 1000")]
    BadCapacity(String),
    #[error("the questionnaire has no question \"{0}\" to comment on")]
    UnknownQuestion(String),
    #[error("the server holds revision {held}, not {asked}: review the current one")]
    RevisionChanged { held: u32, asked: u32 },
    #[error("the evaluation's questionnaire is missing")]
    QuestionnaireMissing,
    #[error("too many versions of this questionnaire")]
    TooManyVersions,
    #[error("import a questionnaire before making assignments")]
    NoQuestionnaireYet,
    #[error("{0}")]
    Row(RowProblem),
    #[error("halfway \"{0}\" is not a date (YYYY-MM-DD)")]
    HalfwayNotADate(String),
    #[error("an organizer needs an e-mail address and a name")]
    OrganizerNeedsEmailAndName,
    #[error("the password must have at least {0} characters")]
    PasswordTooShort(usize),
    #[error("there is already an organizer with e-mail {0}")]
    EmailTaken(String),
    #[error("no organizer with e-mail {0}")]
    NoOrganizer(String),
    #[error("a participant's contact person needs an e-mail address and a name")]
    ParticipantNeedsEmailAndName,
    #[error("there is already an account with e-mail {0} (of another company, or an organizer)")]
    ParticipantEmailTaken(String),
    #[error("the two passwords differ: type the same password twice")]
    PasswordsDiffer,
    #[error("no participant {0}")]
    NoParticipant(String),
    /// A field of a pushed evaluation over its cap (the notes in characters, the timeline in stamps).
    #[error("{field} is longer than {max}")]
    TooLong { field: &'static str, max: usize },
    #[error("the console speaks nb or en, not {0:?}")]
    UnknownLanguage(String),
    #[error("the path and the body name different evaluations")]
    DraftIdMismatch,
    #[error("only a draft (or a refused or returned evaluation being corrected) is backed up")]
    NotADraft,
    #[error("you have no assignment {0}")]
    NotYourAssignment(String),
    #[error("the server already holds this evaluation as received; the draft is not kept")]
    AlreadyReceived,
    #[error("no campaign {0:?}: GET /api/v1/organizer/campaigns lists them")]
    NoCampaign(String),
    #[error("create a campaign first (POST /api/v1/organizer/campaigns)")]
    NoCampaignYet,
    #[error("a campaign needs a name of 1-100 characters")]
    CampaignName,
    #[error("there is already a campaign called {0:?}")]
    CampaignTaken(String),
    #[error("{0:?} is not a date (YYYY-MM-DD)")]
    CampaignDate(String),
    #[error("the campaign ends before it starts")]
    CampaignDatesReversed,
    #[error("the outcome rule is out of range: 1-10 phone attempts at most 1440 minutes apart, a chat reply within 1-1440 minutes, an e-mail reply within 1-60 days")]
    OutcomeRuleOutOfRange,
    #[error("the fewest contacts to be ranked must be 1-1000")]
    MinRankedContacts,
    #[error("no questionnaire {0:?}: import it first")]
    UnknownQuestionnaire(String),
    /// Planning and changing the plan (plan.rs).
    #[error("{0}")]
    Plan(PlanRefusal),
    /// A filter's field that cannot be read (a score of 0-100, a date YYYY-MM-DD, a known choice).
    #[error("the filter's {field} cannot be {given:?}: scores are numbers from 0 to 100, dates YYYY-MM-DD, and the choices those the API document lists")]
    BadFilter { field: &'static str, given: String },
    #[error("a statement needs a period: from and to, each a date (YYYY-MM-DD)")]
    BadPeriod,
    #[error("ask for at most {0} at once")]
    TooMany(usize),
}

impl Reason {
    pub fn code(&self) -> &'static str {
        match self {
            Reason::InviteNotValid => "invite_not_valid",
            Reason::NoShopper(_) => "no_shopper",
            Reason::NoAttachment(_) => "no_attachment",
            Reason::ShopperName => "shopper_name",
            Reason::InvisibleCharacter(_) => "invisible_character",
            Reason::RevisionZero => "revision_zero",
            Reason::NotYourEvaluation(_) => "not_your_evaluation",
            Reason::RevisionConflict(_) => "revision_conflict",
            Reason::StaleRevision { .. } => "stale_revision",
            Reason::AssignmentTaken => "assignment_already_evaluated",
            Reason::AlreadyApproved => "already_approved",
            Reason::Busy => "busy",
            Reason::NoEvaluation(_) => "no_evaluation",
            Reason::ReturnNeedsComment => "return_needs_comment",
            Reason::UnreadableWorkbook(_) => "unreadable_workbook",
            Reason::NotAnAmount(_) => "not_an_amount",
            Reason::ShopperLeft(_) => "shopper_left",
            Reason::NotAnEmail(_) => "not_an_email",
            Reason::NotAPhone(_) => "not_a_phone",
            Reason::BadCapacity(_) => "bad_capacity",
            Reason::UnknownQuestion(_) => "unknown_question",
            Reason::RevisionChanged { .. } => "revision_changed",
            Reason::QuestionnaireMissing => "questionnaire_missing",
            Reason::TooManyVersions => "too_many_versions",
            Reason::NoQuestionnaireYet => "no_questionnaire_yet",
            Reason::Row(problem) => problem.code(),
            Reason::HalfwayNotADate(_) => "halfway_not_a_date",
            Reason::OrganizerNeedsEmailAndName => "organizer_needs_email_and_name",
            Reason::PasswordTooShort(_) => "password_too_short",
            Reason::EmailTaken(_) => "email_taken",
            Reason::ParticipantNeedsEmailAndName => "participant_needs_email_and_name",
            Reason::ParticipantEmailTaken(_) => "participant_email_taken",
            Reason::PasswordsDiffer => "passwords_differ",
            Reason::NoParticipant(_) => "no_participant",
            Reason::NoOrganizer(_) => "no_organizer",
            Reason::TooLong { .. } => "too_long",
            Reason::UnknownLanguage(_) => "unknown_language",
            Reason::DraftIdMismatch => "draft_id_mismatch",
            Reason::NotADraft => "not_a_draft",
            Reason::NotYourAssignment(_) => "not_your_assignment",
            Reason::AlreadyReceived => "already_received",
            Reason::NoCampaign(_) => "no_campaign",
            Reason::NoCampaignYet => "no_campaign_yet",
            Reason::CampaignName => "campaign_name",
            Reason::CampaignTaken(_) => "campaign_taken",
            Reason::CampaignDate(_) => "campaign_date",
            Reason::CampaignDatesReversed => "campaign_dates_reversed",
            Reason::OutcomeRuleOutOfRange => "outcome_rule_out_of_range",
            Reason::MinRankedContacts => "min_ranked_contacts",
            Reason::UnknownQuestionnaire(_) => "unknown_questionnaire",
            Reason::Plan(refusal) => refusal.code(),
            Reason::BadFilter { .. } => "bad_filter",
            Reason::BadPeriod => "bad_period",
            Reason::TooMany(_) => "too_many",
        }
    }
}

/// An assignment a campaign's change would leave outside the campaign's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideAssignment {
    pub id: String,
    pub company: String,
    pub shopper: String,
    /// Its window as stored: `2026-01-05 – 2026-01-09`, with its own weekdays and hours when it has them.
    pub window: String,
    pub problem: WindowProblem,
}

/// The first ten of `outside`, named ("Sparebanken Møre (Kari, 2026-01-05 – 2026-01-09)"), and how many more.
fn outside_text(outside: &[OutsideAssignment]) -> String {
    let mut named: Vec<String> = outside
        .iter()
        .take(10)
        .map(|a| format!("{} ({}, {})", a.company, a.shopper, a.window))
        .collect();
    if outside.len() > 10 {
        named.push(format!("and {} more", outside.len() - 10));
    }
    named.join("; ")
}

/// One bad row of an imported CSV file: its line (the header is line 1) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    pub problem: RowProblem,
}

impl BadRow {
    /// How many lines `rows` name (a line with several problems counted once).
    pub fn lines(rows: &[BadRow]) -> usize {
        let mut lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        lines.sort_unstable();
        lines.dedup();
        lines.len()
    }
}

/// What is wrong with one row of an imported file (or with the one row of a form).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    /// The CSV reader could not read the row into the columns (the reader's detail is kept for the API).
    #[error("{0}")]
    Unreadable(String),
    #[error("{0} is empty")]
    Empty(&'static str),
    #[error("{field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("company \"{0}\" is already in the campaign")]
    CompanyTaken(String),
    #[error("organisation number {0} already has a company in the campaign")]
    OrganisationNumberTaken(String),
    #[error("{field} holds an invisible or control character ({character})")]
    InvisibleCharacter {
        field: &'static str,
        character: String,
    },
    #[error("contact \"{0}\" is not a tel:, mailto: or https:// link")]
    UnsafeContact(String),
    #[error("no company \"{0}\"")]
    NoCompany(String),
    #[error("channel \"{0}\" is not phone, chat or email")]
    UnknownChannel(String),
    #[error("no shopper \"{0}\"")]
    NoShopper(String),
    #[error("several shoppers are called \"{0}\": use the id")]
    AmbiguousShopper(String),
    #[error("{field} \"{given}\" is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)")]
    NotADate { field: &'static str, given: String },
    #[error("window_start is after window_end")]
    WindowReversed,
    #[error("the file has no rows under its header `{0}`")]
    NoRows(&'static str),
    #[error("{}", window_text(*.0))]
    Window(WindowProblem),
    /// A value of the row refused as a form's would be (a roster's e-mail, phone or capacity).
    #[error("{field}: {reason}")]
    Value {
        field: &'static str,
        reason: Box<Reason>,
    },
}

impl RowProblem {
    /// The column the problem is in, by its header name, when it is in one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RowProblem::Empty(field)
            | RowProblem::TooLong { field, .. }
            | RowProblem::InvisibleCharacter { field, .. }
            | RowProblem::NotADate { field, .. } => Some(field),
            RowProblem::CompanyTaken(_) | RowProblem::NoCompany(_) => Some("company"),
            RowProblem::OrganisationNumberTaken(_) => Some("organisation_number"),
            RowProblem::UnsafeContact(_) => Some("contact"),
            RowProblem::UnknownChannel(_) => Some("channel"),
            RowProblem::NoShopper(_) | RowProblem::AmbiguousShopper(_) => Some("shopper"),
            RowProblem::WindowReversed | RowProblem::Window(_) => Some("window_end"),
            RowProblem::Value { field, .. } => Some(field),
            RowProblem::Unreadable(_) | RowProblem::NoRows(_) => None,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            RowProblem::Unreadable(_) => "row_unreadable",
            RowProblem::Empty(_) => "row_empty_field",
            RowProblem::TooLong { .. } => "row_too_long",
            RowProblem::CompanyTaken(_) => "row_company_taken",
            RowProblem::OrganisationNumberTaken(_) => "row_organisation_number_taken",
            RowProblem::InvisibleCharacter { .. } => "row_invisible_character",
            RowProblem::UnsafeContact(_) => "row_unsafe_contact",
            RowProblem::NoCompany(_) => "row_no_company",
            RowProblem::UnknownChannel(_) => "row_unknown_channel",
            RowProblem::NoShopper(_) => "row_no_shopper",
            RowProblem::AmbiguousShopper(_) => "row_ambiguous_shopper",
            RowProblem::NotADate { .. } => "row_not_a_date",
            RowProblem::WindowReversed => "row_window_reversed",
            RowProblem::NoRows(_) => "row_none",
            RowProblem::Window(problem) => problem.code(),
            RowProblem::Value { .. } => "row_bad_value",
        }
    }
}

/// Why a plan, a change of the plan or a change of a campaign was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanRefusal {
    #[error("{}", window_text(*.0))]
    Window(WindowProblem),
    #[error("{0:?} is not a set of weekdays: ISO day numbers, Monday 1 to Sunday 7, such as 1-5 or 1,3,5")]
    Weekdays(String),
    #[error("{0:?} are not hours: HH:MM-HH:MM, such as 09:00-15:00")]
    Hours(String),
    #[error("the campaign needs its first and last day before it can be planned")]
    CampaignUndated,
    #[error("contacts per company must be 1-{}", planner::MAX_CONTACTS_PER_COMPANY)]
    ContactsPerCompany,
    #[error("bands of hours must be at least 30 minutes")]
    BandMinutes,
    #[error("the channel mix {0:?} has no share for any channel")]
    EmptyMix(String),
    #[error("{0:?} is not a channel mix line: name,phone,chat,email with whole numbers")]
    MixLine(String),
    #[error("the mix names {0:?}, which is no class or company of the campaign")]
    MixUnknownName(String),
    #[error("{company} needs {needed} different shoppers, but only {available} can take it")]
    TooFewShoppers {
        company: String,
        needed: u32,
        available: u32,
    },
    #[error("the plan needs room for {needed} contacts; the shoppers have {available} left")]
    NotEnoughCapacity { needed: u64, available: u64 },
    #[error("the capacity is there, but too few shoppers have it for {company} to get different shoppers")]
    CapacityTooConcentrated { company: String },
    #[error(
        "no {channel} contact for {company}: give it in the contacts (company,channel,contact)"
    )]
    NoContact {
        company: String,
        channel: &'static str,
    },
    #[error("a scenario for {0} contacts is needed")]
    NoScenario(&'static str),
    #[error("the campaign has no companies to plan for")]
    NothingToPlan,
    #[error("no assignment {0}")]
    NoAssignment(String),
    #[error("assignment {0} is cancelled")]
    AssignmentCancelled(String),
    #[error("choose at least one assignment")]
    NoAssignmentChosen,
    #[error("{0} already has an assignment for this company")]
    ShopperHasCompany(String),
    #[error("{0} of the assignments have a draft on the old shopper's phone: decide whether to move them anyway or keep them")]
    DraftsHeld(usize),
    #[error("{0:?} is not what to do with drafts: move or keep")]
    DraftDecision(String),
    #[error("no company {0}")]
    NoCompany(String),
    #[error("the company is withdrawn already")]
    AlreadyWithdrawn,
    #[error("the company is not withdrawn: there is nothing to reinstate")]
    NotWithdrawn,
    /// A campaign's new dates, weekdays or hours would leave assignments not yet sent outside it.
    #[error("{} assignment(s) would fall outside the campaign's new window; change or cancel them first: {}", .0.len(), outside_text(.0))]
    AssignmentsOutside(Vec<OutsideAssignment>),
    #[error("the campaign has companies or assignments: only an empty campaign can be deleted")]
    CampaignNotEmpty,
    #[error("{0:?} is not a date (YYYY-MM-DD)")]
    Date(String),
    #[error("a plan may span at most {0} days")]
    PlanTooLong(i64),
}

fn window_text(problem: WindowProblem) -> &'static str {
    match problem {
        WindowProblem::EndsBeforeStart => "the window ends before it starts",
        WindowProblem::NoWeekday => "the window allows no weekday",
        WindowProblem::HoursReversed => "the window's hours end before they start",
        WindowProblem::NoDay => "no allowed weekday falls between the window's dates",
        WindowProblem::WeekdayOutsideCampaign => {
            "the window allows a weekday the campaign does not"
        }
        WindowProblem::HoursOutsideCampaign => "the window's hours are outside the campaign's",
        WindowProblem::DatesOutsideCampaign => "the window's dates are outside the campaign's",
    }
}

impl PlanRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            PlanRefusal::Window(problem) => problem.code(),
            PlanRefusal::Weekdays(_) => "weekdays",
            PlanRefusal::Hours(_) => "hours",
            PlanRefusal::CampaignUndated => "campaign_undated",
            PlanRefusal::ContactsPerCompany => "contacts_per_company",
            PlanRefusal::BandMinutes => "band_minutes",
            PlanRefusal::EmptyMix(_) => "empty_mix",
            PlanRefusal::MixLine(_) => "mix_line",
            PlanRefusal::MixUnknownName(_) => "mix_unknown_name",
            PlanRefusal::TooFewShoppers { .. } => "too_few_shoppers",
            PlanRefusal::NotEnoughCapacity { .. } => "not_enough_capacity",
            PlanRefusal::CapacityTooConcentrated { .. } => "capacity_too_concentrated",
            PlanRefusal::NoContact { .. } => "no_contact",
            PlanRefusal::NoScenario(_) => "no_scenario",
            PlanRefusal::NothingToPlan => "nothing_to_plan",
            PlanRefusal::NoAssignment(_) => "no_assignment",
            PlanRefusal::AssignmentCancelled(_) => "assignment_cancelled",
            PlanRefusal::NoAssignmentChosen => "no_assignment_chosen",
            PlanRefusal::ShopperHasCompany(_) => "shopper_has_company",
            PlanRefusal::DraftsHeld(_) => "drafts_held",
            PlanRefusal::DraftDecision(_) => "draft_decision",
            PlanRefusal::NoCompany(_) => "no_company",
            PlanRefusal::AlreadyWithdrawn => "already_withdrawn",
            PlanRefusal::NotWithdrawn => "not_withdrawn",
            PlanRefusal::AssignmentsOutside(_) => "assignments_outside",
            PlanRefusal::CampaignNotEmpty => "campaign_not_empty",
            PlanRefusal::Date(_) => "date",
            PlanRefusal::PlanTooLong(_) => "plan_too_long",
        }
    }
}

impl From<PlanProblem> for PlanRefusal {
    fn from(problem: PlanProblem) -> Self {
        match problem {
            PlanProblem::ContactsPerCompany => PlanRefusal::ContactsPerCompany,
            PlanProblem::Window(problem) => PlanRefusal::Window(problem),
            PlanProblem::EmptyMix(name) => PlanRefusal::EmptyMix(name),
            PlanProblem::BandMinutes => PlanRefusal::BandMinutes,
            PlanProblem::TooFewShoppers {
                company,
                needed,
                available,
            } => PlanRefusal::TooFewShoppers {
                company,
                needed,
                available,
            },
            PlanProblem::NotEnoughCapacity { needed, available } => {
                PlanRefusal::NotEnoughCapacity { needed, available }
            }
            PlanProblem::CapacityTooConcentrated { company } => {
                PlanRefusal::CapacityTooConcentrated { company }
            }
        }
    }
}

impl From<PlanRefusal> for Error {
    fn from(refusal: PlanRefusal) -> Self {
        Error::Refused(Reason::Plan(refusal))
    }
}
