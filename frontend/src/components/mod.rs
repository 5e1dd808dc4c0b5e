//! Widgets shared by the pages.

pub mod dialog;
pub mod misc;
pub mod password;
pub mod secret_once;
