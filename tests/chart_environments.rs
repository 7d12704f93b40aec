//! Every environment renders with the real Helm engine, passes `helm lint --strict`, and each
//! parameter of its values file lands where it should.

mod common;

use chartcheck::lint::context::selects; // the linter's own check: the chart tests and lint agree
use common::*;
use serde_json::{Value, json};

#[test]
fn every_environment_renders_and_passes_helm_lint_strict() {
    for env in ENVIRONMENTS {
        let output = helm()
            .run([
                "lint".as_ref(),
                chart_dir().as_os_str(),
                "--strict".as_ref(),
                "--values".as_ref(),
                env_file(env).as_os_str(),
            ])
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{env}: helm lint --strict failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            !stdout.contains("[WARNING]") && !stdout.contains("[ERROR]"),
            "{env}: {stdout}"
        );
        assert!(render_env(env).len() > 15, "{env}: too few objects");
    }
}

#[test]
fn every_environment_renders_with_no_flags_but_its_values_file() {
    // What the README promises: `helm template journal chart -f values/<env>.yaml`.
    for env in ENVIRONMENTS {
        let output = helm()
            .run([
                "template".as_ref(),
                "journal".as_ref(),
                chart_dir().as_os_str(),
                "-f".as_ref(),
                env_file(env).as_os_str(),
            ])
            .unwrap();
        assert!(
            output.status.success(),
            "{env}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("journal-redis-0.journal-redis-headless.default.svc.cluster.local"));
    }
}

#[test]
fn replicas_land_on_each_workload() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let v = merged_values(env);
        let frontend = object(&docs, "Deployment", "journal-frontend");
        let fileserver = object(&docs, "Deployment", "journal-fileserver");
        let redis = object(&docs, "StatefulSet", "journal-redis");
        assert_eq!(
            frontend["spec"]["replicas"], v["frontend"]["replicas"],
            "{env}"
        );
        assert_eq!(
            fileserver["spec"]["replicas"], v["fileserver"]["replicas"],
            "{env}"
        );
        assert_eq!(redis["spec"]["replicas"], v["redis"]["replicas"], "{env}");
    }
    // The deliberate differences between environments.
    let replicas =
        |env, kind, name| object(&render_env(env), kind, name)["spec"]["replicas"].clone();
    assert_eq!(replicas("dev", "Deployment", "journal-frontend"), 1);
    assert_eq!(replicas("prod", "Deployment", "journal-frontend"), 3);
    assert_eq!(replicas("prod", "StatefulSet", "journal-redis"), 3);
}

#[test]
fn images_are_pinned_and_come_from_values() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let v = merged_values(env);
        let image = |kind, name| {
            object(&docs, kind, name)["spec"]["template"]["spec"]["containers"][0]["image"].clone()
        };
        assert_eq!(
            image("Deployment", "journal-frontend"),
            image_ref(&v["frontend"]["image"])
        );
        assert_eq!(
            image("Deployment", "journal-fileserver"),
            image_ref(&v["fileserver"]["image"])
        );
        assert_eq!(
            image("StatefulSet", "journal-redis"),
            image_ref(&v["redis"]["image"])
        );

        for (owner, spec) in pod_specs(&docs) {
            for container in spec["containers"].as_array().unwrap() {
                let image = container["image"].as_str().unwrap();
                let last = image.rsplit('/').next().unwrap();
                let tag = last
                    .split_once(':')
                    .map(|(_, t)| t.split('@').next().unwrap());
                assert!(
                    image.contains('@') || tag.is_some_and(|t| t != "latest"),
                    "{env}: {owner} uses a floating image {image}"
                );
                assert_eq!(
                    container["imagePullPolicy"], "IfNotPresent",
                    "{env}: {owner}"
                );
            }
        }
    }
}

#[test]
fn a_digest_pins_the_image_after_its_tag() {
    let digest = format!("sha256:{}", "a".repeat(64));
    let docs = render(
        &request()
            .values_file(env_file("prod"))
            .set(format!("redis.image.digest={digest}")),
    );
    let sts = object(&docs, "StatefulSet", "journal-redis");
    assert_eq!(
        sts["spec"]["template"]["spec"]["containers"][0]["image"],
        format!("docker.io/library/redis:7.4.1-alpine@{digest}")
    );
}

#[test]
fn the_versioned_configmap_is_what_the_frontend_reads() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let v = merged_values(env);
        let name = format!(
            "journal-frontend-config-v{}",
            v["frontend"]["config"]["version"]
        );
        let config = object(&docs, "ConfigMap", &name);
        assert_eq!(
            config["data"]["journalEntries"],
            v["frontend"]["config"]["journalEntries"].to_string(),
            "{env}"
        );
        let container = &object(&docs, "Deployment", "journal-frontend")["spec"]["template"]["spec"]
            ["containers"][0];
        let entries = container["env"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "JOURNAL_ENTRIES")
            .expect("JOURNAL_ENTRIES is set");
        assert_eq!(
            entries["valueFrom"]["configMapKeyRef"],
            json!({"name": name, "key": "journalEntries"}),
            "{env}"
        );
    }
}

#[test]
fn bumping_the_config_version_makes_a_new_configmap_and_rolls_the_frontend() {
    let pod_template = |docs: &[chartcheck::manifest::Object]| {
        object(docs, "Deployment", "journal-frontend")["spec"]["template"].clone()
    };
    let v3 = render_env("prod");
    let v4 = render(
        &request()
            .values_file(env_file("prod"))
            .set("frontend.config.version=4"),
    );
    assert!(
        objects(&v4, "ConfigMap")
            .iter()
            .any(|c| c["metadata"]["name"] == "journal-frontend-config-v4")
    );
    assert!(
        !objects(&v4, "ConfigMap")
            .iter()
            .any(|c| c["metadata"]["name"] == "journal-frontend-config-v3")
    );
    assert_ne!(
        pod_template(&v3),
        pod_template(&v4),
        "a new version must change the pod template"
    );
}

#[test]
fn redis_storage_comes_from_values() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let v = merged_values(env);
        let claim =
            &object(&docs, "StatefulSet", "journal-redis")["spec"]["volumeClaimTemplates"][0];
        let persistence = &v["redis"]["persistence"];
        assert_eq!(
            claim["spec"]["resources"]["requests"]["storage"], persistence["size"],
            "{env}"
        );
        assert_eq!(
            claim["spec"]["accessModes"], persistence["accessModes"],
            "{env}"
        );
        match persistence["storageClassName"].as_str() {
            Some("") => assert!(claim["spec"].get("storageClassName").is_none(), "{env}"),
            _ => assert_eq!(
                claim["spec"]["storageClassName"], persistence["storageClassName"],
                "{env}"
            ),
        }
    }
    let prod = render_env("prod");
    let claim =
        &object(&prod, "StatefulSet", "journal-redis")["spec"]["volumeClaimTemplates"][0]["spec"];
    assert_eq!(claim["resources"]["requests"]["storage"], "50Gi");
    assert_eq!(claim["accessModes"], json!(["ReadWriteOnce"]));
    let dev = render_env("dev");
    let claim =
        &object(&dev, "StatefulSet", "journal-redis")["spec"]["volumeClaimTemplates"][0]["spec"];
    assert_eq!(claim["resources"]["requests"]["storage"], "1Gi");
}

#[test]
fn ingress_routes_api_before_root_to_existing_service_ports() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let v = merged_values(env);
        let ingress = object(&docs, "Ingress", "journal");
        assert_eq!(
            ingress["spec"]["ingressClassName"], v["ingress"]["className"],
            "{env}"
        );
        let rule = &ingress["spec"]["rules"][0];
        assert_eq!(rule["host"], v["ingress"]["host"], "{env}");
        let paths = rule["http"]["paths"].as_array().unwrap();
        let routes: Vec<(&str, &str, u64)> = paths
            .iter()
            .map(|p| {
                let service = &p["backend"]["service"];
                (
                    p["path"].as_str().unwrap(),
                    service["name"].as_str().unwrap(),
                    service["port"]["number"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            routes,
            [
                ("/api", "journal-frontend", 8080),
                ("/", "journal-fileserver", 80)
            ],
            "{env}"
        );
        for (_, service, port) in routes {
            let ports = &object(&docs, "Service", service)["spec"]["ports"];
            assert!(
                ports.as_array().unwrap().iter().any(|p| p["port"] == port),
                "{env}: Service {service} has no port {port}"
            );
        }
        let tls_enabled = v["ingress"]["tls"]["enabled"] == true;
        assert_eq!(ingress["spec"].get("tls").is_some(), tls_enabled, "{env}");
        if tls_enabled {
            assert_eq!(
                ingress["spec"]["tls"][0]["hosts"],
                json!([v["ingress"]["host"]]),
                "{env}"
            );
            assert_eq!(
                ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"],
                v["ingress"]["tls"]["clusterIssuer"],
                "{env}"
            );
        }
    }
    let prod = render_env("prod");
    assert_eq!(
        object(&prod, "Ingress", "journal")["spec"]["tls"][0]["secretName"],
        "journal-tls"
    );
}

#[test]
fn statefulset_service_name_is_a_headless_service_selecting_its_pods() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let sts = object(&docs, "StatefulSet", "journal-redis");
        let service_name = sts["spec"]["serviceName"].as_str().unwrap();
        let headless = object(&docs, "Service", service_name);
        assert_eq!(headless["spec"]["clusterIP"], "None", "{env}");
        assert!(
            selects(
                &headless["spec"]["selector"],
                &sts["spec"]["template"]["metadata"]["labels"]
            ),
            "{env}: {service_name} does not select the Redis pods"
        );
        let script = object(&docs, "ConfigMap", "journal-redis-launch")["data"]["launch.sh"]
            .as_str()
            .unwrap();
        assert!(
            script.contains("journal-redis-0.journal-redis-headless.journal.svc.cluster.local"),
            "{env}: the launch script's default master address is pod 0's headless DNS name"
        );
    }
}

#[test]
fn write_service_selects_only_the_master_and_read_service_all_redis_pods() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let labels = &object(&docs, "StatefulSet", "journal-redis")["spec"]["template"]["metadata"]
            ["labels"];
        let write = &object(&docs, "Service", "journal-redis-write")["spec"]["selector"];
        assert_eq!(
            write["statefulset.kubernetes.io/pod-name"], "journal-redis-0",
            "{env}"
        );
        let mut rest = write.clone();
        rest.as_object_mut()
            .unwrap()
            .remove("statefulset.kubernetes.io/pod-name");
        assert!(
            selects(&rest, labels),
            "{env}: the write Service's other labels select Redis pods"
        );
        let read = &object(&docs, "Service", "journal-redis-read")["spec"]["selector"];
        assert!(selects(read, labels), "{env}");
        assert!(
            read.get("statefulset.kubernetes.io/pod-name").is_none(),
            "{env}"
        );
    }
}

#[test]
fn every_service_selects_a_pod_template() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let pods = pod_labels(&docs);
        for service in objects(&docs, "Service") {
            let mut selector = service["spec"]["selector"].clone();
            // The pod-name label is added by the StatefulSet controller, not the template.
            selector
                .as_object_mut()
                .unwrap()
                .remove("statefulset.kubernetes.io/pod-name");
            assert!(
                pods.iter().any(|(_, labels)| selects(&selector, labels)),
                "{env}: Service {} selects no pod",
                service["metadata"]["name"]
            );
        }
    }
}

#[test]
fn redis_password_comes_from_the_named_secret_never_from_values() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let v = merged_values(env);
        assert!(
            objects(&docs, "Secret").is_empty(),
            "{env}: environments use an existing Secret"
        );
        let secret = v["redis"]["auth"]["existingSecret"].as_str().unwrap();
        assert!(
            !secret.is_empty(),
            "{env} must name redis.auth.existingSecret"
        );
        assert_eq!(
            v["redis"]["auth"]["password"], "",
            "{env}: no password in git"
        );
        for name in ["Deployment/journal-frontend", "StatefulSet/journal-redis"] {
            let (_, spec) = pod_specs(&docs)
                .into_iter()
                .find(|(o, _)| o == name)
                .unwrap();
            let volume = spec["volumes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|vol| vol["name"] == "redis-passwd")
                .unwrap();
            assert_eq!(volume["secret"]["secretName"], secret, "{env}: {name}");
            assert_eq!(
                volume["secret"]["items"],
                json!([{"key": "passwd", "path": "passwd"}])
            );
            let mounted = spec["containers"][0]["volumeMounts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["name"] == "redis-passwd" && m["mountPath"] == "/etc/redis-passwd");
            assert!(
                mounted,
                "{env}: {name} mounts the password at /etc/redis-passwd/passwd"
            );
        }
    }
}

#[test]
fn a_password_given_at_install_time_creates_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let install = values_file(
        dir.path(),
        "install.yaml",
        "redis:\n  auth:\n    password: s3cret\n",
    );
    let docs = render(&request().values_file(install));
    let secret = object(&docs, "Secret", "journal-redis-auth");
    assert_eq!(secret["data"]["passwd"], "czNjcmV0");
    let sts = object(&docs, "StatefulSet", "journal-redis");
    let volumes = sts["spec"]["template"]["spec"]["volumes"]
        .as_array()
        .unwrap();
    assert!(
        volumes
            .iter()
            .any(|v| v["secret"]["secretName"] == "journal-redis-auth")
    );
}

#[test]
fn autoscaling_replaces_the_fixed_replica_count() {
    let docs = render(
        &request()
            .values_file(env_file("prod"))
            .set("frontend.autoscaling.enabled=true"),
    );
    let deployment = object(&docs, "Deployment", "journal-frontend");
    assert!(
        deployment["spec"].get("replicas").is_none(),
        "an HPA owns the replica count"
    );
    let hpa = object(&docs, "HorizontalPodAutoscaler", "journal-frontend");
    assert_eq!(hpa["spec"]["scaleTargetRef"]["name"], "journal-frontend");
    assert_eq!(hpa["spec"]["minReplicas"], 2);
    assert!(objects(&render_env("prod"), "HorizontalPodAutoscaler").is_empty());
}

#[test]
fn frontend_rolls_without_dropping_requests() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let frontend = object(&docs, "Deployment", "journal-frontend");
        assert_eq!(
            frontend["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"], 0,
            "{env}"
        );
        let pod = &frontend["spec"]["template"]["spec"];
        let container = &pod["containers"][0];
        let sleep = container["lifecycle"]["preStop"]["sleep"]["seconds"]
            .as_u64()
            .unwrap();
        assert!(sleep > 0 && sleep < pod["terminationGracePeriodSeconds"].as_u64().unwrap());
        assert_eq!(container["ports"][0]["containerPort"], 8080, "{env}");
        let affinity = &pod["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
            [0];
        assert!(selects(
            &affinity["podAffinityTerm"]["labelSelector"]["matchLabels"],
            &frontend["spec"]["template"]["metadata"]["labels"]
        ));
        let pdb = object(&docs, "PodDisruptionBudget", "journal-frontend");
        assert!(selects(
            &pdb["spec"]["selector"]["matchLabels"],
            &frontend["spec"]["template"]["metadata"]["labels"]
        ));
    }
}

#[test]
fn every_pod_is_locked_down_and_guaranteed() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        for (owner, spec) in pod_specs(&docs) {
            assert_eq!(
                spec["automountServiceAccountToken"], false,
                "{env}: {owner}"
            );
            assert_eq!(
                spec["securityContext"]["runAsNonRoot"], true,
                "{env}: {owner}"
            );
            assert_eq!(
                spec["securityContext"]["seccompProfile"]["type"], "RuntimeDefault",
                "{env}: {owner}"
            );
            assert!(
                spec.get("hostNetwork").is_none() && spec.get("hostPID").is_none(),
                "{env}: {owner}"
            );
            for volume in spec["volumes"].as_array().into_iter().flatten() {
                assert!(volume.get("hostPath").is_none(), "{env}: {owner}");
            }
            for container in spec["containers"].as_array().unwrap() {
                let context = &container["securityContext"];
                let name = format!("{env}: {owner} container {}", container["name"]);
                assert_eq!(context["allowPrivilegeEscalation"], false, "{name}");
                assert_eq!(context["readOnlyRootFilesystem"], true, "{name}");
                assert_eq!(context["runAsNonRoot"], true, "{name}");
                assert_eq!(context["capabilities"], json!({"drop": ["ALL"]}), "{name}");
                let resources = &container["resources"];
                assert!(
                    resources["limits"]["cpu"].is_string()
                        && resources["limits"]["memory"].is_string(),
                    "{name}"
                );
                assert_eq!(
                    resources["requests"], resources["limits"],
                    "{name}: requests must equal limits"
                );
                if !owner.starts_with("Pod/") {
                    assert!(container.get("readinessProbe").is_some(), "{name}");
                    assert!(container.get("livenessProbe").is_some(), "{name}");
                }
            }
        }
    }
}

#[test]
fn redis_is_reachable_only_from_frontend_and_redis_and_every_pod_has_a_policy() {
    for env in ENVIRONMENTS {
        let docs = render_env(env);
        let policy = object(&docs, "NetworkPolicy", "journal-redis");
        let peers = &policy["spec"]["ingress"][0]["from"];
        let components: Vec<&str> = peers
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                assert!(
                    p.get("namespaceSelector").is_none() && p.get("ipBlock").is_none(),
                    "{env}: {p}"
                );
                p["podSelector"]["matchLabels"]["app.kubernetes.io/component"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(components, ["frontend", "redis"], "{env}");
        assert_eq!(
            policy["spec"]["ingress"].as_array().unwrap().len(),
            1,
            "{env}"
        );

        let deny = object(&docs, "NetworkPolicy", "journal-default-deny");
        assert_eq!(deny["spec"]["policyTypes"], json!(["Ingress", "Egress"]));
        assert!(deny["spec"].get("ingress").is_none() && deny["spec"].get("egress").is_none());
        for (owner, labels) in pod_labels(&docs) {
            assert!(
                selects(&deny["spec"]["podSelector"]["matchLabels"], labels),
                "{env}: {owner} escapes the default-deny policy"
            );
        }
    }
}

#[test]
fn redis_maxmemory_follows_the_memory_limit() {
    let docs = render_env("prod");
    let container =
        &object(&docs, "StatefulSet", "journal-redis")["spec"]["template"]["spec"]["containers"][0];
    let env: Vec<&Value> = container["env"].as_array().unwrap().iter().collect();
    let limit = env
        .iter()
        .find(|e| e["name"] == "REDIS_MEMORY_LIMIT")
        .unwrap();
    assert_eq!(
        limit["valueFrom"]["resourceFieldRef"],
        json!({"containerName": "redis", "resource": "limits.memory", "divisor": "1"})
    );
    let percent = env
        .iter()
        .find(|e| e["name"] == "REDIS_MAXMEMORY_PERCENT")
        .unwrap();
    assert_eq!(percent["value"], "75");
}

#[test]
fn helm_test_hook_checks_both_services() {
    let docs = render_env("prod");
    let pod = object(&docs, "Pod", "journal-test-connection");
    assert_eq!(pod["metadata"]["annotations"]["helm.sh/hook"], "test");
    let command = pod["spec"]["containers"][0]["command"][2].as_str().unwrap();
    assert!(
        command.contains("http://journal-fileserver:80/"),
        "{command}"
    );
    assert!(
        command.contains("http://journal-frontend:8080/api"),
        "{command}"
    );
}

#[test]
fn no_object_hard_codes_a_namespace() {
    for env in ENVIRONMENTS {
        for doc in render_env(env) {
            assert!(
                doc.json["metadata"].get("namespace").is_none(),
                "{env}: {}/{} sets metadata.namespace",
                doc.kind,
                doc.name
            );
        }
    }
}
