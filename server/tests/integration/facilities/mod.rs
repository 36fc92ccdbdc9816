//! Facilities' "who is on now" boards: a screen at the base opens one by its link alone.
use crate::support;

mod board;
