#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Walks the whole wizard through the accessibility tree, as a screen-reader
or keyboard user would: finds the buttons by their Vietnamese names and
presses them.  TAP output.  Run with Debian's /usr/bin/python3 (pyatspi is
a Debian package of the system Python) under
  xvfb-run -a dbus-run-session -- meson test gui-atspi
Usage: test-atspi.py PATH/TO/antam
"""

import os
import subprocess
import sys
import time

results = []


def tap(ok, description, diagnostic=None):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), description), flush=True)
    if diagnostic:
        for line in str(diagnostic).splitlines():
            print("# " + line, flush=True)


def skip_all(reason):
    print("1..0 # SKIP " + reason, flush=True)
    sys.exit(0)


if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    skip_all("no display: run under xvfb-run -a dbus-run-session")
if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    skip_all("no session bus: run under dbus-run-session")

try:
    import pyatspi
except ImportError as error:
    skip_all("pyatspi is missing (Debian package python3-pyatspi): %s" % error)

app_path = sys.argv[1]
env = dict(os.environ)
# No LANGUAGE, the C.UTF-8 locale and a fresh profile, as on a new office
# PC: the app speaks Vietnamese by default.
env.pop("LANGUAGE", None)
env.update({
    "NO_AT_BRIDGE": "0",
    "GTK_A11Y": "atspi",
    "GSETTINGS_BACKEND": "memory",
})
# Another instance on this bus would take the activation instead.
app = subprocess.Popen([app_path, "--training", "zoom-deb"], env=env)


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def showing(node):
    # GTK 4.8 sets no SHOWING state, and exposes the hidden pages of a stack
    # too: names are chosen to be unique where it matters, and each step is
    # confirmed by the "Bước N/T" subtitle of the header instead.
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def find_app(timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            child = desktop.getChildAtIndex(i)
            try:
                if child is not None and child.get_process_id() == app.pid:
                    return child
            except Exception:
                pass
        time.sleep(0.5)
    return None


def find(root, name, roles=(pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON), timeout=20, exact=True):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for node in walk(root):
            try:
                if node.getRole() not in roles or not showing(node):
                    continue
                label = node.name or ""
                if (label == name) if exact else (name in label):
                    return node
            except Exception:
                continue
        time.sleep(0.5)
    return None


def find_text(root, text, timeout=30):
    """Any showing object whose name contains text."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for node in walk(root):
            try:
                if showing(node) and text in (node.name or ""):
                    return node
            except Exception:
                continue
        time.sleep(0.5)
    return None


def press(root, name, **kwargs):
    button = find(root, name, **kwargs)
    if button is None:
        return False
    action = button.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate", "toggle"):
            action.doAction(i)
            return True
    action.doAction(0)
    return True


try:
    root = find_app()
    if root is None:
        skip_all("the app did not show up on the accessibility bus")

    import re

    def current_step(timeout=20):
        """The header says "Bước N/T": returns (N, T)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for node in walk(root):
                try:
                    if node.getRole() == pyatspi.ROLE_LABEL:
                        match = re.fullmatch(r"Bước (\d+)/(\d+)", node.name or "")
                        if match:
                            return int(match.group(1)), int(match.group(2))
                except Exception:
                    continue
            time.sleep(0.3)
        return None, None

    def wait_step(step, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if current_step(timeout=2)[0] == step:
                return True
            time.sleep(0.3)
        return False

    tap(find_text(root, "Chế độ tập huấn") is not None, "the training banner says it is training")

    def pressed(node):
        try:
            return node.getState().contains(pyatspi.STATE_PRESSED)
        except Exception:
            return False

    # GTK 4.8 shows a toggle button as a push button that may be pressed.
    vietnamese, english = find(root, "Tiếng Việt"), find(root, "English")
    tap(vietnamese is not None and english is not None and pressed(vietnamese) and not pressed(english),
        "the first run offers “Tiếng Việt” and “English”, Vietnamese pressed")
    first, total = current_step()
    tap(first == 1 and total is not None and total >= 8, "the wizard opens on step 1 of %s" % total)
    tap(press(root, "Bắt đầu") and wait_step(2), "“Bắt đầu” checks the computer and goes to step 2")
    tap(find_text(root, "Zoom đã được cài đặt") is not None, "step 2 shows that Zoom is installed")
    tap(find(root, "Gỡ bỏ…") is not None, "the Zoom finding offers “Gỡ bỏ…”")

    meetings = total - 3
    for step in range(3, meetings + 1):
        tap(press(root, "Tiếp tục") and wait_step(step), "“Tiếp tục” goes to step %d" % step)
    tap(find_text(root, "Họp trực tuyến") is not None, "step %d is about online meetings" % meetings)
    tap(press(root, "Có") and find_text(root, "Đã trả lời 1/") is not None,
        "a meeting question can be answered “Có”")

    for step in range(meetings + 1, total + 1):
        tap(press(root, "Tiếp tục") and wait_step(step), "“Tiếp tục” goes to step %d" % step)
    tap(find_text(root, "Việc cần làm") is not None, "the summary lists what to do")
    tap(press(root, "Quay lại") and wait_step(total - 1), "“Quay lại” goes back from the summary")

    # Every button a user can reach has a name: icon-only ones included.
    unnamed = []
    for node in walk(root):
        try:
            if node.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON) \
                    and showing(node) and not (node.name or "").strip():
                unnamed.append("%s in %s" % (node.getRoleName(), node.parent.getRoleName() if node.parent else "?"))
        except Exception:
            continue
    tap(not unnamed, "every button has an accessible name", "\n".join(unnamed))
    print("1..%d" % len(results), flush=True)
finally:
    app.terminate()
    try:
        app.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.kill()

sys.exit(0 if all(results) else 1)
