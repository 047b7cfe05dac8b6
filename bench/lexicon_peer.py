"""The peer client (mixpanel-headless) driving our emulated Lexicon endpoints; not run in CI, never a dependency.

    python bench/lexicon_peer.py                       # installs the peer into bench/.peer-venv on first use
    python bench/lexicon_peer.py --peer-python /tmp/peer/bin/python

One ``mpnb sandbox serve --state <new file>`` serves the default demo; the peer is pointed at it with its
``MP_APP_BASE_URL`` override and the sandbox's service account (as ``bench/vs_peer.py`` does). A child process in
the peer's venv calls each of the peer's data-dictionary methods once, in an order that makes what the next
call needs, and prints one JSON line per call: the method, ``ok`` or the error (type and first line). The table
at the end says which calls work against the sandbox and which do not.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from vs_peer import peer_python, serve  # noqa: E402

CHILD = r"""
import json, traceback
import mixpanel_headless as mh
from mixpanel_headless import types as t

ws = mh.Workspace()
state = {}
COND = [{"resourceType": "event", "value": "env", "filterType": "string", "filterOperator": "equals",
         "filterValue": "test"}]

def call(name, fn):
    try:
        value = fn()
        shown = type(value).__name__ + (f"[{len(value)}]" if isinstance(value, list) else "")
        print(json.dumps({"call": name, "ok": True, "got": shown}), flush=True)
        return value
    except Exception as exc:  # noqa: BLE001 - every failure is a row of the report
        line = (str(exc).strip().splitlines() or [""])[0][:160]
        print(json.dumps({"call": name, "ok": False, "error": f"{type(exc).__name__}: {line}"}), flush=True)
        return None

# events
call("get_event_definitions", lambda: ws.get_event_definitions(names=["Add to Cart", "add_to_cart"]))
call("update_event_definition", lambda: ws.update_event_definition(
    "add_to_cart", t.UpdateEventDefinitionParams(description="Legacy spelling", hidden=True, tags=["legacy"])))
call("bulk_update_event_definitions", lambda: ws.bulk_update_event_definitions(t.BulkUpdateEventsParams(
    events=[t.BulkEventUpdate(name="addToCart", hidden=True), t.BulkEventUpdate(name="Add To Cart", verified=False,
            contacts=["ana@example.com"])])))
call("delete_event_definition", lambda: ws.delete_event_definition("debug_log"))
# properties
call("get_property_definitions", lambda: ws.get_property_definitions(names=["email", "phone"], resource_type="event"))
call("get_property_definitions(user)", lambda: ws.get_property_definitions(names=["$email"], resource_type="user"))
call("update_property_definition", lambda: ws.update_property_definition(
    "email", t.UpdatePropertyDefinitionParams(sensitive=True, resource_type="Event")))
call("bulk_update_property_definitions", lambda: ws.bulk_update_property_definitions(t.BulkUpdatePropertiesParams(
    properties=[t.BulkPropertyUpdate(name="phone", resource_type="Event", sensitive=True),
                t.BulkPropertyUpdate(name="$phone", resource_type="User", sensitive=True)])))
# tags
call("list_lexicon_tags", ws.list_lexicon_tags)
tag = call("create_lexicon_tag", lambda: ws.create_lexicon_tag(t.CreateTagParams(name="peer-tag")))
if tag is not None:
    call("update_lexicon_tag", lambda: ws.update_lexicon_tag(tag.id, t.UpdateTagParams(name="peer-tag-2")))
call("delete_lexicon_tag", lambda: ws.delete_lexicon_tag("peer-tag-2"))
# drop filters
call("get_drop_filter_limits", ws.get_drop_filter_limits)
filters = call("list_drop_filters", ws.list_drop_filters)
if filters:
    call("delete_drop_filter", lambda: ws.delete_drop_filter(filters[0].id))
made = call("create_drop_filter", lambda: ws.create_drop_filter(t.CreateDropFilterParams(event_name="Noise",
                                                                                           filters=COND)))
if made:
    new = max(made, key=lambda f: f.id)
    call("update_drop_filter", lambda: ws.update_drop_filter(t.UpdateDropFilterParams(id=new.id, active=False)))
# custom events
ce = call("create_custom_event", lambda: ws.create_custom_event(t.CreateCustomEventParams(
    name="Peer Cart Added", alternatives=["Add to Cart", "add_to_cart"])))
call("list_custom_events", ws.list_custom_events)
if ce is not None:
    call("update_custom_event", lambda: ws.update_custom_event(ce.id, t.UpdateEventDefinitionParams(description="x")))
    call("delete_custom_event", lambda: ws.delete_custom_event(ce.id))
# custom properties
call("list_custom_properties", ws.list_custom_properties)
params = t.CreateCustomPropertyParams(name="Peer Double", resource_type="events", display_formula="A * 2",
    composed_properties={"A": t.ComposedPropertyValue(resource_type="event", value="amount")})
call("validate_custom_property", lambda: ws.validate_custom_property(params))
cp = call("create_custom_property", lambda: ws.create_custom_property(params))
if cp is not None:
    cpid = str(cp.custom_property_id)
    call("get_custom_property", lambda: ws.get_custom_property(cpid))
    call("update_custom_property", lambda: ws.update_custom_property(cpid, t.UpdateCustomPropertyParams(
        name="Peer Doubled", display_formula="A * 2",
        composed_properties={"A": t.ComposedPropertyValue(resource_type="event", value="amount")})))
    call("update_custom_property(name only)", lambda: ws.update_custom_property(
        cpid, t.UpdateCustomPropertyParams(name="Peer Renamed")))
    call("delete_custom_property", lambda: ws.delete_custom_property(cpid))
# per-event reads the sandbox does not emulate
call("get_tracking_metadata", lambda: ws.get_tracking_metadata("Purchase"))
call("get_event_history", lambda: ws.get_event_history("Purchase"))
call("get_property_history", lambda: ws.get_property_history("email", entity_type="event"))
call("export_lexicon", lambda: ws.export_lexicon())
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer-python", default=None, help="the peer's venv python (default: bench/.peer-venv)")
    ap.add_argument("--size", type=int, default=60, help="demo size of the served sandbox")
    args = ap.parse_args()
    peer = Path(args.peer_python) if args.peer_python else peer_python()
    if peer is None:
        raise SystemExit("the peer could not be installed")
    with tempfile.TemporaryDirectory() as tmp:
        proc, served = serve(args.size, 0.0, Path(tmp) / "peer.sqlite3")
        try:
            app = served["MPNB_BASE_URL"].rstrip("/")
            env = {
                "MP_USERNAME": served["MP_USERNAME"],
                "MP_SECRET": served["MP_SECRET"],
                "MP_PROJECT_ID": served["MP_PROJECT_ID"],
                "MP_REGION": "us",
                "MP_APP_BASE_URL": app,
                "MP_API_BASE_URL": app,
                "MP_CONFIG_PATH": str(Path(tmp) / "peer.toml"),
                "HOME": tmp,
                "PATH": "/usr/bin:/bin",
            }
            cmd = [str(peer), "-c", CHILD]
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=tmp)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not rows:
        raise SystemExit(f"the peer's run printed nothing: {done.stderr.strip()[-800:]}")
    print("| peer call | against `mpnb sandbox serve` |\n| --- | --- |")
    for r in rows:
        print(f"| `{r['call']}` | {'works (' + r['got'] + ')' if r['ok'] else 'fails: ' + r['error']} |")
    ok = sum(r["ok"] for r in rows)
    print(f"\n{ok} of {len(rows)} calls work")


if __name__ == "__main__":
    main()
