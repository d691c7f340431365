#!/bin/sh
# Entry point of the dmask container images: takes the secrets the operator mounted, then runs `dmask "$@"`.
#
# DMASK_SECRETS_DIR (unset: nothing is taken) is a folder of secret files, each optional:
#   deid.key        the de-identification key (one line of base64 of 32 bytes, as `dmask` generates it)
#   session.key     the login cookie key, the same form; give every ingest replica the same one
#   admin.password  the first password of the user admin, used only while the users file does not exist yet
#
# Kubernetes mounts secret files owned by root or readable by a group, and Compose with the owner and mode they
# have on the host; dmask refuses a key file that group or others may open. So the keys are copied, owner-only,
# into a new folder of this container's memory (/dev/shm/dmask-keys.*), and DMASK_DEID_KEY_FILE and
# DMASK_SECURITY_SESSION_KEY_FILE point there. Without deid.key (and without DMASK_DEID_KEY) it refuses to start,
# exit code 78. Nothing here prints a secret.
set -eu

secrets="${DMASK_SECRETS_DIR:-}"
if [ -n "$secrets" ]; then
  if [ ! -d "$secrets" ]; then
    echo "dmask-entrypoint: DMASK_SECRETS_DIR $secrets: no such folder" >&2
    exit 78
  fi
  # Every node of a cluster must de-identify under the same key: with a secrets folder but no key in it, a node
  # would generate a key of its own, and the same patient would get other pseudonyms there. Refuse instead.
  if [ ! -f "$secrets/deid.key" ] && [ -z "${DMASK_DEID_KEY:-}" ]; then
    echo "dmask-entrypoint: $secrets/deid.key is missing: put the de-identification key there (the same on every" \
      "node; deploy/README.md)" >&2
    exit 78
  fi
  keys="$(umask 077 && mktemp -d /dev/shm/dmask-keys.XXXXXX)"
  if [ -f "$secrets/deid.key" ]; then
    (umask 077 && cp "$secrets/deid.key" "$keys/deid.key")
    export DMASK_DEID_KEY_FILE="$keys/deid.key"
  fi
  if [ -f "$secrets/session.key" ]; then
    (umask 077 && cp "$secrets/session.key" "$keys/session.key")
    export DMASK_SECURITY_SESSION_KEY_FILE="$keys/session.key"
  fi
  users="${DMASK_SECURITY_USERS_FILE:-data/keys/users}"
  if [ "${1:-serve}" = serve ] && [ -f "$secrets/admin.password" ] && [ ! -e "$users" ]; then
    # `dmask users add` makes the users file owner-only; the password goes through stdin, never argv.
    dmask users add admin --role admin --password-stdin < "$secrets/admin.password"
  fi
fi

exec dmask "$@"
