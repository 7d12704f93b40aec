//! Typing of scalars as Helm does it.
//!
//! Helm reads values with `sigs.k8s.io/yaml`, which decodes with go-yaml v2 and converts the
//! result to JSON. This module follows go-yaml v2.4's `resolve.go` and `sigs.k8s.io/yaml`'s key
//! conversion:
//!
//! - plain `y Y yes Yes YES true True TRUE on On ON` are `true`; `n N no No NO false False
//!   FALSE off Off OFF` are `false`; `~ null Null NULL` and the empty scalar are null;
//! - `.inf .Inf .INF` (optionally signed), `.nan .NaN .NAN` are floats;
//! - a plain scalar starting with a digit or sign is, with every `_` removed first, an
//!   integer as Go's `strconv.ParseInt(s, 0, 64)` reads it (`0x1F`, `0o17`, `017` octal,
//!   `0b101`), else an unsigned 64-bit integer, else a float if it matches go-yaml's float
//!   pattern `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` and does not overflow;
//!   a plain scalar starting with `.` is a float if Go's `ParseFloat` accepts it;
//! - everything else, and every quoted or block scalar, is a string. Timestamps are strings
//!   too: go-yaml v2 hands them to `interface{}` as their text.
//! - explicit tags `!!str !!int !!float !!bool !!null` force the type and fail when the text
//!   does not fit (`!!float` accepts integers); `!!timestamp`, `!!binary`, other core tags
//!   and local tags (`!foo`) give the text as a string.
//!
//! Deviations: integers above `i64::MAX` (Go `uint64`) and below `i64::MIN` become
//! [`Value::Float`](super::Value::Float), which is what Helm ends up with once values pass
//! through JSON; `!!binary` is not base64-decoded; `!!timestamp` is not checked.

/// A resolved scalar, before it becomes a [`Value`](super::Value) or a key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str,
}

/// Types an untagged plain scalar (go-yaml v2 `resolve("", text)`).
pub(crate) fn resolve_plain(text: &str) -> Scalar {
    let Some(&first) = text.as_bytes().first() else {
        return Scalar::Null;
    };
    if let Some(special) = lookup(text) {
        return special;
    }
    match first {
        b'.' => go_parse_float(text).map_or(Scalar::Str, Scalar::Float),
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = text.replace('_', "");
            if let Some(i) = go_parse_int(&plain) {
                Scalar::Int(i)
            } else if let Some(u) = go_parse_uint(&plain) {
                Scalar::Uint(u)
            } else if yaml_style_float(&plain) {
                go_parse_float(&plain).map_or(Scalar::Str, Scalar::Float)
            } else {
                Scalar::Str
            }
        }
        _ => Scalar::Str,
    }
}

/// Types a scalar with an explicit core-schema tag suffix (`int` for `!!int`). `Err` names
/// what the text resolved to when it does not fit the tag.
pub(crate) fn resolve_tagged(tag: &str, text: &str) -> Result<Scalar, &'static str> {
    let resolved = resolve_plain(text);
    let fits = match (tag, &resolved) {
        ("null", Scalar::Null)
        | ("bool", Scalar::Bool(_))
        | ("int", Scalar::Int(_) | Scalar::Uint(_))
        | ("float", Scalar::Float(_)) => true,
        ("float", Scalar::Int(i)) => return Ok(Scalar::Float(*i as f64)),
        ("float", Scalar::Uint(u)) => return Ok(Scalar::Float(*u as f64)),
        _ => false,
    };
    if fits {
        Ok(resolved)
    } else {
        Err(match resolved {
            Scalar::Null => "null",
            Scalar::Bool(_) => "a boolean",
            Scalar::Int(_) | Scalar::Uint(_) => "an integer",
            Scalar::Float(_) => "a float",
            Scalar::Str => "a string",
        })
    }
}

/// Whether go-yaml types scalars with this core tag (others give the text as a string).
pub(crate) fn is_resolvable_tag(tag: &str) -> bool {
    matches!(tag, "null" | "bool" | "int" | "float")
}

fn lookup(text: &str) -> Option<Scalar> {
    Some(match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Scalar::Bool(false)
        }
        "~" | "null" | "Null" | "NULL" => Scalar::Null,
        ".nan" | ".NaN" | ".NAN" => Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Scalar::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// Go `strconv.ParseInt(s, 0, 64)` (after go-yaml removed the underscores).
fn go_parse_int(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = i128::from(go_parse_uint(digits)?);
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// Go `strconv.ParseUint(s, 0, 64)`: base from a `0x`, `0o`, `0b` or `0` prefix, no sign.
fn go_parse_uint(s: &str) -> Option<u64> {
    let bytes = s.as_bytes();
    let (radix, digits) = match bytes {
        [] => return None,
        [b'0', p, _, ..] if matches!(p.to_ascii_lowercase(), b'b' | b'o' | b'x') => {
            let radix = match p.to_ascii_lowercase() {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            };
            (radix, &s[2..])
        }
        [b'0', ..] => (8, &s[1..]),
        _ => (10, s),
    };
    if digits.is_empty() {
        // Only "0" gets here: Go reads it as octal with no further digits.
        return Some(0);
    }
    if !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// go-yaml v2.4's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go `strconv.ParseFloat(s, 64)` for the decimal forms go-yaml passes it: `_` only between
/// digits, and an overflow (`1e400`) is an error, not infinity.
fn go_parse_float(s: &str) -> Option<f64> {
    let cleaned;
    let s = if s.contains('_') {
        if !go_underscore_ok(s) {
            return None;
        }
        cleaned = s.replace('_', "");
        cleaned.as_str()
    } else {
        s
    };
    if !yaml_style_float(s) {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Go's `underscoreOK` for a decimal literal: every `_` sits between two digits.
fn go_underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().all(|(i, &c)| {
        c != b'_'
            || (i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    })
}

/// Go `strconv.FormatFloat(f, 'g', -1, 64)`, which `sigs.k8s.io/yaml` uses for float keys.
pub(crate) fn go_format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0");
    }
    // Shortest round-trip digits, as `d.ddde±x`.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}{rest}e{esign}{:02}", exp.abs());
    }
    let point = exp + 1; // digits before the decimal point
    let nd = digits.len() as i64;
    let mut out = String::from(sign);
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else if point >= nd {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (point - nd) as usize));
    } else {
        let (int, frac) = digits.split_at(point as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
    out
}
