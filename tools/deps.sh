#!/bin/bash
# Install what scfs needs to build and test, from Debian's packages.
set -eu
pkgs=(meson ninja-build pkg-config gcc clang python3
      libseccomp-dev libjson-c-dev
      libfuse3-dev fuse3 libncurses-dev
      tmux bubblewrap strace
      crun runc    # the reference runtimes of tests/parity
      busybox-static jq    # tests/agent: a static container rootfs, its bundles
      podman               # tests/containers: real containers from a local root
      docker.io            # tests/docker: a private dockerd (with containerd), ~10 s
      python3-kubernetes python3-yaml)  # tests deploy/ manifests offline
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
