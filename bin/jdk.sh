# Sourced by the project's scripts: picks a JDK 25 so that nobody has to set JAVA_HOME by hand.
ardm_java_ok() { "$1/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; }
if [ -z "${JAVA_HOME:-}" ] || ! ardm_java_ok "$JAVA_HOME"; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do
    if [ -x "$candidate/bin/java" ] && ardm_java_ok "$candidate"; then JAVA_HOME=$candidate; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || ! ardm_java_ok "$JAVA_HOME"; then
  echo "ardm: no JDK 25 found (looked in JAVA_HOME and /usr/lib/jvm); install Temurin 25 or set JAVA_HOME" >&2
  exit 1
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
