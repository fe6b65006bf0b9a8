//! JSON export: the events exactly as `kanbao timeline --json` prints them.

use crate::knowledge::timeline::Event;

/// A pretty-printed JSON array of events, newline-terminated.
pub fn render(events: &[Event]) -> Vec<u8> {
    // Serialising plain structs of strings, numbers and dates cannot fail.
    let mut out = serde_json::to_vec_pretty(events).unwrap_or_else(|_| b"[]".to_vec());
    out.push(b'\n');
    out
}
