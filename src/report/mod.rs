//! Rendering diagnostics: rustc-like text with code frames, or stable JSON.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

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

/// Output formats every command that reports diagnostics offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-like text with code frames.
    #[default]
    Text,
    /// One JSON document (stable shape, documented in the README).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}
