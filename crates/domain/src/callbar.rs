//! The call bar's rules: where a contact stands from its timeline (not started, waiting, live, on hold,
//! over), which moment comes next, which may be stamped now, and why any other is refused. The app shows one
//! next step at a time from these, so a mis-tap can never leave a timeline the durations cannot be read from.

use serde::{Deserialize, Serialize};

use crate::contact::{Channel, ContactEvent, Stamp};

/// Where a contact stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    /// Nothing under way: not begun, or the last call rang out (another attempt may follow).
    Idle,
    /// Dialled, opened or sent at `since_ms`, nobody has answered yet.
    Waiting { since_ms: i64 },
    /// Answered at `since_ms` (the first answer of this call), going on.
    Live { since_ms: i64 },
    /// Live, and put on hold at `since_ms`.
    OnHold { since_ms: i64, live_since_ms: i64 },
    /// Ended, closed, replied to, or the chat could not be opened.
    Over,
}

/// The main steps of a contact by `channel`, in order: the app lists them with a check on those done.
pub fn steps(channel: Channel) -> &'static [ContactEvent] {
    use ContactEvent::*;
    match channel {
        Channel::Phone => &[Dialled, Answered, Ended],
        Channel::Chat => &[Opened, FirstReply, Closed],
        Channel::Email => &[Sent, Replied],
    }
}

/// Where a contact by `channel` with `timeline` stands.
pub fn phase(channel: Channel, timeline: &[Stamp]) -> Phase {
    use ContactEvent::*;
    // In the order stamped (the device appends each stamp as it is made); not sorted, which would cost the
    // app a sort's code for no gain.
    let mut phase = Phase::Idle;
    for stamp in timeline {
        let at = stamp.at_ms;
        phase = match (channel, stamp.event, phase) {
            (_, Dialled | Opened | Sent, _) => Phase::Waiting { since_ms: at },
            (_, Answered | FirstReply, Phase::Live { since_ms }) => Phase::Live { since_ms },
            (_, Answered | FirstReply, _) => Phase::Live { since_ms: at },
            (_, NoAnswer, _) => Phase::Idle,
            (_, OnHold, Phase::Live { since_ms }) => Phase::OnHold {
                since_ms: at,
                live_since_ms: since_ms,
            },
            (_, Resumed, Phase::OnHold { live_since_ms, .. }) => Phase::Live {
                since_ms: live_since_ms,
            },
            (_, Ended | Closed | Replied | Unavailable, _) => Phase::Over,
            (_, _, phase) => phase,
        };
    }
    phase
}

/// The moments that may be stamped now, the next step first.
pub fn allowed(channel: Channel, phase: Phase) -> &'static [ContactEvent] {
    use ContactEvent::*;
    match (channel, phase) {
        (_, Phase::Over) => &[],
        (Channel::Phone, Phase::Idle) => &[Dialled],
        (Channel::Phone, Phase::Waiting { .. }) => &[Answered, NoAnswer],
        (Channel::Phone, Phase::Live { .. }) => &[Ended, OnHold, Transferred],
        (Channel::Phone, Phase::OnHold { .. }) => &[Resumed, Ended],
        (Channel::Chat, Phase::Idle) => &[Opened, Unavailable],
        (Channel::Chat, Phase::Waiting { .. }) => &[FirstReply],
        (Channel::Chat, Phase::Live { .. } | Phase::OnHold { .. }) => &[Closed],
        (Channel::Email, Phase::Idle) => &[Sent],
        (Channel::Email, _) => &[Replied],
    }
}

/// The next step: the one the big button stamps, or `None` once the contact is over.
pub fn next_step(channel: Channel, timeline: &[Stamp]) -> Option<ContactEvent> {
    allowed(channel, phase(channel, timeline)).first().copied()
}

/// Why a stamp was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refused", rename_all = "snake_case")]
pub enum StampRefused {
    /// This step is done already (for this call).
    Already { event: ContactEvent },
    /// Another step comes first.
    First { event: ContactEvent },
    /// The contact is over; undo the end to go on.
    Over,
}

/// Whether `event` may be stamped now; if not, why (for a short message, never a silent no).
pub fn check_stamp(
    channel: Channel,
    timeline: &[Stamp],
    event: ContactEvent,
) -> Result<(), StampRefused> {
    let phase = phase(channel, timeline);
    let allowed = allowed(channel, phase);
    if allowed.contains(&event) {
        return Ok(());
    }
    let Some(&next) = allowed.first() else {
        return Err(StampRefused::Over);
    };
    let main = steps(channel);
    let at = |e: ContactEvent| main.iter().position(|&m| m == e);
    match (at(event), at(next)) {
        (Some(tapped), Some(due)) if tapped < due => Err(StampRefused::Already { event }),
        _ if event == ContactEvent::Resumed || event == ContactEvent::OnHold => {
            // Hold and resume belong to a live call: the one missing is what comes first.
            Err(match phase {
                Phase::OnHold { .. } => StampRefused::Already { event },
                _ => StampRefused::First { event: next },
            })
        }
        _ => Err(StampRefused::First { event: next }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContactEvent::*;

    fn line(events: &[ContactEvent]) -> Vec<Stamp> {
        events
            .iter()
            .enumerate()
            .map(|(i, &event)| Stamp {
                event,
                at_ms: 1_000 * i as i64,
            })
            .collect()
    }

    #[test]
    fn a_phone_call_leads_from_dial_to_answer_to_end() {
        let phone = Channel::Phone;
        assert_eq!(next_step(phone, &[]), Some(Dialled));
        assert_eq!(next_step(phone, &line(&[Dialled])), Some(Answered));
        assert_eq!(next_step(phone, &line(&[Dialled, Answered])), Some(Ended));
        assert_eq!(
            next_step(phone, &line(&[Dialled, Answered, OnHold])),
            Some(Resumed)
        );
        assert_eq!(
            next_step(phone, &line(&[Dialled, Answered, OnHold, Resumed])),
            Some(Ended)
        );
        assert_eq!(next_step(phone, &line(&[Dialled, Answered, Ended])), None);
        // A call that rang out: the next attempt is dialled again.
        assert_eq!(next_step(phone, &line(&[Dialled, NoAnswer])), Some(Dialled));
    }

    #[test]
    fn the_clock_counts_from_the_dial_while_waiting_and_from_the_answer_while_live() {
        let phone = Channel::Phone;
        assert_eq!(
            phase(phone, &line(&[Dialled, NoAnswer, Dialled])),
            Phase::Waiting { since_ms: 2_000 }
        );
        assert_eq!(
            phase(phone, &line(&[Dialled, Answered, Transferred, Answered])),
            Phase::Live { since_ms: 1_000 }
        );
        assert_eq!(
            phase(phone, &line(&[Dialled, Answered, OnHold])),
            Phase::OnHold {
                since_ms: 2_000,
                live_since_ms: 1_000
            }
        );
    }

    #[test]
    fn impossible_stamps_are_refused_with_what_to_do() {
        let phone = Channel::Phone;
        let dialled = line(&[Dialled]);
        assert_eq!(
            check_stamp(phone, &dialled, Dialled),
            Err(StampRefused::Already { event: Dialled })
        );
        assert_eq!(
            check_stamp(phone, &dialled, Ended),
            Err(StampRefused::First { event: Answered })
        );
        assert_eq!(
            check_stamp(phone, &[], Answered),
            Err(StampRefused::First { event: Dialled })
        );
        assert_eq!(
            check_stamp(phone, &dialled, OnHold),
            Err(StampRefused::First { event: Answered })
        );
        let held = line(&[Dialled, Answered, OnHold]);
        assert_eq!(
            check_stamp(phone, &held, OnHold),
            Err(StampRefused::Already { event: OnHold })
        );
        assert_eq!(check_stamp(phone, &held, Resumed), Ok(()));
        let ended = line(&[Dialled, Answered, Ended]);
        assert_eq!(
            check_stamp(phone, &ended, Answered),
            Err(StampRefused::Over)
        );
        assert_eq!(check_stamp(phone, &dialled, NoAnswer), Ok(()));
    }

    #[test]
    fn a_chat_may_be_marked_unavailable_only_before_it_is_open_and_an_email_waits_for_its_reply() {
        assert_eq!(allowed(Channel::Chat, Phase::Idle), &[Opened, Unavailable]);
        assert_eq!(phase(Channel::Chat, &line(&[Unavailable])), Phase::Over);
        assert_eq!(
            check_stamp(Channel::Chat, &line(&[Opened]), Unavailable),
            Err(StampRefused::First { event: FirstReply })
        );
        assert_eq!(next_step(Channel::Email, &line(&[Sent])), Some(Replied));
        assert_eq!(
            check_stamp(Channel::Email, &line(&[Sent]), Sent),
            Err(StampRefused::Already { event: Sent })
        );
        assert_eq!(next_step(Channel::Email, &line(&[Sent, Replied])), None);
    }

    #[test]
    fn every_timeline_the_call_bar_allows_gives_durations_in_order() {
        // Follow every allowed path a few steps deep: the waiting time and talk time are never negative.
        use crate::contact::{derived_seconds, Derived};
        fn walk(channel: Channel, timeline: &mut Vec<Stamp>, depth: u32) {
            for which in [Derived::WaitingTime, Derived::TalkTime] {
                if let Some(seconds) = derived_seconds(timeline, which) {
                    assert!(seconds >= 0, "{timeline:?}");
                }
            }
            if depth == 0 {
                return;
            }
            for &event in allowed(channel, phase(channel, timeline)) {
                let at_ms = timeline.last().map_or(0, |s| s.at_ms) + 1_000;
                timeline.push(Stamp { event, at_ms });
                walk(channel, timeline, depth - 1);
                timeline.pop();
            }
        }
        for channel in Channel::ALL {
            walk(channel, &mut Vec::new(), 7);
        }
    }
}
