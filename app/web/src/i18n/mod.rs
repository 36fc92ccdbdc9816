//! Vigil in the reader's language. The words are in `locales/<language>/<area>.json`, compiled
//! in by `build.rs` (which refuses a key one language lacks, or placeholders that differ), so
//! looking one up is an array index: `t!(lang, watches.sign_up)`.
//!
//! - `t!(lang, area.key)` is the text; `t!(lang, area.key, name = value, …)` fills its
//!   `{name}`s; `tn!(lang, area.key, count, …)` picks the "one" or "other" form and fills
//!   `{n}` with the count.
//! - Which language: `use_lang()` inside a page or server function, the `Lang` extractor in a
//!   form handler (both what `negotiate` chose for the request), an account's own language
//!   for mail, a feed's owner's for the feed (`Lang::of`).
//! - Only the server build carries the strings. The browser bundle has none (a lookup there
//!   gives ""), so an island gets its words as props from the server-rendered page.
use std::fmt::Display;

/// `t!(lang, area.key)` → `&'static str`; `t!(lang, area.key, name = value, …)` → `String`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $($seg:ident).+) => {
        $lang.t($crate::i18n::k::$($seg)::+)
    };
    ($lang:expr, $($seg:ident).+, $($name:ident = $value:expr),+ $(,)?) => {
        $lang.fill(
            $crate::i18n::k::$($seg)::+,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    };
}

/// `tn!(lang, area.key, count)` or `tn!(lang, area.key, count, name = value, …)` → `String`.
#[macro_export]
macro_rules! tn {
    ($lang:expr, $($seg:ident).+, $n:expr) => {
        $lang.count($crate::i18n::k::$($seg)::+, ($n) as i64, &[])
    };
    ($lang:expr, $($seg:ident).+, $n:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $lang.count(
            $crate::i18n::k::$($seg)::+,
            ($n) as i64,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    };
}

#[cfg(all(test, feature = "ssr"))]
mod catalogue_test;
pub mod dates;
#[cfg(feature = "ssr")]
mod negotiate;
pub mod switch;
#[cfg(feature = "ssr")]
pub use negotiate::*;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A text's slot in the catalogue (`k::…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub(crate) usize);

/// A plural's two slots: the "one" form and the "other" form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plural(pub(crate) usize, pub(crate) usize);

impl Lang {
    /// The language for a stored code (an account's, a feed owner's); the default for a code
    /// this build has no catalogue for (a language folder since removed).
    pub fn of(code: &str) -> Lang {
        Lang::from_code(code).unwrap_or(Lang::DEFAULT)
    }

    /// The text of `key`.
    pub fn t(self, key: Key) -> &'static str {
        self.slot(key.0)
    }

    /// The text of `key` with its `{name}`s filled from `args`.
    pub fn fill(self, key: Key, args: &[(&str, &dyn Display)]) -> String {
        fill(self.slot(key.0), args)
    }

    /// The form of `key` for `n`, with `{n}` and the other `{name}`s filled.
    pub fn count(self, key: Plural, n: i64, args: &[(&str, &dyn Display)]) -> String {
        let text = self.slot(if self.is_one(n) { key.0 } else { key.1 });
        let mut all: Vec<(&str, &dyn Display)> = vec![("n", &n)];
        all.extend_from_slice(args);
        fill(text, &all)
    }

    /// A plural's two forms unfilled ("one", "other"), for an island that fills `{n}` itself
    /// (with `is_one`): the browser bundle carries no catalogue to ask.
    pub fn forms(self, key: Plural) -> (&'static str, &'static str) {
        (self.slot(key.0), self.slot(key.1))
    }

    #[cfg(feature = "ssr")]
    fn slot(self, slot: usize) -> &'static str {
        TEXT[self.index()][slot]
    }

    /// The browser bundle carries no catalogue (see the module's doc).
    #[cfg(not(feature = "ssr"))]
    fn slot(self, _slot: usize) -> &'static str {
        ""
    }
}

/// `text` with each `{name}` replaced by its value in `args` (others are left as they are).
fn fill(text: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let value = after.find('}').and_then(|end| {
            args.iter()
                .find(|(name, _)| *name == &after[..end])
                .map(|a| (end, a.1))
        });
        match value {
            Some((end, value)) => {
                use std::fmt::Write;
                let _ = write!(out, "{value}");
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The language of the page being rendered or the server function being answered: what the
/// session gate chose for this request (`negotiate`). The default outside a request.
pub fn use_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Lang>().copied())
            .unwrap_or(Lang::DEFAULT)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Lang::DEFAULT
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_left() {
        let n = 3;
        assert_eq!(
            fill("{n} of {max} signed up {x}", &[("n", &n), ("max", &"4")]),
            "3 of 4 signed up {x}"
        );
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("{", &[]), "{");
    }
}
