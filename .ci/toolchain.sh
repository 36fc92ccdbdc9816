#!/usr/bin/env bash
# Makes sure this machine can build Vigil for the server and for the browser (wasm32).
# Idempotent: every step checks first, so a second run installs nothing and takes seconds.
#
#   .ci/toolchain.sh rust        # a Rust toolchain with the wasm32-unknown-unknown target
#   .ci/toolchain.sh path        # prints the PATH to build with (after `rust`)
#   .ci/toolchain.sh tools       # wasm-bindgen (exact Cargo.lock version) and wasm-opt
#   .ci/toolchain.sh wasm-opt    # prints the path of that wasm-opt (after `tools`)
#   .ci/toolchain.sh test-deps   # Debian chromium, Kannel, playwright-core, Python's icalendar
#   .ci/toolchain.sh bench-deps  # wrk, the load generator (a second process)
#   .ci/toolchain.sh lint        # rustfmt and clippy for the build toolchain (after `rust`)
#   .ci/toolchain.sh fmt-path    # prints the PATH whose `cargo fmt` to use (after `lint`)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM=wasm32-unknown-unknown
# wasm-opt from the npm registry's binaryen: installs in seconds (the crates.io build compiles
# binaryen for ~9 minutes). Debian's binaryen 108 produces a wasm that fails to hydrate; the
# browser tests hydrate every island built with this one.
BINARYEN_VERSION=132.0.0
TOOLS_CACHE="${VIGIL_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vigil}"
WASM_OPT="$TOOLS_CACHE/binaryen-$BINARYEN_VERSION/node_modules/.bin/wasm-opt"
log() { printf '[toolchain] %s\n' "$*" >&2; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" != 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"

# rustup's toolchain is preferred; it is used whenever it has (or can add) the wasm target.
# VIGIL_TOOLCHAIN=debian forces the fallback (to check it on a machine where rustup works).
rustup_has_wasm() {
  [ "${VIGIL_TOOLCHAIN:-}" = debian ] && return 1
  command -v rustup >/dev/null 2>&1 || return 1
  rustup target list --installed 2>/dev/null | grep -qx "$WASM" && return 0
  [ -f target/.rustup-no-wasm ] && return 1   # tried before on this checkout: don't wait again
  log "trying: rustup target add $WASM"
  if timeout 90 rustup target add "$WASM" >/dev/null 2>&1; then return 0; fi
  mkdir -p target && touch target/.rustup-no-wasm
  return 1
}

# Fallback: Debian's packaged Rust, with a wasm32 std built once from its shipped sources.
debian_rust() {
  apt_install rustc-web cargo-web rust-web-src
  local llvm sysroot libdir
  llvm=$(/usr/bin/rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
  apt_install "lld-$llvm"
  sysroot=$(/usr/bin/rustc --print sysroot)
  local host_bin="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin"
  if [ ! -x "$host_bin/rust-lld" ]; then
    local sudo=""; [ "$(id -u)" != 0 ] && sudo=sudo
    $sudo mkdir -p "$host_bin"
    $sudo ln -sf "/usr/lib/llvm-$llvm/bin/lld" "$host_bin/rust-lld"
  fi
  libdir="$sysroot/lib/rustlib/$WASM/lib"
  if ! ls "$libdir"/libstd-*.rlib >/dev/null 2>&1; then
    log "building the $WASM standard library from Debian's rust-web-src (once, a few minutes)"
    local tmp; tmp=$(mktemp -d)
    (
      cd "$tmp"
      PATH=/usr/bin:$PATH cargo init -q --lib --name wasmstd
      RUSTC_BOOTSTRAP=1 RUSTFLAGS=-Cembed-bitcode=yes \
        PATH=/usr/bin:$PATH cargo build -q --release -Zbuild-std=std,panic_abort --target "$WASM"
    )
    local sudo=""; [ "$(id -u)" != 0 ] && sudo=sudo
    $sudo mkdir -p "$libdir"
    $sudo cp "$tmp/target/$WASM/release/deps/"*.rlib "$libdir/"
    rm -rf "$tmp"
  fi
}

# PATH to build with: Debian's /usr/bin first when rustup can't target wasm.
build_path() {
  if rustup_has_wasm; then echo "$CARGO_BIN:$PATH"; else echo "/usr/bin:$CARGO_BIN:$PATH"; fi
}

locked_version() { # version of a package in Cargo.lock
  awk -v n="$1" '$1=="name" && $3=="\""n"\"" {getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock
}

tools() {
  export PATH; PATH=$(build_path)
  local want have
  want=$(locked_version wasm-bindgen)
  have=$("$CARGO_BIN/wasm-bindgen" --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$want" != "$have" ]; then
    log "cargo install wasm-bindgen-cli $want (must match Cargo.lock)"
    cargo install -q --force wasm-bindgen-cli --version "$want"
  fi
  # Called by full path in the Makefile: a distribution's older wasm-opt must not be used.
  if ! "$WASM_OPT" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*} "; then
    log "npm install binaryen@$BINARYEN_VERSION (its wasm-opt, into $TOOLS_CACHE)"
    mkdir -p "$TOOLS_CACHE/binaryen-$BINARYEN_VERSION"
    npm install --prefix "$TOOLS_CACHE/binaryen-$BINARYEN_VERSION" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
  fi
}

test_deps() {
  # Kannel (bearerbox, smsbox) and its fakesmsc: the SMS tests run a real gateway.
  apt_install chromium fonts-dejavu-core kannel kannel-extras
  # Python's icalendar: the calendar tests check feeds with a second, independent parser.
  if ! python3 -c 'import icalendar' 2>/dev/null; then
    log "pip install icalendar"
    python3 -m pip install -q --disable-pip-version-check icalendar 2>/dev/null \
      || python3 -m pip install -q --disable-pip-version-check --break-system-packages icalendar
  fi
  if [ ! -d tests/e2e/node_modules/playwright-core ]; then
    log "npm ci (playwright-core; its own browser download is never used)"
    (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
}

# clippy from the toolchain that builds (its lints match that compiler); rustfmt from rustup's
# toolchain where it has one, else Debian's (stable formatting is the same across versions).
lint() {
  export PATH; PATH=$(build_path)
  if ! cargo clippy --version >/dev/null 2>&1; then
    if [ "$(command -v cargo)" = /usr/bin/cargo ]; then apt_install rust-web-clippy
    else log "rustup component add clippy"; rustup component add clippy; fi
  fi
  if ! "$CARGO_BIN/cargo" fmt --version >/dev/null 2>&1 && ! timeout 90 rustup component add rustfmt >/dev/null 2>&1; then
    apt_install rustfmt
  fi
}

fmt_path() {
  if "$CARGO_BIN/cargo" fmt --version >/dev/null 2>&1; then echo "$CARGO_BIN:$PATH"; else echo "/usr/bin:$PATH"; fi
}

case "${1:-}" in
  rust) rustup_has_wasm || debian_rust ;;
  path) build_path ;;
  tools) tools ;;
  wasm-opt) echo "$WASM_OPT" ;;
  test-deps) test_deps ;;
  bench-deps) apt_install wrk ;;
  lint) lint ;;
  fmt-path) fmt_path ;;
  *) echo "usage: $0 rust|path|tools|wasm-opt|test-deps|bench-deps|lint|fmt-path" >&2; exit 2 ;;
esac
