//! Timeline exports: events to bytes, one module per format, written atomically.
