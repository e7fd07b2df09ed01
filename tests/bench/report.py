# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Tables and goal verdicts over proxybench-style result lines (key=value).
#
#   report.py table FILE MODE METRIC [--base LABEL] [--ref LABEL]
#       [--where K=V]... [--fmt %.1f] [--title TEXT]
#   report.py goal FILE TEXT --label L --mode M --metric K --op OP --value V
#       [--where K=V]... [--vs LABEL[,LABEL...]] [--unit U]
#
# "table" prints, per label, the median (min-max) of METRIC and the median of
# the per-round ratios to --base and --ref (same round, same --where). It is
# for the modes proxybench summarize does not know (ab, dnsperf, ftp, pop3).
# "goal" prints one verdict line: the median of METRIC (or of its per-round
# ratio to --vs; with several labels, to the best of them in that round)
# compared with V. Only status=ok lines count.
import argparse
import statistics
import sys


def load(path):
    recs = []
    with open(path) as f:
        for line in f:
            if not line.startswith("mode="):
                continue
            r = {}
            for tok in line.split():
                k, sep, v = tok.partition("=")
                if sep:
                    r[k] = v
            if r.get("status") == "ok" and "label" in r:
                recs.append(r)
    return recs


def num(r, k):
    try:
        return float(r[k])
    except (KeyError, ValueError):
        return None


def select(recs, mode, where):
    out = []
    for r in recs:
        if r.get("mode") != mode:
            continue
        if all(r.get(k) == v for k, v in where):
            out.append(r)
    return out


def by_round(recs, label, metric):
    """round -> value (the last one if a round has several)."""
    m = {}
    for r in recs:
        if r["label"] == label:
            v = num(r, metric)
            if v is not None:
                m[r.get("round", "0")] = v
    return m


def ratios(recs, label, metric, vs, higher_better=True):
    """Per-round ratio of label to the best of the vs labels."""
    mine = by_round(recs, label, metric)
    others = [by_round(recs, o, metric) for o in vs]
    out = []
    for rnd, x in sorted(mine.items()):
        ys = [o[rnd] for o in others if rnd in o and o[rnd] > 0]
        if not ys:
            continue
        y = max(ys) if higher_better else min(ys)
        out.append(x / y)
    return out


def parse_where(items):
    w = []
    for it in items or []:
        k, _, v = it.partition("=")
        w.append((k, v))
    return w


def rng(vals, fmt):
    if not vals:
        return "-"
    return "%s (%s–%s)" % (fmt % statistics.median(vals), fmt % min(vals),
                           fmt % max(vals))


def cmd_table(a):
    recs = select(load(a.file), a.mode, parse_where(a.where))
    labels = []
    for r in recs:
        if r["label"] not in labels:
            labels.append(r["label"])
    if not labels:
        print("\n(no %s results)" % a.mode)
        return
    hdr = "| system | runs | %s median (min–max) |" % a.metric
    sep = "|---|---|---|"
    if a.base:
        hdr += " vs %s |" % a.base
        sep += "---|"
    if a.ref:
        hdr += " vs %s |" % a.ref
        sep += "---|"
    print("\n### %s\n" % (a.title or a.mode))
    print(hdr)
    print(sep)
    for lab in labels:
        vals = [num(r, a.metric) for r in recs if r["label"] == lab]
        vals = [v for v in vals if v is not None]
        row = "| %s | %d | %s |" % (lab, len(vals), rng(vals, a.fmt))
        for other in (a.base, a.ref):
            if not other:
                continue
            rr = ratios(recs, lab, a.metric, [other])
            row += " %s |" % (rng(rr, "%.2f") if lab != other else "1")
        print(row)


OPS = {
    ">=": lambda x, v: x >= v,
    "<=": lambda x, v: x <= v,
    ">": lambda x, v: x > v,
    "<": lambda x, v: x < v,
}


def cmd_goal(a):
    recs = select(load(a.file), a.mode, parse_where(a.where))
    if a.vs:
        vs = [v for v in a.vs.split(",") if v]
        vals = ratios(recs, a.label, a.metric, vs)
        what = "x " + ("the faster of " + " and ".join(vs) if len(vs) > 1
                       else vs[0])
    else:
        vals = [num(r, a.metric) for r in recs if r["label"] == a.label]
        vals = [v for v in vals if v is not None]
        what = " " + a.unit if a.unit else ""
    if not vals:
        print("GOAL %s: no data" % a.text)
        return 2
    med = statistics.median(vals)
    ok = OPS[a.op](med, a.value)
    print("GOAL %s: %s (median %.3g%s, %d runs, %.3g–%.3g)" % (
        a.text, "met" if ok else "NOT MET", med, what, len(vals),
        min(vals), max(vals)))
    return 0 if ok else 1


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("table")
    t.add_argument("file")
    t.add_argument("mode")
    t.add_argument("metric")
    t.add_argument("--base")
    t.add_argument("--ref")
    t.add_argument("--where", action="append")
    t.add_argument("--fmt", default="%.1f")
    t.add_argument("--title")
    g = sub.add_parser("goal")
    g.add_argument("file")
    g.add_argument("text")
    g.add_argument("--label", required=True)
    g.add_argument("--mode", required=True)
    g.add_argument("--metric", required=True)
    g.add_argument("--op", required=True, choices=sorted(OPS))
    g.add_argument("--value", required=True, type=float)
    g.add_argument("--where", action="append")
    g.add_argument("--vs")
    g.add_argument("--unit", default="")
    a = p.parse_args()
    if a.cmd == "table":
        cmd_table(a)
        return 0
    return cmd_goal(a)


if __name__ == "__main__":
    sys.exit(main())
