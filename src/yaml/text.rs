//! Bytes to text: YAML streams here are UTF-8 (a UTF-8 byte-order mark is fine). Anything else
//! is refused with where and what it is, so a Latin-1 file, a UTF-16 file and a binary file
//! each get a message that says so.

use super::{Position, Span};

/// Why bytes are not UTF-8 text, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText {
    pub message: String,
    /// The first offending byte (an empty span).
    pub span: Span,
    /// The text up to that byte, then the rest with replacement characters: enough to show
    /// the line.
    pub lossy: String,
}

/// The bytes as text, or why they are not UTF-8.
///
/// # Errors
/// Invalid UTF-8, UTF-16 (by its byte-order mark), or binary data (NUL bytes).
pub fn decode(bytes: Vec<u8>) -> Result<String, NotText> {
    let error = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error,
    };
    let at = error.utf8_error().valid_up_to();
    let bytes = error.as_bytes();
    let message = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        "is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8".to_owned()
    } else if bytes[..bytes.len().min(8192)].contains(&0) {
        "is binary data, not YAML text (it contains NUL bytes)".to_owned()
    } else {
        format!(
            "is not UTF-8 text: byte 0x{:02X} cannot start or continue a UTF-8 character \
             (Latin-1 or Windows-1252 text? save it as UTF-8)",
            bytes[at]
        )
    };
    let valid = std::str::from_utf8(&bytes[..at]).expect("valid up to here");
    let line = valid.matches('\n').count() + 1;
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    let column = valid[line_start..]
        .trim_start_matches('\u{feff}')
        .chars()
        .count()
        + 1;
    let position = Position {
        line,
        column,
        offset: at,
    };
    Err(NotText {
        message,
        span: Span {
            start: position,
            end: position,
        },
        lossy: String::from_utf8_lossy(bytes).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_non_text_says_what_it_is_and_where() {
        assert_eq!(decode(b"a: 1\n".to_vec()).unwrap(), "a: 1\n");
        let latin1 = decode(b"a: 1\nname: caf\xe9\n".to_vec()).unwrap_err();
        assert!(latin1.message.contains("byte 0xE9"), "{}", latin1.message);
        assert_eq!((latin1.span.start.line, latin1.span.start.column), (2, 10));
        let utf16 = decode(b"\xff\xfea\x00:\x00".to_vec()).unwrap_err();
        assert!(utf16.message.contains("UTF-16"), "{}", utf16.message);
        let binary = decode(b"\x7fELF\x02\x01\x00\x00\xff".to_vec()).unwrap_err();
        assert!(binary.message.contains("binary"), "{}", binary.message);
    }
}
