//! apiVersions that Kubernetes deprecated or removed, with what replaces them, from the
//! Kubernetes deprecated API migration guide. Versions before the oldest with schemas matter
//! too: a chart written for an old cluster still says `extensions/v1beta1`. Removals within
//! the supported versions are also in the schemas (`Api::removed_in`); the tests check that
//! the two agree.

/// One deprecated kind of one apiVersion.
pub struct Deprecation {
    pub api_version: &'static str,
    pub kind: &'static str,
    /// The minor version that deprecated it (0 when only the removal is recorded).
    pub deprecated_in: u32,
    /// The minor version that stopped serving it, when it has.
    pub removed_in: Option<u32>,
    /// The apiVersion to use instead, when there is one.
    pub replacement: Option<&'static str>,
    pub note: Option<&'static str>,
}

const fn removed(
    api_version: &'static str,
    kind: &'static str,
    removed_in: u32,
    replacement: &'static str,
) -> Deprecation {
    Deprecation {
        api_version,
        kind,
        deprecated_in: 0,
        removed_in: Some(removed_in),
        replacement: Some(replacement),
        note: None,
    }
}

static TABLE: &[Deprecation] = &[
    // 1.16
    removed("extensions/v1beta1", "Deployment", 16, "apps/v1"),
    removed("extensions/v1beta1", "DaemonSet", 16, "apps/v1"),
    removed("extensions/v1beta1", "ReplicaSet", 16, "apps/v1"),
    removed(
        "extensions/v1beta1",
        "NetworkPolicy",
        16,
        "networking.k8s.io/v1",
    ),
    removed("apps/v1beta1", "Deployment", 16, "apps/v1"),
    removed("apps/v1beta1", "StatefulSet", 16, "apps/v1"),
    removed("apps/v1beta2", "Deployment", 16, "apps/v1"),
    removed("apps/v1beta2", "StatefulSet", 16, "apps/v1"),
    removed("apps/v1beta2", "DaemonSet", 16, "apps/v1"),
    removed("apps/v1beta2", "ReplicaSet", 16, "apps/v1"),
    // 1.22
    removed("extensions/v1beta1", "Ingress", 22, "networking.k8s.io/v1"),
    removed(
        "networking.k8s.io/v1beta1",
        "Ingress",
        22,
        "networking.k8s.io/v1",
    ),
    removed(
        "networking.k8s.io/v1beta1",
        "IngressClass",
        22,
        "networking.k8s.io/v1",
    ),
    removed(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        22,
        "admissionregistration.k8s.io/v1",
    ),
    removed(
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        22,
        "admissionregistration.k8s.io/v1",
    ),
    removed(
        "apiextensions.k8s.io/v1beta1",
        "CustomResourceDefinition",
        22,
        "apiextensions.k8s.io/v1",
    ),
    removed(
        "apiregistration.k8s.io/v1beta1",
        "APIService",
        22,
        "apiregistration.k8s.io/v1",
    ),
    removed(
        "certificates.k8s.io/v1beta1",
        "CertificateSigningRequest",
        22,
        "certificates.k8s.io/v1",
    ),
    removed(
        "coordination.k8s.io/v1beta1",
        "Lease",
        22,
        "coordination.k8s.io/v1",
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "Role",
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    removed(
        "scheduling.k8s.io/v1beta1",
        "PriorityClass",
        22,
        "scheduling.k8s.io/v1",
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "CSIDriver",
        22,
        "storage.k8s.io/v1",
    ),
    removed("storage.k8s.io/v1beta1", "CSINode", 22, "storage.k8s.io/v1"),
    removed(
        "storage.k8s.io/v1beta1",
        "StorageClass",
        22,
        "storage.k8s.io/v1",
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "VolumeAttachment",
        22,
        "storage.k8s.io/v1",
    ),
    // 1.25
    removed("batch/v1beta1", "CronJob", 25, "batch/v1"),
    removed(
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        25,
        "discovery.k8s.io/v1",
    ),
    removed("events.k8s.io/v1beta1", "Event", 25, "events.k8s.io/v1"),
    removed(
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        25,
        "autoscaling/v2",
    ),
    removed("policy/v1beta1", "PodDisruptionBudget", 25, "policy/v1"),
    removed("node.k8s.io/v1beta1", "RuntimeClass", 25, "node.k8s.io/v1"),
    Deprecation {
        api_version: "policy/v1beta1",
        kind: "PodSecurityPolicy",
        deprecated_in: 21,
        removed_in: Some(25),
        replacement: None,
        note: Some(
            "Pod Security Admission replaces it: label the namespace with `pod-security.kubernetes.io/enforce`",
        ),
    },
    // 1.26
    removed(
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        26,
        "autoscaling/v2",
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "FlowSchema",
        26,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "PriorityLevelConfiguration",
        26,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    // 1.27
    removed(
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        27,
        "storage.k8s.io/v1",
    ),
    // 1.29 (v1 is served since 1.29, v1beta3 since 1.26)
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "FlowSchema",
        29,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    Deprecation {
        note: Some(
            "v1 renames `spec.limited.assuredConcurrencyShares` to `spec.limited.nominalConcurrencyShares`, which defaults to 30 only when unset (an explicit 0 stays 0)",
        ),
        ..removed(
            "flowcontrol.apiserver.k8s.io/v1beta2",
            "PriorityLevelConfiguration",
            29,
            "flowcontrol.apiserver.k8s.io/v1",
        )
    },
    // 1.30 and 1.31 removed nothing the guide lists.
    // 1.32
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "FlowSchema",
        32,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    Deprecation {
        note: Some(
            "in v1, `spec.limited.nominalConcurrencyShares` defaults to 30 only when unset (an explicit 0 stays 0)",
        ),
        ..removed(
            "flowcontrol.apiserver.k8s.io/v1beta3",
            "PriorityLevelConfiguration",
            32,
            "flowcontrol.apiserver.k8s.io/v1",
        )
    },
    // Served, but deprecated.
    Deprecation {
        api_version: "v1",
        kind: "Endpoints",
        deprecated_in: 33,
        removed_in: None,
        replacement: Some("discovery.k8s.io/v1"),
        note: Some("EndpointSlice replaces Endpoints"),
    },
];

/// What the table says of `kind` in `api_version`.
pub fn deprecation(api_version: &str, kind: &str) -> Option<&'static Deprecation> {
    TABLE
        .iter()
        .find(|d| d.api_version == api_version && d.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::{VERSIONS, api};

    /// The table and the schemas of the supported versions tell the same story: what the table
    /// says was removed is served by exactly the versions before its removal, and the schemas
    /// date a removal inside the supported range the same way.
    #[test]
    fn the_table_agrees_with_the_schemas() {
        for d in TABLE {
            for version in VERSIONS {
                let api = api(version).unwrap();
                let served = api.definition(d.api_version, d.kind).is_some();
                let context = format!("{} {} in {version}", d.api_version, d.kind);
                match d.removed_in {
                    Some(removed) => {
                        assert_eq!(served, api.minor() < removed, "{context}");
                        let oldest = crate::kube::api(VERSIONS[0]).unwrap().minor();
                        if removed > oldest && api.minor() >= removed {
                            assert_eq!(
                                api.removed_in(d.api_version, d.kind),
                                Some(removed),
                                "{context}"
                            );
                        }
                    }
                    None => assert!(served, "{context}"),
                }
            }
            let newest = api(VERSIONS[VERSIONS.len() - 1]).unwrap();
            // Endpoints' replacement is another kind, which its note names.
            if let Some(replacement) = d.replacement {
                let same_kind = newest.definition(replacement, d.kind).is_some();
                let other_kind = d.note.is_some() && !newest.kinds_in(replacement).is_empty();
                assert!(
                    same_kind || other_kind,
                    "{} {} → {replacement}",
                    d.api_version,
                    d.kind
                );
            }
        }
    }

    #[test]
    fn flow_control_betas_are_removed_in_129_and_132() {
        let beta3 = deprecation("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema").unwrap();
        assert_eq!(beta3.removed_in, Some(32));
        let beta2 = deprecation(
            "flowcontrol.apiserver.k8s.io/v1beta2",
            "PriorityLevelConfiguration",
        )
        .unwrap();
        assert_eq!(beta2.removed_in, Some(29));
        assert_eq!(beta2.replacement, Some("flowcontrol.apiserver.k8s.io/v1"));
        assert!(beta2.note.is_some());
    }
}
