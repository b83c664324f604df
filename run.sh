#!/usr/bin/env bash
# The two set-up commands of the README, for a fresh Debian 12 machine:
#   ./run.sh serve [ARGS...]  install what is missing, build, start `cimdouble serve ARGS...`
#   ./run.sh test             install what is missing, build (plain, ASan+UBSan, TSan, and the
#                             fuzz targets with clang), run every test, fuzz each target briefly
# Also: ./run.sh deps (install only), ./run.sh build (plain build only).
set -euo pipefail
cd "$(dirname "$0")"

# Every Debian package the project needs, to build, to test and to serve.
PACKAGES=(
  build-essential cmake ninja-build pkg-config       # toolchain
  gsoap libgsoap-dev libssl-dev zlib1g-dev           # HTTP/TLS transport (soapcpp2 + libgsoapssl++)
  libkrb5-dev gss-ntlmssp                            # Negotiate: GSSAPI with its NTLM mechanism
  krb5-kdc krb5-admin-server krb5-user               # a throwaway realm for the Kerberos tests
  python3-requests-kerberos python3-gssapi           # pywinrm's transport='kerberos'
  libxml2-dev                                        # every XML document
  libboost-test-dev                                  # unit tests
  libcli11-dev nlohmann-json3-dev libyaml-cpp-dev    # command line, JSON, YAML
  wrk                                                # benchmarks
  sblim-wbemcli                                      # a CIM-XML client for the integration tests
  clang libclang-rt-14-dev                           # libFuzzer (fuzz/)
  python3 python3-winrm python3-requests-ntlm wsl uuid-runtime curl openssl  # real clients for the integration tests
  golang-go golang-github-masterzen-winrm-dev        # Go's masterzen/winrm (NTLM), built in GOPATH mode
)

jobs=$(nproc 2>/dev/null || echo 2)

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "run.sh: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# An npm WinRM client for the integration tests (tests/integration/node_winrm, its versions
# pinned by package-lock.json). Node.js and npm come from Debian when the machine has none
# (a machine may have them from elsewhere: Debian's npm package would conflict with those).
install_node_clients() {
  if ! command -v npm >/dev/null; then
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  [ -d tests/integration/node_winrm/node_modules/winrm-client ] ||
    npm ci --prefix tests/integration/node_winrm --no-audit --no-fund --loglevel=error
}

# build DIR [CMAKE ARGS...]: the project's own builds treat warnings as errors.
build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIMDOUBLE_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

run_tests() {
  local dir=$1
  shift
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600 "$@"
}

# tests/embed, a project that embeds cimdouble in its C++ tests: built against the package
# installed from build DIR, and run; then the add_subdirectory form, configured only (building
# it would compile the whole project once more).
test_embedding() {
  local dir=$1
  cmake --install "$dir" --prefix "$dir/install" >/dev/null
  cmake -S tests/embed -B "$dir/embed" -G Ninja -DCMAKE_PREFIX_PATH="$PWD/$dir/install" >/dev/null
  cmake --build "$dir/embed" -j "$jobs"
  "$dir/embed/embed_test"
  cmake -S tests/embed -B "$dir/embed-subdir" -G Ninja -DCIMDOUBLE_SOURCE_DIR="$PWD" >/dev/null
}

case "${1:-}" in
  deps)
    install_deps
    ;;
  build)
    install_deps
    build build
    ;;
  serve)
    shift
    install_deps
    build build
    exec ./build/src/app/cimdouble serve "$@"
    ;;
  test)
    install_deps
    install_node_clients
    build build
    run_tests build
    test_embedding build
    # The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
    build build-asan -DCIMDOUBLE_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_tests build-asan
    # The tests where threads meet, under ThreadSanitizer.
    build build-tsan -DCIMDOUBLE_TSAN=ON
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 run_tests build-tsan -L concurrency
    # Each fuzz target for a short while (fuzz/run.sh SECONDS runs them as long as you like).
    fuzz/run.sh "${CIMDOUBLE_FUZZ_SECONDS:-20}"
    ;;
  *)
    echo "usage: $0 serve [ARGS...] | test | deps | build" >&2
    exit 2
    ;;
esac
