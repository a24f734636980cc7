#!/usr/bin/env bash
# One benchmark, one command:  bench/run.sh <evaluation|detection|startup|outbox|store> [options]   (--help for the options)
# Builds what is stale (the jar, test classes, the benchmark classes), then runs the benchmark and prints its figures.
# Not a test: `mvn verify` never compiles or runs anything under bench/.
# Needs the local PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres), like the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -B -q -o}

case "${1:-}" in
  evaluation) main=EvaluationBench ;;
  detection) main=DetectionBench ;;
  startup) main=StartupBench ;;
  outbox) main=OutboxBench ;;
  store) main=StoreBench ;;
  *) echo "usage: bench/run.sh <evaluation|detection|startup|outbox|store> [--help | options]" >&2; exit 2 ;;
esac
shift

out=target/bench
mkdir -p "$out"
# the jar (startup) and target/classes + target/test-classes (the others), rebuilt when a source is newer
if [ ! -f target/alert-hub.jar ] || [ ! -d target/test-classes ] \
   || [ -n "$(find src pom.xml application.properties -newer target/alert-hub.jar -print -quit)" ]; then
  echo "building target/alert-hub.jar and test classes ..." >&2
  $MVN -DskipTests package
fi
if [ ! -f "$out/classpath.txt" ] || [ pom.xml -nt "$out/classpath.txt" ]; then
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" >/dev/null
fi
cp="target/classes:target/test-classes:$(cat "$out/classpath.txt")"
if [ ! -d "$out/classes" ] || [ -n "$(find bench/src -newer "$out/classes" -print -quit)" ] \
   || [ target/classes -nt "$out/classes" ]; then
  rm -rf "$out/classes"
  mkdir -p "$out/classes"
  javac -nowarn -d "$out/classes" -cp "$cp" $(find bench/src/main/java -name '*.java')
fi

# the hub's own log goes to a file; the figures go to stdout
exec java ${BENCH_JAVA_OPTS:-} -Dbench.root="$PWD" -Dlog4j2.configurationFile="$PWD/bench/log4j2-bench.properties" \
  -Dbench.log="$out/$main.log" -cp "$out/classes:$cp" "com.penguinmails.alerthub.bench.$main" "$@"
