# Selects a JDK 25 for Berth's scripts: JAVA_HOME when it is one, else the first JDK 25 under /usr/lib/jvm.
# Sourced; exits 2 with a clear message when none is installed.
berth_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" || "$(berth_java_major "$JAVA_HOME")" -lt 25 ]]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/jdk-25*; do
    if [[ -x "$candidate/bin/java" && "$(berth_java_major "$candidate")" -ge 25 ]]; then
      JAVA_HOME="$candidate"
      break
    fi
  done
  if [[ -z "$JAVA_HOME" ]]; then
    echo "berth: JDK 25 not found: install one (e.g. Temurin 25) and set JAVA_HOME to it" >&2
    exit 2
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
