//! Which language a request gets, chosen once by the session gate and kept in the request's
//! extensions: a link's `?lang=` (an unsubscribe link opens in the recipient's language);
//! else the signed-in account's own; else the one picked with the switch (cookie); else the
//! browser's `Accept-Language`; else the default.
use super::Lang;
use axum::extract::FromRequestParts;
use http::request::Parts;
use http::HeaderMap;

/// The switch's choice, for visitors who are not signed in (a year; nothing personal).
pub const COOKIE: &str = "vigil_lang";

/// The request's language (see the module's doc).
pub fn negotiate(query: Option<&str>, account: Option<&str>, headers: &HeaderMap) -> Lang {
    query
        .and_then(|q| {
            q.split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|(name, _)| *name == "lang")
                .and_then(|(_, code)| Lang::from_code(code))
        })
        .or_else(|| account.and_then(Lang::from_code))
        .or_else(|| cookie(headers).and_then(Lang::from_code))
        .or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(from_accept_language)
        })
        .unwrap_or(Lang::DEFAULT)
}

fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

/// The language the browser prefers most among those Vigil speaks: `es-MX,es;q=0.9,en;q=0.8`
/// gives Spanish. A region (`es-MX`) counts as its language; `q=0` means "not this".
///
/// Hand-written rather than a crate: twenty lines for the RFC 9110 list with weights, and
/// Vigil only needs the primary language of each entry.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(lang) = Lang::from_code(primary) {
            if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
    }
    best.map(|(_, lang)| lang)
}

/// In a form handler: the request's language (what the session gate chose).
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Lang>()
            .copied()
            .unwrap_or(Lang::DEFAULT))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_first_spoken_language_wins() {
        assert_eq!(
            from_accept_language("es-MX,es;q=0.9,en;q=0.8"),
            Some(Lang::Es)
        );
        assert_eq!(
            from_accept_language("fr-FR, en;q=0.5, es;q=0.7"),
            Some(Lang::Es)
        );
        assert_eq!(from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(from_accept_language("es;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(from_accept_language("de, fr"), None);
        assert_eq!(from_accept_language(""), None);
    }

    #[test]
    fn a_link_then_the_account_then_the_cookie_then_the_browser() {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::ACCEPT_LANGUAGE, "es".parse().unwrap());
        assert_eq!(negotiate(None, None, &headers), Lang::Es);
        headers.insert(http::header::COOKIE, "a=1; vigil_lang=en".parse().unwrap());
        assert_eq!(negotiate(None, None, &headers), Lang::En);
        assert_eq!(negotiate(None, Some("es"), &headers), Lang::Es);
        assert_eq!(
            negotiate(Some("a=1&lang=en"), Some("es"), &headers),
            Lang::En
        );
        assert_eq!(
            negotiate(Some("lang=xx"), Some("zz"), &HeaderMap::new()),
            Lang::DEFAULT
        );
    }
}
