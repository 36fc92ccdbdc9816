//! How long a text message is on the air: GSM-7 (160 characters in one segment) unless a
//! character outside that alphabet forces UCS-2 (70). A reminder that becomes two or three
//! segments costs the group two or three times as much, and arrives in pieces on old phones.
use serde::{Deserialize, Serialize};

/// GSM 03.38's basic alphabet (one septet each).
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Its extension table: two septets each (an escape, then the character).
const GSM7_EXTENDED: &str = "^{}\\[~]|€\u{c}";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

/// The units a text takes in its encoding, and how many segments that is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length {
    pub encoding: Encoding,
    pub units: usize,
    pub segments: usize,
}

impl Length {
    /// What fits in one segment in this encoding.
    pub fn single_limit(self) -> usize {
        match self.encoding {
            Encoding::Gsm7 => 160,
            Encoding::Ucs2 => 70,
        }
    }
}

pub fn length(text: &str) -> Length {
    let gsm: Option<usize> = text
        .chars()
        .map(|c| {
            if GSM7_BASIC.contains(c) {
                Some(1)
            } else if GSM7_EXTENDED.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (encoding, units, single, part) = match gsm {
        Some(septets) => (Encoding::Gsm7, septets, 160, 153),
        // UTF-16 code units: an emoji is two.
        None => (Encoding::Ucs2, text.encode_utf16().count(), 70, 67),
    };
    let segments = if units <= single {
        1
    } else {
        units.div_ceil(part)
    };
    Length {
        encoding,
        units,
        segments,
    }
}

/// The text as sent by SMS: letters GSM-7 lacks are written as the nearest it has
/// ("audiencia mañana en la Cárcel" keeps its ñ and loses the accent on the á), so Spanish
/// stays in the 160-character alphabet; typographic quotes and dashes likewise. Anything
/// with no near letter (a name in another script) is kept, and the text goes as UCS-2.
pub fn for_sms(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'á' | 'â' | 'ã' => 'a',
            'Á' | 'À' | 'Â' | 'Ã' => 'A',
            'ê' | 'ë' => 'e',
            'È' | 'Ê' | 'Ë' => 'E',
            'í' | 'î' | 'ï' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
            'ó' | 'ô' | 'õ' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Õ' => 'O',
            'ú' | 'û' => 'u',
            'Ú' | 'Ù' | 'Û' => 'U',
            'ç' => 'Ç',
            '‘' | '’' | '´' | '`' => '\'',
            '“' | '”' | '«' | '»' => '"',
            '–' | '—' => '-',
            '\u{a0}' | '\u{202f}' => ' ',
            other => other,
        })
        .collect::<String>()
        .replace('…', "...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gsm7_counts_septets_and_ucs2_code_units() {
        let plain = length("Shift tomorrow 19:00 at County Jail");
        assert_eq!((plain.encoding, plain.segments), (Encoding::Gsm7, 1));
        assert_eq!(length("a€").units, 3, "the euro sign is an escape plus one");
        assert_eq!(length(&"x".repeat(160)).segments, 1);
        assert_eq!(length(&"x".repeat(161)).segments, 2);
        assert_eq!(length(&"x".repeat(307)).segments, 3);
        let accented = length("Cárcel");
        assert_eq!((accented.encoding, accented.units), (Encoding::Ucs2, 6));
        assert_eq!(length(&"á".repeat(71)).segments, 2);
    }

    #[test]
    fn spanish_stays_in_the_gsm_alphabet() {
        let text = for_sms("Audiencia mañana, mié 9 dic 9:00, Corte de Inmigración. ¿Vienes? “Sí”");
        assert_eq!(length(&text).encoding, Encoding::Gsm7, "{text}");
        assert!(text.contains("mañana") && text.contains("Inmigracion") && text.contains("¿"));
        assert_eq!(length(&for_sms("Здравствуйте")).encoding, Encoding::Ucs2);
    }
}
