#!/usr/bin/env python3
"""signals.py KCPLAN ROOT — SIGINT and SIGTERM during a long solve leave no output (not even a
temporary file) and kill kcplan by that signal; the inputs are unchanged."""
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time


def digest(folder):
    return {f: hashlib.sha256(open(os.path.join(folder, f), "rb").read()).hexdigest() for f in os.listdir(folder)}


def main():
    kcplan, root = sys.argv[1], sys.argv[2]
    # under valgrind kcplan needs seconds to start and install its handlers (a signal before that kills
    # it silently): wait longer before the signal, and for the exit after it
    slow = "valgrind" in os.path.basename(kcplan)
    settle, grace = (8.0, 60) if slow else (1.5, 10)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "hard")
        subprocess.run(["bash", os.path.join(root, "tests/e2e/gen_model.sh"), model, "60", "8", "2"], check=True)
        before = digest(model)
        cases = [(signal.SIGTERM, ["solve", model, "--time-limit", "60"]),
                 (signal.SIGINT, ["solve", model, "--time-limit", "60"]),
                 (signal.SIGTERM, ["proposal", model, "--year", "2022", "--time-limit", "60"]),
                 (signal.SIGINT, ["report", model, "--time-limit", "60"])]
        for k, (sig, args) in enumerate(cases):
            out = os.path.join(tmp, "out%d" % k)
            os.makedirs(out)
            target = {"solve": ["-o", out], "proposal": ["-o", os.path.join(out, "p.xlsx")],
                      "report": ["-o", os.path.join(out, "r.html")]}[args[0]]
            p = subprocess.Popen([kcplan] + args + target, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(settle)
            if p.poll() is not None:
                print("FAIL %s finished before the signal (exit %d)" % (args[0], p.returncode))
                failures += 1
                continue
            p.send_signal(sig)
            try:
                _, err = p.communicate(timeout=grace)
            except subprocess.TimeoutExpired:
                p.kill()
                print("FAIL %s did not stop within %d s of %s" % (args[0], grace, sig.name))
                failures += 1
                continue
            left = os.listdir(out)
            if p.returncode != -sig:
                print("FAIL %s: after %s the exit status is %d, not death by the signal" % (args[0], sig.name, p.returncode))
                failures += 1
            elif left:
                print("FAIL %s: after %s the output folder holds %s" % (args[0], sig.name, left))
                failures += 1
            elif b"interrupted" not in err:
                print("FAIL %s: no word of the interruption: %r" % (args[0], err))
                failures += 1
            else:
                print("ok: %s stopped by %s, nothing written" % (args[0], sig.name))
        if digest(model) != before:
            print("FAIL an input file changed")
            failures += 1
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
