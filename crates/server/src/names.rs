//! Names and links that organizers type or import: one Unicode form (NFC) for every name stored, no control or
//! invisible formatting characters (bidi overrides, zero-width characters) that make a name look like another
//! or reorder what a reviewer reads, one comparison key that catches look-alikes (letter case, full-width
//! letters, ligatures, runs of spaces), and contact links only of the kinds a phone opens safely.

use unicode_normalization::UnicodeNormalization;

/// `text` trimmed, in NFC (a precomposed "å" and "a" + combining ring are one name).
pub fn normalised(text: &str) -> String {
    text.trim().nfc().collect()
}

/// Characters no name or field may hold: controls (tab and line breaks included) and the invisible format
/// characters (Unicode category Cf) that are used to disguise text.
pub fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}'                  // soft hyphen
            | '\u{034F}'                // combining grapheme joiner
            | '\u{061C}'                // Arabic letter mark
            | '\u{115F}' | '\u{1160}'   // Hangul fillers
            | '\u{17B4}' | '\u{17B5}'
            | '\u{180E}'                // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}'   // zero-width space, joiners, LRM/RLM
            | '\u{202A}'..='\u{202E}'   // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}'   // word joiner, invisible operators
            | '\u{2066}'..='\u{206F}'   // bidi isolates and deprecated formats
            | '\u{3164}'                // Hangul filler
            | '\u{FE00}'..='\u{FE0F}'   // variation selectors
            | '\u{FEFF}'                // zero-width no-break space (BOM)
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'   // interlinear annotations
            | '\u{E0000}'..='\u{E007F}' // tags
        )
}

/// The first forbidden character of `text`, written `U+XXXX` for a message.
pub fn first_forbidden(text: &str) -> Option<String> {
    text.chars()
        .find(|&c| forbidden(c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
}

/// The key two names are compared by: NFKC (full-width letters, ligatures and other compatibility forms
/// become plain ones), lower case, and every run of white space one space. "Hertz", "HERTZ", "Ｈｅｒｔｚ" and
/// "Hertz  " have one key. Letters of other scripts that look alike (a Cyrillic "е" in a Latin name) are not
/// caught.
pub fn look_alike_key(text: &str) -> String {
    let folded: String = text.nfkc().collect::<String>().to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `link` is a contact a phone may open: `tel:`, `mailto:` or `https://` (the scheme in any case),
/// with no white space or forbidden character in it. `javascript:`, `data:`, `http:` and every other scheme
/// are refused.
pub fn safe_contact_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    let rest = ["tel:", "mailto:", "https://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    rest.is_some_and(|rest| {
        !rest.is_empty() && !link.chars().any(|c| c.is_whitespace() || forbidden(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stored_in_one_form_and_look_alikes_share_a_key() {
        assert_eq!(normalised(" A\u{030A}s "), "Ås");
        assert_eq!(look_alike_key("Hertz"), look_alike_key("ＨＥＲＴＺ"));
        assert_eq!(look_alike_key("Bil  Utleie"), look_alike_key("bil utleie"));
        assert_eq!(look_alike_key("ﬁnans"), look_alike_key("finans"));
        assert_ne!(look_alike_key("Hertz"), look_alike_key("Hertz 2"));
    }

    #[test]
    fn invisible_and_control_characters_are_found() {
        assert_eq!(first_forbidden("Hertz"), None);
        assert_eq!(first_forbidden("Blåbær & Co."), None);
        assert_eq!(first_forbidden("Her\u{200B}tz").as_deref(), Some("U+200B"));
        assert_eq!(first_forbidden("\u{202E}ztreH").as_deref(), Some("U+202E"));
        assert_eq!(first_forbidden("a\tb").as_deref(), Some("U+0009"));
        assert_eq!(first_forbidden("x\u{E0041}").as_deref(), Some("U+E0041"));
    }

    #[test]
    fn only_tel_mailto_and_https_contacts_are_safe() {
        for safe in [
            "tel:+4722000000",
            "TEL:+47 22",
            "mailto:kundeservice@example.com",
            "https://example.com/chat",
        ] {
            assert_eq!(safe_contact_link(safe), !safe.contains(' '), "{safe}");
        }
        for unsafe_link in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "http://example.com",
            "vbscript:x",
            "//example.com",
            "tel:",
            "https://exa\u{202E}mple.com",
            " javascript:alert(1)",
        ] {
            assert!(!safe_contact_link(unsafe_link), "{unsafe_link}");
        }
    }
}
