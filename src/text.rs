//! The app's words, in Norwegian bokmål (English follows with the language switch).

use shopper_domain::device::LocalState;
use shopper_domain::protocol::Channel;
use shopper_domain::{Problem, ProblemCode, QuestionKind};

pub const LANG: &str = "nb";
pub const SIGNED_OUT: &str =
    "Innloggingen på denne enheten gjelder ikke lenger. Be arrangøren om en ny lenke; \
                              det som venter på sending, blir liggende trygt her.";
pub const SIGN_IN_OFFLINE: &str = "Du er uten nett. Åpne lenken igjen når du har dekning.";

pub fn channel(channel: Channel) -> &'static str {
    match channel {
        Channel::Phone => "Telefon",
        Channel::Chat => "Chat",
        Channel::Email => "E-post",
    }
}

pub fn contact_action(channel: Channel) -> &'static str {
    match channel {
        Channel::Phone => "Ring",
        Channel::Chat => "Åpne chat",
        Channel::Email => "Skriv e-post",
    }
}

/// The state an assignment's evaluation is in, as the shopper reads it.
pub fn state(state: Option<LocalState>) -> &'static str {
    match state {
        None => "Ikke startet",
        Some(LocalState::Draft) => "Utkast",
        Some(LocalState::Outbox) => "Venter på sending",
        Some(LocalState::Sent) => "Sendt",
        Some(LocalState::Refused) => "Avvist – se hvorfor",
    }
}

pub const YES: &str = "Ja";
pub const NO: &str = "Nei";
pub const NOT_APPLICABLE: &str = "Ikke aktuelt";
pub const REQUIRED: &str = "må besvares";
pub const SECONDS: &str = "sekunder";
pub const FROM_TIMER: &str = "Fylles ut av tidtakeren; du kan rette tallet.";
pub const NPS_ENDS: (&str, &str) = ("0 = svært usannsynlig", "10 = svært sannsynlig");

pub fn problem(problem: &Problem, kind: Option<&QuestionKind>) -> String {
    match (problem.code, kind) {
        (ProblemCode::MissingRequired, _) => "Dette spørsmålet må besvares.".into(),
        (
            ProblemCode::OutOfRange,
            Some(QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. }),
        ) => {
            format!("Velg en verdi fra {min} til {max}.")
        }
        (ProblemCode::OutOfRange, Some(QuestionKind::Nps)) => "Velg en verdi fra 0 til 10.".into(),
        (ProblemCode::OutOfRange, Some(QuestionKind::Duration { max, .. })) => {
            format!("Oppgi et antall sekunder fra 0 til {max}.")
        }
        (ProblemCode::UnknownOption, _) => "Velg blant alternativene.".into(),
        (ProblemCode::NotApplicableNotAllowed, _) => "«Ikke aktuelt» kan ikke velges her.".into(),
        (ProblemCode::HiddenQuestion, _) => {
            "Spørsmålet gjelder ikke ut fra de andre svarene dine.".into()
        }
        (ProblemCode::WrongType, Some(QuestionKind::DateTime)) => {
            "Oppgi dato og klokkeslett.".into()
        }
        (ProblemCode::TooLong, Some(QuestionKind::Text { max_len })) => {
            format!("Teksten er for lang (høyst {max_len} tegn).")
        }
        (ProblemCode::UnknownQuestion, _) => {
            "Spørsmålet finnes ikke i denne versjonen av skjemaet.".into()
        }
        _ => format!("Ugyldig svar: {}", problem.message),
    }
}
