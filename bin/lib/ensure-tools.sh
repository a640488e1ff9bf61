# Sourced by bin/nas and bin/test: installs what a fresh Debian machine lacks (JDK 17, Maven, libgomp1) and
# checks that the NAS-Bench-201 ground truth sits in ../shared/benchmarks beside the repository.
ensure_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 && java -version 2>&1 | grep '"17\.' >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  # XGBoost's native library links against the system's OpenMP runtime. Not grep -q: under pipefail its
  # early exit can kill ldconfig with SIGPIPE and report an installed library as missing.
  ldconfig -p 2>/dev/null | grep 'libgomp\.so\.1' >/dev/null || missing+=(libgomp1)
  # the report's plots (XChart on Java2D) need at least one font
  [ -n "$(fc-list 2>/dev/null | head -n1)" ] || missing+=(fontconfig fonts-dejavu-core)
  apt_install "${missing[@]}"
  if ! java -version 2>&1 | grep '"17\.' >/dev/null; then
    local jdk17
    jdk17=$(ls -d /usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -n1)
    [ -n "$jdk17" ] && export JAVA_HOME="$jdk17" && export PATH="$jdk17/bin:$PATH"
  fi
}

apt_install() {
  [ $# -gt 0 ] || return 0
  echo "sparknas: installing $* (apt-get)" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# What the tests of the report page and the notebooks use: Debian's headless Chromium, and Jupyter
# (run with /usr/bin/python3, whatever python3 comes first on the PATH).
ensure_notebook_tools() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  /usr/bin/python3 -c 'import nbclient, nbformat, jupyter_client, ipykernel' >/dev/null 2>&1 \
    || missing+=(jupyter-client python3-nbconvert python3-nbclient python3-ipykernel)
  apt_install "${missing[@]}"
}

ensure_benchmarks() {
  local shared="$1/../shared/benchmarks"
  if [ ! -d "$shared/nb201-test200-nats" ]; then
    echo "sparknas: NAS-Bench-201 data not found at $shared (expected ../shared/benchmarks beside the repository)" >&2
    exit 2
  fi
}

# Installs Debian's Fashion-MNIST (/usr/share/datasets/fashion-mnist) when the command's --config trains
# on it and it is missing. If that fails, the job itself stops with exit 2 naming the missing file.
ensure_fashion_mnist() {
  local config="" previous=""
  for arg in "$@"; do [ "$previous" = "--config" ] && config="$arg"; previous="$arg"; done
  [ -f "$config" ] && grep -q 'fashion-mnist' "$config" || return 0
  [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] && return 0
  echo "sparknas: installing dataset-fashion-mnist (apt-get)" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=300 dataset-fashion-mnist >&2 || true
}
