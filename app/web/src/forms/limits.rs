//! How much a request may send, and the page for one that sent more (answered before any
//! handler runs, by the server's `limit_bodies`).
use crate::i18n::Lang;

/// The most a form may send: far more than any form's fields (the longest note is a few
/// hundred characters), little enough that nobody can make the server hold much.
pub const FORM_LIMIT: usize = 64 * 1024;
/// The most a docket upload may send (a 2 MB file, and its text sent back with the preview).
pub const UPLOAD_LIMIT: usize = 8 * 1024 * 1024;

/// The body limit for a request to `path`. Enforced for every request before any handler
/// runs (the server's `limit_bodies`), so nothing half-reads a body or acts on part of one.
pub fn body_limit(path: &str) -> usize {
    if path == crate::routes::HEARINGS_IMPORT {
        UPLOAD_LIMIT
    } else {
        FORM_LIMIT
    }
}

/// The page for a request over `limit`, in `lang`: the limit in words, and that nothing was
/// saved.
pub fn too_large_page(lang: Lang, limit: usize) -> String {
    let size = if limit >= 1024 * 1024 {
        format!("{} MB", limit / (1024 * 1024))
    } else {
        format!("{} KB", limit / 1024)
    };
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head><body><main><h1>{}</h1>\
         <p>{}</p><p>{}</p><p><a href=\"/\">{}</a></p></main></body></html>",
        lang.code(),
        t!(lang, errors.too_large.title),
        t!(lang, errors.too_large.heading),
        t!(lang, errors.too_large.what, size = size),
        t!(lang, errors.too_large.again),
        t!(lang, errors.too_large.home),
    )
}
