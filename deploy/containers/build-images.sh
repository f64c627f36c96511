#!/usr/bin/env bash
# Builds fleetcompat's container images on this machine, without any registry: a jlink'd Java runtime FROM scratch
# (fleetcompat/jre) from the local JDK, then one image per component from the Maven build output, tagged
# fleetcompat/<image>:<version> (the base also :latest, the default BASE_IMAGE of the component Dockerfiles).
#
#   deploy/containers/build-images.sh [IMAGE...]    IMAGE: jre kafka fleet-stream dashboard hypervisor-agent (default: all)
#
# Needs: a running Docker daemon; a JDK 17+ with its jmods (JAVA_HOME, else the java on PATH); a static busybox
# (apt-get install busybox-static); unzip; and the components built, from the repository root:
#   ./mvnw -B -pl hypervisor-agent,fleet-stream,dashboard,deploy/launcher -am package -DskipTests
# Environment: FLEETCOMPAT_VERSION (default: the version in pom.xml), JAVA_HOME, BUSYBOX (default: busybox on PATH),
# DOCKER (default: docker).
# Prints one line per image (tag, size, seconds); each build's log is deploy/containers/target/build-<image>.log.
# The jlink'd runtime is kept in deploy/containers/target/jre-runtime and reused while the JDK and module list stay.
# Exit codes: 0 built, 1 a build failed, 2 bad argument, 3 a prerequisite is missing (the message names it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$here/target
docker=${DOCKER:-docker}
all_images=(jre kafka fleet-stream dashboard hypervisor-agent)

# Modules of the runtime: what jdeps finds in the components' jars (java.desktop is java.beans for Quarkus and
# commons-beanutils), plus what operators need on a real cluster: TLS (jdk.crypto.ec), SASL/Kerberos
# (java.security.sasl, java.security.jgss, jdk.security.auth, jdk.security.jgss), DNS for Kerberos (jdk.naming.dns),
# diagnostics (jdk.jcmd, jdk.attach, jdk.jfr, jdk.management.jfr, jdk.management.agent), java agents (java.instrument),
# and jdk.random: the agent's event ids come from L64X128MixRandom, a service jdeps cannot see.
jre_modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.security.jgss,java.security.sasl,java.sql,java.xml,java.xml.crypto,jdk.attach,jdk.charsets,jdk.crypto.ec,jdk.jcmd,\
jdk.jfr,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.naming.dns,jdk.security.auth,jdk.security.jgss,\
jdk.random,jdk.unsupported,jdk.zipfs
# java.desktop's native libraries for windows, sound, fonts and images: they need X11/ALSA/freetype, and nothing here
# draws (java.awt.headless=true); java.beans needs none of them.
jre_excludes=$(printf '**/%s,' libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so libfontmanager.so liblcms.so \
    libjavajpeg.so)
jre_excludes=${jre_excludes%,}

die() { local code=$1; shift; echo "build-images: $*" >&2; exit "$code"; }
log() { echo "build-images: $*"; }

images=("$@")
[ ${#images[@]} -gt 0 ] || images=("${all_images[@]}")
for image in "${images[@]}"; do
  case " ${all_images[*]} " in *" $image "*) ;; *) die 2 "unknown image '$image' (one of: ${all_images[*]})" ;; esac
done

version=${FLEETCOMPAT_VERSION:-$(awk -F'[<>]' '/<version>/ { print $3; exit }' "$root/pom.xml")}
[ -n "$version" ] || die 3 "cannot read the project version from $root/pom.xml (set FLEETCOMPAT_VERSION)"

# --- prerequisites -------------------------------------------------------------------------------------------------
command -v "$docker" >/dev/null || die 3 "no docker client on PATH (apt-get install docker.io)"
"$docker" info >/dev/null 2>&1 || die 3 "the Docker daemon does not answer ('$docker info' failed); start it, e.g. \
dockerd --storage-driver=overlay2 >/var/log/dockerd.log 2>&1 & (deploy/README.md)"
# Without the buildx plugin a recent client refuses BuildKit; the classic builder builds these Dockerfiles as well.
if [ -z "${DOCKER_BUILDKIT:-}" ] && ! "$docker" buildx version >/dev/null 2>&1; then
  export DOCKER_BUILDKIT=0
fi

java_home=${JAVA_HOME:-}
if [ -z "$java_home" ]; then
  command -v java >/dev/null || die 3 "no JDK: set JAVA_HOME or put java on PATH"
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
[ -x "$java_home/bin/jlink" ] || die 3 "$java_home has no bin/jlink: JAVA_HOME must be a JDK (openjdk-17-jdk-headless), not a JRE"
[ -d "$java_home/jmods" ] || die 3 "$java_home has no jmods/ directory, which jlink needs (Debian: openjdk-17-jdk-headless has it)"

command -v unzip >/dev/null || die 3 "no unzip on PATH (apt-get install unzip): it lists the JNI libraries in the jars"
busybox=${BUSYBOX:-$(command -v busybox || true)}
[ -n "$busybox" ] && [ -x "$busybox" ] || die 3 "no busybox: apt-get install busybox-static (or set BUSYBOX)"
if ldd "$busybox" >/dev/null 2>&1; then
  die 3 "$busybox is dynamically linked; the base image needs a static one (apt-get install busybox-static)"
fi

artefact_of() {
  case $1 in
    kafka) echo "$root/deploy/launcher/target/fleet-launcher.jar" ;;
    fleet-stream) echo "$root/fleet-stream/target/quarkus-app/quarkus-run.jar" ;;
    dashboard) echo "$root/dashboard/target/quarkus-app/quarkus-run.jar" ;;
    hypervisor-agent) echo "$root/hypervisor-agent/target/hypervisor-agent-$version.jar" ;;
  esac
}
for image in "${images[@]}"; do
  [ "$image" = jre ] && continue
  [ -f "$(artefact_of "$image")" ] || die 3 "$image is not built ($(artefact_of "$image") is missing); build it with:
  ./mvnw -B -pl hypervisor-agent,fleet-stream,dashboard,deploy/launcher -am package -DskipTests"
done

mkdir -p "$work/context"

# Hard links where possible: the contexts are rebuilt on every run and the jars are large.
stage() { rm -rf "$2"; mkdir -p "$(dirname "$2")"; cp -al "$1" "$2" 2>/dev/null || cp -a "$1" "$2"; }

# --- base: jlink'd runtime + the libraries ldd names + static busybox ------------------------------------------------
jre_runtime() {
  local runtime=$work/jre-runtime key
  key="$java_home|$("$java_home/bin/java" -version 2>&1 | tr '\n' ' ')|$jre_modules|$jre_excludes"
  if [ -f "$runtime.key" ] && [ "$(cat "$runtime.key")" = "$key" ] && [ -x "$runtime/bin/java" ]; then
    return
  fi
  rm -rf "$runtime" "$runtime.key"
  "$java_home/bin/jlink" --add-modules "$jre_modules" --exclude-files="$jre_excludes" \
      --strip-debug --no-man-pages --no-header-files --compress=2 --output "$runtime"
  echo "$key" > "$runtime.key"
}

# JNI libraries the components unpack at run time (RocksDB, zstd, snappy, lz4, netty): ldd them too, so the base
# carries what they link against (libstdc++, libgcc_s) although no jlink'd file needs it.
jni_libraries() {
  local out=$1 arch pattern jar member
  arch=$(uname -m)
  case $arch in
    x86_64) pattern='(x86_64|amd64|linux64)' ;;
    aarch64) pattern='(aarch64|arm64)' ;;
    *) pattern=$arch ;;
  esac
  mkdir -p "$out"
  find "$root/fleet-stream/target/quarkus-app/lib" "$root/dashboard/target/quarkus-app/lib" \
      "$root/hypervisor-agent/target/lib" "$root/deploy/launcher/target/lib" -name '*.jar' 2>/dev/null |
  while read -r jar; do
    unzip -Z1 "$jar" 2>/dev/null | grep -E '\.so$' | grep -Ei 'linux' | grep -Ei "$pattern" | grep -Eiv 'musl|android' |
    while read -r member; do
      unzip -o -q "$jar" "$member" -d "$out/$(basename "$jar" .jar)" 2>/dev/null || true
    done || true   # most jars have no native library: grep finds nothing
  done
}

build_jre_context() {
  local ctx=$work/context/jre rootfs lib applet
  rootfs=$ctx/rootfs
  jre_runtime
  rm -rf "$ctx"
  mkdir -p "$rootfs"/{bin,etc,tmp,opt/fleetcompat/bin}
  cp -a "$work/jre-runtime" "$rootfs/opt/java"
  cp "$busybox" "$rootfs/bin/busybox"
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  cp "$here/jre/java-run" "$rootfs/opt/fleetcompat/bin/java-run"
  chmod 755 "$rootfs/opt/fleetcompat/bin/java-run"

  local jni=$work/jni-libraries
  rm -rf "$jni"
  jni_libraries "$jni"
  # ldd exits 1 for the odd file that is no dynamic executable (a script in bin/): its output is what counts.
  find "$rootfs/opt/java" "$jni" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
      LD_LIBRARY_PATH="$rootfs/opt/java/lib:$rootfs/opt/java/lib/server" xargs -0 ldd > "$work/ldd.txt" 2>/dev/null || true
  local missing
  missing=$(awk '/=> not found/ { print $1 }' "$work/ldd.txt" | sort -u | tr '\n' ' ')
  [ -z "$missing" ] || die 3 "libraries the runtime needs are not installed here: $missing"
  awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' "$work/ldd.txt" | sort -u |
  while read -r lib; do
    case $lib in "$rootfs"/*|"$jni"/*) continue ;; esac
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done

  cat > "$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
fleetcompat:x:10001:10001:fleetcompat:/tmp:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
  cat > "$rootfs/etc/group" <<'EOF'
root:x:0:
fleetcompat:x:10001:
nogroup:x:65534:
EOF
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
  chmod 1777 "$rootfs/tmp"
  cp "$here/jre/Dockerfile" "$ctx/Dockerfile"
}

build_context() {
  local image=$1 ctx=$work/context/$1
  rm -rf "$ctx"
  mkdir -p "$ctx"
  case $image in
    jre) build_jre_context ;;
    kafka)
      stage "$root/deploy/launcher/target/lib" "$ctx/lib"
      cp "$root/deploy/launcher/target/fleet-launcher.jar" "$here/kafka/run" "$here/kafka/healthcheck" "$here/kafka/fleet" "$ctx/"
      ;;
    fleet-stream|dashboard) stage "$root/$image/target/quarkus-app" "$ctx/quarkus-app" ;;
    hypervisor-agent)
      stage "$root/hypervisor-agent/target/lib" "$ctx/lib"
      cp "$(artefact_of hypervisor-agent)" "$ctx/hypervisor-agent.jar"
      ;;
  esac
  cp "$here/$image/Dockerfile" "$ctx/Dockerfile"
  # The images run as user 10001: everything copied in must be readable (and scripts executable) whatever the umask
  # of the checkout or the build was. (Hard-linked files share their mode with the build output: a+rX only adds.)
  chmod -R a+rX "$ctx"
}

for image in "${images[@]}"; do
  started=$(date +%s)
  tag=fleetcompat/$image:$version
  build_context "$image"
  extra_tags=()
  [ "$image" = jre ] && extra_tags=(-t fleetcompat/jre:latest)
  if ! "$docker" build --build-arg "BASE_IMAGE=fleetcompat/jre:$version" --build-arg "VERSION=$version" \
      -t "$tag" "${extra_tags[@]}" "$work/context/$image" > "$work/build-$image.log" 2>&1; then
    tail -n 30 "$work/build-$image.log" >&2
    die 1 "docker build of $tag failed (log: $work/build-$image.log)"
  fi
  size=$("$docker" image inspect -f '{{.Size}}' "$tag")
  log "$tag $((size / 1000000)) MB ($(( $(date +%s) - started )) s)"
done
