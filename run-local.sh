#!/usr/bin/env bash
# The local default: builds the job's shaded jar and the tools jar if needed, then runs the
# generator, the job (stream mode, embedded MiniCluster, web UI on http://localhost:8081) and a
# live summary until Ctrl-C.
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
tools=tests/tools/target/checkout-lake-tools.jar
for built in "$jar" "$tools"; do
  if [ ! -f "$built" ] || [ -n "$(find functions/src job/src tests/tools/src pom.xml functions/pom.xml job/pom.xml tests/tools/pom.xml -newer "$built" -print -quit)" ]; then
    echo "building $jar and $tools ..."
    mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package -pl tests/tools -am
    break
  fi
done
# The demo (tests/tools) is kept out of the job's jar, so it runs from the class path, where the
# job jar's Add-Opens manifest entry does not apply: the same packages are opened here.
opens=()
for pkg in java.util java.lang java.lang.invoke java.net java.io java.nio sun.nio.ch java.lang.reflect \
  java.text java.time java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks; do
  opens+=("--add-opens=java.base/$pkg=ALL-UNNAMED")
done
exec java "${opens[@]}" -cp "$jar:$tools" io.checkoutlake.tools.Tools demo "$@"
