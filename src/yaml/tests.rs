//! Tests of the YAML loader: positions, pointers, scalar typing, anchors, limits, errors.

use super::*;

fn load(text: &str) -> Vec<Document> {
    match load_str(text, &Limits::default()) {
        Ok(docs) => docs,
        Err(e) => panic!("load failed: {e}"),
    }
}

fn root(text: &str) -> Node {
    let mut docs = load(text);
    assert_eq!(docs.len(), 1, "expected one document in {text:?}");
    docs.remove(0).root
}

fn err(text: &str) -> YamlError {
    match load_str(text, &Limits::default()) {
        Ok(docs) => panic!("expected an error, got {docs:?}"),
        Err(e) => e,
    }
}

/// `line:column` of the value and (when a member) the key at `pointer`.
fn at(node: &Node, pointer: &str) -> (String, Option<String>) {
    let found = node
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no node at {pointer}"));
    (
        found.node.span.start.to_string(),
        found.key_span.map(|s| s.start.to_string()),
    )
}

fn value(text: &str) -> Value {
    root(&format!("v: {text}\n"))
        .get("v")
        .expect("v")
        .value
        .clone()
}

#[test]
fn positions_of_keys_and_values_at_depth() {
    let text = "\
replicaCount: 2
image:
  repository: nginx
  tag: \"1.25\"
env:
  - name: A
    value: x
  - {name: B, value: y}
config:
  script: |
    line one
    line two
  after: 5
tail: [1, [2, 3]]
";
    let r = root(text);
    assert_eq!(at(&r, "/replicaCount"), ("1:15".into(), Some("1:1".into())));
    assert_eq!(at(&r, "/image/tag"), ("4:8".into(), Some("4:3".into())));
    assert_eq!(at(&r, "/env/0"), ("6:5".into(), None));
    assert_eq!(at(&r, "/env/0/value"), ("7:12".into(), Some("7:5".into())));
    assert_eq!(at(&r, "/env/1"), ("8:5".into(), None));
    assert_eq!(at(&r, "/env/1/value"), ("8:22".into(), Some("8:15".into())));
    assert_eq!(
        at(&r, "/config/script"),
        ("11:5".into(), Some("10:3".into()))
    );
    assert_eq!(
        at(&r, "/config/after"),
        ("13:10".into(), Some("13:3".into()))
    );
    assert_eq!(at(&r, "/tail/1/1"), ("14:15".into(), None));

    // Byte offsets and ends.
    let tag = r.pointer("/image/tag").unwrap().node.span;
    assert_eq!(&text[tag.start.offset..tag.end.offset], "\"1.25\"");
    let script = r.pointer("/config/script").unwrap().node.span;
    assert_eq!(
        script.end.to_string(),
        "12:13",
        "block scalar ends after its text"
    );
    let flow = r.pointer("/env/1").unwrap().node.span;
    assert_eq!(
        &text[flow.start.offset..flow.end.offset],
        "{name: B, value: y}"
    );
    let env = r.pointer("/env").unwrap().node.span;
    assert_eq!(env.end.to_string(), "8:24");
}

#[test]
fn columns_count_characters_not_bytes() {
    let r = root("ключ: значение\nx: {ä: ö}\n");
    assert_eq!(at(&r, "/ключ"), ("1:7".into(), Some("1:1".into())));
    assert_eq!(at(&r, "/x/ä"), ("2:8".into(), Some("2:5".into())));
    assert_eq!(r.pointer("/ключ").unwrap().node.span.start.offset, 10);
}

#[test]
fn json_pointer_lookup_and_escaping() {
    let r = root("a/b: 1\nm~n: 2\n\"\": 3\nlist: [x, z]\nnested: {k: {deep: true}}\n");
    assert_eq!(r.pointer("").unwrap().node, &r);
    assert_eq!(r.pointer("").unwrap().key_span, None);
    assert_eq!(r.pointer("/a~1b").unwrap().node.value, Value::Int(1));
    assert_eq!(r.pointer("/m~0n").unwrap().node.value, Value::Int(2));
    assert_eq!(r.pointer("/").unwrap().node.value, Value::Int(3));
    assert_eq!(
        r.pointer("/list/1").unwrap().node.value,
        Value::String("z".into())
    );
    assert_eq!(
        r.pointer("/nested/k/deep").unwrap().node.value,
        Value::Bool(true)
    );
    for missing in [
        "/a/b",
        "/m~n",
        "/x~2",
        "/list/01",
        "/list/-",
        "/list/2",
        "list",
        "/list/0/x",
    ] {
        assert!(r.pointer(missing).is_none(), "{missing}");
    }
    let found = r.pointer("/nested/k").unwrap();
    assert_eq!(found.key_or_value_span().start.to_string(), "5:10");
}

#[test]
fn yaml_1_1_scalar_table() {
    use Value::{Bool, Float, Int, Null, String as S};
    let s = |x: &str| S(x.to_owned());
    let table: Vec<(&str, Value)> = vec![
        ("true", Bool(true)),
        ("True", Bool(true)),
        ("TRUE", Bool(true)),
        ("yes", Bool(true)),
        ("Yes", Bool(true)),
        ("YES", Bool(true)),
        ("y", Bool(true)),
        ("Y", Bool(true)),
        ("on", Bool(true)),
        ("On", Bool(true)),
        ("ON", Bool(true)),
        ("false", Bool(false)),
        ("no", Bool(false)),
        ("No", Bool(false)),
        ("NO", Bool(false)),
        ("n", Bool(false)),
        ("N", Bool(false)),
        ("off", Bool(false)),
        ("OFF", Bool(false)),
        ("tRUE", s("tRUE")),
        ("yEs", s("yEs")),
        ("~", Null),
        ("null", Null),
        ("Null", Null),
        ("NULL", Null),
        ("", Null),
        ("nULL", s("nULL")),
        ("0", Int(0)),
        ("42", Int(42)),
        ("-17", Int(-17)),
        ("+5", Int(5)),
        ("1_000", Int(1000)),
        ("0x1F", Int(31)),
        ("0X1f", Int(31)),
        ("-0x10", Int(-16)),
        ("0o17", Int(15)),
        ("017", Int(15)),
        ("0b101", Int(5)),
        ("-0b101", Int(-5)),
        ("08", Float(8.0)),
        ("9223372036854775807", Int(i64::MAX)),
        ("-9223372036854775808", Int(i64::MIN)),
        ("9223372036854775808", Float(9_223_372_036_854_775_808.0)),
        ("0xFFFFFFFFFFFFFFFF", Float(18_446_744_073_709_551_615.0)),
        ("0xFFFFFFFFFFFFFFFFFF", s("0xFFFFFFFFFFFFFFFFFF")),
        ("1.5", Float(1.5)),
        ("-1.5", Float(-1.5)),
        ("1.", Float(1.0)),
        (".5", Float(0.5)),
        ("1e3", Float(1000.0)),
        ("1.5E-2", Float(0.015)),
        ("1_0.5", Float(10.5)),
        ("1e400", s("1e400")),
        (".inf", Float(f64::INFINITY)),
        ("+.Inf", Float(f64::INFINITY)),
        ("-.INF", Float(f64::NEG_INFINITY)),
        ("0x", s("0x")),
        ("1.2.3", s("1.2.3")),
        ("1:30", s("1:30")),
        ("2024-01-01", s("2024-01-01")),
        ("12e", s("12e")),
        ("_1", s("_1")),
        ("abc", s("abc")),
        ("v1.2", s("v1.2")),
        ("1Gi", s("1Gi")),
        ("500m", s("500m")),
    ];
    for (text, expected) in table {
        assert_eq!(value(text), expected, "plain scalar {text:?}");
    }
    assert!(matches!(value(".nan"), Float(f) if f.is_nan()));
    assert!(matches!(value(".NaN"), Float(f) if f.is_nan()));
}

#[test]
fn quoted_and_block_scalars_are_strings() {
    let r =
        root("a: 'true'\nb: \"42\"\nc: |\n  yes\nd: >-\n  null\ne: ''\nf: 'it''s'\ng: \"\\t\"\n");
    let get = |k: &str| r.get(k).unwrap().value.clone();
    assert_eq!(get("a"), Value::String("true".into()));
    assert_eq!(get("b"), Value::String("42".into()));
    assert_eq!(get("c"), Value::String("yes\n".into()));
    assert_eq!(get("d"), Value::String("null".into()));
    assert_eq!(get("e"), Value::String(String::new()));
    assert_eq!(get("f"), Value::String("it's".into()));
    assert_eq!(get("g"), Value::String("\t".into()));
}

#[test]
fn explicit_tags_are_honoured() {
    assert_eq!(value("!!str 12"), Value::String("12".into()));
    assert_eq!(value("!!str true"), Value::String("true".into()));
    assert_eq!(value("!!int \"12\""), Value::Int(12));
    assert_eq!(value("!!float 1"), Value::Float(1.0));
    assert_eq!(value("!!bool 'yes'"), Value::Bool(true));
    assert_eq!(value("!!null ''"), Value::Null);
    assert_eq!(value("!custom 12"), Value::String("12".into()));
    assert_eq!(value("! 12"), Value::String("12".into()));
    let e = err("v: !!int abc\n");
    assert_eq!(e.kind, YamlErrorKind::TagMismatch);
    assert_eq!(e.to_string(), "1:10: cannot read a string `abc` as !!int");
    assert_eq!(err("v: !!bool 1\n").kind, YamlErrorKind::TagMismatch);
}

#[test]
fn keys_become_strings_as_helm_does() {
    let r = root("1: a\non: b\n1.5: d\n0x10: e\n1e6: f\n'01': g\n0.00001: h\n");
    let keys: Vec<&str> = match &r.value {
        Value::Map(entries) => entries.iter().map(|e| e.key.as_str()).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(keys, ["1", "true", "1.5", "16", "1e+06", "01", "1e-05"]);
    // `yes` and `true` are the same key once typed.
    let e = err("true: a\nyes: b\n");
    assert_eq!(e.kind, YamlErrorKind::DuplicateKey);
    assert_eq!(e.span.start.to_string(), "2:1");
    for text in [
        "~: a\n",
        "null: a\n",
        "[a]: b\n",
        "? {a: b}\n: c\n",
        "x: &x [1]\n*x : 2\n",
    ] {
        assert_eq!(err(text).kind, YamlErrorKind::InvalidKey, "{text:?}");
    }
    let r = root("x: &k name\n*k : 2\n");
    assert_eq!(r.get("name").unwrap().value, Value::Int(2));
}

#[test]
fn go_float_formatting() {
    use super::scalar::go_format_float as g;
    let cases = [
        (1.0, "1"),
        (1.5, "1.5"),
        (100000.0, "100000"),
        (1e6, "1e+06"),
        (1234567.0, "1.234567e+06"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (-2.5e-10, "-2.5e-10"),
        (1e100, "1e+100"),
        (0.0, "0"),
        (123.456, "123.456"),
    ];
    for (f, expected) in cases {
        assert_eq!(g(f), expected, "{f}");
    }
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let text = "\
base: &base
  cpu: 100m
  memory: 64Mi
extra: &extra {memory: 128Mi, gpu: 1}
small:
  <<: *base
  cpu: 200m
both:
  <<: [*extra, *base]
inline:
  <<: {a: 1}
  b: 2
before:
  cpu: 1
  <<: *base
copy: *base
quoted:
  '<<': not a merge
";
    let r = root(text);
    let json = r.to_json();
    assert_eq!(
        json["small"],
        serde_json::json!({"cpu": "200m", "memory": "64Mi"})
    );
    assert_eq!(
        json["both"],
        serde_json::json!({"memory": "128Mi", "gpu": 1, "cpu": "100m"})
    );
    assert_eq!(json["inline"], serde_json::json!({"a": 1, "b": 2}));
    // go-yaml v2 applies a merge in order: it replaces members written before it.
    assert_eq!(
        json["before"],
        serde_json::json!({"cpu": "100m", "memory": "64Mi"})
    );
    assert_eq!(json["copy"], json["base"]);
    assert_eq!(json["quoted"], serde_json::json!({"<<": "not a merge"}));
    // Members keep the spans of where their text is; the alias node has the alias's span.
    assert_eq!(at(&r, "/small/memory"), ("3:11".into(), Some("3:3".into())));
    assert_eq!(at(&r, "/small/cpu"), ("7:8".into(), Some("7:3".into())));
    assert_eq!(at(&r, "/copy"), ("16:7".into(), Some("16:1".into())));
    assert_eq!(at(&r, "/copy/cpu"), ("2:8".into(), Some("2:3".into())));

    for bad in [
        "a: &a 1\nb:\n  <<: *a\n",
        "b:\n  <<: [1]\n",
        "b:\n  <<: x\n",
    ] {
        assert_eq!(err(bad).kind, YamlErrorKind::InvalidMerge, "{bad:?}");
    }
    let e = err("a: &a [1, *a]\n");
    assert_eq!(e.kind, YamlErrorKind::RecursiveAlias);
    assert_eq!(e.span.start.to_string(), "1:11");
    assert_eq!(err("a: *nope\n").kind, YamlErrorKind::Syntax);
    // An explicit key written twice is still a duplicate, merge or not.
    assert_eq!(
        err("a: {x: 1}\nb:\n  x: 1\n  <<: {x: 2}\n  x: 3\n").kind,
        YamlErrorKind::DuplicateKey
    );
}

#[test]
/// Rejected by the node limit, which bounds time and memory whatever the machine's speed.
fn billion_laughs_is_rejected_by_the_node_limit() {
    let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 9].join(", ");
        text.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    let e = err(&text);
    assert_eq!(e.kind, YamlErrorKind::TooLarge);
    assert!(e.message.contains("max_nodes"), "{}", e.message);

    // The same through merge keys.
    let mut text = String::from("m0: &m0 {a: 1, b: 2, c: 3}\n");
    for i in 1..12 {
        let refs = vec![format!("*m{}", i - 1); 9].join(", ");
        text.push_str(&format!("m{i}: &m{i} {{x{i}: [{refs}], <<: [{refs}]}}\n"));
    }
    assert_eq!(err(&text).kind, YamlErrorKind::TooLarge);

    // Long strings copied many times hit the byte limit.
    let limits = Limits {
        max_alias_bytes: 1 << 20,
        ..Limits::default()
    };
    let mut text = format!("s: &s {}\nl: [", "x".repeat(100_000));
    text.push_str(&vec!["*s"; 20].join(", "));
    text.push_str("]\n");
    let e = load_str(&text, &limits).unwrap_err();
    assert_eq!(e.kind, YamlErrorKind::TooLarge);
    assert!(e.message.contains("max_alias_bytes"), "{}", e.message);

    let limits = Limits {
        max_nodes: 10,
        ..Limits::default()
    };
    let e = load_str("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", &limits).unwrap_err();
    assert_eq!(e.kind, YamlErrorKind::TooLarge);
    assert_eq!(e.span.start.to_string(), "1:29");
}

#[test]
/// Rejected at depth 257 while scanning, before anything deeper is built.
fn deep_nesting_is_rejected_at_the_depth_limit() {
    let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = err(&flow);
    assert_eq!(e.kind, YamlErrorKind::TooDeep);
    assert_eq!(e.span.start.to_string(), "1:257");
    assert!(e.message.contains("256"), "{}", e.message);

    let mut block = String::new();
    for i in 0..10_000 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    let e = err(&block);
    assert_eq!(e.kind, YamlErrorKind::TooDeep);
    assert_eq!(e.span.start.line, 257);

    let seqs: String = (0..10_000)
        .map(|i| format!("{}-\n", " ".repeat(i * 2)))
        .collect();
    assert_eq!(err(&seqs).kind, YamlErrorKind::TooDeep);

    // Aliases count their depth where they are used.
    let limits = Limits {
        max_depth: 4,
        ..Limits::default()
    };
    let ok = "a: &a [[1]]\nb: [*a]\n";
    assert!(load_str(ok, &limits).is_ok());
    let e = load_str("a: &a [[[1]]]\nb: [*a]\n", &limits).unwrap_err();
    assert_eq!(e.kind, YamlErrorKind::TooDeep);
    assert_eq!(e.span.start.to_string(), "2:5");
    // Exactly at the limit is fine.
    assert!(load_str("[[[[1]]]]", &limits).is_ok());
    assert_eq!(
        load_str("[[[[[1]]]]]", &limits).unwrap_err().kind,
        YamlErrorKind::TooDeep
    );
}

#[test]
fn duplicate_keys() {
    let e = err("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n");
    assert_eq!(e.kind, YamlErrorKind::DuplicateKey);
    assert_eq!(
        e.to_string(),
        "5:3: duplicate key `c` (first defined at line 3)"
    );
    assert_eq!(err("{a: 1, a: 2}").span.start.to_string(), "1:8");
    // Past the linear-scan size too.
    let mut big: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
    big.push_str("k7: again\n");
    let e = err(&big);
    assert_eq!(e.kind, YamlErrorKind::DuplicateKey);
    assert_eq!(e.span.start.line, 41);
    assert!(e.message.contains("line 8"), "{}", e.message);
    // Same key in different mappings is fine.
    root("a: {x: 1}\nb: {x: 2}\n");
}

#[test]
fn syntax_errors_carry_positions() {
    let cases = [
        ("a:\n\tb: 1\n", "2:"),
        ("a: \"abc", "1:"),
        ("a: \"abc\n", "2:"),
        ("a: 'abc\n", "2:"),
        ("a:\n  b: 1\n c: 2\n", "3:"),
        ("a: [1, 2\n", "1:"),
        ("a: b: c\n", "1:"),
        ("- a\nb: 1\n", "2:"),
    ];
    for (text, line) in cases {
        let e = err(text);
        assert_eq!(e.kind, YamlErrorKind::Syntax, "{text:?}");
        assert!(e.to_string().starts_with(line), "{text:?}: {e}");
        assert!(!e.message.contains("at char"), "{e}");
    }
    let e = err("a:\n\tb: 1\n");
    assert!(e.message.contains("tab"), "{e}");
}

#[test]
fn multi_document_streams() {
    let docs = load("a: 1\n---\nb: 2\n---\n---\n# only a comment\n...\n--- [x]\n");
    assert_eq!(docs.len(), 5);
    assert_eq!(docs[0].root.to_json(), serde_json::json!({"a": 1}));
    assert_eq!(docs[1].root.to_json(), serde_json::json!({"b": 2}));
    assert_eq!(docs[1].span.start.line, 2);
    assert_eq!(docs[2].root.value, Value::Null);
    assert_eq!(docs[3].root.value, Value::Null);
    assert_eq!(docs[4].root.to_json(), serde_json::json!(["x"]));
    assert_eq!(at(&docs[4].root, "/0"), ("8:6".into(), None));
    let docs = load("--- [x]\n");
    assert_eq!(docs[0].root.to_json(), serde_json::json!(["x"]));
    // Anchors do not cross documents.
    assert_eq!(err("a: &x 1\n---\nb: *x\n").kind, YamlErrorKind::Syntax);
}

#[test]
fn empty_and_comment_only_input() {
    assert!(load("").is_empty());
    assert!(load("\n  \n").is_empty());
    assert!(load("\u{feff}").is_empty());
    let docs = load("# nothing here\n# at all\n");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].root.value, Value::Null);
    assert_eq!(docs[0].root.span.start.to_string(), "1:1");
    assert_eq!(load("---\n# c\n")[0].root.value, Value::Null);
}

#[test]
fn byte_order_mark_is_accepted() {
    let text = "\u{feff}name: x\nport: 80\n";
    let r = root(text);
    assert_eq!(at(&r, "/name"), ("1:7".into(), Some("1:1".into())));
    let name = r.pointer("/name").unwrap().node.span;
    assert_eq!(&text[name.start.offset..name.end.offset], "x");
    assert_eq!(at(&r, "/port"), ("2:7".into(), Some("2:1".into())));
}

#[test]
fn to_json_types() {
    let r = root("z: 1\na: [true, null, 1.5, \"s\", .inf]\nm: {}\n");
    assert_eq!(
        serde_json::to_string(&r.to_json()).unwrap(),
        r#"{"a":[true,null,1.5,"s",null],"m":{},"z":1}"#
    );
    assert_eq!(r.get("a").unwrap().value.type_name(), "array");
}

#[test]
fn crlf_line_endings() {
    let r = root("a: 1\r\nb:\r\n  c: |\r\n    x\r\n  d: 2\r\n");
    assert_eq!(at(&r, "/b/d"), ("5:6".into(), Some("5:3".into())));
    assert_eq!(r.pointer("/b/c").unwrap().node.span.end.to_string(), "4:6");
}
