//! The server side of forms: reading a POST (`Posted`), answering it (`FormOutcome`: done,
//! fields to fix, or failed), and rendering its page again with what was typed (`reject*`).
use super::{FormEcho, UPLOAD_LIMIT};

/// Server side: splits a form POST into its head and its fields (these forms are small).
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
pub struct Posted(pub http::request::Parts, pub FormData);

impl<S: Send + Sync> axum::extract::FromRequest<S> for Posted {
    type Rejection = std::convert::Infallible;

    async fn from_request(req: axum::extract::Request, _: &S) -> Result<Self, Self::Rejection> {
        let (parts, form) = read_form(req).await;
        Ok(Posted(parts, form))
    }
}

/// Server side: the page at the request's path again, with the echo and `status`.
pub async fn reject(
    state: &crate::state::AppState,
    parts: http::request::Parts,
    echo: FormEcho,
    status: http::StatusCode,
) -> axum::response::Response {
    crate::shell::render_with_echo(state, parts, echo, status).await
}

/// Server side: the same, for an error from the domain (its message, its status).
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
    let words = err.say(lang_of(&parts));
    reject(state, parts, echo.with_error(words), status).await
}

/// Server side: the same, with a message beside each field.
pub async fn reject_fields(
    state: &crate::state::AppState,
    parts: http::request::Parts,
    echo: FormEcho,
    errors: vigil_domain::FieldErrors,
) -> axum::response::Response {
    let echo = echo.with_field_errors(lang_of(&parts), errors);
    reject(state, parts, echo, http::StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The language the session gate chose for the request these parts are of.
pub fn lang_of(parts: &http::request::Parts) -> crate::i18n::Lang {
    parts
        .extensions
        .get::<crate::i18n::Lang>()
        .copied()
        .unwrap_or(crate::i18n::Lang::DEFAULT)
}

/// Server side: a rejected form is shown on its page (`page`), not at the action's own
/// address (`/shifts/3/sign-up` is rendered as `/shifts/3`).
pub fn on_page(mut parts: http::request::Parts, page: &str) -> http::request::Parts {
    if let Ok(uri) = page.parse() {
        parts.uri = uri;
    }
    parts
}

/// Server side: what a form came to, and so what its handler answers. Every form in Vigil
/// ends one of these three ways; `answer` is the one place that turns them into a response.
pub enum FormOutcome {
    /// Done: see this address (a page with `?done=<code>`, from `routes::done`).
    Done(String),
    /// The fields to fix: the page again, each message beside its field (422).
    Fix(vigil_domain::FieldErrors),
    /// Refused or failed: the page again with the message, at the error's status.
    Failed(crate::error::AppError),
}

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
pub fn see(path: String) -> axum::response::Response {
    axum::response::IntoResponse::into_response(axum::response::Redirect::to(&path))
}

/// Server side: parse a urlencoded body, keep every value (checkbox groups repeat a name).
pub struct FormData(pub Vec<(String, String)>);

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

/// A form that may carry a file (multipart), or the same form sent back from its preview
/// (urlencoded, the file's text in a hidden field). The multipart field `file` is read as
/// text into `file_field`; a file over `max_bytes`, not text, or cut off is refused in words.
pub async fn read_upload(
    lang: crate::i18n::Lang,
    req: axum::extract::Request,
    max_bytes: usize,
    file_field: &str,
) -> (http::request::Parts, Result<FormData, String>) {
    use axum::extract::{FromRequest, Multipart};
    let is_multipart = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (parts, body) = req.into_parts();
    let too_large = || t!(lang, hearings.upload.too_large).to_string();
    let incomplete = || t!(lang, hearings.upload.incomplete).to_string();
    if !is_multipart {
        let bytes = axum::body::to_bytes(body, max_bytes * 2).await;
        return (
            parts,
            bytes.map(|b| FormData::parse(&b)).map_err(|_| too_large()),
        );
    }
    let mut inner = http::Request::builder();
    if let Some(ct) = parts.headers.get(http::header::CONTENT_TYPE) {
        inner = inner.header(http::header::CONTENT_TYPE, ct.clone());
    }
    let Ok(inner) = inner.body(body) else {
        return (parts, Err(incomplete()));
    };
    let Ok(mut multipart) = Multipart::from_request(inner, &()).await else {
        return (parts, Err(incomplete()));
    };
    let mut fields = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let Ok(bytes) = field.bytes().await else {
                    return (parts, Err(too_large()));
                };
                if bytes.len() > max_bytes {
                    return (parts, Err(too_large()));
                }
                let Ok(text) = String::from_utf8(bytes.to_vec()) else {
                    return (parts, Err(t!(lang, hearings.upload.not_text).into()));
                };
                let name = if name == "file" {
                    file_field.to_string()
                } else {
                    name
                };
                fields.push((name, text));
            }
            Ok(None) => break,
            Err(_) => return (parts, Err(incomplete())),
        }
    }
    (parts, Ok(FormData(fields)))
}

#[cfg(test)]
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
