//! Use cases that span capabilities. Each reads or changes more than one capability, so it
//! sits above them all: a capability never reaches sideways into another's use cases.
//!
//! `forget`: a person and their hearings, on request or on schedule. `digest`: the
//! coordinators' weekly message (coverage and supplies).
pub mod digest;
pub mod forget;
