#!/usr/bin/env bash
# Builds kanbao's .deb: the release binary, its shell completions and man page (generated from
# the clap definitions), then `cargo deb --no-build` with the assets of [package.metadata.deb].
# Needs cargo-deb (`cargo install cargo-deb`). The package lands in $target/debian/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --release --locked
out="$target/release/packaging"
mkdir -p "$out"
bin="$target/release/kanbao"
"$bin" completions bash > "$out/kanbao.bash"
"$bin" completions zsh > "$out/_kanbao"
"$bin" completions fish > "$out/kanbao.fish"
"$bin" man > "$out/kanbao.1"
cargo deb --no-build --locked
