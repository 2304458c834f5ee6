"""Run by LibreOffice's own Python (it needs `uno`), not by pytest.

    python3 lo_redlines.py PROFILE_DIR FILE ACTION [FILE ACTION ...]

ACTION is "open", "accept" or "reject". Prints JSON: for each FILE/ACTION
pair, how many tracked changes LibreOffice counts on opening, and every
non-empty paragraph after the action as [list label, text]. One soffice
process serves all files.
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

ACTIONS = {"open": None, "accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(profile, pairs):
    pipe = f"clausegen{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            "--headless",
            "--invisible",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # not listening yet
            time.sleep(0.25)
    else:
        office.kill()
        raise SystemExit("LibreOffice did not start")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    dispatch = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    out = []
    try:
        for path, action in pairs:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, (prop("Hidden", True),)
            )
            count = doc.getRedlines().getCount()
            if ACTIONS[action]:
                dispatch.executeDispatch(doc.getCurrentController().getFrame(), ACTIONS[action], "", 0, ())
            paragraphs = []
            items = doc.getText().createEnumeration()
            while items.hasMoreElements():
                p = items.nextElement()
                if p.supportsService("com.sun.star.text.Paragraph"):
                    label, text = p.getPropertyValue("ListLabelString"), p.getString()
                    if text.strip() or label:
                        paragraphs.append([label, text])
            doc.close(True)
            out.append({"file": path, "action": action, "changes": count, "paragraphs": paragraphs})
    finally:
        try:
            desktop.terminate()
        except Exception:  # the bridge closes as LibreOffice quits
            pass
        office.wait(timeout=60)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], list(zip(sys.argv[2::2], sys.argv[3::2])))
