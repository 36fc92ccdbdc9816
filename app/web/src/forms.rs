//! Forms that work without JavaScript: a plain POST to the page's own address. When input
//! is wrong the server renders the same page again with a message beside each field and
//! everything the person typed still in place (`FormEcho`). With JavaScript on, the page
//! script (`shell/page.js`, no wasm) shows progress on the submit button and stops a second
//! send on a slow connection.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a rejected POST sends back to its page: the values typed and what to fix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormEcho {
    /// The `action` of the form this belongs to (a page may have several forms).
    pub form: String,
    pub values: Vec<(String, String)>,
    /// A message for the whole form.
    pub error: Option<String>,
    pub field_errors: Vec<(String, String)>,
}

impl FormEcho {
    pub fn new(form: &str) -> Self {
        FormEcho {
            form: form.to_string(),
            ..Default::default()
        }
    }
    pub fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
    pub fn has_value(&self, name: &str, value: &str) -> bool {
        self.values.iter().any(|(k, v)| k == name && v == value)
    }
    pub fn field_error(&self, name: &str) -> Option<String> {
        self.field_errors
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
    pub fn with_field_error(mut self, name: &str, message: impl Into<String>) -> Self {
        self.field_errors.push((name.to_string(), message.into()));
        self
    }
    /// Each field's problem, in words, beside its field.
    #[cfg(feature = "ssr")]
    pub fn with_field_errors(mut self, errors: vigil_domain::FieldErrors) -> Self {
        for (field, error) in errors {
            self = self.with_field_error(field, crate::kernel::refusals::say(&error));
        }
        self
    }
    pub fn with_error(mut self, message: impl Into<String>) -> Self {
        self.error = Some(message.into());
        self
    }
    pub fn is_ok(&self) -> bool {
        self.error.is_none() && self.field_errors.is_empty()
    }
}

/// The echo for one form, if the page was rendered after that form was rejected.
#[derive(Clone, Default)]
struct CurrentEcho(Option<FormEcho>);

/// Makes field ids unique when a page has several forms with the same field names (each
/// label must point at its own form's input).
#[derive(Clone, Copy)]
struct FieldIds(&'static str);

fn field_id(name: &str) -> String {
    match use_context::<FieldIds>() {
        Some(FieldIds(prefix)) if !prefix.is_empty() => format!("f-{prefix}-{name}"),
        _ => format!("f-{name}"),
    }
}

/// A form that posts to `action` and shows `echo`'s messages when it belongs to it.
#[component]
pub fn PostForm(
    #[prop(into)] action: String,
    #[prop(optional)] echo: Option<FormEcho>,
    #[prop(optional)] class: &'static str,
    /// A prefix for this form's field ids, for pages with several forms sharing field names.
    #[prop(optional)]
    ids: &'static str,
    children: Children,
) -> impl IntoView {
    provide_context(FieldIds(ids));
    let echo = echo.filter(|e| e.form == action);
    let error = echo.as_ref().and_then(|e| e.error.clone());
    let has_field_errors = echo.as_ref().is_some_and(|e| !e.field_errors.is_empty());
    provide_context(CurrentEcho(echo));
    view! {
        <form method="post" action=action class=class>
            {error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {has_field_errors.then(|| view! {
                <p class="form-error" role="alert">"Please check the fields marked below."</p>
            })}
            {children()}
        </form>
    }
}

fn echo_value(name: &str) -> Option<String> {
    use_context::<CurrentEcho>()
        .and_then(|e| e.0)
        .and_then(|e| e.value(name))
}

fn echo_error(name: &str) -> Option<String> {
    use_context::<CurrentEcho>()
        .and_then(|e| e.0)
        .and_then(|e| e.field_error(name))
}

/// A labelled input. `value` is the stored value; a rejected POST's echo takes precedence.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    let id = field_id(name);
    let value = echo_value(name).unwrap_or(value);
    let error = echo_error(name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = match (hint.is_empty(), error.is_some()) {
        (true, false) => None,
        (false, false) => Some(hint_id.clone()),
        (true, true) => Some(error_id.clone()),
        (false, true) => Some(format!("{hint_id} {error_id}")),
    };
    view! {
        <div class="field" class:has-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {error.clone().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=described
            />
        </div>
    }
}

/// A labelled multi-line text input.
#[component]
pub fn TextArea(
    name: &'static str,
    label: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] hint: &'static str,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let id = field_id(name);
    let value = echo_value(name).unwrap_or(value);
    let error = echo_error(name);
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field" class:has-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
            <textarea id=id name=name rows=rows aria-invalid=error.is_some().then_some("true")
                aria-describedby=(!hint.is_empty()).then_some(hint_id)>{value}</textarea>
        </div>
    }
}

/// A labelled drop-down of `(value, label)` options; `selected` unless the echo says otherwise.
#[component]
pub fn SelectField(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    let id = field_id(name);
    let selected = echo_value(name).unwrap_or(selected);
    let error = echo_error(name);
    view! {
        <div class="field" class:has-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            {error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
            <select id=id name=name aria-invalid=error.is_some().then_some("true")>
                {options.into_iter().map(|(value, text)| {
                    let is_selected = value == selected;
                    view! { <option value=value selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A checkbox in a group: several may share `name`.
#[component]
pub fn CheckBox(
    name: &'static str,
    value: &'static str,
    label: &'static str,
    #[prop(optional)] checked: bool,
) -> impl IntoView {
    let echo = use_context::<CurrentEcho>().and_then(|e| e.0);
    let checked = match &echo {
        Some(e) => e.has_value(name, value),
        None => checked,
    };
    let id = field_id(&format!("{name}-{value}"));
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() name=name value=value checked=checked />
            <label for=id>{label}</label>
        </div>
    }
}

/// A field-level error for groups (e.g. checkboxes) that have no single input.
#[component]
pub fn GroupError(name: &'static str) -> impl IntoView {
    echo_error(name).map(|e| view! { <p class="field-error">{e}</p> })
}

#[component]
pub fn Hidden(name: &'static str, #[prop(into)] value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value /> }
}

/// The submit button (the page script shows "Sending…" on it while the form is on its way).
#[component]
pub fn SubmitButton(label: &'static str, #[prop(optional)] class: &'static str) -> impl IntoView {
    view! { <button type="submit" class=format!("button {class}")>{label}</button> }
}

/// A one-button form to `action` (sign up, drop, check in…), optionally carrying the page
/// to come back to.
#[component]
pub fn ActionButton(
    action: String,
    label: &'static str,
    echo: FormEcho,
    #[prop(optional)] back: &'static str,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    view! {
        <PostForm action echo class="inline">
            {(!back.is_empty()).then(|| view! { <Hidden name="back" value=back /> })}
            <SubmitButton label class=if secondary { "secondary" } else { "" } />
        </PostForm>
    }
}

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

/// The page for a request over `limit`: the limit in words, and that nothing was saved.
pub fn too_large_page(limit: usize) -> String {
    let size = if limit >= 1024 * 1024 {
        format!("{} MB", limit / (1024 * 1024))
    } else {
        format!("{} KB", limit / 1024)
    };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Too much sent — Vigil</title></head><body><main><h1>That was more than Vigil takes</h1>\
         <p>What you sent is larger than {size}, the most this form accepts. Nothing was saved.</p>\
         <p>Go back, shorten what you typed (or split the file into smaller ones), and send it again.</p>\
         <p><a href=\"/\">Vigil home</a></p></main></body></html>"
    )
}

/// Server side: splits a form POST into its head and its fields (these forms are small).
#[cfg(feature = "ssr")]
pub async fn read_form(req: axum::extract::Request) -> (http::request::Parts, FormData) {
    let (parts, body) = req.into_parts();
    // Over-limit bodies were answered 413 before reaching here (see `body_limit`).
    let bytes = axum::body::to_bytes(body, UPLOAD_LIMIT)
        .await
        .unwrap_or_default();
    (parts, FormData::parse(&bytes))
}

/// Server side: a form POST, read whole: the request's head (to render its page again) and
/// its fields. A handler takes it last, after `Actor`, as `Posted(parts, form): Posted`.
#[cfg(feature = "ssr")]
pub struct Posted(pub http::request::Parts, pub FormData);

#[cfg(feature = "ssr")]
impl<S: Send + Sync> axum::extract::FromRequest<S> for Posted {
    type Rejection = std::convert::Infallible;

    async fn from_request(req: axum::extract::Request, _: &S) -> Result<Self, Self::Rejection> {
        let (parts, form) = read_form(req).await;
        Ok(Posted(parts, form))
    }
}

/// Server side: the page at the request's path again, with the echo and `status`.
#[cfg(feature = "ssr")]
pub async fn reject(
    state: &crate::state::AppState,
    parts: http::request::Parts,
    echo: FormEcho,
    status: http::StatusCode,
) -> axum::response::Response {
    crate::shell::render_with_echo(state, parts, echo, status).await
}

/// Server side: the same, for an error from the domain (its message, its status).
#[cfg(feature = "ssr")]
pub async fn reject_with_error(
    state: &crate::state::AppState,
    parts: http::request::Parts,
    echo: FormEcho,
    err: impl Into<crate::error::AppError>,
) -> axum::response::Response {
    let err = err.into();
    err.log_at_edge();
    let status = http::StatusCode::from_u16(err.status_code())
        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    reject(state, parts, echo.with_error(err.to_string()), status).await
}

/// Server side: the same, with a message beside each field.
#[cfg(feature = "ssr")]
pub async fn reject_fields(
    state: &crate::state::AppState,
    parts: http::request::Parts,
    echo: FormEcho,
    errors: vigil_domain::FieldErrors,
) -> axum::response::Response {
    let echo = echo.with_field_errors(errors);
    reject(state, parts, echo, http::StatusCode::UNPROCESSABLE_ENTITY).await
}

/// Server side: a rejected form is shown on its page (`page`), not at the action's own
/// address (`/shifts/3/sign-up` is rendered as `/shifts/3`).
#[cfg(feature = "ssr")]
pub fn on_page(mut parts: http::request::Parts, page: &str) -> http::request::Parts {
    if let Ok(uri) = page.parse() {
        parts.uri = uri;
    }
    parts
}

/// Server side: what a form came to, and so what its handler answers. Every form in Vigil
/// ends one of these three ways; `answer` is the one place that turns them into a response.
#[cfg(feature = "ssr")]
pub enum FormOutcome {
    /// Done: see this address (a page with `?done=<code>`, from `routes::done`).
    Done(String),
    /// The fields to fix: the page again, each message beside its field (422).
    Fix(vigil_domain::FieldErrors),
    /// Refused or failed: the page again with the message, at the error's status.
    Failed(crate::error::AppError),
}

#[cfg(feature = "ssr")]
impl FormOutcome {
    /// A use case's answer that may name fields to fix; `to` says where success goes.
    pub fn of<T, E: Into<crate::error::AppError>>(
        result: Result<Result<T, vigil_domain::FieldErrors>, E>,
        to: impl FnOnce(T) -> String,
    ) -> Self {
        match result {
            Ok(Ok(value)) => FormOutcome::Done(to(value)),
            Ok(Err(errors)) => FormOutcome::Fix(errors),
            Err(err) => FormOutcome::Failed(err.into()),
        }
    }

    /// A use case's answer with no fields to name.
    pub fn of_action<T, E: Into<crate::error::AppError>>(
        result: Result<T, E>,
        to: impl FnOnce(T) -> String,
    ) -> Self {
        match result {
            Ok(value) => FormOutcome::Done(to(value)),
            Err(err) => FormOutcome::Failed(err.into()),
        }
    }

    /// The response: a redirect, or the page rendered again with what was typed (`echo`).
    pub async fn answer(
        self,
        state: &crate::state::AppState,
        parts: http::request::Parts,
        echo: FormEcho,
    ) -> axum::response::Response {
        match self {
            FormOutcome::Done(to) => see(to),
            FormOutcome::Fix(errors) => reject_fields(state, parts, echo, errors).await,
            FormOutcome::Failed(err) => reject_with_error(state, parts, echo, err).await,
        }
    }
}

/// Server side: after a form succeeded, to its page (with `?done=…`).
#[cfg(feature = "ssr")]
pub fn see(path: String) -> axum::response::Response {
    axum::response::IntoResponse::into_response(axum::response::Redirect::to(&path))
}

/// Server side: parse a urlencoded body, keep every value (checkbox groups repeat a name).
#[cfg(feature = "ssr")]
pub struct FormData(pub Vec<(String, String)>);

#[cfg(feature = "ssr")]
impl FormData {
    pub fn parse(body: &[u8]) -> Self {
        FormData(url::form_urlencoded::parse(body).into_owned().collect())
    }
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    /// The form as its typed shape (a `#[derive(Deserialize)]` struct of strings, every field
    /// defaulted): the first value of each name, as `get` reads it; names it doesn't know
    /// (the CSRF token, `back`) are ignored. The domain checks the strings; nothing a person
    /// sends makes this fail (a shape that cannot be read is an empty form, which fails its
    /// checks by name while the echo keeps what was typed).
    pub fn decode<T: serde::de::DeserializeOwned + Default>(&self) -> T {
        use serde::de::value::{Error, MapDeserializer};
        let mut seen = std::collections::HashSet::new();
        let first = self
            .0
            .iter()
            .filter(|(k, _)| seen.insert(k.as_str()))
            .map(|(k, v)| (k.as_str(), v.as_str()));
        T::deserialize(MapDeserializer::<_, Error>::new(first)).unwrap_or_default()
    }
    /// An echo of everything typed, except fields that must never be sent back (tokens).
    pub fn echo(&self, form: &str, except: &[&str]) -> FormEcho {
        FormEcho {
            form: form.to_string(),
            values: self
                .0
                .iter()
                .filter(|(k, _)| !except.contains(&k.as_str()))
                .cloned()
                .collect(),
            ..Default::default()
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::FormData;

    #[derive(Debug, Default, serde::Deserialize, PartialEq)]
    #[serde(default)]
    struct Sent {
        name: String,
        unit: String,
    }

    #[test]
    fn a_form_decodes_to_its_typed_shape_whatever_was_sent() {
        let form = FormData::parse(b"name=Fare+card&csrf=x&name=again&extra=%FF");
        assert_eq!(
            form.decode::<Sent>(),
            Sent {
                name: "Fare card".into(),
                unit: String::new()
            },
            "the first value of a name, as `get` reads it; unknown names ignored"
        );
        assert_eq!(
            FormData::parse(b"%%%&=&==").decode::<Sent>(),
            Sent::default()
        );
    }
}
