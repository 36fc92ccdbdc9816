//! Compiles the translation catalogue (`locales/<language>/<area>.json`) into the crate:
//! the languages (one per folder), a constant per key (`k::watches::sign_up`), and each
//! language's strings as a static array. A key missing in one language, a key only one
//! language has, a plural in one and not the other, or a `{placeholder}` that differs between
//! languages stops the build here, naming the file and the key: a translator's slip is a
//! build error, never a blank or an English word on a Spanish page.
//!
//! A value is a string (`"Sign up"`), or a plural: `{"one": "1 seat", "other": "{n} seats"}`.
//! Keys are snake_case; nested objects are groups. `language.json` in each folder holds
//! `name` (the language's own name, for the switch) and `plural_one` (the counts that take
//! the "one" form, e.g. "1"; empty for a language without the distinction).
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The language the others are checked against, and the fallback for an unknown code.
const DEFAULT: &str = "en";

#[derive(Clone, PartialEq)]
enum Entry {
    Text(String),
    Plural { one: String, other: String },
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("locales");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut languages: BTreeMap<String, BTreeMap<String, Entry>> = BTreeMap::new();
    for dir in sorted(&root) {
        if !dir.is_dir() {
            continue;
        }
        println!("cargo::rerun-if-changed={}", dir.display());
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        check_code(&code);
        let mut entries = BTreeMap::new();
        for file in sorted(&dir) {
            if file.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            println!("cargo::rerun-if-changed={}", file.display());
            let area = file.file_stem().unwrap().to_string_lossy().into_owned();
            check_ident(&area, &file);
            let text = std::fs::read_to_string(&file).unwrap();
            let value: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| fail(&format!("{}: not valid JSON: {e}", file.display())));
            let Value::Object(map) = value else {
                fail(&format!("{}: expected an object of keys", file.display()));
            };
            collect(&file, &area, &map, &mut entries);
        }
        languages.insert(code, entries);
    }
    let Some(default) = languages.get(DEFAULT).cloned() else {
        fail(&format!(
            "locales/{DEFAULT}/ is missing: it is the default language"
        ));
    };
    for (code, entries) in &languages {
        compare(DEFAULT, &default, code, entries);
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("catalogue.rs");
    std::fs::write(out, generate(&languages, &default)).unwrap();
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
}

fn fail(message: &str) -> ! {
    panic!("\n\ntranslation catalogue: {message}\n\n");
}

fn check_code(code: &str) {
    let ok = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    if !ok {
        fail(&format!(
            "locales/{code}/: a language folder is named by its code (en, es, ht, pt…)"
        ));
    }
}

fn check_ident(name: &str, file: &Path) {
    let ok = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !ok
        || matches!(
            name,
            "type"
                | "move"
                | "ref"
                | "self"
                | "super"
                | "crate"
                | "fn"
                | "in"
                | "use"
                | "mod"
                | "match"
                | "loop"
                | "box"
        )
    {
        fail(&format!(
            "{}: {name:?} can't be a key: use snake_case letters (and not a Rust keyword)",
            file.display()
        ));
    }
}

fn collect(file: &Path, prefix: &str, map: &Map<String, Value>, out: &mut BTreeMap<String, Entry>) {
    for (key, value) in map {
        let path = format!("{prefix}.{key}");
        match value {
            Value::String(s) => {
                check_ident(key, file);
                out.insert(path, Entry::Text(s.clone()));
            }
            Value::Object(inner)
                if inner.len() == 2 && inner.contains_key("one") && inner.contains_key("other") =>
            {
                check_ident(key, file);
                let text = |k: &str| match &inner[k] {
                    Value::String(s) => s.clone(),
                    _ => fail(&format!("{}: {path}.{k} must be text", file.display())),
                };
                let entry = Entry::Plural {
                    one: text("one"),
                    other: text("other"),
                };
                out.insert(path, entry);
            }
            Value::Object(inner) => {
                check_ident(key, file);
                collect(file, &path, inner, out);
            }
            _ => fail(&format!(
                "{}: {path} must be text, a group of keys, or {{\"one\": …, \"other\": …}}",
                file.display()
            )),
        }
    }
}

/// The `{name}`s in a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end)
                if end > 0
                    && after[..end]
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_') =>
            {
                names.insert(after[..end].to_string());
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

fn entry_placeholders(entry: &Entry) -> BTreeSet<String> {
    match entry {
        Entry::Text(t) => placeholders(t),
        Entry::Plural { one, other } => &placeholders(one) | &placeholders(other),
    }
}

fn compare(
    base_code: &str,
    base: &BTreeMap<String, Entry>,
    code: &str,
    entries: &BTreeMap<String, Entry>,
) {
    let mut problems = Vec::new();
    for (key, entry) in base {
        match entries.get(key) {
            None => problems.push(format!("{key} is missing from locales/{code}/")),
            Some(other) => {
                let plural = |e: &Entry| matches!(e, Entry::Plural { .. });
                if plural(entry) != plural(other) {
                    problems.push(format!(
                        "{key} is a plural in one language and not in the other ({base_code}, {code})"
                    ));
                }
                let (a, b) = (entry_placeholders(entry), entry_placeholders(other));
                if a != b {
                    problems.push(format!(
                        "{key}: locales/{code}/ has placeholders {b:?}, locales/{base_code}/ has {a:?}"
                    ));
                }
            }
        }
    }
    for key in entries.keys() {
        if !base.contains_key(key) {
            problems.push(format!(
                "{key} is in locales/{code}/ but not in locales/{base_code}/ (add it there first)"
            ));
        }
    }
    if !problems.is_empty() {
        fail(&problems.join("\n  "));
    }
}

fn variant(code: &str) -> String {
    let mut c = code.chars();
    c.next().unwrap().to_ascii_uppercase().to_string() + c.as_str()
}

fn literal(s: &str) -> String {
    format!("{s:?}")
}

fn generate(
    languages: &BTreeMap<String, BTreeMap<String, Entry>>,
    default: &BTreeMap<String, Entry>,
) -> String {
    // Each key's slots in the string arrays: one for a text, two (one, other) for a plural.
    let mut slots: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    let mut n = 0;
    for (key, entry) in default {
        let plural = matches!(entry, Entry::Plural { .. });
        slots.insert(key, (n, plural));
        n += if plural { 2 } else { 1 };
    }
    let codes: Vec<&String> = languages.keys().collect();
    let mut out =
        String::from("// Generated by build.rs from locales/: edit the JSON files, not this.\n\n");
    // Languages.
    writeln!(
        out,
        "/// The languages Vigil speaks: one per folder of `locales/`."
    )
    .unwrap();
    writeln!(
        out,
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]"
    )
    .unwrap();
    writeln!(out, "pub enum Lang {{").unwrap();
    for code in &codes {
        writeln!(out, "    {},", variant(code)).unwrap();
    }
    writeln!(out, "}}\n\nimpl Lang {{").unwrap();
    writeln!(
        out,
        "    pub const ALL: [Lang; {}] = [{}];",
        codes.len(),
        codes
            .iter()
            .map(|c| format!("Lang::{}", variant(c)))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();
    writeln!(
        out,
        "    pub const DEFAULT: Lang = Lang::{};",
        variant(DEFAULT)
    )
    .unwrap();
    writeln!(
        out,
        "    /// The language's code, as stored on an account and written in `<html lang>`."
    )
    .unwrap();
    writeln!(
        out,
        "    pub fn code(self) -> &'static str {{\n        match self {{"
    )
    .unwrap();
    for code in &codes {
        writeln!(
            out,
            "            Lang::{} => {},",
            variant(code),
            literal(code)
        )
        .unwrap();
    }
    writeln!(out, "        }}\n    }}").unwrap();
    writeln!(
        out,
        "    pub fn from_code(code: &str) -> Option<Lang> {{\n        match code {{"
    )
    .unwrap();
    for code in &codes {
        writeln!(
            out,
            "            {} => Some(Lang::{}),",
            literal(code),
            variant(code)
        )
        .unwrap();
    }
    writeln!(out, "            _ => None,\n        }}\n    }}").unwrap();
    writeln!(
        out,
        "    #[allow(dead_code)]\n    fn index(self) -> usize {{\n        self as usize\n    }}"
    )
    .unwrap();
    writeln!(
        out,
        "    /// Whether a count of `n` takes the \"one\" form (`language.plural_one`)."
    )
    .unwrap();
    writeln!(
        out,
        "    pub fn is_one(self, n: i64) -> bool {{\n        match self {{"
    )
    .unwrap();
    for code in &codes {
        let rule = match languages[*code].get("language.plural_one") {
            Some(Entry::Text(t)) => t.clone(),
            _ => fail(&format!(
                "locales/{code}/language.json: plural_one is missing (e.g. \"1\")"
            )),
        };
        let counts: Vec<String> = rule
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<i64>()
                    .unwrap_or_else(|_| fail(&format!("locales/{code}/language.json: plural_one is counts separated by commas, e.g. \"0, 1\"")))
                    .to_string()
            })
            .collect();
        let test = if counts.is_empty() {
            "false".to_string()
        } else {
            format!("matches!(n, {})", counts.join(" | "))
        };
        writeln!(out, "            Lang::{} => {test},", variant(code)).unwrap();
    }
    writeln!(out, "        }}\n    }}\n}}\n").unwrap();
    // Keys as nested modules.
    writeln!(
        out,
        "/// Every key of the catalogue, by area and group: `k::watches::sign_up`."
    )
    .unwrap();
    writeln!(
        out,
        "#[allow(non_upper_case_globals, dead_code)]\npub mod k {{"
    )
    .unwrap();
    let mut open: Vec<String> = Vec::new();
    for (key, (slot, plural)) in &slots {
        let mut parts: Vec<&str> = key.split('.').collect();
        let name = parts.pop().unwrap();
        let common = open.iter().zip(&parts).take_while(|(a, b)| a == b).count();
        while open.len() > common {
            open.pop();
            writeln!(out, "{}}}", "    ".repeat(open.len() + 1)).unwrap();
        }
        for part in &parts[common..] {
            writeln!(out, "{}pub mod {part} {{", "    ".repeat(open.len() + 1)).unwrap();
            open.push(part.to_string());
        }
        let indent = "    ".repeat(open.len() + 1);
        if *plural {
            writeln!(
                out,
                "{indent}pub const {name}: crate::i18n::Plural = crate::i18n::Plural({slot}, {});",
                slot + 1
            )
            .unwrap();
        } else {
            writeln!(
                out,
                "{indent}pub const {name}: crate::i18n::Key = crate::i18n::Key({slot});"
            )
            .unwrap();
        }
    }
    while !open.is_empty() {
        open.pop();
        writeln!(out, "{}}}", "    ".repeat(open.len() + 1)).unwrap();
    }
    writeln!(out, "}}\n").unwrap();
    // The strings: server build only (islands get their words as props).
    writeln!(out, "/// Each language's strings, by slot (server build only: the browser bundle carries none).").unwrap();
    writeln!(
        out,
        "#[cfg(feature = \"ssr\")]\nstatic TEXT: [[&str; {n}]; {}] = [",
        codes.len()
    )
    .unwrap();
    for code in &codes {
        writeln!(out, "    [").unwrap();
        for (key, entry) in default {
            let _ = entry;
            match &languages[*code][key] {
                Entry::Text(t) => writeln!(out, "        {},", literal(t)).unwrap(),
                Entry::Plural { one, other } => writeln!(
                    out,
                    "        {},\n        {},",
                    literal(one),
                    literal(other)
                )
                .unwrap(),
            }
        }
        writeln!(out, "    ],").unwrap();
    }
    writeln!(out, "];").unwrap();
    out
}
