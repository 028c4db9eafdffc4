#!/usr/bin/env bash
# The local default: builds the shaded jar if needed, then runs the generator, the job (stream
# mode, embedded MiniCluster, web UI on http://localhost:8081) and a live summary until Ctrl-C.
# Everything lands under ./local-run (raw/, lake/, deadletter/, checkpoints/).
# Extra arguments go to the demo: --rate 50, --bad-share 0.02, --dir local-run, or any job key.
set -euo pipefail
cd "$(dirname "$0")"
# Raw object names carry non-ASCII characters, which Java 17 maps through the locale.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) ;;
  *) export LC_ALL=C.UTF-8 ;;
esac
jar=job/target/checkout-lake.jar
if [ ! -f "$jar" ] || [ -n "$(find functions/src job/src pom.xml functions/pom.xml job/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..."
  mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package -pl job -am
fi
exec java -jar "$jar" demo "$@"
