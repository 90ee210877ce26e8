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

/// The header of a roster file (every column but `name` may be empty).
pub const ROSTER_HEADER: &str = "name,email,phone,region,capacity";

/// A shopper's roster fields as typed, checked: an e-mail address, a Norwegian phone number (stored as
/// `+47` and 8 digits), a region of at most 100 characters, a capacity from 0 to 1000; empty means not given.
pub fn checked_roster(
    email: &str,
    phone: &str,
    region: &str,
    capacity: &str,
) -> Result<crate::store::RosterFields> {
    let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let email = match given(email) {
        None => None,
        Some(email) => match crate::imports::contact_link(&email).strip_prefix("mailto:") {
            Some(address) if !email.to_ascii_lowercase().starts_with("mailto:") => {
                Some(address.to_owned())
            }
            _ => return Err(Error::Refused(Reason::NotAnEmail(email))),
        },
    };
    let phone = match given(phone) {
        None => None,
        Some(phone) => match crate::imports::contact_link(&phone).strip_prefix("tel:") {
            Some(number) if number.starts_with("+47") && number.len() == 11 => {
                Some(number.to_owned())
            }
            _ => return Err(Error::Refused(Reason::NotAPhone(phone))),
        },
    };
    let region = given(region).map(|r| crate::names::normalised(&r));
    if let Some(region) = &region {
        if region.chars().count() > 100 || crate::names::first_forbidden(region).is_some() {
            return Err(Error::Refused(Reason::ShopperName));
        }
    }
    let capacity = match given(capacity) {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (0..=1000).contains(&n) => Some(n),
            _ => return Err(Error::Refused(Reason::BadCapacity(text))),
        },
    };
    Ok(crate::store::RosterFields {
        email,
        phone,
        region,
        capacity,
    })
}

#[cfg(test)]
mod roster_tests {
    use super::*;

    #[test]
    fn roster_fields_are_checked_and_kept_in_one_form() {
        let fields = checked_roster(" ola@example.no ", "915 55 555", " Vestland ", "45").unwrap();
        assert_eq!(fields.email.as_deref(), Some("ola@example.no"));
        assert_eq!(fields.phone.as_deref(), Some("+4791555555"));
        assert_eq!(fields.region.as_deref(), Some("Vestland"));
        assert_eq!(fields.capacity, Some(45));
        assert_eq!(checked_roster("", "", "", "").unwrap(), Default::default());
        assert!(matches!(
            checked_roster("ola", "", "", ""),
            Err(Error::Refused(Reason::NotAnEmail(_)))
        ));
        assert!(matches!(
            checked_roster("", "123", "", ""),
            Err(Error::Refused(Reason::NotAPhone(_)))
        ));
        assert!(matches!(
            checked_roster("", "", "", "-1"),
            Err(Error::Refused(Reason::BadCapacity(_)))
        ));
        assert!(matches!(
            checked_roster("", "", "", "many"),
            Err(Error::Refused(Reason::BadCapacity(_)))
        ));
    }
}
