{{/*
Checks the values a user can get wrong in ways Kubernetes would only reject at apply time, or
not at all. Rendering stops at the first failure with a message naming the key.
*/}}
{{- define "journal.validate" -}}
{{- $v := .Values }}
{{- include "journal.checkInt" (dict "key" "frontend.replicas" "value" $v.frontend.replicas "min" 0) }}
{{- include "journal.checkInt" (dict "key" "fileserver.replicas" "value" $v.fileserver.replicas "min" 0) }}
{{- include "journal.checkInt" (dict "key" "redis.replicas" "value" $v.redis.replicas "min" 1) }}
{{- include "journal.checkInt" (dict "key" "frontend.config.version" "value" $v.frontend.config.version "min" 1) }}
{{- include "journal.checkInt" (dict "key" "redis.maxmemoryPercent" "value" $v.redis.maxmemoryPercent "min" 1 "max" 100) }}
{{- range $key := list "frontend" "fileserver" "redis" }}
{{- include "journal.checkInt" (dict "key" (printf "%s.port" $key) "value" (index $v $key).port "min" 1 "max" 65535) }}
{{- end }}
{{- with $v.frontend.autoscaling }}
{{- if .enabled }}
{{- include "journal.checkInt" (dict "key" "frontend.autoscaling.minReplicas" "value" .minReplicas "min" 1) }}
{{- include "journal.checkInt" (dict "key" "frontend.autoscaling.maxReplicas" "value" .maxReplicas "min" .minReplicas) }}
{{- end }}
{{- end }}
{{- if ge (float64 $v.frontend.preStopSleepSeconds) (float64 $v.frontend.terminationGracePeriodSeconds) }}
{{- fail (printf "frontend.preStopSleepSeconds (%v) must be less than frontend.terminationGracePeriodSeconds (%v), or pods are killed before they drain" $v.frontend.preStopSleepSeconds $v.frontend.terminationGracePeriodSeconds) }}
{{- end }}
{{- end }}

{{/*
Fails unless .value is an integer within [.min, .max] (.max optional). Values from -f files
arrive as float64 and from --set as int64, so both kinds are accepted when whole.
*/}}
{{- define "journal.checkInt" -}}
{{- if kindIs "invalid" .value }}
{{- fail (printf "%s must be an integer, got null (a null in a values file deletes the chart's default)" .key) }}
{{- end }}
{{- $kind := kindOf .value }}
{{- if not (has $kind (list "int" "int64" "float64")) }}
{{- fail (printf "%s must be an integer, got %s %v" .key $kind .value) }}
{{- end }}
{{- $n := float64 .value }}
{{- if ne $n (floor $n) }}
{{- fail (printf "%s must be a whole number, got %v" .key .value) }}
{{- end }}
{{- if lt $n (float64 .min) }}
{{- fail (printf "%s must be at least %v, got %v" .key .min .value) }}
{{- end }}
{{- if and (hasKey . "max") (gt $n (float64 .max)) }}
{{- fail (printf "%s must be at most %v, got %v" .key .max .value) }}
{{- end }}
{{- end }}
