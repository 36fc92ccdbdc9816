//! The web kernel: what every capability's pages, forms and server functions share, so each
//! does the same thing the same way. `Actor` (who is asking, for form handlers), `require`
//! (the same for server functions), `PageContext` and `load_page` (what every page needs),
//! `back_to` (where a no-JavaScript post returns). Accounts use it like everyone else.
pub mod labels;
mod loaded;
mod page;
pub use labels::Label;
pub use loaded::{ErrorNotice, Loaded};
pub use page::*;
#[cfg(feature = "ssr")]
pub mod refusals;

#[cfg(feature = "ssr")]
mod actor;
#[cfg(feature = "ssr")]
pub use actor::*;
