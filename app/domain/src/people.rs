//! Supported people: the few encrypted facts the group needs to help someone, shown only to
//! those who need them, and forgotten on schedule. People never log in.
use serde::{Deserialize, Serialize};

/// The only things Vigil keeps about a person, all optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Alias,
    Contact,
    Languages,
    Note,
    CaseRef,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Alias,
        Field::Contact,
        Field::Languages,
        Field::Note,
        Field::CaseRef,
    ];
    /// Shown to volunteers and accompaniers on the person's watch or hearing, around its time.
    pub const FOR_HELPERS: [Field; 3] = [Field::Alias, Field::Languages, Field::Note];

    /// Column name, form field name, and part of each ciphertext's associated data.
    pub fn column(self) -> &'static str {
        match self {
            Field::Alias => "alias",
            Field::Contact => "contact",
            Field::Languages => "languages",
            Field::Note => "note",
            Field::CaseRef => "case_ref",
        }
    }

    pub fn max_chars(self) -> usize {
        match self {
            Field::Note => 280,
            _ => 80,
        }
    }
}

/// One field as a viewer may see it. Its `Debug` never shows the value, and on the server
/// the text is wiped from memory when dropped.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub enum FieldValue {
    Empty,
    Value(String),
    /// The ciphertext failed to decrypt (tampered, moved, or its key is gone).
    Unreadable,
}

impl std::fmt::Debug for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldValue::Empty => f.write_str("Empty"),
            FieldValue::Value(_) => f.write_str("Value([REDACTED])"),
            FieldValue::Unreadable => f.write_str("Unreadable"),
        }
    }
}

impl Drop for FieldValue {
    fn drop(&mut self) {
        if let FieldValue::Value(text) = self {
            zeroize::Zeroize::zeroize(text);
        }
    }
}

/// A person as shown to someone allowed to see them (only the fields they may see).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub id: i64,
    pub fields: Vec<(Field, FieldValue)>,
    /// Coordinators only: when the person will be forgotten (UTC date, YYYY-MM-DD).
    pub forget_on: Option<String>,
}

impl PersonView {
    pub fn get(&self, field: Field) -> Option<&FieldValue> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v)
    }
    pub fn text(&self, field: Field) -> String {
        match self.get(field) {
            Some(FieldValue::Value(v)) => v.clone(),
            _ => String::new(),
        }
    }
    pub fn is_unreadable(&self) -> bool {
        self.fields
            .iter()
            .any(|(_, v)| *v == FieldValue::Unreadable)
    }
    /// The alias, or a neutral label by id.
    pub fn display_name(&self) -> String {
        match self.get(Field::Alias) {
            Some(FieldValue::Value(v)) if !v.is_empty() => v.clone(),
            Some(FieldValue::Unreadable) => "Unreadable record".into(),
            _ => format!("Person #{}", self.id),
        }
    }
}

/// An audit entry: ids and an action, never personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub person_id: i64,
    pub action: String,
}

/// Why something about a supported person was refused: *what* went wrong (never what was
/// typed: a refusal must not carry a person's data), for the web layer to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// Longer than the field's `max_chars`: only what the team needs.
    TooLong {
        max: usize,
    },
    /// Control characters that can't be stored.
    Unstorable,
    NotADate,
    /// A forget date before today (erasing now is its own action).
    ForgetInPast,
    /// A forget date more than a year ahead.
    ForgetTooFar,
    /// An event date more than `FURTHEST_AHEAD` from now: a mistyped year, most likely.
    TooFarAhead,
}

/// Checks one field's input; the refusal names the problem, never the content.
pub fn validate_field(field: Field, value: &str) -> Result<String, Refusal> {
    let value = value.trim();
    if value.chars().count() > field.max_chars() {
        return Err(Refusal::TooLong {
            max: field.max_chars(),
        });
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Refusal::Unstorable);
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_a_value() {
        let view = PersonView {
            id: 3,
            fields: vec![(Field::Alias, FieldValue::Value("Rosa".into()))],
            forget_on: None,
        };
        let shown = format!("{view:?}");
        assert!(
            !shown.contains("Rosa") && shown.contains("REDACTED"),
            "{shown}"
        );
    }
}

/// A person's form as sent: one text per sealed field (empty = not kept).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub alias: String,
    pub contact: String,
    pub languages: String,
    pub note: String,
    pub case_ref: String,
}

impl PersonForm {
    pub fn value(&self, field: Field) -> &str {
        match field {
            Field::Alias => &self.alias,
            Field::Contact => &self.contact,
            Field::Languages => &self.languages,
            Field::Note => &self.note,
            Field::CaseRef => &self.case_ref,
        }
    }
}
