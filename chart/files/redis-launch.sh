#!/bin/sh
# Starts one Redis server of the journal StatefulSet: the pod with ordinal 0 is the master and
# every other pod replicates from it. Each setting has its in-cluster default and can be
# overridden from the environment, so the same script runs in the cluster and in tests.
set -eu
set -f # "*" in REDIS_BIND is an address, not a glob

# shellcheck disable=SC3028 # Kubernetes sets HOSTNAME to the pod name, "<statefulset>-<ordinal>".
pod_name="${HOSTNAME:?HOSTNAME must be the pod name, for example {{ include "journal.redis.fullname" . }}-0}"
port="${REDIS_PORT:-{{ .Values.redis.port }}}"
master_host="${REDIS_MASTER_HOST:-{{ include "journal.redis.masterHost" . }}}"
master_port="${REDIS_MASTER_PORT:-{{ .Values.redis.port }}}"
password_file="${REDIS_PASSWORD_FILE:-/etc/redis-passwd/passwd}"
data_dir="${REDIS_DATA_DIR:-/data}"
# A memory-backed emptyDir in the cluster: the password never reaches a disk.
runtime_dir="${REDIS_RUNTIME_DIR:-/run/redis}"
bind="${REDIS_BIND:-* -::*}"
maxmemory_percent="${REDIS_MAXMEMORY_PERCENT:-{{ .Values.redis.maxmemoryPercent }}}"
maxmemory_policy="${REDIS_MAXMEMORY_POLICY:-{{ .Values.redis.maxmemoryPolicy }}}"

fail() {
  echo "redis-launch: $*" >&2
  exit 1
}

ordinal="${pod_name##*-}"
case "$ordinal" in
  '' | *[!0-9]*) fail "cannot read the StatefulSet ordinal from HOSTNAME=$pod_name" ;;
esac

[ -r "$password_file" ] || fail "password file $password_file is not readable"
password="$(cat "$password_file")"
[ -n "$password" ] || fail "password file $password_file is empty"

# The password goes into a file only this user can read, not onto the command line where every
# process on the node could see it.
umask 077
mkdir -p "$runtime_dir"
escaped="$(printf '%s' "$password" | sed 's/\\/\\\\/g; s/"/\\"/g')"
auth_conf="$runtime_dir/auth.conf"
printf 'requirepass "%s"\nmasterauth "%s"\n' "$escaped" "$escaped" >"$auth_conf"

# shellcheck disable=SC2086 # $bind holds several addresses on purpose
set -- "$auth_conf" --port "$port" --bind $bind --dir "$data_dir" \
  --appendonly yes --maxmemory-policy "$maxmemory_policy"

# REDIS_MEMORY_LIMIT is the container's memory limit in bytes (downward API): keep Redis's own
# ceiling below it so the kernel never OOM-kills the master.
if [ -n "${REDIS_MEMORY_LIMIT:-}" ]; then
  set -- "$@" --maxmemory "$((REDIS_MEMORY_LIMIT * maxmemory_percent / 100))"
fi

if [ "$ordinal" -eq 0 ]; then
  echo "redis-launch: $pod_name starts as the master on port $port"
else
  echo "redis-launch: $pod_name replicates from $master_host:$master_port"
  set -- "$@" --replicaof "$master_host" "$master_port" --replica-read-only yes
fi

exec redis-server "$@"
