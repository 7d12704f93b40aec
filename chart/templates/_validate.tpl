{{/*
Checks that span several values, which values.schema.json cannot express. Types, ranges and
formats of single values are the schema's job: Helm validates it before rendering.
*/}}
{{- define "journal.validate" -}}
{{- $fe := .Values.frontend }}
{{- if and $fe.autoscaling.enabled (lt (int $fe.autoscaling.maxReplicas) (int $fe.autoscaling.minReplicas)) }}
{{- fail (printf "frontend.autoscaling.maxReplicas (%v) must be at least frontend.autoscaling.minReplicas (%v)" $fe.autoscaling.maxReplicas $fe.autoscaling.minReplicas) }}
{{- end }}
{{- if ge (int $fe.preStopSleepSeconds) (int $fe.terminationGracePeriodSeconds) }}
{{- fail (printf "frontend.preStopSleepSeconds (%v) must be less than frontend.terminationGracePeriodSeconds (%v), or pods are killed before they drain" $fe.preStopSleepSeconds $fe.terminationGracePeriodSeconds) }}
{{- end }}
{{- end }}
