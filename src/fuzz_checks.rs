//! What the fuzz targets (`fuzz/`) check on each input, here so that the kept corpus and
//! crash reproducers run as ordinary tests too (`tests/fuzz_corpus.rs`). Each function
//! panics when an invariant breaks; returning means the input was handled.

use std::path::Path;
use std::sync::LazyLock;

use crate::lint::config::Selection;
use crate::lint::{Input, lint};
use crate::report::{json, sarif, text};
use crate::validate::InMemory;
use crate::yaml::{self, Limits, Node, Value};

/// Reading a chart template for tracing: any text lexes and lays out as YAML without a panic,
/// with every place it would mark inside the text, on character boundaries.
pub fn template_read(bytes: &[u8]) {
    use crate::trace::{chart, gotemplate, refs::Binding, skeleton};
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let pieces = gotemplate::lex(text);
    let defines = gotemplate::defines(&pieces)
        .into_iter()
        .map(|(_, range)| range);
    let ranges = std::iter::once(0..pieces.len()).chain(defines);
    for range in ranges {
        let skeleton = skeleton::build(text, &pieces, range, Binding::root());
        for entry in &skeleton.entries {
            let marks = std::iter::once(entry.mark.clone())
                .chain(entry.actions.iter().map(|(range, _)| range.clone()));
            for mark in marks {
                for offset in [mark.start, mark.end] {
                    assert!(offset <= text.len(), "mark beyond the text");
                    assert!(text.is_char_boundary(offset), "mark inside a character");
                }
                let span = chart::span(text, mark);
                assert!(
                    span.start.offset <= span.end.offset,
                    "span ends before it starts"
                );
            }
        }
    }
}

/// YAML loading with positions: any bytes either load, with every span inside the text on
/// character boundaries, or give an error inside the text.
pub fn yaml_load(bytes: &[u8]) {
    let Ok(text) = yaml::decode(bytes.to_vec()) else {
        return;
    };
    match yaml::load_str(&text, &Limits::default()) {
        Ok(documents) => {
            for document in documents {
                check_spans(&document.root, &text);
                let _ = document.root.into_json();
            }
        }
        Err(error) => assert!(
            error.span.start.offset <= text.len(),
            "error beyond the text"
        ),
    }
}

fn check_spans(node: &Node, text: &str) {
    for position in [node.span.start, node.span.end] {
        assert!(position.offset <= text.len(), "span beyond the text");
        assert!(
            text.is_char_boundary(position.offset),
            "span inside a character"
        );
        assert!(
            position.line >= 1 && position.column >= 1,
            "positions are 1-based"
        );
    }
    assert!(
        node.span.start.offset <= node.span.end.offset,
        "span ends before it starts"
    );
    match &node.value {
        Value::Map(entries) => entries.iter().for_each(|e| check_spans(&e.value, text)),
        Value::Seq(items) => items.iter().for_each(|item| check_spans(item, text)),
        _ => {}
    }
}

static CHART: LazyLock<InMemory> = LazyLock::new(|| {
    InMemory::new(
        include_str!("../chart/values.schema.json"),
        include_str!("../chart/values.yaml"),
    )
    .expect("the chart's schema and defaults load")
});

/// Values validation: any text, as a values file over the journal chart's defaults, is
/// checked against the schema and the typed model, and its diagnostics render.
pub fn values_validate(bytes: &[u8]) {
    let Ok(values) = std::str::from_utf8(bytes) else {
        return;
    };
    let outcome = CHART.check(Path::new("fuzz.yaml"), values);
    let _ = text::render(
        &outcome.diagnostics,
        &outcome.sources,
        text::Style::default(),
    );
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(values) {
        let _ = serde_json::from_value::<crate::values::Values>(value);
    }
}

/// Lint over arbitrary multi-document input: every rule runs, and the findings render as
/// text, JSON and SARIF.
pub fn lint_stream(bytes: &[u8]) {
    let Ok(manifest) = std::str::from_utf8(bytes) else {
        return;
    };
    let input = Input {
        name: "fuzz.yaml".into(),
        environment: None,
        chart: None,
        text: manifest.into(),
    };
    let outcome = lint(&[vec![input]], &[], &Selection::default()).expect("default selection");
    let _ = text::render(
        &outcome.diagnostics,
        &outcome.sources,
        text::Style::default(),
    );
    let _ = json::render(&outcome.diagnostics, json::Summary::default());
    let _ = sarif::render(
        &outcome.diagnostics,
        &crate::codes::lint_rules().collect::<Vec<_>>(),
    );
}
