//! Time expressions found in text and normalised against a reference date (TIMEX3 values).
