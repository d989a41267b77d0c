//! Numbered schema steps: which ones a database still needs, the same way
//! in every backend.

use super::StoreError;

/// The steps of `migrations` that a schema at `version` has not had, each
/// with the version it brings the schema to; an error for a schema this
/// server does not know (newer, or a negative version).
pub(crate) fn pending(
    migrations: &'static [&'static str],
    version: i64,
) -> Result<impl Iterator<Item = (i64, &'static str)>, StoreError> {
    let applied = usize::try_from(version)
        .ok()
        .filter(|&applied| applied <= migrations.len())
        .ok_or_else(|| {
            StoreError::Backend(format!(
                "the database has schema version {version}, newer than this server's {}",
                migrations.len()
            ))
        })?;
    Ok((1..).zip(migrations.iter().copied()).skip(applied))
}
