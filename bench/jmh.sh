#!/bin/sh
# JMH over the production batch path: installs the service's plain jar, builds bench/, runs the
# benchmarks. Arguments go to JMH, e.g. bench/jmh.sh -p settings=augmented -p dtype=float32
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q install -Dmaven.test.skip=true -DskipPythonTests=true -Dmixup.clients.skip=true
./mvnw -B -q -f bench/pom.xml package
exec "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -jar bench/target/benchmarks.jar "$@"
