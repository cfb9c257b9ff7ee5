#!/usr/bin/env bash
# kensa against OpenSCAP and Lynis on the same machine, in the same run: median wall time
# (hyperfine), peak RSS (/usr/bin/time -v) and the ratio kensa / peer. Not a test.
#
#   bench/compare.sh [KENSA]      (as root; installs nothing: see bench/README.md for packages)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kensa=${1:-$here/../build/src/kensa}
runs=${RUNS:-5}
work=$(mktemp -d /var/tmp/kensa-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

for tool in hyperfine oscap lynis /usr/bin/time python3; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine openscap-scanner ssg-debian lynis time)" >&2; exit 1; }
done
ds=/usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml
[ -r "$ds" ] || { echo "bench: $ds missing (apt-get install ssg-debian)" >&2; exit 1; }

# The same debootstrapped Debian 12 image the test suite builds (cached).
image=$(cd "$here/../tests/image" && python3 -c 'import debian_image; print(debian_image.ensure_base())')
echo "image: $image"

# OpenSCAP's newest Debian content is for Debian 11: audit a copy whose version files say 11,
# with the probes rooted in it (OSCAP_PROBE_ROOT).
cp -a "$image" "$work/oscap-root"
echo 11.9 > "$work/oscap-root/etc/debian_version"
sed -i 's/^VERSION_ID=.*/VERSION_ID="11"/; s/^VERSION_CODENAME=.*/VERSION_CODENAME=bullseye/' "$work/oscap-root/etc/os-release"
profile=xccdf_org.ssgproject.content_profile_standard

hyperfine --style basic --warmup 1 --runs "$runs" -i --export-json "$work/kensa.json" \
	"$kensa audit --root $image --format json --as-of 2026-11-25"
hyperfine --style basic --warmup 0 --runs "$runs" -i --export-json "$work/oscap.json" \
	"env OSCAP_PROBE_ROOT=$work/oscap-root oscap xccdf eval --profile $profile --results $work/oscap-results.xml $ds"
hyperfine --style basic --warmup 0 --runs "${LYNIS_RUNS:-3}" -i --export-json "$work/lynis.json" \
	"lynis audit system --quick --no-colors --no-log --logfile /dev/null --report-file $work/lynis.dat"

# The tools exit non-zero when they find something: only the measurement matters here.
rss() { { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}'; }
k_rss=$(rss "$kensa" audit --root "$image" --format json --as-of 2026-11-25)
o_rss=$(rss env OSCAP_PROBE_ROOT="$work/oscap-root" oscap xccdf eval --profile $profile --results "$work/r2.xml" "$ds")
l_rss=$(rss lynis audit system --quick --no-colors --no-log --logfile /dev/null --report-file "$work/l2.dat")
rules=$(grep -c '<rule-result' "$work/oscap-results.xml" || true)

python3 - "$work" "$k_rss" "$o_rss" "$l_rss" "$rules" <<'PY'
import json, sys, platform, os, datetime
work, k_rss, o_rss, l_rss, rules = sys.argv[1], *map(int, sys.argv[2:5]), sys.argv[5]
med = lambda n: json.load(open(f"{work}/{n}.json"))["results"][0]["median"] * 1000
k, o, l = med("kensa"), med("oscap"), med("lynis")
print(f"\nmachine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, {datetime.date.today()}")
print("| tool | what it audits | median wall | peak RSS | kensa / tool (time) | kensa / tool (RSS) |")
print("|---|---|---|---|---|---|")
print(f"| kensa | debootstrapped Debian 12 image (--root), all checks | {k:.1f} ms | {k_rss/1024:.1f} MiB | 1 | 1 |")
print(f"| OpenSCAP (ssg-debian11 standard, {rules} rule results) | same image, OSCAP_PROBE_ROOT | {o:.0f} ms | {o_rss/1024:.1f} MiB | {k/o:.4f} | {k_rss/o_rss:.3f} |")
print(f"| Lynis --quick | the live host (Lynis cannot audit a root directory) | {l:.0f} ms | {l_rss/1024:.1f} MiB | {k/l:.5f} | {k_rss/l_rss:.3f} |")
PY
