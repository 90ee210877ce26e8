//! The organizer's shoppers: creating them, one-time sign-in links with their QR code, and revoking a
//! shopper's devices (their requests then get 401; the app keeps their unsent work and says so).

use crate::db::Db;
use qrcode::render::svg;
use qrcode::QrCode;
use serde::Serialize;

use crate::error::ApiError;
use crate::{secrets, store};

/// How long an invite link works.
pub const INVITE_DAYS: i64 = 7;

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ShopperSummary {
    pub id: String,
    pub name: String,
    /// Devices signed in and not revoked.
    pub active_devices: i64,
    /// Invites neither used, revoked nor expired.
    pub open_invites: i64,
    pub assignments: i64,
}

pub async fn list(db: &Db) -> Result<Vec<ShopperSummary>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.name,
            (SELECT COUNT(*) FROM device_tokens t WHERE t.shopper_id = s.id AND t.revoked_at IS NULL) AS active_devices,
            (SELECT COUNT(*) FROM invites i WHERE i.shopper_id = s.id AND i.used_at IS NULL AND i.revoked_at IS NULL
                AND i.expires_at > $1) AS open_invites,
            (SELECT COUNT(*) FROM assignments a WHERE a.shopper_id = s.id) AS assignments
         FROM shoppers s ORDER BY s.name",
    )
    .bind(secrets::now())
    .fetch_all(db)
    .await?)
}

pub async fn create(db: &Db, name: &str) -> Result<ShopperSummary, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::BadRequest(
            "a shopper needs a name of 1-100 characters".into(),
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO shoppers (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(name)
        .bind(secrets::now())
        .execute(db)
        .await?;
    Ok(ShopperSummary {
        id,
        name: name.to_owned(),
        active_devices: 0,
        open_invites: 0,
        assignments: 0,
    })
}

#[derive(Debug, Serialize)]
pub struct Invite {
    /// The one-time sign-in link. Shown once: only its hash is stored.
    pub link: String,
    /// The link as a QR code, an SVG image.
    pub qr_svg: String,
    pub expires_at: String,
}

pub async fn invite(db: &Db, shopper_id: &str, public_url: &str) -> Result<Invite, ApiError> {
    exists(db, shopper_id).await?;
    let expires_at =
        secrets::timestamp(time::OffsetDateTime::now_utc() + time::Duration::days(INVITE_DAYS));
    let code = store::create_invite(db, shopper_id, &expires_at).await?;
    // The code rides in the fragment: browsers never send it to a server or put it in a Referer.
    let link = format!("{public_url}/signin#code={code}");
    let qr_svg = QrCode::new(link.as_bytes())
        .map_err(|e| ApiError::BadRequest(format!("the link cannot be made a QR code: {e}")))?
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .build();
    Ok(Invite {
        link,
        qr_svg,
        expires_at,
    })
}

/// Revokes every device and open invite of the shopper. Returns how many devices lost access.
pub async fn revoke(db: &Db, shopper_id: &str) -> Result<u64, ApiError> {
    exists(db, shopper_id).await?;
    let now = secrets::now();
    let devices = sqlx::query(
        "UPDATE device_tokens SET revoked_at = $1 WHERE shopper_id = $2 AND revoked_at IS NULL",
    )
    .bind(&now)
    .bind(shopper_id)
    .execute(db)
    .await?
    .rows_affected();
    sqlx::query("UPDATE invites SET revoked_at = $1 WHERE shopper_id = $2 AND revoked_at IS NULL AND used_at IS NULL")
        .bind(&now)
        .bind(shopper_id)
        .execute(db)
        .await?;
    Ok(devices)
}

async fn exists(db: &Db, shopper_id: &str) -> Result<(), ApiError> {
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM shoppers WHERE id = $1")
        .bind(shopper_id)
        .fetch_optional(db)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| ApiError::NotFound(format!("no shopper {shopper_id}")))
}
