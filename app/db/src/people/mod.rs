//! SQL for people, their wrapped data keys, access grants and the audit log. Everything
//! personal arrives here already sealed: this file never sees plaintext.
use crate::Db;
use crate::Error;
use chrono::{DateTime, Utc};

mod records;
pub use records::*;
mod keys;
pub use keys::*;
mod access;
pub use access::*;
