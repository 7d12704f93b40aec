//! Rendering diagnostics: rustc-like text with code frames, or stable JSON.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

/// `n` and the noun, in the plural unless `n` is 1: `1 error`, `0 errors`, `3 values files`.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The closing line of a lint run: objects linted, errors and warnings (and notes, when any).
pub fn lint_summary(
    diagnostics: &[crate::diagnostic::Diagnostic],
    objects: usize,
    incomplete: bool,
) -> String {
    use crate::diagnostic::Severity;
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let mut line = format!(
        "linted {}: {}, {}",
        counted(objects, "object"),
        counted(count(Severity::Error), "error"),
        counted(count(Severity::Warning), "warning")
    );
    let notes = count(Severity::Note);
    if notes > 0 {
        line.push_str(&format!(", {}", counted(notes, "note")));
    }
    if incomplete {
        line.push_str("; some input could not be linted");
    }
    line
}

/// The line after a lint's summary that says which Pod Security Standards level each workload
/// meets, most restricted first: `pod security: restricted: Deployment/api; baseline:
/// StatefulSet/redis (Seccomp); privileged: DaemonSet/agent (Host Namespaces)`. The controls in
/// parentheses keep a workload from the next level; environments in brackets are named when a
/// workload's level differs between them. None when there is no workload.
pub fn pod_security_line(workloads: &[crate::lint::pod_security::Workload]) -> Option<String> {
    let mut groups: Vec<(crate::lint::pod_security::Level, Vec<String>)> = Vec::new();
    for workload in workloads {
        let mut entry = format!("{}/{}", workload.kind, workload.name);
        if !workload.controls.is_empty() {
            entry.push_str(&format!(" ({})", workload.controls.join(", ")));
        }
        if !workload.environments.is_empty() {
            entry.push_str(&format!(" [{}]", workload.environments.join(", ")));
        }
        match groups.last_mut() {
            Some((level, entries)) if *level == workload.level => entries.push(entry),
            _ => groups.push((workload.level, vec![entry])),
        }
    }
    (!groups.is_empty()).then(|| {
        let parts: Vec<String> = groups
            .iter()
            .map(|(level, entries)| format!("{}: {}", level.name(), entries.join(", ")))
            .collect();
        format!("pod security: {}", parts.join("; "))
    })
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

/// A position in a file on disk that a finding can be shown at (SARIF, GitHub annotations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place<'a> {
    pub file: &'a std::path::Path,
    pub line: usize,
    pub column: usize,
    /// Where the marked text ends (`line`, `column`, exclusive), when known.
    pub end: Option<(usize, usize)>,
    /// What is there, e.g. "`frontend.image.tag` in values/prod.yaml".
    pub what: String,
}

/// Every file position known for `d`, the one where the fix goes first: the first values
/// origin in a file the user passed (not a chart's defaults), else the template line that
/// writes the field, else its location. Then the others: the template line, the helper's line,
/// the other values origins. A render's text is no file, so never one of them.
pub(crate) fn places(d: &crate::diagnostic::Diagnostic) -> Vec<Place<'_>> {
    let mut places = Vec::new();
    let user_value = d.values.iter().position(|v| !v.chart_default);
    if let Some(index) = user_value {
        places.push(value_place(&d.values[index]));
    }
    if let Some(written) = &d.written {
        // The location is the template's, with where the marked text ends.
        let end = d
            .location
            .as_ref()
            .filter(|l| l.file == written.file && l.span.start.line == written.line)
            .map(|l| (l.span.end.line, l.span.end.column));
        places.push(Place {
            file: &written.file,
            line: written.line,
            column: written.column,
            end,
            what: "template line that writes the field".to_owned(),
        });
        if let Some(helper) = &written.helper {
            places.push(Place {
                file: &helper.file,
                line: helper.line,
                column: helper.column,
                end: None,
                what: format!("helper `{}`", helper.name),
            });
        }
    } else if let Some(location) = d.location.as_ref().filter(|_| location_is_file(d)) {
        places.push(Place {
            file: &location.file,
            line: location.span.start.line,
            column: location.span.start.column,
            end: Some((location.span.end.line, location.span.end.column)),
            what: "the offending field".to_owned(),
        });
    }
    for (index, origin) in d.values.iter().enumerate() {
        if Some(index) != user_value {
            places.push(value_place(origin));
        }
    }
    places
}

/// A values origin as a place.
pub(crate) fn value_place(v: &crate::diagnostic::ValueOrigin) -> Place<'_> {
    let what = if v.unset {
        format!("`{}` (not set; it would go here)", v.key)
    } else if v.chart_default {
        format!("`{}` (chart default)", v.key)
    } else {
        format!("`{}` in {}", v.key, v.file.display())
    };
    Place {
        file: &v.file,
        line: v.line,
        column: v.column,
        end: None,
        what,
    }
}

/// Whether `d`'s location is in a file on disk: not when it is a finding in a render that was
/// not traced to its template (the render's text is no file).
pub(crate) fn location_is_file(d: &crate::diagnostic::Diagnostic) -> bool {
    d.written.is_some() || (d.rendered.is_none() && d.environments.is_empty())
}

/// Where in the rendered output `d` is, for formats that show no render: `rendered for prod at
/// 717:18`, or for a finding in a render that was not traced, `in <render> at 717:18, from
/// <helm's template name>`.
pub(crate) fn rendered_at(d: &crate::diagnostic::Diagnostic) -> Option<String> {
    if let Some(rendered) = &d.rendered {
        return Some(format!(
            "rendered for {} at {}",
            rendered.environment, rendered.span.start
        ));
    }
    let location = d.location.as_ref().filter(|_| !location_is_file(d))?;
    let mut at = format!("in {} at {}", location.file.display(), location.span.start);
    if let Some(template) = &d.template {
        at.push_str(&format!(", from {template}"));
    }
    Some(at)
}

/// Hand-built findings, and the texts they point into, for the formats' tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::diagnostic::{
        Diagnostic, HelperOrigin, Location, ObjectRef, Rendered, Severity, TemplateOrigin,
        ValueOrigin,
    };
    use crate::sources::Sources;
    use crate::yaml::{Position, Span};

    pub const TEMPLATE: &str = "chart/templates/frontend-deployment.yaml";
    pub const HELPERS: &str = "chart/templates/_helpers.tpl";
    pub const PROD: &str = "values/prod.yaml";
    pub const DEFAULTS: &str = "chart/values.yaml";
    pub const RENDER: &str = "chart rendered with values/prod.yaml";
    pub const SECRET_TEMPLATE: &str = "chart/templates/redis-secret.yaml";
    pub const MANIFEST: &str = "deploy/frontend.yaml";
    /// The secret every redacted finding is about, as written and as rendered (base64).
    pub const SECRET: &str = "hunter2-swordfish";
    pub const SECRET_BASE64: &str = "aHVudGVyMi1zd29yZGZpc2g=";

    const TEMPLATE_TEXT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include \"journal.fullname\" . }}-frontend
spec:
  template:
    spec:
      containers:
        - name: frontend
          image: {{ include \"journal.image\" .Values.frontend.image }}
          resources: {{- toYaml .Values.frontend.resources | nindent 12 }}
";
    const HELPERS_TEXT: &str = "\
{{- define \"journal.fullname\" -}}
{{ .Release.Name }}
{{- end }}

{{- define \"journal.image\" -}}
{{ .repository }}:{{ .tag | default \"stable\" }}
{{- end }}
";
    const PROD_TEXT: &str = "\
frontend:
  image:
    tag: latest
  resources: {}
redis:
  password: hunter2-swordfish
";
    const DEFAULTS_TEXT: &str = "\
frontend:
  image:
    repository: ghcr.io/example/journal
    tag: \"1.4.2\"
redis:
  password: \"\"
";
    const RENDER_TEXT: &str = "\
---
# Source: journal/templates/redis-secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: journal-redis
data:
  password: aHVudGVyMi1zd29yZGZpc2g=
---
# Source: journal/templates/frontend-deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: journal-frontend
spec:
  template:
    spec:
      containers:
        - name: frontend
          image: ghcr.io/example/journal:latest
          resources: {}
";
    const SECRET_TEMPLATE_TEXT: &str = "\
apiVersion: v1
kind: Secret
metadata:
  name: {{ include \"journal.fullname\" . }}-redis
data:
  password: {{ .Values.redis.password | b64enc }}
";
    const MANIFEST_TEXT: &str = "\
apiVersion: v1
kind: Secret
metadata:
  name: frontend
stringData:
  password: hunter2-swordfish
---
apiVersion: v1
kind: Pod
metadata:
  name: frontend
spec:
  containers:
    - name: frontend
      image: nginx:latest
";

    /// Every text the fixtures point into.
    pub fn sources() -> Sources {
        let mut sources = Sources::default();
        for (file, text) in [
            (TEMPLATE, TEMPLATE_TEXT),
            (HELPERS, HELPERS_TEXT),
            (PROD, PROD_TEXT),
            (DEFAULTS, DEFAULTS_TEXT),
            (RENDER, RENDER_TEXT),
            (SECRET_TEMPLATE, SECRET_TEMPLATE_TEXT),
            (MANIFEST, MANIFEST_TEXT),
        ] {
            sources.insert(file, text);
        }
        sources
    }

    /// The span of the `nth` (0-based) occurrence of `needle` in `text`.
    pub fn span(text: &str, needle: &str, nth: usize) -> Span {
        let start = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("no {needle:?} #{nth}"))
            .0;
        let position = |offset: usize| {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            Position {
                line: before.matches('\n').count() + 1,
                column: before[line_start..].chars().count() + 1,
                offset,
            }
        };
        Span {
            start: position(start),
            end: position(start + needle.len()),
        }
    }

    fn value(file: &str, text: &str, key_text: &str, nth: usize, key: &str) -> ValueOrigin {
        let at = span(text, key_text, nth).start;
        ValueOrigin {
            file: file.into(),
            line: at.line,
            column: at.column,
            key: key.to_owned(),
            chart_default: file == DEFAULTS,
            unset: false,
        }
    }

    fn rendered(needle: &str) -> Rendered {
        Rendered {
            environment: "prod".to_owned(),
            label: RENDER.into(),
            span: span(RENDER_TEXT, needle, 0),
        }
    }

    fn object(kind: &str, name: &str) -> Option<ObjectRef> {
        Some(ObjectRef {
            kind: kind.to_owned(),
            namespace: String::new(),
            name: name.to_owned(),
        })
    }

    fn latest_tag(message: &str) -> Diagnostic {
        let mut d = Diagnostic {
            code: "latest-tag",
            severity: Severity::Warning,
            message: message.to_owned(),
            location: None,
            label: Some("`latest` tag".to_owned()),
            pointer: Some("/spec/template/spec/containers/0/image".to_owned()),
            notes: Vec::new(),
            help: Some("pin a version tag, or a digest (`@sha256:…`)".to_owned()),
            object: object("Deployment", "journal-frontend"),
            template: Some("journal/templates/frontend-deployment.yaml".to_owned()),
            environments: vec!["prod".to_owned()],
            written: None,
            values: Vec::new(),
            rendered: None,
            subject: None,
            culprit: Some("latest".to_owned()),
            redact: false,
        };
        d.location = Some(Location {
            file: RENDER.into(),
            span: span(RENDER_TEXT, "ghcr.io/example/journal:latest", 0),
        });
        d
    }

    /// A finding traced to its template line, through a helper, to the environment's value
    /// and the chart's default.
    pub fn traced() -> Diagnostic {
        let mut d = latest_tag("image `ghcr.io/example/journal:latest` uses the `latest` tag");
        let action = "{{ include \"journal.image\" .Values.frontend.image }}";
        let at = span(TEMPLATE_TEXT, action, 0);
        let helper = span(HELPERS_TEXT, "{{ .tag", 0).start;
        d.location = Some(Location {
            file: TEMPLATE.into(),
            span: at,
        });
        d.written = Some(TemplateOrigin {
            file: TEMPLATE.into(),
            line: at.start.line,
            column: at.start.column,
            helper: Some(HelperOrigin {
                name: "journal.image".to_owned(),
                file: HELPERS.into(),
                line: helper.line,
                column: helper.column,
            }),
        });
        d.values = vec![
            value(PROD, PROD_TEXT, "tag:", 0, "frontend.image.tag"),
            value(DEFAULTS, DEFAULTS_TEXT, "tag:", 0, "frontend.image.tag"),
        ];
        d.rendered = Some(rendered("ghcr.io/example/journal:latest"));
        d
    }

    /// A finding traced to its template line only: no values key decided it.
    pub fn template_only() -> Diagnostic {
        let mut d = latest_tag("container `frontend` has no resource limits");
        d.code = "missing-limits";
        d.label = None;
        d.pointer = Some("/spec/template/spec/containers/0/resources".to_owned());
        d.help = None;
        d.culprit = None;
        let at = span(TEMPLATE_TEXT, "resources:", 0);
        d.location = Some(Location {
            file: TEMPLATE.into(),
            span: at,
        });
        d.written = Some(TemplateOrigin {
            file: TEMPLATE.into(),
            line: at.start.line,
            column: at.start.column,
            helper: None,
        });
        d.rendered = Some(rendered("resources: {}"));
        d
    }

    /// [`template_only`], with the key that is set nowhere: where it would go.
    pub fn unset() -> Diagnostic {
        let mut d = template_only();
        let mut origin = value(PROD, PROD_TEXT, "resources:", 0, "frontend.resources");
        origin.unset = true;
        d.values = vec![origin];
        d
    }

    /// A finding in a render that was not traced: its location is the render.
    pub fn untraced() -> Diagnostic {
        latest_tag("image `ghcr.io/example/journal:latest` uses the `latest` tag")
    }

    /// A finding in a plain manifest file.
    pub fn manifest() -> Diagnostic {
        let mut d = latest_tag("image `nginx:latest` uses the `latest` tag");
        d.location = Some(Location {
            file: MANIFEST.into(),
            span: span(MANIFEST_TEXT, "nginx:latest", 0),
        });
        d.object = object("Pod", "frontend");
        d.template = None;
        d.environments = Vec::new();
        d
    }

    /// A plaintext secret traced to its template line and the environment's value.
    pub fn secret_traced() -> Diagnostic {
        let mut d = secret_manifest();
        let at = span(
            SECRET_TEMPLATE_TEXT,
            "{{ .Values.redis.password | b64enc }}",
            0,
        );
        d.location = Some(Location {
            file: SECRET_TEMPLATE.into(),
            span: at,
        });
        d.object = object("Secret", "journal-redis");
        d.template = Some("journal/templates/redis-secret.yaml".to_owned());
        d.environments = vec!["prod".to_owned()];
        d.written = Some(TemplateOrigin {
            file: SECRET_TEMPLATE.into(),
            line: at.start.line,
            column: at.start.column,
            helper: None,
        });
        d.values = vec![
            value(PROD, PROD_TEXT, "password:", 0, "redis.password"),
            value(DEFAULTS, DEFAULTS_TEXT, "password:", 0, "redis.password"),
        ];
        d.rendered = Some(rendered(SECRET_BASE64));
        d
    }

    /// A plaintext secret in a manifest file.
    pub fn secret_manifest() -> Diagnostic {
        let mut d = latest_tag("Secret `password` holds a plain value");
        d.code = "plaintext-secret";
        d.severity = Severity::Error;
        d.label = Some("a plain value".to_owned());
        d.pointer = Some("/stringData/password".to_owned());
        d.help = Some("reference an existing Secret instead".to_owned());
        d.location = Some(Location {
            file: MANIFEST.into(),
            span: span(MANIFEST_TEXT, SECRET, 0),
        });
        d.object = object("Secret", "frontend");
        d.template = None;
        d.environments = Vec::new();
        d.culprit = None;
        d.redact = true;
        d
    }

    /// Every fixture.
    pub fn all() -> Vec<Diagnostic> {
        vec![
            traced(),
            template_only(),
            unset(),
            untraced(),
            manifest(),
            secret_traced(),
            secret_manifest(),
        ]
    }
}
