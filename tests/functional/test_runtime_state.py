"""Runtime state lives on the Pelican object or the generators, never in the settings (Pelican pickles the
settings into its content cache and keeps them between ``make devserver`` builds)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.sitebuild import ROOT

BUILD = textwrap.dedent("""\
    import json, sys
    sys.path.insert(0, {root!r})
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings({config!r}, override={override!r})
    pelican = Pelican(settings)
    before = dict(settings)
    for _ in range(2):  # a second build, as make devserver does
        pelican.run()
    print(json.dumps({{
        "added": sorted(key for key in settings if key not in before),
        "objects": sorted(key for key, value in settings.items() if type(value).__module__.startswith("plugins.")),
        "jinja": sorted(settings["JINJA_ENVIRONMENT"]),
        "early_run": type(getattr(pelican, "search_early", None)).__name__,
    }}))
""")


def test_a_cached_build_leaves_no_runtime_state_in_the_settings(tmp_path):
    override = {
        "PATH": str(ROOT / "content"),
        "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
    }
    script = BUILD.format(root=str(ROOT), config=str(ROOT / "pelicanconf.py"), override=override)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["added"] == [], "a build added settings"
    assert state["objects"] == [], "a plugin's object sits in the settings"
    assert "bytecode_cache" not in state["jinja"]
    assert state["early_run"] == "EarlyRun"  # the search plugin's early run is kept on the Pelican object
    assert list((tmp_path / "cache" / "jinja").glob("__jinja2_*.cache")), "compiled templates were not cached"
