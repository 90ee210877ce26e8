//! The contact: its channel (phone, chat, e-mail), the moments a shopper stamps during it, and the durations
//! (waiting time, talk time) calculated from them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactEvent {
    // Phone
    Dialled,
    Answered,
    OnHold,
    Resumed,
    Transferred,
    Ended,
    /// A call given up after ringing unanswered (one attempt; see `outcome.rs`).
    NoAnswer,
    // Chat
    Opened,
    FirstReply,
    Closed,
    /// The chat could not be opened at all (closed, or not offered).
    Unavailable,
    // E-mail
    Sent,
    Replied,
}

impl ContactEvent {
    /// Every event, in the order of the enum.
    pub const ALL: [ContactEvent; 13] = {
        use ContactEvent::*;
        [
            Dialled,
            Answered,
            OnHold,
            Resumed,
            Transferred,
            Ended,
            NoAnswer,
            Opened,
            FirstReply,
            Closed,
            Unavailable,
            Sent,
            Replied,
        ]
    };
}

/// One stamped moment, in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub event: ContactEvent,
    pub at_ms: i64,
}

fn first(timeline: &[Stamp], events: &[ContactEvent]) -> Option<i64> {
    timeline
        .iter()
        .filter(|stamp| events.contains(&stamp.event))
        .map(|stamp| stamp.at_ms)
        .min()
}

fn last(timeline: &[Stamp], events: &[ContactEvent]) -> Option<i64> {
    timeline
        .iter()
        .filter(|stamp| events.contains(&stamp.event))
        .map(|stamp| stamp.at_ms)
        .max()
}

/// The duration in whole seconds (rounded), or `None` when a stamp it needs is missing or the stamps are in
/// the wrong order.
pub fn derived_seconds(timeline: &[Stamp], which: Derived) -> Option<i64> {
    use ContactEvent::*;
    let answered = first(timeline, &[Answered, FirstReply, Replied]);
    // The wait counts from the attempt that was answered: calls that rang out before it are attempts of
    // their own (see `outcome.rs`), not waiting time.
    let started = match answered {
        Some(answered) => timeline
            .iter()
            .filter(|stamp| {
                matches!(stamp.event, Dialled | Opened | Sent) && stamp.at_ms <= answered
            })
            .map(|stamp| stamp.at_ms)
            .max()
            .or_else(|| first(timeline, &[Dialled, Opened, Sent])),
        None => first(timeline, &[Dialled, Opened, Sent]),
    };
    let (from, to) = match which {
        Derived::WaitingTime => (started?, answered?),
        Derived::TalkTime => (answered?, last(timeline, &[Ended, Closed])?),
    };
    let millis = to.checked_sub(from)?;
    (millis >= 0).then(|| (millis + 500) / 1000)
}

/// How the shopper contacts the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Chat,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Phone, Channel::Chat, Channel::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::Email => "email",
        }
    }

    /// The channel `as_str` names, or `None`.
    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// Durations a contact's timestamps give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Derived {
    /// Answered (or first reply) minus dialled (or opened).
    WaitingTime,
    /// Ended (or closed) minus answered (or first reply).
    TalkTime,
}

/// Whether something that lists `channels` applies to a contact by `channel`.
pub fn applies_to(channels: &[Channel], channel: Channel) -> bool {
    channels.is_empty() || channels.contains(&channel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContactEvent::*;

    fn at(event: ContactEvent, seconds: f64) -> Stamp {
        Stamp {
            event,
            at_ms: 1_700_000_000_000 + (seconds * 1000.0) as i64,
        }
    }

    #[test]
    fn a_phone_call_gives_waiting_time_to_answer_and_talk_time_to_the_end() {
        let call = [
            at(Dialled, 0.0),
            at(Answered, 42.4),
            at(OnHold, 60.0),
            at(Resumed, 90.0),
            at(Ended, 342.6),
        ];
        assert_eq!(derived_seconds(&call, Derived::WaitingTime), Some(42));
        assert_eq!(derived_seconds(&call, Derived::TalkTime), Some(300));
    }

    #[test]
    fn a_chat_counts_from_opening_to_the_first_reply_and_on_to_closing() {
        let chat = [at(Opened, 0.0), at(FirstReply, 95.0), at(Closed, 400.0)];
        assert_eq!(derived_seconds(&chat, Derived::WaitingTime), Some(95));
        assert_eq!(derived_seconds(&chat, Derived::TalkTime), Some(305));
    }

    #[test]
    fn an_email_waits_from_sending_to_the_reply() {
        let mail = [at(Sent, 0.0), at(Replied, 3.0 * 3600.0)];
        assert_eq!(derived_seconds(&mail, Derived::WaitingTime), Some(10_800));
        assert_eq!(derived_seconds(&mail, Derived::TalkTime), None);
    }

    #[test]
    fn missing_or_backwards_stamps_give_no_duration() {
        assert_eq!(
            derived_seconds(&[at(Dialled, 0.0)], Derived::WaitingTime),
            None
        );
        assert_eq!(
            derived_seconds(&[at(Answered, 0.0), at(Ended, 10.0)], Derived::WaitingTime),
            None
        );
        assert_eq!(
            derived_seconds(
                &[at(Dialled, 10.0), at(Answered, 5.0)],
                Derived::WaitingTime
            ),
            None
        );
    }

    #[test]
    fn a_call_answered_on_a_later_attempt_waits_from_its_own_dial() {
        let calls = [
            at(Dialled, 0.0),
            at(NoAnswer, 60.0),
            at(Dialled, 4000.0),
            at(Answered, 4030.0),
            at(Ended, 4100.0),
        ];
        assert_eq!(derived_seconds(&calls, Derived::WaitingTime), Some(30));
        assert_eq!(derived_seconds(&calls, Derived::TalkTime), Some(70));
    }

    #[test]
    fn a_call_transferred_and_answered_again_counts_from_the_first_answer_to_the_last_end() {
        let call = [
            at(Dialled, 0.0),
            at(Answered, 10.0),
            at(Transferred, 30.0),
            at(Answered, 50.0),
            at(Ended, 70.0),
        ];
        assert_eq!(derived_seconds(&call, Derived::WaitingTime), Some(10));
        assert_eq!(derived_seconds(&call, Derived::TalkTime), Some(60));
    }
}
