# Vigil. `make run` serves on 127.0.0.1:3000; `make test` runs every test.
# Both install what is missing first (see .ci/toolchain.sh); a second run installs nothing.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

SITE := target/site/pkg
WASM_TARGET := wasm32-unknown-unknown
WASM_OUT := target/$(WASM_TARGET)/wasm-release/vigil_web.wasm
# Build with the toolchain that can target wasm (rustup's, or Debian's as a fallback).
WITH_RUST = PATH="$$(.ci/toolchain.sh path)"
# wasm-bindgen and wasm-opt by full path: the versions .ci/toolchain.sh installed, never a
# distribution's (Debian's binaryen 108 wasm-opt breaks hydration).
TOOLS := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
WASM_OPT = "$$(.ci/toolchain.sh wasm-opt)"

.PHONY: run build toolchain site wasm server test test-deps lint test-rust test-rust-backends test-e2e bench islands-floor clean

run: build
	target/release/vigil serve

build: toolchain site server

toolchain:
	@.ci/toolchain.sh rust
	@.ci/toolchain.sh tools

# The browser bundle: islands build → wasm-bindgen → wasm-opt, plus the stylesheet; then each
# file is named by its content and precompressed (.ci/assets.mjs writes pkg/assets.json).
# cargo decides whether the wasm is stale; the steps after it run only when it changed.
site: toolchain wasm $(SITE)/assets.json

wasm:
	$(WITH_RUST) cargo rustc -p vigil-web --lib --profile wasm-release --target $(WASM_TARGET) \
		--no-default-features --features hydrate --crate-type cdylib

$(SITE)/vigil_bg.wasm: $(WASM_OUT)
	mkdir -p $(SITE)
	$(TOOLS)/wasm-bindgen --target web --no-typescript --out-dir $(SITE) --out-name vigil $(WASM_OUT)
	$(WASM_OPT) -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
		--enable-mutable-globals --enable-reference-types --enable-multivalue \
		$(SITE)/vigil_bg.wasm -o $(SITE)/vigil_bg.wasm

$(SITE)/assets.json: $(SITE)/vigil_bg.wasm style/main.css .ci/assets.mjs
	cp style/main.css $(SITE)/vigil.css
	node .ci/assets.mjs $(SITE)

server: toolchain
	$(WITH_RUST) cargo build --release -p vigil

test-deps:
	@.ci/toolchain.sh test-deps

# Formatting and lints first (they fail in seconds), then unit and integration tests (real
# SQLite files, a real SMTP listener), then the browser tests.
test: lint build test-deps test-rust test-e2e

# rustfmt's defaults, and every clippy warning is an error, tests and benches included.
lint: toolchain
	@.ci/toolchain.sh lint
	PATH="$$(.ci/toolchain.sh fmt-path)" cargo fmt --all --check
	$(WITH_RUST) cargo clippy --workspace --all-targets -- -D warnings
	# The islands' side too (`hydrate`, not `ssr`), on the host target: it catches what only
	# the browser build compiles (imports used by server-only bodies) without a wasm std.
	$(WITH_RUST) cargo clippy -p vigil-web --features hydrate --lib -- -D warnings

# Every Rust test on SQLite, then the storage-facing suites again on PostgreSQL: a throwaway
# server that .ci/postgres.sh starts (initdb in a temp dir, a free loopback port, a non-root
# user) and removes afterwards. The postgres module (several servers, copy-db) runs in the first
# pass. The integration tests are one binary (server/tests/integration); the second pass picks
# the storage-facing modules by name.
STORAGE_SUITES := accounts attention calendar facilities hearings jobs notifications people supplies texts watches
test-rust:
	.ci/postgres.sh run -- $(MAKE) --no-print-directory test-rust-backends

test-rust-backends:
	VIGIL_REQUIRE_POSTGRES=1 $(WITH_RUST) cargo test --release --workspace --no-fail-fast
	VIGIL_REQUIRE_POSTGRES=1 VIGIL_TEST_BACKEND=postgres $(WITH_RUST) cargo test --release -p vigil --no-fail-fast \
		--test integration -- $(addsuffix ::,$(STORAGE_SUITES))

test-e2e:
	cd tests/e2e && node --test --test-concurrency=1 *.test.mjs

# Benchmarks print ratios against baselines measured in the same run. The sign-up burst runs
# on SQLite and on a throwaway PostgreSQL (fsync on), side by side; the pages bench puts its
# load on from wrk in a second process; the texts bench sends a call-out through a real Kannel
# beside email; the page-weight table walks every page in Chromium.
bench: build test-deps
	@.ci/toolchain.sh bench-deps
	VIGIL_PG_FSYNC=on .ci/postgres.sh run -- env $(WITH_RUST) cargo bench -p vigil --bench people --bench jobs --bench signups --bench pages --bench texts
	cd tests/e2e && node weight.mjs

# The islands runtime's own weight (one empty island, built like the app's bundle), beside
# the app's bundle: README "Page weight".
FLOOR := target/islands-floor
islands-floor: toolchain
	mkdir -p $(FLOOR)/pkg
	cp Cargo.lock .ci/islands-floor/Cargo.lock
	cd .ci/islands-floor && PATH="$$($(CURDIR)/.ci/toolchain.sh path)" CARGO_TARGET_DIR=$(CURDIR)/target cargo rustc --lib --profile wasm-release \
		--target $(WASM_TARGET) --crate-type cdylib
	$(TOOLS)/wasm-bindgen --target web --no-typescript --out-dir $(FLOOR)/pkg --out-name floor \
		target/$(WASM_TARGET)/wasm-release/islands_floor.wasm
	$(WASM_OPT) -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
		--enable-mutable-globals --enable-reference-types --enable-multivalue \
		$(FLOOR)/pkg/floor_bg.wasm -o $(FLOOR)/pkg/floor_bg.wasm
	node -e 'const z=require("zlib"),fs=require("fs");for(const[n,f]of[["floor (one empty island)","$(FLOOR)/pkg/floor_bg.wasm"],["floor JS","$(FLOOR)/pkg/floor.js"],["Vigil bundle","$(SITE)/vigil_bg.wasm"],["Vigil JS","$(SITE)/vigil.js"]]){const b=fs.readFileSync(f);console.log(n.padEnd(26),(b.length/1024).toFixed(1)+" KB raw",(z.gzipSync(b,{level:9}).length/1024).toFixed(1)+" KB gzip",(z.brotliCompressSync(b).length/1024).toFixed(1)+" KB brotli")}'

clean:
	rm -rf target/site
