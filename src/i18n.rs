//! The app's words in bokmål, English and Danish: one typed catalogue per language (`Words`, chosen once),
//! with plurals and templates, and dates and numbers formatted for the language. The shopper's choice is kept
//! on the device; without one, an English browser gets English, a Danish one Danish, everyone else bokmål.
//! Bokmål is in the first load; English and Danish are each a wasm chunk of their own ([`Lang::load`]), fetched
//! before the first draw when needed and when chosen (the service worker precaches them for offline).

use std::sync::OnceLock;

use leptos::wasm_split::{wasm_split, SplitLoaderError};
use serde::{Deserialize, Serialize};
use shopper_domain::contact::ContactEvent;
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

    /// The language's words; bokmål's until the language is loaded ([`Lang::load`]), which the app awaits
    /// before it shows a language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Nb => &NB,
            Lang::En => ENGLISH.get().copied().unwrap_or(&NB),
            Lang::Da => DANISH.get().copied().unwrap_or(&NB),
        }
    }

    /// Whether the language's words are here (so it can be shown).
    pub fn is_loaded(self) -> bool {
        match self {
            Lang::Nb => true,
            Lang::En => ENGLISH.get().is_some(),
            Lang::Da => DANISH.get().is_some(),
        }
    }

    /// Fetches the language's chunk unless it is here already (bokmål always is). A failed fetch (offline
    /// before the service worker had the chunk) is an `Err` and may be retried.
    pub async fn load(self) -> Result<(), SplitLoaderError> {
        match self {
            Lang::Nb => {}
            Lang::En if ENGLISH.get().is_none() => {
                let _ = ENGLISH.set(english().await?);
            }
            Lang::Da if DANISH.get().is_none() => {
                let _ = DANISH.set(danish().await?);
            }
            Lang::En | Lang::Da => {}
        }
        Ok(())
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

/// English's split point: the catalogue only this function reaches goes into the `english` chunk.
#[wasm_split(english, wasm_split_path = ::leptos::wasm_split, fallible)]
fn english() -> Result<&'static Words, SplitLoaderError> {
    Ok(&EN)
}

/// Danish's split point, the `danish` chunk.
#[wasm_split(danish, wasm_split_path = ::leptos::wasm_split, fallible)]
fn danish() -> Result<&'static Words, SplitLoaderError> {
    Ok(&DA)
}

/// The loaded languages' catalogues.
static ENGLISH: OnceLock<&'static Words> = OnceLock::new();
static DANISH: OnceLock<&'static Words> = OnceLock::new();

/// Every fixed text of the app, in one language.
pub struct Words {
    pub lang: Lang,
    /// The name of each moment of the contact, as the steps and the timeline show it ("Ringt", "Besvart").
    pub events: Moments,
    /// The call bar's button for each moment when it comes next, `{0}` the company ("Ring {0}").
    pub actions: Moments,
    /// What a stamp said to the screen reader: `{0}` the moment, `{1}` the time.
    pub stamped: &'static str,
    /// A tap refused: `{0}` the moment already tapped / the step to tap first; or the contact is over.
    pub refused_already: &'static str,
    pub refused_first: &'static str,
    pub refused_over: &'static str,
    /// One unanswered call: `{0}` its number, `{1}` when, `{2}` how long it rang.
    pub attempt: &'static str,
    /// How many more unanswered calls "Ikke svar" needs, and `{0}` when the next may be made.
    pub calls_needed: Plural,
    pub next_not_before: &'static str,
    pub notes_count: Plural,
    pub fix_comments: Plural,
    /// The contact panel's heading by channel, and the talk time of a chat.
    pub heading_phone: &'static str,
    pub heading_chat: &'static str,
    pub heading_email: &'static str,
    pub chat_time: &'static str,
    pub channel_phone: &'static str,
    pub channel_chat: &'static str,
    pub channel_email: &'static str,
    /// An evaluation's state, as a card shows it.
    pub state_sending: &'static str,
    pub state_not_started: &'static str,
    pub state_draft: &'static str,
    pub state_outbox: &'static str,
    pub state_sent: &'static str,
    pub state_approved: &'static str,
    pub state_returned: &'static str,
    pub state_refused: &'static str,
    /// Why a sync stopped, by the server's code.
    pub sync_protocol: &'static str,
    pub sync_busy: &'static str,
    pub sync_other: &'static str,
    /// Why the server refused an evaluation, by its code, with what to do.
    pub refusal_invalid: &'static str,
    pub refusal_conflict: &'static str,
    pub refusal_already_evaluated: &'static str,
    pub refusal_approved: &'static str,
    pub refusal_not_yours: &'static str,
    pub refusal_questionnaire: &'static str,
    pub refusal_channel: &'static str,
    pub refusal_other: &'static str,
    /// What is wrong with an answer; `{0}`/`{1}` the bounds.
    pub problem_required: &'static str,
    pub problem_range: &'static str,
    pub problem_nps_range: &'static str,
    pub problem_duration_range: &'static str,
    pub problem_too_long: &'static str,
    pub problem_option: &'static str,
    pub problem_not_applicable: &'static str,
    pub problem_hidden: &'static str,
    pub problem_unknown_question: &'static str,
    pub problem_date_time: &'static str,
    pub problem_invalid: &'static str,
    /// The help of a duration the timer fills: `{0}` and `{1}` the channel's own steps.
    pub from_timer_steps: &'static str,
    /// The short unit of an hour in durations ("2 t 05 min").
    pub hour_unit: &'static str,
    /// An assignment's window now: open, outside its days or hours, not begun (`{0}` its first day), over
    /// (`{0}` its last day); and the question before a first stamp outside it (`{0}` what the window says).
    pub window_open: &'static str,
    pub window_outside: &'static str,
    pub window_not_yet: &'static str,
    pub window_over: &'static str,
    pub window_ask: &'static str,
    pub window_go: &'static str,
    /// The menu button (for the screen reader) and its language choice.
    pub menu: &'static str,
    pub language: &'static str,
    /// A language chosen in the menu whose words could not be fetched (offline before they were kept).
    pub language_not_loaded: &'static str,
    pub offline: &'static str,
    /// The header's chip when the device is no longer signed in.
    pub signed_out_chip: &'static str,
    /// The menu before the first sync has reached the server.
    pub not_synced_yet: &'static str,
    /// The header's chip: "1 ikke sendt".
    pub waiting: Plural,
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
    /// Shown only when opening the evaluation form (its code loads on demand) takes a moment.
    pub loading_form: &'static str,
    pub form_not_loaded: &'static str,
    pub try_again: &'static str,
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
    pub drafts_count: Plural,
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
    /// A banner's button that puts it away (its label for a screen reader; the button shows ×).
    pub close_banner: &'static str,
    pub not_on_device: &'static str,
    pub questionnaire_missing: &'static str,
    /// The device has the questionnaire, and this version of the app cannot read it.
    pub questionnaire_unreadable: &'static str,
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
    pub problems_before_submit: Plural,
    pub delete_draft: &'static str,
    pub delete_confirm: &'static str,
    pub delete_yes: &'static str,
    pub cancel: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub not_applicable: &'static str,
    pub required: &'static str,
    pub seconds: &'static str,
    /// The unit of a duration typed in minutes, hours or days.
    pub unit: &'static str,
    /// A stored option this version of the questionnaire no longer has, `{0}` its id.
    pub option_gone: &'static str,
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
    pub sync_attachments: &'static str,
    pub sync_file_missing: &'static str,
    /// The evidence panel.
    pub evidence: EvidenceWords,
}

/// The evidence panel's words (see [`Evidence`]).
pub struct EvidenceWords {
    pub title: &'static str,
    pub help: &'static str,
    pub applies_to: &'static str,
    pub whole: &'static str,
    pub take_photo: &'static str,
    pub choose_picture: &'static str,
    pub paste_label: &'static str,
    pub attach_text: &'static str,
    pub remove: &'static str,
    pub on_phone: &'static str,
    /// `{0}` the percentage sent so far.
    pub uploading: &'static str,
    pub on_server: &'static str,
    pub working: &'static str,
    pub picture: &'static str,
    pub not_image: &'static str,
    pub too_large: &'static str,
    pub empty: &'static str,
    pub too_many: &'static str,
    pub too_many_bytes: &'static str,
    pub duplicate: &'static str,
    pub failed: &'static str,
    pub shared_choose: &'static str,
    pub shared_attached: &'static str,
}

pub const NB: Words = Words {
    lang: Lang::Nb,
    events: Moments {
        dialled: "Ringt",
        answered: "Besvart",
        on_hold: "På vent",
        resumed: "Av vent",
        transferred: "Overført",
        ended: "Avsluttet",
        no_answer: "Ikke svar",
        opened: "Chat åpnet",
        first_reply: "Første svar",
        closed: "Chat avsluttet",
        unavailable: "Chat ikke tilgjengelig",
        sent: "E-post sendt",
        replied: "Svar mottatt",
    },
    actions: Moments {
        dialled: "Ring {0}",
        answered: "Et menneske svarte",
        on_hold: "Satt på vent",
        resumed: "Av vent",
        transferred: "Overført",
        ended: "Samtalen er slutt",
        no_answer: "Ingen svarte – legg på",
        opened: "Åpne chatten",
        first_reply: "Første svar kom",
        closed: "Chatten er slutt",
        unavailable: "Chatten kan ikke åpnes",
        sent: "Skriv e-post til {0}",
        replied: "Svaret kom",
    },
    stamped: "{0} kl. {1}",
    refused_already: "Du har allerede trykket «{0}».",
    refused_first: "Trykk «{0}» først.",
    refused_over: "Kontakten er avsluttet. Angre det siste trykket for å fortsette.",
    attempt: "Forsøk {0}: {1}, ringte {2}",
    calls_needed: Plural {
        one: "Ett forsøk til trengs for «Ikke svar»",
        other: "{0} forsøk til trengs for «Ikke svar»",
    },
    next_not_before: "det neste tidligst {0}",
    notes_count: Plural {
        one: "1 notat",
        other: "{0} notater",
    },
    fix_comments: Plural {
        one: "Rett 1 kommentar",
        other: "Rett {0} kommentarer",
    },
    heading_phone: "Samtalen",
    heading_chat: "Chatten",
    heading_email: "E-posten",
    chat_time: "Chattetid",
    channel_phone: "Telefon",
    channel_chat: "Chat",
    channel_email: "E-post",
    state_sending: "Sender…",
    state_not_started: "Ikke startet",
    state_draft: "Utkast",
    state_outbox: "Venter på sending",
    state_sent: "Sendt",
    state_approved: "Godkjent",
    state_returned: "Sendt tilbake – rett og send igjen",
    state_refused: "Ikke mottatt – trenger handling",
    sync_protocol: "Appen må oppdateres før den kan sende. Det som venter, er trygt på telefonen.",
    sync_busy: "Serveren har det travelt. Alt er lagret på telefonen; appen prøver igjen av seg selv.",
    sync_other: "Serveren svarer ikke som den skal akkurat nå. Alt er lagret på telefonen; appen prøver igjen av \
                 seg selv.",
    refusal_invalid: "Noen svar må rettes; se merknadene ved spørsmålene.",
    refusal_conflict: "Arrangøren har allerede fått en annen versjon av denne evalueringen. Svarene dine er lagret \
                       her: send dem som ny versjon.",
    refusal_already_evaluated: "Arrangøren har allerede en evaluering for dette oppdraget. Svarene dine er lagret \
                                her; spør arrangøren før du sender igjen.",
    refusal_approved: "Denne evalueringen er allerede godkjent, og kan ikke endres lenger.",
    refusal_not_yours: "Oppdraget er ikke lenger ditt hos arrangøren. Svarene dine er lagret her; spør arrangøren.",
    refusal_questionnaire: "Arrangøren har byttet spørreskjema for oppdraget. Svarene dine er lagret her; spør \
                            arrangøren hva du skal gjøre.",
    refusal_channel: "Oppdraget gjelder nå en annen kanal. Svarene dine er lagret her; spør arrangøren.",
    refusal_other: "Arrangøren kunne ikke ta imot innsendingen. Svarene dine er lagret her: send dem som ny \
                    versjon, eller spør arrangøren.",
    problem_required: "Dette spørsmålet må besvares.",
    problem_range: "Velg en verdi fra {0} til {1}.",
    problem_nps_range: "Velg en verdi fra 0 til 10.",
    problem_duration_range: "Oppgi en varighet fra 0 til {0}.",
    problem_too_long: "Teksten er for lang (høyst {0} tegn).",
    problem_option: "Velg blant alternativene.",
    problem_not_applicable: "«Ikke aktuelt» kan ikke velges her.",
    problem_hidden: "Spørsmålet gjelder ikke ut fra de andre svarene dine.",
    problem_unknown_question: "Spørsmålet finnes ikke i denne versjonen av skjemaet.",
    problem_date_time: "Oppgi dato og klokkeslett.",
    problem_invalid: "Ugyldig svar: {0}",
    from_timer_steps: "Fylt ut fra tidtakeren, fra «{0}» til «{1}». Du kan rette tallet.",
    hour_unit: "t",
    window_open: "Kan gjennomføres nå",
    window_outside: "Utenfor tidsvinduet",
    window_not_yet: "Ikke ennå: fra {0}",
    window_over: "Tidsvinduet gikk ut {0}",
    window_ask: "{0}. Kontakter utenfor tidsvinduet blir merket hos arrangøren. Vil du starte likevel?",
    window_go: "Start likevel",
    menu: "Meny",
    language: "Språk",
    language_not_loaded: "Språket kunne ikke lastes ned. Prøv igjen når du har nett.",
    offline: "Uten nett",
    signed_out_chip: "Logget ut",
    not_synced_yet: "Ikke synkronisert ennå",
    waiting: Plural {
        one: "1 ikke sendt",
        other: "{0} ikke sendt",
    },
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
    loading_form: "Laster skjemaet …",
    form_not_loaded: "Skjemaet kunne ikke lastes. Det du har lagret, er trygt på telefonen.",
    try_again: "Prøv igjen",
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
    drafts_count: Plural {
        one: "1 utkast",
        other: "{0} utkast",
    },
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
    close_banner: "Lukk meldingen",
    not_on_device: "Fant ikke dette oppdraget på enheten. Synkroniser når du har nett.",
    questionnaire_missing: "Telefonen mangler skjemaet for dette oppdraget. Koble til nett og trykk ⟳ \
                            (Synkroniser nå).",
    questionnaire_unreadable: "Denne versjonen av appen kan ikke lese skjemaet for oppdraget. Svarene dine er \
                               lagret. Koble til nett og trykk «Oppdater nå» når appen tilbyr det; hjelper ikke \
                               det, kontakt arrangøren.",
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
    problems_before_submit: Plural {
        one: "1 svar mangler eller må rettes før du kan sende inn.",
        other: "{0} svar mangler eller må rettes før du kan sende inn.",
    },
    delete_draft: "Slett utkastet",
    delete_confirm: "Slette utkastet? Svarene og notatene kan ikke hentes tilbake.",
    delete_yes: "Ja, slett",
    cancel: "Avbryt",
    yes: "Ja",
    no: "Nei",
    not_applicable: "Ikke aktuelt",
    required: "må besvares",
    seconds: "sekunder",
    unit: "enhet",
    option_gone: "{0} (finnes ikke lenger i skjemaet)",
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
    sync_attachments: "Vedleggene kom ikke helt fram ennå. Alt er lagret på telefonen; appen prøver igjen av seg selv.",
    sync_file_missing: "Et vedlegg finnes ikke på denne telefonen, så evalueringen kan ikke sendes herfra. Send den fra telefonen bildet ble tatt med, eller spør arrangøren.",
    evidence: EvidenceWords {
        title: "Bevis",
        help: "Skjermbilder, bilder og tekst fra chat eller e-post. De lagres på telefonen og sendes med evalueringen.",
        applies_to: "Gjelder",
        whole: "Hele evalueringen",
        take_photo: "Ta bilde",
        choose_picture: "Velg bilde eller skjermbilde",
        paste_label: "Lim inn tekst fra chat eller e-post",
        attach_text: "Legg ved teksten",
        remove: "Fjern",
        on_phone: "På telefonen",
        uploading: "Lastes opp {0} %",
        on_server: "Hos arrangøren",
        working: "Gjør klar …",
        picture: "Bilde",
        not_image: "Filen er ikke et bilde appen kan lese. Prøv et skjermbilde eller et foto.",
        too_large: "Vedlegget er for stort (høyst 3 MB). Del teksten opp, eller ta et mindre utsnitt.",
        empty: "Det er ingenting å legge ved.",
        too_many: "En evaluering kan ha høyst 12 vedlegg. Fjern ett før du legger ved et nytt.",
        too_many_bytes: "Vedleggene blir for store til sammen (høyst 12 MB). Fjern ett før du legger ved et nytt.",
        duplicate: "Dette er allerede lagt ved for det samme.",
        failed: "Telefonen kunne ikke lagre vedlegget. Det du har skrevet, er trygt; prøv igjen.",
        shared_choose: "Du delte noe med appen. Åpne kontakten det hører til, så legges det ved der.",
        shared_attached: "Det du delte, er lagt ved.",
    },
};

pub const EN: Words = Words {
    lang: Lang::En,
    events: Moments {
        dialled: "Dialled",
        answered: "Answered",
        on_hold: "On hold",
        resumed: "Off hold",
        transferred: "Transferred",
        ended: "Ended",
        no_answer: "No answer",
        opened: "Chat opened",
        first_reply: "First reply",
        closed: "Chat closed",
        unavailable: "Chat not available",
        sent: "E-mail sent",
        replied: "Reply received",
    },
    actions: Moments {
        dialled: "Call {0}",
        answered: "A person answered",
        on_hold: "Put on hold",
        resumed: "Off hold",
        transferred: "Transferred",
        ended: "The call is over",
        no_answer: "Nobody answered – hang up",
        opened: "Open the chat",
        first_reply: "The first reply came",
        closed: "The chat is over",
        unavailable: "The chat cannot be opened",
        sent: "Write an e-mail to {0}",
        replied: "The reply came",
    },
    stamped: "{0} at {1}",
    refused_already: "You have already tapped “{0}”.",
    refused_first: "Tap “{0}” first.",
    refused_over: "The contact is over. Undo the last tap to go on.",
    attempt: "Attempt {0}: {1}, rang {2}",
    calls_needed: Plural {
        one: "One more attempt is needed for “No answer”",
        other: "{0} more attempts are needed for “No answer”",
    },
    next_not_before: "the next not before {0}",
    notes_count: Plural {
        one: "1 note",
        other: "{0} notes",
    },
    fix_comments: Plural {
        one: "Fix 1 comment",
        other: "Fix {0} comments",
    },
    heading_phone: "The call",
    heading_chat: "The chat",
    heading_email: "The e-mail",
    chat_time: "Chat time",
    channel_phone: "Phone",
    channel_chat: "Chat",
    channel_email: "E-mail",
    state_sending: "Sending…",
    state_not_started: "Not started",
    state_draft: "Draft",
    state_outbox: "Waiting to send",
    state_sent: "Sent",
    state_approved: "Approved",
    state_returned: "Sent back – fix and resubmit",
    state_refused: "Not received – needs action",
    sync_protocol: "The app must be updated before it can send. What waits is safe on the phone.",
    sync_busy: "The server is busy. Everything is saved on the phone; the app tries again by itself.",
    sync_other: "The server is not answering as it should right now. Everything is saved on the phone; the app \
                 tries again by itself.",
    refusal_invalid: "Some answers need fixing; see the notes at the questions.",
    refusal_conflict: "The organizer already has another version of this evaluation. Your answers are kept here: \
                       send them as a new version.",
    refusal_already_evaluated: "The organizer already has an evaluation for this assignment. Your answers are \
                                kept here; ask the organizer before sending again.",
    refusal_approved: "This evaluation is already approved and can no longer be changed.",
    refusal_not_yours: "The assignment is no longer yours at the organizer. Your answers are kept here; ask the \
                        organizer.",
    refusal_questionnaire: "The organizer changed the questionnaire of the assignment. Your answers are kept here; \
                            ask the organizer what to do.",
    refusal_channel: "The assignment is now for another channel. Your answers are kept here; ask the organizer.",
    refusal_other: "The organizer could not take the submission. Your answers are kept here: send them as a new \
                    version, or ask the organizer.",
    problem_required: "This question must be answered.",
    problem_range: "Choose a value from {0} to {1}.",
    problem_nps_range: "Choose a value from 0 to 10.",
    problem_duration_range: "Give a duration from 0 to {0}.",
    problem_too_long: "The text is too long (at most {0} characters).",
    problem_option: "Choose one of the options.",
    problem_not_applicable: "\"Not applicable\" cannot be chosen here.",
    problem_hidden: "The question does not apply given your other answers.",
    problem_unknown_question: "The question is not in this version of the questionnaire.",
    problem_date_time: "Give a date and a time.",
    problem_invalid: "Invalid answer: {0}",
    from_timer_steps: "Filled in from the timer, from “{0}” to “{1}”. You can correct the number.",
    hour_unit: "h",
    window_open: "Can be made now",
    window_outside: "Outside the time window",
    window_not_yet: "Not yet: from {0}",
    window_over: "The time window ended {0}",
    window_ask: "{0}. Contacts made outside the time window are marked for the organizer. Start anyway?",
    window_go: "Start anyway",
    menu: "Menu",
    language: "Language",
    language_not_loaded: "The language could not be downloaded. Try again when you are online.",
    offline: "Offline",
    signed_out_chip: "Signed out",
    not_synced_yet: "Not synced yet",
    waiting: Plural {
        one: "1 not sent",
        other: "{0} not sent",
    },
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
    loading_form: "Loading the form …",
    form_not_loaded: "The form could not be loaded. What you have saved is safe on the phone.",
    try_again: "Try again",
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
    drafts_count: Plural {
        one: "1 draft",
        other: "{0} drafts",
    },
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
    close_banner: "Close the message",
    not_on_device: "This assignment is not on the device. Sync when you are online.",
    questionnaire_missing: "The device does not have the questionnaire version this assignment uses. Sync when \
                            you are online.",
    questionnaire_unreadable: "This version of the app cannot read the questionnaire of this assignment. Your \
                               answers are kept. Go online and tap “Update now” when the app offers it; if that \
                               does not help, contact the organizer.",
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
    problems_before_submit: Plural {
        one: "1 answer is missing or needs fixing before you can submit.",
        other: "{0} answers are missing or need fixing before you can submit.",
    },
    delete_draft: "Delete the draft",
    delete_confirm: "Delete the draft? Its answers and notes cannot be brought back.",
    delete_yes: "Yes, delete",
    cancel: "Cancel",
    yes: "Yes",
    no: "No",
    not_applicable: "Not applicable",
    required: "required",
    seconds: "seconds",
    unit: "unit",
    option_gone: "{0} (no longer in the questionnaire)",
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
    sync_attachments: "The attachments have not fully arrived yet. Everything is kept on the phone; the app tries again by itself.",
    sync_file_missing: "An attachment is not on this phone, so the evaluation cannot be sent from here. Send it from the phone the picture was taken with, or ask the organizer.",
    evidence: EvidenceWords {
        title: "Evidence",
        help: "Screenshots, photos and text from a chat or an e-mail. They are kept on the phone and sent with the evaluation.",
        applies_to: "Evidence for",
        whole: "The whole evaluation",
        take_photo: "Take a photo",
        choose_picture: "Choose a picture or screenshot",
        paste_label: "Paste text from a chat or an e-mail",
        attach_text: "Attach the text",
        remove: "Remove",
        on_phone: "On the phone",
        uploading: "Uploading {0}%",
        on_server: "On the server",
        working: "Preparing …",
        picture: "Picture",
        not_image: "The file is not a picture the app can read. Try a screenshot or a photo.",
        too_large: "The attachment is too large (3 MB at most). Split the text, or take a smaller part.",
        empty: "There is nothing to attach.",
        too_many: "An evaluation can carry 12 attachments at most. Remove one before adding another.",
        too_many_bytes: "The attachments are too large together (12 MB at most). Remove one before adding another.",
        duplicate: "This is already attached for the same thing.",
        failed: "The phone could not store the attachment. What you typed is safe; try again.",
        shared_choose: "You shared something with the app. Open the contact it belongs to, and it is attached there.",
        shared_attached: "What you shared is attached.",
    },
};

pub const DA: Words = Words {
    lang: Lang::Da,
    events: Moments {
        dialled: "Ringet op",
        answered: "Besvaret",
        on_hold: "På hold",
        resumed: "Af hold",
        transferred: "Stillet om",
        ended: "Afsluttet",
        no_answer: "Intet svar",
        opened: "Chat åbnet",
        first_reply: "Første svar",
        closed: "Chat lukket",
        unavailable: "Chat ikke tilgængelig",
        sent: "E-mail sendt",
        replied: "Svar modtaget",
    },
    actions: Moments {
        dialled: "Ring til {0}",
        answered: "Et menneske svarede",
        on_hold: "Sat på hold",
        resumed: "Af hold",
        transferred: "Stillet om",
        ended: "Samtalen er slut",
        no_answer: "Ingen svarede – læg på",
        opened: "Åbn chatten",
        first_reply: "Første svar kom",
        closed: "Chatten er slut",
        unavailable: "Chatten kan ikke åbnes",
        sent: "Skriv en e-mail til {0}",
        replied: "Svaret kom",
    },
    stamped: "{0} kl. {1}",
    refused_already: "Du har allerede trykket »{0}«.",
    refused_first: "Tryk »{0}« først.",
    refused_over: "Kontakten er afsluttet. Fortryd det sidste tryk for at fortsætte.",
    attempt: "Forsøg {0}: {1}, ringede {2}",
    calls_needed: Plural {
        one: "Ét forsøg mere skal til for »Intet svar«",
        other: "{0} forsøg mere skal til for »Intet svar«",
    },
    next_not_before: "det næste tidligst {0}",
    notes_count: Plural {
        one: "1 note",
        other: "{0} noter",
    },
    fix_comments: Plural {
        one: "Ret 1 kommentar",
        other: "Ret {0} kommentarer",
    },
    heading_phone: "Samtalen",
    heading_chat: "Chatten",
    heading_email: "E-mailen",
    chat_time: "Chattid",
    channel_phone: "Telefon",
    channel_chat: "Chat",
    channel_email: "E-mail",
    state_sending: "Sender…",
    state_not_started: "Ikke startet",
    state_draft: "Kladde",
    state_outbox: "Venter på at blive sendt",
    state_sent: "Sendt",
    state_approved: "Godkendt",
    state_returned: "Sendt tilbage – ret og send igen",
    state_refused: "Ikke modtaget – kræver handling",
    sync_protocol: "Appen skal opdateres, før den kan sende. Det, der venter, er sikkert på telefonen.",
    sync_busy: "Serveren har travlt. Alt er gemt på telefonen, og appen prøver igen af sig selv.",
    sync_other: "Serveren svarer ikke, som den skal, lige nu. Alt er gemt på telefonen, og appen prøver igen af \
                 sig selv.",
    refusal_invalid: "Nogle svar skal rettes. Se bemærkningerne ved spørgsmålene.",
    refusal_conflict: "Arrangøren har allerede fået en anden version af denne evaluering. Dine svar er gemt her: \
                       send dem som en ny version.",
    refusal_already_evaluated: "Arrangøren har allerede en evaluering for denne opgave. Dine svar er gemt her; \
                                spørg arrangøren, før du sender igen.",
    refusal_approved: "Denne evaluering er allerede godkendt og kan ikke længere ændres.",
    refusal_not_yours: "Opgaven er ikke længere din hos arrangøren. Dine svar er gemt her; spørg arrangøren.",
    refusal_questionnaire: "Arrangøren har skiftet spørgeskema for opgaven. Dine svar er gemt her; spørg \
                            arrangøren, hvad du skal gøre.",
    refusal_channel: "Opgaven gælder nu en anden kanal. Dine svar er gemt her; spørg arrangøren.",
    refusal_other: "Arrangøren kunne ikke tage imod indsendelsen. Dine svar er gemt her: send dem som en ny \
                    version, eller spørg arrangøren.",
    problem_required: "Dette spørgsmål skal besvares.",
    problem_range: "Vælg en værdi fra {0} til {1}.",
    problem_nps_range: "Vælg en værdi fra 0 til 10.",
    problem_duration_range: "Angiv en varighed fra 0 til {0}.",
    problem_too_long: "Teksten er for lang (højst {0} tegn).",
    problem_option: "Vælg en af mulighederne.",
    problem_not_applicable: "»Ikke relevant« kan ikke vælges her.",
    problem_hidden: "Spørgsmålet gælder ikke ud fra dine andre svar.",
    problem_unknown_question: "Spørgsmålet findes ikke i denne version af skemaet.",
    problem_date_time: "Angiv dato og klokkeslæt.",
    problem_invalid: "Ugyldigt svar: {0}",
    from_timer_steps: "Udfyldt fra tidtageren, fra »{0}« til »{1}«. Du kan rette tallet.",
    hour_unit: "t",
    window_open: "Kan gennemføres nu",
    window_outside: "Uden for tidsvinduet",
    window_not_yet: "Ikke endnu: fra {0}",
    window_over: "Tidsvinduet sluttede {0}",
    window_ask: "{0}. Kontakter uden for tidsvinduet bliver markeret hos arrangøren. Vil du starte alligevel?",
    window_go: "Start alligevel",
    menu: "Menu",
    language: "Sprog",
    language_not_loaded: "Sproget kunne ikke hentes. Prøv igen, når du har net.",
    offline: "Uden net",
    signed_out_chip: "Logget ud",
    not_synced_yet: "Ikke synkroniseret endnu",
    waiting: Plural {
        one: "1 ikke sendt",
        other: "{0} ikke sendt",
    },
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
    loading_form: "Indlæser skemaet …",
    form_not_loaded: "Skemaet kunne ikke indlæses. Det, du har gemt, er sikkert på telefonen.",
    try_again: "Prøv igen",
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
    drafts_count: Plural {
        one: "1 kladde",
        other: "{0} kladder",
    },
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
    close_banner: "Luk beskeden",
    not_on_device: "Opgaven findes ikke på enheden. Synkroniser, når du har net.",
    questionnaire_missing: "Telefonen mangler skemaet til denne opgave. Gå på nettet og tryk ⟳ (Synkroniser nu).",
    questionnaire_unreadable: "Denne version af appen kan ikke læse skemaet til opgaven. Dine svar er gemt. Gå \
                               på nettet, og tryk på »Opdater nu«, når appen tilbyder det; hjælper det ikke, så \
                               kontakt arrangøren.",
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
    problems_before_submit: Plural {
        one: "1 svar mangler eller skal rettes, før du kan sende.",
        other: "{0} svar mangler eller skal rettes, før du kan sende.",
    },
    delete_draft: "Slet kladden",
    delete_confirm: "Slette kladden? Svarene og noterne kan ikke hentes tilbage.",
    delete_yes: "Ja, slet",
    cancel: "Annuller",
    yes: "Ja",
    no: "Nej",
    not_applicable: "Ikke relevant",
    required: "skal besvares",
    seconds: "sekunder",
    unit: "enhed",
    option_gone: "{0} (findes ikke længere i skemaet)",
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
    sync_attachments: "Vedhæftningerne er ikke helt nået frem endnu. Alt er gemt på telefonen, og appen prøver igen af sig selv.",
    sync_file_missing: "En vedhæftning findes ikke på denne telefon, så evalueringen kan ikke sendes herfra. Send den fra den telefon, billedet blev taget med, eller spørg arrangøren.",
    evidence: EvidenceWords {
        title: "Bevis",
        help: "Skærmbilleder, billeder og tekst fra chat eller e-mail. De gemmes på telefonen og sendes med evalueringen.",
        applies_to: "Gælder",
        whole: "Hele evalueringen",
        take_photo: "Tag et billede",
        choose_picture: "Vælg billede eller skærmbillede",
        paste_label: "Indsæt tekst fra chat eller e-mail",
        attach_text: "Vedhæft teksten",
        remove: "Fjern",
        on_phone: "På telefonen",
        uploading: "Uploades {0} %",
        on_server: "Hos arrangøren",
        working: "Gør klar …",
        picture: "Billede",
        not_image: "Filen er ikke et billede, appen kan læse. Prøv et skærmbillede eller et foto.",
        too_large: "Vedhæftningen er for stor (højst 3 MB). Del teksten op, eller tag et mindre udsnit.",
        empty: "Der er intet at vedhæfte.",
        too_many: "En evaluering kan have højst 12 vedhæftninger. Fjern én, før du vedhæfter en ny.",
        too_many_bytes: "Vedhæftningerne bliver for store tilsammen (højst 12 MB). Fjern én, før du vedhæfter en ny.",
        duplicate: "Dette er allerede vedhæftet for det samme.",
        failed: "Telefonen kunne ikke gemme vedhæftningen. Det, du har skrevet, er sikkert; prøv igen.",
        shared_choose: "Du delte noget med appen. Åbn kontakten, det hører til, så vedhæftes det der.",
        shared_attached: "Det, du delte, er vedhæftet.",
    },
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

/// A count's words: `one` for exactly one, `other` for any other number (`{0}` the number).
pub struct Plural {
    pub one: &'static str,
    pub other: &'static str,
}

impl Plural {
    /// "1 svar mangler" / "2 svar mangler", "1 answer is missing" / "2 answers are missing".
    pub fn of(&self, count: usize) -> String {
        fill(if count == 1 { self.one } else { self.other }, &[&count])
    }
}

/// A text for each moment of a contact.
pub struct Moments {
    pub dialled: &'static str,
    pub answered: &'static str,
    pub on_hold: &'static str,
    pub resumed: &'static str,
    pub transferred: &'static str,
    pub ended: &'static str,
    pub no_answer: &'static str,
    pub opened: &'static str,
    pub first_reply: &'static str,
    pub closed: &'static str,
    pub unavailable: &'static str,
    pub sent: &'static str,
    pub replied: &'static str,
}

impl Moments {
    pub fn of(&self, event: ContactEvent) -> &'static str {
        use ContactEvent::*;
        match event {
            Dialled => self.dialled,
            Answered => self.answered,
            OnHold => self.on_hold,
            Resumed => self.resumed,
            Transferred => self.transferred,
            Ended => self.ended,
            NoAnswer => self.no_answer,
            Opened => self.opened,
            FirstReply => self.first_reply,
            Closed => self.closed,
            Unavailable => self.unavailable,
            Sent => self.sent,
            Replied => self.replied,
        }
    }
}

pub fn channel(lang: Lang, channel: Channel) -> &'static str {
    let words = lang.words();
    match channel {
        Channel::Phone => words.channel_phone,
        Channel::Chat => words.channel_chat,
        Channel::Email => words.channel_email,
    }
}

/// The state of an assignment's evaluation, as the shopper reads it. `sending`: its push is under way.
pub fn state(lang: Lang, state: Option<LocalState>, sending: bool) -> &'static str {
    let words = lang.words();
    match state {
        _ if sending => words.state_sending,
        None => words.state_not_started,
        Some(LocalState::Draft) => words.state_draft,
        Some(LocalState::Outbox) => words.state_outbox,
        Some(LocalState::Sent) => words.state_sent,
        Some(LocalState::Approved) => words.state_approved,
        Some(LocalState::Returned) => words.state_returned,
        Some(LocalState::Refused) => words.state_refused,
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
    let words = lang.words();
    match code {
        "protocol_mismatch" => words.sync_protocol,
        "attachments_missing"
        | "upload_stuck"
        | "chunk_corrupt"
        | "attachment_corrupt"
        | "chunk_offset" => words.sync_attachments,
        "file_missing" => words.sync_file_missing,
        "too_many_requests" | "busy" | "timeout" => words.sync_busy,
        _ => words.sync_other,
    }
}

/// Why the server refused an evaluation, by its stable code, with what to do; the answers are always kept on
/// the phone. Every code a push can be refused with has its own words; one the app does not know yet gets the
/// general words, never the code itself. Older records hold the server's own text (words with spaces), shown
/// as it is.
pub fn refusal(lang: Lang, code: &str) -> String {
    let words = lang.words();
    match code {
        "invalid_evaluation" => words.refusal_invalid,
        "revision_conflict" | "stale_revision" | "revision_changed" => words.refusal_conflict,
        "assignment_already_evaluated" => words.refusal_already_evaluated,
        "attachment_too_large"
        | "attachments_too_large"
        | "too_many_attachments"
        | "attachment_duplicate"
        | "attachment_empty" => evidence_refusal(lang, code),
        "already_approved" => words.refusal_approved,
        "not_found" | "not_your_assignment" | "not_your_evaluation" | "no_evaluation" => {
            words.refusal_not_yours
        }
        "wrong_questionnaire" | "missing_questionnaire" | "questionnaire_missing" => {
            words.refusal_questionnaire
        }
        "wrong_channel" => words.refusal_channel,
        text if text.contains(' ') => text,
        _ => words.refusal_other,
    }
    .to_owned()
}

pub fn problem(lang: Lang, problem: &Problem, kind: Option<&QuestionKind>) -> String {
    let words = lang.words();
    match (problem.code, kind) {
        (ProblemCode::MissingRequired, _) => words.problem_required.into(),
        (
            ProblemCode::OutOfRange,
            Some(QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. }),
        ) => fill(words.problem_range, &[min, max]),
        (ProblemCode::OutOfRange, Some(QuestionKind::Nps)) => words.problem_nps_range.into(),
        (ProblemCode::OutOfRange, Some(QuestionKind::Duration { max, .. })) => {
            fill(words.problem_duration_range, &[&duration(lang, *max)])
        }
        (ProblemCode::TooLong, Some(QuestionKind::Text { max_len })) => {
            fill(words.problem_too_long, &[max_len])
        }
        (ProblemCode::UnknownOption, _) => words.problem_option.into(),
        (ProblemCode::NotApplicableNotAllowed, _) => words.problem_not_applicable.into(),
        (ProblemCode::HiddenQuestion, _) => words.problem_hidden.into(),
        (ProblemCode::UnknownQuestion, _) => words.problem_unknown_question.into(),
        (ProblemCode::WrongType, Some(QuestionKind::DateTime)) => words.problem_date_time.into(),
        _ => fill(words.problem_invalid, &[&problem.message]),
    }
}
/// How a moment is written; each style is one `Intl.DateTimeFormat`, made once per language.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// A civil date, "7. des. 2026" / "7 Dec 2026" (read and written in UTC, so the day never shifts).
    Date,
    /// A civil day and month, for ranges: "1.–15. des.".
    DayMonth,
    /// The device's local date of an instant.
    LocalDate,
    /// The device's local clock, "14:05:09".
    Clock,
    /// A weekday's short name, "man." / "Mon".
    Weekday,
}

impl Lang {
    /// The locale `Intl` formats with.
    fn locale(self) -> &'static str {
        match self {
            Lang::Nb => "nb-NO",
            Lang::En => "en-GB",
            Lang::Da => "da-DK",
        }
    }
}

fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

fn formatter(lang: Lang, style: Style) -> js_sys::Intl::DateTimeFormat {
    use std::cell::RefCell;
    thread_local! {
        static MADE: RefCell<Vec<(Lang, Style, js_sys::Intl::DateTimeFormat)>> = const { RefCell::new(Vec::new()) };
    }
    if let Some(found) = MADE.with_borrow(|made| {
        made.iter()
            .find(|(l, s, _)| *l == lang && *s == style)
            .map(|(_, _, f)| f.clone())
    }) {
        return found;
    }
    let day_month = [("day", "numeric"), ("month", "short")];
    let pairs: &[(&str, &str)] = match style {
        Style::Date => &[
            ("day", "numeric"),
            ("month", "short"),
            ("year", "numeric"),
            ("timeZone", "UTC"),
        ],
        Style::DayMonth => &[day_month[0], day_month[1], ("timeZone", "UTC")],
        Style::LocalDate => &[("day", "numeric"), ("month", "short"), ("year", "numeric")],
        Style::Clock => &[
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("second", "2-digit"),
            ("hourCycle", "h23"),
        ],
        Style::Weekday => &[("weekday", "short"), ("timeZone", "UTC")],
    };
    let locales = js_sys::Array::of1(&lang.locale().into());
    let made = js_sys::Intl::DateTimeFormat::new(&locales, &options(pairs));
    MADE.with_borrow_mut(|all| all.push((lang, style, made.clone())));
    made
}

fn format(lang: Lang, style: Style, when: &js_sys::Date) -> String {
    let formatter = formatter(lang, style);
    formatter
        .format()
        .call1(&formatter, when)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// A civil date as midnight UTC.
fn civil(date: shopper_domain::window::Date) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        date.days() as f64 * 86_400_000.0,
    ))
}

/// A date (`YYYY-MM-DD...`) as the language writes it: "7. des. 2026" / "7 Dec 2026". Anything else as given.
pub fn date(lang: Lang, text: &str) -> String {
    match shopper_domain::window::Date::parse(text) {
        Some(day) => format(lang, Style::Date, &civil(day)),
        None => text.to_owned(),
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
    let time = format(lang, Style::Clock, when);
    if !with_date {
        return time;
    }
    // Minutes are enough beside a date.
    let minutes = time.get(..5).unwrap_or(&time);
    format!("{} {minutes}", format(lang, Style::LocalDate, when))
}

/// A number as the language writes it: "1 234,5" / "1,234.5".
pub fn number(lang: Lang, value: f64) -> String {
    let locales = js_sys::Array::of1(&lang.locale().into());
    let formatter = js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::new());
    formatter
        .format()
        .call1(&formatter, &value.into())
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// A weekday's short name, Monday 0 to Sunday 6, without the abbreviation's dot: "man" / "Mon".
pub fn weekday(lang: Lang, weekday: u8) -> String {
    // 2024-01-01 was a Monday.
    let monday = shopper_domain::window::Date {
        year: 2024,
        month: 1,
        day: 1,
    };
    let name = format(
        lang,
        Style::Weekday,
        &civil(monday.add_days(i64::from(weekday))),
    );
    name.trim_end_matches('.').to_owned()
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
    lang.words().hour_unit
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
pub fn action(lang: Lang, event: ContactEvent, company: &str) -> String {
    fill(lang.words().actions.of(event), &[&company])
}

/// What a stamp said to the screen reader: "Besvart kl. 08:13:57".
pub fn stamped(lang: Lang, event: ContactEvent, time: &str) -> String {
    fill(lang.words().stamped, &[&self::event(lang, event), &time])
}

/// Why a tap was refused, with what to do instead.
pub fn stamp_refused(
    lang: Lang,
    why: shopper_domain::callbar::StampRefused,
    company: &str,
) -> String {
    use shopper_domain::callbar::StampRefused;
    let words = lang.words();
    match why {
        StampRefused::Already { event } => {
            fill(words.refused_already, &[&self::event(lang, event)])
        }
        StampRefused::First { event } => {
            fill(words.refused_first, &[&action(lang, event, company)])
        }
        StampRefused::Over => words.refused_over.to_owned(),
    }
}

/// One unanswered call: "Forsøk 1: 1. des. 2026 08:00, ringte 40 s".
pub fn attempt(lang: Lang, number: usize, when: &str, rang: &str) -> String {
    fill(lang.words().attempt, &[&number, &when, &rang])
}

/// How many more unanswered calls the rule needs, and when the next may be made.
pub fn calls_needed(lang: Lang, more: u32, not_before: Option<String>) -> String {
    let words = lang.words();
    let count = words.calls_needed.of(more as usize);
    match not_before {
        Some(when) => format!("{count}, {}.", fill(words.next_not_before, &[&when])),
        None => format!("{count}."),
    }
}

/// "1 notat" / "2 notater".
pub fn notes_count(lang: Lang, count: usize) -> String {
    lang.words().notes_count.of(count)
}

impl Words {
    /// The panel's heading by channel.
    pub fn contact_heading(&self, channel: Channel) -> &'static str {
        match channel {
            Channel::Phone => self.heading_phone,
            Channel::Chat => self.heading_chat,
            Channel::Email => self.heading_email,
        }
    }

    /// "Samtaletid" on the phone, "Chattetid" in a chat.
    pub fn talk_time_for(&self, channel: Channel) -> &'static str {
        match channel {
            Channel::Chat => self.chat_time,
            _ => self.talk_time,
        }
    }
}

/// The name of a moment of the contact ("Ringt", "Besvart").
pub fn event(lang: Lang, event: ContactEvent) -> &'static str {
    lang.words().events.of(event)
}

/// "Rett 2 kommentarer" / "Fix 1 comment".
pub fn fix_comments(lang: Lang, count: usize) -> String {
    lang.words().fix_comments.of(count)
}

/// Two dates (`YYYY-MM-DD...`) as one short range, as the language writes one: "1.–15. des." in one month,
/// "28. nov.–5. des." across two, with the year only when they differ ("1–15 Dec" in English).
pub fn date_range(lang: Lang, start: &str, end: &str) -> String {
    use shopper_domain::window::Date;
    let (Some(first), Some(last)) = (Date::parse(start), Date::parse(end)) else {
        return format!("{} – {}", date(lang, start), date(lang, end));
    };
    let style = if first.year == last.year {
        Style::DayMonth
    } else {
        Style::Date
    };
    formatter(lang, style)
        .format_range(&civil(first), &civil(last))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| format!("{} – {}", date(lang, start), date(lang, end)))
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
        lang.words().from_timer_steps,
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
    let words = &lang.words().evidence;
    match text {
        Evidence::Title => words.title,
        Evidence::Help => words.help,
        Evidence::For => words.applies_to,
        Evidence::Whole => words.whole,
        Evidence::TakePhoto => words.take_photo,
        Evidence::ChoosePicture => words.choose_picture,
        Evidence::PasteLabel => words.paste_label,
        Evidence::AttachText => words.attach_text,
        Evidence::Remove => words.remove,
        Evidence::OnPhone => words.on_phone,
        Evidence::Uploading => words.uploading,
        Evidence::OnServer => words.on_server,
        Evidence::Working => words.working,
        Evidence::Picture => words.picture,
        Evidence::NotImage => words.not_image,
        Evidence::TooLarge => words.too_large,
        Evidence::Empty => words.empty,
        Evidence::TooMany => words.too_many,
        Evidence::TooManyBytes => words.too_many_bytes,
        Evidence::Duplicate => words.duplicate,
        Evidence::Failed => words.failed,
        Evidence::SharedChoose => words.shared_choose,
        Evidence::SharedAttached => words.shared_attached,
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
