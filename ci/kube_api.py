"""Writes src/kube/api.json: the Kubernetes API object schemas chartcheck checks manifests
against, for each supported minor version, from the strict OpenAPI-derived JSON schemas that
the kubernetes-validate package ships (pinned in ci/requirements.txt).

    .venv/bin/python ci/kube_api.py           # rewrite src/kube/api.json
    .venv/bin/python ci/kube_api.py --check   # exit 1 when it is stale

Descriptions are dropped (they are most of the bytes); definitions identical across versions
are stored once. Versions are listed oldest first, each as what changed since the one before
it (definitions and kinds added, changed or removed), which src/kube/mod.rs replays. int32
and int64 formats become the bounds of those types. `oneOf` of plain types (IntOrString,
Quantity) becomes one `type` list, so that a null, which every optional field accepts, is not
"valid under both".
"""
import json
import os
import sys

import kubernetes_validate

VERSIONS = ["1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "kube", "api.json")
SCHEMAS = os.path.join(os.path.dirname(kubernetes_validate.__file__), "kubernetes-json-schema")


# The OpenAPI documents name the values of these fields only in prose ("One of Always, Never,
# IfNotPresent"); they are stable API facts, and the fields most often written almost right.
ENUMS = {
    ("io.k8s.api.core.v1.Container", "imagePullPolicy"): ["Always", "IfNotPresent", "Never"],
    ("io.k8s.api.core.v1.EphemeralContainer", "imagePullPolicy"): ["Always", "IfNotPresent", "Never"],
    ("io.k8s.api.core.v1.Container", "terminationMessagePolicy"): ["File", "FallbackToLogsOnError"],
    ("io.k8s.api.core.v1.PodSpec", "restartPolicy"): ["Always", "OnFailure", "Never"],
    ("io.k8s.api.core.v1.PodSpec", "dnsPolicy"): ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
    ("io.k8s.api.core.v1.ServiceSpec", "type"): ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    ("io.k8s.api.core.v1.ServiceSpec", "externalTrafficPolicy"): ["Cluster", "Local"],
    ("io.k8s.api.core.v1.ServiceSpec", "internalTrafficPolicy"): ["Cluster", "Local"],
    ("io.k8s.api.core.v1.ServiceSpec", "sessionAffinity"): ["ClientIP", "None"],
    ("io.k8s.api.core.v1.ServicePort", "protocol"): ["TCP", "UDP", "SCTP"],
    ("io.k8s.api.core.v1.ContainerPort", "protocol"): ["TCP", "UDP", "SCTP"],
    ("io.k8s.api.core.v1.Toleration", "operator"): ["Exists", "Equal"],
    ("io.k8s.api.core.v1.Toleration", "effect"): ["NoSchedule", "PreferNoSchedule", "NoExecute"],
    ("io.k8s.api.core.v1.PersistentVolumeClaimSpec", "volumeMode"): ["Filesystem", "Block"],
    ("io.k8s.api.networking.v1.HTTPIngressPath", "pathType"): ["Exact", "Prefix", "ImplementationSpecific"],
    ("io.k8s.api.apps.v1.DeploymentStrategy", "type"): ["Recreate", "RollingUpdate"],
    ("io.k8s.api.apps.v1.StatefulSetSpec", "podManagementPolicy"): ["OrderedReady", "Parallel"],
    ("io.k8s.api.apps.v1.StatefulSetUpdateStrategy", "type"): ["RollingUpdate", "OnDelete"],
    ("io.k8s.api.apps.v1.DaemonSetUpdateStrategy", "type"): ["RollingUpdate", "OnDelete"],
    ("io.k8s.api.batch.v1.CronJobSpec", "concurrencyPolicy"): ["Allow", "Forbid", "Replace"],
}


def add_enums(name, schema):
    for (definition, field), values in ENUMS.items():
        prop = schema.get("properties", {}).get(field) if definition == name else None
        if prop is not None:
            prop["enum"] = values + [None]  # optional: null is allowed too


def simplify(node, properties=False):
    """`properties`: `node` maps property names to schemas, so its keys are not keywords."""
    if isinstance(node, list):
        return [simplify(item) for item in node]
    if not isinstance(node, dict):
        return node
    if properties:
        return {k: simplify(v) for k, v in node.items()}
    node = {
        k: simplify(v, k in ("properties", "patternProperties"))
        for k, v in node.items()
        if k != "description"
    }
    # The API server decodes these into Go's int32/int64: a larger number is refused.
    bits = {"int32": 31, "int64": 63}.get(node.get("format"))
    if bits and "integer" in (node.get("type") or []):
        node.setdefault("minimum", -(2**bits))
        node.setdefault("maximum", 2**bits - 1)
    if isinstance(node.get("$ref"), str):
        node["$ref"] = "#/$defs/" + node["$ref"].rsplit("/", 1)[1]
    one_of = node.get("oneOf")
    if one_of and all(set(o) == {"type"} for o in one_of):
        types = []
        for option in one_of:
            for t in option["type"] if isinstance(option["type"], list) else [option["type"]]:
                if t not in types:
                    types.append(t)
        del node["oneOf"]
        node["type"] = types
    return node


def build():
    schemas, ids, versions = [], {}, []
    previous = {"definitions": {}, "kinds": {}}
    for version in VERSIONS:
        path = os.path.join(SCHEMAS, f"v{version}.0-local-strict", "_definitions.json")
        with open(path) as f:
            definitions = json.load(f)["$defs"]
        defs, kinds = {}, {}
        for name, schema in sorted(definitions.items()):
            schema = simplify(schema)
            add_enums(name, schema)
            text = json.dumps(schema, sort_keys=True, separators=(",", ":"))
            if text not in ids:
                ids[text] = len(schemas)
                schemas.append(schema)
            defs[name] = ids[text]
            # Top-level objects: a group-version-kind whose kind is the definition's own name
            # (DeleteOptions and WatchEvent of meta/v1 name every group; they are no manifests).
            for gvk in schema.get("x-kubernetes-group-version-kind", []):
                if name.rsplit(".", 1)[1] != gvk["kind"] or ".apis.meta." in name:
                    continue
                api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                kinds[f"{api_version}/{gvk['kind']}"] = name
        versions.append({"version": version, **delta(previous, {"definitions": defs, "kinds": kinds})})
        previous = {"definitions": defs, "kinds": kinds}
    source = f"kubernetes-validate {kubernetes_validate.__version__}, strict local schemas"
    data = {"source": source, "versions": versions, "schemas": schemas}
    return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"


def delta(before, after):
    """What changed between two versions' maps: entries added or changed, and names removed."""
    changes = {}
    for key in ("definitions", "kinds"):
        old, new = before[key], after[key]
        changes[key] = {name: value for name, value in sorted(new.items()) if old.get(name) != value}
        changes[f"removed_{key}"] = sorted(set(old) - set(new))
    return changes


def main():
    text = build()
    if sys.argv[1:] == ["--check"]:
        with open(OUT) as f:
            if f.read() != text:
                sys.exit(f"{OUT} is stale: run .venv/bin/python ci/kube_api.py")
        return
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT} ({len(text):,} bytes)")


if __name__ == "__main__":
    main()
