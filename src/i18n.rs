//! The app's words in bokmål and English, and dates and numbers formatted for the language. The shopper's
//! choice is kept on the device; without one, an English browser gets English and everyone else bokmål.

use serde::{Deserialize, Serialize};
use shopper_domain::device::LocalState;
use shopper_domain::{Channel, Problem, ProblemCode, QuestionKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    Nb,
    En,
}

impl Lang {
    /// The key of `Localized` texts and of `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Nb => Lang::En,
            Lang::En => Lang::Nb,
        }
    }

    pub fn words(self) -> &'static Words {
        match self {
            Lang::Nb => &NB,
            Lang::En => &EN,
        }
    }

    /// The browser's preference, when the shopper has not chosen.
    pub fn from_browser() -> Lang {
        let preferred = web_sys::window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_default();
        if preferred.starts_with("en") {
            Lang::En
        } else {
            Lang::Nb
        }
    }
}

/// Every fixed text of the app, in one language.
pub struct Words {
    pub switch_to: &'static str,
    pub online: &'static str,
    pub offline: &'static str,
    pub waiting: &'static str,
    pub synced_at: &'static str,
    pub sync_now: &'static str,
    pub syncing: &'static str,
    pub storage_failed: &'static str,
    pub storage_failed_hint: &'static str,
    pub storage_full: &'static str,
    pub storage_refused: &'static str,
    pub signed_out: &'static str,
    pub sign_in_offline: &'static str,
    pub signing_in: &'static str,
    pub one_moment: &'static str,
    pub signed_in: &'static str,
    pub link_without_code: &'static str,
    pub to_assignments: &'static str,
    pub back: &'static str,
    pub page_missing: &'static str,
    pub welcome: &'static str,
    pub not_signed_in: &'static str,
    pub fetching: &'static str,
    pub your_assignments: &'static str,
    pub signed_in_as: &'static str,
    pub no_assignments: &'static str,
    pub group_returned: &'static str,
    pub group_in_progress: &'static str,
    pub group_to_do: &'static str,
    pub group_waiting: &'static str,
    pub group_done: &'static str,
    pub window: &'static str,
    pub due: &'static str,
    /// The storage line: "all saved", then counts and the last backup (templates with `{0}`).
    pub all_saved: &'static str,
    pub saving: &'static str,
    pub not_saved: &'static str,
    pub drafts_count: &'static str,
    pub unsent_count: &'static str,
    pub backup_at: &'static str,
    /// "Saved on the phone 09:14:03", under the form.
    pub saved_at: &'static str,
    pub sign_in_link_invalid: &'static str,
    pub install: &'static str,
    pub install_ios: &'static str,
    pub update_ready: &'static str,
    pub update_now: &'static str,
    pub not_on_device: &'static str,
    pub questionnaire_missing: &'static str,
    pub refused_by_server: &'static str,
    pub returned_banner: &'static str,
    pub reviewer_says: &'static str,
    pub contact: &'static str,
    pub undo: &'static str,
    pub waiting_time: &'static str,
    pub talk_time: &'static str,
    pub notes: &'static str,
    pub notes_hint: &'static str,
    pub section_of: &'static str,
    pub answered_of: &'static str,
    pub go_to_section: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub review: &'static str,
    pub review_title: &'static str,
    pub change: &'static str,
    pub not_answered: &'static str,
    pub first_missing: &'static str,
    pub submit: &'static str,
    pub problems_before_submit: &'static str,
    pub delete_draft: &'static str,
    pub delete_confirm: &'static str,
    pub delete_yes: &'static str,
    pub cancel: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub not_applicable: &'static str,
    pub required: &'static str,
    pub seconds: &'static str,
    pub from_timer: &'static str,
    pub nps_ends: (&'static str, &'static str),
}

pub const NB: Words = Words {
    switch_to: "English",
    online: "På nett",
    offline: "Uten nett",
    waiting: "venter",
    synced_at: "Synkronisert",
    sync_now: "Synkroniser nå",
    syncing: "Synkroniserer…",
    storage_failed: "Kunne ikke lagre på telefonen:",
    storage_full: "lagringsplassen er full.",
    storage_refused: "nettleseren tillater ikke lagring her (for eksempel i privat modus).",
    storage_failed_hint: "Det du skrev, står fortsatt på skjermen. Frigjør plass (eller gå ut av privat modus), og \
                          ikke lukk appen før denne meldingen er borte.",
    signed_out: "Innloggingen på denne enheten gjelder ikke lenger. Be arrangøren om en ny lenke; det som venter \
                 på sending, blir liggende trygt her.",
    sign_in_offline: "Du er uten nett. Åpne lenken igjen når du har dekning.",
    signing_in: "Logger inn",
    one_moment: "Et øyeblikk…",
    signed_in: "Du er logget inn.",
    link_without_code: "Lenken mangler innloggingskoden. Åpne hele lenken du fikk fra arrangøren.",
    to_assignments: "Til oppdragene",
    back: "← Oppdragene",
    page_missing: "Siden finnes ikke.",
    welcome: "Velkommen til Shopper",
    not_signed_in: "Du er ikke logget inn. Åpne innloggingslenken (eller QR-koden) du fikk fra arrangøren.",
    fetching: "Henter oppdragene dine…",
    your_assignments: "Oppdragene dine",
    signed_in_as: "Logget inn som",
    no_assignments: "Du har ingen oppdrag ennå.",
    group_returned: "Sendt tilbake til deg",
    group_in_progress: "Påbegynt",
    group_to_do: "Skal gjøres",
    group_waiting: "Venter på sending",
    group_done: "Ferdig",
    window: "Kontakt",
    due: "Frist",
    all_saved: "Alt er lagret på telefonen",
    saving: "Lagrer på telefonen…",
    not_saved: "Ikke lagret på telefonen",
    drafts_count: "{0} utkast",
    unsent_count: "{0} ikke sendt",
    backup_at: "sikkerhetskopi {0}",
    saved_at: "Lagret på telefonen {0}",
    sign_in_link_invalid: "Denne innloggingslenken gjelder ikke (brukt, utløpt eller feilskrevet). Be arrangøren om \
                           en ny.",
    install: "Installer appen",
    install_ios: "På iPhone: trykk Del-knappen og «Legg til på Hjem-skjerm». Appen åpner da uten nett, og \
                  installerte apper beholder dataene sine.",
    update_ready: "En ny versjon av appen er klar. Svarene dine blir liggende.",
    update_now: "Oppdater nå",
    not_on_device: "Fant ikke dette oppdraget på enheten. Synkroniser når du har nett.",
    questionnaire_missing: "Skjemaet finnes ikke på enheten i versjonen dette oppdraget bruker. Synkroniser \
                            når du har nett.",
    refused_by_server: "Serveren avviste innsendingen:",
    returned_banner: "Arrangøren har sendt evalueringen tilbake. Rett det som er kommentert og send på nytt.",
    reviewer_says: "Arrangøren:",
    contact: "Kontakten",
    undo: "Angre siste",
    waiting_time: "Ventetid",
    talk_time: "Samtaletid",
    notes: "Notater",
    notes_hint: "Skriv stikkord under samtalen; de lagres mens du skriver.",
    section_of: "Del {0} av {1}",
    answered_of: "{0} av {1} besvart",
    go_to_section: "Gå til del",
    previous: "Forrige",
    next: "Neste",
    review: "Se over og send",
    review_title: "Se over svarene",
    change: "Endre",
    not_answered: "Ikke besvart",
    first_missing: "Gå til første som mangler",
    submit: "Send inn",
    problems_before_submit: "{0} svar mangler eller må rettes før du kan sende inn.",
    delete_draft: "Slett utkastet",
    delete_confirm: "Slette utkastet? Svarene og notatene kan ikke hentes tilbake.",
    delete_yes: "Ja, slett",
    cancel: "Avbryt",
    yes: "Ja",
    no: "Nei",
    not_applicable: "Ikke aktuelt",
    required: "må besvares",
    seconds: "sekunder",
    from_timer: "Fylles ut av tidtakeren; du kan rette tallet.",
    nps_ends: ("0 = svært usannsynlig", "10 = svært sannsynlig"),
};

pub const EN: Words = Words {
    switch_to: "Norsk",
    online: "Online",
    offline: "Offline",
    waiting: "waiting",
    synced_at: "Synced",
    sync_now: "Sync now",
    syncing: "Syncing…",
    storage_failed: "Could not save on the phone:",
    storage_full: "its storage is full.",
    storage_refused: "the browser does not allow storage here (in private mode, for instance).",
    storage_failed_hint: "What you typed is still on screen. Free some space (or leave private mode), and do not \
                          close the app until this message is gone.",
    signed_out: "This device is no longer signed in. Ask the organizer for a new link; whatever waits to be \
                 sent stays safe here.",
    sign_in_offline: "You are offline. Open the link again when you have signal.",
    signing_in: "Signing in",
    one_moment: "One moment…",
    signed_in: "You are signed in.",
    link_without_code: "The link lacks its sign-in code. Open the whole link the organizer sent you.",
    to_assignments: "To your assignments",
    back: "← Assignments",
    page_missing: "There is no such page.",
    welcome: "Welcome to Shopper",
    not_signed_in: "You are not signed in. Open the sign-in link (or QR code) the organizer gave you.",
    fetching: "Fetching your assignments…",
    your_assignments: "Your assignments",
    signed_in_as: "Signed in as",
    no_assignments: "You have no assignments yet.",
    group_returned: "Sent back to you",
    group_in_progress: "In progress",
    group_to_do: "To do",
    group_waiting: "Waiting to send",
    group_done: "Done",
    window: "Contact",
    due: "Due",
    all_saved: "Everything is saved on the phone",
    saving: "Saving on the phone…",
    not_saved: "Not saved on the phone",
    drafts_count: "{0} drafts",
    unsent_count: "{0} not sent",
    backup_at: "backup {0}",
    saved_at: "Saved on the phone {0}",
    sign_in_link_invalid: "This sign-in link is not valid (used, expired or mistyped). Ask the organizer for a new \
                           one.",
    install: "Install the app",
    install_ios: "On iPhone: tap the Share button and \"Add to Home Screen\". The app then opens offline, and \
                  installed apps keep their data.",
    update_ready: "A new version of the app is ready. Your answers stay.",
    update_now: "Update now",
    not_on_device: "This assignment is not on the device. Sync when you are online.",
    questionnaire_missing: "The device does not have the questionnaire version this assignment uses. Sync when \
                            you are online.",
    refused_by_server: "The server refused the submission:",
    returned_banner: "The organizer sent the evaluation back. Fix what is commented on and submit it again.",
    reviewer_says: "Organizer:",
    contact: "The contact",
    undo: "Undo last",
    waiting_time: "Waiting time",
    talk_time: "Talk time",
    notes: "Notes",
    notes_hint: "Jot down notes during the call; they are saved as you type.",
    section_of: "Part {0} of {1}",
    answered_of: "{0} of {1} answered",
    go_to_section: "Go to part",
    previous: "Previous",
    next: "Next",
    review: "Review and submit",
    review_title: "Review your answers",
    change: "Change",
    not_answered: "Not answered",
    first_missing: "Go to the first missing answer",
    submit: "Submit",
    problems_before_submit: "{0} answers are missing or need fixing before you can submit.",
    delete_draft: "Delete the draft",
    delete_confirm: "Delete the draft? Its answers and notes cannot be brought back.",
    delete_yes: "Yes, delete",
    cancel: "Cancel",
    yes: "Yes",
    no: "No",
    not_applicable: "Not applicable",
    required: "required",
    seconds: "seconds",
    from_timer: "Filled in by the timer; you can correct the number.",
    nps_ends: ("0 = very unlikely", "10 = very likely"),
};

/// `template` with `{0}`, `{1}`... replaced by `values`.
pub fn fill(template: &str, values: &[&dyn std::fmt::Display]) -> String {
    values
        .iter()
        .enumerate()
        .fold(template.to_owned(), |text, (i, value)| {
            text.replace(&format!("{{{i}}}"), &value.to_string())
        })
}

pub fn channel(lang: Lang, channel: Channel) -> &'static str {
    match (lang, channel) {
        (Lang::Nb, Channel::Phone) => "Telefon",
        (Lang::En, Channel::Phone) => "Phone",
        (_, Channel::Chat) => "Chat",
        (Lang::Nb, Channel::Email) => "E-post",
        (Lang::En, Channel::Email) => "E-mail",
    }
}

pub fn contact_action(lang: Lang, channel: Channel) -> &'static str {
    match (lang, channel) {
        (Lang::Nb, Channel::Phone) => "Ring",
        (Lang::En, Channel::Phone) => "Call",
        (Lang::Nb, Channel::Chat) => "Åpne chat",
        (Lang::En, Channel::Chat) => "Open the chat",
        (Lang::Nb, Channel::Email) => "Skriv e-post",
        (Lang::En, Channel::Email) => "Write an e-mail",
    }
}

/// The state of an assignment's evaluation, as the shopper reads it. `sending`: its push is under way.
pub fn state(lang: Lang, state: Option<LocalState>, sending: bool) -> &'static str {
    let nb = lang == Lang::Nb;
    match state {
        _ if sending => pick(nb, "Sender…", "Sending…"),
        None => pick(nb, "Ikke startet", "Not started"),
        Some(LocalState::Draft) => pick(nb, "Utkast", "Draft"),
        Some(LocalState::Outbox) => pick(nb, "Venter på sending", "Waiting to send"),
        Some(LocalState::Sent) => pick(nb, "Sendt", "Sent"),
        Some(LocalState::Approved) => pick(nb, "Godkjent", "Approved"),
        Some(LocalState::Returned) => pick(
            nb,
            "Sendt tilbake – rett og send igjen",
            "Sent back – fix and resubmit",
        ),
        Some(LocalState::Refused) => pick(nb, "Avvist – se hvorfor", "Refused – see why"),
    }
}

/// Why the device refused a write, from the browser's error, in the shopper's words.
pub fn storage_reason(lang: Lang, error: &str) -> &'static str {
    if error.contains("QuotaExceeded") {
        lang.words().storage_full
    } else {
        lang.words().storage_refused
    }
}

/// Why a sync stopped, by the server's stable error code, in the shopper's words (never a status number).
pub fn sync_error(lang: Lang, code: &str) -> &'static str {
    let nb = lang == Lang::Nb;
    match code {
        "protocol_mismatch" => pick(
            nb,
            "Appen må oppdateres før den kan sende. Det som venter, er trygt på telefonen.",
            "The app must be updated before it can send. What waits is safe on the phone.",
        ),
        "too_many_requests" | "busy" | "timeout" => pick(
            nb,
            "Serveren har det travelt. Alt er lagret på telefonen; appen prøver igjen av seg selv.",
            "The server is busy. Everything is saved on the phone; the app tries again by itself.",
        ),
        _ => pick(
            nb,
            "Serveren svarer ikke som den skal akkurat nå. Alt er lagret på telefonen; appen prøver igjen av seg selv.",
            "The server is not answering as it should right now. Everything is saved on the phone; the app tries \
             again by itself.",
        ),
    }
}

/// Why the server refused an evaluation, by its stable code. Older records hold the server's own text, shown
/// as it is.
pub fn refusal(lang: Lang, code: &str) -> String {
    let nb = lang == Lang::Nb;
    match code {
        "invalid_evaluation" | "bad_request" => pick(
            nb,
            "Noen svar må rettes; se merknadene ved spørsmålene.",
            "Some answers need fixing; see the notes at the questions.",
        ),
        "revision_conflict" | "stale_revision" | "revision_changed" => pick(
            nb,
            "Serveren har allerede en annen versjon av denne evalueringen.",
            "The server already holds another version of this evaluation.",
        ),
        "assignment_already_evaluated" => pick(
            nb,
            "Serveren har allerede en evaluering for dette oppdraget.",
            "The server already holds an evaluation for this assignment.",
        ),
        "already_approved" => pick(
            nb,
            "Denne evalueringen er allerede godkjent.",
            "This evaluation is already approved.",
        ),
        "not_found" => pick(
            nb,
            "Oppdraget finnes ikke lenger på serveren.",
            "The assignment no longer exists on the server.",
        ),
        text => return text.to_owned(),
    }
    .to_owned()
}

fn pick(nb: bool, bokmal: &'static str, english: &'static str) -> &'static str {
    if nb {
        bokmal
    } else {
        english
    }
}

pub fn problem(lang: Lang, problem: &Problem, kind: Option<&QuestionKind>) -> String {
    let nb = lang == Lang::Nb;
    match (problem.code, kind) {
        (ProblemCode::MissingRequired, _) => pick(
            nb,
            "Dette spørsmålet må besvares.",
            "This question must be answered.",
        )
        .into(),
        (
            ProblemCode::OutOfRange,
            Some(QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. }),
        ) => fill(
            pick(
                nb,
                "Velg en verdi fra {0} til {1}.",
                "Choose a value from {0} to {1}.",
            ),
            &[min, max],
        ),
        (ProblemCode::OutOfRange, Some(QuestionKind::Nps)) => pick(
            nb,
            "Velg en verdi fra 0 til 10.",
            "Choose a value from 0 to 10.",
        )
        .into(),
        (ProblemCode::OutOfRange, Some(QuestionKind::Duration { max, .. })) => fill(
            pick(
                nb,
                "Oppgi et antall sekunder fra 0 til {0}.",
                "Give a number of seconds from 0 to {0}.",
            ),
            &[max],
        ),
        (ProblemCode::TooLong, Some(QuestionKind::Text { max_len })) => fill(
            pick(
                nb,
                "Teksten er for lang (høyst {0} tegn).",
                "The text is too long (at most {0} characters).",
            ),
            &[max_len],
        ),
        (ProblemCode::UnknownOption, _) => pick(
            nb,
            "Velg blant alternativene.",
            "Choose one of the options.",
        )
        .into(),
        (ProblemCode::NotApplicableNotAllowed, _) => pick(
            nb,
            "«Ikke aktuelt» kan ikke velges her.",
            "\"Not applicable\" cannot be chosen here.",
        )
        .into(),
        (ProblemCode::HiddenQuestion, _) => pick(
            nb,
            "Spørsmålet gjelder ikke ut fra de andre svarene dine.",
            "The question does not apply given your other answers.",
        )
        .into(),
        (ProblemCode::UnknownQuestion, _) => pick(
            nb,
            "Spørsmålet finnes ikke i denne versjonen av skjemaet.",
            "The question is not in this version of the questionnaire.",
        )
        .into(),
        (ProblemCode::WrongType, Some(QuestionKind::DateTime)) => {
            pick(nb, "Oppgi dato og klokkeslett.", "Give a date and a time.").into()
        }
        _ => format!(
            "{} {}",
            pick(nb, "Ugyldig svar:", "Invalid answer:"),
            problem.message
        ),
    }
}

const MONTHS_NB: [&str; 12] = [
    "jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des.",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date (`YYYY-MM-DD...`) as the language writes it: "7. des. 2026" / "7 Dec 2026". Anything else as given.
pub fn date(lang: Lang, text: &str) -> String {
    let parts = (
        text.get(0..4).and_then(|y| y.parse::<u32>().ok()),
        text.get(5..7).and_then(|m| m.parse::<usize>().ok()),
        text.get(8..10).and_then(|d| d.parse::<u32>().ok()),
    );
    match parts {
        (Some(year), Some(month @ 1..=12), Some(day)) => match lang {
            Lang::Nb => format!("{day}. {} {year}", MONTHS_NB[month - 1]),
            Lang::En => format!("{day} {} {year}", MONTHS_EN[month - 1]),
        },
        _ => text.to_owned(),
    }
}

/// A UTC timestamp shown as the device's local date and time, "23. nov. 2026 08:00".
pub fn date_time(lang: Lang, timestamp: &str) -> String {
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(timestamp));
    if when.get_time().is_nan() {
        return timestamp.to_owned();
    }
    clock(lang, &when, true)
}

/// Milliseconds since the epoch as local time "14:05:09", with the date in front when `with_date`.
pub fn clock_ms(lang: Lang, ms: i64, with_date: bool) -> String {
    clock(
        lang,
        &js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)),
        with_date,
    )
}

fn clock(lang: Lang, when: &js_sys::Date, with_date: bool) -> String {
    let time = format!("{:02}:{:02}", when.get_hours(), when.get_minutes());
    if !with_date {
        return format!("{time}:{:02}", when.get_seconds());
    }
    let day = format!(
        "{:04}-{:02}-{:02}",
        when.get_full_year(),
        when.get_month() + 1,
        when.get_date()
    );
    format!("{} {time}", date(lang, &day))
}

/// A number with `decimals` decimals and the language's decimal mark: "1,5" / "1.5".
/// (Whole-number arithmetic: float formatting would add 10 KB to the app.)
pub fn decimal(lang: Lang, value: f64, decimals: u32) -> String {
    let scale = 10_i64.pow(decimals);
    let scaled = (value * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, fraction) = (scaled.abs() / scale, scaled.abs() % scale);
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let mark = match lang {
        Lang::Nb => ',',
        Lang::En => '.',
    };
    format!(
        "{sign}{whole}{mark}{fraction:0width$}",
        width = decimals as usize
    )
}

/// Seconds as "1 min 05 s" / "42 s".
pub fn duration(seconds: i64) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{} min {:02} s", seconds / 60, seconds % 60)
    }
}

/// The button that stamps a moment of the contact.
pub fn event(lang: Lang, event: shopper_domain::contact::ContactEvent) -> &'static str {
    use shopper_domain::contact::ContactEvent::*;
    let nb = lang == Lang::Nb;
    match event {
        Dialled => pick(nb, "Ringer", "Dialling"),
        Answered => pick(nb, "Besvart", "Answered"),
        OnHold => pick(nb, "På vent", "On hold"),
        Resumed => pick(nb, "Tilbake", "Resumed"),
        Transferred => pick(nb, "Satt over", "Transferred"),
        Ended => pick(nb, "Avsluttet", "Ended"),
        NoAnswer => pick(nb, "Ikke svar", "No answer"),
        Unavailable => pick(nb, "Chat ikke tilgjengelig", "Chat not available"),
        Opened => pick(nb, "Chat åpnet", "Chat opened"),
        FirstReply => pick(nb, "Første svar", "First reply"),
        Closed => pick(nb, "Chat avsluttet", "Chat closed"),
        Sent => pick(nb, "E-post sendt", "E-mail sent"),
        Replied => pick(nb, "Svar mottatt", "Reply received"),
    }
}
