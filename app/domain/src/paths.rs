//! Page addresses: the pages' own paths (the web layer routes them) and the links use cases
//! put in messages (a reminder links to its shift). Kept here, below both, so a page, its
//! form, the handler's redirect and a mailed link cannot drift apart.
//!
//! Paths carry ids and capability tokens only, never anything about a person.
pub const DASHBOARD: &str = "/";
pub const SIGN_IN: &str = "/sign-in";
pub const SIGN_IN_SENT: &str = "/sign-in/sent";
pub const MAGIC_LINK: &str = "/auth";
pub const SETUP: &str = "/setup";
pub const SIGN_OUT: &str = "/sign-out";
pub const PROFILE: &str = "/profile";
pub const TEAM: &str = "/team";
pub const TEAM_INVITE_LIST: &str = "/team/invite-list";
/// Join links and the requests they took (coordinators).
pub const TEAM_JOIN: &str = "/team/join";
/// A join link is this followed by its token; anyone who has it may ask to join.
pub const JOIN_PREFIX: &str = "/join/";
/// "Thank you, a coordinator will look at it", after a request to join.
pub const JOINED: &str = "/joined";
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
/// A night's coverage on paper (`?night=YYYY-MM-DD`).
pub const COVERAGE_NIGHT: &str = "/coverage/night";
pub const HEARINGS: &str = "/hearings";
pub const HEARINGS_NEW: &str = "/hearings/new";
pub const HEARINGS_IMPORT: &str = "/hearings/import";
pub const MY_HEARINGS: &str = "/my-hearings";
/// Open rides, for drivers; and a ride's actions (`ride_action`).
pub const RIDES: &str = "/rides";
pub const CALENDARS: &str = "/profile/calendars";
pub const SUPPLIES: &str = "/supplies";
pub const SUPPLIES_STOCK: &str = "/supplies/stock";
/// The language switch (a form on every page).
pub const LANGUAGE: &str = "/language";
/// The member's phone number and its verification code (profile).
pub const PHONE: &str = "/profile/phone";
/// Where the gateways deliver replies and delivery reports (not pages: no session, each
/// checks its own secret or signature).
pub const TEXTS_KANNEL: &str = "/texts/kannel";
pub const TEXTS_TWILIO: &str = "/texts/twilio";
pub const TEXTS_TWILIO_STATUS: &str = "/texts/twilio/status";

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
pub fn ride_action(id: i64, action: &str) -> String {
    format!("{RIDES}/{id}/{action}")
}
/// A person's rides form (coordinators), on their page.
pub fn person_rides(person: i64) -> String {
    format!("{PEOPLE}/{person}/rides")
}
/// A coordinator marks what a released person still needed as sorted.
pub fn release_sorted(id: i64) -> String {
    format!("/releases/{id}/sorted")
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

/// Where a person's consent to court-date reminders is recorded or withdrawn.
pub fn person_reminders(id: i64) -> String {
    format!("{PEOPLE}/{id}/reminders")
}
pub fn facility(id: i64) -> String {
    format!("{FACILITIES}/{id}")
}
/// A facility's board links: made at `…/boards`, revoked at `…/boards/{link}/revoke`.
pub fn board_links(facility: i64) -> String {
    format!("{FACILITIES}/{facility}/boards")
}
pub fn board_revoke(facility: i64, link: i64) -> String {
    format!("{FACILITIES}/{facility}/boards/{link}/revoke")
}
/// A "who is on now" board is this followed by its token: the token is the credential.
pub const BOARD_PREFIX: &str = "/board/";
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
