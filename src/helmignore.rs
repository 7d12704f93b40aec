//! A chart's `.helmignore`, read as Helm reads it (Helm's `pkg/ignore`), so that chartcheck
//! reads exactly the files helm loads.
//!
//! Rules are tried in order and the first that decides wins: a plain rule ignores what it
//! matches; a `!rule` ignores what it does *not* match. A rule without `/` matches the base name,
//! one with `/` the path from the chart's root (a leading `/` anchors nothing more), a trailing
//! `/` matches directories only. Patterns are Go's `filepath.Match`: `*`, `?`, `[…]`, `\`.
//! Helm refuses `**` and patterns that do not compile; such a chart does not render, so here
//! they are left out.

use std::path::Path;

/// The rules of one chart's `.helmignore`.
#[derive(Debug, Default)]
pub struct HelmIgnore {
    rules: Vec<Rule>,
}

#[derive(Debug)]
struct Rule {
    pattern: String,
    negate: bool,
    dir_only: bool,
    /// Matches the whole path from the chart's root rather than the base name.
    whole_path: bool,
}

impl HelmIgnore {
    /// The rules of `chart/.helmignore`; none when the file is absent or unreadable (helm
    /// reports an unreadable one itself when it loads the chart).
    pub fn of_chart(chart: &Path) -> Self {
        std::fs::read_to_string(chart.join(".helmignore"))
            .map(|text| Self::parse(&text))
            .unwrap_or_default()
    }

    pub fn parse(text: &str) -> Self {
        let rules = text.lines().filter_map(Rule::parse).collect();
        Self { rules }
    }

    /// True when helm leaves out `path` (relative to the chart's root, `/`-separated).
    pub fn ignores(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for rule in &self.rules {
            let applies = is_dir || !rule.dir_only;
            if rule.negate {
                if !applies || !rule.matches(path) {
                    return true;
                }
            } else if applies && rule.matches(path) {
                return true;
            }
        }
        false
    }
}

impl Rule {
    fn parse(line: &str) -> Option<Self> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.contains("**") {
            return None;
        }
        let (negate, rest) = match line.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let (dir_only, rest) = match rest.strip_suffix('/') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let whole_path = rest.contains('/');
        let pattern = rest.strip_prefix('/').unwrap_or(rest).to_owned();
        // As helm does, a rule that cannot compile is refused (here: dropped).
        glob_match(&pattern, "abc")?;
        Some(Self {
            pattern,
            negate,
            dir_only,
            whole_path,
        })
    }

    fn matches(&self, path: &str) -> bool {
        let name = if self.whole_path {
            path
        } else {
            path.rsplit('/').next().unwrap_or(path)
        };
        glob_match(&self.pattern, name) == Some(true)
    }
}

/// Go's `filepath.Match` on `/`-separated names: `Some(matched)`, or `None` for a malformed
/// pattern (an unclosed `[`, a trailing `\`).
fn glob_match(pattern: &str, name: &str) -> Option<bool> {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    matches_from(&pattern, &name)
}

fn matches_from(pattern: &[char], name: &[char]) -> Option<bool> {
    let Some((&first, rest)) = pattern.split_first() else {
        return Some(name.is_empty());
    };
    match first {
        '*' => {
            // `*` never crosses a separator; try every length up to the next one.
            let limit = name.iter().position(|&c| c == '/').unwrap_or(name.len());
            let mut matched = false;
            for skip in 0..=limit {
                matched |= matches_from(rest, &name[skip..])?;
            }
            Some(matched)
        }
        '?' => match name.split_first() {
            Some((&c, tail)) if c != '/' => matches_from(rest, tail),
            _ => check_rest(rest),
        },
        '[' => {
            let (class_ok, after) = class(rest, name.first().copied())?;
            if class_ok {
                matches_from(after, &name[1..])
            } else {
                check_rest(after)
            }
        }
        '\\' => {
            let (&literal, after) = rest.split_first()?;
            literal_step(literal, after, name)
        }
        literal => literal_step(literal, rest, name),
    }
}

fn literal_step(literal: char, rest: &[char], name: &[char]) -> Option<bool> {
    match name.split_first() {
        Some((&c, tail)) if c == literal => matches_from(rest, tail),
        _ => check_rest(rest),
    }
}

/// A failed step still has to find a malformed remainder, as Go reports it.
fn check_rest(rest: &[char]) -> Option<bool> {
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            '\\' if i + 1 >= rest.len() => return None,
            '\\' => i += 2,
            '[' => {
                let (_, after) = class(&rest[i + 1..], None)?;
                i = rest.len() - after.len();
            }
            _ => i += 1,
        }
    }
    Some(false)
}

/// A `[…]` class after its `[`: whether `c` is in it, and the pattern after its `]`.
fn class(pattern: &[char], c: Option<char>) -> Option<(bool, &[char])> {
    let (negated, mut rest) = match pattern.split_first() {
        Some(('^', rest)) => (true, rest),
        _ => (false, pattern),
    };
    let mut found = false;
    let mut first = true;
    loop {
        let (&head, tail) = rest.split_first()?;
        if head == ']' && !first {
            return Some((found != negated, tail));
        }
        first = false;
        let (low, tail) = escaped(head, tail)?;
        let (high, tail) = match tail {
            ['-', ']', ..] | [] => (low, tail),
            ['-', next, after @ ..] => escaped(*next, after)?,
            _ => (low, tail),
        };
        found |= c.is_some_and(|c| low <= c && c <= high);
        rest = tail;
    }
}

fn escaped(head: char, tail: &[char]) -> Option<(char, &[char])> {
    if head == '\\' {
        let (&literal, tail) = tail.split_first()?;
        Some((literal, tail))
    } else {
        Some((head, tail))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_glob_semantics() {
        let m = |p: &str, n: &str| glob_match(p, n);
        assert_eq!(m("*.yaml", "a.yaml"), Some(true));
        assert_eq!(m("*.yaml", "crds/a.yaml"), Some(false), "* stops at /");
        assert_eq!(m("crds/*.yaml", "crds/a.yaml"), Some(true));
        assert_eq!(m("a?c", "abc"), Some(true));
        assert_eq!(m("[a-c]x", "bx"), Some(true));
        assert_eq!(m("[^a-c]x", "bx"), Some(false));
        assert_eq!(m("\\*", "*"), Some(true));
        assert_eq!(m("[a-", "a"), None);
        assert_eq!(m("x\\", "x"), None);
        assert_eq!(m("", ""), Some(true));
    }

    #[test]
    fn helm_rules() {
        let ignore = HelmIgnore::parse(
            "# comment\n\n*.md\ncrds/kustomization.yaml\ntests/\n/ci/*.yaml\nbad[\nx/**/y\n",
        );
        assert!(ignore.ignores("README.md", false));
        assert!(ignore.ignores("crds/notes.md", false), "base name rule");
        assert!(ignore.ignores("crds/kustomization.yaml", false));
        assert!(!ignore.ignores("crds/a.yaml", false));
        assert!(ignore.ignores("tests", true));
        assert!(!ignore.ignores("tests", false), "dir-only rule");
        assert!(ignore.ignores("ci/values.yaml", false));
        assert!(!ignore.ignores(".", true));
        assert_eq!(ignore.rules.len(), 4, "`bad[` and `**` are refused");
    }

    #[test]
    fn negation_ignores_what_does_not_match() {
        let ignore = HelmIgnore::parse("!crds/*.yaml\n");
        assert!(!ignore.ignores("crds/a.yaml", false));
        assert!(ignore.ignores("crds/a.json", false));
    }
}
