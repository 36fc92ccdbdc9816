//! Who may open which page: one table, used by the server's sign-in gate and by the nav.
use crate::accounts::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in, magic links, first-run setup, assets).
    Public,
    /// Any signed-in account.
    SignedIn,
    /// Signed in and holding this role.
    Role(Role),
}

pub const DASHBOARD: &str = "/";
pub const SIGN_IN: &str = "/sign-in";
pub const SIGN_IN_SENT: &str = "/sign-in/sent";
pub const MAGIC_LINK: &str = "/auth";
pub const SETUP: &str = "/setup";
pub const SIGN_OUT: &str = "/sign-out";
pub const PROFILE: &str = "/profile";
pub const TEAM: &str = "/team";
pub const PEOPLE: &str = "/people";
pub const NOTIFICATION_PREFS: &str = "/profile/notifications";
pub const UNSUBSCRIBE: &str = "/unsubscribe";
pub const MAIL_PROBLEMS: &str = "/mail-problems";
pub const PEOPLE_NEW: &str = "/people/new";
pub const PEOPLE_AUDIT: &str = "/people/audit";
pub const FACILITIES: &str = "/facilities";
pub const WATCHES: &str = "/watches";
pub const SHIFTS: &str = "/shifts";
pub const MY_SHIFTS: &str = "/my-shifts";
pub const COVERAGE: &str = "/coverage";
pub const HEARINGS: &str = "/hearings";
pub const HEARINGS_NEW: &str = "/hearings/new";
pub const HEARINGS_IMPORT: &str = "/hearings/import";
pub const MY_HEARINGS: &str = "/my-hearings";
pub const CALENDARS: &str = "/profile/calendars";
pub const SUPPLIES: &str = "/supplies";
pub const SUPPLIES_STOCK: &str = "/supplies/stock";

// Pages and actions with an id in them, built in one place so a page, its form and the
// handler's redirect cannot drift apart. The router's patterns (`/shifts/{id}/sign-up`)
// are the other half; the integration tests post to every one of them.
pub fn watch(id: i64) -> String {
    format!("{WATCHES}/{id}")
}
pub fn watch_action(id: i64, action: &str) -> String {
    format!("{WATCHES}/{id}/{action}")
}
pub fn shift(id: i64) -> String {
    format!("{SHIFTS}/{id}")
}
pub fn shift_action(id: i64, action: &str) -> String {
    format!("{SHIFTS}/{id}/{action}")
}
pub fn coverage_action(shift: i64, action: &str) -> String {
    format!("{COVERAGE}/{shift}/{action}")
}
pub fn call_out(id: i64) -> String {
    format!("/call-outs/{id}")
}
pub fn call_out_action(id: i64, action: &str) -> String {
    format!("/call-outs/{id}/{action}")
}
pub fn hearing(id: i64) -> String {
    format!("{HEARINGS}/{id}")
}
pub fn hearing_action(id: i64, action: &str) -> String {
    format!("{HEARINGS}/{id}/{action}")
}
pub fn person(id: i64) -> String {
    format!("{PEOPLE}/{id}")
}
pub fn facility(id: i64) -> String {
    format!("{FACILITIES}/{id}")
}
pub fn stock_action(action: &str) -> String {
    format!("{SUPPLIES_STOCK}/{action}")
}
pub fn calendar_action(id: i64, action: &str) -> String {
    format!("{CALENDARS}/{id}/{action}")
}
pub fn calendar_feed(token: &str) -> String {
    format!("/calendar/{token}.ics")
}

/// `path` after a form succeeded: the page shows the notice named `code` (`DoneNotice`).
pub fn done(path: &str, code: &str) -> String {
    format!("{path}?done={code}")
}

/// Unknown paths default to `SignedIn`, so a page added without an entry is never public.
pub fn access_for(path: &str) -> Access {
    match path {
        SIGN_IN | SIGN_IN_SENT | MAGIC_LINK | SETUP | SIGN_OUT | UNSUBSCRIBE | "/healthz"
        | "/favicon.ico" => Access::Public,
        MAIL_PROBLEMS => Access::Role(Role::Coordinator),
        // Calendar feeds: the capability token in the path is the credential.
        p if p.starts_with("/calendar/") => Access::Public,
        // Server functions check the caller's role themselves (and answer 401/403).
        p if p.starts_with("/pkg/") || p.starts_with("/api/") => Access::Public,
        p if p == TEAM || p.starts_with("/team/") => Access::Role(Role::Coordinator),
        PEOPLE | PEOPLE_NEW | PEOPLE_AUDIT => Access::Role(Role::Coordinator),
        COVERAGE | WATCHES | HEARINGS_NEW | HEARINGS_IMPORT => Access::Role(Role::Coordinator),
        p if p.starts_with("/coverage/") => Access::Role(Role::Coordinator),
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
    }
}
