{{/*
The chart name, or nameOverride.
*/}}
{{- define "journal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object name: "<release>-<chart>", or the release name when it already
contains the chart name, or fullnameOverride. Kept to 40 characters so that the longest
derived name ("<fullname>-redis-headless" and the StatefulSet's pod names) stays a valid
DNS label.
*/}}
{{- define "journal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version as used by the helm.sh/chart label.
*/}}
{{- define "journal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels selectors use: name, instance and component. Call with (dict "ctx" $ "component" "x").
*/}}
{{- define "journal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "journal.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Every object's labels. Call with (dict "ctx" $ "component" "x").
*/}}
{{- define "journal.labels" -}}
helm.sh/chart: {{ include "journal.chart" .ctx }}
{{ include "journal.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "journal.name" .ctx }}
{{- with .ctx.Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- end }}

{{/*
Labels every pod of the release carries, whatever its component; NetworkPolicies select on them.
*/}}
{{- define "journal.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "journal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount every pod runs as.
*/}}
{{- define "journal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "journal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
An image reference "repository:tag", "repository:tag@digest" or "repository@digest".
Call with (dict "image" .Values.x.image "key" "x.image").
*/}}
{{- define "journal.image" -}}
{{- $repo := required (printf "%s.repository is required" .key) .image.repository }}
{{- if not (or .image.tag .image.digest) }}
{{- fail (printf "%s: set %s.tag or %s.digest; an image without either floats to \"latest\"" .key .key .key) }}
{{- end }}
{{- $repo }}{{ with .image.tag }}:{{ . }}{{ end }}{{ with .image.digest }}@{{ . }}{{ end }}
{{- end }}

{{/*
Pod-level security context: non-root with the component's ids and the runtime's seccomp profile.
Call with the component's values.
*/}}
{{- define "journal.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .securityContext.runAsUser }}
runAsGroup: {{ .securityContext.runAsGroup }}
fsGroup: {{ .securityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Container-level security context shared by every container of the chart.
*/}}
{{- define "journal.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Preferred anti-affinity that spreads a component's pods over nodes.
Call with (dict "ctx" $ "component" "x").
*/}}
{{- define "journal.spreadAffinity" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "journal.selectorLabels" . | nindent 12 }}
{{- end }}

{{/*
Names of derived objects, in one place so templates and Services agree.
*/}}
{{- define "journal.frontend.fullname" -}}
{{ include "journal.fullname" . }}-frontend
{{- end }}

{{- define "journal.frontend.configMapName" -}}
{{ include "journal.fullname" . }}-frontend-config-v{{ .Values.frontend.config.version }}
{{- end }}

{{- define "journal.fileserver.fullname" -}}
{{ include "journal.fullname" . }}-fileserver
{{- end }}

{{- define "journal.redis.fullname" -}}
{{ include "journal.fullname" . }}-redis
{{- end }}

{{- define "journal.redis.headlessName" -}}
{{ include "journal.fullname" . }}-redis-headless
{{- end }}

{{- define "journal.redis.readName" -}}
{{ include "journal.fullname" . }}-redis-read
{{- end }}

{{- define "journal.redis.writeName" -}}
{{ include "journal.fullname" . }}-redis-write
{{- end }}

{{/*
The in-cluster DNS name of Redis pod 0, the master: "<statefulset>-0.<headless>.<ns>.svc.<domain>".
*/}}
{{- define "journal.redis.masterHost" -}}
{{ include "journal.redis.fullname" . }}-0.{{ include "journal.redis.headlessName" . }}.{{ .Release.Namespace }}.svc.{{ .Values.clusterDomain }}
{{- end }}

{{/*
The Secret holding the Redis password. Fails when there is none: the password never lives in a
values file in git, so an environment names an existing Secret and an ad-hoc install supplies
the password with --set.
*/}}
{{- define "journal.redis.secretName" -}}
{{- if .Values.redis.auth.existingSecret }}
{{- .Values.redis.auth.existingSecret }}
{{- else if .Values.redis.auth.password }}
{{- include "journal.fullname" . }}-redis-auth
{{- else }}
{{- required "redis.auth: no password source. Set redis.auth.existingSecret to a Secret holding the password, or pass --set redis.auth.password=... at install time" nil }}
{{- end }}
{{- end }}

{{- define "journal.redis.secretKey" -}}
{{- if .Values.redis.auth.existingSecret }}
{{- required "redis.auth.existingSecretKey is required with redis.auth.existingSecret" .Values.redis.auth.existingSecretKey }}
{{- else }}
{{- print "passwd" }}
{{- end }}
{{- end }}

{{/*
A PodDisruptionBudget for one component. Call with (dict "ctx" $ "component" "x" "name" "<object name>").
*/}}
{{- define "journal.podDisruptionBudget" -}}
{{- $pdb := (index .ctx.Values .component).podDisruptionBudget }}
{{- if $pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
  labels:
    {{- include "journal.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "journal.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}

{{/*
NetworkPolicy peers allowed to reach the web pods: the Ingress controller's namespace and the
`helm test` pod.
*/}}
{{- define "journal.networkPolicy.webClients" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ required "networkPolicy.ingressControllerNamespace is required" .Values.networkPolicy.ingressControllerNamespace }}
- podSelector:
    matchLabels:
      {{- include "journal.selectorLabels" (dict "ctx" . "component" "tests") | nindent 6 }}
{{- end }}

{{/*
NetworkPolicy egress rule for cluster DNS, which every pod that resolves a Service name needs.
*/}}
{{- define "journal.networkPolicy.dnsEgress" -}}
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}
