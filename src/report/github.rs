//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
//! shown as annotations on the pull request. A finding is placed where its fix goes (as in
//! SARIF); its message names the template line and the values keys that decided it.

use crate::diagnostic::{Diagnostic, Severity, ValueOrigin};

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = vec![format!("title={}", property(d.code))];
        // Where the fix goes, as in SARIF: the rest is said in the message.
        if let Some(place) = super::places(d).first() {
            let mut at = format!(
                "file={},line={},col={}",
                property(&place.file.to_string_lossy()),
                place.line,
                place.column
            );
            if let Some((line, column)) = place.end {
                at.push_str(&format!(",endLine={line},endColumn={column}"));
            }
            properties.insert(0, at);
        }
        let mut message = d.message.clone();
        if let Some(object) = &d.object {
            message.push_str(&format!(" ({}/{})", object.kind, object.name));
        }
        let mut written = Vec::new();
        if let Some(template) = &d.written {
            let mut at = format!(
                "template: {}:{}:{}",
                template.file.display(),
                template.line,
                template.column
            );
            if let Some(helper) = &template.helper {
                at.push_str(&format!(
                    " (helper `{}` at {}:{}:{})",
                    helper.name,
                    helper.file.display(),
                    helper.line,
                    helper.column
                ));
            }
            written.push(at);
        }
        written.extend(super::rendered_at(d));
        if !written.is_empty() {
            message.push_str(&format!("\n{}", written.join(", ")));
        }
        if !d.values.is_empty() {
            let values: Vec<String> = d.values.iter().map(value).collect();
            message.push_str(&format!("\nvalues: {}", values.join("; ")));
        }
        for note in &d.notes {
            message.push_str(&format!("\n{note}"));
        }
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            data(&message)
        ));
    }
    out
}

/// A values origin, in one line: "`frontend.image.tag` in values/prod.yaml:3:5".
fn value(origin: &ValueOrigin) -> String {
    let at = format!(
        "{}:{}:{}",
        origin.file.display(),
        origin.line,
        origin.column
    );
    if origin.unset {
        format!("`{}` not set (it would go in {at})", origin.key)
    } else if origin.chart_default {
        format!("chart default `{}` in {at}", origin.key)
    } else {
        format!("`{}` in {at}", origin.key)
    }
}

/// Escapes a message the way the runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: data escapes plus `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{self, SECRET, SECRET_BASE64};

    #[test]
    fn traced_finding_is_annotated_at_the_users_values_file() {
        let out = render(&[fixtures::traced()]);
        assert!(
            out.starts_with("::warning file=values/prod.yaml,line=3,col=5,title=latest-tag::"),
            "{out}"
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn template_only_finding_is_annotated_at_the_template_line() {
        insta::assert_snapshot!(render(&[fixtures::template_only()]));
    }

    #[test]
    fn unset_key_says_where_it_would_go() {
        let out = render(&[fixtures::unset()]);
        assert!(
            out.contains(
                "values: `frontend.resources` not set (it would go in values/prod.yaml:4:3)"
            ),
            "{out}"
        );
    }

    #[test]
    fn untraced_render_finding_has_no_file() {
        let out = render(&[fixtures::untraced()]);
        assert!(out.starts_with("::warning title=latest-tag::"), "{out}");
        assert!(out.contains("%0Ain chart rendered with values/prod.yaml at 20:18"));
    }

    #[test]
    fn plain_manifest_finding_is_annotated_as_before() {
        insta::assert_snapshot!(render(&[fixtures::manifest()]));
    }

    #[test]
    fn a_secret_never_appears() {
        let out = render(&fixtures::all());
        assert!(!out.contains(SECRET), "{out}");
        assert!(!out.contains(SECRET_BASE64), "{out}");
    }
}
