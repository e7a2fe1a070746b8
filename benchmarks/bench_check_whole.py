"""Issue 14 targets, timed as whole commands under ``/usr/bin/time -v`` with their output
written to a file (not a terminal):

- ``argmap check "..."`` on ``data/`` with a warm cache: < 0.5 s;
- ``argmap check --file`` with 1,000 statements on the 10,000-claim corpus of
  ``benchmarks/generate.py`` (its propositions given two cue phrases each, so cue matching is
  exercised), JSON, warm cache: < 5 s.

    python benchmarks/bench_check_whole.py [--strict] [--out FILE]

Prints (or writes to FILE) one line per figure: median and best of the warm runs, the cold
run that builds the cache, and the peak resident set size.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, topic_words
from measure import ARGMAP, ROOT

TIME = "/usr/bin/time"
SEED = (
    "NATO expansion to the east threatens Russia's security and violates the principle of "
    "indivisible security"
)


def timed(cmd: list[str], out: Path) -> tuple[float, float, float]:
    """Run `cmd` under ``/usr/bin/time -v``, stdout to `out`; return (wall s, CPU s, peak MiB).

    CPU time (user + system, children included) is reported beside wall time because this
    machine's two cores are shared: under load, wall time measures the neighbours too."""
    with out.open("wb") as sink:
        proc = subprocess.run(
            [TIME, "-v", *cmd],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=False,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    wall = re.search(
        r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", err
    )
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    user = re.search(r"User time \(seconds\): ([\d.]+)", err)
    system = re.search(r"System time \(seconds\): ([\d.]+)", err)
    assert wall and rss and user and system, err
    hours, minutes, seconds = wall.groups()
    elapsed = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    cpu = float(user.group(1)) + float(system.group(1))
    return elapsed, cpu, int(rss.group(1)) / 1024


def add_cues(corpus: Path) -> None:
    """Give every generated proposition two cues made of its own topic words."""
    path = corpus / "commitments.yaml"
    topics = topic_words()
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        out.append(line)
        m = re.match(r'    text: "Proposition (\d+): ', line)
        if m:
            words = topics[f"p{int(m.group(1)):04d}"].split()
            out.append(f'    cues: ["{words[0]} {words[1]}", "{words[2]} {words[3]} {words[4]}"]')
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def series(cmd: list[str], out: Path, runs: int) -> dict[str, float]:
    """A cold run (builds the cache), then `runs` warm runs."""
    cold = timed(cmd, out)
    warm = [timed(cmd, out) for _ in range(runs)]
    return {
        "cold": cold[0],
        "median": statistics.median(w for w, _, _ in warm),
        "best": min(w for w, _, _ in warm),
        "cpu": statistics.median(c for _, c, _ in warm),
        "mib": max(m for _, _, m in warm),
    }


def main() -> int:
    dest = None
    if "--out" in sys.argv:
        dest = Path(sys.argv[sys.argv.index("--out") + 1])
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        os.environ["ARGMAP_CACHE_DIR"] = str(base / "cache")
        corpus = generate(base / "corpus")
        add_cues(corpus)
        topics = list(topic_words().values())
        statements = base / "statements.yaml"
        statements.write_text(
            "".join(
                f'- {{text: "We hold that {topics[rng.randrange(200)]} is right.", '
                f"speaker: state{rng.randrange(30):02d}-fm, date: 2022-01-01}}\n"
                for _ in range(1000)
            ),
            encoding="utf-8",
        )
        one = [*ARGMAP, "check", SEED, "data", "--speaker", "lavrov", "--date", "2022-02-01"]
        many = [*ARGMAP, "check", "--file", str(statements), str(corpus), "--format", "json"]
        rows = [
            ("check on data/, warm cache", series(one, base / "one.txt", 7), 0.5),
            (
                "check --file, 1,000 statements, 10,000 claims, JSON",
                series(many, base / "many.json", 3),
                5.0,
            ),
        ]
        lines = []
        ok = True
        for name, r, target in rows:
            passed = r["median"] < target
            ok &= passed
            lines.append(
                f"{name}: wall median {r['median']:.2f} s, best {r['best']:.2f} s, CPU "
                f"{r['cpu']:.2f} s (target < {target} s: {'ok' if passed else 'MISSED'}); "
                f"cold {r['cold']:.2f} s; peak {r['mib']:.0f} MB"
            )
        load = os.getloadavg()[0]
        lines.append(f"load average during the run: {load:.1f} on {os.cpu_count()} cores")
    text = "\n".join(lines) + "\n"
    if dest:
        dest.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0 if ok or "--strict" not in sys.argv else 1


if __name__ == "__main__":
    raise SystemExit(main())
