# Sourced after bin/jdk.sh: ardm_jar prints the path of the command line's jar (ardm-cli/target/ardm.jar), building
# it first when it is missing or older than any module's sources or POM. Javadoc and source jars are left to install.
ardm_jar() {
  local root jar
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  jar="$root/ardm-cli/target/ardm.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$root"/ardm-*/src/main "$root"/pom.xml "$root"/ardm-*/pom.xml -newer "$jar" -print -quit)" ]; then
    echo "ardm: building $jar ..." >&2
    (cd "$root" && mvn -q -B package -pl ardm-cli -am -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) >&2
  fi
  echo "$jar"
}
