#!/usr/bin/env python3
"""Times the dashboard in headless Chromium (W3C WebDriver through chromedriver; no other dependency).

    bench/dashboard-timing.py [BASE=http://127.0.0.1:8080] [TOKEN=$GATEWAY_ADMIN_TOKEN] [GATEWAY=default] [ROUNDS=5]

Prints: the sign-in page's DOM-interactive time and when its form is shown; after sign-in, ROUNDS times: how long
until the overview of GATEWAY over 30 days shows its totals and charts, until the logs explorer shows its first
page, and until it shows the first page filtered by two filters (model gpt-4o-mini and metadata user = user-42, the
rows bench/seed-logs.sh writes); then the medians. Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian
packages chromium, chromium-driver).
"""
import json, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
TOKEN = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("GATEWAY_ADMIN_TOKEN", "")
GATEWAY = sys.argv[3] if len(sys.argv) > 3 else "default"
ROUNDS = int(sys.argv[4]) if len(sys.argv) > 4 else 5


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


def round_ms(value):
    return round(value)


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
        js("var g = document.getElementById('gateway'); g.value = arguments[0];"
           "g.dispatchEvent(new Event('change'));", GATEWAY)
        wait("return !!document.getElementById('total-requests')")
        figures = {"overview": [], "logs": [], "filtered": []}
        for round in range(ROUNDS):
            # the overview of the gateway over 30 days: from the click to totals and four charts on screen
            js("location.hash = '#/overview';")
            wait("return !!document.querySelector('button[data-range=\"30d\"]')")
            js("window.__t0 = performance.now(); document.querySelector('button[data-range=\"30d\"]').click();")
            wait("return !!document.getElementById('total-requests') && document.querySelectorAll('.chart canvas').length >= 4"
                 " && document.querySelector('button[data-range=\"30d\"]').classList.contains('on')")
            figures["overview"].append(round_ms(js("return performance.now() - window.__t0")))
            total = js("return document.querySelector('#total-requests .v').textContent")
            # the logs explorer's first page, then the first page with two filters
            js("window.__t0 = performance.now(); location.hash = '#/logs';")
            wait("var s = document.getElementById('log-status'); return !!s && /logs shown|No logs/.test(s.textContent)")
            figures["logs"].append(round_ms(js("return performance.now() - window.__t0")))
            js("document.getElementById('f-model').value = 'gpt-4o-mini';"
               "document.getElementById('f-meta-key').value = 'user';"
               "document.getElementById('f-meta-value').value = 'user-42';"
               "window.__t0 = performance.now(); document.getElementById('apply-filters').click();")
            wait("var s = document.getElementById('log-status'); var v = document.getElementById('f-meta-value');"
                 " return !!s && !!v && v.value === 'user-42' && /logs shown|No logs/.test(s.textContent)")
            figures["filtered"].append(round_ms(js("return performance.now() - window.__t0")))
            status = js("return document.getElementById('log-status').textContent")
            js("document.getElementById('clear-filters').click();")
            print(f"round {round + 1}: overview 30 days {figures['overview'][-1]} ms (requests = {total}); "
                  f"logs first page {figures['logs'][-1]} ms; two filters {figures['filtered'][-1]} ms ({status})")
        for name, values in figures.items():
            print(f"median {name}: {statistics.median(values)} ms (min {min(values)}, max {max(values)})")
        call(port, "DELETE", s)
    finally:
        driver.terminate()
        driver.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
