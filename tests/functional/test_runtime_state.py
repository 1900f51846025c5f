"""Runtime state lives on the Pelican object or the generators, never in the settings (Pelican pickles the
settings into its content cache and keeps them between ``make devserver`` builds)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

from tests.sitebuild import ROOT

BUILD = textwrap.dedent("""\
    import json, logging, pickle, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from pelican import Pelican
    from pelican.settings import read_settings
    from plugins.pelican_compat import reset_log_limits

    messages = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    logging.getLogger("plugins").addHandler(handler)
    logging.getLogger("plugins").setLevel(logging.INFO)

    def extensions_state(settings):
        return [(type(item).__name__, pickle.dumps(item.__dict__)) for item in settings["MARKDOWN"]["extensions"]
                if type(item).__module__.startswith("plugins.")]

    settings = read_settings({config!r}, override={override!r})
    pelican = Pelican(settings)
    before = dict(settings)
    extensions = extensions_state(settings)
    pelican.run()
    glossary = Path(settings["PATH"]) / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "- name: runtime state\\n  definition: Kept apart.\\n")
    messages.clear()
    reset_log_limits()  # Pelican logs each text once a process: the first build said it too (no cache yet)
    pelican.run()  # a second build, as make devserver does, after the glossary's terms changed
    print(json.dumps({{
        "added": sorted(key for key in settings if key not in before),
        "changed": sorted(key for key in before if settings.get(key) is not before[key]),
        "objects": sorted(key for key, value in settings.items() if type(value).__module__.startswith("plugins.")),
        "extensions": [name for name, _ in extensions_state(settings)],
        "extensions_unchanged": extensions_state(settings) == extensions,
        "load_content_cache": settings["LOAD_CONTENT_CACHE"],
        "reread": any("reading every file again" in message for message in messages),
        "jinja": sorted(settings["JINJA_ENVIRONMENT"]),
        "early_run": type(getattr(pelican, "search_early", None)).__name__,
    }}))
""")


def test_a_cached_build_leaves_no_runtime_state_in_the_settings(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    override = {
        "PATH": str(content),
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
    assert state["changed"] == [], "a build replaced settings"
    assert state["objects"] == [], "a plugin's object sits in the settings"
    # MARKDOWN holds configuration only: the callouts' and figures' extensions, unchanged by two builds; the
    # glossary's extension, which carries a build's terms, is given to the readers, never put in MARKDOWN.
    assert sorted(state["extensions"]) == ["CalloutsExtension", "FiguresExtension"]
    assert state["extensions_unchanged"]
    # The glossary's terms changed: the content cache was not used, and LOAD_CONTENT_CACHE was left alone.
    assert state["reread"] and state["load_content_cache"] is True
    assert "bytecode_cache" not in state["jinja"]
    assert state["early_run"] == "EarlyRun"  # the search plugin's early run is kept on the Pelican object
    assert list((tmp_path / "cache" / "jinja").glob("__jinja2_*.cache")), "compiled templates were not cached"
