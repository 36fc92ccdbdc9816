//! Bulk invitations: a pasted list or a CSV, one person a line, checked line by line before
//! anything is sent. The preview is what the coordinator accepts; nothing about it is stored.
use super::{validate_display_name, validate_email, Refusal};
use serde::{Deserialize, Serialize};

/// Lines read from one list (a group chat is tens, a mass-arrest call-out hundreds); the
/// rest is refused as a whole so a wrong file can't queue thousands of mails.
pub const MAX_LINES: usize = 500;

/// What will happen to one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LineStatus {
    /// Gets an invitation when the list is accepted.
    New,
    /// The address has an account already (active, invited or deactivated): nothing sent.
    Member,
    /// The same address earlier in the list (that line's number): sent once.
    Repeated(usize),
    Invalid(Refusal),
}

/// One line of the list as read. `typed` is the line as it came, for the coordinator to
/// recognise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub number: usize,
    pub typed: String,
    pub name: String,
    pub email: String,
    pub status: LineStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub lines: Vec<Line>,
    /// Set (to the number of lines) when the list is longer than `MAX_LINES`.
    pub too_long: Option<usize>,
}

impl Preview {
    fn count(&self, wanted: impl Fn(&LineStatus) -> bool) -> usize {
        self.lines.iter().filter(|l| wanted(&l.status)).count()
    }
    pub fn new_count(&self) -> usize {
        self.count(|s| *s == LineStatus::New)
    }
    pub fn member_count(&self) -> usize {
        self.count(|s| *s == LineStatus::Member)
    }
    pub fn repeated_count(&self) -> usize {
        self.count(|s| matches!(s, LineStatus::Repeated(_)))
    }
    pub fn invalid_count(&self) -> usize {
        self.count(|s| matches!(s, LineStatus::Invalid(_)))
    }
}

/// A line as the reader split it: its fields (one for a pasted "Name <address>" line, the
/// columns for a CSV row).
pub struct RawLine {
    pub number: usize,
    pub typed: String,
    pub fields: Vec<String>,
}

/// A first line naming its columns ("name,email") is a header, not a person.
pub fn is_header(fields: &[String]) -> bool {
    !fields.iter().any(|f| f.contains('@'))
        && fields.iter().any(|f| {
            matches!(
                f.trim().to_lowercase().as_str(),
                "email" | "e-mail" | "address" | "email address" | "correo" | "correo electrónico"
            )
        })
}

/// The name and address in a line's fields: the field with an `@` is the address (written
/// "Name <address>" or bare), the first other non-empty field the name.
pub fn read_entry(fields: &[String]) -> Result<(String, String), Refusal> {
    let mut name = String::new();
    let mut address = None;
    for field in fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
        match (field.contains('@'), address.is_some()) {
            (true, false) => {
                let (before, inside) = angle_address(field);
                address = Some(inside.to_string());
                if name.is_empty() {
                    name = before.trim().trim_matches('"').trim().to_string();
                }
            }
            _ if name.is_empty() => name = field.trim_matches('"').trim().to_string(),
            _ => {}
        }
    }
    let email =
        validate_email(address.as_deref().unwrap_or("")).map_err(|_| Refusal::EmailMalformed)?;
    Ok((validate_display_name(&name)?, email))
}

/// "Ana <ana@example.org>" → ("Ana ", "ana@example.org"); a bare address → ("", address).
fn angle_address(field: &str) -> (&str, &str) {
    match (field.rfind('<'), field.ends_with('>')) {
        (Some(open), true) => (&field[..open], &field[open + 1..field.len() - 1]),
        _ => ("", field),
    }
}

/// Every line's status, given which addresses have accounts already (`is_member`).
pub fn preview(lines: Vec<RawLine>, is_member: impl Fn(&str) -> bool) -> Preview {
    if lines.len() > MAX_LINES {
        return Preview {
            lines: Vec::new(),
            too_long: Some(lines.len()),
        };
    }
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let lines = lines
        .into_iter()
        .map(|raw| {
            let (name, email, status) = match read_entry(&raw.fields) {
                Err(why) => (String::new(), String::new(), LineStatus::Invalid(why)),
                Ok((name, email)) => {
                    let status = if let Some(first) = seen.get(&email) {
                        LineStatus::Repeated(*first)
                    } else if is_member(&email) {
                        LineStatus::Member
                    } else {
                        LineStatus::New
                    };
                    seen.entry(email.clone()).or_insert(raw.number);
                    (name, email, status)
                }
            };
            Line {
                number: raw.number,
                typed: raw.typed,
                name,
                email,
                status,
            }
        })
        .collect();
    Preview {
        lines,
        too_long: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Vec<String> {
        vec![line.to_string()]
    }

    #[test]
    fn names_and_addresses_are_read_in_the_usual_shapes() {
        let read = |f: &[&str]| read_entry(&f.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            read(&["Ana Lopez <Ana@Example.org>"]),
            Ok(("Ana Lopez".into(), "ana@example.org".into()))
        );
        assert_eq!(
            read(&["\"Lopez, Ana\" <ana@example.org>"]),
            Ok(("Lopez, Ana".into(), "ana@example.org".into()))
        );
        assert_eq!(
            read(&["bo@example.org"]),
            Ok(("".into(), "bo@example.org".into()))
        );
        assert_eq!(
            read(&["Cy", "cy@example.org", "extra"]),
            Ok(("Cy".into(), "cy@example.org".into()))
        );
        assert_eq!(
            read(&["di@example.org", "Di"]),
            Ok(("Di".into(), "di@example.org".into()))
        );
        assert_eq!(read(&["not an address"]), Err(Refusal::EmailMalformed));
        assert_eq!(read(&["x@nodot"]), Err(Refusal::EmailMalformed));
        assert!(is_header(&["Name".into(), "Email".into()]));
        assert!(!is_header(&["Name".into(), "a@b.org".into()]));
    }

    #[test]
    fn repeats_count_once_and_members_are_left_out() {
        let raw = ["a@x.org", "bad", "A@X.org", "member@x.org", "b@x.org"]
            .iter()
            .enumerate()
            .map(|(i, l)| RawLine {
                number: i + 1,
                typed: l.to_string(),
                fields: fields(l),
            })
            .collect();
        let p = preview(raw, |e| e == "member@x.org");
        let statuses: Vec<_> = p.lines.iter().map(|l| l.status.clone()).collect();
        assert_eq!(
            statuses,
            vec![
                LineStatus::New,
                LineStatus::Invalid(Refusal::EmailMalformed),
                LineStatus::Repeated(1),
                LineStatus::Member,
                LineStatus::New
            ]
        );
        assert_eq!(
            (
                p.new_count(),
                p.member_count(),
                p.repeated_count(),
                p.invalid_count()
            ),
            (2, 1, 1, 1)
        );
    }
}
