#!/usr/bin/env python3
"""Times the dashboard in headless Chromium (W3C WebDriver through chromedriver; no other dependency).

    bench/dashboard-timing.py [BASE=http://127.0.0.1:8080] [TOKEN=$GATEWAY_ADMIN_TOKEN] [GATEWAY=default]

Prints: the sign-in page's DOM-interactive time; after sign-in, how long until the overview of GATEWAY over 30 days
shows its totals and charts; how long until the logs explorer shows its first page. Needs /usr/bin/chromium and
/usr/bin/chromedriver (Debian packages chromium, chromium-driver).
"""
import json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
TOKEN = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("GATEWAY_ADMIN_TOKEN", "")
GATEWAY = sys.argv[3] if len(sys.argv) > 3 else "default"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())["value"]


def main():
    port = free_port()
    profile = tempfile.mkdtemp(prefix="aigw-timing-")
    driver = subprocess.Popen(["/usr/bin/chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                call(port, "GET", "/status")
                break
            except Exception:
                time.sleep(0.1)
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", f"--user-data-dir={profile}"]
        sid = call(port, "POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}})["sessionId"]
        s = f"/session/{sid}"

        def js(script, *a):
            return call(port, "POST", s + "/execute/sync", {"script": script, "args": list(a)})

        def wait(script, timeout=30):
            t0 = time.monotonic()
            while time.monotonic() - t0 < timeout:
                if js(script):
                    return
                time.sleep(0.01)
            raise SystemExit("timed out waiting for: " + script)

        call(port, "POST", s + "/url", {"url": BASE + "/dashboard/"})
        wait("return !document.getElementById('signin-view').hidden")
        interactive = js("var t = performance.getEntriesByType('navigation')[0]; return Math.round(t.domInteractive);")
        print(f"sign-in page: DOM interactive {interactive} ms, form shown "
              f"{js('return Math.round(performance.now())')} ms after navigation start")
        js("document.getElementById('token').value = arguments[0];"
           "document.getElementById('signin-form').requestSubmit();", TOKEN)
        wait("return !document.getElementById('app-view').hidden && document.getElementById('gateway').options.length > 1")
        # the overview of the gateway over 30 days: from the click to totals and four charts on screen
        js("var g = document.getElementById('gateway'); g.value = arguments[0];"
           "window.__t0 = performance.now(); g.dispatchEvent(new Event('change'));", GATEWAY)
        wait("return !!document.getElementById('total-requests')")
        js("window.__t0 = performance.now(); document.querySelector('button[data-range=\"30d\"]').click();")
        wait("return !!document.getElementById('total-requests') && document.querySelectorAll('.chart canvas').length >= 4"
             " && document.querySelector('button[data-range=\"30d\"]').classList.contains('on')")
        took = round(js("return performance.now() - window.__t0"))
        total = js("return document.querySelector('#total-requests .v').textContent")
        print(f"overview, 30 days: totals and charts {took} ms after the click; requests = {total}")
        js("window.__t0 = performance.now(); location.hash = '#/logs';")
        wait("var s = document.getElementById('log-status'); return !!s && /logs shown|No logs/.test(s.textContent)")
        took = round(js("return performance.now() - window.__t0"))
        status = js("return document.getElementById('log-status').textContent")
        print(f"logs explorer: first page {took} ms after the click; {status}")
        call(port, "DELETE", s)
    finally:
        driver.terminate()
        driver.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
