//! Placeholder.

use super::Lists;

/// Lists.
pub(super) const LISTS: Lists = Lists {
    titles: &[],
    before_numbers: &[],
    ambiguous: &[],
    sentence_starters: &[],
    ordinal_full_stop: false,
};
