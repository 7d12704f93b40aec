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
fn replica_counts_are_checked() {
    let cases = [
        (
            "frontend:\n  replicas: -1\n",
            "frontend.replicas must be at least 0, got -1",
        ),
        (
            "fileserver:\n  replicas: 1.5\n",
            "fileserver.replicas must be a whole number, got 1.5",
        ),
        (
            "redis:\n  replicas: 0\n",
            "redis.replicas must be at least 1, got 0",
        ),
        (
            "frontend:\n  replicas: \"3\"\n",
            "frontend.replicas must be an integer, got string 3",
        ),
        (
            "frontend:\n  replicas: null\n",
            "frontend.replicas must be an integer",
        ),
    ];
    for (overlay, expected) in cases {
        let message = prod_with(overlay);
        assert!(message.contains(expected), "{overlay:?}: {message}");
    }
}

#[test]
fn config_version_ports_and_memory_share_are_checked() {
    let cases = [
        (
            "frontend:\n  config:\n    version: 0\n",
            "frontend.config.version must be at least 1, got 0",
        ),
        (
            "redis:\n  port: 70000\n",
            "redis.port must be at most 65535, got 70000",
        ),
        (
            "redis:\n  maxmemoryPercent: 150\n",
            "redis.maxmemoryPercent must be at most 100, got 150",
        ),
        (
            "frontend:\n  autoscaling:\n    enabled: true\n    minReplicas: 5\n    maxReplicas: 2\n",
            "frontend.autoscaling.maxReplicas must be at least 5, got 2",
        ),
        (
            "frontend:\n  preStopSleepSeconds: 40\n",
            "frontend.preStopSleepSeconds (40) must be less than frontend.terminationGracePeriodSeconds (30)",
        ),
    ];
    for (overlay, expected) in cases {
        let message = prod_with(overlay);
        assert!(message.contains(expected), "{overlay:?}: {message}");
    }
}

#[test]
fn images_must_be_pinned_and_digests_well_formed() {
    let message = prod_with("frontend:\n  image:\n    tag: \"\"\n");
    assert!(
        message.contains("frontend.image: set frontend.image.tag or frontend.image.digest"),
        "{message}"
    );
    let message = prod_with("redis:\n  image:\n    digest: sha256:abc\n");
    assert!(
        message.contains("redis.image.digest must look like sha256:<64 hex digits>"),
        "{message}"
    );
}

#[test]
fn an_ingress_without_a_host_is_refused() {
    let message = prod_with("ingress:\n  host: \"\"\n");
    assert!(
        message.contains("ingress.host is required when ingress.enabled"),
        "{message}"
    );
}

#[test]
fn a_missing_values_file_is_named() {
    let message = render_error(&request().values_file(repo().join("values/nonexistent.yaml")));
    assert!(message.contains("nonexistent.yaml"), "{message}");
}
