//! What the dot, `$` and each variable stand for at a point of a template, and so which
//! values path a field like `$fe.image.tag` or `.image.tag` reads.

use super::gotemplate::Token;

/// What a template name stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// A path from the chart's root context: `["Values", "frontend"]`; `*` is any member
    /// (an element of a `range`).
    Path(Vec<String>),
    /// `(dict "k" v …)`, as helpers are called.
    Dict(Vec<(String, Binding)>),
    Unknown,
}

impl Binding {
    pub fn root() -> Self {
        Binding::Path(Vec::new())
    }

    /// The binding of `.a.b` relative to this one.
    pub fn field(&self, path: &[String]) -> Binding {
        match (self, path.split_first()) {
            (_, None) => self.clone(),
            (Binding::Path(base), Some(_)) => {
                Binding::Path(base.iter().chain(path).cloned().collect())
            }
            (Binding::Dict(entries), Some((first, rest))) => entries
                .iter()
                .find(|(key, _)| key == first)
                .map_or(Binding::Unknown, |(_, value)| value.field(rest)),
            (Binding::Unknown, _) => Binding::Unknown,
        }
    }

    /// The values path this binding reads (without the leading `Values`), if it is one.
    pub fn values_path(&self) -> Option<Vec<String>> {
        match self {
            Binding::Path(path) if path.first().is_some_and(|p| p == "Values") => {
                Some(path[1..].to_vec())
            }
            _ => None,
        }
    }

    /// Every values path inside (a dict's members too).
    pub fn values_paths(&self, out: &mut Vec<Vec<String>>) {
        match self {
            Binding::Dict(entries) => entries.iter().for_each(|(_, b)| b.values_paths(out)),
            _ => out.extend(self.values_path()),
        }
    }
}

/// The names in scope: dot, `$`, and variables, by block.
#[derive(Debug, Clone)]
pub struct Scope {
    root: Binding,
    frames: Vec<Frame>,
}

#[derive(Debug, Clone)]
struct Frame {
    dot: Binding,
    variables: Vec<(String, Binding)>,
    /// A `range` frame: what it writes repeats.
    repeats: bool,
    /// The binding of a `with`, so that `else with` can take its place.
    with: bool,
}

impl Scope {
    /// The scope at the start of a template (`root` is `.` and `$`).
    pub fn new(root: Binding) -> Self {
        let frame = Frame {
            dot: root.clone(),
            variables: Vec::new(),
            repeats: false,
            with: false,
        };
        Self {
            root,
            frames: vec![frame],
        }
    }

    fn top(&self) -> &Frame {
        self.frames
            .last()
            .expect("the template's own frame is never closed")
    }

    pub fn dot(&self) -> &Binding {
        &self.top().dot
    }

    /// How many `range` blocks are open.
    pub fn repeats(&self) -> usize {
        self.frames.iter().filter(|f| f.repeats).count()
    }

    /// `if`: a block with the same dot.
    pub fn open_if(&mut self) {
        let dot = self.dot().clone();
        self.push(dot, false, false);
    }

    /// `with pipeline`.
    pub fn open_with(&mut self, tokens: &[Token]) {
        let dot = self.evaluate(tokens);
        self.push(dot, false, true);
    }

    /// `range [$k, $v :=] pipeline`: the dot and `$v` are any element.
    pub fn open_range(&mut self, variables: &[String], tokens: &[Token]) {
        let element = self.evaluate(tokens).field(&["*".to_owned()]);
        self.push(element.clone(), true, false);
        let frame = self.frames.last_mut().expect("just pushed");
        match variables {
            [value] => frame.variables.push((value.clone(), element)),
            [key, value] => {
                frame.variables.push((key.clone(), Binding::Unknown));
                frame.variables.push((value.clone(), element));
            }
            _ => {}
        }
    }

    /// `else` or `else with pipeline`: the enclosing dot, or the new `with`'s.
    pub fn open_else(&mut self, tokens: &[Token]) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if self.frames.is_empty() {
            self.frames.push(frame);
            return;
        }
        let dot = if frame.with && !tokens.is_empty() {
            self.evaluate(tokens)
        } else {
            self.dot().clone()
        };
        self.push(dot, frame.repeats, frame.with);
    }

    pub fn close(&mut self) {
        if self.frames.len() > 1 {
            self.frames.pop();
        }
    }

    pub fn assign(&mut self, variable: &str, tokens: &[Token]) {
        let value = self.evaluate(tokens);
        // `=` assigns the nearest declaration; `:=` declares here. Either way, the latest wins
        // for reads below.
        let frame = self.frames.last_mut().expect("never empty");
        frame.variables.retain(|(name, _)| name != variable);
        frame.variables.push((variable.to_owned(), value));
    }

    fn push(&mut self, dot: Binding, repeats: bool, with: bool) {
        self.frames.push(Frame {
            dot,
            variables: Vec::new(),
            repeats,
            with,
        });
    }

    /// What a field token stands for.
    pub fn resolve(&self, variable: Option<&str>, path: &[String]) -> Binding {
        match variable {
            None => self.dot().field(path),
            Some("$") => self.root.field(path),
            Some(name) => self
                .frames
                .iter()
                .rev()
                .flat_map(|f| f.variables.iter().rev())
                .find(|(n, _)| n == name)
                .map_or(Binding::Unknown, |(_, b)| b.field(path)),
        }
    }

    /// The value of a pipeline, as far as it is a name: its first command's argument (`.x`,
    /// `$v.y`, `(dict …)`, `index .Values "a"`, `.x | default dict`).
    pub fn evaluate(&self, tokens: &[Token]) -> Binding {
        self.argument(tokens).0
    }

    /// The binding of the argument at the start of `tokens`, and how many tokens it took.
    pub fn argument(&self, tokens: &[Token]) -> (Binding, usize) {
        match tokens {
            [Token::Field(variable, path), ..] => (self.resolve(variable.as_deref(), path), 1),
            [Token::Open, rest @ ..] => {
                let inner = group(rest);
                (self.call(&rest[..inner]), inner + 2)
            }
            [Token::Ident(function), rest @ ..]
                if function != "include" && function != "template" =>
            {
                (self.call_named(function, rest), tokens.len())
            }
            _ => (Binding::Unknown, 1),
        }
    }

    fn call(&self, tokens: &[Token]) -> Binding {
        match tokens {
            [Token::Ident(function), rest @ ..] => self.call_named(function, rest),
            _ => self.evaluate(tokens),
        }
    }

    fn call_named(&self, function: &str, arguments: &[Token]) -> Binding {
        match function {
            "dict" => {
                let mut entries = Vec::new();
                let mut rest = arguments;
                while let [Token::Str(key), value @ ..] = rest {
                    let (binding, used) = self.argument(value);
                    entries.push((key.clone(), binding));
                    rest = &value[used.min(value.len())..];
                }
                Binding::Dict(entries)
            }
            "index" => {
                let (base, used) = self.argument(arguments);
                let keys: Vec<String> = arguments[used.min(arguments.len())..]
                    .iter()
                    .map_while(|t| match t {
                        Token::Str(s) | Token::Number(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect();
                base.field(&keys)
            }
            // `required "…" .x`, `quote .x`, `default "a" .x`, `printf "%s" .x`: what the
            // call is about is its last name.
            _ => {
                let mut last = Binding::Unknown;
                let mut rest = arguments;
                while !rest.is_empty() && !matches!(rest[0], Token::Pipe) {
                    let (binding, used) = self.argument(rest);
                    if binding != Binding::Unknown {
                        last = binding;
                    }
                    rest = &rest[used.max(1).min(rest.len())..];
                }
                last
            }
        }
    }

    /// The values paths every field of `tokens` reads.
    pub fn reads(&self, tokens: &[Token]) -> Vec<Vec<String>> {
        let mut paths = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            match token {
                Token::Field(variable, path) => {
                    self.resolve(variable.as_deref(), path)
                        .values_paths(&mut paths);
                }
                Token::Ident(function) if function == "index" => {
                    self.call_named("index", &tokens[i + 1..])
                        .values_paths(&mut paths);
                }
                _ => {}
            }
        }
        paths.dedup();
        paths
    }
}

/// The length of the group that `tokens` starts inside (up to its closing paren).
fn group(tokens: &[Token]) -> usize {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Open => depth += 1,
            Token::Close if depth == 0 => return i,
            Token::Close => depth -= 1,
            _ => {}
        }
    }
    tokens.len()
}

/// The helper an output pipeline includes, and its argument: `include "name" arg` or
/// `template "name" arg`, anywhere in the pipeline.
pub fn include(scope: &Scope, tokens: &[Token]) -> Option<(String, Binding)> {
    let at = tokens
        .iter()
        .position(|t| matches!(t, Token::Ident(f) if f == "include" || f == "template"))?;
    let [Token::Str(name), rest @ ..] = &tokens[at + 1..] else {
        return None;
    };
    let argument = if rest.is_empty() {
        Binding::Unknown
    } else {
        scope.argument(rest).0
    };
    Some((name.clone(), argument))
}

/// The binding a block-writing pipeline writes out: `toYaml X`, `X | toYaml`, `tpl X`.
pub fn written(scope: &Scope, tokens: &[Token]) -> Option<Binding> {
    let writes = tokens.iter().position(|t| {
        matches!(t, Token::Ident(f) if matches!(f.as_str(), "toYaml" | "toJson" | "tpl" | "toPrettyJson" | "toRawJson"))
    })?;
    let argument = match tokens.get(writes + 1) {
        Some(Token::Field(..) | Token::Open) => scope.argument(&tokens[writes + 1..]).0,
        // `X | toYaml`: the pipeline's first argument.
        _ => scope.evaluate(tokens),
    };
    Some(argument)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::gotemplate::tokenize;

    fn path(p: &str) -> Vec<String> {
        p.split('.').map(str::to_owned).collect()
    }

    #[test]
    fn variables_with_and_range_resolve_to_values_paths() {
        let mut scope = Scope::new(Binding::root());
        scope.assign("$fe", &tokenize(".Values.frontend"));
        assert_eq!(
            scope.reads(&tokenize("$fe.image.tag | quote")),
            [path("frontend.image.tag")]
        );
        scope.open_with(&tokenize(".Values.redis"));
        assert_eq!(scope.reads(&tokenize(".port")), [path("redis.port")]);
        assert_eq!(scope.reads(&tokenize("$.Values.x")), [path("x")]);
        scope.close();
        scope.open_range(&["$n".into(), "$w".into()], &tokenize(".Values.workers"));
        assert_eq!(
            scope.reads(&tokenize("$w.replicas")),
            [path("workers.*.replicas")]
        );
        assert_eq!(
            scope.reads(&tokenize("index $.Values.tags \"a\"")),
            [path("tags.a"), path("tags")]
        );
    }

    #[test]
    fn helper_arguments_are_dicts() {
        let mut scope = Scope::new(Binding::root());
        scope.assign("$fe", &tokenize(".Values.frontend"));
        let tokens = tokenize(r#"include "x.image" (dict "image" $fe.image "ctx" $) | quote"#);
        let (name, argument) = include(&scope, &tokens).unwrap();
        assert_eq!(name, "x.image");
        let helper = Scope::new(argument);
        assert_eq!(
            helper.reads(&tokenize(".image.tag")),
            [path("frontend.image.tag")]
        );
        assert_eq!(
            helper.reads(&tokenize(".ctx.Values.global.tag")),
            [path("global.tag")]
        );
    }

    #[test]
    fn to_yaml_writes_its_argument() {
        let scope = Scope::new(Binding::root());
        let written = written(&scope, &tokenize("toYaml .Values.resources | nindent 12"));
        assert_eq!(written.unwrap().values_path(), Some(path("resources")));
    }
}
