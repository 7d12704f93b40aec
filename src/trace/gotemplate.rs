//! Go templates as Helm writes them, read with positions: text and `{{ … }}` actions, and
//! what each action does (output, `if`/`range`/`with`/`define` blocks, variables).
//!
//! Not an evaluator: enough of the syntax to know the structure and which fields an action
//! reads. Anything it does not understand is an output action that reads nothing.

use std::ops::Range;

/// A piece of a template file.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Literal text (byte range in the file).
    Text(Range<usize>),
    Action(Action),
}

/// One `{{ … }}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// From `{{` to after `}}`.
    pub span: Range<usize>,
    /// `{{-`: the whitespace before it is trimmed.
    pub trim_left: bool,
    pub kind: Kind,
}

/// What an action does.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Writes its pipeline's result.
    Output(Vec<Token>),
    /// `$x := …` or `$x = …`: writes nothing.
    Assign(String, Vec<Token>),
    If(Vec<Token>),
    /// `else`, or `else if …` / `else with …` (the tokens of the condition).
    Else(Vec<Token>),
    /// `range [$k[, $v] :=] pipeline`.
    Range(Vec<String>, Vec<Token>),
    With(Vec<Token>),
    Define(String),
    /// `block "name" pipeline`: a define that is also called.
    Block(String, Vec<Token>),
    End,
    /// Comments, `break`, `continue`.
    Nothing,
}

/// A token of a pipeline.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// `.a.b` (empty for `.`), `$x.a.b` / `$.a` (variable name with `$`), as segments.
    Field(Option<String>, Vec<String>),
    /// A function or keyword: `include`, `toYaml`, `dict`, `nindent`.
    Ident(String),
    Str(String),
    Number(String),
    Pipe,
    Open,
    Close,
}

/// The pieces of `text`. An unclosed `{{` ends the template (Helm would refuse it).
pub fn lex(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find("{{") {
        let open = at + found;
        if open > at {
            pieces.push(Piece::Text(at..open));
        }
        let Some(close) = action_end(text, open + 2) else {
            return pieces;
        };
        let mut body = &text[open + 2..close - 2];
        let trim_left = body.starts_with('-')
            && body[1..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/');
        if trim_left {
            body = &body[1..];
        }
        if body.ends_with('-') && body[..body.len() - 1].ends_with(|c: char| c.is_whitespace()) {
            body = &body[..body.len() - 1];
        }
        pieces.push(Piece::Action(Action {
            span: open..close,
            trim_left,
            kind: classify(body.trim()),
        }));
        at = close;
    }
    if at < text.len() {
        pieces.push(Piece::Text(at..text.len()));
    }
    pieces
}

/// The offset after the `}}` that closes the action whose body starts at `from`: strings and
/// comments may hold `}}`.
fn action_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let body_start = text[from..].trim_start_matches(['-', ' ', '\t', '\n', '\r']);
    if body_start.starts_with("/*") {
        let comment = from + (text[from..].len() - body_start.len());
        let end = comment + text[comment..].find("*/")?;
        return text[end..].find("}}").map(|j| end + j + 2);
    }
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'`' => i += text[i + 1..].find('`')? + 1,
            b'}' if bytes[i + 1] == b'}' => return Some(i + 2),
            _ => {}
        }
        i += 1;
    }
    None
}

fn classify(body: &str) -> Kind {
    if body.starts_with("/*") {
        return Kind::Nothing;
    }
    let tokens = tokenize(body);
    let keyword = match tokens.first() {
        Some(Token::Ident(word)) => word.as_str(),
        _ => "",
    };
    let rest = || tokens[1..].to_vec();
    match keyword {
        "if" => Kind::If(rest()),
        "else" => Kind::Else(tokens[1..].iter().skip(1).cloned().collect()),
        "with" => Kind::With(rest()),
        "end" => Kind::End,
        // `fail` writes nothing it returns; neither do these.
        "break" | "continue" | "fail" => Kind::Nothing,
        "define" => Kind::Define(first_string(&tokens)),
        "block" => Kind::Block(
            first_string(&tokens),
            tokens[2.min(tokens.len())..].to_vec(),
        ),
        "template" => Kind::Output(
            std::iter::once(Token::Ident("include".into()))
                .chain(tokens[1..].iter().cloned())
                .collect(),
        ),
        "range" => {
            let (variables, pipeline) = declaration(&tokens[1..]);
            Kind::Range(variables, pipeline)
        }
        _ => match declaration(&tokens) {
            (variables, pipeline) if variables.len() == 1 => {
                Kind::Assign(variables[0].clone(), pipeline)
            }
            _ => Kind::Output(tokens),
        },
    }
}

fn first_string(tokens: &[Token]) -> String {
    tokens
        .iter()
        .find_map(|t| match t {
            Token::Str(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// `$k, $v := pipeline` → ([`$k`, `$v`], pipeline); no declaration → ([], tokens).
fn declaration(tokens: &[Token]) -> (Vec<String>, Vec<Token>) {
    let assign = tokens
        .iter()
        .position(|t| matches!(t, Token::Ident(s) if s == ":=" || s == "="));
    let Some(assign) = assign else {
        return (Vec::new(), tokens.to_vec());
    };
    let variables: Vec<String> = tokens[..assign]
        .iter()
        .filter_map(|t| match t {
            Token::Field(Some(variable), path) if path.is_empty() => Some(variable.clone()),
            _ => None,
        })
        .collect();
    if variables.is_empty() || variables.len() != tokens[..assign].len() {
        return (Vec::new(), tokens.to_vec());
    }
    (variables, tokens[assign + 1..].to_vec())
}

/// The tokens of an action's body. Commas between range variables are dropped.
pub fn tokenize(body: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        match c {
            _ if c.is_whitespace() || c == ',' => i += 1,
            '|' => {
                tokens.push(Token::Pipe);
                i += 1;
            }
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
                // `(…).field`: a field of a call's result, which this reader does not follow.
                while i < chars.len() && (chars[i] == '.' || word_char(chars[i])) {
                    i += 1;
                }
            }
            '"' | '`' | '\'' => {
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i] != c {
                    if c == '"' && chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                    }
                    text.push(chars[i]);
                    i += 1;
                }
                i += 1;
                tokens.push(Token::Str(text));
            }
            ':' if chars.get(i + 1) == Some(&'=') => {
                tokens.push(Token::Ident(":=".into()));
                i += 2;
            }
            '=' => {
                tokens.push(Token::Ident("=".into()));
                i += 1;
            }
            '.' | '$' => {
                let start = i;
                let mut variable = None;
                if c == '$' {
                    i += 1;
                    while i < chars.len() && word_char(chars[i]) {
                        i += 1;
                    }
                    variable = Some(chars[start..i].iter().collect::<String>());
                }
                let mut path = Vec::new();
                while i < chars.len() && chars[i] == '.' {
                    i += 1;
                    let from = i;
                    while i < chars.len() && word_char(chars[i]) {
                        i += 1;
                    }
                    if i > from {
                        path.push(chars[from..i].iter().collect());
                    }
                }
                tokens.push(Token::Field(variable, path));
            }
            _ if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                    i += 1;
                }
                tokens.push(Token::Number(chars[start..i].iter().collect()));
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | '|' | '"' | ',')
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                tokens.push(Token::Ident(chars[start..i].iter().collect()));
            }
        }
    }
    tokens
}

/// The `define`d templates of a file: name → the pieces of its body (indexes into `pieces`).
pub fn defines(pieces: &[Piece]) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<(String, usize, usize)> = None;
    for (index, piece) in pieces.iter().enumerate() {
        let Piece::Action(action) = piece else {
            continue;
        };
        match &action.kind {
            Kind::Define(name) | Kind::Block(name, _) => {
                if open.is_none() {
                    open = Some((name.clone(), index + 1, depth));
                }
                depth += 1;
            }
            Kind::If(_) | Kind::Range(..) | Kind::With(_) => depth += 1,
            Kind::End => {
                depth = depth.saturating_sub(1);
                if let Some((name, start, at)) = &open
                    && *at == depth
                {
                    found.push((name.clone(), *start..index));
                    open = None;
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        lex(text)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Action(a) => Some(a.kind),
                Piece::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn actions_are_classified() {
        let text = r#"{{- $fe := .Values.frontend -}}
{{- range $name, $c := .Values.workers }}{{ end }}
{{/* a comment with }} inside */}}
image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default "x}}" }}"
{{- with .Values.a }}{{ else with .Values.b }}{{ end }}"#;
        let kinds = kinds(text);
        assert_eq!(
            kinds[0],
            Kind::Assign(
                "$fe".into(),
                vec![Token::Field(None, vec!["Values".into(), "frontend".into()])]
            )
        );
        assert!(
            matches!(&kinds[1], Kind::Range(v, _) if v == &["$name".to_owned(), "$c".to_owned()])
        );
        assert_eq!(kinds[3], Kind::Nothing);
        assert!(matches!(&kinds[5], Kind::Output(t) if t.contains(&Token::Str("x}}".into()))));
        assert!(
            matches!(&kinds[7], Kind::Else(t) if t == &[Token::Field(None, vec!["Values".into(), "b".into()])])
        );
    }

    #[test]
    fn defines_are_found_with_nested_blocks() {
        let text = r#"{{- define "a" -}}{{ if .x }}y{{ end }}{{- end }}{{ define "b" }}z{{ end }}"#;
        let pieces = lex(text);
        let names: Vec<String> = defines(&pieces).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn an_unclosed_action_ends_the_template() {
        assert_eq!(lex("a {{ .x").len(), 1);
    }
}
