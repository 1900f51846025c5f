"""What several plugins share: not a plugin itself (never in ``PLUGINS``), and no Pelican signals."""

from .errors import SourceError
from .frontmatter import front_matter_lines, line_in, line_of_key
from .settings import PluginSettings, one_of

__all__ = ["PluginSettings", "SourceError", "front_matter_lines", "line_in", "line_of_key", "one_of"]
