//! Members' phone numbers, as typed on the profile, to E.164 ("+15551234567").
//!
//! Hand-written rather than `phonenumber` (libphonenumber's metadata, a heavy build on two
//! cores, and this crate is compiled to wasm): the check only has to turn what people type
//! into one canonical form; whether the number is real is proven by the code sent to it.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhoneRefusal {
    /// Not a phone number: letters, too short or too long.
    NotANumber,
    /// National digits of the wrong length for the group's country (add the country code).
    NeedsCountryCode,
}

/// E.164: a plus and 8 to 15 digits, the first not 0.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reads a number as people write it: "+1 (555) 123-4567", "00 52 55 1234 5678",
    /// "555.123.4567". Without an international prefix it is national to `country` (the
    /// group's calling code, e.g. "1"); a national trunk prefix ("0", or "1" in North
    /// America) is dropped.
    pub fn parse(typed: &str, country: &str) -> Result<Phone, PhoneRefusal> {
        let typed = typed.trim();
        if typed
            .chars()
            .any(|c| !(c.is_ascii_digit() || " ()-./+".contains(c)))
        {
            return Err(PhoneRefusal::NotANumber);
        }
        let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
        let international = if typed.starts_with('+') {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_string()
        } else if country == "1" {
            // The North American plan: ten digits, or eleven with the leading 1.
            match digits.len() {
                10 => format!("1{digits}"),
                11 if digits.starts_with('1') => digits,
                _ => return Err(PhoneRefusal::NeedsCountryCode),
            }
        } else {
            let national = digits.strip_prefix('0').unwrap_or(&digits);
            if national.len() < 6 {
                return Err(PhoneRefusal::NotANumber);
            }
            format!("{country}{national}")
        };
        if !(8..=15).contains(&international.len()) || international.starts_with('0') {
            return Err(PhoneRefusal::NotANumber);
        }
        if international.starts_with('1') && international.len() != 11 {
            return Err(PhoneRefusal::NotANumber);
        }
        Ok(Phone(format!("+{international}")))
    }

    /// A number from a gateway (a reply's sender): gateways differ on the "+".
    pub fn from_gateway(raw: &str) -> Option<Phone> {
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let digits = digits.strip_prefix("00").unwrap_or(&digits).to_string();
        (8..=15)
            .contains(&digits.len())
            .then(|| Phone(format!("+{digits}")))
    }

    /// The last digits only, for the profile's "code sent to …" and coordinators' lists
    /// where the whole number isn't needed.
    pub fn masked(&self) -> String {
        let tail: String = self
            .0
            .chars()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("•••{tail}")
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_people_type_becomes_e164() {
        let us = |s| Phone::parse(s, "1").map(|p| p.0);
        assert_eq!(us("(555) 123-4567").unwrap(), "+15551234567");
        assert_eq!(us("1 555 123 4567").unwrap(), "+15551234567");
        assert_eq!(us("+1 555.123.4567").unwrap(), "+15551234567");
        assert_eq!(us("+52 55 1234 5678").unwrap(), "+525512345678");
        assert_eq!(us("0052 55 1234 5678").unwrap(), "+525512345678");
        assert_eq!(us("123-4567"), Err(PhoneRefusal::NeedsCountryCode));
        assert_eq!(us("call me"), Err(PhoneRefusal::NotANumber));
        assert_eq!(us("+1 555 123"), Err(PhoneRefusal::NotANumber));
        assert_eq!(
            Phone::parse("020 7946 0018", "44").unwrap().0,
            "+442079460018"
        );
    }

    #[test]
    fn gateway_numbers_are_read_with_or_without_the_plus() {
        assert_eq!(
            Phone::from_gateway("15551234567"),
            Phone::from_gateway("+15551234567")
        );
        assert_eq!(Phone::from_gateway("12"), None);
        assert_eq!(Phone::parse("5551234567", "1").unwrap().masked(), "•••67");
    }
}
