//! Text-message replies as commands, in English and Spanish, whatever the case or accents:
//! what a member can answer to a call-out or a reminder.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// "YES", "SI": take a seat on the call-out answered.
    Yes,
    /// "C", "CONFIRM", "CONFIRMO": I'll be there (to a reminder).
    Confirm,
    /// "NO", "CANCEL", "CANCELAR": I can't come (to a reminder).
    Cancel,
    /// "STOP" and the carriers' synonyms: no more texts to this number.
    Stop,
    /// "START", "UNSTOP": texts again.
    Start,
    /// "RIDE", "VIAJE": a supported person asks for a ride to their hearing.
    Ride,
    /// "HELP", "AYUDA", and anything not understood.
    Help,
}

/// The carriers' opt-out words (CTIA's list, and Spanish), which must always stop texts,
/// whatever was sent before; "CANCEL" is both, see `Command::read`.
const STOP_WORDS: [&str; 8] = [
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "END",
    "QUIT",
    "PARAR",
    "ALTO",
    "BAJA",
];

impl Command {
    /// Reads a reply's first word. `answers_reminder`: the last text to this number was a
    /// reminder, so "CANCEL" means "I can't come" rather than the carriers' opt-out.
    pub fn read(text: &str, answers_reminder: bool) -> Command {
        let word: String = text
            .split_whitespace()
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_alphanumeric())
            .map(|c| match c {
                'í' | 'Í' => 'I',
                'á' | 'Á' => 'A',
                'ó' | 'Ó' => 'O',
                other => other,
            })
            .collect::<String>()
            .to_uppercase();
        match word.as_str() {
            w if STOP_WORDS.contains(&w) => Command::Stop,
            "CANCEL" | "CANCELAR" if !answers_reminder => Command::Stop,
            "START" | "UNSTOP" | "INICIAR" | "ALTA" => Command::Start,
            "YES" | "Y" | "SI" | "S" => Command::Yes,
            "C" | "CONFIRM" | "CONFIRMED" | "CONFIRMAR" | "CONFIRMO" => Command::Confirm,
            "NO" | "N" | "CANCEL" | "CANCELAR" => Command::Cancel,
            "RIDE" | "VIAJE" | "RAITE" => Command::Ride,
            _ => Command::Help,
        }
    }
}

/// What Vigil texts back (or texts on its own that is not a notice): put into words by
/// the web layer, in the member's language, like a `Message`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reply", rename_all = "snake_case")]
pub enum Reply {
    /// The code that verifies this number for this channel.
    Code { code: String },
    /// "YES" took a seat on the call-out's shift.
    CallOutTaken,
    /// "YES", but the call-out's seats were taken.
    CallOutFilled,
    /// "C": noted that they are coming.
    Confirmed,
    /// "NO" before the cutoff: their seat is given up.
    Dropped,
    /// "NO" after the cutoff: the coordinators were told they can't come.
    CantComeTold,
    /// "STOP": no more texts to this number by this channel; "START" to undo.
    Stopped,
    /// "START": texts again.
    Started,
    /// Anything not understood, or a command with nothing to answer.
    Help,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_read_in_either_language_and_any_case() {
        assert_eq!(Command::read("yes", false), Command::Yes);
        assert_eq!(Command::read(" Sí, voy!", false), Command::Yes);
        assert_eq!(Command::read("c", true), Command::Confirm);
        assert_eq!(Command::read("Confirmo", true), Command::Confirm);
        assert_eq!(Command::read("no", true), Command::Cancel);
        assert_eq!(Command::read("cancelar", true), Command::Cancel);
        assert_eq!(Command::read("STOP", true), Command::Stop);
        assert_eq!(Command::read("unsubscribe", false), Command::Stop);
        assert_eq!(Command::read("Parar", false), Command::Stop);
        assert_eq!(Command::read("start", false), Command::Start);
        assert_eq!(Command::read("what time?", false), Command::Help);
        assert_eq!(Command::read("", false), Command::Help);
    }

    #[test]
    fn cancel_is_an_opt_out_unless_it_answers_a_reminder() {
        assert_eq!(Command::read("CANCEL", false), Command::Stop);
        assert_eq!(Command::read("CANCEL", true), Command::Cancel);
    }
}
