#!/usr/bin/python3
"""The Debian package builds on Debian 13 too: a copy of this tree in a clone of the trixie
image, its build dependencies from debian/control installed by the image's own apt
(`apt-get build-dep ./`), `dpkg-buildpackage -us -uc -b` inside, lintian (the host's) without
errors, and the package installs there and runs. The host (Debian 12) builds the bookworm
package itself (.ci/package). Slow (the build dependencies are downloaded): .ci/package runs it,
not meson test. KENSA_PACKAGE_OUT: copy the .deb into its trixie/ directory. Exit 77 when no image can be had."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def version():
    with open(os.path.join(SOURCE, "debian", "changelog")) as f:
        return f.readline().split("(")[1].split(")")[0]


def copy_tree(dest):
    """The committed and untracked-but-not-ignored files, as a clean clone has them."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=SOURCE,
                           capture_output=True, check=True).stdout
    tar = subprocess.run(["tar", "--null", "-T", "-", "-cf", "-"], input=files, cwd=SOURCE,
                         capture_output=True, check=True).stdout
    subprocess.run(["tar", "-C", dest, "-xf", "-"], input=tar, check=True)


def build_in(suite):
    v = version()
    with di.cloned(suite=suite) as root:
        shutil.copy("/etc/resolv.conf", os.path.join(root, "etc/resolv.conf"))
        src = os.path.join(root, "build", "kensa-" + v)
        os.makedirs(src)
        copy_tree(src)
        di.chroot(root, ["apt-get", "update"])
        di.chroot(root, ["apt-get", "-y", "--no-install-recommends", "build-dep", "/build/kensa-" + v])
        r = di.chroot(root, ["sh", "-c", "cd /build/kensa-%s && dpkg-buildpackage -us -uc -b" % v],
                      check=False)
        assert r.returncode == 0, f"{suite}: dpkg-buildpackage failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
        arch = di.chroot(root, ["dpkg", "--print-architecture"]).stdout.strip()
        deb = os.path.join(root, "build", "kensa_%s_%s.deb" % (v, arch))
        assert os.path.isfile(deb), os.listdir(os.path.join(root, "build"))
        # no build path compiled in (debian/rules: -Dbuild_tree_paths=false)
        fs = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True, check=True).stdout
        binary = subprocess.run(["tar", "-xOf", "-", "./usr/sbin/kensa"], input=fs,
                                capture_output=True, check=True).stdout
        assert b"/build/kensa-" not in binary, f"{suite}: /usr/sbin/kensa names its build directory"
        lintian = di.host_tool("lintian")
        if lintian:
            r = subprocess.run([lintian, "--fail-on", "error", "--tag-display-limit", "0",
                                os.path.join(root, "build", "kensa_%s_%s.changes" % (v, arch))],
                               capture_output=True, text=True)
            print(r.stdout, end="")
            assert r.returncode == 0, f"{suite}: lintian: {r.stdout}{r.stderr}"
        out = os.environ.get("KENSA_PACKAGE_OUT")
        if out:
            os.makedirs(os.path.join(out, suite), exist_ok=True)
            shutil.copy(deb, os.path.join(out, suite))
        di.chroot(root, ["apt-get", "-y", "install", "/build/kensa_%s_%s.deb" % (v, arch)])
        r = di.chroot(root, ["kensa", "--version"])
        assert "build: dynamic" in r.stdout and "kensa " + v in r.stdout, r.stdout


def make_tests():
    def test_package_builds_on_trixie():
        if os.geteuid() != 0:
            raise kt.Skip("needs root (chroot)")
        if not di._is_current(di.base_path((), "trixie")):
            reason = di._preflight("trixie")
            if reason:
                raise kt.Skip(reason)
        build_in("trixie")
    return {"test_package_builds_on_trixie": test_package_builds_on_trixie}


if __name__ == "__main__":
    kt.run_tests(make_tests())
