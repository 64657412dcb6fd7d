#!/usr/bin/env bash
# The functions' cold start on this machine: JVM start to the first handler invocation done, against moto_server,
# median of 5 (ColdStartBench). Packages the module first (tests skipped), then runs the bench on its test classpath.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/jdk25.sh
./mvnw -q -B -o -pl berth-functions package -DskipTests
./mvnw -q -B -o -pl berth-functions dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
cd berth-functions
exec java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" dev.berth.functions.ColdStartBench
