//! The console's words in the organizer's language (bokmål unless they chose English): names of channels,
//! contact events, statuses, roles and audit actions, and every refusal by its stable code. No enum name and
//! no English server message reaches a Norwegian page.

use shopper_domain::attachment::AttachmentRefusal;
use shopper_domain::contact::ContactEvent;
use shopper_domain::protocol::ReviewStatus;
use shopper_domain::sync::Refusal;
use shopper_domain::Channel;

use crate::accounts::{OrganizerAccount, Role};
use crate::error::{AttachmentProblem, BadRow, Error, Reason, RowProblem};

/// The console's two languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Nb,
    En,
}

impl Lang {
    pub fn of(account: &OrganizerAccount) -> Lang {
        if account.language == "en" {
            Lang::En
        } else {
            Lang::Nb
        }
    }

    /// The `lang` attribute of a page.
    /// The language of a code (`en`; anything else is bokmål).
    pub fn from_code(code: &str) -> Lang {
        if code == "en" {
            Lang::En
        } else {
            Lang::Nb
        }
    }

    /// The language of a visitor who has not logged in: their choice on the page (`?lang=` or the form's
    /// hidden field) first, then the browser's `Accept-Language` (English only when it is preferred over every
    /// Norwegian), bokmål when nothing says otherwise.
    pub fn of_visitor(chosen: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(code) = chosen.filter(|c| matches!(*c, "nb" | "en")) {
            return Lang::from_code(code);
        }
        let mut best: Option<(f32, Lang)> = None;
        for item in accept_language.unwrap_or("").split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = match primary {
                "nb" | "no" | "nn" => Lang::Nb,
                "en" => Lang::En,
                _ => continue,
            };
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map_or(Lang::Nb, |(_, lang)| lang)
    }

    /// The other language, for the link that switches to it, named in itself.
    pub fn other(self) -> (Lang, &'static str) {
        match self {
            Lang::Nb => (Lang::En, "English"),
            Lang::En => (Lang::Nb, "Norsk"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    /// The text in this language: Norwegian first, English second.
    pub fn t<'a>(self, nb: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nb => nb,
            Lang::En => en,
        }
    }

    pub fn channel(self, channel: Channel) -> &'static str {
        match channel {
            Channel::Phone => self.t("Telefon", "Phone"),
            Channel::Chat => "Chat",
            Channel::Email => self.t("E-post", "E-mail"),
        }
    }

    pub fn status(self, status: ReviewStatus) -> &'static str {
        match status {
            ReviewStatus::Received => self.t("Til gjennomgang", "To review"),
            ReviewStatus::Approved => self.t("Godkjent", "Approved"),
            ReviewStatus::Returned => self.t("Sendt tilbake", "Returned"),
        }
    }

    /// A flag's short name, by its code (the queue's filter and column).
    pub fn flag_name(self, code: &str) -> &'static str {
        match code {
            "typed_duration" => self.t(
                "Tid skrevet inn avviker fra tidtakeren",
                "Typed time differs from the timer",
            ),
            "repeated_text" => self.t("Samme tekst flere steder", "Same text in several places"),
            "reused_text" => self.t(
                "Tekst brukt i en annen evaluering",
                "Text reused from another evaluation",
            ),
            "timeline_order" => self.t(
                "Tidslinjen er i feil rekkefølge",
                "The timeline is out of order",
            ),
            "contact_time" => self.t(
                "Kontakttidspunktet stemmer ikke med tidslinjen",
                "The contact time contradicts the timeline",
            ),
            "outside_window" => self.t("Gjort utenfor tidsvinduet", "Made outside its window"),
            "after_due" => self.t("Gjort etter fristen", "Made after its due date"),
            _ => self.t("Annet flagg", "Other flag"),
        }
    }

    /// What a flag says about this evaluation, with its figures; `label` names a question by its id.
    pub fn flag(self, flag: &crate::flags::Flag, label: &dyn Fn(&str) -> String) -> String {
        use crate::flags::Flag;
        let nb = self == Lang::Nb;
        match flag {
            Flag::TypedDuration {
                question_id,
                typed,
                timer,
            } => {
                if nb {
                    format!(
                        "«{}»: skrevet inn {typed} s, tidtakeren viser {timer} s.",
                        label(question_id)
                    )
                } else {
                    format!(
                        "\"{}\": typed {typed} s, the timer shows {timer} s.",
                        label(question_id)
                    )
                }
            }
            Flag::RepeatedText { question_ids } => {
                let names: Vec<String> = question_ids.iter().map(|id| label(id)).collect();
                if nb {
                    format!("Samme tekst i {}.", names.join(", "))
                } else {
                    format!("The same text in {}.", names.join(", "))
                }
            }
            Flag::ReusedText {
                question_id,
                other_company,
                ..
            } => {
                if nb {
                    format!(
                        "«{}» står ordrett i shopperens evaluering av {other_company}.",
                        label(question_id)
                    )
                } else {
                    format!(
                        "\"{}\" is word for word in the shopper's evaluation of {other_company}.",
                        label(question_id)
                    )
                }
            }
            Flag::TimelineOrder { position } => {
                if nb {
                    format!(
                        "Stempel {} i tidslinjen er tidligere enn stempelet før.",
                        position + 1
                    )
                } else {
                    format!(
                        "Stamp {} of the timeline is earlier than the one before it.",
                        position + 1
                    )
                }
            }
            Flag::ContactTime {
                question_id,
                typed,
                timeline,
            } => {
                if nb {
                    format!(
                        "«{}»: {} skrevet inn, tidslinjen begynner {}.",
                        label(question_id),
                        typed.replace('T', " "),
                        timeline.replace('T', " ")
                    )
                } else {
                    format!(
                        "\"{}\": {} typed, the timeline starts {}.",
                        label(question_id),
                        typed.replace('T', " "),
                        timeline.replace('T', " ")
                    )
                }
            }
            Flag::OutsideWindow => self
                .t(
                    "Kontakten ble gjort på en dag eller et tidspunkt oppdraget ikke tillater.",
                    "The contact was made on a day or at an hour its assignment does not allow.",
                )
                .to_owned(),
            Flag::AfterDue => self
                .t(
                    "Kontakten ble gjort etter oppdragets frist.",
                    "The contact was made after its assignment's due date.",
                )
                .to_owned(),
        }
    }

    pub fn role(self, role: Role) -> &'static str {
        match role {
            Role::Viewer => self.t("leser", "viewer"),
            Role::Reviewer => self.t("gjennomgår", "reviewer"),
            Role::Admin => self.t("administrator", "admin"),
        }
    }

    pub fn event(self, event: ContactEvent) -> &'static str {
        use ContactEvent::*;
        match event {
            Dialled => self.t("Ringte", "Dialled"),
            Answered => self.t("Besvart", "Answered"),
            OnHold => self.t("Satt på vent", "Put on hold"),
            Resumed => self.t("Tilbake fra vent", "Resumed"),
            Transferred => self.t("Satt over", "Transferred"),
            Ended => self.t("Avsluttet", "Ended"),
            NoAnswer => self.t("Ikke svar", "No answer"),
            Unavailable => self.t("Chat ikke tilgjengelig", "Chat not available"),
            Opened => self.t("Chat åpnet", "Chat opened"),
            FirstReply => self.t("Første svar", "First reply"),
            Closed => self.t("Chat lukket", "Chat closed"),
            Sent => self.t("E-post sendt", "E-mail sent"),
            Replied => self.t("Svar mottatt", "Reply received"),
        }
    }

    /// What an audit action did, as a verb in the past ("godkjente").
    pub fn action(self, action: &str) -> &'static str {
        match action {
            "review_approve" => self.t("godkjente", "approved"),
            "review_return" => self.t("sendte tilbake", "returned"),
            "import_questionnaire" => {
                self.t("importerte spørreskjemaet", "imported the questionnaire")
            }
            "create_shopper" => self.t("la til shopperen", "added the shopper"),
            "invite_shopper" => self.t("lagde en innloggingslenke til", "made a sign-in link for"),
            "revoke_shopper" => self.t("stengte enhetene til", "locked out the devices of"),
            "update_shopper" => self.t(
                "endret kontaktinformasjonen til",
                "changed the roster details of",
            ),
            "deactivate_shopper" => self.t(
                "registrerte at denne shopperen har sluttet:",
                "recorded that this shopper left:",
            ),
            "reactivate_shopper" => self.t("aktiverte igjen", "reactivated"),
            "import_roster" => self.t("importerte shoppere:", "imported shoppers:"),
            "invite_shoppers" => self.t("lagde innloggingslenker til", "made sign-in links for"),
            "set_fees" => self.t("satte honorarene for", "set the fees of"),
            "import_companies" => self.t("la til selskaper:", "added companies:"),
            "create_assignment" => self.t("la til et oppdrag for", "added an assignment for"),
            "import_assignments" => self.t("importerte oppdrag:", "imported assignments:"),
            "deactivate_organizer" => self.t("stengte kontoen til", "deactivated the account of"),
            "create_campaign" => self.t("opprettet kampanjen", "created the campaign"),
            "invite_participant" => self.t("lagde en portallenke til", "made a portal link for"),
            "lock_out_participant" => {
                self.t("stengte portalkontoen til", "locked the portal account of")
            }
            "set_participant_attachments" => self.t(
                "valgte om portalen viser vedleggene for",
                "chose whether the portal shows the attachments of",
            ),
            "set_class_table" => self.t(
                "valgte klassetabellen i portalen for",
                "chose the portal's class table for",
            ),
            "commit_plan" => self.t("lagret planen for", "stored the plan of"),
            "reassign_assignments" => self.t("flyttet oppdrag i", "reassigned assignments in"),
            "cancel_assignments" => self.t("avlyste oppdrag i", "cancelled assignments in"),
            "edit_assignment" => self.t("endret et oppdrag for", "changed an assignment for"),
            "withdraw_company" => self.t("trakk selskapet", "withdrew the company"),
            "reinstate_company" => self.t("tok selskapet inn igjen", "reinstated the company"),
            "edit_campaign" => self.t("endret kampanjen", "changed the campaign"),
            "delete_campaign" => self.t("slettet kampanjen", "deleted the campaign"),
            _ => self.t("endret", "changed"),
        }
    }

    /// A form or request sent from a page of another site or port, refused.
    pub fn forged(self) -> String {
        self.t(
            "Skjemaet ble ikke sendt fra konsollens egen side, så ingenting ble endret. Åpne siden på nytt og prøv igjen.",
            "The form was not sent from the console's own page, so nothing was changed. Open the page again and try again.",
        )
        .into()
    }

    /// A refusal or failure, said in this language from its cause.
    pub fn error(self, error: &Error) -> String {
        match error {
            Error::Refused(reason) | Error::NotFound(reason) | Error::Conflict { reason, .. } => {
                self.reason(reason)
            }
            Error::Submission(refusal) => self.refusal(refusal),
            Error::Attachment(problem) => self.attachment_problem(problem),
            Error::InvalidDefinition(errors) => format!(
                "{} {}",
                self.t("Skjemadefinisjonen har feil:", "The questionnaire definition has errors:"),
                errors.len()
            ),
            Error::InvalidRows(rows) => format!(
                "{} {}",
                self.t("Linjer med feil:", "Lines with errors:"),
                crate::error::BadRow::lines(rows)
            ),
            Error::Overloaded(seconds) => if self == Lang::Nb {
                format!("Serveren sjekker mange innlogginger akkurat nå. Prøv igjen om {seconds} sekund.")
            } else {
                format!("The server is checking many sign-ins right now. Try again in {seconds} second(s).")
            },
            Error::LoginBackOff(seconds) => if self == Lang::Nb {
                format!("For mange mislykkede innlogginger for denne kontoen. Prøv igjen om {seconds} sekund.")
            } else {
                format!("Too many failed logins for this account. Try again in {seconds} second(s).")
            },
            Error::Database(_) | Error::Json(_) | Error::Internal(_) => self
                .t(
                    "Noe gikk galt på serveren. Prøv igjen; skjer det igjen, si fra til driften.",
                    "Something went wrong on the server. Try again; if it happens again, tell the operators.",
                )
                .into(),
        }
    }

    fn attachment_problem(self, problem: &AttachmentProblem) -> String {
        match problem {
            AttachmentProblem::Refused(
                AttachmentRefusal::TooLarge | AttachmentRefusal::TooManyBytes,
            ) => self
                .t("Vedlegget er for stort.", "The attachment is too large.")
                .into(),
            AttachmentProblem::Refused(AttachmentRefusal::TooMany) => self
                .t(
                    "Evalueringen har for mange vedlegg.",
                    "The evaluation has too many attachments.",
                )
                .into(),
            AttachmentProblem::Refused(_) => self
                .t(
                    "Vedlegget kan ikke tas imot.",
                    "The attachment cannot be taken.",
                )
                .into(),
            AttachmentProblem::Missing(hashes) => format!(
                "{} {}",
                self.t(
                    "Vedlegg som mangler på serveren:",
                    "Attachments missing on the server:"
                ),
                hashes.len()
            ),
            _ => self
                .t(
                    "Vedlegget kom ikke fram helt. Det sendes på nytt.",
                    "The attachment did not arrive whole. It is sent again.",
                )
                .into(),
        }
    }

    fn refusal(self, refusal: &Refusal) -> String {
        match refusal {
            Refusal::NotYourAssignment => self
                .t("Oppdraget finnes ikke.", "No such assignment.")
                .into(),
            Refusal::WrongQuestionnaire { .. } => self
                .t(
                    "Evalueringen bruker et annet skjema enn oppdraget.",
                    "The evaluation uses another questionnaire than its assignment.",
                )
                .into(),
            Refusal::WrongChannel { expected } => format!(
                "{} {}.",
                self.t(
                    "Oppdraget gjelder kanalen",
                    "The assignment is for the channel"
                ),
                self.channel(*expected)
            ),
            Refusal::MissingQuestionnaire => self
                .t("Skjemaet mangler.", "The questionnaire is missing.")
                .into(),
            Refusal::Invalid(problems) => format!(
                "{} {}",
                self.t("Svar med feil:", "Answers with errors:"),
                problems.len()
            ),
        }
    }

    pub fn reason(self, reason: &Reason) -> String {
        let nb = self == Lang::Nb;
        match reason {
            Reason::InviteNotValid => self.t("Lenken virker ikke lenger.", "The link no longer works.").into(),
            Reason::NoShopper(_) => self.t("Fant ikke shopperen.", "No such shopper.").into(),
            Reason::NoAttachment(_) => self.t("Fant ikke vedlegget.", "No such attachment.").into(),
            Reason::ShopperName => self.t("Navnet må ha 1–100 tegn.", "The name needs 1–100 characters.").into(),
            Reason::InvisibleCharacter(character) => if nb {
                format!("Navnet har et usynlig tegn eller kontrolltegn ({character}). Skriv det inn på nytt uten.")
            } else {
                format!("The name holds an invisible or control character ({character}). Type it again without it.")
            },
            Reason::RevisionZero => self.t("Versjonene begynner på 1.", "Versions start at 1.").into(),
            Reason::NotYourEvaluation(_) => self.t("Fant ikke evalueringen.", "No such evaluation.").into(),
            Reason::RevisionConflict(_) | Reason::StaleRevision { .. } | Reason::RevisionChanged { .. } => self
                .t("Shopperen har sendt en ny versjon i mellomtiden. Se på den nye versjonen.", "The shopper has sent a new version meanwhile. Look at the new version.")
                .into(),
            Reason::AssignmentTaken => self.t("Oppdraget har allerede en evaluering.", "The assignment already has an evaluation.").into(),
            Reason::AlreadyApproved => self.t("Evalueringen er godkjent og kan ikke endres.", "The evaluation is approved and can no longer change.").into(),
            Reason::Busy => self.t("Noen andre endret dette samtidig. Prøv igjen.", "Someone else changed this at the same time. Try again.").into(),
            Reason::NoEvaluation(_) => self.t("Fant ikke evalueringen.", "No such evaluation.").into(),
            Reason::ShopperLeft(name) => if nb {
                format!("{name} har sluttet. Aktiver shopperen igjen først.")
            } else {
                format!("{name} has left. Reactivate them first.")
            },
            Reason::NotAnAmount(given) => if nb {
                format!("«{given}» er ikke et beløp i kroner (for eksempel 250 eller 250,50).")
            } else {
                format!("\"{given}\" is not an amount in kroner (e.g. 250 or 250.50).")
            },
            Reason::NotAnEmail(given) => if nb {
                format!("«{given}» er ikke en e-postadresse.")
            } else {
                format!("\"{given}\" is not an e-mail address.")
            },
            Reason::NotAPhone(given) => if nb {
                format!("«{given}» er ikke et telefonnummer (8 sifre, eventuelt med +47).")
            } else {
                format!("\"{given}\" is not a phone number (8 digits, optionally +47).")
            },
            Reason::BadCapacity(given) => if nb {
                format!("Kapasitet «{given}» må være et helt tall fra 0 til 1000.")
            } else {
                format!("Capacity \"{given}\" must be a whole number from 0 to 1000.")
            },
            Reason::UnreadableWorkbook(_) => self.t(
                "Fila ser ut som en Excel-arbeidsbok (.xlsx), men kan ikke leses. Lagre den på nytt som .xlsx eller CSV.",
                "The file looks like an Excel workbook (.xlsx) but cannot be read. Save it again as .xlsx or CSV.",
            ).into(),
            Reason::ReturnNeedsComment => self
                .t("Skriv hva shopperen skal rette: en kommentar til hele evalueringen eller til et spørsmål.", "Say what the shopper should fix: a comment on the whole evaluation or on a question.")
                .into(),
            Reason::UnknownQuestion(id) => if nb { format!("Skjemaet har ikke spørsmålet «{id}».") } else { format!("The questionnaire has no question “{id}”.") },
            Reason::QuestionnaireMissing => self.t("Skjemaet mangler.", "The questionnaire is missing.").into(),
            Reason::TooManyVersions => self.t("Skjemaet har for mange versjoner.", "The questionnaire has too many versions.").into(),
            Reason::NoQuestionnaireYet => self.t("Importer et spørreskjema før du lager oppdrag.", "Import a questionnaire before you make assignments.").into(),
            Reason::Row(problem) => self.row_problem(problem),
            Reason::HalfwayNotADate(_) => self.t("Datoen for stillingen må være en dato.", "The date of the standings must be a date.").into(),
            Reason::OrganizerNeedsEmailAndName => self.t("En arrangør trenger e-post og navn.", "An organizer needs an e-mail address and a name.").into(),
            Reason::PasswordTooShort(n) => if nb { format!("Passordet må ha minst {n} tegn.") } else { format!("The password needs at least {n} characters.") },
            Reason::TooLong { field, max } => if nb { format!("{field} er lengre enn {max}.") } else { format!("{field} is longer than {max}.") },
            Reason::NoOrganizer(email) => if nb { format!("Det finnes ingen arrangør med e-posten {email}.") } else { format!("There is no organizer with the e-mail {email}.") },
            Reason::EmailTaken(email) => if nb { format!("Det finnes allerede en arrangør med e-posten {email}.") } else { format!("There is already an organizer with the e-mail {email}.") },
            Reason::ParticipantNeedsEmailAndName => self.t("Kontaktpersonen trenger e-post og navn.", "The contact person needs an e-mail address and a name.").into(),
            Reason::ParticipantEmailTaken(email) => if nb { format!("Det finnes allerede en konto med e-posten {email} (for et annet selskap, eller en arrangør).") } else { format!("There is already an account with the e-mail {email} (of another company, or an organizer).") },
            Reason::NoParticipant(_) => self.t("Fant ikke deltakeren.", "No such participant.").into(),
            Reason::PasswordsDiffer => self.t("De to passordene er ulike. Skriv det samme passordet to ganger.", "The two passwords differ. Type the same password twice.").into(),
            Reason::UnknownLanguage(_) => self.t("Velg norsk eller engelsk.", "Choose Norwegian or English.").into(),
            // Draft backups are a shopper's device's own business; the console never shows these.
            Reason::DraftIdMismatch | Reason::NotADraft | Reason::NotYourAssignment(_) => self.t("Fant ikke utkastet.", "No such draft.").into(),
            Reason::AlreadyReceived => self.t("Evalueringen er allerede mottatt.", "The evaluation has already been received.").into(),
            Reason::NoCampaign(_) => self.t("Fant ikke kampanjen.", "No such campaign.").into(),
            Reason::NoCampaignYet => self.t("Lag en kampanje først.", "Create a campaign first.").into(),
            Reason::CampaignName => self.t("Kampanjen trenger et navn på 1–100 tegn.", "The campaign needs a name of 1–100 characters.").into(),
            Reason::CampaignTaken(name) => if nb { format!("Det finnes allerede en kampanje som heter «{name}».") } else { format!("There is already a campaign called “{name}”.") },
            Reason::CampaignDate(day) => if nb { format!("«{day}» er ikke en dato (ÅÅÅÅ-MM-DD).") } else { format!("“{day}” is not a date (YYYY-MM-DD).") },
            Reason::CampaignDatesReversed => self.t("Kampanjen slutter før den begynner.", "The campaign ends before it starts.").into(),
            Reason::OutcomeRuleOutOfRange => self
                .t("Regelen for ubesvarte kontakter er utenfor grensene: 1–10 telefonforsøk høyst 1440 minutter fra hverandre, chatsvar innen 1–1440 minutter, e-postsvar innen 1–60 dager.", "The rule for unanswered contacts is out of range: 1–10 phone attempts at most 1440 minutes apart, a chat reply within 1–1440 minutes, an e-mail reply within 1–60 days.")
                .into(),
            Reason::MinRankedContacts => self.t("Minste antall kontakter for å bli rangert må være 1–1000.", "The fewest contacts to be ranked must be 1–1000.").into(),
            Reason::UnknownQuestionnaire(id) => if nb { format!("Fant ikke spørreskjemaet «{id}». Importer det først.") } else { format!("No questionnaire “{id}”. Import it first.") },
            Reason::Plan(refusal) => self.plan_refusal(refusal),
            Reason::BadFilter { field, given } => if nb {
                format!("Filteret «{field}» kan ikke være «{given}».")
            } else {
                format!("The filter “{field}” cannot be “{given}”.")
            },
            Reason::BadPeriod => self.t("Velg en periode: fra og til (åååå-mm-dd).", "Choose a period: from and to (yyyy-mm-dd).").into(),
            Reason::TooMany(n) => if nb { format!("Høyst {n} om gangen.") } else { format!("At most {n} at once.") },
        }
    }

    fn field(self, field: &str) -> &'static str {
        match field {
            "class" => self.t("klassen", "the class"),
            "company" => self.t("selskapet", "the company"),
            "scenario" => self.t("scenarioet", "the scenario"),
            "contact" => self.t("kontakten", "the contact"),
            "window_start" => self.t("fra-datoen", "the start date"),
            "window_end" => self.t("til-datoen", "the end date"),
            "due" => self.t("fristen", "the due date"),
            "organisation_number" => self.t("organisasjonsnummeret", "the organisation number"),
            _ => self.t("feltet", "the field"),
        }
    }

    pub fn row_problem(self, problem: &RowProblem) -> String {
        let nb = self == Lang::Nb;
        match problem {
            RowProblem::Unreadable(_) => self
                .t(
                    "linja kan ikke leses (sjekk kolonnene og kommaene)",
                    "the line cannot be read (check the columns and commas)",
                )
                .into(),
            RowProblem::Empty(field) => {
                if nb {
                    format!("{} mangler", self.field(field))
                } else {
                    format!("{} is missing", self.field(field))
                }
            }
            RowProblem::TooLong { field, max } => {
                if nb {
                    format!("{} er lengre enn {max} tegn", self.field(field))
                } else {
                    format!("{} is longer than {max} characters", self.field(field))
                }
            }
            RowProblem::CompanyTaken(name) => {
                if nb {
                    format!("selskapet «{name}» finnes allerede i kampanjen")
                } else {
                    format!("the company “{name}” is already in the campaign")
                }
            }
            RowProblem::OrganisationNumberTaken(number) => {
                if nb {
                    format!("organisasjonsnummeret {number} har allerede et selskap i kampanjen")
                } else {
                    format!(
                        "the organisation number {number} already has a company in the campaign"
                    )
                }
            }
            RowProblem::InvisibleCharacter { field, character } => {
                if nb {
                    format!(
                        "{} har et usynlig tegn eller kontrolltegn ({character})",
                        self.field(field)
                    )
                } else {
                    format!(
                        "{} holds an invisible or control character ({character})",
                        self.field(field)
                    )
                }
            }
            RowProblem::UnsafeContact(given) => {
                if nb {
                    format!("kontakten «{given}» er ikke en tel:-, mailto:- eller https://-lenke")
                } else {
                    format!("the contact “{given}” is not a tel:, mailto: or https:// link")
                }
            }
            RowProblem::NoCompany(name) => {
                if nb {
                    format!("selskapet «{name}» finnes ikke")
                } else {
                    format!("there is no company “{name}”")
                }
            }
            RowProblem::UnknownChannel(given) => {
                if nb {
                    format!("kanalen «{given}» finnes ikke (telefon, chat eller e-post)")
                } else {
                    format!("there is no channel “{given}” (phone, chat or email)")
                }
            }
            RowProblem::NoShopper(name) => {
                if nb {
                    format!("shopperen «{name}» finnes ikke")
                } else {
                    format!("there is no shopper “{name}”")
                }
            }
            RowProblem::AmbiguousShopper(name) => {
                if nb {
                    format!("flere shoppere heter «{name}»: bruk id-en")
                } else {
                    format!("several shoppers are called “{name}”: use the id")
                }
            }
            RowProblem::NotADate { field, given } => {
                if nb {
                    format!(
                        "{} «{given}» er ikke en dato (ÅÅÅÅ-MM-DD)",
                        self.field(field)
                    )
                } else {
                    format!("{} “{given}” is not a date (YYYY-MM-DD)", self.field(field))
                }
            }
            RowProblem::WindowReversed => self
                .t(
                    "fra-datoen er etter til-datoen",
                    "the start date is after the end date",
                )
                .into(),
            RowProblem::NoRows(_) => self
                .t(
                    "fila har ingen linjer under overskriften",
                    "the file has no lines under its header",
                )
                .into(),
            RowProblem::Window(problem) => self.window_problem(*problem).into(),
            RowProblem::Value { reason, .. } => self.reason(reason),
        }
    }

    /// "Linje 3: kanalen «telefon» finnes ikke (telefon, chat eller e-post)".
    pub fn bad_row(self, row: &BadRow) -> String {
        format!(
            "{} {}: {}",
            self.t("Linje", "Line"),
            row.line,
            self.row_problem(&row.problem)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_csv_line_is_told_in_the_organizers_language() {
        let row = BadRow {
            line: 3,
            problem: RowProblem::UnknownChannel("telefon".into()),
        };
        assert_eq!(
            Lang::Nb.bad_row(&row),
            "Linje 3: kanalen «telefon» finnes ikke (telefon, chat eller e-post)"
        );
        assert!(Lang::En
            .bad_row(&row)
            .starts_with("Line 3: there is no channel"));
    }

    #[test]
    fn a_visitor_gets_english_only_when_they_ask_for_it() {
        assert_eq!(Lang::of_visitor(None, None), Lang::Nb);
        assert_eq!(Lang::of_visitor(None, Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(
            Lang::of_visitor(None, Some("nb-NO,nb;q=0.9,en;q=0.8")),
            Lang::Nb
        );
        assert_eq!(Lang::of_visitor(None, Some("en;q=0.5, no;q=0.7")), Lang::Nb);
        assert_eq!(Lang::of_visitor(None, Some("de-DE,de;q=0.9")), Lang::Nb);
        assert_eq!(Lang::of_visitor(Some("en"), Some("nb-NO")), Lang::En);
        assert_eq!(Lang::of_visitor(Some("nb"), Some("en-US")), Lang::Nb);
        assert_eq!(Lang::of_visitor(Some("xx"), Some("en-US")), Lang::En);
    }

    #[test]
    fn names_of_roles_channels_and_statuses_are_translated() {
        assert_eq!(Lang::Nb.role(Role::Reviewer), "gjennomgår");
        assert_eq!(Lang::Nb.channel(Channel::Email), "E-post");
        assert_eq!(Lang::Nb.status(ReviewStatus::Returned), "Sendt tilbake");
        assert_eq!(Lang::Nb.event(ContactEvent::OnHold), "Satt på vent");
        assert_eq!(Lang::Nb.action("review_approve"), "godkjente");
    }
}
