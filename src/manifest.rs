//! Splitting rendered output into Kubernetes objects, keeping helm's `# Source:` comments.

use serde_json::Value;

/// One YAML document of a render.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The chart template it came from (`# Source: journal/templates/x.yaml`), when helm said.
    pub source: Option<String>,
    /// The 1-based line of the rendered text where the document starts.
    pub line: usize,
    /// The parsed document.
    pub value: Value,
}

impl Document {
    /// `kind`, or "" when missing.
    pub fn kind(&self) -> &str {
        self.value["kind"].as_str().unwrap_or("")
    }

    /// `metadata.name`, or "" when missing.
    pub fn name(&self) -> &str {
        self.value["metadata"]["name"].as_str().unwrap_or("")
    }
}

/// A document that is not valid YAML.
#[derive(Debug, thiserror::Error)]
#[error("document starting at line {line}{}: {message}", source_suffix(.template))]
pub struct ManifestError {
    pub line: usize,
    /// The template it came from, when known.
    pub template: Option<String>,
    pub message: String,
}

fn source_suffix(template: &Option<String>) -> String {
    template
        .as_ref()
        .map(|s| format!(" (# Source: {s})"))
        .unwrap_or_default()
}

/// Parses multi-document YAML as helm prints it. Empty and comment-only documents are
/// skipped; every document that fails to parse is reported, and the others are still returned.
pub fn parse_documents(text: &str) -> (Vec<Document>, Vec<ManifestError>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for chunk in split_documents(text) {
        let source = chunk
            .body
            .lines()
            .find_map(|l| l.strip_prefix("# Source: ").map(|s| s.trim().to_owned()));
        match serde_saphyr::from_str::<Value>(chunk.body) {
            Ok(Value::Null) => {}
            Ok(value) => documents.push(Document {
                source,
                line: chunk.line,
                value,
            }),
            Err(err) => errors.push(ManifestError {
                line: chunk.line,
                template: source,
                message: err.to_string(),
            }),
        }
    }
    (documents, errors)
}

struct Chunk<'a> {
    line: usize,
    body: &'a str,
}

/// Splits at lines that are exactly `---` (optionally followed by spaces or a comment).
fn split_documents(text: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        let is_separator = trimmed == "---"
            || trimmed
                .strip_prefix("---")
                .is_some_and(|rest| rest.starts_with(' ') && rest.trim_start().starts_with('#'));
        if is_separator {
            chunks.push(Chunk {
                line: start_line,
                body: &text[start..offset],
            });
            start = offset + line.len();
            start_line = index + 2;
        }
        offset += line.len();
    }
    chunks.push(Chunk {
        line: start_line,
        body: &text[start..],
    });
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_helm_output_and_keeps_sources_and_lines() {
        let text = "---\n# Source: c/templates/a.yaml\nkind: A\nmetadata:\n  name: a\n\n---\n# Source: c/templates/b.yaml\nkind: B\n";
        let (docs, errors) = parse_documents(text);
        assert!(errors.is_empty());
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].source.as_deref(), Some("c/templates/a.yaml"));
        assert_eq!(docs[0].kind(), "A");
        assert_eq!(docs[0].name(), "a");
        assert_eq!(docs[0].line, 2);
        assert_eq!(docs[1].line, 8);
    }

    #[test]
    fn skips_empty_and_comment_only_documents() {
        let (docs, errors) = parse_documents("---\n# only a comment\n---\n\n---\nkind: X\n");
        assert!(errors.is_empty());
        assert_eq!(docs.len(), 1);
    }

    #[test]
    fn a_broken_document_does_not_hide_the_others() {
        let (docs, errors) = parse_documents("kind: A\n---\nkind: [unclosed\n---\nkind: C\n");
        assert_eq!(
            docs.iter().map(Document::kind).collect::<Vec<_>>(),
            ["A", "C"]
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
    }
}
