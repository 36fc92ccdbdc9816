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
    /// Each field's problem, in words (`lang`), beside its field.
    #[cfg(feature = "ssr")]
    pub fn with_field_errors(
        mut self,
        lang: crate::i18n::Lang,
        errors: vigil_domain::FieldErrors,
    ) -> Self {
        for (field, error) in errors {
            self = self.with_field_error(field, crate::kernel::refusals::say(lang, &error));
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
    /// `multipart/form-data` for a form with a file.
    #[prop(optional)]
    enctype: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    provide_context(FieldIds(ids));
    let echo = echo.filter(|e| e.form == action);
    let error = echo.as_ref().and_then(|e| e.error.clone());
    let has_field_errors = echo.as_ref().is_some_and(|e| !e.field_errors.is_empty());
    provide_context(CurrentEcho(echo));
    view! {
        <form method="post" action=action class=class enctype=enctype>
            {error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {has_field_errors.then(|| view! {
                <p class="form-error" role="alert">{t!(crate::i18n::use_lang(), forms.check_fields)}</p>
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
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: String,
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
    #[prop(into)] label: String,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: String,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let has_hint = !hint.is_empty();
    let id = field_id(name);
    let value = echo_value(name).unwrap_or(value);
    let error = echo_error(name);
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field" class:has-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {has_hint.then(|| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
            <textarea id=id name=name rows=rows aria-invalid=error.is_some().then_some("true")
                aria-describedby=has_hint.then_some(hint_id.clone())>{value}</textarea>
        </div>
    }
}

/// A labelled drop-down of `(value, label)` options; `selected` unless the echo says otherwise.
#[component]
pub fn SelectField(
    name: &'static str,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(optional, into)] hint: String,
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
    #[prop(into)] label: String,
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

/// The submit button (the page script shows `data-sending`, "Sending…", on it while the form
/// is on its way).
#[component]
pub fn SubmitButton(
    #[prop(into)] label: String,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let sending = t!(crate::i18n::use_lang(), forms.sending);
    view! { <button type="submit" class=format!("button {class}") data-sending=sending>{label}</button> }
}

/// A one-button form to `action` (sign up, drop, check in…), optionally carrying the page
/// to come back to.
#[component]
pub fn ActionButton(
    action: String,
    #[prop(into)] label: String,
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

mod limits;
pub use limits::*;
#[cfg(feature = "ssr")]
mod server;
#[cfg(feature = "ssr")]
pub use server::*;
