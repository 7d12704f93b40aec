//! Kubernetes resource quantities compared by value: `1` = `1000m`, `1Gi` = `1024Mi`.

use std::cmp::Ordering;

/// A quantity as `mantissa × 10^exp10 × 2^exp2`, exact for every suffix Kubernetes accepts.
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    mantissa: i128,
    exp10: i32,
    exp2: u32,
}

impl Quantity {
    /// Parses `500m`, `0.5`, `2Gi`, `1e3`, `128974848`. Numbers from YAML arrive as JSON
    /// numbers; pass them through their decimal text.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
            .unwrap_or(text.len());
        let (number, suffix) = text.split_at(split);
        let (exp10, exp2) = match suffix {
            "" => (0, 0),
            "n" => (-9, 0),
            "u" => (-6, 0),
            "m" => (-3, 0),
            "k" => (3, 0),
            "M" => (6, 0),
            "G" => (9, 0),
            "T" => (12, 0),
            "P" => (15, 0),
            "E" => (18, 0),
            "Ki" => (0, 10),
            "Mi" => (0, 20),
            "Gi" => (0, 30),
            "Ti" => (0, 40),
            "Pi" => (0, 50),
            "Ei" => (0, 60),
            s if s.starts_with(['e', 'E']) => (s[1..].parse::<i32>().ok()?, 0),
            _ => return None,
        };
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        if whole.trim_start_matches(['+', '-']).is_empty() && fraction.is_empty() {
            return None;
        }
        let digits = format!("{whole}{fraction}");
        let mantissa: i128 = digits.parse().ok()?;
        Some(Quantity {
            mantissa,
            exp10: exp10 - i32::try_from(fraction.len()).ok()?,
            exp2,
        })
    }

    /// The quantity from a JSON value (string or number).
    pub fn from_json(value: &serde_json::Value) -> Option<Self> {
        match value {
            serde_json::Value::String(s) => Self::parse(s),
            serde_json::Value::Number(n) => Self::parse(&n.to_string()),
            _ => None,
        }
    }

    /// Mantissa and exponent of ten with the power of two folded in; None on overflow.
    fn decimal(self) -> Option<(i128, i32)> {
        let mantissa = self.mantissa.checked_mul(1i128.checked_shl(self.exp2)?)?;
        Some((mantissa, self.exp10))
    }

    fn approximate(self) -> f64 {
        self.mantissa as f64 * 10f64.powi(self.exp10) * 2f64.powi(self.exp2 as i32)
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.partial_cmp(other) == Some(Ordering::Equal)
    }
}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        let exact = || {
            let ((a, ea), (b, eb)) = (self.decimal()?, other.decimal()?);
            let scale =
                |m: i128, by: i32| m.checked_mul(10i128.checked_pow(u32::try_from(by).ok()?)?);
            let (a, b) = if ea >= eb {
                (scale(a, ea - eb)?, b)
            } else {
                (a, scale(b, eb - ea)?)
            };
            Some(a.cmp(&b))
        };
        exact().or_else(|| self.approximate().partial_cmp(&other.approximate()))
    }
}

#[cfg(test)]
mod tests {
    use super::Quantity;

    fn q(text: &str) -> Quantity {
        Quantity::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    #[test]
    fn equal_by_value() {
        assert_eq!(q("1"), q("1000m"));
        assert_eq!(q("0.5"), q("500m"));
        assert_eq!(q("1Gi"), q("1024Mi"));
        assert_eq!(q("1k"), q("1000"));
        assert_eq!(q("1e3"), q("1k"));
        assert_eq!(q("128974848"), q("128974848"));
        assert_eq!(q("129e6"), q("129M"));
        assert_ne!(q("1G"), q("1Gi"));
        assert!(q("100m") < q("0.2"));
        assert!(q("2Gi") > q("2G"));
    }

    #[test]
    fn rejects_what_is_not_a_quantity() {
        for text in ["", "abc", "10GB", "1.2.3", "Gi", "m"] {
            assert!(Quantity::parse(text).is_none(), "{text}");
        }
    }
}
