#!/usr/bin/env python3
"""Which idiomatic forms does secretls miss? A matrix of container x form x kind.

For every container of generate.py, every form it writes a value in (its idiomatic
templates, its plain assignment, its one-line record, its Authorization header) and a few
kinds of value (context-dependent ones: generic password and secret, Datadog key, AWS secret
key; a prefixed GitHub token as a control), writes --samples files holding one generated
value each, scans them all with `secretls scan --format json` and prints each
(container, form, kind) whose detection rate is below 1, with the form shown with a
placeholder instead of the value. Nothing printed holds a value.

Usage: form_matrix.py SECRETLS [--samples 4] [--seed 1] [--symbols]
(--symbols: generic values may hold ! # ^ *, as password managers make them.)
"""
import argparse
import collections
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as g  # noqa: E402
import score  # noqa: E402
import secrets_gen as sg  # noqa: E402

KINDS = ["generic-password", "generic-secret", "datadog", "aws-secret-access-key", "github-pat"]


def value_for(kind, rng, symbols):
    if kind.startswith("generic-") and not symbols:
        return sg.pick(rng, sg.ALNUM, rng.randrange(18, 32))
    return sg.KINDS[kind][0](rng)


def forms_of(c):
    """(label, function(name, value) -> line) for each form of container c."""
    out = [("assign", lambda n, v: c.base_assign(n, v))]
    for t in c.forms:
        out.append((t, lambda n, v, t=t: g.fill(t, n, v)))
    if c.record([("label", "x"), ("k", "y")]) is not None and not isinstance(c, g.Java):
        # (Java's record is constructor arguments without names: no context to find.)
        out.append(("record", lambda n, v: c.record([("label", "Größe ✓"), (n, v)])))
    for t in c.header_forms:
        out.append((t, lambda n, v, t=t: g.fill(t, "x", v)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--samples", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--symbols", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    random.seed(args.seed)
    planted = []  # (path, start, end, container, form, kind)
    with tempfile.TemporaryDirectory(prefix="secretls-forms-") as root:
        n = 0
        for cls in g.CONTAINERS:
            c = cls()
            for label, form in forms_of(c):
                for kind in KINDS:
                    if kind.startswith("generic") or kind in ("datadog",
                                                               "aws-secret-access-key"):
                        if label in c.header_forms:
                            continue  # headers carry tokens, not passwords
                    for _ in range(args.samples):
                        value = value_for(kind, rng, args.symbols)
                        name = rng.choice(sg.KINDS[kind][1])
                        line = form(name, value)
                        text = "\n".join(c.header + [line] + c.footer) + "\n"
                        rel = "c%05d/%s" % (n, c.names[0] if c.names else "file" + c.ext)
                        n += 1
                        os.makedirs(os.path.join(root, os.path.dirname(rel)))
                        data = text.encode("utf-8")
                        start = data.find(value.encode())
                        with open(os.path.join(root, rel), "wb") as fh:
                            fh.write(data)
                        planted.append((rel, start, start + len(value.encode()), cls.__name__,
                                        label, kind))
        found = score.cli_findings(args.binary, root)
    rate = collections.defaultdict(lambda: [0, 0])
    for rel, s, e, cname, label, kind in planted:
        hit = any(score.overlaps(a, b, s, e) for a, b, _ in found.get(rel, []))
        rate[(cname, label, kind)][0] += hit
        rate[(cname, label, kind)][1] += 1
    total = sum(v[1] for v in rate.values())
    hits = sum(v[0] for v in rate.values())
    print("%d values in %d forms: %d found (%.3f)" % (total, len(rate), hits, hits / total))
    for (cname, label, kind), (h, t) in sorted(rate.items()):
        if h < t:
            print("  %-11s %-22s %d/%d  %s" % (cname, kind, h, t, label.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
