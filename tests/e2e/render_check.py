#!/usr/bin/env python3
"""render_check.py — renders HTML pages in headless Chromium through ChromeDriver (the W3C
WebDriver protocol over HTTP; Debian packages chromium and chromium-driver) and checks that each
page shows something (the screenshot is not blank), that the browser console holds no error, and,
for a report with a sweep, that moving the slider changes the plan shown; that on a phone (390 px
wide) and on paper nothing is cut off (wide tables and charts scroll inside their box), chart
labels stay legible and no file name of the sources footer breaks; and that it prints (the
browser's print to PDF on A4 gives between 1 and 30 pages).

    render_check.py PAGE.html [--slider] [--png OUT.png]...

Exit 0 when every page passes, 1 otherwise, 77 (skipped) when Chromium or ChromeDriver is missing."""
import base64
import json
import re
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zlib

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Driver:
    def __init__(self):
        self.port = free_port()
        self.proc = subprocess.Popen([DRIVER, "--port=%d" % self.port], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.base = "http://127.0.0.1:%d" % self.port
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": CHROMIUM, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1200,1000", "--hide-scrollbars"]}}}}
        self.sid = self.call("POST", "/session", caps)["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read().decode() or "{}")

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.sid, path), body)["value"]

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def quit(self):
        try:
            self.call("DELETE", "/session/" + self.sid)
        finally:
            self.proc.terminate()
            self.proc.wait()


def png_pixels(data):
    """Decodes an 8-bit RGB/RGBA PNG (what Chromium writes) into (width, height, rows of bytes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and ctype in (2, 6), "unexpected PNG format"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def not_blank(png):
    """The share of pixels that are not the background colour, and the number of distinct colours."""
    w, h, bpp, rows = png_pixels(png)
    bg = rows[0][:3]
    other, colours = 0, set()
    for y in range(0, h, 2):
        r = rows[y]
        for x in range(0, w, 2):
            px = r[x * bpp:x * bpp + 3]
            colours.add(px)
            other += px != bg
    return other / ((h // 2) * (w // 2)), len(colours)


LAYOUT = """
var out = [], de = document.documentElement, vw = window.innerWidth;
if (de.scrollWidth > vw + 1) out.push('the page is ' + de.scrollWidth + ' px wide in a ' + vw + ' px window');
document.querySelectorAll('table, svg').forEach(function (t) {
  var box = t.parentElement, w = t.getBoundingClientRect().width;
  if (w > box.clientWidth + 1 && getComputedStyle(box).overflowX != 'auto' && getComputedStyle(box).overflowX != 'scroll')
    out.push((t.id || t.tagName) + ' (' + Math.round(w) + ' px) is cut off by its box (' + box.clientWidth + ' px)');
});
var small = 0, least = 99;
document.querySelectorAll('svg text').forEach(function (x) {
  var px = parseFloat(getComputedStyle(x).fontSize) * x.getScreenCTM().a;
  if (x.textContent.trim() && px < 9) small++;
  if (x.textContent.trim()) least = Math.min(least, px);
});
if (small) out.push(small + ' chart labels are smaller than 9 px (the least ' + least.toFixed(1) + ' px)');
document.querySelectorAll('footer .file > span').forEach(function (f) {
  var lines = {};
  Array.prototype.forEach.call(f.getClientRects(), function (r) { lines[Math.round(r.top)] = 1; });
  if (Object.keys(lines).length > 1) out.push('the file name ' + f.parentElement.textContent + ' breaks inside ' + f.textContent);
});
return out;
"""


def phone_and_paper(drv):
    """At 390 px wide (a phone) the page is no wider than the screen: tables and charts wider than
    it scroll inside their own box; chart labels are at least 9 px; a file name of the sources
    footer stays on one line. The same on paper (print media, an A4 page's width)."""
    errors = []
    for width, media in ((390, "screen"), (700, "print")):
        drv.s("POST", "/window/rect", {"width": width, "height": 900})
        drv.s("POST", "/goog/cdp/execute", {"cmd": "Emulation.setEmulatedMedia", "params": {"media": media}})
        inner = drv.js("return window.innerWidth")
        for e in drv.js(LAYOUT):
            errors.append("%s, %d px: %s" % (media, inner, e))
    drv.s("POST", "/goog/cdp/execute", {"cmd": "Emulation.setEmulatedMedia", "params": {"media": ""}})
    drv.s("POST", "/window/rect", {"width": 1200, "height": 1000})
    return errors


def check(drv, page, slider, png_out):
    errors = []
    drv.s("POST", "/url", {"url": "file://" + os.path.abspath(page)})
    if drv.js("return document.readyState") != "complete":
        time.sleep(1)
    shot = base64.b64decode(drv.s("GET", "/screenshot"))
    share, colours = not_blank(shot)
    if share < 0.02 or colours < 8:
        errors.append("the screenshot looks blank (%.1f%% non-background pixels, %d colours)" % (100 * share, colours))
    if png_out:
        open(png_out, "wb").write(shot)
    svgs = drv.js("return document.querySelectorAll('svg rect, svg polyline').length")
    if not page.endswith("proposal.html") and svgs == 0 and "report" in os.path.basename(page):
        errors.append("the report has no chart")
    if slider:
        n = drv.js("return +document.getElementById('sweep-slider').max")
        first = drv.js("return document.getElementById('sweep-body').textContent + document.getElementById('sweep-info').textContent")
        changed = False
        for k in (0, n // 2, n):
            drv.js("var s=document.getElementById('sweep-slider');s.value=arguments[0];"
                   "s.dispatchEvent(new Event('input'))", k)
            now = drv.js("return document.getElementById('sweep-body').textContent + document.getElementById('sweep-info').textContent")
            changed |= now != first
            rows = drv.js("return document.querySelectorAll('#sweep-body tr').length")
            info = drv.js("return document.getElementById('sweep-info').textContent")
            if not info:
                errors.append("the slider at %d shows nothing" % k)
            if rows == 0 and "no plan" not in info and "không có phương án" not in info:
                errors.append("the slider at %d shows no plan rows" % k)
        if n > 0 and not changed:
            errors.append("moving the slider changes nothing")
    errors += phone_and_paper(drv)
    # it prints: the browser's print to PDF gives whole pages, not an empty document
    pdf = base64.b64decode(drv.s("POST", "/print", {"page": {"width": 21.0, "height": 29.7}}))
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    if not pdf.startswith(b"%PDF") or pages < 1 or pages > 30:
        errors.append("printing gives %d pages" % pages)
    try:
        log = drv.s("POST", "/se/log", {"type": "browser"})
    except Exception:  # older drivers: GET /log
        log = drv.s("POST", "/log", {"type": "browser"})
    for entry in log:
        if entry.get("level") in ("SEVERE", "ERROR", "WARNING"):
            errors.append("console: " + entry.get("message", ""))
    return errors


def main():
    args = sys.argv[1:]
    if not (shutil.which(CHROMIUM) and shutil.which(DRIVER)):
        print("skipped: %s or %s is missing (apt-get install chromium chromium-driver)" % (CHROMIUM, DRIVER))
        sys.exit(77)
    pages = []
    i = 0
    while i < len(args):
        if args[i] == "--slider":
            pages[-1][1] = True
        elif args[i] == "--png":
            pages[-1][2] = args[i + 1]
            i += 1
        else:
            pages.append([args[i], False, None])
        i += 1
    drv = Driver()
    failed = 0
    try:
        for page, slider, png in pages:
            errs = check(drv, page, slider, png)
            for e in errs:
                print("FAIL %s: %s" % (page, e))
            if not errs:
                print("ok: %s renders%s and prints, no console errors" % (page, " and its slider works" if slider else ""))
            failed += bool(errs)
    finally:
        drv.quit()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
