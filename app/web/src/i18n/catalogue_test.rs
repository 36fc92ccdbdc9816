//! The catalogue test: every key in every language, and the same `{placeholder}`s in each
//! (the build refuses a catalogue that fails this; this test says so in a test report too,
//! and checks what was compiled in: no empty text anywhere).
use super::{Lang, TEXT};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, inner, out);
            }
        }
        serde_json::Value::String(text) => {
            out.insert(prefix.to_string(), text.clone());
        }
        other => panic!("{prefix}: {other} is neither text nor a group"),
    }
}

fn catalogue(code: &str) -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(code);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            let area = path.file_stem().unwrap().to_string_lossy().into_owned();
            let value: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            flatten(&area, &value, &mut out);
        }
    }
    out
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
        .collect()
}

#[test]
fn every_key_is_in_every_language_with_the_same_placeholders() {
    let english = catalogue(Lang::DEFAULT.code());
    assert!(
        english.len() > 500,
        "found the catalogue ({} texts)",
        english.len()
    );
    for lang in Lang::ALL {
        let other = catalogue(lang.code());
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(
            extra.is_empty(),
            "{} has keys English lacks: {extra:?}",
            lang.code()
        );
        // A plural's "one" form may leave out `{n}` ("in an hour"); the forms together carry it.
        let differ: Vec<_> = english
            .iter()
            .filter(|(key, text)| {
                let base = |k: &str| {
                    k.trim_end_matches(".one")
                        .trim_end_matches(".other")
                        .to_string()
                };
                let mine: BTreeSet<_> = english
                    .iter()
                    .filter(|(k, _)| base(k) == base(key))
                    .flat_map(|(_, t)| placeholders(t))
                    .collect();
                let theirs: BTreeSet<_> = other
                    .iter()
                    .filter(|(k, _)| base(k) == base(key))
                    .flat_map(|(_, t)| placeholders(t))
                    .collect();
                let _ = text;
                mine != theirs
            })
            .map(|(key, _)| key)
            .collect();
        assert!(
            differ.is_empty(),
            "{}: placeholders differ in {differ:?}",
            lang.code()
        );
    }
}

#[test]
fn nothing_compiled_in_is_blank() {
    for lang in Lang::ALL {
        let blank = TEXT[lang as usize]
            .iter()
            .filter(|t| t.trim().is_empty())
            .count();
        assert_eq!(blank, 0, "{} has {blank} blank texts", lang.code());
    }
}
