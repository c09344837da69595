#!/bin/bash
# meson install of the build in $1 (default: build), with sudo when not root:
# mount(8) runs the fuse.scfs helper without PATH, so scfs must be in
# /usr/local/bin (or another directory of /bin/sh's default path).
set -eu
cd "$(dirname "$0")/.."
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO meson install -C "${1:-build}" --quiet
