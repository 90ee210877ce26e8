//! Shoppers' devices: one-time invite codes and the device tokens they are exchanged for (hashes only).

use shopper_domain::protocol::SignInResponse;

use super::Store;
use crate::error::Result;
use crate::secrets;

/// The shopper a valid device token belongs to.
#[derive(Debug, Clone)]
pub struct ShopperIdentity {
    pub id: String,
    pub name: String,
}

impl Store {
    pub async fn shopper_by_token_hash(&self, token_hash: &str) -> Result<Option<ShopperIdentity>> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT s.id, s.name FROM device_tokens t JOIN shoppers s ON s.id = t.shopper_id
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, name)| ShopperIdentity { id, name }))
    }

    /// Makes a sign-in code for `shopper_id`, valid until `expires_at`. Only its hash is stored: the code
    /// itself exists once, in the link handed to the shopper.
    pub async fn create_invite(&self, shopper_id: &str, expires_at: &str) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let code = tx.create_invite(shopper_id, expires_at).await?;
        tx.commit().await?;
        Ok(code)
    }

    /// Exchanges a valid invite code for a new device token, or `None` when the code is unknown, used,
    /// expired or revoked. Using the code and making the token happen in one transaction, so a code signs in
    /// one device.
    pub async fn sign_in(&self, invite_code: &str) -> Result<Option<SignInResponse>> {
        let now = secrets::now();
        let mut tx = self.begin_write().await?;
        let used: Option<(String,)> = sqlx::query_as(
            "UPDATE invites SET used_at = $2
             WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
             RETURNING shopper_id",
        )
        .bind(secrets::hash(invite_code))
        .bind(&now)
        .fetch_optional(tx.connection())
        .await?;
        let Some((shopper_id,)) = used else {
            return Ok(None);
        };
        let (shopper_name,): (String,) = sqlx::query_as("SELECT name FROM shoppers WHERE id = $1")
            .bind(&shopper_id)
            .fetch_one(tx.connection())
            .await?;
        let token = secrets::new_secret();
        sqlx::query(
            "INSERT INTO device_tokens (token_hash, shopper_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(secrets::hash(&token))
        .bind(&shopper_id)
        .bind(&now)
        .execute(tx.connection())
        .await?;
        tx.commit().await?;
        Ok(Some(SignInResponse {
            token,
            shopper_name,
        }))
    }
}
