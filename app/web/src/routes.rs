//! Who may open which page: one table, used by the server's sign-in gate and by the nav.
//! The paths themselves are `vigil_domain::paths` (re-exported here), shared with the use
//! cases that link to pages from messages.
use crate::accounts::Role;
pub use vigil_domain::paths::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in, magic links, first-run setup, assets).
    Public,
    /// Any signed-in account.
    SignedIn,
    /// Signed in and holding this role.
    Role(Role),
}

/// Unknown paths default to `SignedIn`, so a page added without an entry is never public.
pub fn access_for(path: &str) -> Access {
    match path {
        SIGN_IN | SIGN_IN_SENT | MAGIC_LINK | SETUP | SIGN_OUT | UNSUBSCRIBE | LANGUAGE
        | JOINED | "/healthz" | "/favicon.ico" => Access::Public,
        // The service worker, the web app manifest and its icon: no data in them.
        "/sw.js" | "/manifest.webmanifest" | "/icon.svg" | "/icon-192.png" | "/icon-512.png" => {
            Access::Public
        }
        // A join link: the token in the path is the credential; the page asks, nothing more.
        p if p.starts_with(JOIN_PREFIX) => Access::Public,
        // A facility's board: the token in the path is the credential; the page only reads.
        p if p.starts_with(BOARD_PREFIX) => Access::Public,
        MAIL_PROBLEMS => Access::Role(Role::Coordinator),
        // The text gateways: each request carries the gateway's key or signature.
        p if p.starts_with("/texts/") => Access::Public,
        // Calendar feeds: the capability token in the path is the credential.
        p if p.starts_with("/calendar/") => Access::Public,
        // Server functions check the caller's role themselves (and answer 401/403).
        p if p.starts_with("/pkg/") || p.starts_with("/api/") => Access::Public,
        p if p == TEAM || p.starts_with("/team/") => Access::Role(Role::Coordinator),
        PEOPLE | PEOPLE_NEW | PEOPLE_AUDIT => Access::Role(Role::Coordinator),
        COVERAGE | WATCHES | HEARINGS_NEW | HEARINGS_IMPORT => Access::Role(Role::Coordinator),
        p if p.starts_with("/coverage/") => Access::Role(Role::Coordinator),
        // A shift on paper can carry the expected list: coordinators only.
        p if p.starts_with("/shifts/") && p.ends_with("/print") => Access::Role(Role::Coordinator),
        p if p == FACILITIES || p.starts_with("/facilities/") => Access::Role(Role::Coordinator),
        // Reports, stock and the export. (Handouts are logged at /shifts/{id}/supplies.)
        p if p == SUPPLIES || p.starts_with("/supplies/") => Access::Role(Role::Coordinator),
        // A watch page: its volunteers read the log there; coordinators manage it.
        // A person's page: coordinators, and helpers on that person's shift or hearing
        // (checked per person in `people::service`).
        _ => Access::SignedIn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_by_default() {
        assert_eq!(access_for("/something-new"), Access::SignedIn);
        assert_eq!(access_for("/"), Access::SignedIn);
        assert_eq!(access_for("/team/invite"), Access::Role(Role::Coordinator));
        assert_eq!(access_for("/sign-in"), Access::Public);
        assert_eq!(access_for("/join/abc"), Access::Public);
        assert_eq!(access_for("/team/join"), Access::Role(Role::Coordinator));
        assert_eq!(access_for("/board/abc"), Access::Public);
        assert_eq!(
            access_for("/facilities/1/boards"),
            Access::Role(Role::Coordinator)
        );
    }
}
