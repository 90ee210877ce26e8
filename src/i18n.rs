//! The app's words in bokmål and English, and dates and numbers formatted for the language. The shopper's
//! choice is kept on the device; without one, an English browser gets English and everyone else bokmål.

use serde::{Deserialize, Serialize};
use shopper_domain::device::LocalState;
use shopper_domain::{Channel, Problem, ProblemCode, QuestionKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    Nb,
    En,
    Da,
}

impl Lang {
    /// The key of `Localized` texts and of `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
            Lang::Da => "da",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Nb => Lang::En,
            Lang::En => Lang::Da,
            Lang::Da => Lang::Nb,
        }
    }

    pub fn words(self) -> &'static Words {
        match self {
            Lang::Nb => &NB,
            Lang::En => &EN,
            Lang::Da => &DA,
        }
    }

    /// The browser's preference, when the shopper has not chosen.
    pub fn from_browser() -> Lang {
        let preferred = web_sys::window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_default();
        if preferred.starts_with("en") {
            Lang::En
        } else if preferred.starts_with("da") {
            Lang::Da
        } else {
            Lang::Nb
        }
    }
}

/// Every fixed text of the app, in one language.
pub struct Words {
    pub lang: Lang,
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
    pub sign_in_failed: &'static str,
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
    pub install_why: &'static str,
    pub install_later: &'static str,
    pub install_ios: &'static str,
    pub update_ready: &'static str,
    pub update_now: &'static str,
    pub not_on_device: &'static str,
    pub questionnaire_missing: &'static str,
    pub refused_by_server: &'static str,
    pub send_as_new: &'static str,
    /// A returned evaluation: "{0} av {1} rettet", and the mark of a section with comments.
    pub fixed_of: &'static str,
    pub commented: &'static str,
    /// The card's action by state.
    pub start: &'static str,
    pub resume: &'static str,
    pub see_submission: &'static str,
    /// Said on the list after "Send inn", `{0}` the company.
    pub submitted: &'static str,
    pub submitted_offline: &'static str,
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
    /// A scale answer in the review: "5 av 6".
    pub of_scale: &'static str,
    pub nps_ends: (&'static str, &'static str),
    /// The call bar's live clock: "Venter 1:12", "Samtale 3:40", "På vent 0:42".
    pub clock_waiting: &'static str,
    pub clock_talking: &'static str,
    pub clock_on_hold: &'static str,
    /// Undo that names what it undoes, `{0}` the moment: "Angre «Besvart»"; and what was undone.
    pub undo_named: &'static str,
    pub undone: &'static str,
    /// "Ikke svar": the contact is sent as not reached, without the questions.
    pub not_reached: &'static str,
    pub not_reached_allowed: &'static str,
    pub not_reached_confirm: &'static str,
    pub not_reached_send: &'static str,
    pub not_reached_too_soon: &'static str,
    /// `{0}` the date and time the wait for a reply is over.
    pub no_reply_until: &'static str,
    /// The list of e-mails waiting for a reply; `sent_waited`: `{0}` when sent, `{1}` how long ago.
    pub awaiting_replies: &'static str,
    pub sent_waited: &'static str,
    pub open: &'static str,
}

pub const NB: Words = Words {
    lang: Lang::Nb,
    switch_to: "English",
    online: "På nett",
    offline: "Uten nett",
    waiting: "ikke sendt ennå",
    synced_at: "Oppdatert",
    sync_now: "Synkroniser nå",
    syncing: "Synkroniserer…",
    storage_failed: "Kunne ikke lagre på telefonen:",
    storage_full: "lagringsplassen er full.",
    storage_refused: "nettleseren tillater ikke lagring her (for eksempel i privat modus).",
    storage_failed_hint: "Det du skrev, står fortsatt på skjermen. Frigjør plass (eller gå ut av privat modus), og \
                          ikke lukk appen før denne meldingen er borte.",
    signed_out: "Innloggingen på denne enheten gjelder ikke lenger. Be arrangøren om en ny lenke. Det som ikke \
                 er sendt, er trygt lagret på telefonen og sendes når du er logget inn igjen.",
    sign_in_offline: "Du er uten nett. Åpne lenken igjen når du har dekning.",
    signing_in: "Logger inn",
    sign_in_failed: "Innlogging mislyktes",
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
    window: "Gjennomfør",
    due: "Frist",
    all_saved: "Alt er lagret på telefonen",
    saving: "Lagrer på telefonen…",
    not_saved: "Ikke lagret på telefonen",
    drafts_count: "{0} utkast",
    unsent_count: "{0} ikke sendt",
    backup_at: "sikkerhetskopi {0}",
    saved_at: "Lagret på telefonen {0}",
    sign_in_link_invalid: "Innloggingslenken virker ikke lenger. Den kan være brukt, utløpt eller skrevet av feil. \
                           Be arrangøren om en ny lenke.",
    install: "Installer appen",
    install_why: "Installer Shopper på hjemskjermen – da åpner den uten nett, og svarene dine er tryggere.",
    install_later: "Ikke nå",
    install_ios: "På iPhone: trykk Del-knappen og «Legg til på Hjem-skjerm». Appen åpner da uten nett, og \
                  installerte apper beholder dataene sine.",
    update_ready: "En ny versjon av appen er klar. Svarene dine blir liggende.",
    update_now: "Oppdater nå",
    not_on_device: "Fant ikke dette oppdraget på enheten. Synkroniser når du har nett.",
    questionnaire_missing: "Telefonen mangler skjemaet for dette oppdraget. Koble til nett og trykk ⟳ \
                            (Synkroniser nå).",
    refused_by_server: "Ikke mottatt av arrangøren:",
    send_as_new: "Send som ny versjon",
    fixed_of: "{0} av {1} kommentarer rettet",
    commented: "har kommentar",
    start: "Start",
    resume: "Fortsett",
    see_submission: "Se innsendingen",
    submitted: "{0} er sendt inn.",
    submitted_offline: "{0} er sendt inn. Den sendes av seg selv når du får nett.",
    returned_banner: "Arrangøren har sendt evalueringen tilbake. Rett det som er kommentert og send på nytt.",
    reviewer_says: "Arrangøren:",
    contact: "Kontakten",
    undo: "Angre",
    waiting_time: "Ventetid",
    talk_time: "Samtaletid",
    notes: "Notater",
    notes_hint: "Skriv stikkord underveis. Alt lagres på telefonen.",
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
    from_timer: "Fylt ut fra tidtakeren. Du kan rette tallet.",
    of_scale: "{0} av {1}",
    nps_ends: ("0 = svært usannsynlig", "10 = svært sannsynlig"),
    clock_waiting: "Venter",
    clock_talking: "Samtale",
    clock_on_hold: "På vent",
    undo_named: "Angre «{0}»",
    undone: "Angret «{0}»",
    not_reached: "Ikke svar",
    not_reached_allowed: "Ingen svarte, så mange ganger som regelen krever. Du kan sende kontakten som «Ikke svar».",
    not_reached_confirm: "Sende som «Ikke svar»? Spørsmålene sendes ikke, bare forsøkene og notatene.",
    not_reached_send: "Ja, send som «Ikke svar»",
    not_reached_too_soon: "Regelen for «Ikke svar» er ikke oppfylt ennå.",
    no_reply_until: "Kommer det ikke svar innen {0}, kan du sende kontakten som «Ikke svar».",
    awaiting_replies: "Venter på svar på e-post",
    sent_waited: "Sendt {0} · har ventet {1}",
    open: "Åpne",
};

pub const EN: Words = Words {
    lang: Lang::En,
    switch_to: "Dansk",
    online: "Online",
    offline: "Offline",
    waiting: "not sent yet",
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
    sign_in_failed: "Sign-in failed",
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
    window: "Make the contact",
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
    install_why: "Install Shopper on the home screen: it then opens offline, and your answers are safer.",
    install_later: "Not now",
    install_ios: "On iPhone: tap the Share button and \"Add to Home Screen\". The app then opens offline, and \
                  installed apps keep their data.",
    update_ready: "A new version of the app is ready. Your answers stay.",
    update_now: "Update now",
    not_on_device: "This assignment is not on the device. Sync when you are online.",
    questionnaire_missing: "The device does not have the questionnaire version this assignment uses. Sync when \
                            you are online.",
    refused_by_server: "Not received by the organizer:",
    send_as_new: "Send as a new version",
    fixed_of: "{0} of {1} comments fixed",
    commented: "commented",
    start: "Start",
    resume: "Continue",
    see_submission: "See what was sent",
    submitted: "{0} is submitted.",
    submitted_offline: "{0} is submitted. It goes out by itself when you are online.",
    returned_banner: "The organizer sent the evaluation back. Fix what is commented on and submit it again.",
    reviewer_says: "Organizer:",
    contact: "The contact",
    undo: "Undo last",
    waiting_time: "Waiting time",
    talk_time: "Talk time",
    notes: "Notes",
    notes_hint: "Jot down notes as you go. Everything is saved on the phone.",
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
    from_timer: "Filled in from the timer. You can correct the number.",
    of_scale: "{0} of {1}",
    nps_ends: ("0 = very unlikely", "10 = very likely"),
    clock_waiting: "Waiting",
    clock_talking: "Talking",
    clock_on_hold: "On hold",
    undo_named: "Undo “{0}”",
    undone: "Undid “{0}”",
    not_reached: "No answer",
    not_reached_allowed: "Nobody answered, as many times as the rule asks. You can send the contact as “No answer”.",
    not_reached_confirm: "Send as “No answer”? The questions are not sent, only the attempts and the notes.",
    not_reached_send: "Yes, send as “No answer”",
    not_reached_too_soon: "The rule for “No answer” is not met yet.",
    no_reply_until: "If no reply comes by {0}, you can send the contact as “No answer”.",
    awaiting_replies: "E-mails waiting for a reply",
    sent_waited: "Sent {0} · waited {1}",
    open: "Open",
};

pub const DA: Words = Words {
    lang: Lang::Da,
    switch_to: "Norsk",
    online: "Online",
    offline: "Uden net",
    waiting: "ikke sendt endnu",
    synced_at: "Opdateret",
    sync_now: "Synkroniser nu",
    syncing: "Synkroniserer…",
    storage_failed: "Kunne ikke gemme på telefonen:",
    storage_full: "lagerpladsen er fuld.",
    storage_refused: "browseren tillader ikke lagring her (for eksempel i privat tilstand).",
    storage_failed_hint: "Det, du skrev, står stadig på skærmen. Frigør plads (eller forlad privat tilstand), og \
                          luk ikke appen, før denne besked er væk.",
    signed_out: "Denne enhed er ikke længere logget ind. Bed arrangøren om et nyt link. Det, der ikke er sendt, \
                 er gemt sikkert på telefonen og sendes, når du er logget ind igen.",
    sign_in_offline: "Du er uden net. Åbn linket igen, når du har forbindelse.",
    signing_in: "Logger ind",
    sign_in_failed: "Login mislykkedes",
    one_moment: "Et øjeblik…",
    signed_in: "Du er logget ind.",
    link_without_code: "Linket mangler sin login-kode. Åbn hele linket, du fik fra arrangøren.",
    to_assignments: "Til opgaverne",
    back: "← Opgaverne",
    page_missing: "Siden findes ikke.",
    welcome: "Velkommen til Shopper",
    not_signed_in: "Du er ikke logget ind. Åbn login-linket (eller QR-koden), du fik fra arrangøren.",
    fetching: "Henter dine opgaver…",
    your_assignments: "Dine opgaver",
    signed_in_as: "Logget ind som",
    no_assignments: "Du har ingen opgaver endnu.",
    group_returned: "Sendt tilbage til dig",
    group_in_progress: "Påbegyndt",
    group_to_do: "Skal gøres",
    group_waiting: "Venter på at blive sendt",
    group_done: "Færdig",
    window: "Gennemfør",
    due: "Frist",
    all_saved: "Alt er gemt på telefonen",
    saving: "Gemmer på telefonen…",
    not_saved: "Ikke gemt på telefonen",
    drafts_count: "{0} kladder",
    unsent_count: "{0} ikke sendt",
    backup_at: "sikkerhedskopi {0}",
    saved_at: "Gemt på telefonen {0}",
    sign_in_link_invalid: "Login-linket virker ikke længere. Det kan være brugt, udløbet eller skrevet forkert. Bed \
                           arrangøren om et nyt link.",
    install: "Installer appen",
    install_why: "Installer Shopper på hjemmeskærmen – så åbner den uden net, og dine svar er mere sikre.",
    install_later: "Ikke nu",
    install_ios: "På iPhone: tryk på Del-knappen og »Føj til hjemmeskærm«. Appen åbner så uden net, og \
                  installerede apps beholder deres data.",
    update_ready: "En ny version af appen er klar. Dine svar bliver liggende.",
    update_now: "Opdater nu",
    not_on_device: "Opgaven findes ikke på enheden. Synkroniser, når du har net.",
    questionnaire_missing: "Telefonen mangler skemaet til denne opgave. Gå på nettet og tryk ⟳ (Synkroniser nu).",
    refused_by_server: "Ikke modtaget af arrangøren:",
    send_as_new: "Send som ny version",
    fixed_of: "{0} af {1} kommentarer rettet",
    commented: "har kommentar",
    start: "Start",
    resume: "Fortsæt",
    see_submission: "Se det sendte",
    submitted: "{0} er sendt.",
    submitted_offline: "{0} er sendt. Den sendes af sig selv, når du får net.",
    returned_banner: "Arrangøren har sendt evalueringen tilbage. Ret det, der er kommenteret, og send den igen.",
    reviewer_says: "Arrangøren:",
    contact: "Kontakten",
    undo: "Fortryd",
    waiting_time: "Ventetid",
    talk_time: "Samtaletid",
    notes: "Noter",
    notes_hint: "Skriv stikord undervejs. Alt gemmes på telefonen.",
    section_of: "Del {0} af {1}",
    answered_of: "{0} af {1} besvaret",
    go_to_section: "Gå til del",
    previous: "Forrige",
    next: "Næste",
    review: "Gennemse og send",
    review_title: "Gennemse dine svar",
    change: "Ret",
    not_answered: "Ikke besvaret",
    first_missing: "Gå til det første, der mangler",
    submit: "Send",
    problems_before_submit: "{0} svar mangler eller skal rettes, før du kan sende.",
    delete_draft: "Slet kladden",
    delete_confirm: "Slette kladden? Svarene og noterne kan ikke hentes tilbage.",
    delete_yes: "Ja, slet",
    cancel: "Annuller",
    yes: "Ja",
    no: "Nej",
    not_applicable: "Ikke relevant",
    required: "skal besvares",
    seconds: "sekunder",
    from_timer: "Udfyldt fra tidtageren. Du kan rette tallet.",
    of_scale: "{0} af {1}",
    nps_ends: ("0 = meget usandsynligt", "10 = meget sandsynligt"),
    clock_waiting: "Venter",
    clock_talking: "Samtale",
    clock_on_hold: "På hold",
    undo_named: "Fortryd »{0}«",
    undone: "Fortrød »{0}«",
    not_reached: "Intet svar",
    not_reached_allowed: "Ingen svarede, så mange gange som reglen kræver. Du kan sende kontakten som »Intet svar«.",
    not_reached_confirm: "Sende som »Intet svar«? Spørgsmålene sendes ikke, kun forsøgene og noterne.",
    not_reached_send: "Ja, send som »Intet svar«",
    not_reached_too_soon: "Reglen for »Intet svar« er ikke opfyldt endnu.",
    no_reply_until: "Kommer der ikke svar inden {0}, kan du sende kontakten som »Intet svar«.",
    awaiting_replies: "Venter på svar på e-mail",
    sent_waited: "Sendt {0} · har ventet {1}",
    open: "Åbn",
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
        (Lang::Nb | Lang::Da, Channel::Phone) => "Telefon",
        (Lang::En, Channel::Phone) => "Phone",
        (_, Channel::Chat) => "Chat",
        (Lang::Nb, Channel::Email) => "E-post",
        (Lang::En | Lang::Da, Channel::Email) => "E-mail",
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
        (Lang::Da, Channel::Phone) => "Ring",
        (Lang::Da, Channel::Chat) => "Åbn chat",
        (Lang::Da, Channel::Email) => "Skriv e-mail",
    }
}

/// The state of an assignment's evaluation, as the shopper reads it. `sending`: its push is under way.
pub fn state(lang: Lang, state: Option<LocalState>, sending: bool) -> &'static str {
    match state {
        _ if sending => pick(lang, "Sender…", "Sending…", "Sender…"),
        None => pick(lang, "Ikke startet", "Not started", "Ikke startet"),
        Some(LocalState::Draft) => pick(lang, "Utkast", "Draft", "Kladde"),
        Some(LocalState::Outbox) => pick(
            lang,
            "Venter på sending",
            "Waiting to send",
            "Venter på at blive sendt",
        ),
        Some(LocalState::Sent) => pick(lang, "Sendt", "Sent", "Sendt"),
        Some(LocalState::Approved) => pick(lang, "Godkjent", "Approved", "Godkendt"),
        Some(LocalState::Returned) => pick(
            lang,
            "Sendt tilbake – rett og send igjen",
            "Sent back – fix and resubmit",
            "Sendt tilbage – ret og send igen",
        ),
        Some(LocalState::Refused) => pick(
            lang,
            "Ikke mottatt – trenger handling",
            "Refused – see why",
            "Ikke modtaget – kræver handling",
        ),
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
    match code {
        "protocol_mismatch" => pick(lang, "Appen må oppdateres før den kan sende. Det som venter, er trygt på telefonen.", "The app must be updated before it can send. What waits is safe on the phone.", "Appen skal opdateres, før den kan sende. Det, der venter, er sikkert på telefonen."),
        "attachments_missing" | "upload_stuck" | "chunk_corrupt" | "attachment_corrupt" | "chunk_offset" => pick(lang, "Vedleggene kom ikke helt fram ennå. Alt er lagret på telefonen; appen prøver igjen av seg selv.", "The attachments have not fully arrived yet. Everything is kept on the phone; the app tries again by itself.", "Vedhæftningerne er ikke helt nået frem endnu. Alt er gemt på telefonen, og appen prøver igen af sig selv."),
        "file_missing" => pick(lang, "Et vedlegg finnes ikke på denne telefonen, så evalueringen kan ikke sendes herfra. Send den fra telefonen bildet ble tatt med, eller spør arrangøren.", "An attachment is not on this phone, so the evaluation cannot be sent from here. Send it from the phone the picture was taken with, or ask the organizer.", "En vedhæftning findes ikke på denne telefon, så evalueringen kan ikke sendes herfra. Send den fra den telefon, billedet blev taget med, eller spørg arrangøren."),
        "too_many_requests" | "busy" | "timeout" => pick(lang, "Serveren har det travelt. Alt er lagret på telefonen; appen prøver igjen av seg selv.", "The server is busy. Everything is saved on the phone; the app tries again by itself.", "Serveren har travlt. Alt er gemt på telefonen, og appen prøver igen af sig selv."),
        _ => pick(lang, "Serveren svarer ikke som den skal akkurat nå. Alt er lagret på telefonen; appen prøver igjen av seg selv.", "The server is not answering as it should right now. Everything is saved on the phone; the app tries \
             again by itself.", "Serveren svarer ikke, som den skal, lige nu. Alt er gemt på telefonen, og appen prøver igen af sig selv."),
    }
}

/// Why the server refused an evaluation, by its stable code, with what to do; the answers are always kept on
/// the phone. Every code a push can be refused with has its own words; one the app does not know yet gets the
/// general words, never the code itself. Older records hold the server's own text (words with spaces), shown
/// as it is.
pub fn refusal(lang: Lang, code: &str) -> String {
    match code {
        "invalid_evaluation" => pick(lang, "Noen svar må rettes; se merknadene ved spørsmålene.", "Some answers need fixing; see the notes at the questions.", "Nogle svar skal rettes. Se bemærkningerne ved spørgsmålene."),
        "revision_conflict" | "stale_revision" | "revision_changed" => pick(lang, "Arrangøren har allerede fått en annen versjon av denne evalueringen. Svarene dine er lagret her: send dem som ny versjon.", "The organizer already has another version of this evaluation. Your answers are kept here: send them as a new version.", "Arrangøren har allerede fået en anden version af denne evaluering. Dine svar er gemt her: send dem som en ny version."),
        "assignment_already_evaluated" => pick(lang, "Arrangøren har allerede en evaluering for dette oppdraget. Svarene dine er lagret her; spør arrangøren før du sender igjen.", "The organizer already has an evaluation for this assignment. Your answers are kept here; ask the organizer before sending again.", "Arrangøren har allerede en evaluering for denne opgave. Dine svar er gemt her; spørg arrangøren, før du sender igen."),
        "attachment_too_large" | "attachments_too_large" | "too_many_attachments" | "attachment_duplicate" | "attachment_empty" => evidence_refusal(lang, code),
        "already_approved" => pick(lang, "Denne evalueringen er allerede godkjent, og kan ikke endres lenger.", "This evaluation is already approved and can no longer be changed.", "Denne evaluering er allerede godkendt og kan ikke længere ændres."),
        "not_found" | "not_your_assignment" | "not_your_evaluation" | "no_evaluation" => pick(lang, "Oppdraget er ikke lenger ditt hos arrangøren. Svarene dine er lagret her; spør arrangøren.", "The assignment is no longer yours at the organizer. Your answers are kept here; ask the organizer.", "Opgaven er ikke længere din hos arrangøren. Dine svar er gemt her; spørg arrangøren."),
        "wrong_questionnaire" | "missing_questionnaire" | "questionnaire_missing" => pick(lang, "Arrangøren har byttet spørreskjema for oppdraget. Svarene dine er lagret her; spør arrangøren hva du skal gjøre.", "The organizer changed the questionnaire of the assignment. Your answers are kept here; ask the organizer what to do.", "Arrangøren har skiftet spørgeskema for opgaven. Dine svar er gemt her; spørg arrangøren, hvad du skal gøre."),
        "wrong_channel" => pick(lang, "Oppdraget gjelder nå en annen kanal. Svarene dine er lagret her; spør arrangøren.", "The assignment is now for another channel. Your answers are kept here; ask the organizer.", "Opgaven gælder nu en anden kanal. Dine svar er gemt her; spørg arrangøren."),
        text if text.contains(' ') => return text.to_owned(),
        _ => pick(lang, "Arrangøren kunne ikke ta imot innsendingen. Svarene dine er lagret her: send dem som ny versjon, eller spør arrangøren.", "The organizer could not take the submission. Your answers are kept here: send them as a new version, or ask the organizer.", "Arrangøren kunne ikke tage imod indsendelsen. Dine svar er gemt her: send dem som en ny version, eller spørg arrangøren."),
    }
    .to_owned()
}

/// The text in `lang` of three written side by side (bokmål, English, Danish).
fn pick(
    lang: Lang,
    bokmal: &'static str,
    english: &'static str,
    danish: &'static str,
) -> &'static str {
    match lang {
        Lang::Nb => bokmal,
        Lang::En => english,
        Lang::Da => danish,
    }
}

pub fn problem(lang: Lang, problem: &Problem, kind: Option<&QuestionKind>) -> String {
    match (problem.code, kind) {
        (ProblemCode::MissingRequired, _) => pick(
            lang,
            "Dette spørsmålet må besvares.",
            "This question must be answered.",
            "Dette spørgsmål skal besvares.",
        )
        .into(),
        (
            ProblemCode::OutOfRange,
            Some(QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. }),
        ) => fill(
            pick(
                lang,
                "Velg en verdi fra {0} til {1}.",
                "Choose a value from {0} to {1}.",
                "Vælg en værdi fra {0} til {1}.",
            ),
            &[min, max],
        ),
        (ProblemCode::OutOfRange, Some(QuestionKind::Nps)) => pick(
            lang,
            "Velg en verdi fra 0 til 10.",
            "Choose a value from 0 to 10.",
            "Vælg en værdi fra 0 til 10.",
        )
        .into(),
        (ProblemCode::OutOfRange, Some(QuestionKind::Duration { max, .. })) => fill(
            pick(
                lang,
                "Oppgi et antall sekunder fra 0 til {0}.",
                "Give a number of seconds from 0 to {0}.",
                "Angiv et antal sekunder fra 0 til {0}.",
            ),
            &[max],
        ),
        (ProblemCode::TooLong, Some(QuestionKind::Text { max_len })) => fill(
            pick(
                lang,
                "Teksten er for lang (høyst {0} tegn).",
                "The text is too long (at most {0} characters).",
                "Teksten er for lang (højst {0} tegn).",
            ),
            &[max_len],
        ),
        (ProblemCode::UnknownOption, _) => pick(
            lang,
            "Velg blant alternativene.",
            "Choose one of the options.",
            "Vælg en af mulighederne.",
        )
        .into(),
        (ProblemCode::NotApplicableNotAllowed, _) => pick(
            lang,
            "«Ikke aktuelt» kan ikke velges her.",
            "\"Not applicable\" cannot be chosen here.",
            "»Ikke relevant« kan ikke vælges her.",
        )
        .into(),
        (ProblemCode::HiddenQuestion, _) => pick(
            lang,
            "Spørsmålet gjelder ikke ut fra de andre svarene dine.",
            "The question does not apply given your other answers.",
            "Spørgsmålet gælder ikke ud fra dine andre svar.",
        )
        .into(),
        (ProblemCode::UnknownQuestion, _) => pick(
            lang,
            "Spørsmålet finnes ikke i denne versjonen av skjemaet.",
            "The question is not in this version of the questionnaire.",
            "Spørgsmålet findes ikke i denne version af skemaet.",
        )
        .into(),
        (ProblemCode::WrongType, Some(QuestionKind::DateTime)) => pick(
            lang,
            "Oppgi dato og klokkeslett.",
            "Give a date and a time.",
            "Angiv dato og klokkeslæt.",
        )
        .into(),
        _ => format!(
            "{} {}",
            pick(lang, "Ugyldig svar:", "Invalid answer:", "Ugyldigt svar:"),
            problem.message
        ),
    }
}

const MONTHS_NB: [&str; 12] = [
    "jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des.",
];
const MONTHS_DA: [&str; 12] = [
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
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
            Lang::Da => format!("{day}. {} {year}", MONTHS_DA[month - 1]),
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
        Lang::Nb | Lang::Da => ',',
        Lang::En => '.',
    };
    format!(
        "{sign}{whole}{mark}{fraction:0width$}",
        width = decimals as usize
    )
}

/// Seconds with their unit: "42 s", "1 min 05 s", "2 t 05 min", "1 d 2 t" (English "h" for hours).
pub fn duration(lang: Lang, seconds: i64) -> String {
    let hour = hour_unit(lang);
    match seconds {
        ..60 => format!("{seconds} s"),
        60..3600 => format!("{} min {:02} s", seconds / 60, seconds % 60),
        3600..86_400 => format!("{} {hour} {:02} min", seconds / 3600, seconds % 3600 / 60),
        _ => days(lang, seconds),
    }
}

fn hour_unit(lang: Lang) -> &'static str {
    match lang {
        Lang::Nb | Lang::Da => "t",
        Lang::En => "h",
    }
}

/// "2 d" or "1 d 2 t".
fn days(lang: Lang, seconds: i64) -> String {
    let (days, hours) = (seconds / 86_400, seconds % 86_400 / 3600);
    if hours == 0 {
        format!("{days} d")
    } else {
        format!("{days} d {hours} {}", hour_unit(lang))
    }
}

/// A running clock: "1:12", "1:02:03"; a day or more "1 d 2 t".
pub fn clock_duration(lang: Lang, seconds: i64) -> String {
    match seconds {
        ..3600 => format!("{}:{:02}", seconds / 60, seconds % 60),
        3600..86_400 => format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds % 3600 / 60,
            seconds % 60
        ),
        _ => days(lang, seconds),
    }
}

/// The call bar's button for `event` when it is what the shopper does next.
pub fn action(lang: Lang, event: shopper_domain::contact::ContactEvent, company: &str) -> String {
    use shopper_domain::contact::ContactEvent::*;
    match event {
        Dialled => return format!("{} {company}", pick(lang, "Ring", "Call", "Ring til")),
        Sent => {
            return format!(
                "{} {company}",
                pick(
                    lang,
                    "Skriv e-post til",
                    "Write an e-mail to",
                    "Skriv en e-mail til"
                )
            )
        }
        Answered => pick(
            lang,
            "Et menneske svarte",
            "A person answered",
            "Et menneske svarede",
        ),
        Ended => pick(
            lang,
            "Samtalen er slutt",
            "The call is over",
            "Samtalen er slut",
        ),
        NoAnswer => pick(
            lang,
            "Ingen svarte – legg på",
            "Nobody answered – hang up",
            "Ingen svarede – læg på",
        ),
        OnHold => pick(lang, "Satt på vent", "Put on hold", "Sat på hold"),
        Resumed => pick(lang, "Av vent", "Off hold", "Af hold"),
        Transferred => pick(lang, "Overført", "Transferred", "Stillet om"),
        Opened => pick(lang, "Åpne chatten", "Open the chat", "Åbn chatten"),
        FirstReply => pick(
            lang,
            "Første svar kom",
            "The first reply came",
            "Første svar kom",
        ),
        Closed => pick(
            lang,
            "Chatten er slutt",
            "The chat is over",
            "Chatten er slut",
        ),
        Unavailable => pick(
            lang,
            "Chatten kan ikke åpnes",
            "The chat cannot be opened",
            "Chatten kan ikke åbnes",
        ),
        Replied => pick(lang, "Svaret kom", "The reply came", "Svaret kom"),
    }
    .to_owned()
}

/// What a stamp said to the screen reader: "Besvart kl. 08:13:57".
pub fn stamped(lang: Lang, event: shopper_domain::contact::ContactEvent, time: &str) -> String {
    format!(
        "{} {} {time}",
        self::event(lang, event),
        pick(lang, "kl.", "at", "kl.")
    )
}

/// Why a tap was refused, with what to do instead.
pub fn stamp_refused(
    lang: Lang,
    why: shopper_domain::callbar::StampRefused,
    company: &str,
) -> String {
    use shopper_domain::callbar::StampRefused;
    match why {
        StampRefused::Already { event } => fill(
            pick(
                lang,
                "Du har allerede trykket «{0}».",
                "You have already tapped “{0}”.",
                "Du har allerede trykket »{0}«.",
            ),
            &[&self::event(lang, event)],
        ),
        StampRefused::First { event } => fill(
            pick(
                lang,
                "Trykk «{0}» først.",
                "Tap “{0}” first.",
                "Tryk »{0}« først.",
            ),
            &[&action(lang, event, company)],
        ),
        StampRefused::Over => pick(
            lang,
            "Kontakten er avsluttet. Angre det siste trykket for å fortsette.",
            "The contact is over. Undo the last tap to go on.",
            "Kontakten er afsluttet. Fortryd det sidste tryk for at fortsætte.",
        )
        .to_owned(),
    }
}

/// One unanswered call: "Forsøk 1: 1. des. 2026 08:00, ringte 40 s".
pub fn attempt(lang: Lang, number: usize, when: &str, rang: &str) -> String {
    fill(
        pick(
            lang,
            "Forsøk {0}: {1}, ringte {2}",
            "Attempt {0}: {1}, rang {2}",
            "Forsøg {0}: {1}, ringede {2}",
        ),
        &[&number, &when, &rang],
    )
}

/// How many more unanswered calls the rule needs, and when the next may be made.
pub fn calls_needed(lang: Lang, more: u32, not_before: Option<String>) -> String {
    let count = match (lang, more) {
        (Lang::Nb, 1) => "Ett forsøk til trengs for «Ikke svar»".to_owned(),
        (Lang::Nb, n) => format!("{n} forsøk til trengs for «Ikke svar»"),
        (Lang::En, 1) => "One more attempt is needed for “No answer”".to_owned(),
        (Lang::En, n) => format!("{n} more attempts are needed for “No answer”"),
        (Lang::Da, 1) => "Ét forsøg mere skal til for »Intet svar«".to_owned(),
        (Lang::Da, n) => format!("{n} forsøg mere skal til for »Intet svar«"),
    };
    match not_before {
        Some(when) => format!(
            "{count}, {} {when}.",
            pick(
                lang,
                "det neste tidligst",
                "the next not before",
                "det næste tidligst"
            )
        ),
        None => format!("{count}."),
    }
}

/// "1 notat" / "2 notater".
pub fn notes_count(lang: Lang, count: usize) -> String {
    match (lang, count) {
        (Lang::Nb, 1) => "1 notat".into(),
        (Lang::Nb, n) => format!("{n} notater"),
        (Lang::En, 1) => "1 note".into(),
        (Lang::En, n) => format!("{n} notes"),
        (Lang::Da, 1) => "1 note".into(),
        (Lang::Da, n) => format!("{n} noter"),
    }
}

impl Words {
    /// The panel's heading by channel.
    pub fn contact_heading(&self, channel: Channel) -> &'static str {
        let lang = self.lang;
        match channel {
            Channel::Phone => pick(lang, "Samtalen", "The call", "Samtalen"),
            Channel::Chat => pick(lang, "Chatten", "The chat", "Chatten"),
            Channel::Email => pick(lang, "E-posten", "The e-mail", "E-mailen"),
        }
    }

    /// "Samtaletid" on the phone, "Chattetid" in a chat.
    pub fn talk_time_for(&self, channel: Channel) -> &'static str {
        let lang = self.lang;
        match channel {
            Channel::Chat => pick(lang, "Chattetid", "Chat time", "Chattid"),
            _ => self.talk_time,
        }
    }
}

/// The button that stamps a moment of the contact.
pub fn event(lang: Lang, event: shopper_domain::contact::ContactEvent) -> &'static str {
    use shopper_domain::contact::ContactEvent::*;
    match event {
        Dialled => pick(lang, "Ringt", "Dialled", "Ringet op"),
        Answered => pick(lang, "Besvart", "Answered", "Besvaret"),
        OnHold => pick(lang, "På vent", "On hold", "På hold"),
        Resumed => pick(lang, "Av vent", "Off hold", "Af hold"),
        Transferred => pick(lang, "Overført", "Transferred", "Stillet om"),
        Ended => pick(lang, "Avsluttet", "Ended", "Afsluttet"),
        NoAnswer => pick(lang, "Ikke svar", "No answer", "Intet svar"),
        Unavailable => pick(
            lang,
            "Chat ikke tilgjengelig",
            "Chat not available",
            "Chat ikke tilgængelig",
        ),
        Opened => pick(lang, "Chat åpnet", "Chat opened", "Chat åbnet"),
        FirstReply => pick(lang, "Første svar", "First reply", "Første svar"),
        Closed => pick(lang, "Chat avsluttet", "Chat closed", "Chat lukket"),
        Sent => pick(lang, "E-post sendt", "E-mail sent", "E-mail sendt"),
        Replied => pick(lang, "Svar mottatt", "Reply received", "Svar modtaget"),
    }
}

/// "Rett 2 kommentarer" / "Fix 1 comment".
pub fn fix_comments(lang: Lang, count: usize) -> String {
    match (lang, count) {
        (Lang::Nb, 1) => "Rett 1 kommentar".into(),
        (Lang::Nb, n) => format!("Rett {n} kommentarer"),
        (Lang::En, 1) => "Fix 1 comment".into(),
        (Lang::En, n) => format!("Fix {n} comments"),
        (Lang::Da, 1) => "Ret 1 kommentar".into(),
        (Lang::Da, n) => format!("Ret {n} kommentarer"),
    }
}

/// Two dates (`YYYY-MM-DD...`) as one short range: "1.–15. des." in one month, "28. nov.–5. des." across two,
/// with the year only when they differ ("1–15 Dec" in English).
pub fn date_range(lang: Lang, start: &str, end: &str) -> String {
    let parts = |text: &str| {
        Some((
            text.get(0..4)?.parse::<u32>().ok()?,
            text.get(5..7)?
                .parse::<usize>()
                .ok()
                .filter(|m| (1..=12).contains(m))?,
            text.get(8..10)?.parse::<u32>().ok()?,
        ))
    };
    let (Some((y1, m1, d1)), Some((y2, m2, d2))) = (parts(start), parts(end)) else {
        return format!("{} – {}", date(lang, start), date(lang, end));
    };
    let month = |m: usize| match lang {
        Lang::Nb => MONTHS_NB[m - 1],
        Lang::En => MONTHS_EN[m - 1],
        Lang::Da => MONTHS_DA[m - 1],
    };
    match (lang, y1 == y2, m1 == m2) {
        (_, false, _) => format!("{} – {}", date(lang, start), date(lang, end)),
        (Lang::En, true, true) => format!("{d1}–{d2} {}", month(m2)),
        (Lang::En, true, false) => format!("{d1} {}–{d2} {}", month(m1), month(m2)),
        (_, true, true) => format!("{d1}.–{d2}. {}", month(m2)),
        (_, true, false) => format!("{d1}. {}–{d2}. {}", month(m1), month(m2)),
    }
}

/// Compares two names as the language sorts them (the browser's collation).
pub fn collate(lang: Lang, a: &str, b: &str) -> std::cmp::Ordering {
    let locales = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(lang.code()));
    js_sys::JsString::from(a)
        .locale_compare(b, &locales, &js_sys::Object::new())
        .cmp(&0)
}

/// Milliseconds since the epoch as local "08:13" (the header's last sync: seconds are noise there).
pub fn clock_minutes(lang: Lang, ms: i64) -> String {
    let text = clock_ms(lang, ms, false);
    text.get(..5).unwrap_or(&text).to_owned()
}

/// The help of a duration the timer fills, naming the channel's own steps: "Fylt ut fra tidtakeren, fra «Ringt» til
/// «Besvart». Du kan rette tallet."
pub fn from_timer(lang: Lang, channel: Channel, which: shopper_domain::contact::Derived) -> String {
    use shopper_domain::contact::Derived;
    let steps = shopper_domain::callbar::steps(channel);
    let (from, to) = match which {
        Derived::WaitingTime => (steps[0], steps[1]),
        Derived::TalkTime => (steps[1], steps[steps.len() - 1]),
    };
    fill(
        pick(
            lang,
            "Fylt ut fra tidtakeren, fra «{0}» til «{1}». Du kan rette tallet.",
            "Filled in from the timer, from “{0}” to “{1}”. You can correct the number.",
            "Udfyldt fra tidtageren, fra »{0}« til »{1}«. Du kan rette tallet.",
        ),
        &[&event(lang, from), &event(lang, to)],
    )
}

/// The words of evidence: pictures and pasted text attached to an evaluation or to one of its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    Title,
    Help,
    /// The choice of what a new attachment is evidence for.
    For,
    Whole,
    TakePhoto,
    ChoosePicture,
    PasteLabel,
    AttachText,
    Remove,
    OnPhone,
    /// `{0}` the percentage sent so far.
    Uploading,
    OnServer,
    Working,
    Picture,
    NotImage,
    TooLarge,
    Empty,
    TooMany,
    TooManyBytes,
    Duplicate,
    Failed,
    /// The share target opened the app with no contact open.
    SharedChoose,
    SharedAttached,
}

pub fn evidence(lang: Lang, text: Evidence) -> &'static str {
    match text {
        Evidence::Title => pick(lang, "Bevis", "Evidence", "Bevis"),
        Evidence::Help => pick(lang, "Skjermbilder, bilder og tekst fra chat eller e-post. De lagres på telefonen og sendes med evalueringen.", "Screenshots, photos and text from a chat or an e-mail. They are kept on the phone and sent with the evaluation.", "Skærmbilleder, billeder og tekst fra chat eller e-mail. De gemmes på telefonen og sendes med evalueringen."),
        Evidence::For => pick(lang, "Gjelder", "Evidence for", "Gælder"),
        Evidence::Whole => pick(lang, "Hele evalueringen", "The whole evaluation", "Hele evalueringen"),
        Evidence::TakePhoto => pick(lang, "Ta bilde", "Take a photo", "Tag et billede"),
        Evidence::ChoosePicture => pick(lang, "Velg bilde eller skjermbilde", "Choose a picture or screenshot", "Vælg billede eller skærmbillede"),
        Evidence::PasteLabel => pick(lang, "Lim inn tekst fra chat eller e-post", "Paste text from a chat or an e-mail", "Indsæt tekst fra chat eller e-mail"),
        Evidence::AttachText => pick(lang, "Legg ved teksten", "Attach the text", "Vedhæft teksten"),
        Evidence::Remove => pick(lang, "Fjern", "Remove", "Fjern"),
        Evidence::OnPhone => pick(lang, "På telefonen", "On the phone", "På telefonen"),
        Evidence::Uploading => pick(lang, "Lastes opp {0} %", "Uploading {0}%", "Uploades {0} %"),
        Evidence::OnServer => pick(lang, "Hos arrangøren", "On the server", "Hos arrangøren"),
        Evidence::Working => pick(lang, "Gjør klar …", "Preparing …", "Gør klar …"),
        Evidence::Picture => pick(lang, "Bilde", "Picture", "Billede"),
        Evidence::NotImage => pick(lang, "Filen er ikke et bilde appen kan lese. Prøv et skjermbilde eller et foto.", "The file is not a picture the app can read. Try a screenshot or a photo.", "Filen er ikke et billede, appen kan læse. Prøv et skærmbillede eller et foto."),
        Evidence::TooLarge => pick(lang, "Vedlegget er for stort (høyst 3 MB). Del teksten opp, eller ta et mindre utsnitt.", "The attachment is too large (3 MB at most). Split the text, or take a smaller part.", "Vedhæftningen er for stor (højst 3 MB). Del teksten op, eller tag et mindre udsnit."),
        Evidence::Empty => pick(lang, "Det er ingenting å legge ved.", "There is nothing to attach.", "Der er intet at vedhæfte."),
        Evidence::TooMany => pick(lang, "En evaluering kan ha høyst 12 vedlegg. Fjern ett før du legger ved et nytt.", "An evaluation can carry 12 attachments at most. Remove one before adding another.", "En evaluering kan have højst 12 vedhæftninger. Fjern én, før du vedhæfter en ny."),
        Evidence::TooManyBytes => pick(lang, "Vedleggene blir for store til sammen (høyst 12 MB). Fjern ett før du legger ved et nytt.", "The attachments are too large together (12 MB at most). Remove one before adding another.", "Vedhæftningerne bliver for store tilsammen (højst 12 MB). Fjern én, før du vedhæfter en ny."),
        Evidence::Duplicate => pick(lang, "Dette er allerede lagt ved for det samme.", "This is already attached for the same thing.", "Dette er allerede vedhæftet for det samme."),
        Evidence::Failed => pick(lang, "Telefonen kunne ikke lagre vedlegget. Det du har skrevet, er trygt; prøv igjen.", "The phone could not store the attachment. What you typed is safe; try again.", "Telefonen kunne ikke gemme vedhæftningen. Det, du har skrevet, er sikkert; prøv igen."),
        Evidence::SharedChoose => pick(lang, "Du delte noe med appen. Åpne kontakten det hører til, så legges det ved der.", "You shared something with the app. Open the contact it belongs to, and it is attached there.", "Du delte noget med appen. Åbn kontakten, det hører til, så vedhæftes det der."),
        Evidence::SharedAttached => pick(lang, "Det du delte, er lagt ved.", "What you shared is attached.", "Det, du delte, er vedhæftet."),
    }
}

/// Why the phone could not attach or upload a file, by the stable code of the domain or of evidence.js.
pub fn evidence_refusal(lang: Lang, code: &str) -> &'static str {
    evidence(
        lang,
        match code {
            "not_image" => Evidence::NotImage,
            "attachment_too_large" => Evidence::TooLarge,
            "attachment_empty" | "no_file" => Evidence::Empty,
            "too_many_attachments" => Evidence::TooMany,
            "attachments_too_large" => Evidence::TooManyBytes,
            "attachment_duplicate" => Evidence::Duplicate,
            _ => Evidence::Failed,
        },
    )
}
