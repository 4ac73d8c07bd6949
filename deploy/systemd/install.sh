#!/bin/sh
# Installs (or upgrades) ActionBridge on a bare host with systemd. From the repository root, after building:
#   mvn -B -DskipTests package
#   sudo deploy/systemd/install.sh                                   # uses /usr/bin/java
#   sudo JAVA=/usr/lib/jvm/temurin-25-jre-amd64/bin/java deploy/systemd/install.sh
# Then fill in /etc/actionbridge/actionbridge.env and /opt/actionbridge/config/application.yml, and
#   sudo systemctl enable --now actionbridge
# An upgrade replaces the jar and the unit, keeps your config and environment files, and restarts a running service.
# The jar is also extracted to /opt/actionbridge/app with the JVM's AOT cache for $JAVA (deploy/aot-cache.sh, a
# training start of about 30 s of CPU), which the unit runs: a start about twice as fast.
#
# PREFIX=/some/dir installs under that directory instead of / and SKIP_SYSTEM=1 skips what needs root (the system
# user, ownership, systemctl): the test suite runs the script that way.
set -eu

PREFIX=${PREFIX:-}
SKIP_SYSTEM=${SKIP_SYSTEM:-}
JAVA=${JAVA:-/usr/bin/java}
APP_DIR=$PREFIX/opt/actionbridge
ETC_DIR=$PREFIX/etc/actionbridge
UNIT_DIR=$PREFIX/etc/systemd/system

cd "$(dirname "$0")/../.."

jar=
for f in target/actionbridge-*.jar; do
  case $f in *-plain.jar|*-sources.jar|*-javadoc.jar) ;; *) [ -f "$f" ] && jar=$f ;; esac
done
if [ -z "$jar" ]; then
  echo "No target/actionbridge-*.jar: build it first with  mvn -B -DskipTests package" >&2
  exit 1
fi

version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ -z "$version" ] || [ "${version%%.*}" -lt 21 ]; then
  echo "$JAVA is Java ${version:-?}; ActionBridge needs Java 21 or newer (run with JAVA=/path/to/java)" >&2
  exit 1
fi

if [ -z "$SKIP_SYSTEM" ]; then
  getent group actionbridge >/dev/null || groupadd --system actionbridge
  getent passwd actionbridge >/dev/null || useradd --system --gid actionbridge --home-dir /opt/actionbridge \
    --no-create-home --shell /usr/sbin/nologin actionbridge
fi

# The application only reads its directory: root owns it, the service user may read the config.
install -d -m 0755 "$APP_DIR"
install -d -m 0750 "$APP_DIR/config"
install -m 0644 "$jar" "$APP_DIR/actionbridge.jar.new"
mv "$APP_DIR/actionbridge.jar.new" "$APP_DIR/actionbridge.jar"

# The unit runs the jar extracted to $APP_DIR/app with the JVM's AOT cache made by $JAVA (Java 21-24: a CDS archive),
# a start about twice as fast; deploy/aot-cache.sh runs a short training start (no bots, no network) for it. Without
# it (the training failed) the unit runs the jar as it is.
cache_flag=" -XX:AOTCache=/opt/actionbridge/app/actionbridge.aot"
unit_edit="s#^ExecStart=/usr/bin/java #ExecStart=$JAVA #"
if sh deploy/aot-cache.sh "$APP_DIR/actionbridge.jar" "$APP_DIR/app" "$JAVA"; then
  if [ ! -e "$APP_DIR/app/actionbridge.aot" ]; then
    unit_edit="$unit_edit;s#$cache_flag# -XX:SharedArchiveFile=/opt/actionbridge/app/actionbridge.jsa#"
  fi
else
  echo "Warning: no start-up cache made (see above); the service runs the jar without it and starts slower." >&2
  rm -rf "$APP_DIR/app"
  unit_edit="$unit_edit;s#$cache_flag##;s# -jar /opt/actionbridge/app/actionbridge.jar# -jar /opt/actionbridge/actionbridge.jar#"
fi
[ -e "$APP_DIR/config/application.yml" ] || install -m 0640 config/application.yml "$APP_DIR/config/application.yml"

install -d -m 0750 "$ETC_DIR"
[ -e "$ETC_DIR/actionbridge.env" ] || install -m 0600 deploy/systemd/actionbridge.env.example "$ETC_DIR/actionbridge.env"

install -d -m 0755 "$UNIT_DIR"
sed "$unit_edit" deploy/systemd/actionbridge.service > "$UNIT_DIR/actionbridge.service"
chmod 0644 "$UNIT_DIR/actionbridge.service"

if [ -z "$SKIP_SYSTEM" ]; then
  chown root:actionbridge "$APP_DIR/config" "$APP_DIR/config/application.yml"
  systemctl daemon-reload
  if systemctl is-active --quiet actionbridge; then
    systemctl restart actionbridge
    echo "ActionBridge upgraded and restarted."
  else
    echo "Installed. Fill in $ETC_DIR/actionbridge.env and $APP_DIR/config/application.yml, then:"
    echo "  systemctl enable --now actionbridge"
  fi
else
  echo "Installed under ${PREFIX:-/} (system user, ownership and systemctl skipped)."
fi
