//! What shoppers are paid: a campaign's fee per contact by channel (for an approved contact that reached the
//! company, and for one approved as not reached), amounts as people write them ("250", "250,50", "kr 1 250"),
//! a statement per shopper for a period (approved contacts x fee) and the payroll CSV of all statements.

use std::collections::BTreeMap;

use shopper_domain::Channel;

use crate::error::{Error, Reason, Result};
use crate::store::{Campaign, Store};

/// A campaign's fees: (reached, not reached) in øre, by channel; a channel not set pays nothing.
pub type Fees = BTreeMap<Channel, (i64, i64)>;

/// An amount in kroner as typed (`250`, `250,50`, `250.5`, `kr 1 250`) in øre; empty is 0.
pub fn parse_kroner(text: &str) -> Result<i64> {
    let cleaned: String = text
        .trim()
        .trim_start_matches("kr")
        .trim_end_matches(",-")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if cleaned.is_empty() {
        return Ok(0);
    }
    let refused = || Error::Refused(Reason::NotAnAmount(text.trim().to_owned()));
    let (whole, fraction) = match cleaned.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 2
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 9
    {
        return Err(refused());
    }
    let kroner: i64 = whole.parse().map_err(|_| refused())?;
    let ore: i64 = format!("{fraction:0<2}").parse().map_err(|_| refused())?;
    Ok(kroner * 100 + ore)
}

/// Øre as kroner with a decimal comma: 25050 -> "250,50".
pub fn kroner(ore: i64) -> String {
    format!("{},{:02}", ore / 100, ore % 100)
}

/// One approved contact, as the statement counts it.
#[derive(Debug, Clone)]
pub struct PaidContact {
    pub shopper_id: String,
    pub shopper_name: String,
    pub channel: Channel,
    pub reached: bool,
}

/// One line of a statement: how many contacts of a channel and outcome, at what fee.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct StatementLine {
    #[schema(value_type = String)]
    pub channel: Channel,
    pub reached: bool,
    pub contacts: i64,
    pub fee_ore: i64,
}

impl StatementLine {
    pub fn amount_ore(&self) -> i64 {
        self.contacts * self.fee_ore
    }
}

/// A shopper's statement for a period: a line per channel and outcome, and the total.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Statement {
    pub shopper_id: String,
    pub shopper_name: String,
    pub lines: Vec<StatementLine>,
    pub total_ore: i64,
}

/// Every shopper's statement for the contacts of `campaign` approved on the Oslo days `from` to `to` (both
/// included, `YYYY-MM-DD`): what the console's statement page and payroll file and the API show.
pub async fn period_statements(
    store: &Store,
    campaign: &Campaign,
    from: &str,
    to: &str,
) -> Result<Vec<Statement>> {
    let start = crate::progress::oslo_midnight_utc(from.trim(), false);
    let before = crate::progress::oslo_midnight_utc(to.trim(), true);
    let (Some(start), Some(before)) = (start, before) else {
        return Err(Error::Refused(Reason::BadPeriod));
    };
    if start >= before {
        return Err(Error::Refused(Reason::BadPeriod));
    }
    let rows = store
        .approved_between(&campaign.id, &start, &before)
        .await?;
    let fees = campaign_fees(store, campaign).await?;
    let contacts: Vec<PaidContact> = rows
        .into_iter()
        .filter_map(|(shopper_id, shopper_name, channel, content)| {
            let content: shopper_domain::EvaluationContent = serde_json::from_str(&content).ok()?;
            Some(PaidContact {
                shopper_id,
                shopper_name,
                channel: Channel::parse(&channel)?,
                reached: content.outcome.is_reached(),
            })
        })
        .collect();
    Ok(statements(&contacts, &fees))
}

/// An amount as a program sends it: kroner as text people write ("250,50") or as a number (250.5).
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Amount {
    Text(String),
    Number(f64),
}

impl Amount {
    fn typed(&self) -> String {
        match self {
            Amount::Text(text) => text.clone(),
            Amount::Number(n) => format!("{n:.2}"),
        }
    }
}

/// One channel's fees as a program sets them; a channel left out keeps its fees.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct FeeSetting {
    /// `phone`, `chat` or `email`.
    pub channel: String,
    /// For an approved contact that reached the company.
    pub reached: Amount,
    /// For a contact approved as not reached.
    pub not_reached: Amount,
}

/// The settings as the change takes them (channel, amounts as typed); an unknown channel is refused.
pub fn typed_settings(settings: &[FeeSetting]) -> Result<Vec<(Channel, String, String)>> {
    settings
        .iter()
        .map(|s| {
            let channel = Channel::parse(s.channel.trim()).ok_or_else(|| {
                Error::Refused(Reason::Row(crate::error::RowProblem::UnknownChannel(
                    s.channel.clone(),
                )))
            })?;
            Ok((channel, s.reached.typed(), s.not_reached.typed()))
        })
        .collect()
}

/// One channel's fees, in øre and as kroner text.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ChannelFee {
    pub channel: String,
    pub reached_ore: i64,
    pub not_reached_ore: i64,
    /// The same amounts in kroner with a decimal comma, as the console shows them.
    pub reached: String,
    pub not_reached: String,
}

/// Every channel's fees of a campaign (0 where none is set), in channel order.
pub async fn fee_table(store: &Store, campaign: &Campaign) -> Result<Vec<ChannelFee>> {
    let fees = campaign_fees(store, campaign).await?;
    Ok(Channel::ALL
        .into_iter()
        .map(|channel| {
            let (reached, not_reached) = fees.get(&channel).copied().unwrap_or((0, 0));
            ChannelFee {
                channel: channel.as_str().to_owned(),
                reached_ore: reached,
                not_reached_ore: not_reached,
                reached: kroner(reached),
                not_reached: kroner(not_reached),
            }
        })
        .collect())
}

/// A campaign's fees as stored (a channel not set pays nothing).
pub async fn campaign_fees(store: &Store, campaign: &Campaign) -> Result<Fees> {
    Ok(store
        .fees(&campaign.id)
        .await?
        .into_iter()
        .filter_map(|(c, r, n)| Some((Channel::parse(&c)?, (r, n))))
        .collect())
}

/// Every shopper's statement over `contacts` (the approved ones of the period), by name.
pub fn statements(contacts: &[PaidContact], fees: &Fees) -> Vec<Statement> {
    let mut counts: BTreeMap<(String, String), BTreeMap<(Channel, bool), i64>> = BTreeMap::new();
    for contact in contacts {
        *counts
            .entry((contact.shopper_name.clone(), contact.shopper_id.clone()))
            .or_default()
            .entry((contact.channel, !contact.reached))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((shopper_name, shopper_id), by)| {
            let lines: Vec<StatementLine> = by
                .into_iter()
                .map(|((channel, not_reached), n)| {
                    let (reached_fee, not_reached_fee) =
                        fees.get(&channel).copied().unwrap_or((0, 0));
                    StatementLine {
                        channel,
                        reached: !not_reached,
                        contacts: n,
                        fee_ore: if not_reached {
                            not_reached_fee
                        } else {
                            reached_fee
                        },
                    }
                })
                .collect();
            let total_ore = lines.iter().map(StatementLine::amount_ore).sum();
            Statement {
                shopper_id,
                shopper_name,
                lines,
                total_ore,
            }
        })
        .collect()
}

/// The payroll file: one row per shopper and line, then the shopper's total; amounts in kroner with a decimal
/// point (what payroll systems read), names as text a spreadsheet will not run.
pub fn payroll_csv(statements: &[Statement], from: &str, to: &str) -> String {
    let mut writer = csv::Writer::from_writer(vec![]);
    let _ = writer.write_record([
        "shopper_id",
        "shopper",
        "from",
        "to",
        "channel",
        "outcome",
        "contacts",
        "fee_nok",
        "amount_nok",
    ]);
    let nok = |ore: i64| format!("{}.{:02}", ore / 100, ore % 100);
    for statement in statements {
        let name = crate::campaign::spreadsheet_cell(&statement.shopper_name).into_owned();
        for line in &statement.lines {
            let _ = writer.write_record([
                statement.shopper_id.as_str(),
                &name,
                from,
                to,
                line.channel.as_str(),
                if line.reached {
                    "reached"
                } else {
                    "not_reached"
                },
                &line.contacts.to_string(),
                &nok(line.fee_ore),
                &nok(line.amount_ore()),
            ]);
        }
        let _ = writer.write_record([
            statement.shopper_id.as_str(),
            &name,
            from,
            to,
            "total",
            "",
            &statement
                .lines
                .iter()
                .map(|l| l.contacts)
                .sum::<i64>()
                .to_string(),
            "",
            &nok(statement.total_ore),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_people_write_them() {
        assert_eq!(parse_kroner("250").unwrap(), 25_000);
        assert_eq!(parse_kroner("250,50").unwrap(), 25_050);
        assert_eq!(parse_kroner("250.5").unwrap(), 25_050);
        assert_eq!(parse_kroner("kr 1 250,-").unwrap(), 125_000);
        assert_eq!(parse_kroner("").unwrap(), 0);
        for bad in ["-5", "2,505", "abc", "1e3", ",50"] {
            assert!(parse_kroner(bad).is_err(), "{bad}");
        }
        assert_eq!(kroner(25_050), "250,50");
    }

    fn contact(id: &str, channel: Channel, reached: bool) -> PaidContact {
        PaidContact {
            shopper_id: id.into(),
            shopper_name: format!("Shopper {id}"),
            channel,
            reached,
        }
    }

    #[test]
    fn a_statement_is_approved_contacts_times_the_fee_of_their_channel_and_outcome() {
        let fees: Fees = [
            (Channel::Phone, (25_000, 10_000)),
            (Channel::Email, (15_000, 0)),
        ]
        .into_iter()
        .collect();
        let contacts = [
            contact("a", Channel::Phone, true),
            contact("a", Channel::Phone, true),
            contact("a", Channel::Phone, false),
            contact("a", Channel::Email, true),
            contact("a", Channel::Chat, true),
            contact("b", Channel::Email, true),
        ];
        let all = statements(&contacts, &fees);
        assert_eq!(all.len(), 2);
        let a = &all[0];
        assert_eq!(a.shopper_name, "Shopper a");
        // 2 x 250 + 1 x 100 (not reached) + 1 x 150 + chat without a fee 0.
        assert_eq!(a.total_ore, 50_000 + 10_000 + 15_000);
        assert_eq!(a.lines.len(), 4);
        assert_eq!(all[1].total_ore, 15_000);
        let csv = payroll_csv(&all, "2026-01-01", "2026-01-31");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "shopper_id,shopper,from,to,channel,outcome,contacts,fee_nok,amount_nok"
        );
        assert!(
            lines.contains(&"a,Shopper a,2026-01-01,2026-01-31,phone,not_reached,1,100.00,100.00"),
            "{csv}"
        );
        assert!(
            lines.contains(&"a,Shopper a,2026-01-01,2026-01-31,total,,5,,750.00"),
            "{csv}"
        );
        assert!(
            lines.contains(&"b,Shopper b,2026-01-01,2026-01-31,total,,1,,150.00"),
            "{csv}"
        );
    }
}
