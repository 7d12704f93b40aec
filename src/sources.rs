//! The text of every file that diagnostics point into, kept from reading to reporting (for code
//! frames), below every layer that reads files or reports on them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The text of every file diagnostics point into, for code frames.
#[derive(Debug, Default)]
pub struct Sources {
    texts: HashMap<PathBuf, Arc<str>>,
}

impl Sources {
    /// Keeps `text` (shared, not copied, when it is an `Arc<str>` already).
    pub fn insert(&mut self, file: impl Into<PathBuf>, text: impl Into<Arc<str>>) {
        self.texts.insert(file.into(), text.into());
    }

    /// Keeps every text of `other` too.
    pub fn extend(&mut self, other: Sources) {
        self.texts.extend(other.texts);
    }

    pub fn get(&self, file: &Path) -> Option<&str> {
        self.texts.get(file).map(|text| &**text)
    }
}
