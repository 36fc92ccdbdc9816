//! Sign-ups: the seat states and outcomes pages and forms show (`vigil_domain::signups`,
//! re-exported). The seat mechanism itself is `vigil_core::signups` over `vigil_db::seats`.
pub use vigil_domain::signups::*;
