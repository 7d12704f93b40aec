//! Values a user can get wrong stop the render with a message naming the key.

mod common;

use common::*;

/// Renders prod with `overlay` on top and returns helm's error message.
fn prod_with(overlay: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = values_file(dir.path(), "overlay.yaml", overlay);
    render_error(&request().values_file(env_file("prod")).values_file(file))
}

#[test]
fn no_password_source_fails_with_a_required_message() {
    let message = render_error(&request());
    assert!(
        message.contains("redis.auth: no password source. Set redis.auth.existingSecret"),
        "{message}"
    );
    assert!(message.contains("--set redis.auth.password="), "{message}");
}

#[test]
fn helm_enforces_the_values_schema() {
    let cases = [
        (
            "frontend:\n  replicas: -1\n",
            "at '/frontend/replicas': minimum: got -1, want 0",
        ),
        (
            "fileserver:\n  replicas: 1.5\n",
            "at '/fileserver/replicas': got number, want integer",
        ),
        (
            "redis:\n  replicas: 0\n",
            "at '/redis/replicas': minimum: got 0, want 1",
        ),
        (
            "frontend:\n  replicas: \"3\"\n",
            "at '/frontend/replicas': got string, want integer",
        ),
        (
            "frontend:\n  replicas: null\n",
            "at '/frontend': missing property 'replicas'",
        ),
        (
            "frontend:\n  replicaCont: 3\n",
            "at '/frontend': additional properties 'replicaCont' not allowed",
        ),
        (
            "frontend:\n  config:\n    version: 0\n",
            "at '/frontend/config/version': minimum: got 0, want 1",
        ),
        (
            "redis:\n  port: 70000\n",
            "at '/redis/port': maximum: got 70,000, want 65,535",
        ),
        (
            "redis:\n  maxmemoryPercent: 150\n",
            "at '/redis/maxmemoryPercent': maximum: got 150, want 100",
        ),
        (
            "redis:\n  persistence:\n    size: 10GB\n",
            "at '/redis/persistence/size': '10GB' does not match pattern",
        ),
        (
            "redis:\n  image:\n    digest: sha256:abc\n",
            "at '/redis/image/digest': 'sha256:abc' does not match pattern",
        ),
        (
            "ingress:\n  host: \"\"\n",
            "at '/ingress/host': '' does not match pattern",
        ),
        (
            "fileserver:\n  image:\n    pullPolicy: Sometimes\n",
            "at '/fileserver/image/pullPolicy': value must be one of",
        ),
    ];
    for (overlay, expected) in cases {
        let message = prod_with(overlay);
        assert!(
            message.contains("values don't meet the specifications of the schema"),
            "{overlay:?}: {message}"
        );
        assert!(message.contains(expected), "{overlay:?}: {message}");
    }
}

#[test]
fn the_schema_allows_helms_global_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = values_file(
        dir.path(),
        "global.yaml",
        "global:\n  imageRegistry: mirror.local\n",
    );
    render(&request().values_file(env_file("prod")).values_file(file));
}

#[test]
fn checks_across_values_stop_the_render() {
    let cases = [
        (
            "frontend:\n  autoscaling:\n    enabled: true\n    minReplicas: 5\n    maxReplicas: 2\n",
            "frontend.autoscaling.maxReplicas (2) must be at least frontend.autoscaling.minReplicas (5)",
        ),
        (
            "frontend:\n  preStopSleepSeconds: 40\n",
            "frontend.preStopSleepSeconds (40) must be less than frontend.terminationGracePeriodSeconds (30)",
        ),
        (
            "frontend:\n  image:\n    tag: \"\"\n",
            "frontend.image: set frontend.image.tag or frontend.image.digest",
        ),
    ];
    for (overlay, expected) in cases {
        let message = prod_with(overlay);
        assert!(message.contains(expected), "{overlay:?}: {message}");
    }
}

#[test]
fn a_missing_values_file_is_named() {
    // Checked before helm runs, so every command says it the same way.
    let missing = repo().join("values/nonexistent.yaml");
    match chartcheck::render::template(&helm(), &request().values_file(&missing)) {
        Err(err @ chartcheck::render::RenderError::ValuesFile { .. }) => {
            let message = err.to_string();
            assert!(
                message.starts_with("cannot read the values file ")
                    && message.contains("nonexistent.yaml"),
                "{message}"
            );
        }
        other => panic!("expected the missing file to be named, got {other:?}"),
    }
}
