#!/usr/bin/env bash
# Re-measures how the face analysis reads the generic eye and rewrites
#   src/main/resources/org/dmask/mask/eye/eye-response.properties   (org.dmask.mask.eye.EyeResponse)
# Run it after changing the avatar's look or geometry, or the face analysis; review the diff.
# Needs the models: the test run installs them into target/test-models from the npm tarballs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B test -Dtest=EyeResponseIsCurrentTest -Dsurefire.failIfNoSpecifiedTests=false -Ddmask.eye-response.write=true "$@"
