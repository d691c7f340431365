#!/bin/sh
# Makes the secrets of the compose demo in deploy/secrets/ (git ignores the folder): the de-identification key, the
# first password of dmask's user admin, and Orthanc's user. Refuses to replace one that exists: a new key gives the
# same patients new pseudonyms.
#
# The folder is 0700, so nobody else on this host can open what is in it. The files in it are 0644 because Compose
# mounts a secret file with the owner and mode it has here, and the containers' users (dmask: uid 10001) must read
# it; dmask's entry point copies the keys owner-only into the container's memory before it starts.
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
chmod 0700 secrets
for f in deid.key admin.password orthanc-users.json; do
  if [ -e "secrets/$f" ]; then
    echo "secrets/$f exists; not replaced (delete it yourself if you mean to)" >&2
    exit 1
  fi
done
head -c 32 /dev/urandom | base64 > secrets/deid.key
head -c 24 /dev/urandom | base64 > secrets/admin.password
printf '{ "RegisteredUsers": { "demo": "%s" } }\n' "$(head -c 24 /dev/urandom | base64)" > secrets/orthanc-users.json
chmod 0644 secrets/deid.key secrets/admin.password secrets/orthanc-users.json
echo "made secrets/deid.key (back it up), secrets/admin.password (dmask, user admin) and"
echo "secrets/orthanc-users.json (Orthanc, user demo); none of them is printed"
