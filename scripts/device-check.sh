#!/usr/bin/env bash
# The prepared real-GPU check (issue 15, part 4): gpuframe's benches and demos on a Linux x86-64
# machine with an NVIDIA GPU that has no Node and no network.
#
#   bash scripts/device-check.sh --pack     # here (Node, npm installed): build dist/ and pack
#                                           # out/device-check/gpuframe-device.tar.xz (< 64 MiB):
#                                           # node, webgpu's dawn.node, libvulkan.so.1, dist/,
#                                           # the runtime node_modules, data/, the bench and demo
#                                           # scripts, BENCHMARKS.md
#   bash scripts/device-check.sh            # on the GPU machine, in a copy of the repo holding
#                                           # that tarball: unpack, run, write the results into
#                                           # BENCHMARKS.md (between the device-check markers),
#                                           # and into $OUT/device-check/ when $OUT is set
#                                           # (the device tool: carry
#                                           # out/device-check/gpuframe-device.tar.xz, timeout 600)
#   bash scripts/device-check.sh --dry-run  # the same on a software adapter (SwiftShader here),
#                                           # with small sizes (a few minutes); BENCHMARKS.md is
#                                           # left alone, the section goes to out/device-check/results/
#   bash scripts/device-check.sh --apply DIR  # here: put a returned DIR/section.md into BENCHMARKS.md
#
# What runs (scripts/device-check-run.mjs, with the packed node): an adapter probe (the GPU's
# name from the adapter info, nvidia-smi where present; a software adapter fails the real run),
# `npm run demo` and `npm run demo:trajectories` on --backend webgpu, `bench:kernels`, and the
# gpuframe-webgpu cells of `bench:frame`, each in its own process under a time limit, within
# DEVICE_CHECK_BUDGET_S seconds in all (default 480; steps that do not fit are reported as
# skipped). Sizes: DEVICE_CHECK_KERNEL_SIZES (default 1e6,1e7; dry run 1e5),
# DEVICE_CHECK_FRAME_SIZES (default 1e6,1e7; dry run 1e5), DEVICE_CHECK_FRAME_WORKLOADS
# (default all; dry run filter-sum,groupby-1k,sort). GPUFRAME_DEVICE_CHECK_ALLOW_SOFTWARE=1
# allows a software adapter without --dry-run's small sizes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packdir="$root/out/device-check"
tarball="$packdir/gpuframe-device.tar.xz"
limit=$((64 * 1024 * 1024))

say() { echo "device-check: $*" >&2; }
# The linker's cache, read once (ldconfig may be only in /sbin for a user; a grep on a pipe
# could end it early and fail the pipeline under pipefail).
syslibs() { { command -v ldconfig >/dev/null && ldconfig -p; } 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true; }
die() { say "$*"; exit 1; }

pack() {
  command -v npm >/dev/null || die "--pack needs Node and npm (it runs where the repo is built)"
  local node_bin
  node_bin="$(readlink -f "$(command -v node)")"
  [ "$(uname -sm)" = "Linux x86_64" ] || die "--pack packs this machine's node and Vulkan loader: expected Linux x86_64, got $(uname -sm)"
  local vulkan
  vulkan="$(syslibs | awk '/libvulkan\.so\.1 .*x86-64/ { print $NF }' | head -n 1)"
  [ -n "$vulkan" ] && [ -e "$vulkan" ] || die "no libvulkan.so.1 here (Debian: apt-get install libvulkan1)"
  local dawn="$root/node_modules/webgpu/dist/linux-x64/dawn.node"
  [ -f "$dawn" ] || die "no $dawn (the optional 'webgpu' package: npm install)"

  (cd "$root" && node scripts/build-if-stale.mjs) || die "the build failed"
  local stage="$packdir/stage"
  local top="$stage/gpuframe-device"
  rm -rf "$stage"
  mkdir -p "$top/bin" "$top/lib" "$top/bench/frame" "$top/scripts" "$top/out"
  cp "$node_bin" "$top/bin/node"
  cp -L "$vulkan" "$top/lib/libvulkan.so.1"
  # node and dawn.node need libstdc++ and libgcc_s: used only where the machine has none
  mkdir -p "$top/lib/fallback"
  for l in libstdc++.so.6 libgcc_s.so.1; do
    cp -L "$(syslibs | awk -v l="$l" '$1 == l && /x86-64/ { print $NF }' | head -n 1)" "$top/lib/fallback/$l"
  done

  # dist/ without declarations and source maps; the package.json for `#platform` (imports)
  (cd "$root" && tar -cf - --exclude='*.map' --exclude='*.d.ts' --exclude='.build-stamp.json' dist data) | tar -xf - -C "$top"
  cp "$root/package.json" "$root/BENCHMARKS.md" "$top/"
  cp "$root/bench/kernels.mjs" "$top/bench/"
  cp "$root"/bench/frame/{run,child,data,lib-gpuframe}.mjs "$top/bench/frame/"
  cp "$root"/scripts/{demo,demo-trajectories,device-check-run}.mjs "$top/scripts/"

  # The runtime dependencies (npm's production tree), without types, maps and other builds:
  # webgpu keeps only linux-x64's dawn.node, parquet-wasm only its node build.
  local mods
  mods="$(cd "$root" && npm ls --omit=dev --all --parseable 2>/dev/null | tail -n +2 | sed "s#^$root/##" | grep -v -e '/@types/' -e '@webgpu/types' -e 'undici-types' | sort -u)"
  for m in $mods; do
    case "$m" in
      node_modules/webgpu)
        mkdir -p "$top/$m/dist/linux-x64"
        cp "$root/$m"/{index.js,package.json} "$top/$m/"
        cp "$dawn" "$top/$m/dist/linux-x64/" ;;
      node_modules/parquet-wasm)
        mkdir -p "$top/$m"
        cp "$root/$m/package.json" "$top/$m/"
        cp -r "$root/$m/node" "$top/$m/" ;;
      *)
        mkdir -p "$top/$m"
        (cd "$root/$m" && tar -cf - --exclude='*.map' --exclude='*.d.ts' --exclude='*.ts' --exclude='./node_modules' --exclude='*.md' .) | tar -xf - -C "$top/$m" ;;
    esac
  done
  git -C "$root" rev-parse --short HEAD >"$top/COMMIT" 2>/dev/null || echo unknown >"$top/COMMIT"

  say "packing $(du -sh "$top" | cut -f1) (xz -9; a few minutes on 2 cores)"
  tar -C "$stage" -cf - gpuframe-device | xz -T0 -9 -c >"$tarball.tmp"
  mv "$tarball.tmp" "$tarball"
  rm -rf "$stage"
  local size
  size=$(stat -c %s "$tarball")
  [ "$size" -lt "$limit" ] || die "$tarball is $size bytes, over 64 MiB"
  say "wrote ${tarball#"$root"/} ($(awk -v s="$size" 'BEGIN { printf "%.1f MiB", s / 1048576 }'))"
  say "on the GPU machine, from a copy of this repo with that file: bash scripts/device-check.sh"
}

unpack_and_run() {
  [ -f "$tarball" ] || die "no ${tarball#"$root"/}: run 'bash scripts/device-check.sh --pack' where Node is, and bring the file along"
  local dir="${DEVICE_CHECK_DIR:-${TMPDIR:-/tmp}/gpuframe-device-check}"
  rm -rf "$dir"
  mkdir -p "$dir"
  if command -v xz >/dev/null; then
    xz -dc "$tarball" | tar -xf - -C "$dir"
  elif command -v python3 >/dev/null; then # no xz binary: Python's lzma module
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$tarball" | tar -xf - -C "$dir"
  else
    die "neither xz nor python3 here to unpack ${tarball#"$root"/}"
  fi
  local top="$dir/gpuframe-device"
  export LD_LIBRARY_PATH="$top/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  local libs
  libs="$(syslibs)"
  if ! grep -q 'libstdc++\.so\.6 ' <<<"$libs"; then
    export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$top/lib/fallback"
    say "no libstdc++.so.6 on this machine: using the packed one"
  fi

  # The NVIDIA Vulkan driver: a container may carry the driver's libraries without the ICD
  # manifest that points the loader at them; then write one.
  if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && ! ls /usr/share/vulkan/icd.d/*nvidia* /etc/vulkan/icd.d/*nvidia* >/dev/null 2>&1; then
    local icdlib=""
    for l in libGLX_nvidia.so.0 libEGL_nvidia.so.0; do
      if grep -q "$l" <<<"$libs"; then icdlib="$l"; break; fi
    done
    if [ -n "$icdlib" ]; then
      printf '{ "file_format_version": "1.0.0", "ICD": { "library_path": "%s", "api_version": "1.3.0" } }\n' "$icdlib" >"$top/nvidia_icd.json"
      export VK_ICD_FILENAMES="$top/nvidia_icd.json"
      say "no NVIDIA Vulkan ICD manifest installed: using $icdlib through $VK_ICD_FILENAMES"
    fi
  fi
  (cd "$top" && REPO="$root" ./bin/node scripts/device-check-run.mjs "$@")
}

case "${1:-}" in
  --pack) pack ;;
  --apply)
    [ -n "${2:-}" ] || die "--apply DIR: the device-check folder that came back (holding section.md)"
    (cd "$root" && node scripts/device-check-run.mjs --apply "$2") ;;
  --dry-run | "") unpack_and_run "$@" ;;
  -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}" ;;
  *) die "unknown option '$1' (--pack, --dry-run, --apply DIR, --help)" ;;
esac
