//! Error answers to hostile requests: capped in size, never echoing the
//! input, with the precise status.
