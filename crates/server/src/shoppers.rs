//! The organizer's shoppers: names, one-time sign-in links with their QR code (the only place a link is
//! built), and how long an invite works. Revoking a shopper's devices makes their requests get 401; the app
//! keeps their unsent work and says so.

use qrcode::render::svg;
use qrcode::QrCode;
use serde::Serialize;

use crate::error::{Error, Reason, Result};
use crate::secrets;
pub use crate::store::ShopperSummary;

/// How long an invite link works.
pub const INVITE_DAYS: i64 = 7;

/// A shopper's name, trimmed and in NFC, if it has 1 to 100 characters and no control or invisible character.
pub fn checked_name(name: &str) -> Result<String> {
    let name = crate::names::normalised(name);
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::Refused(Reason::ShopperName));
    }
    if let Some(character) = crate::names::first_forbidden(&name) {
        return Err(Error::Refused(Reason::InvisibleCharacter(character)));
    }
    Ok(name)
}

/// When an invite made now stops working.
pub fn invite_expiry() -> String {
    secrets::timestamp(time::OffsetDateTime::now_utc() + time::Duration::days(INVITE_DAYS))
}

/// The one-time sign-in link for `code`. The code rides in the fragment: browsers never send it to a server
/// or put it in a Referer.
pub fn sign_in_link(public_url: &str, code: &str) -> String {
    format!("{public_url}/signin#code={code}")
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Invite {
    /// The one-time sign-in link. Shown once: only its hash is stored.
    pub link: String,
    /// The link as a QR code, an SVG image.
    pub qr_svg: String,
    pub expires_at: String,
}

impl Invite {
    pub fn new(public_url: &str, code: &str, expires_at: String) -> Result<Invite> {
        let link = sign_in_link(public_url, code);
        let qr_svg = QrCode::new(link.as_bytes())
            .map_err(|e| Error::Internal(format!("the link cannot be made a QR code: {e}")))?
            .render::<svg::Color<'_>>()
            .min_dimensions(240, 240)
            .build();
        Ok(Invite {
            link,
            qr_svg,
            expires_at,
        })
    }
}
