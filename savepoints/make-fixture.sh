#!/usr/bin/env bash
# Adds the golden savepoint fixture of a release: savepoints/fixtures/<version>/.
# Run it on the release commit, once per release, and commit the new folder with the release.
#   savepoints/make-fixture.sh 1.1.0
# It builds functions and job, then runs SavepointFixturesITCase#writeFixture, which runs the job
# mid-stream on a MiniCluster under /tmp/checkout-lake-fixtures/<version>/ and copies the savepoint
# and the raw, lake and dead-letter folders (hidden pending files included) into the fixture.
set -euo pipefail
if [ $# -ne 1 ] || [[ ! "$1" =~ ^[0-9A-Za-z._-]+$ ]]; then
  echo "usage: $0 <version>   (e.g. 1.1.0)" >&2
  exit 2
fi
version=$1
cd "$(dirname "$0")/.."
if [ -e "savepoints/fixtures/$version" ] && [ "${FORCE:-}" != 1 ]; then
  echo "savepoints/fixtures/$version exists; a released fixture never changes (FORCE=1 to redo an unreleased one)" >&2
  exit 1
fi
mvn -B ${MVN_OFFLINE:+-o} install -pl functions,job -DskipTests -Dspotless.check.skip=true -q
mvn -B ${MVN_OFFLINE:+-o} -pl tests verify -Dspotless.check.skip=true \
  -Dit.test='SavepointFixturesITCase#writeFixture' \
  -Dsavepoint.fixture.write=true -Dsavepoint.fixture.version="$version"
du -sh "savepoints/fixtures/$version"
echo "fixture written: savepoints/fixtures/$version (commit it; never edit it)"
