//! Span-aware YAML loading (in progress).
