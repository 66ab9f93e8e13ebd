# Sourced by scripts/build-site.sh and bench/peers.sh: builds for wasm with the standard library
# compiled from source, in the widget's size-first profile, and panics that abort at once.
#
# Why: the precompiled std carries the panic machinery (messages, `fmt`, unwinding tables) and
# is built for speed, not size. Rebuilt with `-Cpanic=immediate-abort`, the widget's wasm is
# 18 KB gzip smaller (234.1 → 215.9 KB) and ranks as fast in Chromium (BENCHMARKS.md). A panic
# was already fatal to the widget (`panic = "abort"`), and its message went nowhere (std has no
# console on wasm32-unknown-unknown), so nothing a visitor or a developer sees changes.
#
# Both switches are unstable on the stable toolchain these machines have, so RUSTC_BOOTSTRAP=1
# allows them for this one build (as cargo-fuzz needs it for fuzz/). They need the toolchain's
# `rust-src` component, which scripts/toolchain.sh adds. A future rustc may rename them again,
# as it renamed std's `panic_immediate_abort` feature to `-Cpanic=immediate-abort`.
WASM_STD_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"

# Runs "$@" (trunk or cargo) with std built from source. The target's rustflags are added to
# those in .cargo/config.toml; a RUSTFLAGS set by the caller replaces both.
with_wasm_std() {
  RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_STD_RUSTFLAGS" "$@"
}
