//! The organizer's shoppers: the list with device and invite counts, new shoppers, revoking devices.

use serde::Serialize;

use super::{Store, WriteTransaction};
use crate::error::Result;
use crate::secrets;

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ShopperSummary {
    pub id: String,
    pub name: String,
    /// Devices signed in and not revoked.
    pub active_devices: i64,
    /// Invites neither used, revoked nor expired.
    pub open_invites: i64,
    pub assignments: i64,
}

impl Store {
    pub async fn shoppers(&self) -> Result<Vec<ShopperSummary>> {
        Ok(sqlx::query_as(
            "SELECT s.id, s.name,
                (SELECT COUNT(*) FROM device_tokens t WHERE t.shopper_id = s.id AND t.revoked_at IS NULL) AS active_devices,
                (SELECT COUNT(*) FROM invites i WHERE i.shopper_id = s.id AND i.used_at IS NULL AND i.revoked_at IS NULL
                    AND i.expires_at > $1) AS open_invites,
                (SELECT COUNT(*) FROM assignments a WHERE a.shopper_id = s.id AND a.cancelled_at IS NULL) AS assignments
             FROM shoppers s ORDER BY s.name",
        )
        .bind(secrets::now())
        .fetch_all(&self.pool)
        .await?)
    }

    /// The shopper's name, if there is a shopper `shopper_id`.
    pub async fn shopper_name(&self, shopper_id: &str) -> Result<Option<String>> {
        let found: Option<(String,)> = sqlx::query_as("SELECT name FROM shoppers WHERE id = $1")
            .bind(shopper_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.map(|(name,)| name))
    }
}

impl WriteTransaction {
    pub async fn insert_shopper(&mut self, id: &str, name: &str) -> Result<()> {
        sqlx::query("INSERT INTO shoppers (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(name)
            .bind(secrets::now())
            .execute(self.connection())
            .await?;
        Ok(())
    }

    /// Revokes every device and open invite of the shopper. Returns how many devices lost access.
    pub async fn revoke_devices(&mut self, shopper_id: &str) -> Result<u64> {
        let now = secrets::now();
        let devices = sqlx::query(
            "UPDATE device_tokens SET revoked_at = $1 WHERE shopper_id = $2 AND revoked_at IS NULL",
        )
        .bind(&now)
        .bind(shopper_id)
        .execute(self.connection())
        .await?
        .rows_affected();
        sqlx::query("UPDATE invites SET revoked_at = $1 WHERE shopper_id = $2 AND revoked_at IS NULL AND used_at IS NULL")
            .bind(&now)
            .bind(shopper_id)
            .execute(self.connection())
            .await?;
        Ok(devices)
    }

    /// Makes a sign-in code in this transaction (see [`Store::create_invite`]).
    pub async fn create_invite(&mut self, shopper_id: &str, expires_at: &str) -> Result<String> {
        let code = secrets::new_secret();
        sqlx::query("INSERT INTO invites (code_hash, shopper_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(secrets::hash(&code))
            .bind(shopper_id)
            .bind(secrets::now())
            .bind(expires_at)
            .execute(self.connection())
            .await?;
        Ok(code)
    }
}

/// A shopper as the roster shows them: how to reach them, where, how much work they can take, whether they
/// left, and their devices, links and assignments.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct RosterEntry {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub region: Option<String>,
    pub capacity: Option<i64>,
    pub deactivated_at: Option<String>,
    pub active_devices: i64,
    pub open_invites: i64,
    pub assignments: i64,
}

/// The roster's fields of one shopper, checked (`shoppers::RosterFields::checked`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterFields {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub region: Option<String>,
    pub capacity: Option<i64>,
}

impl Store {
    /// Every shopper with the roster's fields, active ones first, by name.
    pub async fn shopper_roster(&self) -> Result<Vec<RosterEntry>> {
        Ok(sqlx::query_as(
            "SELECT s.id, s.name, s.email, s.phone, s.region, s.capacity, s.deactivated_at,
                (SELECT COUNT(*) FROM device_tokens t WHERE t.shopper_id = s.id AND t.revoked_at IS NULL) AS active_devices,
                (SELECT COUNT(*) FROM invites i WHERE i.shopper_id = s.id AND i.used_at IS NULL AND i.revoked_at IS NULL
                    AND i.expires_at > $1) AS open_invites,
                (SELECT COUNT(*) FROM assignments a WHERE a.shopper_id = s.id) AS assignments
             FROM shoppers s ORDER BY CASE WHEN s.deactivated_at IS NULL THEN 0 ELSE 1 END, s.name, s.id",
        )
        .bind(secrets::now())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Whether the shopper left (is deactivated).
    pub async fn shopper_left(&self, shopper_id: &str) -> Result<bool> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT deactivated_at FROM shoppers WHERE id = $1")
                .bind(shopper_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some_and(|(at,)| at.is_some()))
    }

    /// A campaign's fees: (channel, reached, not reached) in øre.
    pub async fn fees(&self, campaign_id: &str) -> Result<Vec<(String, i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT channel, reached_ore, not_reached_ore FROM fees WHERE campaign_id = $1 ORDER BY channel",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The campaign's evaluations approved in [`from`, `before`) (UTC timestamps): shopper id and name,
    /// channel and content (whether the contact was reached).
    pub async fn approved_between(
        &self,
        campaign_id: &str,
        from: &str,
        before: &str,
    ) -> Result<Vec<(String, String, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT s.id, s.name, a.channel, e.content FROM evaluations e
             JOIN shoppers s ON s.id = e.shopper_id JOIN assignments a ON a.id = e.assignment_id
             JOIN companies co ON co.id = a.company_id
             WHERE co.campaign_id = $1 AND e.status = 'approved' AND e.reviewed_at >= $2 AND e.reviewed_at < $3",
        )
        .bind(campaign_id)
        .bind(from)
        .bind(before)
        .fetch_all(&self.pool)
        .await?)
    }
}

impl WriteTransaction {
    /// Sets the roster's fields of the shopper; `false` when there is no such shopper.
    pub async fn update_roster(&mut self, shopper_id: &str, fields: &RosterFields) -> Result<bool> {
        let updated = sqlx::query(
            "UPDATE shoppers SET email = $1, phone = $2, region = $3, capacity = $4 WHERE id = $5",
        )
        .bind(&fields.email)
        .bind(&fields.phone)
        .bind(&fields.region)
        .bind(fields.capacity)
        .bind(shopper_id)
        .execute(self.connection())
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Marks the shopper as gone (now), or back (`active`).
    pub async fn set_deactivated(&mut self, shopper_id: &str, active: bool) -> Result<()> {
        sqlx::query("UPDATE shoppers SET deactivated_at = $1 WHERE id = $2")
            .bind((!active).then(secrets::now))
            .bind(shopper_id)
            .execute(self.connection())
            .await?;
        Ok(())
    }

    /// Sets a campaign's fee of one channel (øre).
    pub async fn set_fee(
        &mut self,
        campaign_id: &str,
        channel: &str,
        reached_ore: i64,
        not_reached_ore: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO fees (campaign_id, channel, reached_ore, not_reached_ore) VALUES ($1, $2, $3, $4)
             ON CONFLICT (campaign_id, channel) DO UPDATE SET reached_ore = excluded.reached_ore,
                 not_reached_ore = excluded.not_reached_ore",
        )
        .bind(campaign_id)
        .bind(channel)
        .bind(reached_ore)
        .bind(not_reached_ore)
        .execute(self.connection())
        .await?;
        Ok(())
    }
}
