#!/bin/sh
# Prepares ActionBridge for a fast start: extracts the executable jar (Spring Boot's jarmode tools) and makes the JVM's
# ahead-of-time cache for it with a training run, as Spring Boot documents (packaging/aot-cache):
#   deploy/aot-cache.sh <actionbridge-*.jar> <directory> [java]
# Result: <directory>/actionbridge.jar and <directory>/lib/ (the extracted application), and
#   - Java 25 or newer: <directory>/actionbridge.aot, the AOT cache (JEP 483/514/515: classes loaded and linked,
#     method profiles);
#   - Java 21 to 24: <directory>/actionbridge.jsa, a CDS archive (classes loaded).
# Start the application with the same java, the same flags and the extracted jar, e.g.
#   java -XX:AOTCache=<directory>/actionbridge.aot -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError \
#        -jar <directory>/actionbridge.jar
# with <directory> as an absolute path: the cache records the class path exactly as the training run named it.
# A cache is only valid for the java that made it and this exact set of jars: run this again after every upgrade of
# either (deploy/systemd/install.sh does). A java that cannot use the cache logs why and starts without it.
#
# The training run starts the application in <directory> (no config/ there: the built-in defaults, i.e. no bots, the
# embedded sandbox, the memory store), so it needs no secret and contacts nothing; it stops once the context is
# refreshed (-Dspring.context.exit=onRefresh), before any port is opened. It takes about 30 s of CPU.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 <actionbridge-*.jar> <directory> [java]" >&2
  exit 2
fi
jar=$1
dir=$2
java=${3:-java}
# The flags the application runs with (deploy/docker/Dockerfile, deploy/systemd/actionbridge.service, bench/run):
# the cache is made with them too.
flags="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"

version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
version=${version%%.*}
if [ -z "$version" ] || [ "$version" -lt 21 ]; then
  echo "$java is Java ${version:-?}; ActionBridge needs Java 21 or newer" >&2
  exit 1
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
rm -rf "$dir/lib" "$dir/actionbridge.jar" "$dir/actionbridge.aot" "$dir/actionbridge.jsa"
"$java" -Djarmode=tools -jar "$jar" extract --force --destination "$dir" --application-filename actionbridge.jar

if [ "$version" -ge 25 ]; then
  cache=actionbridge.aot
  record="-XX:AOTCacheOutput=$cache"
else
  cache=actionbridge.jsa
  record="-XX:ArchiveClassesAtExit=$cache"
fi
log="$dir/training.log"
start=$(date +%s)
# shellcheck disable=SC2086  # $flags and $record are lists of JVM options
if ! (cd "$dir" && "$java" $record $flags -Dspring.context.exit=onRefresh -jar "$dir/actionbridge.jar" \
      --server.port=0 --actionbridge.store=memory >training.log 2>&1) \
    || [ ! -s "$dir/$cache" ]; then
  echo "The training run failed, no cache made; see $log" >&2
  rm -f "$dir/$cache"
  exit 1
fi
echo "Made $dir/$cache (Java $version) in $(( $(date +%s) - start )) s"
