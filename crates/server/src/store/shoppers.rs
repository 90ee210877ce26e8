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
