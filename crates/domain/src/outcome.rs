//! Contact outcomes: a contact ends *reached* (the shopper answers the questionnaire) or *not reached* (nobody
//! answered). The campaign's [`OutcomeRule`] says, per channel, when a shopper may give up: so many unanswered
//! calls at different times, a chat with no reply within so many minutes, an e-mail with no reply within so
//! many days. The evidence is the contact's own timeline, so the phone (offline) and the server apply the same
//! rule to the same stamps.

use serde::{Deserialize, Serialize};

use crate::contact::{Channel, ContactEvent, Stamp};

/// How a contact ended. A contact nobody answered scores 0 in the total and does not count in the score on
/// answered contacts.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    #[default]
    Reached,
    NotReached,
}

impl Outcome {
    pub fn is_reached(&self) -> bool {
        *self == Outcome::Reached
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Reached => "reached",
            Outcome::NotReached => "not_reached",
        }
    }
}

/// When a contact may be recorded as not reached, per channel. Set per campaign; [`Default`] is the
/// competition's usual rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeRule {
    /// Phone: this many unanswered calls ...
    pub phone_attempts: u32,
    /// ... each begun at least this many minutes after the one before.
    pub phone_gap_minutes: u32,
    /// Chat: no reply this many minutes after opening it (a chat that cannot be opened at all counts at once).
    pub chat_reply_minutes: u32,
    /// E-mail: no reply this many days after sending it.
    pub email_reply_days: u32,
}

impl Default for OutcomeRule {
    fn default() -> Self {
        OutcomeRule {
            phone_attempts: 3,
            phone_gap_minutes: 60,
            chat_reply_minutes: 15,
            email_reply_days: 3,
        }
    }
}

/// One unanswered phone call: dialled at `started_ms`, given up after `rang_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub started_ms: i64,
    pub rang_seconds: i64,
}

/// The unanswered calls in a phone timeline, in order: each `Dialled` followed by `NoAnswer` (with no
/// `Answered` between them).
pub fn unanswered_calls(timeline: &[Stamp]) -> Vec<Attempt> {
    // In time order, stamps of the same moment in the order they were made: each put in its place as it is
    // read. A library sort's code would be the only one in the PWA's wasm (about 4 KB before wasm-opt), and
    // a timeline holds a few hundred stamps at most (the server refuses more than 500).
    let mut stamps: Vec<&Stamp> = Vec::with_capacity(timeline.len());
    for stamp in timeline {
        let at = stamps.partition_point(|s| s.at_ms <= stamp.at_ms);
        stamps.insert(at, stamp);
    }
    let mut attempts = Vec::new();
    let mut dialled = None;
    for stamp in stamps {
        match stamp.event {
            ContactEvent::Dialled => dialled = Some(stamp.at_ms),
            ContactEvent::Answered => dialled = None,
            ContactEvent::NoAnswer => {
                if let Some(started_ms) = dialled.take() {
                    attempts.push(Attempt {
                        started_ms,
                        rang_seconds: (stamp.at_ms - started_ms + 500) / 1000,
                    });
                }
            }
            _ => {}
        }
    }
    attempts
}

/// What is still missing before the contact may be recorded as not reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "missing", rename_all = "snake_case")]
pub enum Unmet {
    /// Phone: `more` unanswered calls, the next one not before `not_before_ms`.
    Calls { more: u32, not_before_ms: i64 },
    /// Chat or e-mail: no reply yet, but the wait is not over until `until_ms`.
    Waiting { until_ms: i64 },
    /// Chat or e-mail: it was never opened or sent.
    NotStarted,
    /// The company did answer: the contact was reached.
    Answered,
}

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// Whether a contact by `channel` with this `timeline` may be recorded as not reached at `now_ms`.
pub fn not_reached_allowed(
    rule: &OutcomeRule,
    channel: Channel,
    timeline: &[Stamp],
    now_ms: i64,
) -> Result<(), Unmet> {
    use ContactEvent::*;
    let has = |event| timeline.iter().any(|stamp| stamp.event == event);
    let first = |event| {
        timeline
            .iter()
            .filter(|stamp| stamp.event == event)
            .map(|stamp| stamp.at_ms)
            .min()
    };
    match channel {
        Channel::Phone => {
            if has(Answered) {
                return Err(Unmet::Answered);
            }
            // Count the calls that are far enough apart, greedily from the first.
            let gap = i64::from(rule.phone_gap_minutes) * MINUTE_MS;
            let mut counted = 0u32;
            let mut last_start: Option<i64> = None;
            for attempt in unanswered_calls(timeline) {
                if last_start.is_none_or(|last| attempt.started_ms - last >= gap) {
                    counted += 1;
                    last_start = Some(attempt.started_ms);
                }
            }
            if counted >= rule.phone_attempts {
                Ok(())
            } else {
                Err(Unmet::Calls {
                    more: rule.phone_attempts - counted,
                    not_before_ms: last_start.map_or(now_ms, |last| (last + gap).max(now_ms)),
                })
            }
        }
        Channel::Chat => {
            if has(FirstReply) {
                return Err(Unmet::Answered);
            }
            if has(Unavailable) {
                return Ok(());
            }
            let opened = first(Opened).ok_or(Unmet::NotStarted)?;
            waited(
                opened + i64::from(rule.chat_reply_minutes) * MINUTE_MS,
                now_ms,
            )
        }
        Channel::Email => {
            if has(Replied) {
                return Err(Unmet::Answered);
            }
            let sent = first(Sent).ok_or(Unmet::NotStarted)?;
            waited(sent + i64::from(rule.email_reply_days) * DAY_MS, now_ms)
        }
    }
}

fn waited(until_ms: i64, now_ms: i64) -> Result<(), Unmet> {
    if now_ms >= until_ms {
        Ok(())
    } else {
        Err(Unmet::Waiting { until_ms })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContactEvent::*;

    const T0: i64 = 1_700_000_000_000;

    fn at(event: ContactEvent, minutes: f64) -> Stamp {
        Stamp {
            event,
            at_ms: T0 + (minutes * MINUTE_MS as f64) as i64,
        }
    }

    fn rule() -> OutcomeRule {
        OutcomeRule::default()
    }

    #[test]
    fn three_unanswered_calls_an_hour_apart_meet_the_phone_rule() {
        let calls = [
            at(Dialled, 0.0),
            at(NoAnswer, 1.0),
            at(Dialled, 70.0),
            at(NoAnswer, 70.5),
            at(Dialled, 140.0),
            at(NoAnswer, 141.0),
        ];
        assert_eq!(
            unanswered_calls(&calls),
            vec![
                Attempt {
                    started_ms: T0,
                    rang_seconds: 60
                },
                Attempt {
                    started_ms: T0 + 70 * MINUTE_MS,
                    rang_seconds: 30
                },
                Attempt {
                    started_ms: T0 + 140 * MINUTE_MS,
                    rang_seconds: 60
                },
            ]
        );
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Phone, &calls, T0),
            Ok(())
        );
    }

    #[test]
    fn calls_close_together_count_once_and_say_when_the_next_may_be_made() {
        let calls = [
            at(Dialled, 0.0),
            at(NoAnswer, 1.0),
            at(Dialled, 5.0),
            at(NoAnswer, 6.0),
        ];
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Phone, &calls, T0 + 10 * MINUTE_MS),
            Err(Unmet::Calls {
                more: 2,
                not_before_ms: T0 + 60 * MINUTE_MS
            })
        );
    }

    #[test]
    fn an_answered_call_is_reached_whatever_came_before() {
        let calls = [
            at(Dialled, 0.0),
            at(NoAnswer, 1.0),
            at(Dialled, 70.0),
            at(Answered, 71.0),
        ];
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Phone, &calls, T0),
            Err(Unmet::Answered)
        );
    }

    #[test]
    fn calls_are_read_in_time_order_whatever_order_they_are_stored_in() {
        let calls = [
            at(NoAnswer, 71.0),
            at(Dialled, 0.0),
            at(Dialled, 70.0),
            at(NoAnswer, 1.0),
        ];
        assert_eq!(
            unanswered_calls(&calls),
            vec![
                Attempt {
                    started_ms: T0,
                    rang_seconds: 60
                },
                Attempt {
                    started_ms: T0 + 70 * MINUTE_MS,
                    rang_seconds: 60
                },
            ]
        );
        // Stamps of the same moment keep their order: a dial and its end in one millisecond is an attempt.
        let same_moment = [at(Dialled, 0.0), at(NoAnswer, 0.0)];
        assert_eq!(unanswered_calls(&same_moment).len(), 1);
    }

    #[test]
    fn a_dial_without_its_end_is_no_attempt() {
        let calls = [at(Dialled, 0.0), at(Dialled, 70.0), at(NoAnswer, 71.0)];
        assert_eq!(unanswered_calls(&calls).len(), 1);
    }

    #[test]
    fn a_chat_waits_its_minutes_unless_it_could_not_be_opened() {
        let opened = [at(Opened, 0.0)];
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Chat, &opened, T0 + 14 * MINUTE_MS),
            Err(Unmet::Waiting {
                until_ms: T0 + 15 * MINUTE_MS
            })
        );
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Chat, &opened, T0 + 15 * MINUTE_MS),
            Ok(())
        );
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Chat, &[at(Unavailable, 0.0)], T0),
            Ok(())
        );
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Chat, &[], T0),
            Err(Unmet::NotStarted)
        );
    }

    #[test]
    fn an_email_waits_its_days_and_a_reply_makes_it_reached() {
        let sent = [at(Sent, 0.0)];
        let two_days = T0 + 2 * DAY_MS;
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Email, &sent, two_days),
            Err(Unmet::Waiting {
                until_ms: T0 + 3 * DAY_MS
            })
        );
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Email, &sent, T0 + 3 * DAY_MS),
            Ok(())
        );
        let replied = [at(Sent, 0.0), at(Replied, 60.0 * 24.0 * 5.0)];
        assert_eq!(
            not_reached_allowed(&rule(), Channel::Email, &replied, T0 + 9 * DAY_MS),
            Err(Unmet::Answered)
        );
    }

    #[test]
    fn a_reached_contact_keeps_its_old_wire_form() {
        // Reached is the default and is left out, so submissions made before outcomes existed keep their
        // canonical form (and a replay of one is still recognised).
        assert_eq!(
            serde_json::to_string(&Outcome::NotReached).unwrap(),
            "\"not_reached\""
        );
        let rule: OutcomeRule = serde_json::from_str("{\"phone_attempts\":2}").unwrap();
        assert_eq!(rule.phone_attempts, 2);
        assert_eq!(
            rule.email_reply_days,
            OutcomeRule::default().email_reply_days
        );
    }
}
