use crate::diagnostic::Severity;
use crate::lint::context::Context;
use crate::lint::rule::{Findings, Group, declare_rule};

use super::container_label;

declare_rule! {
    /// ## What it does
    /// Flags environment variables whose literal `value` is a secret:
    /// - by name: a word of the name (split at `_`, `-`, `.` and camelCase, any case) is
    ///   `PASSWORD`, `PASSWD`, `PASS`, `PASSPHRASE`, `SECRET`, `TOKEN`, `APIKEY`, `CREDENTIAL(S)`
    ///   or `CREDS`, or the name has `API_KEY`, `PRIVATE_KEY`, `ENCRYPTION_KEY` or `SIGNING_KEY`,
    ///   and any words after it only qualify the secret (`KEY`, `ACCESS`, `BASE`, `VALUE`, `HASH`,
    ///   `JSON`, a number…). So `DB_PASSWORD`, `AWS_SECRET_ACCESS_KEY` and `SECRET_KEY_BASE` are
    ///   secrets, while `PASSWORD_FILE`, `TOKEN_PATH`, `CREDENTIALS_URL`, `SECRET_NAME` and
    ///   `TOKEN_TTL` name a location or a setting and are not;
    /// - by value, whatever the name: an AWS access key id (`AKIA…`), a GitHub token (`ghp_…`,
    ///   `github_pat_…`), a Slack token (`xoxb-…`), a PEM private key, a signed JWT, or a URL with
    ///   a password in it (`postgres://app:s3cret@db/app`).
    ///
    /// Empty values, obvious placeholders (`changeme`, `<token>`, `xxxx`, `your-api-key-here`),
    /// booleans, numbers, paths, and values that refer to other variables (`$(DB_PASSWORD)`) are
    /// not secrets. Values from `valueFrom` (`secretKeyRef`, …) are what this rule asks for.
    ///
    /// Checks the `env` of every container, init container and ephemeral container of every
    /// pod-bearing kind.
    ///
    /// ## Why
    /// A literal `value` lives in the values file, the rendered manifest, the Helm release Secret,
    /// the object in etcd (unencrypted, unlike Secrets with encryption at rest) and anything that
    /// can read the workload (`kubectl get deploy -o yaml` needs no access to Secrets). It cannot
    /// be rotated without a deploy, and it ends up in git.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: DB_PASSWORD
    ///     value: s3cr3t-pa55
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   - name: DB_PASSWORD
    ///     valueFrom:
    ///       secretKeyRef:
    ///         name: db-credentials
    ///         key: password
    /// ```
    pub static RULE = Rule {
        id: "plaintext-secret",
        group: Group::Security,
        severity: Severity::Error,
        summary: "Environment variable holds a secret as a literal value",
        check,
    }
}

const HELP: &str =
    "put the value in a Secret and read it with `valueFrom.secretKeyRef` (or mount the Secret)";

fn check<'a>(context: &Context<'a>, findings: &mut Findings<'a>) {
    for pod in context.pod_templates() {
        for container in pod.containers() {
            let env = container.json["env"].as_array().into_iter().flatten();
            for (index, var) in env.enumerate() {
                let (Some(name), Some(value)) = (var["name"].as_str(), var["value"].as_str())
                else {
                    continue;
                };
                if refers(value) {
                    continue;
                }
                let what = if let Some(kind) = secret_value(value) {
                    format!("holds {kind} in its literal `value`")
                } else if secret_name(name) && !harmless(value) {
                    "sets a secret as a literal `value`".to_owned()
                } else {
                    continue;
                };
                findings
                    .add(
                        pod.object,
                        container.at(&format!("env/{index}/value")),
                        format!("env var `{name}` of {} {what}", container_label(&container)),
                    )
                    .on_value()
                    .redact()
                    .help(HELP);
            }
        }
    }
}

/// True when the value refers to other variables or templates rather than holding a literal:
/// `$(VAR)` (expanded by the kubelet), `${VAR}`, `{{ … }}`.
fn refers(value: &str) -> bool {
    value.contains("$(") || value.contains("${") || value.contains("{{")
}

/// Words of a variable name, upper case: `dbPassword_2` → `DB`, `PASSWORD`, `2`.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = prev.is_some_and(|p| {
                (c.is_ascii_uppercase() && (p.is_ascii_lowercase() || p.is_ascii_digit()))
                    || (c.is_ascii_uppercase()
                        && p.is_ascii_uppercase()
                        && next.is_some_and(char::is_ascii_lowercase))
                    || (c.is_ascii_digit() != p.is_ascii_digit())
            });
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.push(c.to_ascii_uppercase());
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// Words that make a name a secret on their own.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWORDS",
    "PASSWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "TOKENS",
    "APIKEY",
    "APIKEYS",
    "PRIVATEKEY",
    "CREDENTIAL",
    "CREDENTIALS",
    "CREDS",
];

/// Words that make a secret when `KEY` follows them.
const KEY_WORDS: &[&str] = &["API", "PRIVATE", "ENCRYPTION", "SIGNING"];

/// Words that may follow the secret word and still name the secret itself, not where it is or
/// how it is used.
const QUALIFIERS: &[&str] = &[
    "KEY",
    "KEYS",
    "ACCESS",
    "BASE",
    "VALUE",
    "STRING",
    "HASH",
    "B64",
    "BASE64",
    "JSON",
    "PLAIN",
    "PLAINTEXT",
    "RAW",
    "DATA",
    "TEXT",
];

/// True when the name says the variable holds a secret (see the rule's docs).
fn secret_name(name: &str) -> bool {
    let words = words(name);
    let mut end = None;
    for (i, word) in words.iter().enumerate() {
        let pair = matches!(words.get(i + 1).map(String::as_str), Some("KEY" | "KEYS"))
            && KEY_WORDS.contains(&word.as_str());
        if pair {
            end = Some(i + 2);
        } else if SECRET_WORDS.contains(&word.as_str()) {
            end = Some(i + 1);
        }
    }
    end.is_some_and(|end| {
        words[end..]
            .iter()
            .all(|w| QUALIFIERS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
    })
}

/// True for values that are not a secret whatever the name says: empty, a placeholder, a
/// boolean, a number, a path.
fn harmless(value: &str) -> bool {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let letters: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
    value.is_empty()
        || value.chars().all(|c| "xX*.-_#?".contains(c))
        || (value.starts_with('<') && value.ends_with('>'))
        || value.starts_with('/')
        || value.starts_with("./")
        || value.starts_with("~/")
        || value.parse::<f64>().is_ok()
        || [
            "true", "false", "yes", "no", "on", "off", "y", "n", "enabled", "disabled",
        ]
        .contains(&lower.as_str())
        || [
            "changeme",
            "changeit",
            "replaceme",
            "todo",
            "tbd",
            "fixme",
            "placeholder",
            "dummy",
            "example",
            "none",
            "null",
            "nil",
            "undefined",
            "redacted",
            "secret",
            "password",
            "token",
        ]
        .contains(&letters.as_str())
        || ["your", "insert", "replace", "change"]
            .iter()
            .any(|p| letters.starts_with(p) && letters.len() > p.len() + 3)
}

/// What kind of well-known secret `value` holds, if any.
fn secret_value(value: &str) -> Option<&'static str> {
    if aws_access_key(value) {
        Some("an AWS access key id")
    } else if github_token(value) {
        Some("a GitHub token")
    } else if slack_token(value) {
        Some("a Slack token")
    } else if pem_private_key(value) {
        Some("a PEM private key")
    } else if jwt(value) {
        Some("a JSON Web Token")
    } else if url_password(value) {
        Some("a URL with a password")
    } else {
        None
    }
}

/// Offsets where `prefix` starts at a word boundary (not after a letter, digit or `_`).
fn starts<'v>(value: &'v str, prefix: &'v str) -> impl Iterator<Item = usize> + 'v {
    value
        .match_indices(prefix)
        .map(|(i, _)| i)
        .filter(move |&i| {
            value[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_')
        })
}

/// How many bytes from the start of `text` satisfy `ok`.
fn run(text: &str, ok: impl Fn(u8) -> bool) -> usize {
    text.bytes().take_while(|&b| ok(b)).count()
}

/// `AKIA` (or `ASIA`) and 16 upper-case letters or digits, not AWS's documented example.
fn aws_access_key(value: &str) -> bool {
    ["AKIA", "ASIA"].into_iter().any(|prefix| {
        starts(value, prefix).any(|i| {
            let rest = &value[i + 4..];
            let n = run(rest, |b| b.is_ascii_uppercase() || b.is_ascii_digit());
            n == 16 && !rest[..n].ends_with("EXAMPLE")
        })
    })
}

/// `ghp_` (or `gho_`, `ghu_`, `ghs_`, `ghr_`) and 36 letters or digits; `github_pat_` and at
/// least 22 letters, digits or `_`.
fn github_token(value: &str) -> bool {
    let classic = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]
        .into_iter()
        .any(|p| {
            starts(value, p).any(|i| run(&value[i + 4..], |b| b.is_ascii_alphanumeric()) >= 36)
        });
    classic
        || starts(value, "github_pat_")
            .any(|i| run(&value[i + 11..], |b| b.is_ascii_alphanumeric() || b == b'_') >= 22)
}

/// `xoxa-`, `xoxb-`, `xoxp-` or `xoxr-` and at least 10 letters, digits or dashes, some digits.
fn slack_token(value: &str) -> bool {
    ["xoxa-", "xoxb-", "xoxp-", "xoxr-"].into_iter().any(|p| {
        starts(value, p).any(|i| {
            let rest = &value[i + 5..];
            let n = run(rest, |b| b.is_ascii_alphanumeric() || b == b'-');
            n >= 10 && rest[..n].bytes().any(|b| b.is_ascii_digit())
        })
    })
}

/// `-----BEGIN … PRIVATE KEY-----` followed by key material.
fn pem_private_key(value: &str) -> bool {
    value.match_indices("-----BEGIN ").any(|(i, _)| {
        let rest = &value[i + 11..];
        let Some(end) = rest.find("-----") else {
            return false;
        };
        let body = &rest[end + 5..];
        let body = &body[..body.find("-----").unwrap_or(body.len())];
        rest[..end].ends_with("PRIVATE KEY")
            && body
                .bytes()
                .filter(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b))
                .count()
                >= 32
    })
}

/// `eyJ…` header, payload and a signature, in base64url, dot-separated.
fn jwt(value: &str) -> bool {
    let base64url = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    starts(value, "eyJ").any(|i| {
        let mut rest = &value[i..];
        let mut lengths = Vec::new();
        loop {
            let n = run(rest, base64url);
            lengths.push(n);
            rest = &rest[n..];
            match rest.strip_prefix('.') {
                Some(after) if lengths.len() < 3 => rest = after,
                _ => break,
            }
        }
        matches!(lengths[..], [h, p, s] if h >= 10 && p >= 10 && s >= 16)
    })
}

/// `scheme://user:password@host…` with a password that is not empty, a placeholder or a
/// reference.
fn url_password(value: &str) -> bool {
    value.match_indices("://").any(|(i, _)| {
        let scheme_ok = value[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let rest = &value[i + 3..];
        let authority = &rest[..rest.find(['/', '?', '#', ' ']).unwrap_or(rest.len())];
        let Some((user_info, _host)) = authority.rsplit_once('@') else {
            return false;
        };
        let Some((_user, password)) = user_info.split_once(':') else {
            return false;
        };
        scheme_ok && !harmless(password)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for secret in [
            "DB_PASSWORD",
            "password",
            "dbPassword",
            "REDIS_PASS",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "SECRET_KEY_BASE",
            "SECRET_KEY",
            "API_KEY",
            "OPENAI_API_KEY",
            "STRIPE_APIKEY",
            "apiKey",
            "JWT_PRIVATE_KEY",
            "GCP_CREDENTIALS_JSON",
            "CLIENT_SECRET",
            "PASSWORD_2",
            "ADMIN_PASSWD",
            "SSH_PASSPHRASE",
            "ENCRYPTION_KEY",
        ] {
            assert!(secret_name(secret), "{secret}");
        }
        for plain in [
            "PASSWORD_FILE",
            "DB_PASSWORD_PATH",
            "TOKEN_URL",
            "TOKEN_ENDPOINT",
            "CREDENTIALS_DIR",
            "SECRET_NAME",
            "TOKEN_TTL",
            "PASSWORD_MIN_LENGTH",
            "AWS_ACCESS_KEY_ID",
            "API_KEY_HEADER",
            "PASSTHROUGH",
            "BYPASS",
            "KEYCLOAK_URL",
            "PWD",
            "TOKENIZER",
            "SECRETARY",
            "LOG_LEVEL",
            "PUBLIC_KEY",
        ] {
            assert!(!secret_name(plain), "{plain}");
        }
    }

    #[test]
    fn harmless_values() {
        for value in [
            "",
            "  ",
            "changeme",
            "CHANGE_ME",
            "<your-token>",
            "xxxxxxxx",
            "********",
            "true",
            "4096",
            "/run/secrets/db",
            "your-api-key-here",
            "REPLACE_WITH_TOKEN",
        ] {
            assert!(harmless(value), "{value:?}");
        }
        for value in ["s3cr3t", "admin", "hunter2", "Tr0ub4dor&3"] {
            assert!(!harmless(value), "{value:?}");
        }
    }

    #[test]
    fn values() {
        let cases = [
            ("AKIAZ7QX3M4N5P6R7S8T", Some("an AWS access key id")),
            ("AKIAIOSFODNN7EXAMPLE", None),
            ("xAKIAZ7QX3M4N5P6R7S8T", None),
            (
                "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A",
                Some("a GitHub token"),
            ),
            ("ghp_short", None),
            (
                "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
                Some("a GitHub token"),
            ),
            (
                "xoxb-123456789012-1234567890123-abcdefABCDEF",
                Some("a Slack token"),
            ),
            ("xoxb-your-token-here", None),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi\n-----END RSA PRIVATE KEY-----",
                Some("a PEM private key"),
            ),
            (
                "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
                None,
            ),
            (
                "-----BEGIN CERTIFICATE-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi\n-----END CERTIFICATE-----",
                None,
            ),
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                Some("a JSON Web Token"),
            ),
            ("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.", None),
            (
                "postgres://app:s3cret@db:5432/app",
                Some("a URL with a password"),
            ),
            (
                "redis://:s3cret@redis:6379/0",
                Some("a URL with a password"),
            ),
            ("postgres://app@db:5432/app", None),
            ("postgres://app:changeme@db:5432/app", None),
            ("http://prometheus.default.svc:9090", None),
            ("quay.io/argoproj/argo-events:v1.9.10", None),
        ];
        for (value, kind) in cases {
            assert_eq!(secret_value(value), kind, "{value}");
        }
    }

    #[test]
    fn references() {
        assert!(refers("$(DB_PASSWORD)"));
        assert!(refers("postgres://app:$(DB_PASSWORD)@db/app"));
        assert!(!refers("s3cret"));
    }
}
