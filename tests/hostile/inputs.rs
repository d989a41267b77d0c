//! Inputs built to make one request's work super-linear or its memory
//! unbounded: every step stays linear in its input, or is capped.
