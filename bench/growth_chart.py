#!/usr/bin/env python3
"""growth_chart.py TABLE.txt OUT.svg — draws bench/national's table as an SVG chart: seconds against
the number of provinces P for kcplan's whole solve and glpsol's and CBC's stage 1 (log scale); hollow points were stopped by a
time limit (kcplan: status limit)."""
import math
import sys


def main():
    rows = []
    for line in open(sys.argv[1]):
        f = line.split()
        if f and f[0].isdigit():
            rows.append((int(f[0]), float(f[3]), float(f[8].rstrip("+")), f[8].endswith("+"),
                         float(f[10].rstrip("+")), f[10].endswith("+"), f[4] != "optimal"))
    w, h, l, r, t, b = 640, 360, 60, 150, 20, 40
    ps = [x[0] for x in rows]
    lo, hi = 1e-3, 1e3

    def X(p):
        return l + (w - l - r) * (p - min(ps)) / max(1, max(ps) - min(ps))

    def Y(s):
        s = min(max(s, lo), hi)
        return t + (h - t - b) * (1 - (math.log10(s) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))

    out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">' % (w, h),
           '<rect width="100%" height="100%" fill="white"/>']
    for e in range(-3, 4):
        y = Y(10 ** e)
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%g s</text>'
                   % (l, w - r, y, y, l - 6, y + 4, 10 ** e))
    for p in ps:
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (X(p), h - b + 16, p))
    out.append('<text x="%d" y="%d" text-anchor="middle">provinces P</text>' % ((l + w - r) // 2, h - 6))
    y10 = Y(10)
    out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#c00" stroke-dasharray="5 4"/>' % (l, w - r, y10, y10))
    series = [("kcplan, all stages", "#1f5fa8", 1, 6), ("glpsol, stage 1", "#3a9d5d", 2, 3),
              ("CBC, stage 1", "#e08a1e", 4, 5)]
    for k, (name, col, i, lim) in enumerate(series):
        pts = " ".join("%.1f,%.1f" % (X(x[0]), Y(x[i])) for x in rows)
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (col, pts))
        for x in rows:
            hollow = lim is not None and x[lim]
            out.append('<circle cx="%.1f" cy="%.1f" r="4" fill="%s" stroke="%s"/>'
                       % (X(x[0]), Y(x[i]), "white" if hollow else col, col))
        ly = t + 16 * k + 8
        out.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"/><text x="%d" y="%d">%s</text>'
                   % (w - r + 8, w - r + 24, ly, ly, col, w - r + 28, ly + 4, name))
    out.append('<text x="%d" y="%d" fill="#c00">10 s target</text>' % (w - r + 8, t + 16 * 3 + 12))
    out.append('<text x="%d" y="%d" fill="#555">hollow: time limit</text>' % (w - r + 8, t + 16 * 4 + 12))
    out.append("</svg>")
    open(sys.argv[2], "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
